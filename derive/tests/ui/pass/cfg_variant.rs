// `#[cfg]` on a variant applies to everything generated for it; other attributes on the
// enum and its variants stay.

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[repr(u8)]
#[allow(dead_code)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts = 1,
    #[cfg(any())] // never compiled in
    #[scope("disabled", requires(field_that_does_not_exist))]
    Disabled,
    #[cfg(all())] // always compiled in
    #[scope("fx-rates")]
    #[deprecated = "use accounts"]
    FxRates = 7,
}

fn main() {
    #[allow(deprecated)]
    let all = [Scope::Accounts, Scope::FxRates];
    assert_eq!(Scope::ALL, all);
    assert_eq!(Scope::Accounts as u8, 1);
    assert!("disabled".parse::<Scope>().is_err());
    #[allow(deprecated)]
    let fx = Scope::FxRates;
    assert_eq!(fx.as_str(), "fx-rates");
}
