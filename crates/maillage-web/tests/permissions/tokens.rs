//! The route table once more with API tokens instead of sessions: the API
//! gives each role exactly what its session would; pages open to nobody.

use maillage_domain::Role;

use super::{Allowed, Forbidden, Login, TABLE, answer_of, call};
use crate::api::token_for;
use crate::common::TestApp;

#[tokio::test]
async fn each_role_gets_its_answer_with_a_token_and_no_page() {
    let app = TestApp::new().await;
    let mut failures = Vec::new();
    for role in Role::ALL.into_iter().rev() {
        let mut client = app.client();
        client.bearer = Some(token_for(&app, role).await);
        for (method, path, public, allowed) in TABLE {
            if *path == "/connexion" && *method == "POST" {
                continue;
            }
            let got = answer_of(path, &call(&mut client, app.a(), method, path).await);
            let want = if *public {
                Allowed
            } else if !path.starts_with("/api/") {
                Login
            } else if allowed.contains(&role) {
                Allowed
            } else {
                Forbidden
            };
            if got != want {
                failures.push(format!("{method} {path} with a {role:?} token: got {got:?}, want {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
