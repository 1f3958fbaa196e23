//! The outbox through a real SMTP server (aiosmtpd, from PyPI, started here):
//! a family's confirmation arrives with its private link, and
//! a visitor asks for a new password, the message arrives with a link that
//! opens the reset page, an unknown address gets the same answer and no
//! message, and the sent message's body (a one-time link) is erased.
//!
//! Needs Python with aiosmtpd (`.ci/run` makes `target/ci-venv`; or set
//! MAILLAGE_TEST_PYTHON) and curl: without them it says SKIPPED, except
//! under CI where it fails.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use maillage_test_utils::TestDb;
use support::{Killed, csrf_token, curl, free_port, temp_dir, wait_for_port};

fn python() -> Option<String> {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/ci-venv/bin/python");
    let python = std::env::var("MAILLAGE_TEST_PYTHON").unwrap_or_else(|_| default.to_owned());
    let ready = Command::new(&python).args(["-c", "import aiosmtpd"]).stderr(Stdio::null()).status();
    if ready.is_ok_and(|s| s.success()) && Command::new("curl").arg("--version").stdout(Stdio::null()).status().is_ok()
    {
        return Some(python);
    }
    assert!(std::env::var("CI").is_err(), "aiosmtpd or curl is missing under CI: .ci/run should have installed them");
    eprintln!(
        "SKIPPED: no Python with aiosmtpd at {python} (python3 -m venv target/ci-venv && target/ci-venv/bin/pip install aiosmtpd)"
    );
    None
}

fn maillage(dir: &Path, url: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_maillage"));
    c.arg("--data-dir").arg(dir).env_remove("MAILLAGE_DATABASE_URL");
    if let Some(url) = url {
        c.env("MAILLAGE_DATABASE_URL", url);
    }
    c
}

/// The decoded bodies of the messages that arrived, by Python's own parser.
fn arrived(python: &str, maildir: &Path) -> Vec<String> {
    let script = "import mailbox,sys\nfor m in mailbox.Maildir(sys.argv[1], create=False):\n    print(m['Subject'] and str(__import__('email.header').header.make_header(__import__('email.header').header.decode_header(m['Subject']))))\n    print(m.get_payload(decode=True).decode('utf-8'))\n    print('\\x1e')";
    let out = Command::new(python).args(["-c", script]).arg(maildir).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split('\u{1e}')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A test SMTP server writing to `DIR/maildir`, and `maillage serve`
/// sending its outbox there: the maildir, the site's address, and both
/// processes (killed when dropped).
fn serve_with_smtp(python: &str, dir: &Path, url: Option<&str>) -> (std::path::PathBuf, String, [Killed; 2]) {
    let maildir = dir.join("maildir");
    let smtp_port = free_port();
    let smtp = Killed(
        Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{smtp_port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(smtp_port);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Killed(
        maillage(dir, url)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--public-url", &base])
            .args(["--smtp-url", &format!("smtp://127.0.0.1:{smtp_port}"), "--mail-from", "Maillage <rpe@ville.fr>"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port);
    (maildir, base, [smtp, server])
}

#[tokio::test]
async fn a_forgotten_password_link_arrives_by_smtp_and_opens_the_reset_page() {
    let Some(python) = python() else { return };
    let (dir, _cleanup) = temp_dir("maillage-mail");
    let db = if maillage_test_utils::backend() == "postgres" { Some(TestDb::empty().await) } else { None };
    let url = db.as_ref().map(|d| d.url.clone());
    let run = |args: &[&str], stdin: &str| {
        let mut child =
            maillage(&dir, url.as_deref()).args(args).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success(), "{args:?}");
    };
    run(&["territory", "add", "--slug", "t", "--name", "Ville-Test"], "");
    run(
        &["user", "add", "--territory", "t", "--role", "elected", "--email", "elu@ville.fr", "--name", "Ana"],
        "un mot de passe assez long\n",
    );

    let (maildir, base, _running) = serve_with_smtp(&python, &dir, url.as_deref());

    let jar = dir.join("cookies").display().to_string();
    let ask = |email: &str| {
        let page = curl(&["-c", &jar, "-b", &jar, &format!("{base}/mot-de-passe-oublie")]);
        let token = csrf_token(&page);
        curl(&[
            "-c",
            &jar,
            "-b",
            &jar,
            "--data-urlencode",
            &format!("email={email}"),
            "--data-urlencode",
            &format!("csrf_token={token}"),
            &format!("{base}/mot-de-passe-oublie"),
        ])
    };
    let known = ask("elu@ville.fr");
    let unknown = ask("personne@ville.fr");
    let strip = |s: &str| s.replace("elu@ville.fr", "X").replace("personne@ville.fr", "X");
    assert!(known.contains("Si un compte actif existe"), "{known}");
    assert_eq!(strip(&known), strip(&unknown), "the same answer whether the address exists or not");

    let start = Instant::now();
    let messages = loop {
        let found = arrived(&python, &maildir.join(""));
        if !found.is_empty() || start.elapsed() > Duration::from_secs(20) {
            break found;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    std::thread::sleep(Duration::from_secs(4)); // one more round of the sender: still one message
    let messages_after = arrived(&python, &maildir);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages_after.len(), 1, "no message for an unknown address: {messages_after:?}");
    let message = &messages[0];
    assert!(message.starts_with("Maillage — choisir un nouveau mot de passe"), "{message}");
    assert!(message.contains("Bonjour Ana"), "{message}");
    let link =
        message.split_whitespace().find(|w| w.starts_with(&format!("{base}/mot-de-passe/mlg_"))).expect("a link");
    let page = curl(&[link]);
    assert!(page.contains("Nouveau mot de passe") && page.contains("Ana, choisissez"), "{page}");

    let conn =
        maillage_db::connect(&url.unwrap_or_else(|| format!("sqlite://{}", dir.join("maillage.sqlite").display())))
            .await
            .unwrap();
    let outbox = maillage_db::outbox::list(&conn, 1, 0, 10).await.unwrap();
    assert_eq!(outbox.total, 1);
    assert_eq!(outbox.messages[0].state, maillage_domain::outbox::MessageState::Sent);
    assert_eq!(outbox.messages[0].body, "", "a one-time link is not kept once sent");
    conn.close().await.ok();
}

/// A family files a request on the public form: the confirmation arrives
/// by SMTP with the tracking code and the private link, which opens the
/// request's page; the link is not kept once sent.
#[tokio::test]
async fn a_family_s_confirmation_arrives_by_smtp_with_its_private_link() {
    let Some(python) = python() else { return };
    let (dir, _cleanup) = temp_dir("maillage-mail-family");
    let db = if maillage_test_utils::backend() == "postgres" { Some(TestDb::empty().await) } else { None };
    let url = db.as_ref().map(|d| d.url.clone());
    let status = maillage(&dir, url.as_deref())
        .args(["territory", "add", "--slug", "ville-test", "--name", "Ville-Test"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    let (maildir, base, _running) = serve_with_smtp(&python, &dir, url.as_deref());

    let jar = dir.join("cookies").display().to_string();
    let form = curl(&["-c", &jar, "-b", &jar, &format!("{base}/demande/ville-test")]);
    let token = csrf_token(&form);
    let stamp = form.split("name=\"form_stamp\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("stamp");
    // A person takes a few seconds to fill the form; a robot is refused.
    std::thread::sleep(Duration::from_millis(3_300));
    let mut args: Vec<String> = ["-c", &jar, "-b", &jar, "-L"].iter().map(|s| s.to_string()).collect();
    for (k, v) in [
        ("csrf_token", token.as_str()),
        ("form_stamp", stamp),
        ("site_web", ""),
        ("child_first_name", "Léa"),
        ("child_born", "born"),
        ("child_date", "2026-06-01"),
        ("start_on", "2027-09-01"),
        ("mon_from", "08:00"),
        ("mon_to", "17:30"),
        ("tue_from", "08:00"),
        ("tue_to", "17:30"),
        ("mode_1", "collective"),
        ("parent_name", "Camille Martin"),
        ("email", "camille.martin@exemple.fr"),
        ("phone", "06 12 34 56 78"),
        ("consent", "on"),
    ] {
        args.push("--data-urlencode".into());
        args.push(format!("{k}={v}"));
    }
    args.push(format!("{base}/demande/ville-test"));
    let filed = curl(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let code = filed.split("Code de suivi&nbsp;: <strong>").nth(1).and_then(|s| s.split('<').next());
    let code = code.unwrap_or_else(|| panic!("the page gives the tracking code: {filed}")).to_owned();

    let start = Instant::now();
    let messages = loop {
        let found = arrived(&python, &maildir);
        if !found.is_empty() || start.elapsed() > Duration::from_secs(20) {
            break found;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.starts_with(&format!("Votre demande d'accueil {code} — Ville-Test")), "{message}");
    assert!(message.contains(&format!("Son code de suivi est {code}")), "{message}");
    let link = message.split_whitespace().find(|w| w.starts_with(&format!("{base}/suivi/"))).expect("a private link");
    let page = curl(&[link]);
    assert!(page.contains(&code) && page.contains("Déposée"), "the link opens the request: {page}");

    let conn =
        maillage_db::connect(&url.unwrap_or_else(|| format!("sqlite://{}", dir.join("maillage.sqlite").display())))
            .await
            .unwrap();
    let outbox = maillage_db::outbox::list(&conn, 1, 0, 10).await.unwrap();
    assert_eq!(outbox.total, 1);
    assert_eq!(outbox.messages[0].body, "", "the private link is not kept once sent");
    conn.close().await.ok();
}
