//! `maillage demo`, as a newcomer runs it: every section of the plan shows
//! something real (committees with decisions, journal notes, a closed 2024
//! review and a 2025 one being written), and the action lead lands on
//! « Mes actions ». Needs curl (it says SKIPPED without, except under CI).

mod support;

use std::process::{Command, Stdio};

use support::{Killed, csrf_token, curl, free_port, temp_dir, wait_for_port};

const PASSWORD: &str = "demo-mot-de-passe-2026";

fn curl_missing() -> bool {
    let missing = Command::new("curl").arg("--version").stdout(Stdio::null()).status().is_err();
    if missing {
        assert!(std::env::var("CI").is_err(), "curl is missing under CI");
        eprintln!("SKIPPED: curl not found");
    }
    missing
}

/// Signs in with a fresh cookie jar; returns the jar and where the sign-in led.
fn sign_in(base: &str, jar: &str, email: &str) -> String {
    let page = curl(&["-c", jar, "-b", jar, &format!("{base}/connexion")]);
    let token = csrf_token(&page);
    curl(&[
        "-c",
        jar,
        "-b",
        jar,
        "-o",
        "/dev/null",
        "-w",
        "%{redirect_url}",
        "--data-urlencode",
        &format!("email={email}"),
        "--data-urlencode",
        &format!("password={PASSWORD}"),
        "--data-urlencode",
        &format!("csrf_token={token}"),
        "--data-urlencode",
        "suivant=",
        &format!("{base}/connexion"),
    ])
}

#[test]
fn the_demo_tells_the_plans_story_and_shows_its_childcare_offer() {
    if curl_missing() {
        return;
    }
    let (dir, _cleanup) = temp_dir("maillage-demo");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Killed(
        Command::new(env!("CARGO_BIN_EXE_maillage"))
            .arg("--data-dir")
            .arg(&dir)
            .args(["demo", "--addr", &format!("127.0.0.1:{port}"), "--password", PASSWORD])
            .env_remove("MAILLAGE_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port);
    let jar = dir.join("coordination").display().to_string();
    sign_in(&base, &jar, "coordination@demo.maillage.fr");
    let get = |path: &str| curl(&["-b", &jar, &format!("{base}{path}")]);
    let dashboard = get("/");
    let id = dashboard.split("href=\"/conventions/").nth(1).unwrap().split('/').next().unwrap().to_owned();
    let meetings = get(&format!("/conventions/{id}/comites"));
    for title in ["COPIL de lancement de la CTG", "COTECH petite enfance", "COPIL — bilan 2024"] {
        assert!(meetings.contains(title), "{title}: {meetings}");
    }
    let reviews = get(&format!("/conventions/{id}/bilans"));
    assert!(reviews.contains("Bilan annuel 2024</a> — Clos le"), "{reviews}");
    assert!(reviews.contains("Bilan annuel 2025</a> — En cours de rédaction"), "{reviews}");
    let review = get(&format!("/conventions/{id}/bilans/2024"));
    assert!(review.contains("Adopter le bilan 2024 de la convention."), "the year's decisions");
    assert!(review.contains("Le guichet unique a pris du retard faute de recrutement"), "the analysis");

    let lead_jar = dir.join("pilote").display().to_string();
    let landing = sign_in(&base, &lead_jar, "pilote@demo.maillage.fr");
    assert!(landing.ends_with("/mes-actions"), "the lead lands on their actions: {landing}");
    let mine = curl(&["-b", &lead_jar, &format!("{base}/mes-actions")]);
    assert_eq!(mine.matches("<article class=\"my-action").count(), 3, "1.1, 1.3 and 5.5: {mine}");
    let action = mine.split("href=\"/actions/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fiche = curl(&["-b", &lead_jar, &format!("{base}/actions/{action}")]);
    assert!(fiche.contains("Karim Benali"), "journal notes under the lead's name: {fiche}");

    let relais_jar = dir.join("relais").display().to_string();
    let landing = sign_in(&base, &relais_jar, "relais@demo.maillage.fr");
    assert!(landing.ends_with("/offre"), "the relais lands on the offer: {landing}");
    let relais = |path: &str| curl(&["-b", &relais_jar, &format!("{base}{path}")]);
    let offer = relais("/offre");
    for mode in ["Multi-accueil", "Crèche familiale", "Maison d&#39;assistants maternels (MAM)", "en activité"] {
        assert!(offer.contains(mode), "{mode}: {offer}");
    }
    assert!(relais("/offre?date=2016-01-01").contains("Places au 1er janvier 2016"));
    let childminders = relais("/assistants-maternels");
    assert!(childminders.contains("120 assistant·e·s maternel·le·s"), "{childminders}");
    let facilities = relais("/etablissements");
    assert!(facilities.contains("8 établissements"), "{facilities}");
    let sheet = facilities
        .split("href=\"/etablissements/")
        .filter_map(|s| s.split('"').next())
        .find(|id| id.parse::<i32>().is_ok())
        .unwrap()
        .to_owned();
    assert!(relais(&format!("/etablissements/{sheet}")).contains("(en cours)"), "a sheet with its running capacity");

    // The demand: 400 requests over three years, most of them followed to an end.
    let requests = relais("/demandes?statut=toutes");
    assert!(requests.contains("400 demandes"), "{requests}");
    for status in ["solved", "searching", "proposed", "no_solution", "cancelled", "expired"] {
        let some = relais(&format!("/demandes?statut={status}"));
        assert!(some.contains("<tbody>\n<tr>"), "some requests {status}: {some}");
    }
    let first = requests.split("href=\"/demandes/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let sheet = relais(&format!("/demandes/{first}"));
    assert!(sheet.contains("Nadia Girard") || sheet.contains("La famille"), "history attributed: {sheet}");
    let projects = relais("/projets");
    assert!(projects.contains("MAM Les Coccinelles") && projects.contains("Avis de la PMI"), "{projects}");
    // This year's statistics: every sector has requests and solutions.
    let sectors = relais("/statistiques/secteurs.csv");
    for sector in ["Centre", "Quartiers Nord", "Hameaux"] {
        let line =
            sectors.lines().find(|l| l.starts_with(&format!("{sector};"))).unwrap_or_else(|| panic!("{sectors}"));
        let figures: Vec<u32> = line.split(';').skip(1).take(2).map(|n| n.parse().unwrap()).collect();
        assert!(figures[0] > 5 && figures[1] > 0, "{sector}: {line}");
    }
    assert!(relais("/statistiques").contains("62 ans en"), "the workforce outlook");
    // The public form of the demo territory, for a family.
    let form = curl(&[&format!("{base}/demande/ville-de-demo")]);
    for sector in ["Centre", "Quartiers Nord", "Hameaux"] {
        assert!(form.contains(&format!("value=\"{sector}\"")), "{sector} to choose");
    }
}
