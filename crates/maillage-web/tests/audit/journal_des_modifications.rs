//! /journal-des-modifications: filter by record type and by author, page by page.

use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_audit_log_filters_by_author_and_pages_fifty_at_a_time() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(Role::ActionLead).await;
    let me = lead.get("/api/v1/me").await.json()["id"].as_i64().unwrap();
    let journal = format!("/actions/{}/journal", app.a().led_action_id());
    for i in 0..52 {
        lead.post_form(&journal, &[("body", &format!("Note {i}"))]).await;
    }
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    coordinator.post_form(&format!("/utilisateurs/{}", app.a().elected_user_id), &[("role", "elected")]).await;

    let by_lead = coordinator.get(&format!("/journal-des-modifications?user={me}")).await.text();
    assert!(by_lead.contains("52 modifications."), "{by_lead}");
    assert!(by_lead.contains("Page 1 sur 2") && by_lead.contains("Plus anciennes"));
    assert!(!by_lead.contains("Compte modifié"));
    let second = coordinator.get(&format!("/journal-des-modifications?user={me}&page=1")).await.text();
    assert!(second.contains("Page 2 sur 2") && second.contains("Note 0") && !second.contains("Note 51"));
    let accounts = coordinator.get("/journal-des-modifications?entity=user").await.text();
    assert!(accounts.contains("Compte modifié : elected@a.test") && !accounts.contains("Note 1"));
}

#[tokio::test]
async fn a_page_number_out_of_range_shows_the_last_page() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    for page in ["184467440737095517", "18446744073709551615", "-1", "abc"] {
        let r = coordinator.get(&format!("/journal-des-modifications?page={page}")).await;
        assert_eq!(r.status, axum::http::StatusCode::OK, "page={page}");
        assert!(r.text().contains("Page 1 sur 1"), "page={page}: {}", r.text());
    }
}
