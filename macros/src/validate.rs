//! `#[edgeapi::validate]`: constraints declared on a struct's fields with the `validator`
//! crate's words (`#[validate(range(...))]`, `length(...)`, `regex(path = ...)`), which
//! schemars already reads into the schema, enforced while the struct is deserialized.
//!
//! Each constrained field gets `#[serde(deserialize_with = ...)]`, a function that reads
//! the field and checks it through `edgeapi::__private::constraints`; a bound schemars
//! does not read (`exclusive_min`, `exclusive_max`, `multiple_of`) is added to the schema
//! with `#[schemars(extend(...))]`. Without `JsonSchema` among the struct's derives, the
//! `#[validate]` attributes are removed (no other derive would accept them).

use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Error, Expr, Fields, Ident, ItemStruct, Type};

/// One field's constraints, in the words of `#[validate(...)]`.
#[derive(Default)]
struct Constraints {
    min: Option<Expr>,
    max: Option<Expr>,
    exclusive_min: Option<Expr>,
    exclusive_max: Option<Expr>,
    multiple_of: Option<Expr>,
    min_length: Option<Expr>,
    max_length: Option<Expr>,
    pattern: Option<Expr>,
}

impl Constraints {
    fn parse(attrs: &[Attribute]) -> syn::Result<Option<Self>> {
        let mut found = None;
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("validate")) {
            let this = found.get_or_insert_with(Constraints::default);
            attr.parse_nested_meta(|meta| this.item(meta))?;
        }
        Ok(found)
    }

    fn item(&mut self, meta: ParseNestedMeta<'_>) -> syn::Result<()> {
        if meta.path.is_ident("range") {
            meta.parse_nested_meta(|inner| {
                let slot = match () {
                    () if inner.path.is_ident("min") => &mut self.min,
                    () if inner.path.is_ident("max") => &mut self.max,
                    () if inner.path.is_ident("exclusive_min") => &mut self.exclusive_min,
                    () if inner.path.is_ident("exclusive_max") => &mut self.exclusive_max,
                    () => {
                        return Err(inner
                            .error("expected `min`, `max`, `exclusive_min` or `exclusive_max`"))
                    }
                };
                *slot = Some(inner.value()?.parse()?);
                Ok(())
            })
        } else if meta.path.is_ident("length") {
            meta.parse_nested_meta(|inner| {
                let value: Expr = inner.value()?.parse()?;
                if inner.path.is_ident("min") {
                    self.min_length = Some(value);
                } else if inner.path.is_ident("max") {
                    self.max_length = Some(value);
                } else if inner.path.is_ident("equal") {
                    self.min_length = Some(value.clone());
                    self.max_length = Some(value);
                } else {
                    return Err(inner.error("expected `min`, `max` or `equal`"));
                }
                Ok(())
            })
        } else if meta.path.is_ident("regex") {
            meta.parse_nested_meta(|inner| {
                if !inner.path.is_ident("path") {
                    return Err(inner.error("expected `path = PATTERN`, a `&'static str`"));
                }
                self.pattern = Some(inner.value()?.parse()?);
                Ok(())
            })
        } else if meta.path.is_ident("multiple_of") {
            self.multiple_of = Some(meta.value()?.parse()?);
            Ok(())
        } else {
            Err(meta.error(
                "edgeapi enforces `range(min, max, exclusive_min, exclusive_max)`, \
                 `length(min, max, equal)`, `regex(path = PATTERN)` and `multiple_of = N`",
            ))
        }
    }

    /// The check of a field of type `ty`, in Pydantic's order.
    fn check(&self, ty: &Type) -> TokenStream2 {
        let c = quote!(::edgeapi::__private::constraints);
        let bound = |expr: &Expr| quote!(#c::Bound::from(#expr));
        let mut numbers = Vec::new();
        if let Some(m) = &self.multiple_of {
            let m = bound(m);
            numbers.push(quote!(#c::Check::MultipleOf(#m)));
        }
        for (expr, variant) in [
            (&self.max, quote!(Le)),
            (&self.exclusive_max, quote!(Lt)),
            (&self.min, quote!(Ge)),
            (&self.exclusive_min, quote!(Gt)),
        ] {
            if let Some(expr) = expr {
                let b = bound(expr);
                numbers.push(quote!(#c::Check::#variant(#b)));
            }
        }
        let mut steps = Vec::new();
        if !numbers.is_empty() {
            steps.push(quote!(#c::number(value, &[#(#numbers),*])?;));
        }
        if self.min_length.is_some() || self.max_length.is_some() {
            let opt = |e: &Option<Expr>| match e {
                Some(e) => quote!(::core::option::Option::Some((#e) as usize)),
                None => quote!(::core::option::Option::None),
            };
            let (min, max) = (opt(&self.min_length), opt(&self.max_length));
            steps.push(quote!(#c::length(value, #min, #max)?;));
        }
        if let Some(pattern) = &self.pattern {
            steps.push(quote!(#c::pattern(value, #pattern)?;));
        }
        quote! {
            |value: &#ty| -> ::core::result::Result<(), #c::Broken> {
                #(#steps)*
                ::core::result::Result::Ok(())
            }
        }
    }

    /// `#[schemars(extend(...))]` for the bounds schemars does not read.
    fn schema_extensions(&self) -> Vec<Attribute> {
        [
            ("exclusiveMinimum", &self.exclusive_min),
            ("exclusiveMaximum", &self.exclusive_max),
            ("multipleOf", &self.multiple_of),
        ]
        .into_iter()
        .filter_map(|(key, expr)| {
            let expr = expr.as_ref()?;
            Some(syn::parse_quote!(#[schemars(extend(#key = #expr))]))
        })
        .collect()
    }
}

/// Whether the struct derives `JsonSchema` (which reads `#[validate]` too).
fn derives_json_schema(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .any(|attr| {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                if meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "JsonSchema")
                {
                    found = true;
                }
                Ok(())
            });
            found
        })
}

/// Whether the field already says how serde fills or reads it.
fn serde_has(attrs: &[Attribute], names: &[&str]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .any(|attr| {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                if names.iter().any(|name| meta.path.is_ident(name)) {
                    found = true;
                }
                if meta.input.peek(syn::Token![=]) {
                    let _: Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            found
        })
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(path) if path.qself.is_none()
        && path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

pub(crate) fn expand(mut item: ItemStruct) -> syn::Result<TokenStream2> {
    if !item.generics.params.is_empty() {
        return Err(Error::new(
            item.generics.span(),
            "#[edgeapi::validate] goes on structs without generic parameters",
        ));
    }
    let keep_validate = derives_json_schema(&item.attrs);
    let name = item.ident.clone();
    let Fields::Named(fields) = &mut item.fields else {
        return Err(Error::new(
            item.ident.span(),
            "#[edgeapi::validate] goes on structs with named fields",
        ));
    };
    let mut functions = Vec::new();
    for field in &mut fields.named {
        let Some(constraints) = Constraints::parse(&field.attrs)? else {
            continue;
        };
        if serde_has(&field.attrs, &["deserialize_with", "with"]) {
            return Err(Error::new(
                field.span(),
                "a constrained field is read by #[edgeapi::validate]; \
                 it cannot have `deserialize_with` or `with` too",
            ));
        }
        let field_name = field
            .ident
            .as_ref()
            .map_or_else(String::new, Ident::to_string);
        let function = format_ident!("__edgeapi_validate_{}_{}", name, field_name);
        let function_text = syn::LitStr::new(&function.to_string(), Span::call_site());
        let ty = &field.ty;
        let check = constraints.check(ty);
        functions.push(quote! {
            #[doc(hidden)]
            #[allow(non_snake_case)]
            fn #function<'de, D>(deserializer: D) -> ::core::result::Result<#ty, D::Error>
            where
                D: ::edgeapi::__private::serde::Deserializer<'de>,
            {
                ::edgeapi::__private::constraints::deserialize(deserializer, #check)
            }
        });
        field
            .attrs
            .push(syn::parse_quote!(#[serde(deserialize_with = #function_text)]));
        // `deserialize_with` makes serde require the field; an absent `Option` stays `None`.
        if is_option(ty) && !serde_has(&field.attrs, &["default"]) {
            field.attrs.push(syn::parse_quote!(#[serde(default)]));
        }
        if keep_validate {
            field.attrs.extend(constraints.schema_extensions());
        } else {
            field.attrs.retain(|attr| !attr.path().is_ident("validate"));
        }
    }
    Ok(quote! {
        #item
        #(#functions)*
    })
}
