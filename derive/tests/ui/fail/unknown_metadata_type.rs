// A metadata path that names nothing is reported by rustc at the path.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMeta)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
}

fn main() {}
