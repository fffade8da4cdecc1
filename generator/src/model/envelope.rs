//! The API's own error envelope, that violations are mapped to so that a server (or a test
//! fake) built on the bindings answers invalid requests in the API's format.
//!
//! The envelope is the error schema the operations document, or the one the settings
//! name; its fields are matched to roles by their wire names.

use super::types::{Struct, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::ir::{Api, StatusCode};

/// The envelope: a struct, and what each of its fields is filled with.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// The struct.
    pub ty: TypeId,
    /// The role of each field, in field order (`None`: left out).
    pub roles: Vec<Option<Role>>,
}

/// What a violation fills in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The HTTP status (`"400"`).
    Status,
    /// The violated keyword.
    Code,
    /// The violation's JSON pointer.
    Pointer,
    /// A fixed summary.
    Message,
    /// The violation's message.
    Detail,
}

fn role(wire: &str) -> Option<Role> {
    Some(match wire {
        "status" | "status_code" | "statusCode" => Role::Status,
        "response_code" | "code" | "error_code" | "errorCode" => Role::Code,
        "property" | "pointer" | "field" | "path" => Role::Pointer,
        "response_message" | "message" | "error" | "title" => Role::Message,
        "description" | "detail" | "details" => Role::Detail,
        _ => return None,
    })
}

/// The envelope: the settings' choice, else the first error body of an operation whose
/// string fields cover a pointer and a message and every required field.
pub fn decide(api: &Api, types: &TypeSpace, wanted: Option<&str>) -> Option<Envelope> {
    let named = |schema| {
        let id = types.named(schema)?;
        match &types.def(id).kind {
            TypeKind::Struct(st) => Some((id, st)),
            _ => None,
        }
    };
    let (ty, st) = match wanted {
        Some(wanted) => {
            let def = api.definitions.iter().find(|d| d.name == wanted)?;
            named(def.schema).filter(|(_, st)| usable(st))?
        }
        None => error_bodies(api)
            .filter_map(named)
            .find(|(_, st)| usable(st))?,
    };
    Some(Envelope {
        ty,
        roles: st.fields.iter().map(|f| role(&f.wire)).collect(),
    })
}

/// The schemas of the operations' error bodies (status 400 and up, or `default`), in
/// document order: where the envelope is looked for.
pub fn error_bodies(api: &Api) -> impl Iterator<Item = crate::ir::SchemaId> + '_ {
    api.operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| {
            !matches!(
                r.status,
                StatusCode::Exact(100..=399) | StatusCode::Range(1..=3)
            )
        })
        .filter_map(|r| r.body.as_ref()?.schema)
}

fn usable(st: &Struct) -> bool {
    let is_string = |t: &TypeRef| match t {
        TypeRef::String => true,
        TypeRef::Option(inner) => **inner == TypeRef::String,
        _ => false,
    };
    let has = |r: Role| st.fields.iter().any(|f| role(&f.wire) == Some(r));
    has(Role::Pointer)
        && has(Role::Message)
        && st.fields.iter().all(|f| match role(&f.wire) {
            Some(_) => is_string(&f.ty),
            None => !f.required,
        })
}
