//! What a coordinator and an action lead do, in a real browser.

use fantoccini::Locator;
use maillage_domain::Role;

use super::{
    assert_first_screen_holds, bottoms, browser, chromedriver, click, finish, screenshot, serve, sign_in, sign_in_as,
    text_of,
};
use crate::common::TestApp;

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
