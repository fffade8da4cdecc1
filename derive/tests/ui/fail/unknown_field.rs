// A typo in `requires(...)`: rustc reports the missing field at the typo.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(acount_id))]
    Accounts,
    #[scope("payments", requires(emirates_id, account_id))]
    Payments,
}

fn main() {
    let _ = Scope::ALL;
}
