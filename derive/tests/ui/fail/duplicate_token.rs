// Two variants with one token: the error is at the second.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("accounts")]
    AccountsAgain,
}

fn main() {}
