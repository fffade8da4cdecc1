//! Which properties and parameters hold secrets: values that no `Debug` output and no
//! violation message of the generated code may show.
//!
//! A value is secret when, in this order:
//! 1. [`Config::secret_field`](crate::Config::secret_field) names it (by wire name);
//! 2. its schema says so with the extension `x-oasbind-secret: true`, or says it is not
//!    with `x-oasbind-secret: false` (for a name the rule below takes for a secret). In
//!    OpenAPI 3.1 it may sit beside a `$ref`; in Swagger 2.0 and OpenAPI 3.0, where `$ref`
//!    replaces its siblings, it goes on the schema referred to or in an `allOf` around it;
//! 3. its schema, or one it refers to or combines (`$ref`, `allOf`, `anyOf`, `oneOf`,
//!    array `items`), has `format: password`, `writeOnly: true` or `x-oasbind-secret: true`;
//! 4. its name says so: [`is_secret_name`], the word rule of `rule.rs`.
//!
//! The name rule is one file, `generator/runtime/src/secret/rule.rs`, compiled here and into
//! oasbind-runtime, where it decides at run time for the properties an open object carries
//! without declaring them: both always decide alike.

#[path = "../../runtime/src/secret/rule.rs"]
mod rule;

pub use rule::is_secret_name;

use crate::ir::{SchemaId, Schemas};
use crate::Config;

/// Whether the value of a property or parameter (`wire` is its name) is a secret.
pub fn is_secret(schemas: &Schemas, settings: &Config, wire: &str, schema: SchemaId) -> bool {
    settings.secret_fields.iter().any(|s| s == wire)
        || marked(schemas, schema).unwrap_or_else(|| is_secret_name(wire))
}

/// Schemas looked at for markers, at most: a marker sits on the property or close to it,
/// and a hostile definition must not make this search long.
const MARKER_SEARCH: usize = 32;

/// What the markers of a schema say: its own `x-oasbind-secret` first; else `Some(true)`
/// when it or a schema it refers to or combines has `format: password`, `writeOnly` or
/// `x-oasbind-secret: true`, `Some(false)` when such a schema opts out and none is marked
/// secret, `None` when nothing says.
pub fn marked(schemas: &Schemas, schema: SchemaId) -> Option<bool> {
    if let Some(explicit) = schemas.get(schema).secret {
        return Some(explicit);
    }
    let mut found = None;
    let mut queue = vec![schema];
    let mut next = 0;
    while let Some(&id) = queue.get(next).filter(|_| next < MARKER_SEARCH) {
        next += 1;
        let s = schemas.get(id);
        if s.secret == Some(true) || s.write_only || s.format.as_deref() == Some("password") {
            return Some(true);
        }
        if s.secret == Some(false) {
            found = Some(false);
            continue;
        }
        let parts = s
            .reference
            .iter()
            .chain(&s.all_of)
            .chain(&s.any_of)
            .chain(&s.one_of)
            .chain(&s.items);
        for part in parts {
            if queue.len() < MARKER_SEARCH && !queue.contains(part) {
                queue.push(*part);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::rule::is_secret_name;

    /// Spellings of one name: camel, Pascal, snake, kebab, screaming snake, dotted and
    /// train case.
    fn spellings(words: &[&str]) -> Vec<String> {
        let cap = |w: &str| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        };
        let camel: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { cap(w) })
            .collect();
        vec![
            camel,
            words.iter().map(|w| cap(w)).collect(),
            words.join("_"),
            words.join("-"),
            words.join("_").to_uppercase(),
            words.join("."),
            words.iter().map(|w| cap(w)).collect::<Vec<_>>().join("-"),
        ]
    }

    /// Names of secrets by kind, as words; each is tried in every spelling.
    const SECRET: &[&[&str]] = &[
        // tokens of every kind
        &["token"],
        &["tokens"],
        &["access", "token"],
        &["refresh", "token"],
        &["id", "token"],
        &["bearer", "token"],
        &["session", "token"],
        &["auth", "token"],
        &["api", "token"],
        &["csrf", "token"],
        &["password", "reset", "token"],
        &["device", "token"],
        &["refresh", "tokens"],
        &["access", "token", "value"],
        // secrets
        &["secret"],
        &["client", "secret"],
        &["webhook", "secret"],
        &["shared", "secret"],
        &["secrets"],
        // passwords
        &["password"],
        &["passwd"],
        &["pwd"],
        &["passphrase"],
        &["passcode"],
        &["pass", "phrase"],
        &["new", "password"],
        &["current", "password"],
        &["password", "confirmation"],
        &["password", "hash"],
        // API keys
        &["api", "key"],
        &["apikey"],
        &["x", "api", "key"],
        &["api", "key", "value"],
        // authorization values
        &["authorization"],
        &["proxy", "authorization"],
        &["authorization", "code"],
        &["auth", "code"],
        // private keys
        &["private", "key"],
        &["privkey"],
        &["signing", "key"],
        &["secret", "key"],
        &["access", "key"],
        &["secret", "access", "key"],
        &["encryption", "key"],
        &["private", "key", "pem"],
        // PINs
        &["pin"],
        &["pin", "code"],
        &["card", "pin"],
        &["new", "pin"],
        &["pin", "block"],
        // one-time passwords
        &["otp"],
        &["totp"],
        &["hotp"],
        &["one", "time", "password"],
        &["otp", "code"],
        &["verification", "code"],
        &["mfa", "code"],
        &["recovery", "codes"],
        // card numbers
        &["card", "number"],
        &["pan"],
        &["primary", "account", "number"],
        &["card", "no"],
        &["card", "num"],
        // card verification codes
        &["cvv"],
        &["cvv", "2"],
        &["cvc"],
        &["cvc", "2"],
        &["csc"],
        &["cvn"],
        &["security", "code"],
        &["card", "security", "code"],
        &["card", "verification", "value"],
        &["card", "verification", "code"],
        &["cvv", "code"],
    ];

    /// Names that are not secrets, though they share words with some.
    const NOT_SECRET: &[&[&str]] = &[
        &["token", "type"],
        &["token", "type", "hint"],
        &["token", "url"],
        &["token", "endpoint"],
        &["expires", "in"],
        &["refresh", "expires", "in"],
        &["token", "count"],
        &["max", "tokens"],
        &["total", "tokens"],
        &["prompt", "tokens"],
        &["next", "page", "token"],
        &["page", "token"],
        &["continuation", "token"],
        &["tokenized", "card"],
        &["key"],
        &["key", "id"],
        &["api", "key", "id"],
        &["access", "key", "id"],
        &["public", "key"],
        &["pinned"],
        &["spin"],
        &["shipping"],
        &["shipping", "address"],
        &["pin", "length"],
        &["secretary"],
        &["secret", "name"],
        &["secret", "ref"],
        &["client", "secret", "expires", "at"],
        &["password", "policy"],
        &["password", "expires", "at"],
        &["otp", "expires", "in"],
        &["account", "number"],
        &["phone", "number"],
        &["zip", "code"],
        &["country", "code"],
        &["code"],
        &["value"],
        &["number"],
        &["panel"],
        &["japan"],
        &["company"],
        &["authorized"],
        &["id"],
        &["name"],
        &["scope"],
    ];

    /// Names as APIs write them that no spelling above produces.
    const SECRET_AS_WRITTEN: &[&str] = &[
        "APIKey",
        "XApiKey",
        "X-API-KEY",
        "X-Api-Key",
        "IDToken",
        "IdToken",
        "OAuth2Token",
        "oauth2_token",
        "cvv2",
        "CVV2",
        "cvc2",
        "CVC2",
        "password2",
        "X-IBM-Client-Secret",
        "Proxy-Authorization",
        "accessTOKEN",
        "x_api_key",
        "card_no",
        "cardNo",
        "one_time_password",
        "oneTimePassword",
        "ACCESS_TOKEN",
        "refresh-token",
        "$secret",
        "user.password",
        "__token__",
        "pin_code",
        "PinCode",
        "cardPin",
    ];
    const NOT_SECRET_AS_WRITTEN: &[&str] = &[
        "tokenType",
        "token_type_hint",
        "keyId",
        "KeyID",
        "pinned",
        "shipping_address",
        "Spin",
        "secretary",
        "",
        "_",
        "2",
        "v2",
    ];

    #[test]
    fn every_spelling_of_a_secret_is_one() {
        let mut cases = 0;
        for words in SECRET {
            for name in spellings(words) {
                assert!(is_secret_name(&name), "{name:?} ({words:?}) is a secret");
                cases += 1;
            }
        }
        for name in SECRET_AS_WRITTEN {
            assert!(is_secret_name(name), "{name:?} is a secret");
            cases += 1;
        }
        assert!(cases > 500, "{cases}");
    }

    #[test]
    fn no_spelling_of_a_neighbour_is_one() {
        for words in NOT_SECRET {
            for name in spellings(words) {
                assert!(
                    !is_secret_name(&name),
                    "{name:?} ({words:?}) is not a secret"
                );
            }
        }
        for name in NOT_SECRET_AS_WRITTEN {
            assert!(!is_secret_name(name), "{name:?} is not a secret");
        }
    }

    #[test]
    fn every_spelling_has_the_same_words() {
        for words in SECRET.iter().chain(NOT_SECRET) {
            for name in spellings(words) {
                assert_eq!(super::rule::words(&name), *words, "{name:?}");
            }
        }
        let words = |name| super::rule::words(name);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("XMLHttpRequest"), ["xml", "http", "request"]);
        assert_eq!(words("oauth2Token"), ["oauth", "2", "token"]);
        assert_eq!(words("--a__b  c"), ["a", "b", "c"]);
        assert_eq!(words("ÜberToken"), ["über", "token"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn the_extension_is_a_boolean() {
        let definition = |value: &str| {
            format!(
                r#"{{"swagger": "2.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "definitions": {{"A": {{"type": "object", "properties": {{"pin": {{"type": "string", "x-oasbind-secret": {value}}}}}}}}}}}"#
            )
        };
        // Not a boolean: a warning, the name rule decides; under `strict`, an error.
        let generated =
            crate::generate_str("a.json", &definition("\"no\""), &crate::Config::new()).unwrap();
        let w = generated
            .warnings
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            w.contains("/definitions/A/properties/pin/x-oasbind-secret")
                && w.contains("must be a boolean"),
            "{w}"
        );
        assert!(
            generated
                .code
                .contains("pin(\"pin\", read_field, optional_field, secret)"),
            "{}",
            generated.code
        );
        let e = crate::generate_str(
            "a.json",
            &definition("\"no\""),
            crate::Config::new().strict(true),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("/definitions/A/properties/pin/x-oasbind-secret")
                && e.contains("must be a boolean"),
            "{e}"
        );
        // `false` takes `pin` out of the name rule: `Debug` shows it.
        let code = crate::generate_str("a.json", &definition("false"), &crate::Config::new())
            .unwrap()
            .code;
        assert!(
            code.contains("pin(\"pin\", read_field, optional_field)"),
            "{code}"
        );
        let code = crate::generate_str("a.json", &definition("true"), &crate::Config::new())
            .unwrap()
            .code;
        assert!(
            code.contains("pin(\"pin\", read_field, optional_field, secret)"),
            "{code}"
        );
    }
}
