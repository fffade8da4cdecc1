// Bindings that hold values of a format with a type of its own start with this line;
// without the runtime's `chrono` feature it is one error that says which feature to enable.
oasbind_runtime::__require_chrono!();

fn main() {}
