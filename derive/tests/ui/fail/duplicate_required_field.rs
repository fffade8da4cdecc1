// A field listed twice in one `requires(...)`: the error is at the second.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("payments", requires(account_id, emirates_id, account_id))]
    Payments,
}

fn main() {}
