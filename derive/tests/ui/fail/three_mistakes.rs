// Three mistakes give three errors, and nothing else: the user's own derives and uses of the
// enum don't fail on top of them.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[derive(PartialOrd, Ord)]
pub enum Scope {
    #[scope("accounts", requires(account_id, account_id))]
    Accounts,
    #[scope("kyc rates")]
    Kyc,
    FxRates,
}

fn main() {
    assert!(Scope::Accounts < Scope::Kyc);
    let _ = Scope::FxRates.clone();
}
