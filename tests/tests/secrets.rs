//! Secrets never show. `tests/fixtures/secrets.yaml` names secrets in every spelling
//! (and, beside them, names that only look like secrets), marks others in their schemas
//! (`format: password`, `writeOnly`, `x-oasbind-secret`, `Config::secret_field`), and
//! carries more as undeclared properties and as parameters. Each test puts distinctive
//! values in them and looks for those values wherever a value can be printed: `Debug` of
//! the generated types and parameters, `Violation` and `Violations` (`Display`, `Debug`),
//! the error envelope the violations convert into, and `ClientError` (`Display`, `Debug`)
//! of every variant that holds a body or violations. Each test writes its count of cases
//! to stderr (run with `--nocapture` or look at the test output).

use oasbind_runtime::Validate;
use oasbind_tests::secrets as s;
use serde_json::{json, Map, Value};
use std::io::Write;

/// Names of secrets, several spellings each: the names of the fixture's `ClosedSpellings`
/// and `OpenSpellings` (whose closed one rejects any name not declared).
#[rustfmt::skip]
const SECRET: &[&str] = &[
    "token", "TOKEN", "tokens", "accessToken", "access-token", "AccessToken", "ACCESS_TOKEN", "access_token",
    "refreshToken", "refresh_token", "RefreshToken", "REFRESH-TOKEN", "idToken", "IdToken", "id_token", "ID_TOKEN",
    "bearerToken", "bearer_token", "sessionToken", "session-token", "authToken", "auth_token", "apiToken", "api_token",
    "secret", "Secret", "client_secret", "clientSecret", "ClientSecret", "CLIENT_SECRET", "X-Client-Secret", "password",
    "Password", "PASSWORD", "passwd", "pwd", "PWD", "passphrase", "passPhrase", "passcode",
    "passCode", "new_password", "passwordConfirmation", "api_key", "apiKey", "ApiKey", "API_KEY", "x-api-key",
    "X-API-KEY", "X-Api-Key", "apikey", "APIKey", "authorization", "Authorization", "proxy-authorization", "Proxy-Authorization",
    "proxyAuthorization", "private_key", "privateKey", "PrivateKey", "PRIVATE_KEY", "private-key", "signing_key", "signingKey",
    "secret_key", "secretKey", "SECRET_KEY", "access_key", "accessKey", "pin", "PIN", "Pin",
    "pin_code", "pinCode", "PIN_CODE", "PinCode", "cardPin", "card_pin", "card-pin", "otp",
    "OTP", "totp", "TOTP", "one_time_password", "oneTimePassword", "ONE_TIME_PASSWORD", "one-time-password", "otp_code",
    "otpCode", "OTP_CODE", "verification_code", "verificationCode", "card_number", "cardNumber", "CardNumber", "CARD_NUMBER",
    "card-number", "pan", "PAN", "primary_account_number", "primaryAccountNumber", "card_no", "cardNo", "cvv",
    "CVV", "cvv2", "CVV2", "cvc", "CVC", "cvc2", "CVC2", "csc",
    "CSC", "security_code", "securityCode", "SECURITY_CODE", "card_verification_value", "cardVerificationValue", "card_verification_code", "cardVerificationCode",
];

const VISIBLE: &[&str] = &[
    "token_type",
    "tokenType",
    "TOKEN_TYPE",
    "token_type_hint",
    "expires_in",
    "expiresIn",
    "token_url",
    "keyId",
    "key_id",
    "pinned",
    "shipping",
    "shipping_address",
    "spin",
    "secretary",
    "secret_name",
    "max_tokens",
    "next_page_token",
    "account_number",
    "public_key",
    "zip_code",
    "username",
];

/// A secret's value: distinctive, and no value is a prefix of another.
fn secret(i: usize) -> String {
    format!("S3CR3T-{i:03}")
}

fn visible(i: usize) -> String {
    format!("VISIBLE-{i:03}")
}

/// Every spelling with its value: secrets `S3CR3T-<n>`, the others `VISIBLE-<n>`.
fn spellings() -> Map<String, Value> {
    let secrets = SECRET
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), Value::from(secret(i))));
    let others = VISIBLE
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), Value::from(visible(i))));
    secrets.chain(others).collect()
}

/// Counts the cases a test checks, and reports them.
struct Cases {
    what: &'static str,
    n: usize,
}

impl Cases {
    fn new(what: &'static str) -> Cases {
        Cases { what, n: 0 }
    }

    /// `value` does not occur in `shown`.
    fn hidden(&mut self, shown: &str, value: &str, place: &str) {
        assert!(
            !shown.contains(value),
            "{value:?} shows in {place}:\n{shown}"
        );
        self.n += 1;
    }

    /// `value` occurs in `shown`: the test can tell a hidden value from one not there.
    fn visible(&mut self, shown: &str, value: &str, place: &str) {
        assert!(
            shown.contains(value),
            "{value:?} does not show in {place}:\n{shown}"
        );
        self.n += 1;
    }

    /// No value of a secret's spelling shows in `shown`.
    fn no_secret(&mut self, shown: &str, place: &str) {
        for (i, name) in SECRET.iter().enumerate() {
            self.hidden(shown, &secret(i), &format!("{place} ({name})"));
        }
    }

    /// No value of a secret's spelling shows in `shown`, and every other value does.
    fn only_visible(&mut self, shown: &str, place: &str) {
        self.no_secret(shown, place);
        for (i, name) in VISIBLE.iter().enumerate() {
            self.visible(shown, &visible(i), &format!("{place} ({name})"));
        }
    }
}

impl Drop for Cases {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            // A direct write: libtest captures `eprintln!`, not the handle.
            let _ = writeln!(
                std::io::stderr(),
                "secrets: {}: {} cases",
                self.what,
                self.n
            );
        }
    }
}

/// `{:?}` and `{:#?}` of a value.
fn debug(x: &impl std::fmt::Debug) -> [(String, &'static str); 2] {
    [
        (format!("{x:?}"), "Debug"),
        (format!("{x:#?}"), "pretty Debug"),
    ]
}

/// Every way violations are printed: `Display` and `Debug` of the list, of each
/// violation (all of them in one text), and of the API's error envelope (`Problem`) they
/// convert into.
fn printed(v: &oasbind_runtime::Violations) -> [(String, &'static str); 4] {
    let each: Vec<String> = v.iter().map(|one| format!("{one} {one:?}")).collect();
    let envelope: Vec<s::Problem> = v.into();
    assert_eq!(envelope.len(), v.0.len());
    [
        (v.to_string(), "Display of Violations"),
        (format!("{v:?}"), "Debug of Violations"),
        (each.join("\n"), "Display and Debug of each Violation"),
        (
            format!("{envelope:?} {envelope:#?}"),
            "Debug of the error envelope",
        ),
    ]
}

fn violations<T: Validate + std::fmt::Debug>(json: &Value) -> oasbind_runtime::Violations {
    match T::from_json(&json.to_string()) {
        Ok(x) => panic!("expected violations, parsed {x:?}"),
        Err(v) => v,
    }
}

/// The messages of the violations at `pointer`, which must include one for `keyword`.
fn messages<'a>(v: &'a oasbind_runtime::Violations, pointer: &str, keyword: &str) -> Vec<&'a str> {
    assert!(
        v.contains(pointer, keyword),
        "no {keyword} violation at {pointer}: {v:?}"
    );
    v.iter()
        .filter(|x| x.pointer == pointer)
        .map(|x| x.message.as_str())
        .collect()
}

fn pointer(name: &str) -> String {
    format!("/{}", name.replace('~', "~0").replace('/', "~1"))
}

#[test]
fn every_spelling_of_a_declared_secret_is_redacted_in_debug() {
    let mut cases = Cases::new("declared properties in Debug");
    let object = Value::Object(spellings());
    // Read as serde reads them (`from_json` would refuse these values).
    let closed: s::ClosedSpellings = serde_json::from_value(object.clone()).unwrap();
    let open: s::OpenSpellings = serde_json::from_value(object).unwrap();
    assert!(
        open.additional_properties.is_empty(),
        "every spelling is declared"
    );
    for (shown, how) in debug(&closed).into_iter().chain(debug(&open)) {
        cases.only_visible(&shown, how);
    }
}

#[test]
fn every_spelling_of_an_undeclared_secret_is_redacted_in_debug() {
    let mut cases = Cases::new("undeclared properties in Debug");
    // At the top of an open object, and deep inside the JSON of one of its properties.
    let mut top = spellings();
    top.insert("id".into(), "VISIBLE-ID".into());
    let mut deep = Map::new();
    deep.insert("id".into(), "VISIBLE-ID".into());
    deep.insert(
        "wrapper".into(),
        json!({ "list": [1, Value::Object(spellings())] }),
    );
    for object in [top, deep] {
        let bag: s::Bag = serde_json::from_value(Value::Object(object)).unwrap();
        for (shown, how) in debug(&bag) {
            cases.only_visible(&shown, how);
        }
    }
    // Undeclared properties of a schema of their own: a typed map.
    let typed: s::TypedBag = serde_json::from_value(Value::Object(spellings())).unwrap();
    assert_eq!(
        typed.additional_properties.len(),
        SECRET.len() + VISIBLE.len()
    );
    for (shown, how) in debug(&typed) {
        cases.only_visible(&shown, &format!("{how} of a typed map"));
    }
}

#[test]
fn violations_of_a_secret_quote_neither_its_value_nor_the_schema() {
    let mut cases = Cases::new("violations of declared properties");
    // `Guarded` is a 9-character UUID matching `^LITERAL-[AB]$`: every value breaks it.
    let object = Value::Object(spellings());
    let closed = violations::<s::ClosedSpellings>(&object);
    let open = violations::<s::OpenSpellings>(&object);
    for v in [&closed, &open] {
        for (i, name) in SECRET.iter().enumerate() {
            let p = pointer(name);
            for keyword in ["maxLength", "pattern"] {
                assert!(v.contains(&p, keyword), "no {keyword} violation at {p}");
            }
            let all = messages(v, &p, "format").join("\n");
            for quoted in [secret(i).as_str(), "LITERAL", "9", "uuid"] {
                cases.hidden(&all, quoted, &format!("the messages at {p}"));
            }
        }
        for (i, name) in VISIBLE.iter().enumerate() {
            // Not secrets: the messages say what the value must be (never the value).
            let p = pointer(name);
            let all = messages(v, &p, "pattern").join(" ");
            cases.visible(&all, "^LITERAL-[AB]$", &format!("the messages at {p}"));
            cases.visible(
                &all,
                "at most 9 characters",
                &format!("the messages at {p}"),
            );
            cases.hidden(&all, &visible(i), &format!("the messages at {p}"));
        }
        for (shown, place) in printed(v) {
            cases.no_secret(&shown, place);
        }
    }
}

#[test]
fn violations_of_an_undeclared_secret_quote_nothing() {
    let mut cases = Cases::new("violations of undeclared properties");
    // `additionalProperties: {pattern: ^LITERAL-EXTRA$}`: each undeclared value breaks it.
    let v = violations::<s::TypedBag>(&Value::Object(spellings()));
    for (i, name) in SECRET.iter().enumerate() {
        let message = messages(&v, &pointer(name), "pattern").join("\n");
        cases.hidden(
            &message,
            "LITERAL-EXTRA",
            &format!("the message at {}", pointer(name)),
        );
        cases.hidden(
            &message,
            &secret(i),
            &format!("the message at {}", pointer(name)),
        );
    }
    for name in VISIBLE {
        let all = messages(&v, &pointer(name), "pattern").join(" ");
        cases.visible(
            &all,
            "LITERAL-EXTRA",
            &format!("the message at {}", pointer(name)),
        );
    }
    for (shown, place) in printed(&v) {
        cases.no_secret(&shown, place);
    }
    // `patternProperties`: the same rule for the properties a pattern names.
    let v =
        violations::<s::PatternBag>(&json!({ "x-api-key": "S3CR3T-XK", "x-color": "VISIBLE-XC" }));
    cases.hidden(
        &messages(&v, "/x-api-key", "pattern").join(" "),
        "LITERAL-X",
        "the message at /x-api-key",
    );
    cases.visible(
        &messages(&v, "/x-color", "pattern").join(" "),
        "LITERAL-X",
        "the message at /x-color",
    );
    for (shown, place) in printed(&v) {
        cases.hidden(&shown, "S3CR3T-XK", place);
    }
}

#[test]
fn enum_const_length_and_range_messages_of_a_secret_are_generic() {
    let mut cases = Cases::new("enum, const, length and range messages");
    let card = json!({
        "otp": "S3CR3T-OTP", "cvv": "S3CR3T-CVV", "pin": "S3CR3T-PIN", "card_number": "S3CR3T",
        "security_code": 5, "token_type": "VISIBLE-TT", "expires_in": 5,
    });
    let v = violations::<s::Card>(&card);
    let at = |p: &str, keyword: &str| messages(&v, p, keyword).join(" ");
    // Secrets: the keyword and pointer stay, the literals and bounds go.
    for (p, keyword, generic) in [
        ("/otp", "enum", "must be one of the allowed values"),
        ("/cvv", "enum", "must be one of the allowed values"),
        ("/pin", "const", "must be the allowed value"),
        ("/card_number", "minLength", "is shorter than allowed"),
        ("/security_code", "minimum", "is below the allowed range"),
    ] {
        let message = at(p, keyword);
        assert_eq!(message, generic, "{p}");
        for quoted in ["LITERAL", "123", "12", "100", "S3CR3T"] {
            cases.hidden(&message, quoted, &format!("the {keyword} message at {p}"));
        }
    }
    // Their neighbours that are not secrets say what is allowed.
    cases.visible(
        &at("/token_type", "enum"),
        "\"LITERAL-A\"",
        "the enum message at /token_type",
    );
    cases.visible(
        &at("/expires_in", "minimum"),
        "100",
        "the minimum message at /expires_in",
    );
    for (shown, place) in printed(&v) {
        for value in [
            "S3CR3T-OTP",
            "S3CR3T-CVV",
            "S3CR3T-PIN",
            "S3CR3T\"",
            "LITERAL-PIN",
        ] {
            cases.hidden(&shown, value, place);
        }
    }
    // Valid values are secrets too: `Debug` shows none, not even an enum's variant.
    let valid: s::Card = s::Card::from_json(
        &json!({ "otp": "LITERAL-B", "pin": "LITERAL-PIN", "token_type": "LITERAL-A" }).to_string(),
    )
    .unwrap();
    for (shown, how) in debug(&valid) {
        cases.hidden(&shown, "LiteralB", how);
        cases.hidden(&shown, "LITERAL-PIN", how);
        cases.visible(&shown, "LiteralA", how);
    }
    // A value the schema allows but the Rust type cannot hold fails in serde, whose error
    // quotes it: the message keeps only what was expected, at the value's pointer.
    let v = violations::<s::Card>(
        &serde_json::from_str(r#"{"pin_number": 12345678901234567890123}"#).unwrap(),
    );
    let message = messages(&v, "/pin_number", "type").join(" ");
    cases.hidden(
        &message,
        "12345678901",
        "the type message of an overflowing number",
    );
    cases.visible(
        &message,
        "expected i64",
        "the type message of an overflowing number",
    );
}

#[test]
fn schema_markers_make_secrets_of_any_name_and_opt_out_of_the_name_rule() {
    let mut cases = Cases::new("schema markers");
    // Hidden: `format: password`, `writeOnly`, `x-oasbind-secret: true`,
    // `Config::secret_field`, a `$ref` to a password, an `allOf` of one, an array of them.
    let hidden = [
        "word",
        "note",
        "vault",
        "nickname",
        "via_ref",
        "via_all_of",
        "codes",
    ];
    // Shown: `x-oasbind-secret: false` on a name the rule takes for a secret, and beside a
    // `$ref` to a password; a plain property.
    let shown = ["session_token", "opted_out", "plain"];
    let mut object = Map::new();
    for name in hidden {
        let value = format!("S3CR3T-{name}");
        object.insert(
            name.into(),
            if name == "codes" {
                json!([value])
            } else {
                value.into()
            },
        );
    }
    for name in shown {
        object.insert(name.into(), format!("VISIBLE-{name}").into());
    }
    let object = Value::Object(object);
    let markers: s::Markers = serde_json::from_value(object.clone()).unwrap();
    for (text, how) in debug(&markers) {
        for name in hidden {
            cases.hidden(&text, &format!("S3CR3T-{name}"), &format!("{how} ({name})"));
        }
        for name in shown {
            cases.visible(
                &text,
                &format!("VISIBLE-{name}"),
                &format!("{how} ({name})"),
            );
        }
    }
    let v = violations::<s::Markers>(&object);
    for name in hidden {
        let p = if name == "codes" {
            "/codes/0".to_owned()
        } else {
            pointer(name)
        };
        cases.hidden(
            &messages(&v, &p, "pattern").join(" "),
            "LITERAL-M",
            &format!("the message at {p}"),
        );
    }
    for name in shown {
        let p = pointer(name);
        cases.visible(
            &messages(&v, &p, "pattern").join(" "),
            "LITERAL-M",
            &format!("the message at {p}"),
        );
    }
    for (text, place) in printed(&v) {
        for name in hidden {
            cases.hidden(&text, &format!("S3CR3T-{name}"), place);
        }
    }
}

#[test]
fn schemas_equal_but_for_a_marker_do_not_share_a_type_or_a_validator() {
    let mut cases = Cases::new("equal schemas but for a marker");
    let object =
        json!({ "first": { "word": "S3CR3T-FIRST" }, "second": { "word": "VISIBLE-SECOND" } });
    let pair: s::Pair = serde_json::from_value(object.clone()).unwrap();
    for (text, how) in debug(&pair) {
        cases.hidden(&text, "S3CR3T-FIRST", how);
        cases.visible(&text, "VISIBLE-SECOND", how);
    }
    let v = violations::<s::Pair>(&object);
    cases.hidden(
        &messages(&v, "/first/word", "pattern").join(" "),
        "LITERAL-P",
        "the message at /first/word",
    );
    cases.visible(
        &messages(&v, "/second/word", "pattern").join(" "),
        "LITERAL-P",
        "the message at /second/word",
    );
}

fn login_params(key: &str) -> s::LoginParams {
    s::LoginParams {
        x_api_key: key.into(),
        otp: Some("S3CR3T-OTP".into()),
        token_type_hint: Some("VISIBLE-HINT".into()),
    }
}

fn login() -> s::Login {
    s::Login {
        username: "VISIBLE-USER".into(),
        password: "S3CR3T-PW".into(),
        pin: Some("S3CR3T-PIN".into()),
    }
}

#[test]
fn client_errors_show_no_secret_of_a_request_or_an_answer() {
    let mut cases = Cases::new("client errors");
    let request_secrets = ["S3CR3T-KEY", "S3CR3T-OTP", "S3CR3T-PW", "S3CR3T-PIN"];
    // The request itself, in `Debug`.
    for (text, how) in debug(&login_params("S3CR3T-KEY"))
        .into_iter()
        .chain(debug(&login()))
    {
        for value in request_secrets {
            cases.hidden(&text, value, &format!("{how} of the request"));
        }
        cases.visible(
            &text,
            if text.contains("Params") {
                "VISIBLE-HINT"
            } else {
                "VISIBLE-USER"
            },
            how,
        );
    }
    // An invalid request: every parameter and body property breaks its pattern.
    let v = s::validate_login(&login_params("S3CR3T-KEY"), &login()).unwrap_err();
    for (p, secret) in [
        ("/header/X-API-Key", true),
        ("/query/otp", true),
        ("/password", true),
        ("/pin", true),
        ("/query/token_type_hint", false),
        ("/username", false),
    ] {
        let message = messages(&v, p, "pattern").join(" ");
        if secret {
            cases.hidden(&message, "LITERAL", &format!("the message at {p}"));
            cases.hidden(&message, "[0-9]", &format!("the message at {p}"));
        } else {
            cases.visible(&message, "LITERAL", &format!("the message at {p}"));
        }
    }
    let mut errors: Vec<(oasbind_runtime::ClientError, Vec<&str>, Vec<&str>)> = Vec::new();
    errors.push((
        v.clone().into(),
        request_secrets.to_vec(),
        vec!["/query/token_type_hint"],
    ));
    for (shown, place) in printed(&v) {
        for value in request_secrets {
            cases.hidden(&shown, value, place);
        }
    }
    // A success whose body breaks the definition: the violations and the body.
    let body = json!({
        "access_token": "S3CR3T-AT", "refresh_token": "S3CR3T-RT", "idToken": "S3CR3T-IT",
        "token_type": "VISIBLE-TT", "sessionSecret": "S3CR3T-SS",
    });
    let e = s::parse_login_response(&oasbind_runtime::Response::new(200, body.to_string()))
        .unwrap_err();
    match &e {
        oasbind_runtime::ClientError::InvalidResponse { violations, .. } => {
            cases.visible(
                &messages(violations, "/token_type", "pattern").join(" "),
                "LITERAL-TT",
                "/token_type",
            );
            cases.hidden(
                &messages(violations, "/access_token", "pattern").join(" "),
                "LITERAL-AT",
                "/access_token",
            );
        }
        other => panic!("{other:?}"),
    }
    errors.push((
        e,
        vec!["S3CR3T-AT", "S3CR3T-RT", "S3CR3T-IT", "S3CR3T-SS"],
        vec!["/token_type"],
    ));
    // A documented error whose body echoes secrets, declared and not.
    let body = json!({ "message": "VISIBLE-MESSAGE", "rejected_token": "S3CR3T-RJ", "hint": "VISIBLE-HINT", "apiKey": "S3CR3T-AK", "trace": { "password": "S3CR3T-DEEP" } });
    let e = s::parse_login_response(&oasbind_runtime::Response::new(401, body.to_string()))
        .unwrap_err();
    assert!(
        matches!(e, oasbind_runtime::ClientError::Api { status: 401, .. }),
        "{e:?}"
    );
    errors.push((
        e,
        vec!["S3CR3T-RJ", "S3CR3T-AK", "S3CR3T-DEEP"],
        vec!["VISIBLE-MESSAGE", "VISIBLE-HINT"],
    ));
    // An undocumented status: the body is not shown at all.
    let body = json!({ "access_token": "S3CR3T-500", "note": "NOT-SHOWN-EITHER" });
    let e = s::parse_login_response(&oasbind_runtime::Response::new(500, body.to_string()))
        .unwrap_err();
    assert!(
        matches!(
            e,
            oasbind_runtime::ClientError::UnexpectedStatus { status: 500, .. }
        ),
        "{e:?}"
    );
    errors.push((e, vec!["S3CR3T-500", "NOT-SHOWN-EITHER"], vec!["500"]));
    for (e, secrets, shown) in &errors {
        for (text, how) in [
            (e.to_string(), "Display"),
            (format!("{e:?}"), "Debug"),
            (format!("{e:#?}"), "pretty Debug"),
        ] {
            for value in secrets {
                cases.hidden(&text, value, &format!("{how} of a client error"));
            }
            for value in shown {
                cases.visible(&text, value, &format!("{how} of a client error"));
            }
        }
    }
    // A valid answer: its secrets match their patterns, and are secrets still.
    let body = json!({ "access_token": "LITERAL-AT", "refresh_token": "LITERAL-RT", "token_type": "LITERAL-TT", "sessionSecret": "S3CR3T-SS" });
    let session =
        s::parse_login_response(&oasbind_runtime::Response::new(200, body.to_string())).unwrap();
    assert_eq!(session.access_token, "LITERAL-AT");
    for (text, how) in debug(&session) {
        for value in ["LITERAL-AT", "LITERAL-RT", "S3CR3T-SS"] {
            cases.hidden(&text, value, &format!("{how} of a session"));
        }
        cases.visible(&text, "LITERAL-TT", &format!("{how} of a session"));
    }
}
