// Tokens that are not RFC 6749 scope-tokens; every one is reported.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("")]
    Empty,
    #[scope("accounts kyc")]
    Space,
    #[scope("say-\"hi\"")]
    Quote,
    #[scope(r"back\slash")]
    Backslash,
    #[scope("café")]
    NonAscii,
    #[scope("tab\there")]
    Control,
    #[scope("ok")]
    Ok,
}

fn main() {}
