// Bindings that hold values of a format with a type of its own start with this line;
// without the runtime's `uuid` feature it is one error that says which feature to enable.
oasbind_runtime::__require_uuid!();

fn main() {}
