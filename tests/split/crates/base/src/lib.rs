//! Part of the `tagged` bindings (split layout): the definitions more than one part uses.

include!("generated.rs");
