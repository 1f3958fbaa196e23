//! A client that behaves like a browser towards the router: it keeps
//! cookies, picks up the CSRF token of the pages it reads, and sends it with
//! the forms it posts; or a script, with a bearer token.

use std::collections::HashMap;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

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
                    "nbsp" => Some('\u{a0}'),
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

#[derive(Clone)]
pub struct Client<'a> {
    router: &'a Router,
    cookies: HashMap<String, String>,
    pub csrf: Option<String>,
    pub bearer: Option<String>,
    /// The address the server sees the client at.
    pub addr: std::net::SocketAddr,
}

impl<'a> Client<'a> {
    pub fn new(router: &'a Router) -> Client<'a> {
        Client { router, cookies: HashMap::new(), csrf: None, bearer: None, addr: ([127, 0, 0, 1], 40000).into() }
    }

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
        let response = self.router.clone().oneshot(request).await.unwrap();
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

    /// Sends a file as a browser sends `<input type="file" name="file">`:
    /// multipart, the CSRF token first; `csrf: false` leaves it out.
    pub async fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8], csrf: bool) -> Resp {
        if self.csrf.is_none() {
            self.get("/connexion").await;
        }
        let boundary = "----maillage-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        if csrf {
            let token = self.csrf.clone().unwrap_or_default();
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n")
                    .as_bytes(),
            );
        }
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
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
