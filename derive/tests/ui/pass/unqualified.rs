// A single-segment metadata path: the seam is the runtime's whatever the path, so nothing
// but the metadata type needs to be in scope.

use oasbind_runtime::MissingMetadata;
use partner_auth::OauthMetadata;

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
            missing: vec![("accounts", "account_id")],
            property: None,
        }),
    );
}
