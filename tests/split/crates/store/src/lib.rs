//! Part of the `tagged` bindings (split layout): the operations tagged `store` and the definitions only they use (the shared ones are `tagged_base`'s).

include!("generated.rs");
