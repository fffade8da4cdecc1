// `bindings = <path>` names the module of the seam when the metadata path doesn't lead there,
// here because the metadata type is imported under another name.

use partner_auth::OauthMetadata as Meta;

#[oasbind_derive::scopes(metadata = Meta, bindings = partner_auth)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
}

// Keys in either order, with a trailing comma.
#[oasbind_derive::scopes(bindings = ::partner_auth, metadata = ::partner_auth::OauthMetadata,)]
pub enum Other {
    #[scope("kyc", requires(emirates_id))]
    Kyc,
}

fn main() {
    let request = partner_auth::AccessTokenRequest::for_scopes(
        &[Scope::Accounts],
        Some(Meta {
            account_id: Some("0188000049916".into()),
            ..Meta::default()
        }),
    )
    .unwrap();
    assert_eq!(request.scope, "accounts");
    assert_eq!(Other::Kyc.missing_metadata(None), ["emirates_id"]);
}
