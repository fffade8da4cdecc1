// A single-segment metadata path: the seam is named unqualified, so it must be in scope.

// `::` because the crate also exports a module named `partner_auth`.
use ::partner_auth::*;

#[oasbind_derive::scopes(metadata = OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("fx-rates")]
    FxRates,
}

fn main() {
    assert_eq!(
        Scope::check_metadata(&[Scope::FxRates, Scope::Accounts], None),
        Err(MissingMetadata {
            missing: vec![("accounts", "account_id")]
        }),
    );
}
