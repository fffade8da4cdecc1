// An unknown key in `#[scope(...)]`, and a token given as an identifier.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts", require(account_id))]
    Accounts,
    #[scope(kyc)]
    Kyc,
}

fn main() {}
