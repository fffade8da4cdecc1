// The secret-name rule: whether the name of a property or parameter says that its value
// is a credential, a key or card data, which no `Debug` output or violation may show.
//
// This file is compiled twice: into oasbind-runtime (`secret::rule`, which decides at run
// time for the properties an open object carries without declaring them) and into the
// generator (`#[path]` from `generator/src/secret/mod.rs`, which decides for the
// properties a definition declares). One file, so both always decide alike. It is plain
// std Rust with no `use` and no tests of its own (they are in the generator's
// `secret/mod.rs` and in the runtime's `secret.rs`).

/// Whether a value under this name must never be printed. The rule works on the words of
/// the name, whatever its casing or separators (`accessToken`, `access-token`,
/// `AccessToken`, `ACCESS_TOKEN` and `access_token` are all `access token`): the name is
/// secret when its words end with one of `SECRET_ENDINGS` (`refresh token`, `api key`,
/// `card number`), or with one of those and a word for its text (`pin code`, `password
/// confirmation`, `private key pem`; see `CARRIERS`). A trailing number is not a word of
/// its own here (`cvv2`, `password2`).
pub fn is_secret_name(name: &str) -> bool {
    let mut words = words(name);
    while words
        .last()
        .is_some_and(|w| w.chars().all(|c| c.is_numeric()))
    {
        words.pop();
    }
    if ends_secret(&words) {
        return true;
    }
    match words.split_last() {
        Some((last, rest)) => CARRIERS.contains(&last.as_str()) && ends_secret(rest),
        None => false,
    }
}

/// The words of a name, in lower case. A word ends at every character that is not a
/// letter or a digit, between a lower-case and an upper-case letter (`access|Token`),
/// before the last capital of a run followed by a lower-case letter (`API|Key`), and
/// between letters and digits (`cvv|2`, `oauth|2|token`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, c) in chars.iter().copied().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        // Only inside a word: `word` is empty at the start and after a separator.
        let prev = (!word.is_empty()).then(|| chars[i - 1]);
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if prev.is_some_and(|p| {
            p.is_numeric() != c.is_numeric()
                || (p.is_lowercase() && c.is_uppercase())
                || (p.is_uppercase() && c.is_uppercase() && next_lower)
        }) {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether `words` end with one of `SECRET_ENDINGS`, and not as a count or a page cursor.
fn ends_secret(words: &[String]) -> bool {
    let ends_with = |ending: &[&str]| {
        words.len() >= ending.len()
            && words[words.len() - ending.len()..]
                .iter()
                .zip(ending)
                .all(|(w, e)| w == e)
    };
    if !SECRET_ENDINGS.iter().any(|ending| ends_with(ending)) {
        return false;
    }
    let n = words.len();
    let counted = n >= 2
        && (words[n - 1] == "token" || words[n - 1] == "tokens")
        && NOT_BEFORE_TOKEN.contains(&words[n - 2].as_str());
    !counted
}

/// Endings (as words) of the names of secrets.
const SECRET_ENDINGS: &[&[&str]] = &[
    // Tokens of every kind: `token`, `access_token`, `refreshToken`, `IdToken`, bearer,
    // session, auth, API, reset, CSRF tokens. Only as the last word: `token_type`,
    // `token_type_hint` and `token_url` describe a token, they do not hold one.
    &["token"],
    &["tokens"],
    // Passwords, as the last word (`password`, `new_password`, `oneTimePassword`); not
    // what describes them (`password_policy`, `password_expires_at`).
    &["password"],
    &["passwords"],
    &["passwd"],
    &["pwd"],
    &["passphrase"],
    &["passcode"],
    // The same, written in camel case as two words (`passPhrase`, `passCode`, `passWord`).
    &["pass", "phrase"],
    &["pass", "code"],
    &["pass", "word"],
    // Shared secrets: `secret`, `client_secret`, `webhook_secret`. A word, so
    // `secretary` is not one, and `secret_name` or `client_secret_expires_at` (a reference
    // and a time) do not end with it.
    &["secret"],
    &["secrets"],
    // API keys: `api_key`, `apiKey`, `x-api-key`, `X-API-KEY`, `apikey`. A bare `key` or
    // `keyId` names or identifies a key; it is not one.
    &["api", "key"],
    &["api", "keys"],
    &["apikey"],
    // Authorization header values: `authorization`, `proxy-authorization`.
    &["authorization"],
    // Authorization codes (OAuth's is a one-time credential); `authorization_code` is
    // `authorization` and the carrier `code`.
    &["auth", "code"],
    // Private and symmetric keys: `private_key`, `privateKey`, `signing_key`,
    // `secret_key`, `secret_access_key`, `encryption_key`. Not `access_key_id` or
    // `public_key`.
    &["private", "key"],
    &["privkey"],
    &["signing", "key"],
    &["secret", "key"],
    &["access", "key"],
    &["encryption", "key"],
    &["decryption", "key"],
    &["master", "key"],
    &["session", "key"],
    &["shared", "key"],
    &["hmac", "key"],
    // PINs: `pin`, `cardPin`, `new_pin` (`pin_code`, `pin_block` by their carriers). A
    // word: `shipping`, `pinned`, `spin` are not PINs.
    &["pin"],
    // One-time passwords and codes: `otp`, `totp`, `hotp` (`otp_code` by its carrier,
    // `one_time_password` by `password`), codes sent to confirm a person, and the
    // recovery codes that stand in for a second factor.
    &["otp"],
    &["totp"],
    &["hotp"],
    &["verification", "code"],
    &["confirmation", "code"],
    &["mfa", "code"],
    &["sms", "code"],
    &["recovery", "code"],
    &["recovery", "codes"],
    &["backup", "code"],
    &["backup", "codes"],
    // Card numbers: `card_number`, `cardNumber`, `card_no`, `pan`, `primary_account_number`.
    // A bank account number alone (`account_number`) is not a secret.
    &["card", "number"],
    &["card", "no"],
    &["card", "num"],
    &["pan"],
    &["primary", "account", "number"],
    // Card verification codes: `cvv`, `cvv2` (the number is dropped), `cvc`, `cvc2`, `csc`,
    // `cvn`, `security_code`, `card_verification_value`, `card_verification_code`.
    &["cvv"],
    &["cvc"],
    &["csc"],
    &["cvn"],
    &["security", "code"],
    &["verification", "value"],
    // Not here, on purpose: identifiers (`session_id`, `client_id`, `key_id`), which name
    // a secret or a party without being one, and a bare `code` or `key`, which are mostly
    // not secrets (`country_code`, a map's `key`); `x-oasbind-secret: true` marks those that are.
];

/// Words that, after a secret ending, still hold the secret or its text: `pin_code`,
/// `otp_code`, `password_confirmation`, `token_value`, `private_key_pem`, `password_hash`
/// (a hash of a password can be attacked offline).
const CARRIERS: &[&str] = &[
    "value",
    "code",
    "number",
    "block",
    "confirmation",
    "confirm",
    "repeat",
    "again",
    "hash",
    "encrypted",
    "plain",
    "plaintext",
    "raw",
    "pem",
    "base64",
    "b64",
    "string",
    "text",
];

/// Words before `token` or `tokens` that make it a count or a page cursor, not a
/// credential: `max_tokens`, `prompt_tokens` (language model usage), `next_page_token`,
/// `continuation_token` (pagination).
const NOT_BEFORE_TOKEN: &[&str] = &[
    "max",
    "min",
    "total",
    "num",
    "prompt",
    "completion",
    "input",
    "output",
    "cached",
    "reasoning",
    "page",
    "next",
    "continuation",
    "pagination",
    "cursor",
];
