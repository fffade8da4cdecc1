//! Forward-compatible enums (`Config::open_enums`, `--open-enums`): a value a newer server
//! adds to an enum parses into `Unknown` and round-trips, while every other keyword of the
//! schema is still enforced. The same definition generated without the option rejects it.

use oasbind_runtime::Validate;
use oasbind_tests::closed_enums as closed;
use oasbind_tests::open_enums::{Account, ListAccountsParams, Status, Tier};

fn keywords(e: &impl std::fmt::Debug, violations: &[(String, &str)]) -> String {
    format!("{e:?} {violations:?}")
}

#[test]
fn listed_values_are_their_variants() {
    let a = Account::from_json(r#"{"id":"a1","status":"suspended","tier":"gold"}"#).unwrap();
    assert_eq!(a.status, Status::Suspended);
    assert_eq!(a.tier, Some(Some(Tier::Gold)));
    assert_eq!(Status::Active.as_str(), "active");
    assert_eq!(Status::from("active"), Status::Active);
}

#[test]
fn an_unlisted_value_is_kept_and_round_trips() {
    let json = r#"{"id":"a1","status":"archived","tier":"platinum"}"#;
    let a = Account::from_json(json).unwrap();
    assert_eq!(a.status, Status::Unknown("archived".to_owned()));
    assert_eq!(a.tier, Some(Some(Tier::Unknown("platinum".to_owned()))));
    assert_eq!(a.status.to_string(), "archived");
    assert_eq!(serde_json::to_string(&a).unwrap(), json);
    assert!(a.validate().is_ok());
}

#[test]
fn the_other_keywords_still_hold() {
    // maxLength 12 applies to unlisted values too.
    let e = Account::from_json(r#"{"id":"a1","status":"decommissioned"}"#).unwrap_err();
    let found: Vec<(String, &str)> = e.0.iter().map(|v| (v.pointer.clone(), v.keyword)).collect();
    assert_eq!(
        found,
        [("/status".to_owned(), "maxLength")],
        "{}",
        keywords(&e, &found)
    );
    // Still a string, still required, null only where the schema allows it.
    let e = Account::from_json(r#"{"id":"a1","status":7}"#).unwrap_err();
    assert!(
        e.0.iter()
            .any(|v| v.pointer == "/status" && v.keyword == "type"),
        "{e:?}"
    );
    let e = Account::from_json(r#"{"id":"a1"}"#).unwrap_err();
    assert!(e.0.iter().any(|v| v.keyword == "required"), "{e:?}");
    // Optional and nullable: absent and null stay apart.
    let a = Account::from_json(r#"{"id":"a1","status":"active","tier":null}"#).unwrap();
    assert_eq!(a.tier, Some(None));
    // Unknown fields are still rejected where the schema forbids them.
    let e = Account::from_json(r#"{"id":"a1","status":"active","extra":1}"#).unwrap_err();
    assert!(
        e.0.iter()
            .any(|v| v.pointer == "/extra" && v.keyword == "additionalProperties"),
        "{e:?}"
    );
}

#[test]
fn unlisted_values_go_out_as_written() {
    let params = ListAccountsParams {
        status: Some(Status::Unknown("archived".to_owned())),
    };
    assert!(oasbind_tests::open_enums::validate_list_accounts(&params).is_ok());
    assert_eq!(
        serde_json::to_value(Status::Unknown("archived".into())).unwrap(),
        "archived"
    );
}

#[test]
fn without_the_option_an_unlisted_value_violates_enum() {
    let e = closed::Account::from_json(r#"{"id":"a1","status":"archived"}"#).unwrap_err();
    assert!(
        e.0.iter()
            .any(|v| v.pointer == "/status" && v.keyword == "enum"),
        "{e:?}"
    );
    assert_eq!(
        closed::Account::from_json(r#"{"id":"a1","status":"active"}"#)
            .unwrap()
            .status,
        closed::Status::Active
    );
}
