//! Granular generation: keep some operations, and the definitions they use.

use super::{Api, Operation, SchemaId};
use std::collections::BTreeSet;

/// The API with only the operations that have one of `tags` (when given) and are named
/// in `operations` (by `operationId` or `METHOD /path`, when given), and only the
/// definitions those operations reach.
pub fn operations(api: &Api, tags: &[String], operations: &[String]) -> Api {
    let keep = |op: &Operation| {
        let tagged = tags.is_empty() || op.tags.iter().any(|t| tags.contains(t));
        let route = format!("{} {}", op.method.as_str(), op.path);
        let named = operations.is_empty()
            || operations
                .iter()
                .any(|o| Some(o) == op.operation_id.as_ref() || o.eq_ignore_ascii_case(&route));
        tagged && named
    };
    let mut out = api.clone();
    out.operations.retain(keep);
    let mut reached = BTreeSet::new();
    let mut stack: Vec<SchemaId> = Vec::new();
    for op in &out.operations {
        stack.extend(op.schemas());
    }
    while let Some(id) = stack.pop() {
        if reached.insert(id) {
            stack.extend(api.schemas.get(id).uses());
        }
    }
    out.definitions.retain(|d| reached.contains(&d.schema));
    out
}
