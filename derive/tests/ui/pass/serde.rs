// The enum serializes as its token, also inside the user's own serde types.

use serde::{Deserialize, Serialize};

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("fx-rates")]
    FxRates,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Grant {
    scopes: Vec<Scope>,
    primary: Option<Scope>,
}

fn main() {
    let grant = Grant {
        scopes: vec![Scope::FxRates, Scope::Accounts],
        primary: Some(Scope::Accounts),
    };
    let json = serde_json::to_string(&grant).unwrap();
    assert_eq!(
        json,
        r#"{"scopes":["fx-rates","accounts"],"primary":"accounts"}"#
    );
    assert_eq!(serde_json::from_str::<Grant>(&json).unwrap(), grant);
    let err = serde_json::from_str::<Grant>(r#"{"scopes":["fx"],"primary":null}"#).unwrap_err();
    assert!(
        err.to_string()
            .contains(r#"unknown scope "fx"; expected one of "accounts", "fx-rates""#),
        "{err}"
    );
}
