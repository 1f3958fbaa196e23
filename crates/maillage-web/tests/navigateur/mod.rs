//! End to end in a real browser (Debian's chromium through chromedriver):
//! what coordinators and leads do (`pilotage`), a family filing its request
//! from a phone (`demande`), and every page at laptop
//! and phone widths under axe-core (`pages`).
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says SKIPPED, except under CI where it fails.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use fantoccini::{Client, ClientBuilder, Locator};
use maillage_domain::Role;
use serde_json::json;

use crate::common::{PASSWORD, TestApp, email};

mod demande;
mod pages;
mod pilotage;

pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn chromedriver() -> Option<Driver> {
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

pub async fn browser(driver: &Driver, phone: bool) -> (Client, std::path::PathBuf) {
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
pub async fn finish(b: Client, profile: std::path::PathBuf) {
    b.close().await.unwrap();
    let _ = std::fs::remove_dir_all(profile);
}

/// With MAILLAGE_SCREENSHOTS=DIR, saves what the browser shows, for a person to look at.
pub async fn screenshot(b: &Client, name: &str) {
    if let Ok(dir) = std::env::var("MAILLAGE_SCREENSHOTS") {
        let png = b.screenshot().await.unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

pub fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    )
}

pub async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

/// The text of an element, waiting for it: a click that navigates returns
/// before the next page is there.
pub async fn text_of(b: &Client, css: &str) -> String {
    b.wait().for_element(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

/// Clicks an element once it is there, brought to the middle of the screen
/// first: on the emulated phone, chromedriver's own scrolling can leave a
/// button low on a long page under the point it clicks.
pub async fn click(b: &Client, locator: Locator<'_>) {
    let element = b.wait().for_element(locator).await.unwrap();
    let script = "arguments[0].scrollIntoView({block: 'center'});";
    b.execute(script, vec![serde_json::to_value(&element).unwrap()]).await.unwrap();
    element.click().await.unwrap();
}

/// Where the bottom of each element falls against the window's height
/// (in CSS pixels): what the first screen holds, as a person sees it.
pub async fn bottoms(b: &Client, selectors: &[&str]) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    for css in selectors {
        let script = "const e = document.querySelector(arguments[0]); \
                      return [e ? e.getBoundingClientRect().bottom : -1, window.innerHeight];";
        let r = b.execute(script, vec![json!(css)]).await.unwrap();
        out.push((css.to_string(), r[0].as_f64().unwrap(), r[1].as_f64().unwrap()));
    }
    out
}

pub async fn assert_first_screen_holds(b: &Client, selectors: &[&str]) {
    for (css, bottom, height) in bottoms(b, selectors).await {
        assert!(bottom > 0.0 && bottom <= height, "{css} ends at {bottom} px, the screen at {height} px");
    }
}

pub async fn sign_in(b: &Client, base: &str) {
    sign_in_as(b, base, Role::Coordinator).await;
}

pub async fn sign_in_as(b: &Client, base: &str, role: Role) {
    b.goto(&format!("{base}/connexion")).await.unwrap();
    b.find(Locator::Id("email")).await.unwrap().send_keys(&email(role, "a")).await.unwrap();
    b.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    click(b, Locator::Css("main form button[type=submit]")).await;
    b.wait().for_element(Locator::Css("form.logout")).await.unwrap();
}
