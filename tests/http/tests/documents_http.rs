//! Bodies that are not JSON, over loopback (`fixtures/documents.yaml`): a multipart upload
//! read by axum's `Multipart` (a real multipart parser), text in and out, bytes in, a
//! download read piece by piece past the client's size limit, and documented response
//! headers read into their types.

mod common;

use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use common::pattern;
use oasbind_http_tests::documents::http::HttpClient;
use oasbind_http_tests::documents::*;
use oasbind_runtime::multipart::FilePart;
use oasbind_runtime::{ClientError, Violations};
use std::sync::{Arc, Mutex};

/// A part as the server's multipart parser saw it.
#[derive(Clone, Debug, PartialEq)]
struct SeenPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// A blob as the server received it: id, content type, bytes.
type Blob = (String, Option<String>, Vec<u8>);

#[derive(Clone, Default)]
struct Seen {
    parts: Arc<Mutex<Vec<SeenPart>>>,
    blob: Arc<Mutex<Option<Blob>>>,
    /// The value the upload answers with in `X-Rate-Limit-Remaining`.
    rate_limit: Arc<Mutex<&'static str>>,
}

async fn upload(State(seen): State<Seen>, mut form: Multipart) -> Response {
    let mut parts = Vec::new();
    while let Some(field) = form
        .next_field()
        .await
        .expect("a well-formed multipart body")
    {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field.bytes().await.expect("the part's bytes").to_vec();
        parts.push(SeenPart {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    let count = parts.len();
    *seen.parts.lock().unwrap() = parts;
    let limit = *seen.rate_limit.lock().unwrap();
    (
        StatusCode::CREATED,
        [
            ("location", "/documents/D-1"),
            ("x-rate-limit-remaining", limit),
            ("x-session-token", "TOP-SECRET"),
            ("content-type", "application/json"),
        ],
        format!(r#"{{"id":"D-1","parts":{count}}}"#),
    )
        .into_response()
}

async fn download(Path(id): Path<String>) -> Response {
    let Some(len) = id
        .strip_prefix("size-")
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return (
            StatusCode::NOT_FOUND,
            [("content-type", "application/json")],
            r#"{"message":"no such document"}"#,
        )
            .into_response();
    };
    (
        [
            ("content-type", "application/octet-stream"),
            ("etag", "\"v1\""),
        ],
        common::streamed(len),
    )
        .into_response()
}

async fn note(headers: HeaderMap, body: String) -> Response {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        [("content-type", "text/plain; charset=utf-8")],
        format!("{content_type}|{body}"),
    )
        .into_response()
}

async fn blob(
    State(seen): State<Seen>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    *seen.blob.lock().unwrap() = Some((id.clone(), content_type, body.to_vec()));
    if id == "no-etag" {
        return StatusCode::NO_CONTENT.into_response();
    }
    (StatusCode::NO_CONTENT, [("etag", "\"b1\"")]).into_response()
}

async fn serve() -> (HttpClient, Seen) {
    let seen = Seen {
        rate_limit: Arc::new(Mutex::new("41")),
        ..Seen::default()
    };
    let app = Router::new()
        .route("/documents", post(upload))
        .route("/documents/{id}/content", get(download))
        .route("/notes", post(note))
        .route("/blobs/{id}", put(blob))
        .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = HttpClient::builder()
        .base_url(format!("http://{addr}"))
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    (client, seen)
}

fn form() -> UploadDocumentForm {
    UploadDocumentForm {
        pages: Some(12),
        tags: Some(vec!["q1".to_owned(), "signed".to_owned()]),
        signature: Some(
            FilePart::new(vec![0u8, 159, 146, 150, 255])
                .file_name("q1.sig")
                .content_type("application/pkcs7-signature"),
        ),
        ..UploadDocumentForm::new(
            "Quarterly statement",
            FilePart::new(b"%PDF-1.7\r\n--boundary?\r\n%%EOF".to_vec())
                .file_name("q1 \"final\".pdf")
                .content_type("application/pdf"),
        )
    }
}

#[tokio::test]
async fn a_multipart_upload_arrives_part_by_part() {
    let (client, seen) = serve().await;
    let answer = client.upload_document(&form()).await.unwrap();
    // The body and the documented headers, typed.
    assert_eq!(answer.body.id, "D-1");
    assert_eq!(answer.headers.location, "/documents/D-1");
    assert_eq!(answer.headers.x_rate_limit_remaining, Some(41u32));
    // A secret header is read, and `Debug` does not show it.
    assert_eq!(
        answer.headers.x_session_token.as_deref(),
        Some("TOP-SECRET")
    );
    let shown = format!("{answer:?}");
    assert!(
        !shown.contains("TOP-SECRET") && shown.contains("x_session_token"),
        "{shown}"
    );

    let parts = seen.parts.lock().unwrap().clone();
    let text = |name: &str, value: &str| SeenPart {
        name: name.to_owned(),
        file_name: None,
        content_type: None,
        bytes: value.as_bytes().to_vec(),
    };
    assert_eq!(
        parts,
        vec![
            text("title", "Quarterly statement"),
            text("pages", "12"),
            // An array is a part per item, as OpenAPI's default encoding has it.
            text("tags", "q1"),
            text("tags", "signed"),
            SeenPart {
                name: "file".into(),
                // The quote is escaped in the header and comes back as the parser reads it.
                file_name: Some("q1 %22final%22.pdf".into()),
                content_type: Some("application/pdf".into()),
                bytes: b"%PDF-1.7\r\n--boundary?\r\n%%EOF".to_vec(),
            },
            SeenPart {
                name: "signature".into(),
                file_name: Some("q1.sig".into()),
                content_type: Some("application/pkcs7-signature".into()),
                bytes: vec![0, 159, 146, 150, 255],
            },
        ]
    );
    assert_eq!(answer.body.parts, 6);
}

#[tokio::test]
async fn an_invalid_form_field_is_not_sent() {
    let (client, seen) = serve().await;
    let mut form = form();
    form.title = "x".repeat(41);
    form.pages = Some(0);
    let Err(ClientError::InvalidRequest(v)) = client.upload_document(&form).await else {
        panic!("an invalid form is refused");
    };
    assert!(
        v.contains("/title", "maxLength") && v.contains("/pages", "minimum"),
        "{v}"
    );
    assert!(seen.parts.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_secret_form_field_is_checked_and_never_shown() {
    let (client, seen) = serve().await;
    let mut form = form();
    form.signing_pin = Some("TOP-SECRET".to_owned());
    let Err(ClientError::InvalidRequest(v)) = client.upload_document(&form).await else {
        panic!("a PIN that breaks its pattern is refused");
    };
    assert!(v.contains("/signing_pin", "pattern"), "{v}");
    // Neither the value nor what it must look like (the pattern) is shown.
    for shown in [v.to_string(), format!("{v:?}"), format!("{form:?}")] {
        assert!(
            !shown.contains("TOP-SECRET") && !shown.contains("[0-9]"),
            "{shown}"
        );
    }
    assert!(seen.parts.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_header_of_the_wrong_type_is_a_located_violation() {
    let (client, seen) = serve().await;
    *seen.rate_limit.lock().unwrap() = "-1";
    let Err(ClientError::InvalidResponse { violations, .. }) =
        client.upload_document(&form()).await
    else {
        panic!("a negative count breaks the definition");
    };
    assert!(
        violations.contains("/headers/x-rate-limit-remaining", "type"),
        "{violations}"
    );
}

#[tokio::test]
async fn text_goes_and_comes_back_as_text() {
    let (client, _) = serve().await;
    let echoed = client.add_note("Grüße, ünïcode").await.unwrap();
    assert_eq!(echoed, "text/plain|Grüße, ünïcode");
}

#[tokio::test]
async fn bytes_go_as_they_are_and_a_required_header_must_come() {
    let (client, seen) = serve().await;
    let bytes: Vec<u8> = (0..=255).collect();
    let answer = client
        .put_blob(&PutBlobParams::new("b-1"), &bytes)
        .await
        .unwrap();
    assert_eq!(answer.headers.e_tag, "\"b1\"");
    assert_eq!(
        seen.blob.lock().unwrap().clone(),
        Some((
            "b-1".to_owned(),
            Some("application/octet-stream".to_owned()),
            bytes.clone()
        ))
    );
    let Err(ClientError::InvalidResponse { violations, .. }) = client
        .put_blob(&PutBlobParams::new("no-etag"), &bytes)
        .await
    else {
        panic!("a missing required header breaks the definition");
    };
    assert!(
        violations.contains("/headers/etag", "required"),
        "{violations}"
    );
}

#[tokio::test]
async fn a_small_download_is_read_whole() {
    let (client, _) = serve().await;
    let answer = client
        .download_document(&DownloadDocumentParams::new("size-1000"))
        .await
        .unwrap();
    assert_eq!(answer.body, pattern(0, 1000));
    assert_eq!(answer.headers.e_tag.as_deref(), Some("\"v1\""));
    // A documented error is the operation's error type, streamed or not.
    for result in [
        client
            .download_document(&DownloadDocumentParams::new("missing"))
            .await
            .map(|_| ()),
        client
            .download_document_download(&DownloadDocumentParams::new("missing"))
            .await
            .map(|_| ()),
    ] {
        let error = result.unwrap_err();
        assert_eq!(error.status(), Some(404));
        assert_eq!(
            error.api_body::<Problem>().map(|p| p.message.as_str()),
            Some("no such document")
        );
    }
}

#[tokio::test]
async fn a_download_past_the_size_limit_streams() {
    let (client, _) = serve().await;
    // Eight times the client's limit: refused whole, read piece by piece.
    let len = 8 * 1024 * 1024 + 17;
    let params = DownloadDocumentParams::new(format!("size-{len}"));
    let whole = client.download_document(&params).await.unwrap_err();
    assert!(
        whole.to_string().contains("larger than 1048576 bytes"),
        "{whole}"
    );

    let mut download = client.download_document_download(&params).await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.header("ETag"), Some("\"v1\""));
    let (mut received, mut largest) = (0usize, 0usize);
    while let Some(piece) = download.chunk().await.unwrap() {
        assert_eq!(piece, pattern(received, piece.len()), "at byte {received}");
        received += piece.len();
        largest = largest.max(piece.len());
    }
    assert_eq!(received, len);
    assert!(largest <= 1024 * 1024, "pieces, not the whole: {largest}");
}

#[test]
fn violations_of_a_form_name_their_field() {
    let mut form = form();
    form.tags = Some(Vec::new());
    form.title = String::new();
    assert_eq!(validate_upload_document(&form), Ok(()));
    form.title = "t".repeat(41);
    let v: Violations = validate_upload_document(&form).unwrap_err();
    assert_eq!(v.to_string().matches("/title").count(), 1, "{v}");
}
