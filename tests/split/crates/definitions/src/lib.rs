//! Part of the `tagged` bindings (split layout): definitions no operation uses (the ones they share with operations are `tagged_base`'s).

include!("generated.rs");
