//! Which operation issues access tokens ([`Config::token_operation`], or by default a guess
//! that a warning reports), what its request body's `scope` and metadata fields are, and
//! whether a token provider can call it with nothing but the request.
//!
//! [`Config::token_operation`]: crate::Config::token_operation

use super::types::{Field, Struct, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::config::TokenOperation;
use crate::error::Diagnostic;
use crate::ir::{Api, Location, Operation, Parameter, StatusCode};

/// The token operation of an API.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenEndpoint {
    /// Its index in [`Api::operations`].
    pub operation: usize,
    /// The request body: a struct.
    pub request: TypeId,
    /// The index of the body's `scope` string field.
    pub scope: usize,
    /// The index of the body's optional metadata object field.
    pub metadata: usize,
    /// The metadata's struct.
    pub metadata_type: TypeId,
    /// How a token provider calls it, or why it cannot (RFC 6749 §5.1).
    pub call: Result<TokenCall, &'static str>,
}

/// How a token provider calls the token operation and reads its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenCall {
    /// The success answer's struct.
    pub answer: TypeId,
    /// The index of its `access_token` string field.
    pub access_token: usize,
    /// The index of its `expires_in` field, and that field's integer type.
    pub expires_in: (usize, Integer),
    /// The index of its `scope` field and whether it is optional, if it has one.
    pub scope: Option<(usize, bool)>,
    /// The index of the message-id header parameter the provider fills in, if any.
    pub message_id: Option<usize>,
    /// Whether the success answer documents headers: the call's answer is then a
    /// `WithHeaders`, whose `body` holds the token.
    pub with_headers: bool,
}

/// The Rust type of an `expires_in` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integer {
    /// `i64`
    I64,
    /// `i32`
    I32,
    /// `Option<i64>`
    OptionalI64,
    /// `Option<i32>`
    OptionalI32,
    /// `u32` (an unsigned `int32`)
    U32,
    /// `u64` (an unsigned `int64`)
    U64,
    /// `Option<u32>`
    OptionalU32,
    /// `Option<u64>`
    OptionalU64,
}

impl TokenEndpoint {
    /// The request body's struct.
    pub fn request_struct<'t>(&self, types: &'t TypeSpace) -> &'t Struct {
        match &types.def(self.request).kind {
            TypeKind::Struct(st) => st,
            _ => unreachable!("decide keeps only struct bodies"),
        }
    }
}

/// The token operation the settings name (or the guess), and what to tell the user about
/// it: which operation was guessed (and how to say so), or why the named one cannot be
/// used.
pub fn decide(
    api: &Api,
    types: &TypeSpace,
    setting: &TokenOperation,
) -> (Option<TokenEndpoint>, Vec<Diagnostic>) {
    let file = &api.source;
    let route = |op: &Operation| format!("{} {}", op.method.as_str(), op.path);
    let id = |op: &Operation| op.operation_id.clone().unwrap_or_else(|| route(op));
    match setting {
        TokenOperation::Off => (None, Vec::new()),
        TokenOperation::Guess => {
            let found = api.operations.iter().enumerate().find_map(|(i, op)| request_of(types, i, op, true).ok());
            let warnings = found.iter().map(|t| {
                let op = &api.operations[t.operation];
                let metadata = &t.request_struct(types).fields[t.metadata].wire;
                let id = id(op);
                Diagnostic::new(
                    file,
                    &op.pointer,
                    format!(
                        "guessed that operation `{id}` ({}) issues access tokens, as its body has `scope` and `{metadata}`: say so with `Config::token_operation({id:?})` (`--token-operation {id:?}`), or `Config::no_token_operation()` (`--no-token-operation`)",
                        route(op),
                    ),
                )
            });
            let warnings = warnings.collect();
            (found, warnings)
        }
        TokenOperation::Named(name) => match api.operations.iter().enumerate().find(|(_, op)| is_named(op, name)) {
            None => (None, vec![Diagnostic::new(file, "", format!("token operation `{name}`: no operation has this `operationId` or `METHOD /path`"))]),
            Some((i, op)) => match request_of(types, i, op, false) {
                Err(why) => (None, vec![Diagnostic::new(file, &op.pointer, format!("token operation `{name}` cannot issue tokens: {why}"))]),
                Ok(endpoint) => {
                    let warnings = match &endpoint.call {
                        Err(why) => vec![Diagnostic::new(file, &op.pointer, format!("token operation `{name}`: a token provider cannot call it, as {why}"))],
                        Ok(_) => Vec::new(),
                    };
                    (Some(endpoint), warnings)
                }
            },
        },
    }
}

/// Whether `op` is the operation `name` (its `operationId`, or `METHOD /path`).
fn is_named(op: &Operation, name: &str) -> bool {
    op.operation_id.as_deref() == Some(name)
        || format!("{} {}", op.method.as_str(), op.path).eq_ignore_ascii_case(name)
}

/// The token request of `op`, or why its body is not one. `guess` takes the metadata field
/// only by its name (`*metadata*`); named explicitly, the one optional object is enough.
fn request_of(
    types: &TypeSpace,
    operation: usize,
    op: &Operation,
    guess: bool,
) -> Result<TokenEndpoint, &'static str> {
    let schema = op
        .body
        .as_ref()
        .filter(|b| b.is_typed())
        .and_then(|b| b.schema)
        .ok_or("it has no JSON request body")?;
    let request = types
        .named(schema)
        .ok_or("its request body is not a named object")?;
    let TypeKind::Struct(st) = &types.def(request).kind else {
        return Err("its request body is not an object");
    };
    let index = |f: &Field| {
        st.fields
            .iter()
            .position(|g| std::ptr::eq(f, g))
            .unwrap_or_default()
    };
    let scope = st
        .fields
        .iter()
        .find(|f| f.wire == "scope" && f.ty == TypeRef::String)
        .ok_or("its request body has no `scope` string")?;
    // The metadata's struct, behind `Loose` when its schema has no `type`.
    let struct_of = |t: &TypeRef| {
        match t {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Loose(inner) => match **inner {
                TypeRef::Named(id) => Some(id),
                _ => None,
            },
            _ => None,
        }
        .filter(|id| matches!(types.def(*id).kind, TypeKind::Struct(_)))
    };
    let object = |f: &&Field| match &f.ty {
        TypeRef::Option(inner) => struct_of(inner).is_some(),
        _ => false,
    };
    let named: Vec<&Field> = st
        .fields
        .iter()
        .filter(object)
        .filter(|f| f.wire.contains("metadata"))
        .collect();
    let metadata = match named.as_slice() {
        [one] => *one,
        _ if guess => return Err("its request body has no optional `*metadata*` object"),
        _ => {
            let objects: Vec<&Field> = st.fields.iter().filter(object).collect();
            match objects.as_slice() {
                [one] => *one,
                _ => return Err("its request body has no single optional metadata object"),
            }
        }
    };
    let TypeRef::Option(inner) = &metadata.ty else {
        return Err("its metadata is required");
    };
    let Some(metadata_type) = struct_of(inner) else {
        return Err("its metadata is not a named object");
    };
    // Every other required field must have one possible value (`grant_type`).
    let single_variant = |t: &TypeRef| match t {
        TypeRef::Named(id) => {
            matches!(&types.def(*id).kind, TypeKind::StringEnum(v) if v.len() == 1)
        }
        _ => false,
    };
    if !st
        .fields
        .iter()
        .filter(|f| f.required && f.wire != "scope")
        .all(|f| single_variant(&f.ty))
    {
        return Err("its request body has a required property other than `scope` with more than one possible value");
    }
    Ok(TokenEndpoint {
        operation,
        request,
        scope: index(scope),
        metadata: index(metadata),
        metadata_type,
        call: call_of(types, op),
    })
}

/// How a token provider calls `op`, or why it cannot: its success body has `access_token`
/// and `expires_in`, and its only required parameter, if any, is a message-id header the
/// provider fills in itself.
fn call_of(types: &TypeSpace, op: &Operation) -> Result<TokenCall, &'static str> {
    let success = op
        .responses
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                StatusCode::Exact(200..=299) | StatusCode::Range(2)
            )
        })
        .collect::<Vec<_>>();
    let [success] = success.as_slice() else {
        return Err("it has not exactly one success answer");
    };
    let answer = success
        .body
        .as_ref()
        .filter(|b| b.is_json())
        .and_then(|b| b.schema)
        .and_then(|s| types.named(s));
    let answer = answer.ok_or("its success answer is not a named JSON object")?;
    let TypeKind::Struct(st) = &types.def(answer).kind else {
        return Err("its success answer is not an object");
    };
    let field = |wire: &str| st.fields.iter().position(|f| f.wire == wire);
    let access_token = field("access_token")
        .filter(|&i| st.fields[i].ty == TypeRef::String)
        .ok_or("its answer has no `access_token` string")?;
    let expires = field("expires_in").ok_or("its answer has no `expires_in`")?;
    let integer = match &st.fields[expires].ty {
        TypeRef::I64 => Integer::I64,
        TypeRef::I32 => Integer::I32,
        TypeRef::Option(inner) if **inner == TypeRef::I64 => Integer::OptionalI64,
        TypeRef::Option(inner) if **inner == TypeRef::I32 => Integer::OptionalI32,
        TypeRef::U32 => Integer::U32,
        TypeRef::U64 => Integer::U64,
        TypeRef::Option(inner) if **inner == TypeRef::U32 => Integer::OptionalU32,
        TypeRef::Option(inner) if **inner == TypeRef::U64 => Integer::OptionalU64,
        _ => return Err("its `expires_in` is not an integer"),
    };
    let scope = field("scope").and_then(|i| match &st.fields[i].ty {
        TypeRef::String => Some((i, false)),
        TypeRef::Option(inner) if **inner == TypeRef::String => Some((i, true)),
        _ => None,
    });
    // The parameters: a message id the provider generates; every other one must be optional.
    let mut message_id = None;
    for (i, p) in op.parameters.iter().enumerate() {
        if p.required && message_id.is_none() && is_message_id(types, p) {
            message_id = Some(i);
        } else if p.required {
            return Err("it has a required parameter that is not a message-id header");
        }
    }
    Ok(TokenCall {
        answer,
        access_token,
        expires_in: (expires, integer),
        scope,
        message_id,
        with_headers: !success.headers.is_empty(),
    })
}

/// Whether a parameter is a per-request message id the provider can generate.
fn is_message_id(types: &TypeSpace, p: &Parameter) -> bool {
    let name: String = p
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    p.location == Location::Header
        && *types.type_of(p.schema) == TypeRef::String
        && matches!(
            name.as_str(),
            "msgid"
                | "messageid"
                | "xmsgid"
                | "xmessageid"
                | "requestid"
                | "xrequestid"
                | "correlationid"
                | "xcorrelationid"
        )
}
