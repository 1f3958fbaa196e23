//! /demandes: the relais files a request for a family met in person or on
//! the phone, finds one by its code, opens it; each opening is audited.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{TestApp, request_form};

#[tokio::test]
async fn the_relais_files_a_request_for_a_family_on_the_phone() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let page = relais.get("/demandes/nouvelle").await;
    assert!(page.text().contains("lisez-lui le texte d'accord"), "{}", page.text());
    let form = request_form(&[
        ("email", ""),
        ("phone", "02 99 00 11 22"),
        ("child_born", "expected"),
        ("child_date", "2025-03-10"),
        ("start_on", "2025-09-01"),
    ]);
    let fields: Vec<(&str, &str)> = form.pairs().collect();
    let r = relais.post_form("/demandes/nouvelle", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sheet = relais.get(r.location()).await;
    let text = sheet.text();
    assert!(text.contains("Donnez à la famille son lien de suivi personnel"), "{text}");
    assert!(text.contains("naissance prévue le 10 mars 2025") && text.contains("moins de 18 mois"), "{text}");
    assert!(text.contains("02 99 00 11 22"), "the relais sees the whole number: {text}");
    assert!(
        text.contains("Demande enregistrée par Animateur·rice du Relais Petite Enfance a pour la famille."),
        "{text}"
    );
    let link = text
        .split("(il ne sera plus affiché) : http://127.0.0.1:8080")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let code = text.split("Demande ").find_map(|s| s.get(..9).filter(|c| c.as_bytes()[4] == b'-')).unwrap().to_owned();

    // The family opens the link it was given.
    let mut family = app.client();
    assert!(family.get(&link).await.text().contains(&code));

    // Found by its code however it is typed; an unknown code is said so.
    let typed = code.replace('-', " ").to_lowercase();
    let r = relais.get(&format!("/demandes?code={}", typed.replace(' ', "+"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(relais.get("/demandes?code=ZZ%0AZZ").await.status, StatusCode::UNPROCESSABLE_ENTITY, "malformed");
    let r = relais.get("/demandes?code=ZZZZ-ZZZZ").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("Aucune demande de ce territoire n'a le code ZZZZ-ZZZZ."), "{}", r.text());

    // Refused like the public form, next to the field, nothing written.
    let bad = request_form(&[("consent", ""), ("mode_1", ""), ("mode_2", "")]);
    let fields: Vec<(&str, &str)> = bad.pairs().collect();
    let r = relais.post_form("/demandes/nouvelle", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Choisissez au moins un mode d'accueil."), "{}", r.text());
    let list = relais.get("/demandes").await.text();
    assert!(list.contains("2 demandes"), "the fixture's and this one: {list}");
}

#[tokio::test]
async fn every_opening_of_a_request_is_in_the_audit_log_and_nothing_personal_is() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let id = app.a().request_id;
    for _ in 0..2 {
        assert_eq!(relais.get(&format!("/demandes/{id}")).await.status, StatusCode::OK);
    }
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let journal = coordinator.get("/journal-des-modifications?entity=care_request").await.text();
    assert_eq!(journal.matches("consultée").count(), 2, "{journal}");
    assert!(journal.contains("Animateur·rice du Relais Petite Enfance a Demande d'accueil"), "{journal}");
    assert!(!journal.contains("Camille") && !journal.contains("Léa"), "names stay out of the log: {journal}");

    // Another territory's relais does not find it.
    let mut other = app.signed_in_at(Role::Relais, "b").await;
    assert_eq!(other.get(&format!("/demandes/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_relais_moves_a_request_along_and_the_family_reads_it() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let id = app.a().request_id;
    let sheet = format!("/demandes/{id}");
    let post = format!("{sheet}/statut");

    // A solution without its mode, a status that is not offered: refused on the field.
    let r = relais.post_form(&post, &[("version", "1"), ("status", "solved")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Mode d'accueil trouvé : Indiquez le mode d'accueil trouvé."), "{}", r.text());
    let r = relais.post_form(&post, &[("version", "1"), ("status", "expired")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = relais
        .post_form(&post, &[("version", "1"), ("status", "searching"), ("note", "Nous cherchons près de chez vous.")])
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, sheet.as_str()), "{}", r.text());
    // Sent with the version read before: someone changed it meanwhile.
    let r = relais.post_form(&post, &[("version", "1"), ("status", "proposed")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("Cette demande a changé depuis que vous l'avez ouverte"), "{}", r.text());
    let r = relais.post_form(&post, &[("version", "2"), ("status", "solved"), ("solved_mode", "childminder")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Solution trouvée (assistant·e maternel·le)"), "{text}");
    assert!(text.contains("Solution trouvée Assistant·e maternel·le"), "{text}");

    // The family reads each step, with the relais' note, on its page.
    let mut family = app.client();
    let page = family.get(&format!("/suivi/{}", app.a().request_token)).await.text();
    assert!(page.contains("En recherche (Le relais petite enfance) : Nous cherchons près de chez vous."), "{page}");
    assert!(page.contains("Votre enfant a une solution d'accueil."), "{page}");
    assert!(!page.contains("Changer vos horaires"), "a solved request is closed");

    // A closed request may only be searched again.
    let text = relais.get(&sheet).await.body;
    assert!(text.contains("<option value=\"searching\">En recherche</option>") && !text.contains("value=\"proposed\""));
    let journal =
        app.signed_in(Role::Coordinator).await.get("/journal-des-modifications?entity=care_request").await.text();
    assert!(journal.contains("solution trouvée (assistant·e maternel·le)"), "{journal}");
}

#[tokio::test]
async fn the_queue_shows_open_requests_by_start_and_filters_them() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    for changes in [
        [("start_on", "2025-03-03"), ("mode_1", "mam"), ("mode_2", "")],
        [("start_on", "2025-09-01"), ("mode_1", "childminder"), ("mode_2", "")],
    ] {
        let form = request_form(&changes);
        let fields: Vec<(&str, &str)> = form.pairs().collect();
        assert_eq!(relais.post_form("/demandes/nouvelle", &fields).await.status, StatusCode::SEE_OTHER);
    }
    // The fixture's request is cancelled: out of the queue, still under « Toutes ».
    let mut family = app.client();
    family.post_form(&format!("/suivi/{}/annuler", app.a().request_token), &[]).await;
    let queue = relais.get("/demandes").await.text();
    assert!(queue.contains("2 demandes, par date d'entrée souhaitée"), "{queue}");
    let march = queue.find("03/03/2025").unwrap();
    assert!(march < queue.find("01/09/2025").unwrap(), "the earliest start first");
    assert!(relais.get("/demandes?statut=toutes").await.text().contains("3 demandes"));
    assert!(relais.get("/demandes?statut=cancelled").await.text().contains("1 demande,"));
    let mam = relais.get("/demandes?mode=mam").await.text();
    assert!(mam.contains("1 demande,") && mam.contains("03/03/2025"), "{mam}");
    let september = relais.get("/demandes?mois=2025-09").await.text();
    assert!(september.contains("1 demande,") && september.contains("01/09/2025"), "{september}");
    assert!(relais.get("/demandes?secteur=Nord").await.text().contains("Aucune demande ne correspond"));

    // Values that mean nothing are said next to their filter, not applied.
    let r = relais.get("/demandes?mois=2025-13&statut=%0A&mode=%09").await.text();
    assert!(r.contains("Un mois au format AAAA-MM, par exemple 2025-09."), "{r}");
    assert!(r.contains("Choisissez un statut dans la liste.") && r.contains("Choisissez un mode d'accueil"), "{r}");
    assert!(r.contains("2 demandes"), "the default queue: {r}");
}

#[tokio::test]
async fn compatible_offers_are_ranked_with_their_reasons_and_one_is_proposed() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = format!("/demandes/{}", app.a().request_id);
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Aucune place déclarée libre ne correspond aujourd'hui"), "{text}");

    // Léa is 7 months old on 6 January 2025, wanted Monday and Tuesday, in « Centre ».
    let lucioles = format!("/etablissements/{}/places-disponibles", app.a().facility_id);
    let r = relais.post_form(&lucioles, &[("available_from", "2024-12-02"), ("mon_infant", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(relais.get(&sheet).await.text().contains("Aucune place"), "Tuesday is not covered");
    let r = relais
        .post_form(&lucioles, &[("available_from", "2024-12-02"), ("mon_toddler", "1"), ("tue_toddler", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(relais.get(&sheet).await.text().contains("Aucune place"), "the wrong age band");
    let r = relais
        .post_form(&lucioles, &[("available_from", "2024-12-02"), ("mon_infant", "2"), ("tue_infant", "1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Multi-accueil Les Lucioles"), "{text}");
    assert!(text.contains("Place libre : lundi et mardi, pour les moins de 18 mois"), "{text}");
    assert!(text.contains("Dans le quartier de la famille (secteur Centre)"), "{text}");
    assert!(text.contains("accueil collectif : 1er choix de la famille"), "{text}");

    let holder = format!("facility-{}", app.a().facility_id);
    let r = relais.post_form(&format!("{sheet}/proposer"), &[("version", "1"), ("holder", &holder)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Statut : Proposition faite"), "{text}");
    let mut family = app.client();
    let page = family.get(&format!("/suivi/{}", app.a().request_token)).await.text();
    assert!(page.contains("Proposition : Multi-accueil Les Lucioles (accueil collectif, secteur Centre)"), "{page}");

    // A place that does not answer the request, or another territory's, is refused.
    let mam = format!("facility-{}", app.a().mam_id);
    let r = relais.post_form(&format!("{sheet}/proposer"), &[("version", "2"), ("holder", &mam)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Cette place ne correspond plus à la demande"), "{}", r.text());
    for bad in ["facility-abc", "creche-1", "", "facility-99999999999"] {
        let r = relais.post_form(&format!("{sheet}/proposer"), &[("version", "2"), ("holder", bad)]).await;
        assert!(r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}

#[tokio::test]
async fn the_relais_corrects_a_familys_contact_on_its_call() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = format!("/demandes/{}", app.a().request_id);
    let post = format!("{sheet}/coordonnees");
    let r = relais
        .post_form(&post, &[("version", "1"), ("parent_name", "Camille Martin"), ("email", "pas-une-adresse")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Adresse électronique :"), "{}", r.text());
    assert!(r.body.contains("value=\"pas-une-adresse\""), "what was typed stays");
    let fields =
        [("version", "1"), ("parent_name", "Camille Martin-Durand"), ("email", "Camille@Exemple.fr"), ("phone", "")];
    let r = relais.post_form(&post, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Camille Martin-Durand") && text.contains("camille@exemple.fr"), "{text}");
    assert!(text.contains("Coordonnées corrigées par le relais."), "{text}");
    let journal =
        app.signed_in(Role::Coordinator).await.get("/journal-des-modifications?entity=care_request").await.text();
    assert!(journal.contains("coordonnées corrigées") && !journal.contains("Martin-Durand"), "{journal}");
    // The family sees its new address, half masked.
    let page = app.client().get(&format!("/suivi/{}", app.a().request_token)).await.text();
    assert!(page.contains("c•••@exemple.fr"), "{page}");
}

/// In a city hundreds of childminders may answer one request: the sheet
/// lists the first 20, nearest first, and says how many more there are.
#[tokio::test]
async fn a_request_with_many_offers_lists_the_first_twenty_then_all_on_demand() {
    use maillage_db::Actor;
    use maillage_db::childcare::bulk;
    use maillage_domain::childcare::{
        AgeBand, CapacityFields, ChildminderFields, FreePlaces, Holder, Places, VacancyDeclaration,
    };
    let app = TestApp::new().await;
    let t = app.a().territory_id.get();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let items: Vec<_> = (0..25)
        .map(|i| {
            let fields = ChildminderFields {
                first_name: "Assistante".into(),
                last_name: format!("Numéro {i:02}"),
                approval_number: format!("CENTRE-{i}"),
                birth_year: 1980,
                sector: "Centre".into(),
                mam_id: None,
                active: true,
                phone: String::new(),
                email: String::new(),
            };
            let places = Places { infant: 1, toddler: 2, preschool: 0 };
            (fields, Some(CapacityFields { valid_from: day("2020-01-01"), valid_to: None, places, employer_places: 0 }))
        })
        .collect();
    let actor = Actor::command_line(t, "test");
    let ids = bulk::create_childminders(&app.db.conn, &actor, &items, &Default::default()).await.unwrap();
    let mut free = FreePlaces::default();
    for d in [chrono::Weekday::Mon, chrono::Weekday::Tue] {
        free.set(d, AgeBand::Infant, 1);
    }
    let declarations: Vec<_> = ids
        .iter()
        .map(|id| VacancyDeclaration {
            id: 0,
            holder: Holder::Childminder(*id),
            declared_on: day("2024-11-01"),
            available_from: day("2024-12-01"),
            declared_by: "test".into(),
            free: free.clone(),
        })
        .collect();
    bulk::insert_declarations(&app.db.conn, t, &declarations).await.unwrap();

    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = format!("/demandes/{}", app.a().request_id);
    let page = relais.get(&sheet).await.text();
    assert_eq!(page.matches("Proposer à la famille").count(), 20, "{page}");
    assert!(page.contains("5 autres places répondent aussi à la demande"), "{page}");
    let all = relais.get(&format!("{sheet}?offres=toutes")).await.text();
    assert_eq!(all.matches("Proposer à la famille").count(), 25);
    assert!(!all.contains("les voir toutes"));
}
