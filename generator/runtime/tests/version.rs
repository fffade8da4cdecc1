//! Version skew between generated code and the runtime is one compile error that names both
//! versions: generated modules start with `__require_runtime!("<version>")`.

#[test]
fn a_version_mismatch_is_one_error_naming_both_versions() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/version_match.rs");
    cases.compile_fail("tests/ui/version_mismatch.rs");
}
