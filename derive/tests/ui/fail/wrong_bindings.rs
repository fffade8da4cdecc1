// A `bindings` path without the seam is reported at that path.

mod elsewhere {}

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata, bindings = elsewhere)]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

fn main() {}
