// A `crate` path that does not lead to oasbind-runtime is one error, at that path.

mod elsewhere {}

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata, crate = elsewhere)]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

fn main() {}
