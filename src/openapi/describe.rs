//! How edgeapi's own extractors and responses describe themselves with JSON Schemas.
//!
//! The schema-less descriptions (every route has them) live beside each type's
//! `FromRequestParts`/`FromRequest`/`IntoResponse` impl; these add the schemas.

use http::StatusCode;
use schemars::JsonSchema;
use serde_json::Value;

use super::{Operation, OperationInput, OperationOutput, ParameterIn};
use crate::extract::{Cookie, Form, Header, Path, Query};
use crate::response::{IntoResponse, Json};

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// A validated JSON body of this schema (`{}` when the type has none).
pub(crate) fn json_body(op: &mut Operation<'_>, schema: Value) {
    op.request_body(JSON, schema);
    op.validates();
}

/// A validated urlencoded form body of this schema (`{}` when the type has none).
pub(crate) fn form_body(op: &mut Operation<'_>, schema: Value) {
    op.request_body(FORM, schema);
    op.validates();
}

impl<T: JsonSchema> OperationInput for Path<T> {
    fn describe(op: &mut Operation<'_>) {
        op.path_parameters_of::<T>();
    }
}

impl<T: JsonSchema> OperationInput for Query<T> {
    fn describe(op: &mut Operation<'_>) {
        op.parameters_of::<T>(ParameterIn::Query);
    }
}

impl<T: JsonSchema> OperationInput for Header<T> {
    fn describe(op: &mut Operation<'_>) {
        op.parameters_of::<T>(ParameterIn::Header);
    }
}

impl<T: JsonSchema> OperationInput for Cookie<T> {
    fn describe(op: &mut Operation<'_>) {
        op.parameters_of::<T>(ParameterIn::Cookie);
    }
}

impl<T: JsonSchema> OperationInput for Json<T> {
    fn describe(op: &mut Operation<'_>) {
        let schema = op.schema_for::<T>();
        json_body(op, schema);
    }
}

impl<T: JsonSchema> OperationInput for Form<T> {
    fn describe(op: &mut Operation<'_>) {
        let schema = op.schema_for::<T>();
        form_body(op, schema);
    }
}

impl<T: JsonSchema> OperationOutput for Json<T> {
    fn describe(op: &mut Operation<'_>) {
        let schema = op.schema_for::<T>();
        op.response(JSON, schema);
    }
}

impl<T: OperationOutput> OperationOutput for (StatusCode, T) {
    fn describe(op: &mut Operation<'_>) {
        T::describe(op);
    }
}

/// The error side is an error answer, which FastAPI does not document either.
impl<T: OperationOutput, E: IntoResponse> OperationOutput for Result<T, E> {
    fn describe(op: &mut Operation<'_>) {
        T::describe(op);
    }
}

impl<K, V, const N: usize, T: OperationOutput> OperationOutput for ([(K, V); N], T) {
    fn describe(op: &mut Operation<'_>) {
        T::describe(op);
    }
}

impl<K, V, const N: usize, T: OperationOutput> OperationOutput for (StatusCode, [(K, V); N], T) {
    fn describe(op: &mut Operation<'_>) {
        T::describe(op);
    }
}
