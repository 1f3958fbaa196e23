//! `TestApp`: a migrated database with two territories (A and B), each with
//! the seed plan, one account per role, and a client that keeps cookies and
//! the CSRF token like a browser.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use maillage_db::plan::{import, load_snapshot};
use maillage_db::{Actor, TransactionTrait};
use maillage_domain::Role;
use maillage_test_utils::TestDb;
use tower::ServiceExt;

pub const PASSWORD: &str = "mot-de-passe-de-test";

/// The instant every test runs at: mid-November 2024, in the seed
/// convention's second year (some values recorded, some milestones missed).
pub const NOW: &str = "2024-11-15T09:30:00Z";

const SEED_PLAN: &str = include_str!("../../maillage/demo/ctg-plan-2023-2026.toml");
const FICHE: &str = r#"
[[fiche]]
action = "1.1"
status = "in_progress"
progress = 20
lead = "Service Petite Enfance"
lead_email = "action_lead@a.test"
ends_on = "2020-12-31"
[[fiche.milestone]]
title = "Guichet unique ouvert"
due_on = "2024-01-15"
[[fiche.milestone]]
title = "Bilan à mi-parcours"
due_on = "2030-01-15"
[[fiche.indicator]]
name = "Demandes enregistrées"
targets = { 2024 = 100 }
actuals = { 2024 = 80 }
[[fiche.indicator]]
name = "Délai de réponse"
unit = "jours"
direction = "decrease"
[[fiche.budget]]
year = 2024
funder = "CAF"
planned = 1000
spent = 400
[[fiche.budget]]
year = 2025
funder = "Commune"
planned = 0
"#;

pub struct Territory {
    pub territory_id: i32,
    pub convention_id: i32,
    /// Action 1.1, led by the territory's action_lead account.
    pub led_action_id: i32,
    /// Action 1.2, led by nobody.
    pub other_action_id: i32,
    pub indicator_id: i32,
    pub elected_user_id: i32,
    pub meeting_id: i32,
    pub milestone_id: i32,
    pub budget_line_id: i32,
    pub axis_id: i32,
    /// Second rows of action 1.1, for the API's deletions.
    pub spare_ids: (i32, i32, i32),
    /// A token of the territory's coordinator.
    pub token_id: i32,
}

pub struct TestApp {
    pub db: TestDb,
    pub router: Router,
    pub a: Territory,
    pub b: Territory,
}

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| maillage_db::accounts::password::hash(PASSWORD))
}

pub fn email(role: Role, territory: &str) -> String {
    format!("{}@{territory}.test", role.code())
}

async fn territory(db: &TestDb, slug: &str) -> Territory {
    let t = maillage_db::territory::create(&db.conn, slug, &format!("Territoire {slug}"), false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let mut elected_user_id = 0;
    let mut coordinator_id = 0;
    for role in Role::ALL {
        let email = email(role, slug);
        let new = maillage_db::accounts::NewUser {
            territory_id: t.id,
            email: &email,
            display_name: &format!("{} {slug}", role.label()),
            password_hash: password_hash(),
            role,
        };
        let user = maillage_db::accounts::create_user(&db.conn, &actor, new).await.unwrap();
        if role == Role::Elected {
            elected_user_id = user.id;
        }
        if role == Role::Coordinator {
            coordinator_id = user.id;
        }
    }
    let text = format!("{SEED_PLAN}\n{}", FICHE.replace("@a.test", &format!("@{slug}.test")));
    let plan = maillage_domain::plan::import::parse_plan(&text).unwrap();
    let txn = db.conn.begin().await.unwrap();
    let conv = import::import_plan(&txn, &actor, &plan).await.unwrap();
    txn.commit().await.unwrap();
    let snap = load_snapshot(&db.conn, t.id, conv.id).await.unwrap();
    let copil = maillage_domain::plan::meeting::MeetingForm {
        kind: "steering_committee".into(),
        held_on: "2024-06-20".into(),
        title: "COPIL annuel 2024".into(),
        ..Default::default()
    };
    let meeting =
        maillage_db::plan::meetings::create(&db.conn, &actor, conv.id, &copil.validate().unwrap()).await.unwrap();
    let token = maillage_domain::accounts::TokenFields { name: "Script".into(), read_only: false, valid_days: None };
    let hash = maillage_db::accounts::secrets::hash(&format!("mlg_fixture_{slug}"));
    let token = maillage_db::accounts::create_token(&db.conn, &actor, coordinator_id, &token, &hash).await.unwrap();
    Territory {
        territory_id: t.id,
        token_id: token.id,
        convention_id: conv.id,
        led_action_id: snap.actions[0].id,
        other_action_id: snap.actions[1].id,
        indicator_id: snap.indicators[0].id,
        elected_user_id,
        meeting_id: meeting.id,
        milestone_id: snap.milestones[0].id,
        budget_line_id: snap.budget[0].id,
        axis_id: snap.axes[0].id,
        spare_ids: (snap.milestones[1].id, snap.budget[1].id, snap.indicators[1].id),
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        let db = TestDb::new().await;
        let a = territory(&db, "a").await;
        let b = territory(&db, "b").await;
        let state = maillage_web::AppState::new(db.conn.clone(), maillage_web::Config::default())
            .with_clock(maillage_web::FixedClock(NOW.parse().unwrap()));
        TestApp { router: maillage_web::app(state), db, a, b }
    }

    /// Territory B as its coordinator reads it: its plan, meetings and
    /// users, to check that nothing done from A changed it.
    pub async fn client_of_b_dashboard(&self) -> Vec<String> {
        let mut b = self.signed_in_at(Role::Coordinator, "b").await;
        let mut seen = Vec::new();
        for path in [
            format!("/api/v1/conventions/{}", self.b.convention_id),
            format!("/api/v1/conventions/{}/meetings", self.b.convention_id),
            format!("/api/v1/actions/{}", self.b.led_action_id),
            format!("/api/v1/actions/{}", self.b.other_action_id),
        ] {
            seen.push(b.get(&path).await.body);
        }
        seen.push(b.get("/utilisateurs").await.text());
        seen
    }

    pub fn client(&self) -> Client<'_> {
        Client { app: self, cookies: HashMap::new(), csrf: None, bearer: None, addr: ([127, 0, 0, 1], 40000).into() }
    }

    /// A client signed in as `role` of territory A.
    pub async fn signed_in(&self, role: Role) -> Client<'_> {
        self.signed_in_at(role, "a").await
    }

    /// A client signed in as `role` of territory `slug` (`a` or `b`).
    pub async fn signed_in_at(&self, role: Role, slug: &str) -> Client<'_> {
        let mut c = self.client();
        let r = c.login(&email(role, slug), PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login as {role:?}: {}", r.body);
        c
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The page's `<main>` element: what a snapshot of a page should hold,
    /// without the frame every page shares.
    pub fn main(&self) -> String {
        let start = self.body.find("<main").expect("a <main> element");
        let end = self.body.find("</main>").expect("a </main>") + "</main>".len();
        self.body[start..end].to_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The page's text without tags, entities decoded: what a person reads.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in self.body.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        let decoded = decode_entities(&out);
        decoded.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tail.find(';') {
            Some(j) if j < 10 => {
                let entity = &tail[1..j];
                let decoded = match entity {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
                    e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                match decoded {
                    Some(c) => {
                        out.push(c);
                        rest = &tail[j + 1..];
                    }
                    None => {
                        out.push('&');
                        rest = &tail[1..];
                    }
                }
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub struct Client<'a> {
    app: &'a TestApp,
    cookies: HashMap<String, String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
    /// The address the server sees the client at.
    pub addr: std::net::SocketAddr,
}

impl Client<'_> {
    /// Adds the client's cookies, token and host, as a browser would.
    pub fn prepare(&self, mut request: Request<Body>) -> Request<Body> {
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if !cookie.is_empty() {
            request.headers_mut().insert(header::COOKIE, cookie.join("; ").parse().unwrap());
        }
        if let Some(token) = &self.bearer {
            request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        }
        request.headers_mut().insert(header::HOST, "localhost".parse().unwrap());
        request.extensions_mut().insert(axum::extract::ConnectInfo(self.addr));
        request
    }

    pub async fn send(&mut self, request: Request<Body>) -> Resp {
        let request = self.prepare(request);
        let response = self.app.router.clone().oneshot(request).await.unwrap();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || value.to_str().unwrap().contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(i) = body.find("name=\"csrf_token\" value=\"") {
            let start = i + "name=\"csrf_token\" value=\"".len();
            let end = body[start..].find('"').unwrap() + start;
            if end > start {
                self.csrf = Some(body[start..end].to_owned());
            }
        }
        Resp { status, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Posts a form the way the page would, with the CSRF token.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        if self.csrf.is_none() {
            self.get("/connexion").await;
        }
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone().unwrap_or_default();
        all.push(("csrf_token", &csrf));
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// A JSON request, with the CSRF header a script in the page would add.
    pub async fn json(&mut self, method: &str, path: &str, body: serde_json::Value) -> Resp {
        let mut request = Request::builder().method(method).uri(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(csrf) = &self.csrf {
            request = request.header("x-csrf-token", csrf);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A DELETE, with the CSRF header a script in the page would add.
    pub async fn delete(&mut self, path: &str) -> Resp {
        let mut request = Request::delete(path);
        if let Some(csrf) = &self.csrf {
            request = request.header("x-csrf-token", csrf);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Resp {
        self.get("/connexion").await;
        let r = self.post_form("/connexion", &[("email", email), ("password", password), ("suivant", "/")]).await;
        if r.status == StatusCode::SEE_OTHER {
            // Like a browser following the redirect: the next page carries
            // the CSRF token of the new session.
            self.get("/compte/jetons").await;
        }
        r
    }
}
