//! Bindings that assert `hostname`, `idn-hostname` or `idn-email` need the runtime's IDNA
//! tables: they start with `__require_idn!()`, which compiles only with the `idn` feature
//! and otherwise is one error naming it (the tables are not in the default build).

#[test]
fn bindings_that_assert_an_idna_format_need_the_idn_feature() {
    let cases = trybuild::TestCases::new();
    if cfg!(feature = "idn") {
        cases.pass("tests/ui/idn_required.rs");
    } else {
        cases.compile_fail("tests/ui/idn_required.rs");
    }
}
