// A scope enum declared inside a function body, and one with no variants at all.

fn main() {
    #[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
    enum Local {
        #[scope("local", requires(account_id))]
        Local,
    }
    assert_eq!(
        serde_json::from_str::<Local>("\"local\"").unwrap(),
        Local::Local
    );
    assert_eq!(Local::Local.missing_metadata(None), ["account_id"]);

    #[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
    enum Empty {}
    assert!(Empty::ALL.is_empty());
    assert!("x".parse::<Empty>().is_err());
    let err = serde_json::from_str::<Empty>("\"x\"").unwrap_err();
    assert!(err.to_string().starts_with("unknown scope \"x\""), "{err}");
}
