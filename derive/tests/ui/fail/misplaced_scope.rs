// `#[scope]` goes on variants.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[scope("everything")]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

fn main() {}
