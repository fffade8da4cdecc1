// Traits the macro implements cannot be derived again.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[derive(Debug, Hash, PartialOrd, serde::Serialize)]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

fn main() {}
