//! The server side of each operation (`Config::server`): the enum of every answer the
//! definition documents, which the implementation returns, and the answer the sandbox
//! gives (a success answer made of the definition's examples).

use super::client::{is_success, variant_name, Answer, AnswerBody, OperationPlan};
use super::example::example;
use crate::ir::{Api, Operation, StatusCode};
use serde_json::Value;

/// An operation's server side.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerOp {
    /// The answer enum (`RequestAccessTokenAnswer`).
    pub answer: String,
    /// A variant per documented status, in the definition's order.
    pub variants: Vec<ServerVariant>,
    /// What the sandbox answers.
    pub sandbox: SandboxAnswer,
}

/// A documented answer as the server writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerVariant {
    /// Its name (`Status200`, `Status4xx`, `Default`): the client's names.
    pub name: String,
    /// The status it stands for; a range or `default` variant carries the status to send.
    pub status: StatusCode,
    /// The body's media type as documented (`application/json` when none is given).
    pub media_type: String,
    /// The body and headers (the client's plan of the same answer).
    pub answer: Answer,
    /// The body's schema, when it has one.
    pub schema: Option<crate::ir::SchemaId>,
}

/// The sandbox's answer to an operation: a variant and the values that fill it.
#[derive(Clone, Debug, PartialEq)]
pub struct SandboxAnswer {
    /// The variant (an index into `variants`): the first success, else the first.
    pub variant: usize,
    /// The status sent when the variant is a range or `default`.
    pub status: u16,
    /// The body's value made to fit its schema (JSON bodies; the text of text bodies).
    pub body: Option<Value>,
    /// The definition's own example of the body, when it gives one: answered when it fits
    /// the body's type, else `body`.
    pub given: Option<Value>,
    /// A value per header field of the answer, in field order.
    pub headers: Vec<Value>,
}

/// The server side of every operation, beside the client's plans.
pub fn plan(api: &Api, operations: &[OperationPlan]) -> Vec<ServerOp> {
    api.operations
        .iter()
        .zip(operations)
        .map(|(op, plan)| server_op(api, op, plan))
        .collect()
}

fn server_op(api: &Api, op: &Operation, plan: &OperationPlan) -> ServerOp {
    let bare = crate::naming::unraw(&plan.method)
        .trim_start_matches('_')
        .to_owned();
    let camel = crate::naming::camel(&bare, "Op", "Operation");
    let mut variants: Vec<ServerVariant> = Vec::new();
    for r in &op.responses {
        // One variant per status (the client reads a repeated `default` as its first).
        if variants.iter().any(|v| v.status == r.status) {
            continue;
        }
        variants.push(ServerVariant {
            name: variant_name(r.status),
            status: r.status,
            media_type: r
                .body
                .as_ref()
                .map(|b| b.media_type.trim())
                .filter(|m| !m.is_empty() && !m.contains('*'))
                .unwrap_or("application/json")
                .to_owned(),
            answer: plan.answer(r.status).clone(),
            schema: r.body.as_ref().and_then(|b| b.schema),
        });
    }
    if variants.is_empty() {
        // Nothing documented: any status, no body.
        variants.push(ServerVariant {
            name: "Default".to_owned(),
            status: StatusCode::Default,
            media_type: "application/json".to_owned(),
            answer: Answer {
                body: AnswerBody::Unit,
                headers: None,
            },
            schema: None,
        });
    }
    let variant = variants
        .iter()
        .position(|v| is_success(v.status))
        .unwrap_or(0);
    let chosen = &variants[variant];
    let status = match chosen.status {
        StatusCode::Exact(code) => code,
        StatusCode::Range(d) => u16::from(d) * 100,
        StatusCode::Default => 200,
    };
    let body = match &chosen.answer.body {
        AnswerBody::Json(_) => Some(match chosen.schema {
            Some(s) => example(api, s),
            None => Value::Object(Default::default()),
        }),
        // Text of the schema's value: a string as it is, anything else as JSON (which YAML
        // reads too).
        AnswerBody::Text => Some(match chosen.schema.map(|s| example(api, s)) {
            Some(Value::String(text)) => Value::String(text),
            Some(other) => Value::String(other.to_string()),
            None => Value::String("example".to_owned()),
        }),
        AnswerBody::Bytes | AnswerBody::Unit => None,
    };
    let given = op
        .responses
        .iter()
        .find(|r| r.status == chosen.status)
        .and_then(|r| r.body.as_ref()?.example.clone())
        .filter(|_| matches!(chosen.answer.body, AnswerBody::Json(_) | AnswerBody::Text));
    let headers = chosen
        .answer
        .headers
        .iter()
        .flat_map(|h| &h.fields)
        .map(|f| example(api, f.schema))
        .collect();
    ServerOp {
        answer: format!("{camel}Answer"),
        sandbox: SandboxAnswer {
            variant,
            status,
            body,
            given,
            headers,
        },
        variants,
    }
}
