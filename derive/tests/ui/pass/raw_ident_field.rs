// A metadata type of one's own, with a field named by a raw identifier: its wire name has no
// `r#`. Any field type implementing `MetadataField` works.

use std::collections::BTreeMap;

#[derive(Default)]
pub struct Meta {
    pub r#type: Option<String>,
    pub tags: Vec<String>,
    pub extra: BTreeMap<String, String>,
    pub count: i64,
}

#[oasbind_derive::scopes(metadata = Meta)]
pub enum Scope {
    #[scope("typed", requires(r#type, tags))]
    Typed,
    #[scope("counted", requires(count, extra))]
    Counted,
}

fn main() {
    assert_eq!(Scope::Typed.required_metadata(), ["type", "tags"]);
    assert_eq!(
        Scope::Typed.missing_metadata(Some(&Meta::default())),
        ["type", "tags"]
    );
    let meta = Meta {
        r#type: Some("retail".into()),
        tags: vec!["a".into()],
        ..Meta::default()
    };
    assert!(Scope::Typed.missing_metadata(Some(&meta)).is_empty());
    // Numbers are always present; empty maps are not.
    assert_eq!(Scope::Counted.missing_metadata(Some(&meta)), ["extra"]);
}
