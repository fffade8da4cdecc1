//! A consumer that keeps its bindings in a private module (`src/lib.rs`: `mod petstore {
//! include!(...) }`, from `tests/fixtures/petstore-expanded.yaml`) compiles under
//! `#![deny(warnings)]` once it calls every operation, and those calls work against a real
//! server on 127.0.0.1.

mod common;

use common::{Reply, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_of_a_privately_included_api_is_called() {
    let server = Server::start(
        |request, _| match (request.method.as_str(), request.uri.path()) {
            ("POST", "/api/pets") => Reply::json(200, r#"{"id":7,"name":"Rex","tag":"dog"}"#),
            ("GET", "/api/pets") => {
                Reply::json(200, r#"[{"id":7,"name":"Rex"},{"id":8,"name":"Fido"}]"#)
            }
            ("GET", "/api/pets/7") => Reply::json(200, r#"{"id":7,"name":"Rex"}"#),
            ("DELETE", "/api/pets/7") => Reply::text(204, ""),
            _ => Reply::json(404, r#"{"code":404,"message":"no such route"}"#),
        },
    )
    .await;
    let names = oasbind_http_tests::petstore_tour(&format!("http://{}/api", server.addr))
        .await
        .unwrap();
    assert_eq!(names, ["Rex", "Rex", "Fido", "Rex"]);
    let calls: Vec<String> = server
        .received()
        .iter()
        .map(|r| format!("{} {}", r.method, r.uri))
        .collect();
    assert_eq!(
        calls,
        [
            "POST /api/pets",
            "GET /api/pets?tags=dog&limit=10",
            "GET /api/pets/7",
            "DELETE /api/pets/7"
        ]
    );
}
