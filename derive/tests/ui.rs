//! Compile-time behaviour of `#[scopes]`: every `ui/pass` case compiles and runs, every
//! `ui/fail` case fails with the reviewed `.stderr` next to it.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
