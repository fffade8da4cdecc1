//! How array and object parameters travel: OpenAPI 3 `style`/`explode` and Swagger 2.0
//! `collectionFormat`, as a real server on 127.0.0.1 receives them.

mod common;

use common::Server;
use oasbind_http_tests::styles::http::HttpClient;
use oasbind_http_tests::styles::{Client, Filter, ItemParams, Point, Range, SearchParams};
use oasbind_http_tests::styles_swagger2 as swagger2;

fn everything() -> SearchParams {
    SearchParams {
        tag: Some(vec!["a b".into(), "c".into()]),
        ids: Some(vec![1, 2, 3]),
        words: Some(vec!["x".into(), "y".into()]),
        ranks: Some(vec![4, 5]),
        filter: Some(Filter {
            created: Some(Range {
                gte: Some("2020".into()),
                lt: None,
            }),
            status: Some("open".into()),
        }),
        expand: Some(vec!["customer".into(), "invoice".into()]),
        point: Some(Point {
            x: Some(1),
            y: Some(2),
        }),
        x_ids: Some(vec![7, 8]),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi3_styles_write_what_the_definition_says() {
    let server = Server::always(204, "").await;
    let api = HttpClient::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    api.search(&everything()).await.unwrap();
    let got = server.last();
    let query = got
        .uri
        .query()
        .unwrap_or_default()
        .replace("%5B", "[")
        .replace("%5D", "]");
    let expected = [
        "tag=a+b&tag=c",                                 // form, exploded (the default)
        "ids=1%2C2%2C3",                                 // form, not exploded
        "words=x+y",                                     // spaceDelimited
        "ranks=4%7C5",                                   // pipeDelimited
        "filter[created][gte]=2020&filter[status]=open", // deepObject, nested, absent fields left out
        "expand[]=customer&expand[]=invoice",            // deepObject array (Stripe's `expand[]`)
        "x=1&y=2",                                       // an object, form exploded
    ]
    .join("&");
    assert_eq!(query, expected);
    assert_eq!(got.header("x-ids"), Some("7,8")); // simple
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_parameters_in_simple_label_and_matrix_style() {
    let server = Server::always(204, "").await;
    let api = HttpClient::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let point = Point {
        x: Some(1),
        y: Some(2),
    };
    let params = ItemParams {
        plain: vec!["a b".into(), "c,d".into()],
        point: point.clone(),
        exploded: point.clone(),
        label: vec!["e".into(), "f".into()],
        labels: vec!["g".into(), "h".into()],
        matrix: vec![3, 4],
        matrices: vec![5, 6],
        spot: point.clone(),
        empty: String::new(),
        x_point: Some(point),
    };
    api.item(&params).await.unwrap();
    let got = server.last();
    let expected = [
        "a%20b,c%2Cd", // simple: items encoded, the separator not
        "x,1,y,2",     // simple object
        "x=1,y=2",     // simple object, exploded
        ".e,f",        // label
        ".g.h",        // label, exploded
        ";matrix=3,4", // matrix
        ";matrices=5;matrices=6",
        ";x=1;y=2", // matrix object, exploded
        ";empty",   // matrix, empty value
    ]
    .join("/");
    let (_, segments) = got
        .uri
        .path()
        .split_once("/items/")
        .expect("the operation's path");
    assert_eq!(segments, expected);
    assert_eq!(got.header("x-point"), Some("x=1,y=2")); // simple, exploded
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swagger2_collection_formats_default_to_csv() {
    let server = Server::always(204, "").await;
    let api = swagger2::http::HttpClient::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let params = swagger2::ListParams {
        plain: Some(vec!["a".into(), "b".into()]),
        multi: Some(vec!["c".into(), "d".into()]),
        pipes: Some(vec![1, 2]),
        tabs: Some(vec!["e".into(), "f".into()]),
        x_tags: Some(vec!["g".into(), "h".into()]),
    };
    swagger2::Client::list(&api, &params).await.unwrap();
    let got = server.last();
    assert_eq!(
        got.uri.query(),
        Some("plain=a%2Cb&multi=c&multi=d&pipes=1%7C2&tabs=e%09f")
    );
    assert_eq!(got.header("x-tags"), Some("g h"));
}
