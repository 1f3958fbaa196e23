//! /assistants-maternels: the childminders of the register.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

fn person<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("first_name", "Nadia"),
        ("last_name", "Benali"),
        ("approval_number", "AM-2021/117"),
        ("birth_year", "1975"),
        ("sector", "Sud"),
        ("active", "on"),
    ];
    for (k, v) in extra {
        form.retain(|(name, _)| name != k);
        form.push((k, v));
    }
    form
}

#[tokio::test]
async fn the_relais_registers_a_childminder_and_her_approval() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let r = relais.post_form("/assistants-maternels/nouveau", &person(&[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sheet = r.location().trim_end_matches("#capacite").to_owned();
    let r = relais
        .post_form(
            &format!("{sheet}/capacites"),
            &[
                ("valid_from", "2021-09-01"),
                ("valid_to", "2026-08-31"),
                ("infant", "1"),
                ("toddler", "2"),
                ("preschool", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = relais.get(&sheet).await.text();
    assert!(page.contains("N° d'agrément AM-2021/117"), "{page}");
    assert!(page.contains("01/09/2021 (en cours) 31/08/2026 1 2 1 4"), "{page}");
    let list = relais.get("/assistants-maternels").await.text();
    assert!(list.contains("Benali Nadia AM-2021/117 Sud En activité 3 4"), "{list}");
    assert!(list.contains("2 assistant·e·s maternel·le·s"), "{list}");
}

#[tokio::test]
async fn the_list_filters_by_name_sector_and_activity_and_pages() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    for i in 0..55 {
        let number = format!("AM-{i:03}-X");
        let last = format!("Martin{i:02}");
        let form = person(&[
            ("approval_number", &number),
            ("last_name", &last),
            ("active", if i % 5 == 0 { "" } else { "on" }),
        ]);
        assert_eq!(c.post_form("/assistants-maternels/nouveau", &form).await.status, StatusCode::SEE_OTHER);
    }
    let all = c.get("/assistants-maternels").await.text();
    assert!(all.contains("56 assistant·e·s maternel·le·s") && all.contains("Page 1 sur 2"), "{all}");
    assert!(all.contains("Diallo Awa"), "sorted by last name, Diallo comes first");
    let second = c.get("/assistants-maternels?page=1").await.text();
    assert!(second.contains("Martin54") && !second.contains("Diallo Awa"), "{second}");
    let huge = c.get("/assistants-maternels?page=184467440737095517").await;
    assert_eq!(huge.status, StatusCode::OK);
    assert!(huge.text().contains("Page 2 sur 2"), "a page past the end shows the last one");

    let found = c.get("/assistants-maternels?q=dial").await.text();
    assert!(found.contains("1 assistant·e maternel·le") && found.contains("Diallo Awa"), "{found}");
    let inactive = c.get("/assistants-maternels?etat=inactifs&secteur=Sud").await.text();
    assert!(inactive.contains("11 assistant·e·s maternel·le·s"), "{inactive}");
    let percent = c.get("/assistants-maternels?q=%25").await.text();
    assert!(
        percent.contains("Personne ne correspond à ce filtre."),
        "« % » is searched for, not a wildcard: {percent}"
    );
    let nobody = c.get("/assistants-maternels?q=%25%0A%09zz").await;
    assert_eq!(nobody.status, StatusCode::OK);
    assert!(nobody.text().contains("Personne ne correspond à ce filtre."), "{}", nobody.text());
}

#[tokio::test]
async fn a_childminder_form_refuses_what_cannot_be_true() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Relais).await;
    let other_mam = app.b().mam_id.to_string();
    let r = c
        .post_form(
            "/assistants-maternels/nouveau",
            &person(&[("birth_year", "1890"), ("mam_id", &other_mam), ("approval_number", "AM-001")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Une année de naissance de 1940 à 2010."), "{}", r.text());
    let r = c.post_form("/assistants-maternels/nouveau", &person(&[("mam_id", &other_mam)])).await;
    assert!(
        r.text().contains("Choisissez une MAM dans la liste."),
        "another territory's MAM is not offered: {}",
        r.text()
    );
    let r = c.post_form("/assistants-maternels/nouveau", &person(&[("approval_number", "am-001")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("a déjà ce numéro d'agrément"), "numbers compare in capitals: {}", r.text());
    let sheet = format!("/assistants-maternels/{}/capacites", app.a().childminder_id);
    let r = c.post_form(&sheet, &[("valid_from", "2025-01-01"), ("infant", "2"), ("employer_places", "1")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Les places réservées entreprises sont celles d'un établissement."), "{}", r.text());
    let list = c.get("/assistants-maternels").await.text();
    assert!(list.contains("1 assistant·e maternel·le"), "nothing written: {list}");
}
