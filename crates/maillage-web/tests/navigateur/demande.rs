//! A family files its request from a phone, in a real browser, then
//! changes its schedule on its private page.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::{browser, chromedriver, click, finish, screenshot, serve, text_of};
use crate::common::TestApp;

/// Sets an input's value as the browser's own date or time picker would.
async fn pick(b: &Client, id: &str, value: &str) {
    let script = "document.getElementById(arguments[0]).value = arguments[1];";
    b.execute(script, vec![json!(id), json!(value)]).await.unwrap();
}

async fn type_in(b: &Client, id: &str, text: &str) {
    b.find(Locator::Id(id)).await.unwrap().send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_family_files_its_request_from_a_phone() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::new().await;
    let base = serve(&app).await;
    let (b, profile) = browser(&driver, true).await;
    let result = async {
        b.goto(&format!("{base}/demande/a")).await.unwrap();
        click(&b, Locator::Id("child_born-born")).await;
        pick(&b, "child_date", "2024-05-20").await;
        pick(&b, "start_on", "2025-02-03").await;
        for (id, value) in [("mon_from", "08:15"), ("mon_to", "17:00"), ("thu_from", "08:15"), ("thu_to", "17:00")] {
            pick(&b, id, value).await;
        }
        b.find(Locator::Id("mode_1")).await.unwrap().select_by_value("childminder").await.unwrap();
        b.find(Locator::Id("mode_2")).await.unwrap().select_by_value("mam").await.unwrap();
        click(&b, Locator::Id("sector_0")).await;
        type_in(&b, "parent_name", "Inès Martin").await;
        type_in(&b, "phone", "06 00 00 00 01").await;
        click(&b, Locator::Id("consent")).await;
        screenshot(&b, "demande-remplie-360px").await;
        app.advance(90); // the minute and a half a person takes
        click(&b, Locator::Css("form.request-form button[type=submit]")).await;

        let flash = text_of(&b, ".flash").await;
        assert!(flash.starts_with("Votre demande est enregistrée sous le code"), "{flash}");
        assert_eq!(text_of(&b, "#statut").await, "Déposée");
        let url = b.current_url().await.unwrap();
        assert!(url.path().starts_with("/suivi/"), "{url}");
        screenshot(&b, "suivi-360px").await;

        pick(&b, "thu_from", "").await;
        pick(&b, "thu_to", "").await;
        pick(&b, "fri_from", "09:00").await;
        pick(&b, "fri_to", "12:00").await;
        click(&b, Locator::Css("form:has(#fri_from) button[type=submit]")).await;
        b.wait()
            .for_element(Locator::XPath("//p[@class='flash' and .='Vos horaires sont enregistrés.']"))
            .await
            .unwrap();
        let details = text_of(&b, "dl.details").await;
        assert!(details.contains("lundi 8 h 15 – 17 h ; vendredi 9 h – 12 h"), "{details}");
    }
    .await;
    finish(b, profile).await;
    result
}
