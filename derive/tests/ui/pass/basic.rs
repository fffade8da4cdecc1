// The example of the issue: scopes with and without requirements, a user derive beyond ours,
// doc comments on variants.

use partner_auth::OauthMetadata;

#[oasbind_derive::scopes(metadata = partner_auth::OauthMetadata)]
#[derive(PartialOrd, Ord)] // user derives beyond ours keep working
pub enum Scope {
    /// Read the partner's accounts.
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("kyc", requires(emirates_id))]
    Kyc,
    #[scope("payments", requires(account_id, emirates_id))]
    Payments,
    #[scope("fx-rates")]
    FxRates,
}

fn main() {
    assert_eq!(
        Scope::ALL,
        [Scope::Accounts, Scope::Kyc, Scope::Payments, Scope::FxRates]
    );
    assert_eq!(Scope::Payments.as_str(), "payments");
    assert_eq!(
        Scope::Payments.required_metadata(),
        ["account_id", "emirates_id"]
    );
    assert_eq!(Scope::FxRates.required_metadata(), [] as [&str; 0]);
    let metadata = OauthMetadata {
        account_id: Some("0188000049916".into()),
        ..OauthMetadata::default()
    };
    assert_eq!(
        Scope::Payments.missing_metadata(Some(&metadata)),
        ["emirates_id"]
    );
    assert!(Scope::check_metadata(&[Scope::Accounts, Scope::FxRates], Some(&metadata)).is_ok());
    assert!(Scope::Accounts < Scope::Kyc);
    assert_eq!(Scope::Kyc.to_string(), "kyc");
    assert_eq!("kyc".parse::<Scope>(), Ok(Scope::Kyc));
}
