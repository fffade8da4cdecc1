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
    /// The parts, in order of their first operation: what groups them and the indices of
    /// its operations in [`Api::operations`].
    pub parts: Vec<(Group, Vec<usize>)>,
    /// For each named definition (index in [`Api::definitions`]): the tag part that alone
    /// uses it (index in `parts`), or `None` for the base.
    pub owner: Vec<Option<usize>>,
    /// For each schema (index of its [`SchemaId`]): the parts that reach it, in order.
    /// The base compiles a type only for the parts turned on that reach it.
    pub reached_by: Vec<Vec<usize>>,
}

/// How many definitions no operation uses go in one part: as many as a mid-sized tag's.
const UNUSED_PER_PART: usize = 64;

/// What the operations of a part share.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// A tag (or the first segment of tags `a.b`).
    Tag(String),
    /// The first segment of their paths, in a definition without tags (`/v1/customers/{id}`
    /// → `customers`).
    Path(String),
    /// Operations without a tag, in a definition where others have one.
    Untagged,
    /// Definitions no operation uses (no operations).
    Unused,
}

/// Splits `api` by tag, or by path when no operation has a tag (Stripe's definition).
pub fn by_tag(api: &Api) -> Split {
    let tagged = api.operations.iter().any(|op| !op.tags.is_empty());
    let mut parts: Vec<(Group, Vec<usize>)> = Vec::new();
    let mut index: BTreeMap<Group, usize> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        let key = match op.tags.first() {
            Some(t) => Group::Tag(group(t).to_owned()),
            None if tagged => Group::Untagged,
            None => resource(&op.path).map_or(Group::Untagged, |r| Group::Path(r.to_owned())),
        };
        let part = *index.entry(key.clone()).or_insert_with(|| {
            parts.push((key, Vec::new()));
            parts.len() - 1
        });
        parts[part].1.push(i);
    }

    // Each schema's links, read once: parts walk them many times.
    let links: Vec<Vec<SchemaId>> = api.schemas.iter().map(|(_, s)| s.uses()).collect();
    // Which parts reach each schema, each part once and in order (parts walk in order).
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); links.len()];
    let reach = |users: &mut Vec<Vec<usize>>, part: usize, mut roots: Vec<SchemaId>| {
        let mut seen = vec![false; links.len()];
        while let Some(id) = roots.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            users[id.0].push(part);
            roots.extend(&links[id.0]);
        }
    };
    for (p, (_, ops)) in parts.iter().enumerate() {
        let roots = ops
            .iter()
            .flat_map(|&i| api.operations[i].schemas())
            .collect();
        reach(&mut users, p, roots);
    }
    // The definitions no operation reaches (GitHub's webhook payloads) form parts of their
    // own, of `UNUSED_PER_PART` in document order, which compile in parallel; what they
    // share with another part goes to the base.
    let unreached: Vec<SchemaId> = api
        .definitions
        .iter()
        .map(|d| d.schema)
        .filter(|id| users[id.0].is_empty())
        .collect();
    for chunk in unreached.chunks(UNUSED_PER_PART) {
        parts.push((Group::Unused, Vec::new()));
        reach(&mut users, parts.len() - 1, chunk.to_vec());
    }
    let owner = api
        .definitions
        .iter()
        .map(|d| match users[d.schema.0][..] {
            [p] => Some(p),
            _ => None,
        })
        .collect();
    Split {
        parts,
        owner,
        reached_by: users,
    }
}

/// The resource of a path: its first segment that is neither a parameter nor a version
/// (`/v1/customers/{id}` → `customers`, `/api/2.0/jobs` → `jobs`).
fn resource(path: &str) -> Option<&str> {
    let version = |s: &str| {
        let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    path.split('/')
        .find(|s| !s.is_empty() && !s.starts_with('{') && *s != "api" && !version(s))
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
    fn untagged_paths_group_by_resource() {
        assert_eq!(resource("/v1/customers/{id}"), Some("customers"));
        assert_eq!(resource("/api/2.0/jobs/list"), Some("jobs"));
        assert_eq!(resource("/{tenant}/orders"), Some("orders"));
        assert_eq!(resource("/"), None);
    }

    #[test]
    fn tags_group_by_their_first_segment() {
        assert_eq!(group("users.Actions"), "users");
        assert_eq!(group("repos"), "repos");
        assert_eq!(group(".hidden"), ".hidden");
    }
}
