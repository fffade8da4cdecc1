// `#[scopes]` is for enums.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub struct Scope {
    pub token: String,
}

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub fn scopes() {}

fn main() {
    // No cascade: the items are still there.
    let _ = Scope {
        token: String::new(),
    };
    scopes();
}
