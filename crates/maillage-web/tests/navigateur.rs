//! End to end in a real browser (Debian's chromium through chromedriver):
//! sign in as coordinator, edit an action, see the dashboard change; then
//! the dashboard on a 360-pixel-wide phone screen.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says SKIPPED, except under CI where it fails.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use fantoccini::{Client, ClientBuilder, Locator};
use maillage_domain::Role;
use serde_json::json;

use crate::common::{PASSWORD, TestApp, email};

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromedriver() -> Option<Driver> {
    let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(path) = path else {
        assert!(std::env::var("CI").is_err(), "chromedriver is missing under CI: .ci/run should have installed it");
        eprintln!("SKIPPED: chromedriver not found (apt-get install chromium chromium-driver)");
        return None;
    };
    let mut child = Command::new(path)
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("chromedriver prints its port").unwrap();
        if let Some(rest) = line.strip_prefix("ChromeDriver was started successfully on port ") {
            break rest.trim_end_matches('.').trim().parse().expect("a port number");
        }
    };
    // Keep draining its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Some(Driver { child, port })
}

async fn browser(driver: &Driver, phone: bool) -> (Client, std::path::PathBuf) {
    let profile = std::env::temp_dir().join(format!("maillage-chromium-{}", uuid_like()));
    let mut options = json!({
        "binary": "/usr/bin/chromium",
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", format!("--user-data-dir={}", profile.display()), "--window-size=1366,900"
        ]
    });
    if phone {
        options["mobileEmulation"] = json!({"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2.0}});
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session");
    (client, profile)
}

/// Closes the WebDriver session (before the driver is killed) and removes the profile.
async fn finish(b: Client, profile: std::path::PathBuf) {
    b.close().await.unwrap();
    let _ = std::fs::remove_dir_all(profile);
}

/// With MAILLAGE_SCREENSHOTS=DIR, saves what the browser shows, for a person to look at.
async fn screenshot(b: &Client, name: &str) {
    if let Ok(dir) = std::env::var("MAILLAGE_SCREENSHOTS") {
        let png = b.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    )
}

async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

/// The text of an element, waiting for it: a click that navigates returns
/// before the next page is there.
async fn text_of(b: &Client, css: &str) -> String {
    b.wait().for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

async fn click(b: &Client, locator: Locator<'_>) {
    b.wait().for_element(locator).await.unwrap().click().await.unwrap();
}

/// Where the bottom of each element falls against the window's height
/// (in CSS pixels): what the first screen holds, as a person sees it.
async fn bottoms(b: &Client, selectors: &[&str]) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    for css in selectors {
        let script = "const e = document.querySelector(arguments[0]); \
                      return [e ? e.getBoundingClientRect().bottom : -1, window.innerHeight];";
        let r = b.execute(script, vec![json!(css)]).await.unwrap();
        out.push((css.to_string(), r[0].as_f64().unwrap(), r[1].as_f64().unwrap()));
    }
    out
}

async fn assert_first_screen_holds(b: &Client, selectors: &[&str]) {
    for (css, bottom, height) in bottoms(b, selectors).await {
        assert!(bottom > 0.0 && bottom <= height, "{css} ends at {bottom} px, the screen at {height} px");
    }
}

async fn sign_in(b: &Client, base: &str) {
    sign_in_as(b, base, Role::Coordinator).await;
}

async fn sign_in_as(b: &Client, base: &str, role: Role) {
    b.goto(&format!("{base}/connexion")).await.unwrap();
    b.find(Locator::Id("email")).await.unwrap().send_keys(&email(role, "a")).await.unwrap();
    b.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    click(b, Locator::Css("main form button[type=submit]")).await;
    b.wait().for_element(Locator::Css("form.logout")).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_edits_an_action_and_the_dashboard_changes() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::new().await;
    let base = serve(&app).await;
    let (b, profile) = browser(&driver, false).await;
    let result = async {
        sign_in(&b, &base).await;
        assert_eq!(text_of(&b, "h1").await, "Convention Territoriale Globale 2023-2026");
        assert_first_screen_holds(&b, &["section.summary", "#retards + ul.late"]).await;
        let row = format!("a[href='/actions/{}']", app.a().other_action_id());
        let row_css = format!("li:has(> {row})");
        // The axis's actions are one click away, folded under the axis.
        click(&b, Locator::XPath("//summary[starts-with(., 'Les 8 actions de l')]")).await;
        assert!(text_of(&b, &row_css).await.contains("À lancer"));

        click(&b, Locator::Css(&row)).await;
        click(&b, Locator::LinkText("Modifier la fiche")).await;
        b.wait().for_element(Locator::Id("status")).await.unwrap().select_by_value("in_progress").await.unwrap();
        let progress = b.find(Locator::Id("progress")).await.unwrap();
        progress.clear().await.unwrap();
        progress.send_keys("60").await.unwrap();
        click(&b, Locator::Css("main form button[type=submit]")).await;
        assert_eq!(text_of(&b, ".flash").await, "Fiche enregistrée.");

        click(&b, Locator::LinkText("Tableau de bord")).await;
        let axis = text_of(&b, "article.axis .axis-progress").await;
        assert!(axis.contains("10 % en moyenne"), "axis 1 mean of 20 and 60 over 8 actions: {axis}");
        click(&b, Locator::XPath("//summary[starts-with(., 'Les 8 actions de l')]")).await;
        let line = text_of(&b, &row_css).await;
        assert!(line.contains("En cours") && line.contains("60 %"), "{line}");
        screenshot(&b, "tableau-de-bord").await;
    }
    .await;
    finish(b, profile).await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_fits_a_360_pixel_phone_screen() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::new().await;
    let base = serve(&app).await;
    let (b, profile) = browser(&driver, true).await;
    let result = async {
        sign_in(&b, &base).await;
        let width =
            b.execute("return [window.innerWidth, document.documentElement.scrollWidth];", vec![]).await.unwrap();
        assert_eq!(width[0], 360, "the emulated screen is 360 px wide");
        assert!(width[1].as_i64().unwrap() <= 360, "no horizontal scrolling of the page: {width}");
        screenshot(&b, "tableau-de-bord-360px").await;
        eprintln!("{:?}", bottoms(&b, &["header.site", "h1", "section.summary", "#retards + ul.late"]).await);
        assert_first_screen_holds(&b, &["section.summary", "#retards + ul.late"]).await;
        let (c, a) = (app.a().convention_id, app.a().led_action_id());
        let pages = [
            "/utilisateurs".to_owned(),
            "/messages".to_owned(),
            "/compte".to_owned(),
            "/compte/mot-de-passe".to_owned(),
            "/compte/jetons".to_owned(),
            "/journal-des-modifications".to_owned(),
            "/mes-actions".to_owned(),
            format!("/conventions/{c}/rapport"),
            format!("/conventions/{c}/modifier"),
            format!("/conventions/{c}/comites"),
            format!("/conventions/{c}/bilans/2024"),
            format!("/comites/{}", app.a().meeting_id),
            format!("/actions/{a}"),
            format!("/actions/{a}/modifier"),
            format!("/actions/{a}/composantes"),
        ];
        let mut too_wide = Vec::new();
        for page in &pages {
            b.goto(&format!("{base}{page}")).await.unwrap();
            let width = b.execute("return document.documentElement.scrollWidth;", vec![]).await.unwrap();
            if width.as_i64().unwrap() > 360 {
                let culprit = "return [...document.querySelectorAll('main *')]\
                    .filter(e => e.getBoundingClientRect().right > 361)\
                    .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ');";
                let culprit = b.execute(culprit, vec![]).await.unwrap();
                too_wide.push(format!("{page} is {width} px wide on a 360 px screen: {culprit}"));
            }
        }
        assert!(too_wide.is_empty(), "{}", too_wide.join("\n"));
        b.goto(&format!("{base}/")).await.unwrap();
        // Keyboard: the first Tab reaches the skip link.
        b.execute("document.activeElement.blur();", vec![]).await.unwrap();
        b.find(Locator::Css("body")).await.unwrap().send_keys("\u{E004}").await.unwrap();
        let focused = b.execute("return document.activeElement.textContent;", vec![]).await.unwrap();
        assert_eq!(focused, "Aller au contenu");
    }
    .await;
    finish(b, profile).await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_lead_on_a_phone_lands_on_their_actions_and_records_a_value() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::new().await;
    let base = serve(&app).await;
    let (b, profile) = browser(&driver, true).await;
    let result = async {
        sign_in_as(&b, &base, Role::ActionLead).await;
        assert_eq!(text_of(&b, "h1").await, "Mes actions");
        assert_first_screen_holds(&b, &["article.my-action h2", "article.my-action ul.due"]).await;
        screenshot(&b, "mes-actions-360px").await;
        click(&b, Locator::Css("a.button[href^='/actions/']")).await;
        // One screen for all of it: status and progress, values, journal.
        b.wait().for_element(Locator::Css("form.lead-update")).await.unwrap();
        let id = format!("actual-{}", app.a().indicator_id());
        let button = format!("form:has(#{id}) button[type=submit]");
        b.wait().for_element(Locator::Id(&id)).await.unwrap().send_keys("quatre-vingts").await.unwrap();
        click(&b, Locator::Css(&button)).await;
        b.wait().for_element(Locator::Css(".error-summary")).await.unwrap();
        let focused = b.execute("return document.activeElement.id;", vec![]).await.unwrap();
        assert_eq!(focused, "erreurs", "the focus moves to the error summary");
        screenshot(&b, "valeur-en-erreur-360px").await;
        let typed = b.find(Locator::Id(&id)).await.unwrap().prop("value").await.unwrap();
        assert_eq!(typed.as_deref(), Some("quatre-vingts"), "what was typed is kept");
        click(&b, Locator::Css("#erreurs a")).await;
        let focused = b.execute("return document.activeElement.id;", vec![]).await.unwrap();
        assert_eq!(focused, id, "the summary's link leads to the field");
        let actual = b.find(Locator::Id(&id)).await.unwrap();
        actual.clear().await.unwrap();
        actual.send_keys("85").await.unwrap();
        click(&b, Locator::Css(&button)).await;
        assert_eq!(text_of(&b, ".flash").await, "Valeur 2024 de « Demandes enregistrées » enregistrée.");
        let width = b.execute("return document.documentElement.scrollWidth;", vec![]).await.unwrap();
        assert!(width.as_i64().unwrap() <= 360, "the fiche is {width} px wide on a 360 px screen");
    }
    .await;
    finish(b, profile).await;
    result
}

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

/// What axe-core finds on every page a coordinator opens, and on forms sent
/// back with errors, in the browser `b`.
async fn violations_on_key_pages(b: &Client, base: &str, axe: &str, app: &TestApp) -> Vec<String> {
    let mut found = Vec::new();
    for page in ["/connexion", "/mot-de-passe-oublie"] {
        b.goto(&format!("{base}{page}")).await.unwrap();
        found.extend(violations(b, axe).await.into_iter().map(|v| format!("{page}: {v}")));
    }
    sign_in(b, base).await;
    let a = app.a().led_action_id();
    let pages = [
        "/".to_owned(),
        "/mes-actions".to_owned(),
        format!("/actions/{a}"),
        format!("/actions/{a}/modifier"),
        format!("/actions/{a}/composantes"),
        format!("/indicateurs/{}/supprimer", app.a().indicator_id()),
        format!("/conventions/{}/comites", app.a().convention_id),
        format!("/conventions/{}/bilans", app.a().convention_id),
        format!("/conventions/{}/bilans/2024", app.a().convention_id),
        format!("/comites/{}", app.a().meeting_id),
        format!("/comites/{}/modifier", app.a().meeting_id),
        format!("/conventions/{}/rapport", app.a().convention_id),
        format!("/conventions/{}/renouveler", app.a().convention_id),
        format!("/conventions/{}/modifier", app.a().convention_id),
        "/journal-des-modifications".to_owned(),
        "/utilisateurs".to_owned(),
        "/compte".to_owned(),
        "/compte/jetons".to_owned(),
        "/compte/mot-de-passe".to_owned(),
        "/messages".to_owned(),
        "/actions/999999".to_owned(),
    ];
    let width = b.execute("return window.innerWidth;", vec![]).await.unwrap();
    for page in &pages {
        b.goto(&format!("{base}{page}")).await.unwrap();
        found.extend(violations(b, axe).await.into_iter().map(|v| format!("{page}: {v}")));
        let name = page.trim_start_matches('/').replace('/', "-");
        screenshot(b, &format!("{}-{width}px", if name.is_empty() { "accueil" } else { &name })).await;
    }
    // Forms sent back with errors: the fiche, and an indicator value.
    b.goto(&format!("{base}/actions/{a}/modifier")).await.unwrap();
    let progress = b.find(Locator::Id("progress")).await.unwrap();
    progress.clear().await.unwrap();
    progress.send_keys("140").await.unwrap();
    click(b, Locator::Css("main form button[type=submit]")).await;
    b.wait().for_element(Locator::Css(".field-error")).await.unwrap();
    found.extend(violations(b, axe).await.into_iter().map(|v| format!("fiche with errors: {v}")));
    b.goto(&format!("{base}/actions/{a}")).await.unwrap();
    let actual = b.find(Locator::Id(&format!("actual-{}", app.a().indicator_id()))).await.unwrap();
    actual.send_keys("beaucoup").await.unwrap();
    click(b, Locator::Css(&format!("form:has(#actual-{}) button[type=submit]", app.a().indicator_id()))).await;
    b.wait().for_element(Locator::Css(".error-summary")).await.unwrap();
    found.extend(violations(b, axe).await.into_iter().map(|v| format!("value with errors: {v}")));
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_pages_have_no_wcag_aa_violation_found_by_axe_on_a_laptop_and_a_phone() {
    let Some(driver) = chromedriver() else { return };
    let Some(axe) = axe_source() else { return };
    let app = TestApp::new().await;
    let base = serve(&app).await;
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
            violations_on_key_pages(&b, &base, &axe, &app).await.into_iter().map(|v| format!("{width}, {v}")).collect()
        }
        .await;
        finish(b, profile).await;
        found.extend::<Vec<String>>(result);
    }
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}
