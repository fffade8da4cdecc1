//! Runtime behaviour of a `#[scopes]` enum against the partner authentication bindings.

use oasbind_runtime::{MissingMetadata, OAuthScope, ScopeRequestError, TokenRequest, UnknownScope};
use partner_auth::{AccessTokenRequest, GrantType, OauthMetadata};
use std::collections::HashSet;

/// The scopes of the partner authentication API.
#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[derive(PartialOrd, Ord)]
pub enum Scope {
    /// Read the partner's accounts.
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("kyc", requires(emirates_id))]
    Kyc,
    #[scope("payments", requires(account_id, emirates_id))]
    Payments,
    #[scope("fx-rates")]
    FxRates,
}

/// Scopes with long tokens, to overflow the `maxLength` of the joined scope.
#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum LongScope {
    #[scope(
        "partner.accounts.balances.read.all-currencies.including-closed-accounts.with-history/v1"
    )]
    Balances,
    #[scope(
        "partner.accounts.statements.read.all-currencies.including-closed-accounts.pdf-and-csv/v1"
    )]
    Statements,
    #[scope(
        "partner.payments.domestic-and-international.initiate.with-fx-conversion.and-approval/v1"
    )]
    Payments,
    #[scope("partner.customers.kyc.documents.read.emirates-id.passport.visa.trade-license.all/v1")]
    Documents,
    #[scope(
        "partner.cards.debit-and-credit.read.transactions.limits.statuses.and-rewards-points/v1"
    )]
    Cards,
    #[scope(
        "partner.fx.rates.read.spot-forward-and-swap.all-currency-pairs.intraday-and-history/v1"
    )]
    FxRates,
    #[scope(
        "partner.loans.read.schedules.repayments.outstanding-balances.and-collateral-details/v1"
    )]
    Loans,
}

fn metadata(account_id: Option<&str>, emirates_id: Option<&str>) -> OauthMetadata {
    OauthMetadata {
        account_id: account_id.map(str::to_owned),
        emirates_id: emirates_id.map(str::to_owned),
        ..OauthMetadata::default()
    }
}

fn full() -> OauthMetadata {
    metadata(Some("0188000049916"), Some("500000000006190"))
}

/// What `check_metadata` reports: the scope enum does not know the metadata's wire name.
fn missing(pairs: &[(&'static str, &'static str)]) -> MissingMetadata {
    MissingMetadata {
        missing: pairs.to_vec(),
        property: None,
    }
}

/// What `for_scopes` reports: the token request knows its metadata's wire name.
fn missing_in_request(pairs: &[(&'static str, &'static str)]) -> MissingMetadata {
    MissingMetadata {
        property: Some("oauth_metadata"),
        ..missing(pairs)
    }
}

#[test]
fn each_scope_alone() {
    let cases: [(Scope, &str, &[&str]); 4] = [
        (Scope::Accounts, "accounts", &["account_id"]),
        (Scope::Kyc, "kyc", &["emirates_id"]),
        (Scope::Payments, "payments", &["account_id", "emirates_id"]),
        (Scope::FxRates, "fx-rates", &[]),
    ];
    for (scope, token, required) in cases {
        assert_eq!(scope.as_str(), token);
        assert_eq!(scope.required_metadata(), required);
        assert_eq!(scope.missing_metadata(None), required, "{scope}");
        assert_eq!(
            scope.missing_metadata(Some(&OauthMetadata::default())),
            required,
            "{scope}"
        );
        assert!(scope.missing_metadata(Some(&full())).is_empty(), "{scope}");
        assert_eq!(Scope::check_metadata(&[scope], Some(&full())), Ok(()));

        let request = AccessTokenRequest::for_scopes(&[scope], Some(full())).unwrap();
        assert_eq!(request.scope, token);
        assert_eq!(request.grant_type, GrantType::default());
        assert_eq!(request.oauth_metadata, Some(full().into()));
    }
    // A scope that requires nothing needs no metadata at all.
    let request = AccessTokenRequest::for_scopes(&[Scope::FxRates], None).unwrap();
    assert_eq!(request.scope, "fx-rates");
    assert_eq!(request.oauth_metadata, None);
}

#[test]
fn overlapping_requirements_are_united() {
    // Each missing field once, with the first scope that needs it.
    assert_eq!(
        Scope::check_metadata(&[Scope::Accounts, Scope::Kyc, Scope::Payments], None),
        Err(missing(&[
            ("accounts", "account_id"),
            ("kyc", "emirates_id")
        ])),
    );
    assert_eq!(
        Scope::check_metadata(&[Scope::Payments, Scope::Accounts, Scope::Kyc], None),
        Err(missing(&[
            ("payments", "account_id"),
            ("payments", "emirates_id")
        ])),
    );
    assert_eq!(
        Scope::check_metadata(
            &[Scope::FxRates, Scope::Accounts, Scope::Payments],
            Some(&metadata(Some("0188000049916"), None)),
        ),
        Err(missing(&[("payments", "emirates_id")])),
    );
    assert_eq!(
        Scope::check_metadata(
            &[Scope::Accounts, Scope::Kyc, Scope::Payments],
            Some(&full())
        ),
        Ok(()),
    );
    let request = AccessTokenRequest::for_scopes(
        &[Scope::Accounts, Scope::Kyc, Scope::Payments, Scope::FxRates],
        Some(full()),
    )
    .unwrap();
    assert_eq!(request.scope, "accounts kyc payments fx-rates");
}

#[test]
fn a_missing_field_stops_the_request() {
    let err = AccessTokenRequest::for_scopes(
        &[Scope::Accounts, Scope::Kyc],
        Some(metadata(Some("0188000049916"), None)),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ScopeRequestError::MissingMetadata(missing_in_request(&[("kyc", "emirates_id")]))
    );
    assert_eq!(
        err.to_string(),
        "missing metadata: scope \"kyc\" requires oauth_metadata.emirates_id"
    );

    let err = AccessTokenRequest::for_scopes(&[Scope::Payments], None).unwrap_err();
    assert_eq!(
        err,
        ScopeRequestError::MissingMetadata(missing_in_request(&[
            ("payments", "account_id"),
            ("payments", "emirates_id"),
        ])),
    );
}

#[test]
fn an_empty_string_counts_as_missing() {
    let blank = metadata(Some(""), Some("500000000006190"));
    assert_eq!(
        Scope::Accounts.missing_metadata(Some(&blank)),
        ["account_id"]
    );
    assert_eq!(
        Scope::Payments.missing_metadata(Some(&blank)),
        ["account_id"]
    );
    assert!(Scope::Kyc.missing_metadata(Some(&blank)).is_empty());
    assert_eq!(
        AccessTokenRequest::for_scopes(&[Scope::Kyc, Scope::Payments], Some(blank)),
        Err(ScopeRequestError::MissingMetadata(missing_in_request(&[(
            "payments",
            "account_id"
        )]))),
    );
}

#[test]
fn a_joined_scope_over_500_characters_is_invalid() {
    let all = LongScope::ALL;
    let joined = all
        .iter()
        .map(LongScope::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.chars().count() > 500,
        "{} characters",
        joined.chars().count()
    );

    match AccessTokenRequest::for_scopes(all, None) {
        Err(ScopeRequestError::Invalid(violations)) => {
            assert!(violations.contains("/scope", "maxLength"), "{violations}");
        }
        other => panic!("expected a maxLength violation, got {other:?}"),
    }
    // Repeating one scope is allowed, and counts too.
    let repeated = [LongScope::Cards; 6];
    match AccessTokenRequest::for_scopes(&repeated, None) {
        Err(ScopeRequestError::Invalid(violations)) => {
            assert!(violations.contains("/scope", "maxLength"), "{violations}");
        }
        other => panic!("expected a maxLength violation, got {other:?}"),
    }
    // Just under the limit is fine.
    let request = AccessTokenRequest::for_scopes(&all[..4], None).unwrap();
    assert!(request.scope.len() <= 500);
}

#[test]
fn no_scopes_is_invalid() {
    match AccessTokenRequest::for_scopes::<Scope>(&[], None) {
        Err(ScopeRequestError::Invalid(violations)) => {
            assert!(violations.contains("/scope", "minLength"), "{violations}");
        }
        other => panic!("expected a minLength violation, got {other:?}"),
    }
}

#[test]
fn tokens_are_joined_with_single_spaces() {
    let request =
        AccessTokenRequest::for_scopes(&[Scope::FxRates, Scope::Kyc], Some(full())).unwrap();
    assert_eq!(request.scope, "fx-rates kyc");
    let request =
        AccessTokenRequest::for_scopes(&[Scope::FxRates, Scope::FxRates], Some(full())).unwrap();
    assert_eq!(request.scope, "fx-rates fx-rates");
    let request = AccessTokenRequest::for_scopes(Scope::ALL, Some(full())).unwrap();
    assert_eq!(request.scope, "accounts kyc payments fx-rates");
    assert_eq!(request.scope.split(' ').count(), Scope::ALL.len());
}

#[test]
fn from_str() {
    for &scope in Scope::ALL {
        assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
    }
    for token in ["nope", "Accounts", "accounts ", "", "fx_rates"] {
        assert_eq!(
            token.parse::<Scope>(),
            Err(UnknownScope {
                token: token.to_owned()
            }),
            "{token:?}"
        );
    }
    assert_eq!(
        "nope".parse::<Scope>().unwrap_err().to_string(),
        "unknown scope \"nope\""
    );
}

#[test]
fn serde_round_trip() {
    assert_eq!(
        serde_json::to_string(&Scope::FxRates).unwrap(),
        "\"fx-rates\""
    );
    let all = serde_json::to_string(Scope::ALL).unwrap();
    assert_eq!(all, r#"["accounts","kyc","payments","fx-rates"]"#);
    assert_eq!(
        serde_json::from_str::<Vec<Scope>>(&all).unwrap(),
        Scope::ALL
    );
    for &scope in Scope::ALL {
        let json = serde_json::to_value(scope).unwrap();
        assert_eq!(json, serde_json::Value::String(scope.to_string()));
        assert_eq!(serde_json::from_value::<Scope>(json).unwrap(), scope);
    }

    let err = serde_json::from_str::<Scope>("\"fx_rates\"").unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(
            "unknown scope \"fx_rates\"; expected one of \"accounts\", \"kyc\", \"payments\", \
             \"fx-rates\""
        ),
        "{message}"
    );
    assert!(serde_json::from_str::<Scope>("3")
        .unwrap_err()
        .to_string()
        .contains("an OAuth scope token"));
}

#[test]
fn all_is_in_declaration_order() {
    assert_eq!(
        Scope::ALL,
        [Scope::Accounts, Scope::Kyc, Scope::Payments, Scope::FxRates]
    );
    assert_eq!(<Scope as OAuthScope>::ALL, Scope::ALL);
    assert_eq!(LongScope::ALL.len(), 7);
}

#[test]
fn display_is_the_token() {
    assert_eq!(Scope::Accounts.to_string(), "accounts");
    assert_eq!(Scope::FxRates.to_string(), "fx-rates");
    assert_eq!(format!("[{:>10}]", Scope::Kyc), "[       kyc]");
    assert_eq!(format!("{:?}", Scope::FxRates), "FxRates");
}

#[test]
fn the_trait_agrees_with_the_inherent_api() {
    fn through_trait<S: OAuthScope>(
        scope: S,
        metadata: Option<&S::Metadata>,
    ) -> (&'static str, Vec<&'static str>) {
        (scope.as_str(), scope.missing_metadata(metadata))
    }
    for &scope in Scope::ALL {
        assert_eq!(
            through_trait(scope, None),
            (scope.as_str(), scope.missing_metadata(None))
        );
        assert_eq!(
            OAuthScope::required_metadata(&scope),
            scope.required_metadata()
        );
    }
    assert_eq!(
        oasbind_runtime::check_scopes(&[Scope::Kyc], None),
        Scope::check_metadata(&[Scope::Kyc], None)
    );
}

#[test]
fn derives_ours_and_the_users() {
    let set: HashSet<Scope> = Scope::ALL.iter().copied().chain([Scope::Kyc]).collect();
    assert_eq!(set.len(), 4);
    let mut sorted = vec![Scope::FxRates, Scope::Accounts, Scope::Payments, Scope::Kyc];
    sorted.sort();
    assert_eq!(sorted, Scope::ALL);
    assert!(Scope::Accounts < Scope::FxRates);
}
