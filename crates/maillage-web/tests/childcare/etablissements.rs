//! /etablissements: the facilities of the register and their dated places.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

fn lucioles<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name", "Micro-crèche Les Hirondelles"),
        ("kind", "micro_creche"),
        ("identifier", "690012345"),
        ("manager", "SAS Petits Chaussons"),
        ("address", "8 place du Marché"),
        ("sector", "Sud"),
        ("funding", "paje"),
        ("mon", "on"),
        ("tue", "on"),
        ("thu", "on"),
        ("fri", "on"),
        ("opens_at", "08:00"),
        ("closes_at", "18:45"),
    ];
    for (k, v) in extra {
        form.retain(|(name, _)| name != k);
        form.push((k, v));
    }
    form
}

#[tokio::test]
async fn the_relais_adds_a_facility_then_its_places_and_the_list_counts_them() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let list = relais.get("/etablissements").await.text();
    assert!(
        list.contains(
            "Multi-accueil Les Lucioles Multi-accueil Centre PSU 24 24 du lundi au vendredi, 7 h 30 – 18 h 30"
        ),
        "{list}"
    );
    assert!(list.contains("2 établissements · 32 places pour les moins de 3 ans aujourd'hui"), "{list}");

    let r = relais.post_form("/etablissements/nouveau", &lucioles(&[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sheet = r.location().trim_end_matches("#capacite").to_owned();
    let page = relais.get(&sheet).await.text();
    assert!(page.contains("Établissement enregistré. Indiquez maintenant ses places autorisées."));
    assert!(page.contains("Ouverture lundi, mardi, jeudi et vendredi, 8 h – 18 h 45"), "{page}");
    assert!(page.contains("Aucune capacité enregistrée."));

    let r = relais
        .post_form(
            &format!("{sheet}/capacites"),
            &[("valid_from", "2024-10-01"), ("infant", "4"), ("toddler", "6"), ("employer_places", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = relais.get(&sheet).await.text();
    assert!(page.contains("01/10/2024 (en cours) — 4 6 0 10 (dont 2 réservées entreprises)"), "{page}");
    assert!(page.contains("Nouvelle capacité pour Micro-crèche Les Hirondelles"), "the history says it: {page}");
    let list = relais.get("/etablissements").await.text();
    assert!(list.contains("3 établissements · 42 places pour les moins de 3 ans aujourd'hui"), "{list}");
}

#[tokio::test]
async fn a_new_capacity_closes_the_running_one_and_the_past_stays_readable() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let sheet = format!("/etablissements/{}", app.a().facility_id);
    let page = c.get(&sheet).await.text();
    assert!(page.contains("01/09/2024 (en cours) — 8 16 0 24"), "{page}");
    assert!(page.contains("01/01/2020 31/08/2024 6 14 0 20"), "the old capacity ended the day before: {page}");

    // Back-dating before the latest start would rewrite history: refused.
    let r = c.post_form(&format!("{sheet}/capacites"), &[("valid_from", "2024-06-01"), ("infant", "30")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Une capacité commence déjà le 01/09/2024 : la nouvelle doit commencer après"),
        "{}",
        r.text()
    );
    assert!(r.body.contains("<a href=\"#capacite-valid_from\">"), "the summary links to the field");
    assert!(r.body.contains("value=\"30\""), "what was typed is kept");
    assert_eq!(c.get(&sheet).await.text().matches("(en cours)").count(), 1);
}

#[tokio::test]
async fn wrong_fields_are_named_next_to_them_and_nothing_is_written() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Relais).await;
    let bad = lucioles(&[
        ("name", " "),
        ("kind", "garderie"),
        ("identifier", "69 001"),
        ("funding", ""),
        ("opens_at", "25:00"),
        ("closes_at", "07:00"),
        ("email", "pas-une-adresse"),
    ]);
    let bad: Vec<_> = bad.into_iter().filter(|(k, _)| !["mon", "tue", "thu", "fri"].contains(k)).collect();
    let r = c.post_form("/etablissements/nouveau", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    for message in [
        "Rien n'a été enregistré : 7 champs sont à corriger",
        "Ce champ est obligatoire.",
        "Choisissez un type d'établissement dans la liste.",
        "Chiffres et lettres seulement",
        "Choisissez le financement : PSU ou PAJE.",
        "Cochez au moins un jour d'ouverture.",
        "Heure invalide (exemple : 07:30).",
        "Adresse e-mail invalide",
    ] {
        assert!(text.contains(message), "{message}: {text}");
    }
    assert!(
        r.body.contains("<a href=\"#mon\">Jours d&#39;ouverture : Cochez au moins un jour"),
        "the days' error leads to the first day"
    );
    assert!(r.body.contains("value=\"69 001\""), "input kept");
    let list = c.get("/etablissements").await.text();
    assert!(list.contains("2 établissements"), "nothing written: {list}");

    let taken = lucioles(&[("identifier", "690012345")]);
    assert_eq!(c.post_form("/etablissements/nouveau", &taken).await.status, StatusCode::SEE_OTHER);
    let r = c.post_form("/etablissements/nouveau", &lucioles(&[("name", "Une autre")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Un établissement de ce territoire a déjà cet identifiant."));
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused_with_what_changed() {
    let app = TestApp::new().await;
    let mut first = app.signed_in(Role::Relais).await;
    let mut second = app.signed_in(Role::Coordinator).await;
    let edit = format!("/etablissements/{}/modifier", app.a().facility_id);
    assert!(first.get(&edit).await.body.contains("name=\"version\" value=\"1\""));
    let form = |name: &'static str| {
        let mut f = lucioles(&[("name", name), ("kind", "multi_accueil"), ("funding", "psu"), ("identifier", "")]);
        f.push(("version", "1"));
        f
    };
    assert_eq!(first.post_form(&edit, &form("Les Lucioles")).await.status, StatusCode::SEE_OTHER);
    let r = second.post_form(&edit, &form("Crèche des Lucioles")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let text = r.text();
    assert!(text.contains("Nom : désormais « Les Lucioles »"), "{text}");
    assert!(r.body.contains("name=\"version\" value=\"2\""), "saving again is a deliberate choice");
    let page = second.get(&format!("/etablissements/{}", app.a().facility_id)).await.text();
    assert!(page.contains("Établissement modifié : Les Lucioles"), "{page}");
    assert!(page.contains("Nom : « Multi-accueil Les Lucioles » → « Les Lucioles »"), "{page}");
}

#[tokio::test]
async fn a_mam_where_childminders_work_stays_a_mam() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Relais).await;
    let edit = format!("/etablissements/{}/modifier", app.a().mam_id);
    let mut form = lucioles(&[("name", "MAM Les Petits Pas"), ("kind", "micro_creche"), ("identifier", "")]);
    form.push(("version", "1"));
    let r = c.post_form(&edit, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Des assistant·e·s maternel·le·s travaillent dans cette MAM"), "{}", r.text());
}

#[tokio::test]
async fn partners_and_elected_do_not_see_the_registers_menu() {
    let app = TestApp::new().await;
    for (role, shown) in
        [(Role::Relais, true), (Role::Coordinator, true), (Role::Elected, false), (Role::CafPartner, false)]
    {
        let mut c = app.signed_in(role).await;
        let home = c.get("/").await;
        let page = if role == Role::Relais {
            assert_eq!(home.location(), "/offre", "the relais starts from the offer");
            c.get("/offre").await
        } else {
            home
        };
        assert_eq!(page.body.contains("href=\"/offre\""), shown, "{role:?}");
    }
}
