// A single-segment metadata path needs the seam in scope (`use partner_auth::*`): one error
// says so, at the path.

use partner_auth::OauthMetadata;

#[oasbind_derive::scopes(metadata = OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
}

fn main() {}
