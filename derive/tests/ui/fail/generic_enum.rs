// A scope enum has no generic parameters.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope<T> {
    #[scope("accounts")]
    Accounts,
    #[scope("other")]
    Other(T),
}

fn main() {}
