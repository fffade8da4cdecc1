// [dependencies]
// partner-auth = { path = "generated", features = ["http"] }
// oasbind-runtime = { path = "generator/runtime", features = ["http", "derive"] }
// serde = "1"
// tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
use oasbind_runtime::{new_message_id, ClientError, TokenProvider, TokenRequest};
use partner_auth::http::HttpClient;
use partner_auth::{
    AccessTokenRequest, Client, Credentials, ErrorResponse, OauthMetadata, RequestAccessTokenParams,
};
use std::sync::Arc;
use std::time::Duration;

#[oasbind_runtime::scopes(metadata = partner_auth::OauthMetadata)]
pub enum Scope {
    #[scope("accounts", requires(account_id))]
    Accounts,
    #[scope("fx-rates")]
    FxRates,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::new(
        std::env::var("RAKBANK_CLIENT_ID")?,     // X-IBM-Client-Id
        std::env::var("RAKBANK_CLIENT_SECRET")?, // X-IBM-Client-Secret
    );
    let client = HttpClient::builder(credentials)
        // The default is the definition's first server, `partner_auth::http::SERVERS[0]`.
        .base_url("https://sandboxapi.rakbank.ae/sb/api/v1")
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .user_agent("my-partner-app/1.0")
        .build()?; // or HttpClient::new(credentials) for all defaults

    // One provider per set of scopes, shared by every task and every API that needs a token.
    let metadata = OauthMetadata {
        account_id: Some("0188000049916".into()),
        ..OauthMetadata::default()
    };
    let tokens = Arc::new(
        TokenProvider::new(
            client.clone(),
            &[Scope::Accounts, Scope::FxRates],
            Some(metadata),
        )?
        .skew(Duration::from_secs(60)),
    );
    let token = tokens.token().await?; // cached until 60 s before it expires
    println!("{token:?}"); // the token itself is redacted
                           // Every other API of the bank takes the same provider and sends `Authorization: Bearer …`:
                           // accounts::http::HttpClient::builder().token_source(tokens.clone()).build()?

    // The operation itself, without the cache:
    let params = RequestAccessTokenParams {
        msg_id: new_message_id(),
        content_type: None,
        accept: None,
    };
    let body = AccessTokenRequest::for_scopes(&[Scope::FxRates], None)?;
    match client.request_access_token(&params, &body).await {
        Ok(answer) => println!("expires in {} s", answer.expires_in),
        Err(e @ ClientError::Api { .. }) => match e.api_body::<ErrorResponse>() {
            Some(envelope) => eprintln!("{:?}: {}", e.status(), envelope.response_code),
            None => eprintln!("{e}"),
        },
        Err(e) => eprintln!("{e}"), // never shows the secret
    }
    Ok(())
}
