// Bindings generated for this runtime's version compile.

oasbind_runtime::__require_runtime!("0.1");

fn main() {
    assert_eq!(oasbind_runtime::VERSION, "0.1");
}
