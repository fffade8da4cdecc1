// Scope variants carry no data.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts")]
    Accounts(String),
    #[scope("kyc")]
    Kyc { level: u8 },
    #[scope("fx-rates")]
    FxRates,
}

fn main() {}
