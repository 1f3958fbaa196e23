//! /statistiques: a year by month and by sector, the childminders'
//! workforce, and the same tables in CSV and XLSX; partners and the
//! elected see every count under 5 hidden, in the page and in the files.

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use maillage_domain::Role;

use crate::common::{TestApp, request_form};

/// Six requests of the Nord sector for March 2025, filed on 15 November
/// 2024: five solved by a childminder a month later, one without
/// solution; a childminder declares free places from February. Then the
/// clock moves to June 2025. The fixture's own request (Centre, January
/// 2025) is still open: unmet once its start has passed.
async fn a_year_of_requests(app: &TestApp) {
    let mut relais = app.signed_in(Role::Relais).await;
    let mut sheets = Vec::new();
    for _ in 0..6 {
        let form = request_form(&[("start_on", "2025-03-03"), ("home_sector", "Nord"), ("sector_0", "Nord")]);
        let fields: Vec<(&str, &str)> = form.pairs().collect();
        let r = relais.post_form("/demandes/nouvelle", &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        sheets.push(r.location().to_owned());
    }
    let childminder = format!("/assistants-maternels/{}/places-disponibles", app.a().childminder_id);
    let r = relais
        .post_form(
            &childminder,
            &[("available_from", "2025-02-01"), ("mon_infant", "1"), ("tue_infant", "1"), ("mon_toddler", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    app.set_today("2024-12-15");
    for (i, sheet) in sheets.iter().enumerate() {
        let outcome: &[(&str, &str)] = if i < 5 {
            &[("version", "1"), ("status", "solved"), ("solved_mode", "childminder")]
        } else {
            &[("version", "1"), ("status", "no_solution")]
        };
        let r = relais.post_form(&format!("{sheet}/statut"), outcome).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    app.set_today("2025-06-01");
}

/// The rows of a CSV export, its byte order mark and header dropped.
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    body.trim_start_matches('\u{feff}').lines().skip(1).map(|l| l.split(';').map(str::to_owned).collect()).collect()
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter().find(|r| r[0] == first).unwrap_or_else(|| panic!("no row {first} in {rows:?}"))
}

#[tokio::test]
async fn the_relais_reads_the_year_by_month_and_by_sector() {
    let app = TestApp::new().await;
    a_year_of_requests(&app).await;
    let mut relais = app.signed_in(Role::Relais).await;
    let page = relais.get("/statistiques?annee=2025&secteur=Nord").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    // Month, requests, satisfied, unmet, median days, places, free places,
    // then satisfied by mode (collective, childminder, MAM, home).
    assert!(text.contains("mars 2025 6 5 1 30 11 2 0 5 0 0"), "{text}");
    assert!(text.contains("janvier 2025 0 0 0 — 11 0 0 0 0 0"), "free from February: {text}");
    assert!(page.body.contains("<title>mars, demandes : 6</title>"), "the chart's columns say their value");

    let months = csv_rows(&relais.get("/statistiques/mois.csv?annee=2025&secteur=Nord").await.body);
    assert!(months.iter().flatten().all(|c| c != "masqué"), "the relais sees every count");
    assert_eq!(row(&months, "mars 2025")[1..], ["6", "5", "1", "30", "11", "2", "0", "5", "0", "0"]);
    assert_eq!(row(&months, "Année 2025")[1..3], ["6", "5"]);
    let sectors = csv_rows(&relais.get("/statistiques/secteurs.csv?annee=2025").await.body);
    assert_eq!(
        row(&sectors, "Centre")[1..],
        ["1", "0", "1", "", "24", "0", "0", "0", "0", "0"],
        "still open after its start: unmet"
    );
    assert_eq!(row(&sectors, "Nord")[1], "6");
    assert_eq!(row(&sectors, "Territoire")[1..3], ["7", "5"], "the sectors add up to the territory");
    let retirements = csv_rows(&relais.get("/statistiques/retraites.csv?annee=2025").await.body);
    assert_eq!(row(&retirements, "62 ans en 2030")[1..], ["1", "3"], "born in 1968, with her 3 places");

    // Territory b counts only its own request.
    let b = app.signed_in_at(Role::Coordinator, "b").await.get("/statistiques/secteurs.csv?annee=2025").await;
    assert_eq!(row(&csv_rows(&b.body), "Territoire")[1], "1");

    // Another year has nothing yet, and says so.
    let empty = relais.get("/statistiques?annee=2027").await.text();
    assert!(empty.contains("Aucune demande d'accueil n'a de début souhaité en 2027."), "{empty}");
}

#[tokio::test]
async fn partners_and_the_elected_never_see_a_count_under_5_nor_one_a_subtraction_gives_back() {
    let app = TestApp::new().await;
    a_year_of_requests(&app).await;
    for role in [Role::CafPartner, Role::Elected] {
        let mut partner = app.signed_in(role).await;
        let page = partner.get("/statistiques?annee=2025&secteur=Nord").await;
        let text = page.text();
        // Nord's 6 requests of March are hidden too: with the territory's 6,
        // they would give back Centre's 0.
        let hidden = "masqué masqué masqué 30 11 masqué masqué masqué masqué masqué";
        assert!(text.contains(&format!("mars 2025 {hidden}")), "{role:?}: {text}");
        assert!(text.contains("Version pour les partenaires :") && !text.contains("Version pour les partenaires ("));
        assert!(!page.body.contains("<title>mars, non satisfaites : 1</title>"), "nor in the chart's titles");
        assert!(page.body.contains("<title>mars, non satisfaites : masqué</title>"));
        let sectors = csv_rows(&partner.get("/statistiques/secteurs.csv?annee=2025").await.body);
        assert_eq!(row(&sectors, "Centre")[1], "masqué", "1 request");
        assert_eq!(row(&sectors, "Nord")[1], "masqué", "6, but the territory's 7 minus 6 would give Centre's 1");
        assert_eq!(row(&sectors, "Territoire")[1], "7");
        assert_eq!(row(&sectors, "Nord")[5], "11", "places: nothing to hide");
        // Asking for the full version changes nothing.
        let asked = partner.get("/statistiques/mois.csv?annee=2025&secteur=Nord").await;
        assert!(
            asked.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("statistiques-accueil-2025-nord-diffusion-mois.csv")
        );
        for table in ["mois", "secteurs", "ages", "retraites"] {
            let body = partner.get(&format!("/statistiques/{table}.csv?annee=2025")).await.body;
            for r in csv_rows(&body) {
                for cell in &r[1..] {
                    if let Ok(n) = cell.parse::<u32>() {
                        assert!(n >= 5, "{role:?} {table}: {n} in {r:?}");
                    }
                }
            }
        }
    }
    // The relais may prepare the same version to hand it over.
    let mut relais = app.signed_in(Role::Relais).await;
    let text = relais.get("/statistiques?annee=2025&secteur=Nord&diffusion=partenaires").await.text();
    assert!(text.contains("mars 2025 masqué masqué masqué 30 11 masqué"), "{text}");
}

#[tokio::test]
async fn the_workbook_holds_every_table_and_what_each_figure_means() {
    let app = TestApp::new().await;
    a_year_of_requests(&app).await;
    let c = app.signed_in(Role::Coordinator).await;
    let request =
        axum::http::Request::get("/statistiques/export.xlsx?annee=2025").body(axum::body::Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), c.prepare(request)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-disposition"], "attachment; filename=\"statistiques-accueil-2025.xlsx\"");
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["Par mois", "Par secteur", "Âges des AM", "Départs en retraite", "Définitions"]);
    let months = book.worksheet_range("Par mois").unwrap();
    assert_eq!(months.get((3, 0)), Some(&Data::String("mars 2025".into())));
    assert_eq!(months.get((3, 1)), Some(&Data::Float(6.0)), "counts are numbers");
    assert_eq!(months.get((3, 4)), Some(&Data::Float(30.0)), "the median");
    let definitions = book.worksheet_range("Définitions").unwrap();
    assert_eq!(definitions.get((1, 1)), Some(&Data::String("Tout le territoire, année 2025.".into())));
    assert_eq!(definitions.get((2, 0)), Some(&Data::String("Demandes".into())));
}

#[tokio::test]
async fn a_choice_that_means_nothing_is_said_next_to_its_field() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let r = coordinator.get("/statistiques?annee=99999999999&secteur=%0AInconnu&diffusion=%09").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Une année de 2000 à 2029, par exemple 2024."), "{text}");
    assert!(
        text.contains("Choisissez un secteur dans la liste.") && text.contains("Cochez la case ou laissez-la vide."),
        "{text}"
    );
    assert!(text.contains("novembre 2024"), "the current year is shown instead: {text}");
    // An export is not answered with another year's figures.
    let r = coordinator.get("/statistiques/mois.csv?annee=1799").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.text().contains("Une année de 2000 à 2029"), "{}", r.text());
    assert_eq!(coordinator.get("/statistiques/budget.csv").await.status, StatusCode::NOT_FOUND);
}
