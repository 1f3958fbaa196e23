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
async fn the_xlsx_export_reads_back_as_the_coordinator_hands_it_to_the_caf() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(Role::ActionLead).await;
    let note = [("written_on", "2024-10-02"), ("body", "Rencontre avec les gestionnaires.")];
    lead.post_form(&format!("/actions/{}/journal", app.a().led_action_id()), &note).await;
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
    assert_eq!(book.sheet_names(), ["Actions", "Jalons", "Indicateurs", "Budget", "Réunions", "Décisions", "Journal"]);
    let date = |cell: Option<&Data>| match cell {
        // A spreadsheet date: days since 30/12/1899.
        Some(Data::DateTime(d)) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(d.as_f64() as u64))),
        other => panic!("not a date: {other:?}"),
    };
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);

    let actions = book.worksheet_range("Actions").unwrap();
    assert_eq!(actions.height(), 27, "a header and 26 actions");
    let title = "Mettre en place un outil de suivi de l'offre et de la demande";
    assert_eq!(actions.get((1, 2)), Some(&Data::String(title.into())));
    assert_eq!(actions.get((1, 3)), Some(&Data::String("En cours".into())));
    assert_eq!(actions.get((1, 4)), Some(&Data::Float(20.0)));
    assert_eq!(date(actions.get((1, 9))), day(2020, 12, 31), "the end date is a date");
    assert_eq!(actions.get((0, 10)), Some(&Data::String("Retard (jours)".into())));
    assert_eq!(actions.get((1, 10)), Some(&Data::Float(1415.0)), "lateness is a number of days");

    let milestones = book.worksheet_range("Jalons").unwrap();
    assert_eq!(milestones.get((1, 1)), Some(&Data::String(title.into())), "the action's title on every row");
    assert_eq!(milestones.get((1, 2)), Some(&Data::String("Guichet unique ouvert".into())));
    assert_eq!(date(milestones.get((1, 3))), day(2024, 1, 15));
    assert_eq!(milestones.get((1, 5)), Some(&Data::Float(305.0)));

    let budget = book.worksheet_range("Budget").unwrap();
    assert_eq!(budget.get((1, 1)), Some(&Data::String(title.into())));
    assert_eq!(budget.get((1, 3)), Some(&Data::String("CAF".into())));
    assert_eq!(budget.get((1, 4)), Some(&Data::Float(1000.0)));
    let last = budget.height() - 1;
    assert_eq!(budget.get((last, 0)), Some(&Data::String("Total".into())));
    assert_eq!((budget.get((last, 4)), budget.get((last, 5))), (Some(&Data::Float(1000.0)), Some(&Data::Float(400.0))));

    let decisions = book.worksheet_range("Décisions").unwrap();
    assert_eq!(date(decisions.get((1, 0))), day(2024, 3, 14), "oldest meeting first");
    assert_eq!(decisions.get((1, 2)), Some(&Data::String("Réunir les gestionnaires de crèches.".into())));
    let journal = book.worksheet_range("Journal").unwrap();
    assert_eq!(journal.get((1, 4)), Some(&Data::String("Rencontre avec les gestionnaires.".into())));
    assert_eq!(date(journal.get((1, 2))), day(2024, 10, 2));
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
        Some(
            "Action;Intitulé de l'action;Indicateur;Unité;Sens souhaité;Référence;Année de référence;Année;Cible;\
             Réalisé;Atteinte;Source"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "1.1;Mettre en place un outil de suivi de l'offre et de la demande;Demandes enregistrées;;à la hausse;;;\
             2024;100;80;80 % de la cible;"
        )
    );
    let (_, _, body) =
        download(&app, Role::Elected, &format!("/conventions/{}/export/jalons.csv", app.a().convention_id)).await;
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains(";Guichet unique ouvert;15/01/2024;;305\r\n"), "dates as French Excel reads them: {text}");
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
