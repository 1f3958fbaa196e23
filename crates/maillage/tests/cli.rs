//! The `maillage` binary's administration commands, run as a person would.
//! SQLite in a temporary folder; on PostgreSQL when `TEST_DATABASE_URL` is
//! set (a fresh database per test).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use maillage_test_utils::TestDb;

struct Cli {
    data_dir: tempdir::Dir,
    database_url: Option<String>,
    _db: Option<TestDb>,
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Cli {
    async fn new() -> Cli {
        let dir = std::env::temp_dir().join(format!("maillage-cli-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let (database_url, db) = if maillage_test_utils::backend() == "postgres" {
            let db = TestDb::empty().await;
            (Some(db.url.clone()), Some(db))
        } else {
            (None, None)
        };
        Cli { data_dir: tempdir::Dir(dir), database_url, _db: db }
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_maillage"));
        command.arg("--data-dir").arg(&self.data_dir.0).args(args);
        command.env_remove("MAILLAGE_DATABASE_URL");
        if let Some(url) = &self.database_url {
            command.env("MAILLAGE_DATABASE_URL", url);
        }
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/ctg-plan-2023-2026.toml");

#[tokio::test]
async fn a_territory_its_coordinator_and_its_plan_from_the_command_line() {
    let cli = Cli::new().await;
    let out = cli.run(&["territory", "add", "--slug", "Ma Commune", "--name", "Ma Commune"], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Utilisez des lettres minuscules sans accent"), "{}", text(&out.stderr));

    let out = cli.run(&["territory", "add", "--slug", "ma-commune", "--name", "Ma Commune"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Territoire créé : Ma Commune (ma-commune)"));

    let add_user =
        ["user", "add", "--territory", "ma-commune", "--role", "coordinator", "--email", "camille@ma-commune.fr"];
    let out = cli.run(&add_user, "court\n");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("au moins 12 caractères"));
    let out = cli.run(&add_user, "une phrase de passe solide\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli.run(&add_user, "une phrase de passe solide\n");
    assert!(text(&out.stderr).contains("compte existe déjà avec l'adresse camille@ma-commune.fr"));

    let out = cli.run(&["plan", "import", "--territory", "ma-commune", "--dry-run", SEED], "");
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Fichier valide : 5 axes, 26 actions (rien n'a été écrit)."));
    let out = cli.run(&["plan", "import", "--territory", "ma-commune", SEED], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Plan importé : « Convention Territoriale Globale 2023-2026 », 5 axes, 26 actions.")
    );
    let out = cli.run(&["plan", "import", "--territory", "ma-commune", SEED], "");
    assert!(!out.status.success(), "the same convention twice is refused");
    assert!(text(&out.stderr).contains("a déjà une convention « Convention Territoriale Globale 2023-2026 »"));
    let out = cli.run(&["plan", "import", "--territory", "ma-commune", "--allow-duplicate", SEED], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli.run(&["plan", "import", "--territory", "inconnu", "--dry-run", SEED], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("territoire « inconnu » introuvable"), "a dry run checks the territory too");
}

#[tokio::test]
async fn a_plan_file_with_errors_is_refused_whole_with_every_error_by_line() {
    let cli = Cli::new().await;
    cli.run(&["territory", "add", "--slug", "t", "--name", "T"], "");
    let bad = cli.data_dir.0.join("plan.toml");
    let seed = std::fs::read_to_string(SEED).unwrap();
    let broken = seed.replace("ends_on = \"2026-12-31\"", "ends_on = \"2026-31-12\"")
        + "\n[[fiche]]\naction = \"9.9\"\nprogress = 120\n";
    std::fs::write(&bad, broken).unwrap();
    let out = cli.run(&["plan", "import", "--territory", "t", bad.to_str().unwrap()], "");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("plan.toml, ligne 11 : La date de fin « 2026-31-12 » n'est pas une date AAAA-MM-JJ"), "{err}");
    assert!(err.contains("plan.toml, ligne 86 : L'action « 9.9 » n'existe pas"), "{err}");
    assert!(err.contains("plan.toml, ligne 87 : L'avancement est un nombre de 0 à 100"), "{err}");
    assert!(err.contains("Erreur : 3 erreur(s) : rien n'a été importé"), "{err}");
    let out = cli.run(&["territory", "list"], "");
    assert_eq!(text(&out.stdout).trim(), "t\tT");
}

#[tokio::test]
async fn the_sqlite_file_used_is_named_and_a_new_one_is_said_to_be_new() {
    if maillage_test_utils::backend() == "postgres" {
        return; // this is about the SQLite file in --data-dir
    }
    let cli = Cli::new().await;
    let out = cli.run(&["migrate"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = cli.data_dir.0.join("maillage.sqlite");
    assert!(text(&out.stderr).contains(&format!("Base de données créée : {} (nouvelle, vide)", file.display())));
    let out = cli.run(&["territory", "list"], "");
    assert!(text(&out.stderr).contains(&format!("Base de données : {}", file.display())), "{}", text(&out.stderr));
}

#[tokio::test]
async fn a_token_for_a_script_from_the_command_line() {
    let cli = Cli::new().await;
    assert!(cli.run(&["territory", "add", "--slug", "t", "--name", "T"], "").status.success());
    let add = ["user", "add", "--territory", "t", "--role", "elected", "--email", "elu@t.fr"];
    assert!(cli.run(&add, "un mot de passe assez long\n").status.success());
    let out = cli.run(&["token", "create", "--territory", "t", "--email", "elu@t.fr", "--name", "Tableur"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout);
    assert!(token.trim().starts_with("mlg_") && token.lines().count() == 1, "{token}");
    let out = cli.run(&["token", "create", "--territory", "t", "--email", "personne@t.fr", "--name", "x"], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("aucun compte actif « personne@t.fr »"));
    let out =
        cli.run(&["token", "create", "--territory", "t", "--email", "elu@t.fr", "--name", "x", "--days", "7"], "");
    assert!(text(&out.stderr).contains("Choisissez une durée dans la liste."), "{}", text(&out.stderr));
}

#[tokio::test]
async fn one_account_gets_a_role_in_a_second_territory() {
    let cli = Cli::new().await;
    for (slug, name) in [("commune-a", "Commune A"), ("commune-b", "Commune B")] {
        assert!(cli.run(&["territory", "add", "--slug", slug, "--name", name], "").status.success());
    }
    let add = ["user", "add", "--territory", "commune-a", "--role", "caf_partner", "--email", "conseil@caf.fr"];
    assert!(cli.run(&add, "un mot de passe assez long\n").status.success());
    let out =
        cli.run(&["user", "grant", "--territory", "commune-b", "--email", "Conseil@CAF.fr", "--role", "elected"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("conseil@caf.fr a désormais le rôle Élu·e dans Commune B."));
    let out =
        cli.run(&["user", "grant", "--territory", "commune-b", "--email", "personne@caf.fr", "--role", "elected"], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Aucun compte « personne@caf.fr »"), "{}", text(&out.stderr));
    let out =
        cli.run(&["token", "create", "--territory", "commune-b", "--email", "conseil@caf.fr", "--name", "Suivi"], "");
    assert!(out.status.success(), "a token for the second territory: {}", text(&out.stderr));
}

#[tokio::test]
async fn purge_says_what_it_erased_and_refuses_a_retention_that_means_nothing() {
    let cli = Cli::new().await;
    let out = cli.run(&["migrate"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli.run(&["purge"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("0 demande(s) close(s) depuis plus de 24 mois rendue(s) anonyme(s)."),
        "{}",
        text(&out.stdout)
    );
    for bad in ["0", "-3", "99999999999", "douze"] {
        let out = cli.run(&["purge", "--request-retention-months", bad], "");
        assert!(!out.status.success(), "{bad} accepted");
    }
    let out = cli.run(&["purge", "--request-retention-months", "36"], "");
    assert!(text(&out.stdout).contains("depuis plus de 36 mois"), "{}", text(&out.stdout));
}

/// A PMI's list as Excel saves it in France: `;`, Windows-1252, CRLF.
fn pmi_file(dir: &std::path::Path, lines: &[&str]) -> String {
    let header = "Nom;Prénom;N° d'agrément;Année de naissance;Secteur;En activité;Moins de 18 mois;18 mois à 3 ans;3 à 6 ans;Date d'agrément";
    let text = std::iter::once(header).chain(lines.iter().copied()).collect::<Vec<_>>().join("\r\n");
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy);
    let path = dir.join(format!("pmi-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[tokio::test]
async fn a_childminders_file_is_imported_from_the_command_line_all_or_nothing() {
    let cli = Cli::new().await;
    let out = cli.run(&["territory", "add", "--slug", "commune-a", "--name", "Commune A"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let good = pmi_file(
        &cli.data_dir.0,
        &[
            "DIALLO;Awa;AGR-001;1975;Centre;oui;1;2;0;01/09/2019",
            "LEFÈVRE;Hélène;AGR-002;1962;Hameaux;oui;1;3;0;2020-03-01",
            "MARTIN;Sylvie;AGR-003;1980;Centre;non;0;2;1;01/01/2021",
        ],
    );
    let import = |file: &str, extra: &[&str]| {
        let mut args = vec!["childminders", "import", file, "--territory", "commune-a"];
        args.extend_from_slice(extra);
        cli.run(&args, "")
    };
    let out = import(&good, &["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Windows-1252"), "how the file was read is said: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Essai (rien n'a été écrit) : 3 ajouté·e·s"), "{}", text(&out.stdout));
    let out = import(&good, &[]);
    assert!(text(&out.stdout).contains("Import terminé : 3 ajouté·e·s, 0 modifié·e·s"), "{}", text(&out.stdout));
    let out = import(&good, &[]);
    assert!(text(&out.stdout).contains("0 ajouté·e·s, 0 modifié·e·s, 3 inchangé·e·s"), "{}", text(&out.stdout));

    // One bad line: every problem by line and column, nothing written.
    let bad = pmi_file(
        &cli.data_dir.0,
        &["NGUYEN;Laura;AGR-004;1990;Centre;oui;1;2;0;01/09/2024", "ROUX;Kevin;AGR-005;19x5;Centre;peut-être;1;2;0;"],
    );
    let out = import(&bad, &[]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("ligne 3, colonne « Année de naissance »"), "{said}");
    assert!(said.contains("ligne 3, colonne « En activité »"), "{said}");
    assert!(said.contains("rien n'a été importé"), "{said}");
    let out = import(&good, &["--dry-run"]);
    assert!(text(&out.stdout).contains("0 ajouté·e·s, 0 modifié·e·s, 3 inchangé·e·s"), "AGR-004 was not written");

    let out = import(&good, &["--map", "couleur=Nom"]);
    assert!(!out.status.success() && text(&out.stderr).contains("champ « couleur » inconnu"), "{}", text(&out.stderr));
    let out = cli.run(&["childminders", "import", &good, "--territory", "ailleurs"], "");
    assert!(!out.status.success() && text(&out.stderr).contains("territoire « ailleurs » introuvable"));
}

#[tokio::test]
async fn a_synthetic_departement_is_generated_once_and_its_statistics_exported() {
    let cli = Cli::new().await;
    let out = cli.run(&["generate", "--scale", "departement", "--departement", "2a"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Fait en") && said.contains("établissements"), "{said}");
    let list = text(&cli.run(&["territory", "list"], "").stdout);
    assert!(list.contains("epci-"), "{list}");
    let out = cli.run(&["generate", "--scale", "departement", "--departement", "2A"], "");
    assert!(!out.status.success() && text(&out.stderr).contains("existe déjà"), "{}", text(&out.stderr));
    assert!(said.contains("Aucun compte n'est créé") && said.contains("user add --territory epci-"), "{said}");

    // The country's statistics, as partners may see them.
    let file = cli.data_dir.0.join("statistiques.csv");
    let out = cli.run(&["statistics", "--year", "2026", "--out", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("territoire(s)"), "{}", text(&out.stdout));
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let headers: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(&headers[..4], ["Territoire", "Secteur", "Demandes", "Satisfaites"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    let territories = rows.iter().filter(|r| r[1] == "Territoire").count();
    assert!(territories >= 5 && list.matches("epci-").count() == territories, "one total line per territory: {list}");
    assert!(rows.iter().any(|r| r.contains(&"masqué")), "small counts are hidden");
    for row in &rows {
        for (i, cell) in row.iter().enumerate().skip(2).filter(|(i, _)| headers[*i] != headers[5]) {
            let shown = cell.parse::<u32>().is_ok_and(|n| n >= 5);
            assert!(*cell == "masqué" || shown, "{} of {} {}: {cell}", headers[i], row[0], row[1]);
        }
    }
    let out = cli.run(&["statistics", "--year", "99999", "--out", file.to_str().unwrap()], "");
    assert!(!out.status.success() && text(&out.stderr).contains("une année de 2000"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn generate_refuses_a_database_with_real_territories_and_a_departement_that_does_not_exist() {
    let cli = Cli::new().await;
    let out = cli.run(&["generate", "--scale", "departement", "--departement", "100"], "");
    assert!(!out.status.success() && text(&out.stderr).contains("Aucune commune dans le département « 100 »"));
    if cli.database_url.is_none() {
        assert!(!cli.data_dir.0.join("maillage.sqlite").exists(), "no empty database left behind");
    }
    let out = cli.run(&["territory", "add", "--slug", "ma-commune", "--name", "Ma Commune"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli.run(&["generate", "--scale", "departement", "--departement", "2A"], "");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("Cette base contient des territoires réels (ma-commune)"),
        "{}",
        text(&out.stderr)
    );
    let list = text(&cli.run(&["territory", "list"], "").stdout);
    assert!(!list.contains("epci-"), "nothing generated: {list}");
}

#[tokio::test]
async fn sectors_are_imported_from_geojson_all_or_nothing() {
    let cli = Cli::new().await;
    let out = cli.run(&["territory", "add", "--slug", "ille", "--name", "Ille-et-Vilaine"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../maillage-carto/data/communes-35-ille-et-vilaine.geojson");
    let import = |extra: &[&str]| {
        let mut args = vec!["sectors", "import", "--territory", "ille", file];
        args.extend_from_slice(extra);
        cli.run(&args, "")
    };
    let out = import(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("345 secteur(s) seraient créé(s), 0 modifié(s), 0 inchangé(s) (essai"),
        "{}",
        text(&out.stdout)
    );
    // The 2018 boundaries name communes merged since: said, not refused.
    let said = text(&out.stderr);
    assert!(
        said.contains("code « code », nom « nom »") && said.contains("ne correspondent à aucune commune"),
        "{said}"
    );
    let out = import(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("345 secteur(s) sont créé(s)"), "{}", text(&out.stdout));
    let out = import(&[]);
    assert!(
        text(&out.stdout).contains("0 secteur(s) sont créé(s), 0 modifié(s), 345 inchangé(s)"),
        "{}",
        text(&out.stdout)
    );

    // A property that does not exist: the ones that do are listed.
    let out = import(&["--name-property", "NOM_COM"]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("code : 35013, 35064, 35145") && said.contains("pas de propriété « NOM_COM »"), "{said}");

    // One bad feature: the file is refused whole, the feature named.
    let bad = cli.data_dir.0.join("secteurs.geojson");
    let square = r#"{"type":"Polygon","coordinates":[[[-1.6,48.1],[-1.7,48.1],[-1.7,48.2],[-1.6,48.1]]]}"#;
    let open = r#"{"type":"Polygon","coordinates":[[[-1.6,48.1],[-1.7,48.1],[-1.7,48.2],[-1.6,48.2]]]}"#;
    std::fs::write(
        &bad,
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":"N","nom":"Nord"}},"geometry":{square}}},{{"type":"Feature","properties":{{"code":"S","nom":"Sud"}},"geometry":{open}}}]}}"#
        ),
    )
    .unwrap();
    let out = cli.run(&["sectors", "import", "--territory", "ille", bad.to_str().unwrap()], "");
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(
        said.contains("Entité 2 (« S ») : le contour n'est pas fermé") && said.contains("rien n'a été importé"),
        "{said}"
    );
    let out = import(&["--dry-run"]);
    assert!(text(&out.stdout).contains("345 inchangé(s)"), "nothing of the bad file was written");
}

#[tokio::test]
async fn population_figures_are_imported_by_sector_and_year() {
    let cli = Cli::new().await;
    cli.run(&["territory", "add", "--slug", "ssd", "--name", "Seine-Saint-Denis"], "");
    let out = cli.run(&["population", "import", "--territory", "ssd", "/dev/null"], "");
    assert!(!out.status.success());
    let boundaries =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../maillage-carto/data/communes-93-seine-saint-denis.geojson");
    let out = cli.run(&["sectors", "import", "--territory", "ssd", boundaries], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = cli.data_dir.0.join("population.csv");
    let write = |text: &str| std::fs::write(&file, encoding_rs::WINDOWS_1252.encode(text).0).unwrap();
    let import = |extra: &[&str]| {
        let mut args = vec!["population", "import", "--territory", "ssd", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        cli.run(&args, "")
    };
    // As INSEE's files come, in Windows-1252 with `;`.
    write(
        "CODGEO;Année;Enfants 0-2 ans;Naissances;Source\r\n93066;2021;5 120;1 830;INSEE RP 2021\r\n93008;2021;2 410;790;INSEE RP 2021\r\n93008;2022;;812;INSEE état civil\r\n",
    );
    let out = import(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("3 ligne(s) de chiffres seraient créée(s)"), "{}", text(&out.stdout));
    let out = import(&[]);
    assert!(
        text(&out.stdout).contains("3 ligne(s) de chiffres sont créée(s), 0 modifiée(s), 0 inchangée(s)"),
        "{}",
        text(&out.stdout)
    );
    // A file of births alone updates the births, the children stay.
    write("Code commune;Année;Naissances\r\n93066;2021;1 845\r\n93008;2021;790\r\n");
    let out = import(&[]);
    assert!(
        text(&out.stdout).contains("0 ligne(s) de chiffres sont créée(s), 1 modifiée(s), 1 inchangée(s)"),
        "{}",
        text(&out.stdout)
    );
    // One bad line: nothing written, the line and column said.
    write("CODGEO;Année;Naissances\r\n93066;2021;1 900\r\n99999;2021;12\r\n");
    let out = import(&[]);
    let said = text(&out.stderr);
    assert!(
        !out.status.success()
            && said.contains("ligne 3, colonne « CODGEO » : Aucun secteur du territoire n'a le code « 99999 »"),
        "{said}"
    );
    write("CODGEO;Année;Naissances\r\n93066;2021;1 845\r\n");
    assert!(text(&import(&[]).stdout).contains("1 inchangée(s)"), "the 1,900 of the refused file was not written");
}
