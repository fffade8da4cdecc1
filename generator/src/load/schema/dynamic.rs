//! `$dynamicRef` / `$dynamicAnchor` (2020-12) and `$recursiveRef` / `$recursiveAnchor`
//! (2019-09), resolved while loading: the generated validators are static functions.
//!
//! A location is reached through a dynamic scope: the schema resources that evaluation
//! entered on the way from a definition to it (through `$ref`s, and down into embedded
//! resources). What of it matters is a [`Scope`]: for each dynamic anchor name, the
//! outermost resource of the scope that declares it (`$recursiveAnchor: true` on a
//! resource's root is the anchor named ""). A `$dynamicRef` whose initial target (resolved
//! as a `$ref`) declares the `$dynamicAnchor` its fragment names resolves to the scope's
//! anchor of that name, or to that initial target when the scope has none; any other
//! `$dynamicRef` is a `$ref`. `$recursiveRef` likewise, when its initial target has
//! `$recursiveAnchor: true`.
//!
//! A location is memoised by its place and by the part of its scope that the dynamic
//! references below it consult ([`SchemaLoader::relevant_scope`]): the anchor names they
//! consult, found once per location over the static graph (sub-schemas, `$ref`s, initial
//! targets of dynamic references, the dynamic anchors of every resource entered), closed
//! over the anchors that the scope itself selects. Without dynamic anchors every scope is
//! empty, and none of this runs: the memo key is the place alone. (A document that
//! declares none, such as an API definition that refers to a meta-schema, adds nothing to
//! a scope and costs a set lookup per location.)
//!
//! Limits, each a located error beyond it, so that no definition can make the copies or
//! the work blow up: [`MAX_SCOPES`] scopes, [`MAX_SCOPED`] schemas converted in a scope,
//! [`MAX_VISITS`] sub-schemas and references followed in one, and [`MAX_NAMES`] anchor
//! names (a set of names is a bit set, a scope at most that long).

use super::{holds, mapping_reference, pointer, Dialect, Holds, SchemaLoader};
use crate::error::Result;
use crate::ir::SchemaId;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Distinct dynamic scopes (beyond the empty one) that a load may convert schemas in.
pub(super) const MAX_SCOPES: usize = 1024;

/// Schemas that a load may convert in a dynamic scope other than the empty one.
pub(super) const MAX_SCOPED: usize = 100_000;

/// Sub-schemas and references that a load may follow in a dynamic scope other than the
/// empty one (each costs a little more than one outside).
pub(super) const MAX_VISITS: usize = 1_000_000;

/// Distinct dynamic anchor names that a load may declare.
pub(super) const MAX_NAMES: usize = 64;

/// A schema's place: document and JSON pointer.
type Place = (usize, String);

/// A set of anchor names, by number (bit `i`: the name numbered `i`).
type Names = u64;

/// The dynamic anchors in scope: name (its number) → the anchor (its number) that the
/// outermost resource of the scope that declares the name has, sorted by name; and the
/// set of those names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Scope(Vec<(u8, u32)>, Names);

impl Scope {
    fn get(&self, name: u8) -> Option<u32> {
        let i = self.0.binary_search_by_key(&name, |(n, _)| *n).ok()?;
        Some(self.0[i].1)
    }

    /// Adds the anchors a resource declares (`names`: their names), but none whose name
    /// the scope has already (from a resource entered earlier: the outermost wins).
    fn add(&mut self, anchors: &[(u8, u32)], names: Names) {
        if names & !self.1 == 0 {
            return;
        }
        for &(name, anchor) in anchors {
            if self.1 & 1 << name == 0 {
                self.0.push((name, anchor));
            }
        }
        self.1 |= names;
        self.0.sort_unstable_by_key(|(n, _)| *n);
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The part of the scope that holds `names`.
    fn only(self, names: Names) -> Scope {
        let kept = self.0.into_iter().filter(|(n, _)| names & 1 << n != 0);
        Scope(kept.collect(), self.1 & names)
    }
}

/// A node of the static graph that [`SchemaLoader::below`] walks.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Node {
    /// The schema at a place.
    Schema(usize, String),
    /// A schema resource (its URI): it leads to the dynamic anchors it declares.
    Resource(String),
}

/// What the loader knows of dynamic anchors and scopes.
#[derive(Default)]
pub(super) struct Dynamic {
    /// Anchor names by number.
    names: HashMap<String, u8>,
    /// Resource URI → the dynamic anchors it declares (name, anchor), and their names.
    anchors: HashMap<String, (Vec<(u8, u32)>, Names)>,
    /// Every anchor's place, by number, and (once known) the names consulted below it.
    places: Vec<(Place, Option<Names>)>,
    /// Documents that declare dynamic anchors.
    declaring: HashSet<usize>,
    /// Where the first anchor with a name beyond [`MAX_NAMES`] is.
    overflow: Option<Place>,
    /// Scopes met, by number - 1 (0 is the empty scope).
    scopes: Vec<Scope>,
    numbers: HashMap<Scope, u32>,
    /// Schemas converted in a scope other than the empty one: (document, pointer, scope).
    pub(super) memo: HashMap<(usize, String, u32), SchemaId>,
    /// The anchor names consulted below a node.
    below: HashMap<Node, Names>,
    /// Memoised: the anchors of the resource a place is in, and a place's dynamic reference.
    entered: HashMap<Place, (Vec<(u8, u32)>, Names)>,
    refs: HashMap<Place, Option<(Place, Option<u8>)>>,
    /// Schemas referred to in a scope other than the empty one, so far.
    visits: usize,
}

impl Dynamic {
    /// Records that resource `resource` declares the dynamic anchor `name` at `at` (the
    /// first declaration of a name counts).
    pub(super) fn declare(&mut self, resource: String, name: String, at: Place) {
        let next = self.names.len();
        let number = match self.names.get(&name) {
            Some(n) => *n,
            None if next < MAX_NAMES => {
                self.names.insert(name, next as u8);
                next as u8
            }
            None => {
                self.overflow.get_or_insert(at);
                return;
            }
        };
        let (list, names) = self.anchors.entry(resource).or_default();
        if *names & 1 << number == 0 {
            self.declaring.insert(at.0);
            list.push((number, self.places.len() as u32));
            *names |= 1 << number;
            self.places.push((at, None));
        }
    }

    /// The scope numbered `n`.
    pub(super) fn scope(&self, n: u32) -> &Scope {
        static EMPTY: Scope = Scope(Vec::new(), 0);
        match n {
            0 => &EMPTY,
            n => &self.scopes[n as usize - 1],
        }
    }
}

/// The dynamic reference keyword of a dialect.
pub(super) fn keyword(dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Draft2019 => Some("$recursiveRef"),
        Dialect::Draft2020 => Some("$dynamicRef"),
        _ => None,
    }
}

/// The dynamic anchor that the schema `map` at `ptr` declares: its `$dynamicAnchor`
/// (2020-12), or "" for `$recursiveAnchor: true` on a resource's root (2019-09).
pub(super) fn anchor(dialect: Dialect, map: &Map<String, Value>, ptr: &str) -> Option<String> {
    match dialect {
        Dialect::Draft2020 => map.get("$dynamicAnchor")?.as_str().map(str::to_owned),
        Dialect::Draft2019 => {
            let root = ptr.is_empty()
                || map
                    .get("$id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| !id.starts_with('#'));
            (root && map.get("$recursiveAnchor") == Some(&Value::Bool(true))).then(String::new)
        }
        _ => None,
    }
}

impl SchemaLoader {
    /// Adds the dynamic anchors of the resource that `(doc, ptr)` is in to `scope`.
    pub(super) fn enter(&mut self, scope: &mut Scope, doc: usize, ptr: &str) {
        if !self.dynamic.declaring.contains(&doc) {
            return;
        }
        let key = (doc, ptr.to_owned());
        if !self.dynamic.entered.contains_key(&key) {
            let resource = self.base_at(doc, ptr);
            let list = self.dynamic.anchors.get(&resource).cloned();
            self.dynamic
                .entered
                .insert(key.clone(), list.unwrap_or_default());
        }
        if let Some((list, names)) = self.dynamic.entered.get(&key) {
            scope.add(list, *names);
        }
    }

    /// The `$dynamicRef` (`$recursiveRef`) of the schema at `(doc, at)`, if it has one:
    /// where it points before the scope is consulted, and the anchor name it consults the
    /// scope for (`None`: it is a `$ref`).
    fn dynamic_ref(&mut self, doc: usize, at: &str) -> Result<Option<(Place, Option<u8>)>> {
        let key = (doc, at.to_owned());
        if let Some(known) = self.dynamic.refs.get(&key) {
            return Ok(known.clone());
        }
        let found = self.find_dynamic_ref(doc, at)?;
        self.dynamic.refs.insert(key, found.clone());
        Ok(found)
    }

    /// [`SchemaLoader::dynamic_ref`], not memoised.
    fn find_dynamic_ref(&mut self, doc: usize, at: &str) -> Result<Option<(Place, Option<u8>)>> {
        let dialect = self.meta[doc].dialect;
        let Some(keyword) = keyword(dialect) else {
            return Ok(None);
        };
        let Some(reference) = self.value(doc, at)?.get(keyword) else {
            return Ok(None);
        };
        let Some(reference) = reference.as_str().map(str::to_owned) else {
            return Err(self.err(
                doc,
                &pointer::join(at, keyword),
                format!("`{keyword}` must be a string"),
            ));
        };
        let initial = self.resolve_keyword(doc, at, keyword, &reference)?;
        let wanted = match dialect {
            Dialect::Draft2020 => reference
                .split_once('#')
                .map(|(_, fragment)| fragment)
                .filter(|f| !f.is_empty() && !f.starts_with('/'))
                .map(str::to_owned),
            _ => Some(String::new()),
        };
        let declared = match self.value(initial.0, &initial.1)? {
            Value::Object(map) => anchor(self.meta[initial.0].dialect, map, &initial.1),
            _ => None,
        };
        let name = wanted
            .filter(|w| declared.as_ref() == Some(w))
            .and_then(|w| self.dynamic.names.get(&w).copied());
        Ok(Some((initial, name)))
    }

    /// Where the `$dynamicRef` (`$recursiveRef`) of the schema at `(doc, at)` points when
    /// it is reached through `scope`.
    pub(super) fn resolve_dynamic(&mut self, doc: usize, at: &str, scope: &Scope) -> Result<Place> {
        let Some((initial, name)) = self.dynamic_ref(doc, at)? else {
            return Err(self.err(doc, at, "expected a dynamic reference here"));
        };
        let selected = name.and_then(|n| scope.get(n));
        Ok(selected.map_or(initial, |a| self.dynamic.places[a as usize].0.clone()))
    }

    /// The number of the part of `scope` that the schema at `(doc, ptr)` depends on: the
    /// anchors of the names that dynamic references below it may consult (0 when there
    /// are none). Errors beyond [`MAX_NAMES`] names, [`MAX_VISITS`] calls with a scope and
    /// [`MAX_SCOPES`] distinct scopes.
    pub(super) fn relevant_scope(&mut self, doc: usize, ptr: &str, scope: Scope) -> Result<u32> {
        if let Some((d, p)) = &self.dynamic.overflow {
            return Err(self.err(
                *d,
                p,
                format!("more than {MAX_NAMES} dynamic anchor names (`$dynamicAnchor`; `$recursiveAnchor` is one): oasbind stops here"),
            ));
        }
        if scope.is_empty() {
            return Ok(0);
        }
        self.dynamic.visits += 1;
        if self.dynamic.visits > MAX_VISITS {
            return Err(self.err(
                doc,
                ptr,
                format!("more than {MAX_VISITS} sub-schemas and references are followed in dynamic scopes (for `$dynamicRef`s or `$recursiveRef`s); oasbind stops here"),
            ));
        }
        let mut names = self.below(Node::Schema(doc, ptr.to_owned()));
        // The anchors the scope selects are where those references lead: what is consulted
        // below them counts too.
        let mut followed: Names = 0;
        loop {
            let mut grown = names;
            for &(n, anchor) in &scope.0 {
                let bit = 1 << n;
                if names & bit != 0 && followed & bit == 0 {
                    followed |= bit;
                    grown |= self.below_anchor(anchor);
                }
            }
            if grown == names {
                break;
            }
            names = grown;
        }
        let kept = scope.only(names);
        if kept.is_empty() {
            return Ok(0);
        }
        if let Some(n) = self.dynamic.numbers.get(&kept) {
            return Ok(*n);
        }
        if self.dynamic.scopes.len() >= MAX_SCOPES {
            return Err(self.err(
                doc,
                ptr,
                format!(
                    "more than {MAX_SCOPES} dynamic scopes (the `$dynamicAnchor`s that the `$dynamicRef`s or `$recursiveRef`s below a schema resolve to) in one definition; oasbind converts such a schema once per scope, and stops at this one"
                ),
            ));
        }
        self.dynamic.scopes.push(kept.clone());
        let n = self.dynamic.scopes.len() as u32;
        self.dynamic.numbers.insert(kept, n);
        Ok(n)
    }

    /// The schema converted at `(doc, ptr)` in scope `n`, if there is one yet. Errors when
    /// a new one would pass [`MAX_SCOPED`].
    pub(super) fn scoped(&self, doc: usize, ptr: &str, n: u32) -> Result<Option<SchemaId>> {
        if let Some(id) = self.dynamic.memo.get(&(doc, ptr.to_owned(), n)) {
            return Ok(Some(*id));
        }
        if self.dynamic.memo.len() >= MAX_SCOPED {
            return Err(self.err(
                doc,
                ptr,
                format!(
                    "more than {MAX_SCOPED} schemas are converted once per dynamic scope (for the `$dynamicRef`s or `$recursiveRef`s below them); oasbind stops here"
                ),
            ));
        }
        Ok(None)
    }

    /// [`SchemaLoader::below`] an anchor, memoised by its number.
    fn below_anchor(&mut self, anchor: u32) -> Names {
        let (at, known) = &self.dynamic.places[anchor as usize];
        if let Some(names) = known {
            return *names;
        }
        let names = self.below(Node::Schema(at.0, at.1.clone()));
        self.dynamic.places[anchor as usize].1 = Some(names);
        names
    }

    /// The anchor names that `$dynamicRef`s (`$recursiveRef`s) reachable from `start`
    /// consult, memoised per node: Tarjan's strongly connected components, iteratively (a
    /// component's nodes share one set).
    fn below(&mut self, start: Node) -> Names {
        if let Some(names) = self.dynamic.below.get(&start) {
            return *names;
        }
        let mut index: HashMap<Node, usize> = HashMap::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut edges: Vec<Vec<Node>> = Vec::new();
        let mut own: Vec<Names> = Vec::new();
        let mut low: Vec<usize> = Vec::new();
        let mut on_stack: Vec<bool> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut calls: Vec<(usize, usize)> = Vec::new(); // (node, next edge)
        macro_rules! visit {
            ($node:expr) => {{
                let node: Node = $node;
                let i = nodes.len();
                let (e, name) = self.edges(&node);
                index.insert(node.clone(), i);
                nodes.push(node);
                edges.push(e);
                own.push(name);
                low.push(i);
                on_stack.push(true);
                stack.push(i);
                calls.push((i, 0));
            }};
        }
        visit!(start.clone());
        while let Some(&(v, next)) = calls.last() {
            if next < edges[v].len() {
                if let Some(call) = calls.last_mut() {
                    call.1 += 1;
                }
                let w = edges[v][next].clone();
                if self.dynamic.below.contains_key(&w) {
                    continue;
                }
                match index.get(&w) {
                    None => visit!(w),
                    Some(&wi) if on_stack[wi] => low[v] = low[v].min(wi),
                    Some(_) => {}
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] != v {
                continue;
            }
            let mut members = Vec::new();
            while let Some(w) = stack.pop() {
                on_stack[w] = false;
                members.push(w);
                if w == v {
                    break;
                }
            }
            let mut names: Names = 0;
            for &m in &members {
                names |= own[m];
                for e in &edges[m] {
                    names |= self.dynamic.below.get(e).copied().unwrap_or(0);
                }
            }
            for &m in &members {
                self.dynamic.below.insert(nodes[m].clone(), names);
            }
        }
        self.dynamic.below.get(&start).copied().unwrap_or(0)
    }

    /// Where a node leads (sub-schemas, `$ref`s, the initial target of a dynamic reference,
    /// the resource it is in; a resource: its dynamic anchors), and the anchor name it
    /// consults. A reference that leads nowhere leads nowhere here: converting reports it.
    fn edges(&mut self, node: &Node) -> (Vec<Node>, Names) {
        let (doc, ptr) = match node {
            Node::Resource(uri) => {
                let anchors = self.dynamic.anchors.get(uri).into_iter().flat_map(|l| &l.0);
                let places = &self.dynamic.places;
                let out = anchors
                    .map(|(_, a)| {
                        let (d, p) = &places[*a as usize].0;
                        Node::Schema(*d, p.clone())
                    })
                    .collect();
                return (out, 0);
            }
            Node::Schema(doc, ptr) => (*doc, ptr.as_str()),
        };
        let document = std::rc::Rc::clone(&self.docs[doc]);
        let overlay = self.overlay(doc, ptr).cloned();
        let value = match &overlay {
            Some(v) => Some(v),
            None => pointer::resolve(&document.root, ptr),
        };
        let Some(map) = value.and_then(Value::as_object) else {
            return (Vec::new(), 0);
        };
        let dialect = self.meta[doc].dialect;
        let mut out = vec![Node::Resource(self.base_at(doc, ptr))];
        let mut refs: Vec<(String, String)> = Vec::new(); // (where, reference)
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            refs.push((ptr.to_owned(), r.to_owned()));
        }
        let schema = |v: &Value| v.is_object() || v.is_boolean();
        if !(dialect.ref_replaces_siblings() && map.contains_key("$ref")) {
            for (key, child) in map {
                let at = pointer::join(ptr, key);
                match holds(key) {
                    // Not applied to the instance.
                    _ if matches!(key.as_str(), "$defs" | "definitions" | "contentSchema") => {}
                    Holds::One => out.push(Node::Schema(doc, at)),
                    Holds::Items if !child.is_array() => out.push(Node::Schema(doc, at)),
                    Holds::Map | Holds::Dependencies => {
                        for (k, c) in child.as_object().into_iter().flatten() {
                            if schema(c) {
                                out.push(Node::Schema(doc, pointer::join(&at, k)));
                            }
                        }
                    }
                    Holds::List | Holds::Items => {
                        for (i, c) in child.as_array().into_iter().flatten().enumerate() {
                            if schema(c) {
                                out.push(Node::Schema(doc, pointer::index(&at, i)));
                            }
                        }
                    }
                    Holds::Data => {}
                }
            }
            let mapping = map
                .get("discriminator")
                .and_then(|d| d.get("mapping"))
                .and_then(Value::as_object);
            let at = pointer::join(&pointer::join(ptr, "discriminator"), "mapping");
            for (tag, target) in mapping.into_iter().flatten() {
                if let Some(target) = target.as_str() {
                    refs.push((pointer::join(&at, tag), mapping_reference(target)));
                }
            }
        }
        for (at, reference) in refs {
            if let Ok((d, p)) = self.resolve_ref(doc, &at, &reference) {
                out.push(Node::Schema(d, p));
            }
        }
        let mut names: Names = 0;
        if let Ok(Some(((d, p), consults))) = self.dynamic_ref(doc, ptr) {
            out.push(Node::Schema(d, p));
            names = consults.map_or(0, |n| 1 << n);
        }
        (out, names)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{source::Document, SchemaLoader};
    use super::{Dialect, MAX_NAMES, MAX_SCOPES};
    use crate::ir::{SchemaId, Schemas};
    use serde_json::{json, Value};

    /// Loads `root` (a JSON Schema document) and its `$defs`, as the JSON Schema front end does.
    fn load(root: Value, dialect: Dialect) -> crate::error::Result<(Vec<SchemaId>, Schemas)> {
        let doc = Document {
            file: "/nowhere/root.json".to_owned(),
            root: root.clone().into(),
        };
        let mut loader = SchemaLoader::for_schema(doc, dialect, Vec::new());
        let mut ids = vec![loader.schema_at("")?];
        for name in root
            .get("$defs")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            ids.push(loader.schema_at(&format!("/$defs/{name}"))?);
        }
        let (schemas, warnings, _) = loader.finish()?;
        assert!(warnings.is_empty(), "{warnings:?}");
        Ok((ids, schemas))
    }

    /// The origin pointer of what `id` refers to, down `path` (`properties/x`, `items`, …).
    fn pointer_of(schemas: &Schemas, mut id: SchemaId, path: &[&str]) -> String {
        for step in path {
            let s = schemas.get(id);
            id = match *step {
                "$ref" => s.reference.expect("a reference"),
                "items" => s.items.expect("items"),
                "additionalProperties" => s.additional_properties.expect("additionalProperties"),
                p => {
                    let (kind, i) = p.split_once('/').expect("kind/index");
                    match kind {
                        "anyOf" => s.any_of[i.parse::<usize>().expect("index")],
                        "allOf" => s.all_of[i.parse::<usize>().expect("index")],
                        "properties" => {
                            s.properties
                                .iter()
                                .find(|(n, _)| n == i)
                                .expect("property")
                                .1
                        }
                        other => panic!("step {other}"),
                    }
                }
            };
        }
        schemas.get(id).origin.pointer.clone()
    }

    #[test]
    fn without_dynamic_anchors_nothing_is_scoped() {
        let root = json!({
            "$id": "https://example.com/root",
            "items": {"$dynamicRef": "#/$defs/a"},
            "$defs": {"a": {"type": "string", "properties": {"b": {"$ref": "#"}}}}
        });
        let (ids, schemas) = load(root, Dialect::Draft2020).expect("loads");
        assert_eq!(pointer_of(&schemas, ids[0], &["items"]), "/$defs/a");
        // Each place once: the root, /$defs/a (also the item) and nothing else.
        let (_, schemas2) = load(
            json!({"$id": "https://example.com/root", "items": {"$ref": "#/$defs/a"}, "$defs": {"a": {"type": "string", "properties": {"b": {"$ref": "#"}}}}}),
            Dialect::Draft2020,
        )
        .expect("loads");
        assert_eq!(format!("{schemas:?}").len(), format!("{schemas2:?}").len());
    }

    #[test]
    fn a_document_without_dynamic_anchors_costs_nothing() {
        // It refers to the 2020-12 meta-schema, whose documents declare anchors: they are
        // converted in a scope; the document itself is keyed by place alone, and nothing
        // of the dynamic machinery looks at it.
        let root = json!({
            "properties": {
                "schema": {"$ref": "https://json-schema.org/draft/2020-12/schema"},
                "list": {"type": "array", "items": {"$ref": "#/$defs/a"}}
            },
            "$defs": {"a": {"type": "string"}}
        });
        let doc = Document {
            file: "/nowhere/root.json".to_owned(),
            root: root.into(),
        };
        let mut loader = SchemaLoader::for_schema(doc, Dialect::Draft2020, Vec::new());
        loader.schema_at("").expect("the root");
        while let Some((doc, ptr, id, scope)) = loader.queue.pop_front() {
            loader.scope = scope;
            let schema = loader.convert(doc, &ptr).expect("converts");
            loader.schemas.set(id, schema);
        }
        assert!(loader.docs.len() > 1, "the meta-schema is loaded");
        assert!(!loader.dynamic.memo.is_empty(), "the meta-schema is scoped");
        assert!(loader.dynamic.memo.keys().all(|(d, ..)| *d != 0));
        assert!(loader.dynamic.entered.keys().all(|(d, _)| *d != 0));
        assert!(loader.dynamic.below.keys().all(|n| match n {
            super::Node::Schema(d, _) => *d != 0,
            super::Node::Resource(uri) => !uri.starts_with("file:"),
        }));
        // The root, the list and its items (the other property is the meta-schema itself).
        assert_eq!(loader.memo.keys().filter(|(d, _)| *d == 0).count(), 3);
    }

    #[test]
    fn dynamic_ref_takes_the_outermost_anchor_of_the_scope() {
        // The suite's "multiple dynamic paths to the $dynamicRef keyword": the same
        // generic list, reached through two resources, is two schemas.
        let root = json!({
            "$id": "https://example.com/main",
            "if": {"properties": {"kindOfList": {"const": "numbers"}}, "required": ["kindOfList"]},
            "then": {"$ref": "numberList"},
            "else": {"$ref": "stringList"},
            "$defs": {
                "genericList": {
                    "$id": "genericList",
                    "properties": {"list": {"items": {"$dynamicRef": "#itemType"}}},
                    "$defs": {"defaultItemType": {"$dynamicAnchor": "itemType"}}
                },
                "numberList": {
                    "$id": "numberList",
                    "$defs": {"itemType": {"$dynamicAnchor": "itemType", "type": "number"}},
                    "$ref": "genericList"
                },
                "stringList": {
                    "$id": "stringList",
                    "$defs": {"itemType": {"$dynamicAnchor": "itemType", "type": "string"}},
                    "$ref": "genericList"
                }
            }
        });
        let (ids, schemas) = load(root, Dialect::Draft2020).expect("loads");
        let main = schemas.get(ids[0]);
        let cond = main.conditional.as_ref().expect("if");
        let (then, otherwise) = (cond.then.expect("then"), cond.otherwise.expect("else"));
        // `then` is a plain `$ref`: it is numberList itself.
        let item = |id| pointer_of(&schemas, id, &["$ref", "properties/list", "items"]);
        assert_eq!(item(then), "/$defs/numberList/$defs/itemType");
        assert_eq!(item(otherwise), "/$defs/stringList/$defs/itemType");
        // genericList as a definition of its own: its own anchor.
        let generic = ids[1];
        assert_eq!(
            pointer_of(&schemas, generic, &["properties/list", "items"]),
            "/$defs/genericList/$defs/defaultItemType"
        );
    }

    #[test]
    fn recursive_ref_takes_the_outermost_recursive_anchor() {
        // The 2019-09 suite's "$recursiveRef with nesting".
        let root = json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": "http://localhost:4242/draft2019-09/recursiveRef3/schema.json",
            "$recursiveAnchor": true,
            "$defs": {
                "myobject": {
                    "$id": "myobject.json",
                    "$recursiveAnchor": true,
                    "anyOf": [
                        {"type": "string"},
                        {"type": "object", "additionalProperties": {"$recursiveRef": "#"}}
                    ]
                }
            },
            "anyOf": [{"type": "integer"}, {"$ref": "#/$defs/myobject"}]
        });
        let (ids, schemas) = load(root.clone(), Dialect::Draft2019).expect("loads");
        let deep = ["anyOf/1", "anyOf/1", "additionalProperties"];
        assert_eq!(pointer_of(&schemas, ids[0], &deep), "");
        // From myobject itself (a definition), the recursion stays there.
        assert_eq!(
            pointer_of(&schemas, ids[1], &["anyOf/1", "additionalProperties"]),
            "/$defs/myobject"
        );
        // Without the outer anchor, a `$ref`.
        let mut plain = root;
        plain["$recursiveAnchor"] = json!(false);
        let (ids, schemas) = load(plain, Dialect::Draft2019).expect("loads");
        assert_eq!(pointer_of(&schemas, ids[0], &deep), "/$defs/myobject");
    }

    #[test]
    fn bundled_metaschemas_resolve() {
        for (uri, dialect) in [
            (
                "https://json-schema.org/draft/2020-12/schema",
                Dialect::Draft2020,
            ),
            (
                "https://json-schema.org/draft/2019-09/schema",
                Dialect::Draft2019,
            ),
        ] {
            let (ids, schemas) =
                load(json!({"$ref": uri}), dialect).expect("the meta-schema loads");
            assert_eq!(schemas.get(ids[0]).origin.file, uri);
        }
    }

    #[test]
    fn anchor_names_are_capped() {
        let defs: serde_json::Map<String, Value> = (0..=MAX_NAMES)
            .map(|i| (format!("d{i}"), json!({"$dynamicAnchor": format!("a{i}")})))
            .collect();
        let root = json!({"$id": "https://example.com/root", "$defs": defs});
        let Err(e) = load(root, Dialect::Draft2020) else {
            panic!("the cap was not enforced");
        };
        assert!(
            e.to_string().contains("more than 64 dynamic anchor names"),
            "{e}"
        );
    }

    #[test]
    fn many_anchors_and_references_stay_cheap() {
        // Every anchor in scope everywhere, every name consulted: each location's work is
        // bounded by the anchors, not by the locations times the anchors squared.
        let n = MAX_NAMES;
        let mut defs = serde_json::Map::new();
        for i in 0..n {
            defs.insert(
                format!("d{i}"),
                json!({
                    "$dynamicAnchor": format!("a{i}"),
                    "properties": {"next": {"$dynamicRef": format!("#a{}", (i + 1) % n)}}
                }),
            );
        }
        let root = json!({"$id": "https://example.com/root", "$ref": "#/$defs/d0", "$defs": defs});
        let started = std::time::Instant::now();
        load(root, Dialect::Draft2020).expect("loads");
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn scopes_are_capped() {
        // A generic list instantiated more often than the cap allows.
        let n = MAX_SCOPES + 1;
        let mut defs = serde_json::Map::new();
        defs.insert(
            "generic".to_owned(),
            json!({"$id": "generic", "items": {"$dynamicRef": "#t"}, "$defs": {"t": {"$dynamicAnchor": "t"}}}),
        );
        let mut any_of = Vec::new();
        for i in 0..n {
            defs.insert(
                format!("i{i}"),
                json!({"$id": format!("i{i}"), "$ref": "generic", "$defs": {"t": {"$dynamicAnchor": "t", "minimum": i}}}),
            );
            any_of.push(json!({"$ref": format!("i{i}")}));
        }
        let root = json!({"$id": "https://example.com/root", "anyOf": any_of, "$defs": defs});
        let Err(e) = load(root, Dialect::Draft2020) else {
            panic!("the cap was not enforced");
        };
        let message = e.to_string();
        assert!(
            message.contains("more than 1024 dynamic scopes"),
            "{message}"
        );
        assert!(message.contains("/$defs/i"), "{message}");
    }
}
