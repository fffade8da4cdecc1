//! Generated code reaches the runtime through one path, `Config::runtime_path`: every
//! reference, the version check included.

use oasbind_tests::rt::Validate;

#[test]
fn bindings_can_reach_the_runtime_through_a_re_export() {
    let code = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/recursive_rt.rs")).unwrap();
    assert!(
        code.contains("crate::rt::__require_runtime!(\"0.1\");"),
        "{code}"
    );
    assert!(code.contains("use crate::rt::__private::check;"));
    assert!(
        !code.contains("oasbind_runtime"),
        "every reference goes through the path"
    );
    let node =
        oasbind_tests::recursive_rt::Node::from_json(r#"{"name":"root","children":[]}"#).unwrap();
    assert_eq!(node.name, "root");
}

#[test]
fn a_runtime_path_must_be_a_path() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/recursive.json");
    for bad in ["", "crate::", "::oasbind_runtime; fn x() {}", "a b"] {
        let error =
            oasbind::generate_file(spec, oasbind::Config::new().runtime_path(bad)).unwrap_err();
        assert!(
            error.to_string().contains("is not a Rust path"),
            "{bad:?}: {error}"
        );
    }
}
