//! /suivi/{lien}: the family's private page. It sees its request and its
//! history, changes its schedule, confirms, cancels; a closed request
//! changes no more.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_family_changes_its_schedule_confirms_then_cancels() {
    let app = TestApp::new().await;
    let mut family = app.client();
    let base = format!("/suivi/{}", app.a().request_token);
    let page = family.get(&base).await.text();
    assert!(page.contains("Déposée") && page.contains("Le relais petite enfance"), "{page}");

    // A schedule that makes no sense is refused next to its field.
    let r = family.post_form(&format!("{base}/horaires"), &[("wed_from", "09:00")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Départ le mercredi : Indiquez l'heure de départ, ou laissez le jour vide."),
        "{}",
        r.text()
    );

    let r = family
        .post_form(
            &format!("{base}/horaires"),
            &[("mon_from", "08:30"), ("mon_to", "16:30"), ("thu_from", "9h"), ("thu_to", "12h")],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, base.as_str()), "{}", r.text());
    let page = family.get(&base).await.text();
    assert!(page.contains("Vos horaires sont enregistrés."), "{page}");
    assert!(page.contains("lundi 8 h 30 – 16 h 30 ; jeudi 9 h – 12 h"), "{page}");
    assert!(page.contains("Horaires modifiés par la famille") && page.contains("(Vous)"), "{page}");

    app.set_today("2025-01-20");
    let r = family.post_form(&format!("{base}/confirmer"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = family.get(&base).await.text();
    assert!(page.contains("Dernière confirmation 20 janvier 2025"), "{page}");

    // Cancelling asks first; the GET changes nothing.
    let ask = family.get(&format!("{base}/annuler")).await;
    assert!(ask.text().contains("Annuler votre demande"), "{}", ask.text());
    assert!(family.get(&base).await.text().contains("Déposée"));
    assert_eq!(family.post_form(&format!("{base}/annuler"), &[]).await.status, StatusCode::SEE_OTHER);
    let page = family.get(&base).await.text();
    assert!(page.contains("Votre demande est annulée.") && page.contains("Cette demande a été annulée."), "{page}");
    assert!(!page.contains("Changer vos horaires"), "a closed request has no forms");

    // A closed request changes no more, whatever is posted.
    let r = family.post_form(&format!("{base}/horaires"), &[("mon_from", "08:00"), ("mon_to", "12:00")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = family.post_form(&format!("{base}/confirmer"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Cette demande est close"), "{}", r.text());
    assert_eq!(family.get(&format!("{base}/annuler")).await.location(), base, "nothing left to cancel");

    // The relais sees each change, dated and attributed.
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = relais.get(&format!("/demandes/{}", app.a().request_id)).await.text();
    assert!(sheet.contains("Annulée (La famille) : Demande annulée par la famille."), "{sheet}");
}

#[tokio::test]
async fn a_link_that_is_not_ours_opens_nothing() {
    let app = TestApp::new().await;
    let mut visitor = app.client();
    let near = format!("{}x", &app.a().request_token);
    for path in [
        "/suivi/inconnu".to_owned(),
        format!("/suivi/{near}"),
        format!("/suivi/{}", "a".repeat(10_000)),
        "/suivi/%0A".to_owned(),
    ] {
        assert_eq!(visitor.get(&path).await.status, StatusCode::NOT_FOUND, "{}", &path[..path.len().min(40)]);
    }
    let r = visitor.post_form("/suivi/inconnu/annuler", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_double_tap_records_nothing_twice() {
    let app = TestApp::new().await;
    let mut family = app.client();
    let base = format!("/suivi/{}", app.a().request_token);
    family.get(&base).await;
    app.set_today("2025-01-20");
    let mut twin = family.clone();
    let confirm = format!("{base}/confirmer");
    let (a, b) = tokio::join!(family.post_form(&confirm, &[]), twin.post_form(&confirm, &[]));
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
    assert_eq!(family.post_form(&confirm, &[]).await.status, StatusCode::SEE_OTHER);
    let page = family.get(&base).await.text();
    assert_eq!(page.matches("Demande confirmée : toujours d'actualité.").count(), 1, "{page}");

    let cancel = format!("{base}/annuler");
    let (a, b) = tokio::join!(family.post_form(&cancel, &[]), twin.post_form(&cancel, &[]));
    assert_eq!((a.status, b.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER), "{}", b.text());
    let page = family.get(&base).await.text();
    assert_eq!(page.matches("Demande annulée par la famille.").count(), 1, "{page}");
}

#[tokio::test]
async fn the_family_downloads_what_is_held_then_erases_it() {
    let app = TestApp::new().await;
    let mut family = app.client();
    let base = format!("/suivi/{}", app.a().request_token);
    let file = family.get(&format!("{base}/donnees.json")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.headers["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"demande-"));
    let held = file.json();
    assert_eq!(held["parent"], "Camille Martin");
    assert_eq!(held["telephone"], "06 12 34 56 78");
    assert_eq!(held["enfant"]["prenom"], "Léa");
    assert_eq!(held["historique"][0]["par"], "le relais petite enfance");
    assert!(held["accord"].as_str().unwrap().contains("24 mois après sa clôture"));

    // Erasing asks first; the GET erases nothing.
    let ask = family.get(&format!("{base}/effacer")).await.text();
    assert!(ask.contains("Effacer votre demande") && ask.contains("Téléchargez d'abord"), "{ask}");
    assert_eq!(family.get(&base).await.status, StatusCode::OK);
    let done = family.post_form(&format!("{base}/effacer"), &[]).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.text().contains("Vos données sont effacées"), "{}", done.text());
    assert_eq!(family.get(&base).await.status, StatusCode::NOT_FOUND, "the link is dead");
    assert_eq!(family.get(&format!("{base}/donnees.json")).await.status, StatusCode::NOT_FOUND);

    // The relais keeps the figures, not the family.
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = relais.get(&format!("/demandes/{}", app.a().request_id)).await.text();
    assert!(sheet.contains("Annulée") && sheet.contains("accueil collectif"), "{sheet}");
    assert!(!sheet.contains("Camille") && !sheet.contains("06 12 34") && !sheet.contains("Léa"), "{sheet}");
    assert!(sheet.contains("Données personnelles effacées à la demande de la famille."), "{sheet}");
}

#[tokio::test]
async fn the_platforms_reminder_is_signed_as_the_platforms() {
    let app = TestApp::new().await;
    let day = chrono::NaiveDate::from_ymd_opt(2025, 2, 15).unwrap();
    let policy = maillage_domain::childcare::request::confirmation::ConfirmationPolicy::default();
    let done = maillage_db::childcare::ops::follow_up_requests(&app.db.conn, day, policy).await.unwrap();
    assert_eq!(done.reminded, 2, "the fixture's request in each territory");
    let page = app.client().get(&format!("/suivi/{}", app.a().request_token)).await.text();
    assert!(
        page.contains("(Maillage, automatiquement) : Rappel : confirmez la demande avant le 17 mars 2025"),
        "{page}"
    );
}
