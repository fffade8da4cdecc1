//! Bindings whose definition uses a string format with a type of its own (`date-time`,
//! `uuid`, `byte`, ...) start with `__require_chrono!()`, `__require_jiff!()`,
//! `__require_uuid!()` or `__require_base64!()`: nothing with the runtime feature, one error
//! naming it without.

#[test]
fn bindings_with_format_types_need_their_features() {
    let cases = trybuild::TestCases::new();
    for (feature, enabled) in [
        ("chrono", cfg!(feature = "chrono")),
        ("jiff", cfg!(feature = "jiff")),
        ("uuid", cfg!(feature = "uuid")),
        ("base64", cfg!(feature = "base64")),
    ] {
        let case = format!("tests/ui/{feature}_required.rs");
        if enabled {
            cases.pass(&case);
        } else {
            cases.compile_fail(&case);
        }
    }
}
