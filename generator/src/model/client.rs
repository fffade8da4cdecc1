//! The client's shape: for every operation, the names it adds to the module (its trait
//! method, parameters struct, answer enums and functions) and the types of its body and
//! answers: one type when the documented bodies of a side (success or error) agree, else
//! an enum with a variant per documented status.

use super::types::{TypeRef, TypeSpace};
use crate::ir::{Api, Body, Operation, Response, SchemaId, StatusCode};
use crate::naming;

/// One operation of the client.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationPlan {
    /// The trait method's name (`request_access_token`; `r#type` for a keyword).
    pub method: String,
    /// The parameters struct, if the operation has parameters.
    pub params: Option<String>,
    /// Whether `params` is a struct of its own or names another operation's.
    pub params_decl: ParamsDecl,
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
    /// Whether `validate_fn` has a body of its own or names another operation's.
    pub validate_decl: FnDecl,
    /// `parse_<method>_response`
    pub parse_fn: String,
    /// Whether `parse_fn` has a body of its own or names another operation's.
    pub parse_decl: FnDecl,
    /// `<method>_download`: the `HttpClient` method that streams the success answer,
    /// when that answer is bytes.
    pub download: Option<String>,
}

/// How an operation's parameters struct is declared. Operations often take the same
/// parameters (Kubernetes' 956 operations with parameters have 224 shapes of them): each
/// shape is one struct, and the other operations' names for it are aliases, so the compiler
/// checks its fields, derives and constructor once.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ParamsDecl {
    /// A struct of its own.
    #[default]
    Struct,
    /// A struct that is also the parameters of these later operations (indices in
    /// [`Model::operations`](super::Model::operations)), whose names are aliases of it.
    Shared(Vec<usize>),
    /// An alias of the struct of this earlier operation: the same fields, types, docs and
    /// secrets.
    Alias(usize),
}

/// How an operation's `validate_…` or `parse_…_response` function is declared. Where
/// two operations' functions would be the same code (Kubernetes' `list_…` operations all
/// take the same parameters, check none of them beyond their types and read a list or a
/// `401`), the later one's name is a re-export of the first one's function, which the
/// compiler then checks once.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum FnDecl {
    /// A function of its own.
    #[default]
    Own,
    /// The function of this earlier operation (an index in
    /// [`Model::operations`](super::Model::operations)).
    SameAs(usize),
}

/// Gives operations whose `validate_…` or `parse_…_response` functions would be the same
/// code one function each ([`FnDecl`]). Called after [`share_params`]: operations
/// share a validator when they take the same parameters struct and body type and check
/// each part against the same validator (schemas the validator plan found equal), and a
/// reader when they document the same statuses with the same types and checks. A side
/// typed by an enum of its own (answers by status) or answer headers read into a struct
/// of its own make the reader the operation's own.
pub fn share_functions(
    api: &Api,
    types: &TypeSpace,
    validators: &super::validators::ValidatorPlan,
    plans: &mut [OperationPlan],
) {
    let mut validate: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut parse: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, op) in api.operations.iter().enumerate().take(plans.len()) {
        let plan = &plans[i];
        // What `emit::client` writes in the validator: the parameters struct (the same
        // struct means the same fields, pointers and secrets), each part's validator.
        let params = match plan.params_decl {
            ParamsDecl::Alias(owner) => plans[owner].params.as_deref(),
            _ => plan.params.as_deref(),
        };
        let checks: Vec<Option<SchemaId>> = op
            .parameters
            .iter()
            .map(|p| {
                let schema = api.schemas.get(p.schema);
                validators
                    .beyond_type(types.type_of(p.schema), schema, p.schema)
                    .and_then(|_| validators.representative(p.schema))
            })
            .collect();
        let body = op
            .body
            .as_ref()
            .and_then(|b| b.schema)
            .and_then(|s| validators.representative(s));
        let key = format!("{params:?} {checks:?} {:?} {body:?}", plan.body);
        plans[i].validate_decl = same_as(&mut validate, key, i);
        // What it writes in the reader: the function's types, and per documented status
        // whether the body is read by its type's lean path or by which validator.
        let plan = &plans[i];
        let own_types = |answers: &Answers| match answers {
            Answers::ByStatus(..) => true,
            Answers::One(answer) => answer.headers.is_some(),
        };
        if own_types(&plan.success) || own_types(&plan.error) {
            continue;
        }
        let reads: Vec<(StatusCode, bool, Option<SchemaId>)> = op
            .responses
            .iter()
            .map(|r| {
                let schema = r.body.as_ref().and_then(|b| b.schema);
                (
                    r.status,
                    schema.is_some_and(|s| super::validators::has_lean_path(types, s)),
                    schema.and_then(|s| validators.representative(s)),
                )
            })
            .collect();
        let key = format!("{:?} {:?} {reads:?}", plan.success, plan.error);
        plans[i].parse_decl = same_as(&mut parse, key, i);
    }
}

/// The function of the first operation with `key`, else operation `i`'s own (then the
/// first with it).
fn same_as(first: &mut std::collections::HashMap<String, usize>, key: String, i: usize) -> FnDecl {
    match *first.entry(key).or_insert(i) {
        owner if owner == i => FnDecl::Own,
        owner => FnDecl::SameAs(owner),
    }
}

/// Gives operations with the same parameters one struct ([`ParamsDecl`]): the same field
/// names, types and everything their docs say, and the same secrets, in the same order.
/// `is_secret` is [`Model::is_secret`](super::Model::is_secret).
pub fn share_params(
    api: &Api,
    types: &TypeSpace,
    plans: &mut [OperationPlan],
    is_secret: impl Fn(&str, SchemaId) -> bool,
) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // `plans` is empty without a client, else one per operation.
    for (i, op) in api.operations.iter().enumerate().take(plans.len()) {
        if plans[i].params.is_none() {
            continue;
        }
        let shape: Vec<String> = op
            .parameters
            .iter()
            .zip(&plans[i].param_fields)
            .map(|(p, field)| {
                let schema = api.schemas.get(p.schema);
                format!(
                    "{field} {:?} {:?} {:?} {} {:?} {:?} {:?}",
                    p.name,
                    p.location,
                    schema.docs.default,
                    p.required,
                    p.description,
                    is_secret(&p.name, p.schema),
                    types.type_of(p.schema),
                )
            })
            .collect();
        match first.entry(shape.join("\n")) {
            std::collections::hash_map::Entry::Occupied(owner) => {
                let owner = *owner.get();
                plans[i].params_decl = ParamsDecl::Alias(owner);
                match &mut plans[owner].params_decl {
                    ParamsDecl::Shared(users) => users.push(i),
                    decl => *decl = ParamsDecl::Shared(vec![i]),
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
}

/// A request body as the client takes it.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestBody {
    /// JSON of this type, or a URL-encoded form of its fields.
    Typed(TypeRef),
    /// `multipart/form-data`: a form struct with a field per property of the schema, or
    /// the runtime's `multipart::Form` when the schema names no properties.
    Multipart(Option<FormPlan>),
    /// Text media (`text/plain`, XML): `&str`.
    Text,
    /// Other media (`application/octet-stream`, images): bytes.
    Bytes,
}

/// A `multipart/form-data` body as a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct FormPlan {
    /// The struct's name (`UploadForm`).
    pub name: String,
    /// A field per property, in the schema's order.
    pub fields: Vec<FormField>,
}

/// A field of a form: one part, or a part per item.
#[derive(Clone, Debug, PartialEq)]
pub struct FormField {
    /// The part's name, as the definition spells it.
    pub wire: String,
    /// The Rust field name.
    pub field: String,
    /// Its type: [`TypeRef::File`] (or a `Vec` of them) for `format: binary`, the
    /// property's type otherwise; an `Option` unless required.
    pub ty: TypeRef,
    /// The property's schema.
    pub schema: SchemaId,
}

impl FormField {
    /// Whether it holds files (written as they are, never validated as JSON).
    pub fn is_file(&self) -> bool {
        fn file(t: &TypeRef) -> bool {
            match t {
                TypeRef::File => true,
                TypeRef::Option(t) | TypeRef::Vec(t) => file(t),
                _ => false,
            }
        }
        file(&self.ty)
    }
}

/// How the success or the error answers of an operation are typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Answers {
    /// One type for every documented status (`()` when nothing is documented).
    One(Answer),
    /// An enum named so, with a variant per documented status.
    ByStatus(String, Vec<AnswerVariant>),
}

/// One documented answer: its body, and the headers it documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The body.
    pub body: AnswerBody,
    /// The documented headers, read into a struct of their own; the answer is then the
    /// runtime's `WithHeaders` of body and headers.
    pub headers: Option<HeadersPlan>,
}

/// The body of an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerBody {
    /// None (`()`).
    Unit,
    /// JSON, read into this type.
    Json(TypeRef),
    /// Text media (`text/plain`, XML): a `String`.
    Text,
    /// Other media (`application/octet-stream`, images), and media the client cannot
    /// read otherwise: a `Vec<u8>`.
    Bytes,
}

/// The documented headers of one answer, as a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadersPlan {
    /// The struct's name (`ListPetsHeaders`).
    pub name: String,
    /// A field per header, in the definition's order.
    pub fields: Vec<HeaderField>,
}

/// A documented response header.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderField {
    /// The header's name, as the definition spells it.
    pub wire: String,
    /// The Rust field name.
    pub field: String,
    /// The field's type: the value's, an `Option` of it unless the header is required.
    pub ty: TypeRef,
    /// Whether an answer without it breaks the definition (a required header whose value
    /// may be `null` is read as an `Option`, absent or not).
    pub required: bool,
    /// The value's schema.
    pub schema: SchemaId,
    /// The header's description, else its schema's.
    pub description: Option<String>,
}

/// A variant of an answers enum.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerVariant {
    /// Its name (`Status404`, `Status4xx`, `Default`).
    pub name: String,
    /// Its answer.
    pub answer: Answer,
    /// The status it stands for.
    pub status: StatusCode,
}

impl OperationPlan {
    /// The answer to a documented status (the plan has one for each).
    pub fn answer(&self, status: StatusCode) -> &Answer {
        let answers = if is_success(status) {
            &self.success
        } else {
            &self.error
        };
        match answers {
            Answers::One(answer) => answer,
            Answers::ByStatus(_, variants) => variants
                .iter()
                .find(|v| v.status == status)
                .map(|v| &v.answer)
                .expect("the model plans an answer for every documented status"),
        }
    }
}

/// The name of a status's variant in an answers enum.
pub fn variant_name(status: StatusCode) -> String {
    match status {
        StatusCode::Exact(c) => format!("Status{c}"),
        StatusCode::Range(d) => format!("Status{d}xx"),
        StatusCode::Default => "Default".to_owned(),
    }
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
    let mut plans: Vec<OperationPlan> = api
        .operations
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
                params_decl: ParamsDecl::Struct,
                body: op
                    .body
                    .as_ref()
                    .map(|b| request_body(api, types, b, &mut names, &camel)),
                success: answers(api, types, op, true, &camel, &mut names, "Success"),
                error: answers(api, types, op, false, &camel, &mut names, "Error"),
                validate_fn: format!("validate_{bare}"),
                validate_decl: FnDecl::Own,
                parse_fn: format!("parse_{bare}_response"),
                parse_decl: FnDecl::Own,
                download: None,
                method,
            }
        })
        .collect();
    // Downloads are named once every operation has its name: `get_file_download` must
    // not take the name of an operation that comes later.
    for plan in &mut plans {
        let bytes = matches!(
            &plan.success,
            Answers::One(Answer {
                body: AnswerBody::Bytes,
                ..
            })
        );
        if bytes {
            let bare = naming::unraw(&plan.method).to_owned();
            plan.download = Some(methods.claim(&format!("{bare}_download")));
        }
    }
    plans
}

/// How the client takes a request body.
fn request_body(
    api: &Api,
    types: &TypeSpace,
    body: &Body,
    names: &mut naming::Scope,
    camel: &str,
) -> RequestBody {
    match body.schema {
        Some(s) if body.is_typed() => RequestBody::Typed(types.type_of(s).clone()),
        _ if body.is_multipart() => {
            RequestBody::Multipart(body.schema.and_then(|s| form(api, types, s)).map(|fields| {
                FormPlan {
                    name: names.claim(&format!("{camel}Form")),
                    fields,
                }
            }))
        }
        _ if body.is_text() => RequestBody::Text,
        _ => RequestBody::Bytes,
    }
}

/// The fields of a form whose schema (through `$ref`s) declares properties.
fn form(api: &Api, types: &TypeSpace, schema: SchemaId) -> Option<Vec<FormField>> {
    let s = api.schemas.get(api.schemas.resolve(schema));
    if s.properties.is_empty() {
        return None;
    }
    let mut names = naming::Scope::default();
    let fields = s
        .properties
        .iter()
        .map(|(wire, prop)| {
            let items = api.schemas.get(api.schemas.resolve(*prop)).items;
            let ty = match items {
                _ if is_binary(api, *prop) => TypeRef::File,
                Some(items) if is_binary(api, items) => TypeRef::Vec(Box::new(TypeRef::File)),
                _ => types.type_of(*prop).clone(),
            };
            FormField {
                wire: wire.clone(),
                field: names.claim(&naming::snake(wire, "field")),
                ty: ty.unless_required(s.required.contains(wire)),
                schema: *prop,
            }
        })
        .collect();
    Some(fields)
}

/// A file's content: `format: binary` (OpenAPI 3.0, and Swagger 2.0's `type: file`).
fn is_binary(api: &Api, schema: SchemaId) -> bool {
    api.schemas
        .get(api.schemas.resolve(schema))
        .format
        .as_deref()
        == Some("binary")
}

/// The body of one documented answer: the kind of its media decides.
fn body_of(types: &TypeSpace, response: &Response) -> AnswerBody {
    match &response.body {
        Some(b) if b.is_json() => AnswerBody::Json(match b.schema {
            Some(s) => types.type_of(s).clone(),
            None => TypeRef::Json,
        }),
        Some(b) if b.is_text() => AnswerBody::Text,
        Some(_) => AnswerBody::Bytes,
        None => AnswerBody::Unit,
    }
}

fn answers(
    api: &Api,
    types: &TypeSpace,
    op: &Operation,
    success: bool,
    camel: &str,
    names: &mut naming::Scope,
    side_name: &str,
) -> Answers {
    let side: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| is_success(r.status) == success)
        .collect();
    // Headers structs are named after the operation, and after the status when more than
    // one answer of the operation documents headers.
    let with_headers = op
        .responses
        .iter()
        .filter(|r| !r.headers.is_empty())
        .count();
    let answers: Vec<Answer> = side
        .iter()
        .map(|r| Answer {
            body: body_of(types, r),
            headers: (!r.headers.is_empty()).then(|| {
                let name = match with_headers {
                    1 => format!("{camel}Headers"),
                    _ => format!("{camel}{}Headers", variant_name(r.status)),
                };
                headers(api, types, r, names.claim(&name))
            }),
        })
        .collect();
    let enum_name = names.claim(&format!("{camel}{side_name}"));
    if answers.windows(2).all(|w| w[0] == w[1]) {
        return Answers::One(answers.into_iter().next().unwrap_or(Answer {
            body: AnswerBody::Unit,
            headers: None,
        }));
    }
    let variants = side
        .iter()
        .zip(answers)
        .map(|(r, answer)| AnswerVariant {
            name: variant_name(r.status),
            answer,
            status: r.status,
        })
        .collect();
    Answers::ByStatus(enum_name, variants)
}

fn headers(api: &Api, types: &TypeSpace, response: &Response, name: String) -> HeadersPlan {
    let mut fields = naming::Scope::default();
    HeadersPlan {
        name,
        fields: response
            .headers
            .iter()
            .map(|h| {
                let ty = types.type_of(h.schema).clone().unless_required(h.required);
                HeaderField {
                    wire: h.name.clone(),
                    field: fields.claim(&naming::snake(&h.name, "header")),
                    required: h.required && !matches!(ty, TypeRef::Option(_)),
                    ty,
                    schema: h.schema,
                    description: h
                        .description
                        .clone()
                        .or_else(|| api.schemas.get(h.schema).docs.description.clone()),
                }
            })
            .collect(),
    }
}
