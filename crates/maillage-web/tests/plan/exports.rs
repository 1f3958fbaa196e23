//! /conventions/{id}/export.xlsx and /conventions/{id}/export/{table}.csv

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use maillage_domain::Role;

use crate::common::TestApp;

async fn download(app: &TestApp, role: Role, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut c = app.signed_in(role).await;
    let r = c.get(path).await;
    (r.status, r.headers, r.body.into_bytes())
}

#[tokio::test]
async fn the_xlsx_export_has_the_three_tables() {
    let app = TestApp::new().await;
    let c = app.signed_in(Role::CafPartner).await;
    let request = axum::http::Request::get(format!("/conventions/{}/export.xlsx", app.a().convention_id))
        .body(axum::body::Body::empty())
        .unwrap();
    // Bytes, not text: fetch through the raw router.
    let response = tower::ServiceExt::oneshot(app.router.clone(), c.prepare(request)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"ctg-2023-2026.xlsx\"");
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["Actions", "Indicateurs", "Budget"]);
    let actions = book.worksheet_range("Actions").unwrap();
    assert_eq!(actions.height(), 27, "a header and 26 actions");
    assert_eq!(
        actions.get((1, 2)),
        Some(&Data::String("Mettre en place un outil de suivi de l'offre et de la demande".into()))
    );
    assert_eq!(actions.get((1, 3)), Some(&Data::String("En cours".into())));
    assert_eq!(actions.get((1, 4)), Some(&Data::Float(20.0)));
    let budget = book.worksheet_range("Budget").unwrap();
    assert_eq!(budget.get((1, 2)), Some(&Data::String("CAF".into())));
    assert_eq!(budget.get((1, 3)), Some(&Data::Float(1000.0)));
}

#[tokio::test]
async fn csv_exports_are_semicolon_separated_with_a_bom() {
    let app = TestApp::new().await;
    let (status, headers, body) =
        download(&app, Role::Elected, &format!("/conventions/{}/export/indicateurs.csv", app.a().convention_id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(headers["content-disposition"], "attachment; filename=\"ctg-2023-2026-indicateurs.csv\"");
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some("Action;Indicateur;Unité;Sens souhaité;Référence;Année de référence;Année;Cible;Réalisé;Source")
    );
    assert_eq!(lines.next(), Some("1.1;Demandes enregistrées;;à la hausse;;;2024;100;80;"));
}

#[tokio::test]
async fn unknown_tables_and_other_territories_are_not_found() {
    let app = TestApp::new().await;
    let (status, _, _) =
        download(&app, Role::Coordinator, &format!("/conventions/{}/export/familles.csv", app.a().convention_id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) =
        download(&app, Role::Coordinator, &format!("/conventions/{}/export.xlsx", app.b().convention_id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
