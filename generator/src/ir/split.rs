//! Splitting an API into parts that compile as separate crates: one part per tag, and a
//! base part with the definitions more than one part uses.
//!
//! An operation belongs to the part of its first tag; a tag written `a.b` (Microsoft
//! Graph's `users.Actions`) belongs to the part of `a`, so that hierarchies of hundreds of
//! tags become tens of crates. The definitions no operation reaches form one more part. A
//! named definition belongs to the one part that reaches it, else (used by several) to the
//! base. What a definition reaches is reached by every part that reaches it: the base only
//! ever refers to the base, and a part only to itself and the base, so the crates form no
//! cycle.

use super::{Api, SchemaId};
use std::collections::BTreeMap;

/// How an API splits.
#[derive(Debug)]
pub struct Split {
    /// The parts, in order of their first operation: each one's tag (or its first segment;
    /// `None` for the operations without a tag, and for the definitions no operation
    /// uses) and the indices of its operations in [`Api::operations`].
    pub parts: Vec<(Option<String>, Vec<usize>)>,
    /// For each named definition (index in [`Api::definitions`]): the tag part that alone
    /// uses it (index in `parts`), or `None` for the base.
    pub owner: Vec<Option<usize>>,
    /// The index in `parts` of the first part of the definitions no operation reaches:
    /// those parts, last, have no operations.
    pub unused: usize,
}

/// How many definitions no operation uses go in one part: as many as a mid-sized tag's.
const UNUSED_PER_PART: usize = 64;

/// Splits `api` by tag.
pub fn by_tag(api: &Api) -> Split {
    let mut parts: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut index: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        let tag = op.tags.first().map(|t| group(t));
        let part = *index.entry(tag).or_insert_with(|| {
            parts.push((tag.map(str::to_owned), Vec::new()));
            parts.len() - 1
        });
        parts[part].1.push(i);
    }

    // Each schema's links, read once: parts walk them many times.
    let links: Vec<Vec<SchemaId>> = api.schemas.iter().map(|(_, s)| s.children()).collect();
    // Which parts reach each schema: `None` unreached, `Some(p)` part p alone, `Some(BASE)`
    // more than one.
    const BASE: usize = usize::MAX;
    let mut user: Vec<Option<usize>> = vec![None; links.len()];
    let reach = |user: &mut Vec<Option<usize>>, part: usize, mut roots: Vec<SchemaId>| {
        let mut seen = vec![false; links.len()];
        while let Some(id) = roots.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            user[id.0] = match user[id.0] {
                None => Some(part),
                Some(p) if p == part => Some(p),
                Some(_) => Some(BASE),
            };
            roots.extend(&links[id.0]);
        }
    };
    for (p, (_, ops)) in parts.iter().enumerate() {
        let roots = ops
            .iter()
            .flat_map(|&i| api.operations[i].schemas())
            .collect();
        reach(&mut user, p, roots);
    }
    // The definitions no operation reaches (GitHub's webhook payloads) form parts of their
    // own, of `UNUSED_PER_PART` in document order, which compile in parallel; what they
    // share with another part goes to the base.
    let unused = parts.len();
    let unreached: Vec<SchemaId> = api
        .definitions
        .iter()
        .map(|d| d.schema)
        .filter(|id| user[id.0].is_none())
        .collect();
    for chunk in unreached.chunks(UNUSED_PER_PART) {
        parts.push((None, Vec::new()));
        reach(&mut user, parts.len() - 1, chunk.to_vec());
    }
    let owner = api
        .definitions
        .iter()
        .map(|d| user[d.schema.0].filter(|&p| p != BASE))
        .collect();
    Split {
        parts,
        owner,
        unused,
    }
}

/// The part of a tag: its first segment when it has several (`users.Actions` → `users`).
fn group(tag: &str) -> &str {
    match tag.split_once('.') {
        Some((first, _)) if !first.trim().is_empty() => first,
        _ => tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_group_by_their_first_segment() {
        assert_eq!(group("users.Actions"), "users");
        assert_eq!(group("repos"), "repos");
        assert_eq!(group(".hidden"), ".hidden");
    }
}
