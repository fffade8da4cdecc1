// Bindings that assert an IDNA format start with this line; without the runtime's `idn`
// feature it is one error that says which feature to enable.
oasbind_runtime::__require_idn!();

fn main() {}
