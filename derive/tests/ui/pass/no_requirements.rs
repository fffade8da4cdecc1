// No scope requires anything; the metadata is never looked at.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("fx-rates")]
    FxRates,
    #[scope("branches", requires())]
    Branches,
    // Every printable ASCII character but `"` and `\` is allowed in a token.
    #[scope("!#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~")]
    Punctuation,
}

fn main() {
    use oasbind_runtime::TokenRequest;
    assert!(Scope::FxRates.missing_metadata(None).is_empty());
    assert!(Scope::Branches.required_metadata().is_empty());
    assert_eq!(
        Scope::Punctuation.to_string(),
        "!#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~"
    );
    let request = partner_auth::AccessTokenRequest::for_scopes(Scope::ALL, None).unwrap();
    assert!(request.scope.starts_with("fx-rates branches !#$"));
}
