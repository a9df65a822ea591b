//! The `#[edgeapi::openapi]` attribute; use it through the `edgeapi` crate.
//!
//! Put on a handler, it adds the handler's doc comment and the JSON Schemas of its argument
//! and return types to the app's OpenAPI document. The handler keeps its name, arguments
//! and body; its result is wrapped in `edgeapi::openapi::Documented`, which answers exactly
//! as the wrapped value does and carries the description.
//!
//! Why a wrapper: the schemas are only known where the types are written out, and the
//! router stores the function whose result type is the one place the description can ride.

mod validate;

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{
    Attribute, Error, Expr, ExprLit, FnArg, ItemFn, Lit, LitInt, LitStr, Meta, ReturnType, Type,
};

/// Enforces the constraints declared on a struct's fields with `#[validate(...)]`; see
/// `edgeapi::validate` for the words it reads.
#[proc_macro_attribute]
pub fn validate(args: TokenStream, item: TokenStream) -> TokenStream {
    if !args.is_empty() {
        let args = TokenStream2::from(args);
        return Error::new_spanned(args, "#[edgeapi::validate] takes no options")
            .to_compile_error()
            .into();
    }
    match syn::parse::<syn::ItemStruct>(item) {
        Ok(item) => validate::expand(item)
            .unwrap_or_else(Error::into_compile_error)
            .into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// Adds a handler's doc comment and types to the app's OpenAPI document.
///
/// Options, all optional: `status = 201` (the success status), `tag = "items"` (may repeat),
/// `response(404, "Item not found")` (another answer; may repeat), `operation_id = "..."`,
/// `deprecated`, `include_in_schema = false`.
#[proc_macro_attribute]
pub fn openapi(args: TokenStream, item: TokenStream) -> TokenStream {
    let options = match Options::parse(args.into()) {
        Ok(options) => options,
        Err(err) => return err.to_compile_error().into(),
    };
    let function = match syn::parse::<ItemFn>(item) {
        Ok(function) => function,
        Err(err) => return err.to_compile_error().into(),
    };
    expand(options, function)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// The attribute's `key = value` options.
#[derive(Default)]
struct Options {
    status: Option<LitInt>,
    tags: Vec<LitStr>,
    operation_id: Option<LitStr>,
    deprecated: bool,
    hidden: bool,
    responses: Vec<(LitInt, LitStr)>,
}

impl Options {
    fn parse(args: TokenStream2) -> syn::Result<Self> {
        let mut options = Options::default();
        let parser = syn::meta::parser(|meta| {
            if meta.path.is_ident("status") {
                options.status = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("tag") {
                options.tags.push(meta.value()?.parse()?);
            } else if meta.path.is_ident("operation_id") {
                options.operation_id = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("deprecated") {
                options.deprecated = true;
            } else if meta.path.is_ident("response") {
                let content;
                syn::parenthesized!(content in meta.input);
                let status: LitInt = content.parse()?;
                content.parse::<syn::Token![,]>()?;
                options.responses.push((status, content.parse()?));
            } else if meta.path.is_ident("include_in_schema") {
                let include: syn::LitBool = meta.value()?.parse()?;
                options.hidden = !include.value;
            } else {
                return Err(meta.error(
                    "unknown option; expected `status`, `tag`, `response(404, \"...\")`, \
                     `operation_id`, `deprecated` or `include_in_schema`",
                ));
            }
            Ok(())
        });
        parser.parse2(args)?;
        Ok(options)
    }

    /// Statements that apply the options to `op`.
    fn apply(&self) -> TokenStream2 {
        let mut out = TokenStream2::new();
        if let Some(status) = &self.status {
            out.extend(quote! { op.set_status(#status); });
        }
        for tag in &self.tags {
            out.extend(quote! { op.add_tag(#tag); });
        }
        if let Some(id) = &self.operation_id {
            out.extend(quote! { op.set_operation_id(#id); });
        }
        if self.deprecated {
            out.extend(quote! { op.set_deprecated(); });
        }
        if self.hidden {
            out.extend(quote! { op.hide(); });
        }
        for (status, description) in &self.responses {
            out.extend(quote! { op.add_response(#status, #description); });
        }
        out
    }
}

fn expand(options: Options, function: ItemFn) -> syn::Result<TokenStream2> {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = function;
    if !sig.generics.params.is_empty() {
        return Err(Error::new(
            sig.generics.span(),
            "#[edgeapi::openapi] handlers cannot be generic: the document needs their types",
        ));
    }
    let name = &sig.ident;
    let description_type = format_ident!("__{}_openapi", name);

    let mut arg_names = Vec::new();
    let mut arg_types = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(typed) = input else {
            return Err(Error::new(
                input.span(),
                "#[edgeapi::openapi] goes on free functions, not methods",
            ));
        };
        if contains_impl_trait(&typed.ty) {
            return Err(Error::new(
                typed.ty.span(),
                "#[edgeapi::openapi] needs nameable argument types, not `impl Trait`",
            ));
        }
        arg_names.push(format_ident!("__edgeapi_arg{}", index));
        arg_types.push((*typed.ty).clone());
    }

    let result_type: Type = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    // Every type written in the signature, outermost and nested (`Query<Search>` and
    // `Search`), has its schema registered if it has one; `impl IntoResponse` cannot be
    // named outside the function, so its schema stays unknown.
    let mut named = Vec::new();
    for ty in arg_types.iter().chain([&result_type]) {
        nameable_types(ty, &mut named);
    }
    let registrations = named.iter().map(|ty| {
        quote! { (&&::edgeapi::openapi::__private::Probe::<#ty>::NEW).register(op); }
    });
    let checks = signature_checks(&arg_types, &result_type);

    let (doc_attrs, other_attrs): (Vec<&Attribute>, Vec<&Attribute>) =
        attrs.iter().partition(|attr| attr.path().is_ident("doc"));
    let (summary, description) = summary_and_description(&doc_attrs);
    let summary = option_tokens(summary);
    let description = option_tokens(description);
    let name_text = LitStr::new(&name.to_string(), Span::call_site());
    let options = options.apply();

    let asyncness = &sig.asyncness;
    let call = if asyncness.is_some() {
        quote! { #name(#(#arg_names),*).await }
    } else {
        quote! { #name(#(#arg_names),*) }
    };
    let inner_sig = &sig;
    Ok(quote! {
        #(#attrs)*
        #vis #asyncness fn #name(#(#arg_names: #arg_types),*)
            -> ::edgeapi::openapi::Documented<#result_type, #description_type>
        {
            #(#other_attrs)*
            #inner_sig #block
            ::edgeapi::openapi::Documented::new(#call)
        }

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #description_type;

        // Each argument and the result checked where they are written, so that a type
        // which is not an extractor or a response is named in the error.
        const _: fn() = || { #checks };

        impl ::edgeapi::openapi::Describe for #description_type {
            fn describe(op: &mut ::edgeapi::openapi::Operation<'_>) {
                #[allow(unused_imports)]
                use ::edgeapi::openapi::__private::{WithSchema, WithoutSchema};
                op.set_docs(#name_text, #summary, #description);
                #options
                #( #registrations )*
            }
        }
    })
}

/// Splits a doc comment as rustdoc does: the first paragraph is the summary.
fn summary_and_description(docs: &[&Attribute]) -> (Option<String>, Option<String>) {
    let lines: Vec<String> = docs
        .iter()
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        // `///` lines arrive one attribute each (a blank one as ""), `/** */` as one.
        .flat_map(|text| {
            text.split('\n')
                .map(|line| line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let text = lines.join("\n");
    let text = text.trim();
    if text.is_empty() {
        return (None, None);
    }
    let (first, rest) = text.split_once("\n\n").unwrap_or((text, ""));
    let summary = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = rest.trim();
    (Some(summary), (!rest.is_empty()).then(|| rest.to_owned()))
}

fn option_tokens(text: Option<String>) -> TokenStream2 {
    match text {
        Some(text) => quote! { ::core::option::Option::Some(#text) },
        None => quote! { ::core::option::Option::None },
    }
}

/// Calls that compile only when each argument is an extractor (only the last may read the
/// body) and the result a response, each spanned at its type in the signature.
fn signature_checks(args: &[Type], result: &Type) -> TokenStream2 {
    let mut checks = TokenStream2::new();
    if let Some((last, parts)) = args.split_last() {
        for ty in parts {
            checks.extend(quote_spanned! {ty.span()=>
                ::edgeapi::openapi::__private::part_argument::<#ty>();
            });
        }
        checks.extend(quote_spanned! {last.span()=>
            ::edgeapi::openapi::__private::last_argument::<#last, _>();
        });
    }
    if !contains_impl_trait(result) {
        checks.extend(quote_spanned! {result.span()=>
            ::edgeapi::openapi::__private::response::<#result>();
        });
    }
    checks
}

/// `ty` and every type nested in it (generic arguments, tuple elements, referents), each
/// once, outermost first; types that cannot be named outside the function (`impl Trait`)
/// are left out with what they contain.
fn nameable_types(ty: &Type, out: &mut Vec<Type>) {
    if contains_impl_trait(ty) {
        // The `impl` part cannot be named, but what sits beside it can.
        match ty {
            Type::Path(path) => generic_arguments(path, out),
            Type::Tuple(tuple) => tuple
                .elems
                .iter()
                .for_each(|elem| nameable_types(elem, out)),
            _ => {}
        }
        return;
    }
    let key = ty.to_token_stream().to_string();
    if out
        .iter()
        .any(|known| known.to_token_stream().to_string() == key)
    {
        return;
    }
    out.push(ty.clone());
    match ty {
        Type::Path(path) => generic_arguments(path, out),
        Type::Tuple(tuple) => tuple
            .elems
            .iter()
            .for_each(|elem| nameable_types(elem, out)),
        Type::Reference(reference) => nameable_types(&reference.elem, out),
        Type::Array(array) => nameable_types(&array.elem, out),
        Type::Slice(slice) => nameable_types(&slice.elem, out),
        Type::Paren(paren) => nameable_types(&paren.elem, out),
        Type::Group(group) => nameable_types(&group.elem, out),
        _ => {}
    }
}

fn generic_arguments(path: &syn::TypePath, out: &mut Vec<Type>) {
    for segment in &path.path.segments {
        if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
            for arg in &args.args {
                if let syn::GenericArgument::Type(ty) = arg {
                    nameable_types(ty, out);
                }
            }
        }
    }
}

fn contains_impl_trait(ty: &Type) -> bool {
    fn any_impl(tokens: TokenStream2) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "impl",
            proc_macro2::TokenTree::Group(group) => any_impl(group.stream()),
            _ => false,
        })
    }
    any_impl(ty.to_token_stream())
}
