// `crate = <path>` names oasbind-runtime where it is not `::oasbind_runtime`: here a
// re-export, as a crate that re-exports the runtime for its bindings has.

mod reexport {
    pub use oasbind_runtime as rt;
}

use partner_auth::OauthMetadata as Meta;

#[oasbind_derive::scopes(metadata = Meta, crate = reexport::rt)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
}

// Keys in either order, with a trailing comma.
#[oasbind_derive::scopes(crate = ::oasbind_runtime, metadata = ::partner_auth::OauthMetadata,)]
pub enum Other {
    #[scope("kyc", requires(emirates_id))]
    Kyc,
}

fn main() {
    use oasbind_runtime::TokenRequest;
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
