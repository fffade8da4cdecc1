// The expansion is clean under strict lints in the user's crate, including `missing_docs`.

#![deny(
    warnings,
    missing_docs,
    unused_qualifications,
    unused_results,
    unreachable_pub
)]
#![forbid(unsafe_code)]
//! A crate with strict lints.

/// The scopes.
#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[derive(PartialOrd, Ord)]
pub enum Scope {
    /// Accounts.
    #[scope("accounts", requires(account_id))]
    Accounts,
    /// FX rates.
    #[scope("fx-rates")]
    FxRates,
}

/// A private scope enum, with a single scope and no requirement at all.
#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
enum Private {
    #[scope("only")]
    Only,
}

fn main() {
    assert_eq!(Scope::ALL.len(), 2);
    assert_eq!(Private::Only.as_str(), "only");
}
