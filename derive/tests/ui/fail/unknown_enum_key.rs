// An unknown key in `#[scopes(...)]`.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata, bindigs = partner_auth)]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

fn main() {}
