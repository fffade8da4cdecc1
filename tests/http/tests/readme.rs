//! The README's example of calling the sandbox is `examples/readme_sandbox.rs`, which
//! `cargo test` builds (it is never run: it would call the real sandbox). This keeps the
//! two identical.

#[test]
fn the_readme_example_is_the_built_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/readme_sandbox.rs"
    ))
    .unwrap();
    let start = readme
        .find("A complete call of the sandbox:\n\n```rust,ignore\n")
        .expect("the README section");
    let block = &readme[start..];
    let block = &block[block.find('\n').unwrap() + 1..];
    let block = &block[block.find('\n').unwrap() + 1..];
    let block = &block[block.find('\n').unwrap() + 1..];
    let block = &block[..block.find("```").unwrap()];
    assert_eq!(
        block, example,
        "README.md and examples/readme_sandbox.rs differ: update both"
    );
}
