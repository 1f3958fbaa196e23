//! The two small things a page carries in cookies rather than in the
//! database, so that reading a page never writes: the CSRF token of a visitor
//! who is not signed in (double-submit: the form's field must equal the
//! cookie), and the one-time message shown after a redirect (« flash »).
//!
//! The layout is built deep inside page helpers; rather than threading the
//! request's cookies through every signature, [`middleware`] makes them
//! available for the duration of the request as a task-local, and writes the
//! cookies that changed on the way out.

use std::cell::RefCell;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use maillage_db::accounts::secrets as tokens;

const CSRF_COOKIE: &str = "maillage_csrf";
const FLASH_COOKIE: &str = "maillage_flash";

struct RequestCookies {
    /// The request's path, for the menu to mark the current page.
    path: String,
    /// The visitor's token: the cookie's, or a new one to set.
    csrf: String,
    csrf_is_new: bool,
    flash_in: RefCell<Option<String>>,
    flash_taken: RefCell<bool>,
    flash_out: RefCell<Option<String>>,
}

tokio::task_local! {
    static COOKIES: RequestCookies;
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn decode(value: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("m={value}"))
        .ok()?
        .into_iter()
        .next()
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty() && v.chars().count() <= 500)
}

/// The CSRF token of a visitor who is not signed in.
pub fn anonymous_csrf() -> String {
    COOKIES.try_with(|c| c.csrf.clone()).unwrap_or_default()
}

/// The path of the page being answered (the menu marks it with `aria-current`).
pub fn current_path() -> String {
    COOKIES.try_with(|c| c.path.clone()).unwrap_or_default()
}

/// The one-time message for this page, if the previous response left one.
pub fn take_flash() -> Option<String> {
    COOKIES
        .try_with(|c| {
            *c.flash_taken.borrow_mut() = true;
            c.flash_in.borrow_mut().take()
        })
        .ok()
        .flatten()
}

/// A message shown once on the next page (after a redirect).
pub fn flash(message: &str) {
    let _ = COOKIES.try_with(|c| *c.flash_out.borrow_mut() = Some(message.to_owned()));
}

fn set_cookie(response: &mut Response, name: &str, value: &str, max_age: Option<i64>, secure: bool) {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        text.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        text.push_str("; Secure");
    }
    if let Ok(v) = HeaderValue::from_str(&text) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let existing = cookie(headers, CSRF_COOKIE)
        .filter(|t| t.len() == 43 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let context = RequestCookies {
        path: request.uri().path().to_owned(),
        csrf: existing.map_or_else(tokens::random_secret, str::to_owned),
        csrf_is_new: existing.is_none(),
        flash_in: RefCell::new(cookie(headers, FLASH_COOKIE).and_then(decode)),
        flash_taken: RefCell::new(false),
        flash_out: RefCell::new(None),
    };
    let had_flash = context.flash_in.borrow().is_some();
    let (mut response, context) = COOKIES
        .scope(context, async move {
            let response = next.run(request).await;
            let context = COOKIES.with(|c| RequestCookies {
                path: String::new(),
                csrf: c.csrf.clone(),
                csrf_is_new: c.csrf_is_new,
                flash_in: RefCell::new(None),
                flash_taken: RefCell::new(*c.flash_taken.borrow()),
                flash_out: RefCell::new(c.flash_out.borrow_mut().take()),
            });
            (response, context)
        })
        .await;
    let secure = state.config.secure_cookies;
    if context.csrf_is_new {
        set_cookie(&mut response, CSRF_COOKIE, &context.csrf, None, secure);
    }
    if let Some(message) = context.flash_out.into_inner() {
        set_cookie(&mut response, FLASH_COOKIE, &crate::pages::url_encode(&message), Some(300), secure);
    } else if had_flash && context.flash_taken.into_inner() {
        set_cookie(&mut response, FLASH_COOKIE, "", Some(0), secure);
    }
    response
}
