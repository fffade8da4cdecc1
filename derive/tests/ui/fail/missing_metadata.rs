// `metadata = <path>` is required.

#[oasbind_derive::scopes]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

#[oasbind_derive::scopes(crate = oasbind_runtime)]
pub enum Other {
    #[scope("kyc")]
    Kyc,
}

fn main() {}
