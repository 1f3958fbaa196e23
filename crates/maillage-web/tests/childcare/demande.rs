//! /demande/{territoire}: a family files its request, without an account;
//! robots and floods are turned away without a CAPTCHA.

use axum::http::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

use crate::common::{Client, Resp, TestApp, request_form};

/// The value of a hidden input of the page.
fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no {name} in the page")) + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let db = &app.db.conn;
    let stmt = Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}"));
    db.query_one_raw(stmt).await.unwrap().unwrap().try_get("", "n").unwrap()
}

/// Opens the form, takes the time a person takes, sends the fixture's
/// request with `changes` (an empty value removes a field).
pub async fn file(app: &TestApp, family: &mut Client<'_>, changes: &[(&str, &str)]) -> Resp {
    let page = family.get("/demande/a").await;
    assert_eq!(page.status, StatusCode::OK);
    let stamp = hidden(&page.body, "form_stamp");
    app.advance(40);
    let form = request_form(changes);
    let mut fields: Vec<(&str, &str)> = form.pairs().collect();
    fields.push(("form_stamp", &stamp));
    family.post_form("/demande/a", &fields).await
}

#[tokio::test]
async fn a_family_files_its_request_and_lands_on_its_private_page() {
    let app = TestApp::new().await;
    let mut family = app.client();
    let (requests, sessions) = (count(&app, "care_requests").await, count(&app, "sessions").await);
    let page = family.get("/demande/a").await;
    assert!(page.text().contains("Demander un mode d'accueil pour votre enfant"), "{}", page.text());
    assert_eq!(count(&app, "care_requests").await, requests, "a GET files nothing");

    let r = file(&app, &mut family, &[("email", "Parent.Test@Exemple.fr"), ("child_first_name", "Noé")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let link = r.location().to_owned();
    assert!(link.starts_with("/suivi/") && link.len() > 40, "{link}");
    assert_eq!(count(&app, "care_requests").await, requests + 1);
    assert_eq!(count(&app, "sessions").await, sessions, "a family costs no session");

    let page = family.get(&link).await;
    let text = page.text();
    assert!(text.contains("Votre demande est enregistrée sous le code"), "{text}");
    assert!(text.contains("Déposée") && text.contains("Noé, né·e le 1er juin 2024"), "{text}");
    assert!(text.contains("lundi 8 h – 17 h 30 ; mardi 8 h – 17 h 30"), "{text}");
    assert!(text.contains("accueil collectif, puis assistant·e maternel·le"), "{text}");
    assert!(text.contains("p•••@exemple.fr") && !text.contains("parent.test@exemple.fr"), "contact half masked");
    assert!(text.contains("•• •• •• •• 78") && !text.contains("06 12 34 56 78"));
    assert!(page.body.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    let code = text.split("Code de suivi : ").nth(1).unwrap()[..9].to_owned();

    // The confirmation message, through the outbox, with the code and the link.
    let t = app.a().territory_id.get();
    let sent = maillage_db::outbox::list(&app.db.conn, t, 0, 10).await.unwrap();
    let message =
        sent.messages.iter().find(|m| m.recipient == "parent.test@exemple.fr").expect("a message to the family");
    assert_eq!(message.subject, format!("Votre demande d'accueil {code} — Territoire a"));
    assert!(message.body.contains(&format!("http://127.0.0.1:8080{link}")), "{}", message.body);

    // The relais moves it along: the family is told, without the link again.
    let mut relais = app.signed_in(maillage_domain::Role::Relais).await;
    let found = relais.get(&format!("/demandes?code={code}")).await;
    let sheet = found.location().to_owned();
    let r = relais.post_form(&format!("{sheet}/statut"), &[("version", "1"), ("status", "searching")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sent = maillage_db::outbox::list(&app.db.conn, t, 0, 10).await.unwrap();
    let told = sent.messages.iter().find(|m| m.subject == format!("Votre demande d'accueil {code} : en recherche"));
    let told = told.expect("the family is told of the new status");
    assert_eq!(told.recipient, "parent.test@exemple.fr");
    assert!(!told.body.contains("/suivi/"), "the private link is not sent again: {}", told.body);
}

#[tokio::test]
async fn mistakes_come_back_next_to_their_fields_and_nothing_is_written() {
    let app = TestApp::new().await;
    let mut family = app.client();
    let before = count(&app, "care_requests").await;
    let r = file(&app, &mut family, &[("child_born", ""), ("email", "pas-une-adresse"), ("mon_to", "07:00")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Rien n'a été enregistré : 3 champs sont à corriger"), "{text}");
    assert!(text.contains("Indiquez si l'enfant est né ou si sa naissance est attendue."), "{text}");
    assert!(text.contains("Départ le lundi : L'heure de départ doit être après l'heure d'arrivée."), "{text}");
    assert!(r.body.contains("href=\"#mon_to\""), "the summary links to the field");
    assert!(r.body.contains("value=\"Camille Martin\""), "what was typed stays");
    assert_eq!(count(&app, "care_requests").await, before);
    // Corrected at once and sent again: the same form, not « too fast ».
    let stamp = hidden(&r.body, "form_stamp");
    let form = request_form(&[]);
    let mut fields: Vec<(&str, &str)> = form.pairs().collect();
    fields.push(("form_stamp", &stamp));
    let r = family.post_form("/demande/a", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let before = before + 1;

    // Hostile values: a formula, a tab, a huge date.
    let r = file(&app, &mut family, &[("parent_name", "=HYPERLINK(\"x\")\t"), ("start_on", "99999-01-01")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Date d'entrée souhaitée"), "{}", r.text());
    assert_eq!(count(&app, "care_requests").await, before);
}

#[tokio::test]
async fn robots_are_turned_away_without_a_captcha() {
    let app = TestApp::new().await;
    let mut family = app.client();
    let before = count(&app, "care_requests").await;

    // The honeypot, filled in as robots fill every field.
    let r = file(&app, &mut family, &[("site_web", "http://spam.example")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("Appelez le relais petite enfance"), "{}", r.text());

    // Sent back at once: not read. The form comes back with what was typed.
    let page = family.get("/demande/a").await;
    let stamp = hidden(&page.body, "form_stamp");
    let form = request_form(&[]);
    let send = |stamp: &str| {
        let mut fields: Vec<(String, String)> = form.pairs().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        fields.push(("form_stamp".to_owned(), stamp.to_owned()));
        fields
    };
    let post = async |client: &mut Client<'_>, fields: Vec<(String, String)>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        client.post_form("/demande/a", &fields).await
    };
    let r = post(&mut family, send(&stamp)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Votre demande n'est pas encore envoyée"), "{}", r.text());
    assert!(r.body.contains("value=\"Camille Martin\""));

    // A stamp moved back in time, none at all, or one served to another visitor.
    app.advance(60);
    let forged = format!(
        "{}{}",
        stamp.split('.').next().unwrap().parse::<i64>().unwrap() - 600,
        &stamp[stamp.find('.').unwrap()..]
    );
    let mut other = app.client();
    let theirs = hidden(&other.get("/demande/a").await.body, "form_stamp");
    app.advance(60);
    for stamp in [forged.as_str(), "", theirs.as_str()] {
        assert_eq!(post(&mut family, send(stamp)).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{stamp}");
    }
    assert_eq!(count(&app, "care_requests").await, before, "no robot filed anything");

    // One form files one request, however often it is sent: a double tap,
    // a reload, a script replaying it all lead back to the same request.
    let mut twin = family.clone();
    let (first, second) = tokio::join!(post(&mut family, send(&stamp)), post(&mut twin, send(&stamp)));
    assert_eq!((first.status, second.status), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER), "{}", second.text());
    assert_eq!(first.location(), second.location());
    let again = post(&mut family, send(&stamp)).await;
    assert_eq!(again.location(), first.location());
    assert!(family.get(again.location()).await.text().contains("Votre demande est déjà enregistrée"));
    assert_eq!(count(&app, "care_requests").await, before + 1);
}

#[tokio::test]
async fn one_address_files_at_most_twenty_requests_an_hour() {
    let app = TestApp::new().await;
    let mut family = app.client();
    // Forms refused for their content do not count.
    for _ in 0..30 {
        assert_eq!(file(&app, &mut family, &[("consent", "")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    for i in 0..maillage_web::antibot::PER_HOUR {
        assert_eq!(file(&app, &mut family, &[]).await.status, StatusCode::SEE_OTHER, "request {i}");
    }
    let r = file(&app, &mut family, &[("child_first_name", "Zélie")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("réessayez dans une heure"), "{}", r.text());
    assert!(r.body.contains("value=\"Zélie\""), "what was typed stays");
    let mut elsewhere = app.client();
    elsewhere.addr = ([203, 0, 113, 9], 40000).into();
    assert_eq!(file(&app, &mut elsewhere, &[]).await.status, StatusCode::SEE_OTHER, "another address");
    app.advance(3601);
    assert_eq!(file(&app, &mut family, &[]).await.status, StatusCode::SEE_OTHER, "an hour later");
}

#[tokio::test]
async fn an_unknown_territory_has_no_form() {
    let app = TestApp::new().await;
    let mut family = app.client();
    for path in ["/demande/inconnu", "/demande/a%0Ab", "/demande/%09", &format!("/demande/{}", "x".repeat(500))] {
        assert_eq!(family.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}
