//! A consumer that generates bindings with the HTTP client in its build script
//! (`fixtures/kinds.json`: path, query, header and cookie parameters; API keys in a query
//! parameter, a cookie and a header; basic and bearer authentication; JSON, form and
//! byte bodies). It declares the `http` feature the generated code is gated by.
//!
//! Its integration tests run the generated `HttpClient`s (this one and the seed's
//! `partner-auth`) and the seed's token provider against a real server on 127.0.0.1.

#![deny(warnings, missing_docs)]
#![forbid(unsafe_code)]

/// Bindings of `fixtures/kinds.json`, generated with `Config::http(true)`.
pub mod kinds {
    include!(concat!(env!("OUT_DIR"), "/kinds.rs"));
}

/// Bindings of `fixtures/documents.yaml`: a multipart upload with files, a text body and
/// answer, a binary body and download, and documented response headers.
pub mod documents {
    include!(concat!(env!("OUT_DIR"), "/documents.rs"));
}

/// Bindings of `fixtures/styles.yaml`: OpenAPI 3 `style`/`explode` of array and object
/// parameters.
pub mod styles {
    include!(concat!(env!("OUT_DIR"), "/styles.rs"));
}

/// Bindings of `fixtures/styles_swagger2.yaml`: Swagger 2.0 `collectionFormat`.
pub mod styles_swagger2 {
    include!(concat!(env!("OUT_DIR"), "/styles_swagger2.rs"));
}

/// Bindings of `../fixtures/secrets.yaml` (secrets in every spelling, in parameters, bodies
/// and answers), with the HTTP client.
pub mod secrets {
    include!(concat!(env!("OUT_DIR"), "/secrets.rs"));
}

/// Bindings of `../fixtures/hygiene.json` (a definition named after every capital letter and
/// every name the generated code uses), with the HTTP client.
pub mod hygiene {
    include!(concat!(env!("OUT_DIR"), "/hygiene.rs"));
}

/// Bindings of `../fixtures/petstore-expanded.yaml`, included in a private module as a
/// consumer that keeps its bindings to itself would: the crate compiles under
/// `#![deny(warnings)]`, so nothing the module holds is dead code once every operation is
/// called ([`petstore_tour`]).
mod petstore {
    include!(concat!(env!("OUT_DIR"), "/petstore_expanded.rs"));
}

/// Calls every operation of the petstore once, through its HTTP client, against
/// `base_url`: adds a pet, lists the pets, fetches one and deletes it. The names of the pets
/// added, listed and fetched.
pub async fn petstore_tour(base_url: &str) -> Result<Vec<String>, oasbind_runtime::ClientError> {
    use petstore::Client as _;
    let api = petstore::http::HttpClient::builder()
        .base_url(base_url)
        .build()
        .map_err(|e| oasbind_runtime::ClientError::Transport(Box::new(e)))?;
    let new = petstore::NewPet {
        name: "Rex".into(),
        tag: Some("dog".into()),
        additional_properties: Default::default(),
    };
    let added = api.add_pet(&new).await?;
    let listed = api
        .find_pets(&petstore::FindPetsParams {
            tags: Some(vec!["dog".into()]),
            limit: Some(10),
        })
        .await?;
    let fetched = api
        .find_pet_by_id(&petstore::FindPetByIdParams { id: added.id })
        .await?;
    api.delete_pet(&petstore::DeletePetParams { id: fetched.id })
        .await?;
    let mut names = vec![added.name];
    names.extend(listed.into_iter().map(|pet| pet.name));
    names.push(fetched.name);
    Ok(names)
}

/// Bindings of `../fixtures/accounts.yaml`: a second API of the bank, whose operations take
/// the partner authentication API's token (HTTP bearer and OAuth 2.0 client credentials).
pub mod accounts {
    include!(concat!(env!("OUT_DIR"), "/accounts.rs"));
}
