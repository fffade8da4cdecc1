// An unknown key in `#[scopes(...)]`.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata, crat = oasbind_runtime)]
pub enum Scope {
    #[scope("accounts")]
    Accounts,
}

fn main() {}
