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

/// The relais invites a childminder at the address of her record: an
/// account of that role, linked at once, active when she has chosen a
/// password; then she finds her own sheet in « Mes places ».
#[tokio::test]
async fn the_relais_invites_a_childminder_from_her_sheet() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let r = relais.post_form("/assistants-maternels/nouveau", &person(&[])).await;
    let sheet = r.location().trim_end_matches("#capacite").to_owned();
    let page = relais.get(&sheet).await.text();
    assert!(page.contains("ajoutez d'abord son adresse e-mail à sa fiche"), "no address, no button: {page}");
    let r = relais.post_form(&format!("{sheet}/inviter"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Ajoutez d'abord son adresse e-mail à sa fiche"), "{}", r.text());

    let form = person(&[("email", "Nadia.Benali@exemple.fr"), ("version", "1")]);
    assert_eq!(relais.post_form(&format!("{sheet}/modifier"), &form).await.status, StatusCode::SEE_OTHER);
    assert!(relais.get(&sheet).await.text().contains("À l'adresse de sa fiche : nadia.benali@exemple.fr"));

    let r = relais.post_form(&format!("{sheet}/inviter"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let text = r.text();
    assert!(text.contains("Invitation créée pour nadia.benali@exemple.fr"), "{text}");
    assert!(text.contains("invitation envoyée, pas encore acceptée"), "{text}");
    let start = r.body.find("/invitation/mlg_").expect("the link, shown once without a mail server");
    let link = r.body[start..].split('<').next().unwrap().to_owned();
    assert!(!relais.get(&sheet).await.body.contains(&link), "shown once");
    let again = relais.post_form(&format!("{sheet}/inviter"), &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().contains("déjà reliée à un compte"), "{}", again.text());

    let mut nadia = app.client();
    let chosen = "une phrase de passe assez longue";
    let r = nadia.post_form(&link, &[("password", chosen), ("confirmation", chosen)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/connexion"));
    assert_eq!(nadia.login("nadia.benali@exemple.fr", chosen).await.status, StatusCode::SEE_OTHER);
    let mine = nadia.get("/mes-places").await.text();
    assert!(mine.contains("Nadia Benali"), "her own sheet: {mine}");
    assert!(nadia.get("/utilisateurs").await.status == StatusCode::FORBIDDEN, "a childminder's account, nothing more");
    let history = relais.get(&sheet).await.text();
    assert!(history.contains("Nadia Benali (nadia.benali@exemple.fr) (invitation envoyée)"), "{history}");
}

#[tokio::test]
async fn an_address_that_already_has_an_account_here_is_linked_not_invited() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let taken = crate::common::email(Role::Elected, "a");
    let r = relais.post_form("/assistants-maternels/nouveau", &person(&[("email", &taken)])).await;
    let sheet = r.location().trim_end_matches("#capacite").to_owned();
    let r = relais.post_form(&format!("{sheet}/inviter"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Cette adresse a déjà un compte Maillage : la coordination peut lui donner accès"),
        "{}",
        r.text()
    );
    assert!(relais.get(&sheet).await.text().contains("Aucun compte relié."), "nothing was linked");
}

/// « Retirer » on an invitation not accepted yet withdraws it: the link
/// stops working and the address can be invited again.
#[tokio::test]
async fn a_pending_invitation_is_withdrawn_with_the_link() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let r = relais.post_form("/assistants-maternels/nouveau", &person(&[("email", "nadia@exemple.fr")])).await;
    let sheet = r.location().trim_end_matches("#capacite").to_owned();
    let link_of = |body: &str| {
        let start = body.find("/invitation/mlg_").expect("a link");
        body[start..].split('<').next().unwrap().to_owned()
    };
    let first = link_of(&relais.post_form(&format!("{sheet}/inviter"), &[]).await.body);
    let r = relais.post_form(&format!("{sheet}/compte"), &[("user_id", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.client().get(&first).await.status, StatusCode::NOT_FOUND, "the withdrawn link opens nothing");
    assert!(relais.get(&sheet).await.text().contains("Aucun compte relié."));
    let r = relais.post_form(&format!("{sheet}/inviter"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "invited again: {}", r.text());
    let second = link_of(&r.body);
    let chosen = "une phrase de passe assez longue";
    let mut nadia = app.client();
    let r = nadia.post_form(&second, &[("password", chosen), ("confirmation", chosen)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/connexion"));
    assert!(nadia.login("nadia@exemple.fr", chosen).await.status == StatusCode::SEE_OTHER);
}
