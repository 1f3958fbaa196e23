//! /api/openapi.json

use crate::common::TestApp;

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::new().await;
    let doc = app.client().get("/api/openapi.json").await.json();
    let state = maillage_web::AppState::new(app.db.conn.clone(), maillage_web::Config::default());
    for route in maillage_web::route_table(state) {
        if route.path.starts_with("/api/v1/") {
            let method = route.method.as_str().to_lowercase();
            assert!(
                doc["paths"][&route.path][&method].is_object(),
                "{} {} missing from the OpenAPI document",
                route.method,
                route.path
            );
        }
    }
    insta::assert_json_snapshot!("openapi", doc);
}
