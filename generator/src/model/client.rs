//! The client's shape: for every operation, the names it adds to the module (its trait
//! method, parameters struct, answer enums and functions) and the types of its body and
//! answers: one type when the documented bodies of a side (success or error) agree, else
//! an enum with a variant per documented status.

use super::types::{TypeRef, TypeSpace};
use crate::ir::{Api, Operation, Response, StatusCode};
use crate::naming;

/// One operation of the client.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationPlan {
    /// The trait method's name (`request_access_token`; `r#type` for a keyword).
    pub method: String,
    /// The parameters struct, if the operation has parameters.
    pub params: Option<String>,
    /// The Rust name of each parameter's field in that struct, in parameter order.
    pub param_fields: Vec<String>,
    /// The request body, if there is one.
    pub body: Option<RequestBody>,
    /// The success answers.
    pub success: Answers,
    /// The error answers.
    pub error: Answers,
    /// `validate_<method>`
    pub validate_fn: String,
    /// `parse_<method>_response`
    pub parse_fn: String,
}

/// A request body as the client takes it.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBody {
    /// JSON of this type.
    Typed(TypeRef),
    /// Other media (multipart, octet-stream, XML, text): bytes.
    Bytes,
}

/// How the success or the error answers of an operation are typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Answers {
    /// One type for every documented status (`()` when nothing is documented).
    One(AnswerBody),
    /// An enum named so, with a variant per documented status.
    ByStatus(String, Vec<AnswerVariant>),
}

/// The body of an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerBody {
    /// None (`()`).
    Unit,
    /// A value of this type: a JSON body, or the raw text of other media (`String`).
    Of(TypeRef),
}

/// A variant of an answers enum.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerVariant {
    /// Its name (`Status404`, `Status4xx`, `Default`).
    pub name: String,
    /// Its body.
    pub body: AnswerBody,
    /// The status it stands for.
    pub status: StatusCode,
}

/// Whether a status is a success.
pub fn is_success(status: StatusCode) -> bool {
    matches!(status, StatusCode::Exact(200..=299) | StatusCode::Range(2))
}

/// Names and types of every operation, in document order (names unique in the module).
/// `reserved` are the names the module defines itself.
pub fn plan(api: &Api, types: &TypeSpace, reserved: &[&str]) -> Vec<OperationPlan> {
    let mut methods = naming::Scope::default();
    // The types an operation adds share the module with the definitions' types, whose
    // names come from the definition and win: `BatchGetError` may be both a schema and
    // the error answers of `batchGet` (then those are `BatchGetError2`).
    let defined: Vec<&str> = types
        .defs
        .iter()
        .map(|d| d.name.as_str())
        .chain(reserved.iter().copied())
        .collect();
    let mut names = naming::Scope::with_reserved(&defined);
    api.operations
        .iter()
        .map(|op| {
            let base = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {}", op.method.as_str().to_lowercase(), op.path));
            let method = methods.claim(&naming::snake(&base, "operation"));
            let bare = naming::unraw(&method).trim_start_matches('_').to_owned();
            let camel = naming::camel(&bare, "Op", "Operation");
            let mut fields = naming::Scope::default();
            OperationPlan {
                param_fields: op
                    .parameters
                    .iter()
                    .map(|p| fields.claim(&naming::snake(&p.name, "param")))
                    .collect(),
                params: (!op.parameters.is_empty()).then(|| names.claim(&format!("{camel}Params"))),
                body: op.body.as_ref().map(|b| match b.schema {
                    Some(s) if b.is_typed() => RequestBody::Typed(types.type_of(s).clone()),
                    _ => RequestBody::Bytes,
                }),
                success: answers(types, op, true, &names.claim(&format!("{camel}Success"))),
                error: answers(types, op, false, &names.claim(&format!("{camel}Error"))),
                validate_fn: format!("validate_{bare}"),
                parse_fn: format!("parse_{bare}_response"),
                method,
            }
        })
        .collect()
}

/// The body of one documented answer.
pub fn body_of(types: &TypeSpace, response: &Response) -> AnswerBody {
    match &response.body {
        Some(b) if b.is_json() => AnswerBody::Of(match b.schema {
            Some(s) => types.type_of(s).clone(),
            None => TypeRef::Json,
        }),
        // Other media come back as the raw text.
        Some(_) => AnswerBody::Of(TypeRef::String),
        None => AnswerBody::Unit,
    }
}

fn answers(types: &TypeSpace, op: &Operation, success: bool, enum_name: &str) -> Answers {
    let side: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| is_success(r.status) == success)
        .collect();
    let bodies: Vec<AnswerBody> = side.iter().map(|r| body_of(types, r)).collect();
    if bodies.windows(2).all(|w| w[0] == w[1]) {
        return Answers::One(bodies.into_iter().next().unwrap_or(AnswerBody::Unit));
    }
    let variants = side
        .iter()
        .zip(bodies)
        .map(|(r, body)| AnswerVariant {
            name: match r.status {
                StatusCode::Exact(c) => format!("Status{c}"),
                StatusCode::Range(d) => format!("Status{d}xx"),
                StatusCode::Default => "Default".to_owned(),
            },
            body,
            status: r.status,
        })
        .collect();
    Answers::ByStatus(enum_name.to_owned(), variants)
}
