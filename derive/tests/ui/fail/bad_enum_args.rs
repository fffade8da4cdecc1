// Malformed `#[scopes(...)]` arguments.

#[oasbind_derive::scopes(metadata = "partner_auth::OauthMetadata")]
pub enum A {
    #[scope("a")]
    A,
}

#[oasbind_derive::scopes(metadata partner_auth::OauthMetadata)]
pub enum B {
    #[scope("b")]
    B,
}

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata, metadata = partner_auth::OauthMetadata)]
pub enum C {
    #[scope("c")]
    C,
}

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata partner_auth)]
pub enum D {
    #[scope("d")]
    D,
}

fn main() {}
