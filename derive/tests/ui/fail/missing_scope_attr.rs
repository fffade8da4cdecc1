// A variant without `#[scope]`.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
    /// Forgot the attribute.
    Kyc,
}

fn main() {
    // No cascade: the enum still exists, with its variants.
    let _ = Scope::Kyc;
}
