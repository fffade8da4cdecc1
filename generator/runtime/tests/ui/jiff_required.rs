// Bindings whose generator Config holds dates, times and durations as jiff values start with
// this line; without the runtime's `jiff` feature it is one error that says which to enable.
oasbind_runtime::__require_jiff!();

fn main() {}
