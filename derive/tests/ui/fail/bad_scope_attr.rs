// Malformed `#[scope]` attributes.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope]
    NoToken,
    #[scope(requires(account_id))]
    OnlyRequires,
    #[scope = "accounts"]
    NameValue,
    #[scope("a", "b")]
    TwoTokens,
    #[scope("c")]
    #[scope("d")]
    TwoAttributes,
    #[scope("e", requires(account_id), requires(emirates_id))]
    TwoRequires,
    #[scope(42)]
    NotAString,
    #[scope("f", requires(type))]
    Keyword,
    #[scope("g", requires)]
    RequiresWithoutList,
}

fn main() {}
