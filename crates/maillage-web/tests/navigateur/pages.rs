//! Every page a browser can open, at laptop and phone widths: axe-core
//! (WCAG 2.1 A and AA) finds nothing, and on the phone nothing is wider
//! than the screen. The list comes from the route table, so a new page is
//! checked without anyone remembering to add it here.

use axum::http::Method;
use fantoccini::{Client, Locator};
use maillage_domain::Role;

use super::{browser, chromedriver, click, finish, screenshot, serve, sign_in, sign_in_as};
use crate::common::{TestApp, email};
use crate::permissions::concrete;

/// axe-core's source: `AXE_CORE_JS`, or `node_modules/axe-core/axe.min.js`
/// at the workspace root (`.ci/run` installs it with npm).
fn axe_source() -> Option<String> {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../../node_modules/axe-core/axe.min.js");
    let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| default.to_owned());
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            assert!(
                std::env::var("CI").is_err(),
                "axe-core is missing under CI ({path}): .ci/run should have installed it"
            );
            eprintln!("SKIPPED: axe-core not found at {path} (npm install --no-save axe-core@4)");
            None
        }
    }
}

/// WCAG 2.1 A and AA violations axe-core finds on the current page.
async fn violations(b: &Client, axe: &str) -> Vec<String> {
    b.execute(axe, vec![]).await.unwrap();
    let found = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
                .then(r => done(r.violations.map(v => v.id + ' (' + v.nodes.length + ') ' + v.help + ' : ' + v.nodes[0].target.join(' '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Routes that answer something else than a page.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/static/")
        || path == "/healthz"
        || path.contains("/export")
        || path.contains("{table}")
        || path.ends_with(".json"))
}

/// One-time links that work, so that the pages behind them are checked
/// and not only their « lien invalide » answer.
async fn live_links(app: &TestApp) -> (String, String) {
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let r = coordinator
        .post_form("/utilisateurs", &[("email", "axe@a.test"), ("display_name", "Axe Core"), ("role", "elected")])
        .await;
    let start = r.body.find("/invitation/mlg_").expect("an invitation link");
    let invitation = r.body[start..].split('<').next().unwrap().to_owned();
    app.client().post_form("/mot-de-passe-oublie", &[("email", &email(Role::Elected, "a"))]).await;
    let outbox = maillage_db::outbox::list(&app.db.conn, app.a().territory_id.get(), 0, 1).await.unwrap();
    let body = &outbox.messages[0].body;
    let start = body.find("/mot-de-passe/mlg_").expect("a reset link");
    (invitation, body[start..].split_whitespace().next().unwrap().to_owned())
}

/// Every page of the route table with territory A's ids.
async fn every_page(app: &TestApp) -> Vec<String> {
    let (invitation, reset) = live_links(app).await;
    let state = maillage_web::AppState::new(app.db.conn.clone(), maillage_web::Config::default());
    let mut pages: Vec<String> = maillage_web::route_table(state)
        .into_iter()
        .filter(|r| r.method == Method::GET && is_page(&r.path))
        .map(|r| match r.path.as_str() {
            "/invitation/{token}" => invitation.clone(),
            "/mot-de-passe/{token}" => reset.clone(),
            path if path.starts_with("/suivi/") => path.replace("{token}", &app.a().request_token),
            path => concrete(app, "GET", path),
        })
        .collect();
    pages.push("/actions/999999".to_owned()); // the 404 page
    pages
}

/// What the checks find on the page the browser shows.
async fn check(b: &Client, axe: &str, phone: bool, page: &str) -> Vec<String> {
    let mut found: Vec<String> = violations(b, axe).await.into_iter().map(|v| format!("{page}: {v}")).collect();
    if phone {
        let width = b.execute("return document.documentElement.scrollWidth;", vec![]).await.unwrap();
        if width.as_i64().unwrap() > 360 {
            let culprit = "return [...document.querySelectorAll('main *')]\
                .filter(e => e.getBoundingClientRect().right > 361)\
                .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ');";
            let culprit = b.execute(culprit, vec![]).await.unwrap();
            found.push(format!("{page} is {width} px wide on a 360 px screen: {culprit}"));
        }
    }
    found
}

async fn visit(b: &Client, base: &str, axe: &str, phone: bool, page: &str, name: &str) -> Vec<String> {
    b.goto(&format!("{base}{page}")).await.unwrap();
    let width = if phone { 360 } else { 1366 };
    let shot = page.trim_start_matches('/').replace('/', "-");
    screenshot(b, &format!("{name}{}-{width}px", if shot.is_empty() { "accueil" } else { &shot })).await;
    check(b, axe, phone, page).await
}

/// Sends the form holding `field` with `value` typed in, and waits for the page in error.
async fn send_wrong(b: &Client, field: &str, value: &str) {
    let input = b.wait().for_element(Locator::Id(field)).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(value).await.unwrap();
    click(b, Locator::Css(&format!("form:has(#{field}) button[type=submit]"))).await;
    b.wait().for_element(Locator::Css(".error-summary")).await.unwrap();
}

/// The pages anonymous visitors, the coordinator and the other roles see,
/// and forms sent back with errors, in the browser `b`.
async fn findings(b: &Client, base: &str, axe: &str, phone: bool, app: &TestApp, pages: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let public = pages.iter().filter(|p| {
        ["/connexion", "/mot-de-passe", "/invitation", "/demande/", "/suivi/"].iter().any(|s| p.starts_with(s))
    });
    for page in public {
        found.extend(visit(b, base, axe, phone, page, "").await);
    }
    // Anonymous forms in error.
    b.goto(&format!("{base}/connexion")).await.unwrap();
    b.find(Locator::Id("email")).await.unwrap().send_keys(&email(Role::Coordinator, "a")).await.unwrap();
    send_wrong(b, "password", "pas le bon").await;
    found.extend(check(b, axe, phone, "connexion refusée").await);
    b.goto(&format!("{base}/mot-de-passe-oublie")).await.unwrap();
    send_wrong(b, "email", "").await; // the browser itself refuses a malformed address
    found.extend(check(b, axe, phone, "mot de passe oublié en erreur").await);
    b.goto(&format!("{base}/demande/a")).await.unwrap();
    app.advance(30); // a person reads before sending
    send_wrong(b, "parent_name", "").await;
    found.extend(check(b, axe, phone, "demande d'accueil en erreur").await);

    sign_in(b, base).await;
    for page in pages {
        found.extend(visit(b, base, axe, phone, page, "").await);
    }
    let a = app.a().led_action_id();
    b.goto(&format!("{base}/actions/{a}/modifier")).await.unwrap();
    send_wrong(b, "progress", "140").await;
    found.extend(check(b, axe, phone, "fiche en erreur").await);
    b.goto(&format!("{base}/actions/{a}")).await.unwrap();
    send_wrong(b, &format!("actual-{}", app.a().indicator_id()), "beaucoup").await;
    found.extend(check(b, axe, phone, "valeur en erreur").await);

    // What the other roles see differently: their landing page, the fiche
    // (read-only or the lead's quick form), and a page refused to them.
    for role in
        [Role::ActionLead, Role::Elected, Role::CafPartner, Role::Relais, Role::Childminder, Role::FacilityManager]
    {
        b.delete_all_cookies().await.unwrap();
        sign_in_as(b, base, role).await;
        let name = format!("{}-", role.code());
        for page in ["/".to_owned(), format!("/actions/{a}"), "/utilisateurs".to_owned()] {
            found.extend(visit(b, base, axe, phone, &page, &name).await.into_iter().map(|v| format!("{role:?} {v}")));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_and_fits_a_phone() {
    let Some(driver) = chromedriver() else { return };
    let Some(axe) = axe_source() else { return };
    let app = TestApp::new().await;
    let base = serve(&app).await;
    let pages = every_page(&app).await;
    assert!(pages.len() > 30, "the route table gives the pages: {pages:?}");
    let mut found = Vec::new();
    for phone in [false, true] {
        let (b, profile) = browser(&driver, phone).await;
        let result = async {
            if !phone {
                // First prove axe-core runs and reports: an image without text alternative.
                b.goto(&format!("{base}/connexion")).await.unwrap();
                let plant = "document.querySelector('main').appendChild(document.createElement('img'));";
                b.execute(plant, vec![]).await.unwrap();
                let planted = violations(&b, &axe).await;
                assert!(planted.iter().any(|v| v.starts_with("image-alt")), "axe-core did not run: {planted:?}");
            }
            let width = if phone { "360 px" } else { "1366 px" };
            findings(&b, &base, &axe, phone, &app, &pages).await.into_iter().map(|v| format!("{width}, {v}")).collect()
        }
        .await;
        finish(b, profile).await;
        found.extend::<Vec<String>>(result);
    }
    assert!(found.is_empty(), "found:\n{}", found.join("\n"));
}
