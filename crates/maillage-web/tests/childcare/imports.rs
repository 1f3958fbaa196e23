//! /assistants-maternels/import and /imports/{id}: the relais imports the
//! PMI's list of childminders from the file it has, maps its columns,
//! tries, then imports everything or nothing.

use axum::http::StatusCode;
use maillage_domain::Role;
use maillage_tabular::{Cell, Sheet};

use crate::common::{Client, TestApp};

/// The PMI's list as French Excel saves it: Windows-1252, `;`, CRLF. Awa
/// Diallo is already in the register (AM-001), with another telephone.
fn pmi_list() -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(PMI_LIST).0.into_owned()
}

const PMI_LIST: &str = "NOM;Prénom;N° d'agrément;Date de naissance;Quartier de résidence;Tél.;Places moins de 18 mois;18 mois à 3 ans;Date d'agrément\r\n\
                DIALLO;Awa;AM-001;12/04/1968;Nord;06 11 22 33 44;1;2;01/05/2019\r\n\
                Lefèvre;Hélène;AM-100;1979;Centre;;1;3;01/09/2023\r\n\
                Petit;Zoé;AM-101;03/02/1990;nord;;0;2;\r\n";

const MAPPING: [(&str, &str); 9] = [
    ("map_last_name", "NOM"),
    ("map_first_name", "Prénom"),
    ("map_approval_number", "N° d'agrément"),
    ("map_birth_year", "Date de naissance"),
    ("map_sector", "Quartier de résidence"),
    ("map_phone", "Tél."),
    ("map_infant", "Places moins de 18 mois"),
    ("map_toddler", "18 mois à 3 ans"),
    ("map_valid_from", "Date d'agrément"),
];

/// The mapping form proposes `header` for some field.
fn selected(body: &str, header: &str) -> bool {
    let escaped = header.replace('\'', "&#39;");
    body.contains(&format!("<option value=\"{escaped}\" selected>{escaped}</option>"))
}

async fn send(c: &mut Client<'_>, file: &str, bytes: &[u8]) -> String {
    let r = c.upload("/assistants-maternels/import", file, bytes, true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location().to_owned()
}

async fn post(c: &mut Client<'_>, page: &str, action: &str) -> crate::common::Resp {
    let mut fields: Vec<(&str, &str)> = MAPPING.to_vec();
    fields.push(("action", action));
    c.post_form(page, &fields).await
}

#[tokio::test]
async fn the_relais_imports_the_pmi_list_and_a_second_import_changes_nothing() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let page = send(&mut relais, "liste PMI.csv", &pmi_list()).await;
    let mapping = relais.get(&page).await;
    let text = mapping.text();
    assert!(
        text.contains("3 lignes sous les en-têtes ; fichier lu comme CSV Windows-1252, séparateur point-virgule."),
        "{text}"
    );
    assert!(selected(&mapping.body, "NOM"), "the usual headers are recognised");
    assert!(selected(&mapping.body, "Date de naissance"));

    // The dry run says what will happen and writes nothing.
    let r = post(&mut relais, &page, "essai").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.text().contains("L'import ajoutera 2 assistant·e·s maternel·le·s, en modifiera 1, en laissera 0 inchangé·e·s, et changera les places de 2."),
        "Awa's places are the same: {}",
        r.text()
    );
    assert!(r.text().contains("ligne 2, DIALLO Awa : Nom, Téléphone"), "what changes, field by field: {}", r.text());
    assert!(relais.get("/assistants-maternels").await.text().contains("1 assistant·e maternel·le"), "nothing written");

    let r = post(&mut relais, &page, "importer").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/assistants-maternels"), "{}", r.text());
    let list = relais.get("/assistants-maternels").await.text();
    assert!(list.contains("Import terminé : 2 assistant·e·s maternel·le·s ajouté·e·s, 1 modifié·e·s, 0 inchangé·e·s ; places changées pour 2."), "{list}");
    assert!(list.contains("Lefèvre") && list.contains("3 assistant·e·s maternel·le·s"), "{list}");
    assert!(list.contains("Petit Zoé AM-101 Nord"), "« nord » is the register's « Nord »: {list}");
    assert_eq!(relais.get(&page).await.status, StatusCode::NOT_FOUND, "the upload is gone once imported");

    // The same file again: recognised by approval number, nothing changes;
    // the mapping typed last time is proposed.
    let again = send(&mut relais, "liste PMI.csv", &pmi_list()).await;
    assert!(selected(&relais.get(&again).await.body, "Quartier de résidence"), "remembered");
    post(&mut relais, &again, "importer").await;
    let list = relais.get("/assistants-maternels").await.text();
    assert!(
        list.contains("Import terminé : 0 assistant·e·s maternel·le·s ajouté·e·s, 0 modifié·e·s, 3 inchangé·e·s ; places changées pour 0."),
        "{list}"
    );

    let journal =
        app.signed_in(Role::Coordinator).await.get("/journal-des-modifications?entity=childminder").await.text();
    assert!(journal.contains("Assistant·e maternel·le ajouté·e au registre : Hélène Lefèvre"), "{journal}");
    assert!(journal.contains("06 11 22 33 44"), "Awa's new telephone, in the history: {journal}");
}

#[tokio::test]
async fn every_problem_is_named_by_line_and_column_and_nothing_is_written() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let row = |cells: [&str; 4]| cells.iter().map(|c| Cell::from(*c)).collect::<Vec<_>>();
    let sheet = Sheet::new(
        "PMI",
        &["Nom", "Prénom", "Agrément", "Année de naissance"],
        vec![
            row(["Martin", "Léa", "AM-200", "1985"]),
            row(["Roux", "Eva", "AM-201", "1890"]),
            row(["", "", "", ""]),
            row(["Blanc", "Inès", "am-200", "1990"]),
            row(["Noir", "", "AM 202", "1991"]),
        ],
    );
    let page = send(&mut relais, "pmi.xlsx", &maillage_tabular::to_xlsx(&[sheet]).unwrap()).await;
    let fields = [
        ("map_last_name", "Nom"),
        ("map_first_name", "Prénom"),
        ("map_approval_number", "Agrément"),
        ("map_birth_year", "Année de naissance"),
        ("action", "importer"),
    ];
    let r = relais.post_form(&page, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Rien n'a été importé : 5 erreurs à corriger dans le fichier"), "{text}");
    for line in [
        "3 Année de naissance Une année de naissance de 1940 à 2010.",
        "4 — Ligne vide : supprimez-la, ou complétez-la.",
        "5 Agrément Ce numéro d'agrément est déjà ligne 2.",
        "6 Prénom Ce champ est obligatoire.",
        "6 Agrément Chiffres, lettres, tirets, points et barres obliques seulement.",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    assert!(relais.get("/assistants-maternels").await.text().contains("1 assistant·e maternel·le"), "all or nothing");

    // A mapping without a required field is said next to it.
    let r = relais.post_form(&page, &[("map_last_name", "Nom"), ("map_first_name", "Nom"), ("action", "essai")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("La colonne « Nom » donne déjà « Nom »."), "{text}");
    assert!(text.contains("N° d'agrément (obligatoire) Choisissez la colonne qui donne ce champ."), "{text}");
}

#[tokio::test]
async fn places_older_than_the_recorded_ones_are_refused_by_line() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    // Awa's places are recorded from 1 May 2019: other places from 2018 would rewrite history.
    let csv = "NOM;Prénom;N° d'agrément;Date de naissance;Places moins de 18 mois;18 mois à 3 ans;Date d'agrément\n\
               Diallo;Awa;AM-001;1968;2;2;01/01/2018\n";
    let page = send(&mut relais, "awa.csv", csv.as_bytes()).await;
    let fields = [
        ("map_last_name", "NOM"),
        ("map_first_name", "Prénom"),
        ("map_approval_number", "N° d'agrément"),
        ("map_birth_year", "Date de naissance"),
        ("map_infant", "Places moins de 18 mois"),
        ("map_toddler", "18 mois à 3 ans"),
        ("map_valid_from", "Date d'agrément"),
        ("action", "essai"),
    ];
    let r = relais.post_form(&page, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("2 Date d'agrément Une capacité commence déjà le 01/05/2019"), "{}", r.text());
}

#[tokio::test]
async fn files_that_cannot_be_read_are_refused_at_the_upload() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    for (bytes, message) in [
        (&[0xFF, 0xFE, b'N', 0, b'o', 0][..], "Ce fichier est en UTF-16"),
        (b"", "Choisissez un fichier CSV, XLSX ou ODS."),
        (b"Nom;Nom\nA;B\n", "Deux colonnes s'appellent « Nom »"),
        (b"Nom;Agrement\n", "Le fichier n'a aucune ligne sous sa ligne d'en-têtes."),
        (b"Nom;Agrement\nA;1;2;3\n", "Ligne 2 : 4 cellules pour 2 colonnes"),
        (b"PK\x03\x04 pas un classeur", "Le classeur ne s'ouvre pas"),
    ] {
        let r = relais.upload("/assistants-maternels/import", "f.csv", bytes, true).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.text().contains(message), "{message}: {}", r.text());
    }
    let r = relais.upload("/assistants-maternels/import", "f.csv", b"Nom\nA\n", false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token, no upload");
    let big = vec![b'a'; 3 * 1024 * 1024];
    let r = relais.upload("/assistants-maternels/import", "f.csv", &big, true).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    // A file whose columns changed since the last import says so.
    let page = send(&mut relais, "pmi.csv", &pmi_list()).await;
    post(&mut relais, &page, "essai").await;
    let renamed = PMI_LIST.replace("Quartier de résidence", "Secteur de résidence");
    let next = send(&mut relais, "pmi.csv", renamed.as_bytes()).await;
    let text = relais.get(&next).await.text();
    assert!(
        text.contains("Ce fichier n'a plus la colonne « Quartier de résidence » de votre dernier import"),
        "{text}"
    );
}

#[tokio::test]
async fn an_upload_nobody_imports_is_purged_after_a_day() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let page = format!("/imports/{}", app.a().upload_id);
    assert_eq!(relais.get(&page).await.status, StatusCode::OK);
    let now = maillage_db::now();
    let purged = maillage_db::maintenance::purge(&app.db.conn, now).await.unwrap();
    assert_eq!(purged.uploads, 0, "kept a day");
    let later = now + chrono::Duration::hours(maillage_db::maintenance::UPLOADS_KEPT_HOURS + 1);
    let purged = maillage_db::maintenance::purge(&app.db.conn, later).await.unwrap();
    assert_eq!(purged.uploads, 2, "territory a's and b's");
    // The purge a day later ended the session too: sign in again.
    let mut relais = app.signed_in(Role::Relais).await;
    assert_eq!(relais.get(&page).await.status, StatusCode::NOT_FOUND);
}

/// The CAF's list of facilities, with the fixture's multi-accueil (no
/// identifier in the register yet, so a new record) and a new micro-crèche.
const CAF_LIST: &str = "Établissement;Type;N° FINESS;Gestionnaire;Adresse;Financement;Jours d'ouverture;Heure d'ouverture;Heure de fermeture;Places moins de 18 mois;18 mois à 3 ans;Date d'autorisation\n\
Les Petits Loups;Micro-crèche;750 000 101;SAS Petits Loups;8 rue Haute;PAJE;lun-ven;7h30;19h;4;6;01/09/2024\n\
Les Hirondelles;EAJE multi-accueil;750000102;Commune;1 place de la Mairie;PSU;du lundi au vendredi;08:00;18:00;10;20;\n";

#[tokio::test]
async fn the_coordinator_imports_the_facilities_of_the_caf_list() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    assert!(c.get("/etablissements").await.body.contains("href=\"/etablissements/import\""));
    let r = c.upload("/etablissements/import", "caf.csv", CAF_LIST.as_bytes(), true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = r.location().to_owned();
    let mapping = c.get(&page).await;
    for header in ["Établissement", "Type", "N° FINESS", "Gestionnaire", "Adresse", "Financement", "Jours d'ouverture"]
    {
        assert!(selected(&mapping.body, header), "{header} recognised");
    }
    let fields = [
        ("map_name", "Établissement"),
        ("map_kind", "Type"),
        ("map_identifier", "N° FINESS"),
        ("map_manager", "Gestionnaire"),
        ("map_address", "Adresse"),
        ("map_funding", "Financement"),
        ("map_days", "Jours d'ouverture"),
        ("map_opens_at", "Heure d'ouverture"),
        ("map_closes_at", "Heure de fermeture"),
        ("map_infant", "Places moins de 18 mois"),
        ("map_toddler", "18 mois à 3 ans"),
        ("map_valid_from", "Date d'autorisation"),
    ];
    let mut essai: Vec<(&str, &str)> = fields.to_vec();
    essai.push(("action", "essai"));
    let r = c.post_form(&page, &essai).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("L'import ajoutera 2 établissements, en modifiera 0"), "{}", r.text());
    let mut import = fields.to_vec();
    import.push(("action", "importer"));
    let r = c.post_form(&page, &import).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/etablissements"), "{}", r.text());
    let list = c.get("/etablissements").await.text();
    assert!(
        list.contains(
            "Import terminé : 2 établissements ajouté·e·s, 0 modifié·e·s, 0 inchangé·e·s ; places changées pour 2."
        ),
        "{list}"
    );
    assert!(list.contains("Les Petits Loups") && list.contains("Micro-crèche"), "{list}");

    // Again, with the micro-crèche now open on Saturdays: one change.
    let saturday = CAF_LIST.replace("PAJE;lun-ven", "PAJE;lun-sam");
    let r = c.upload("/etablissements/import", "caf.csv", saturday.as_bytes(), true).await;
    let again = r.location().to_owned();
    c.post_form(&again, &import).await;
    let list = c.get("/etablissements").await.text();
    assert!(
        list.contains("0 établissements ajouté·e·s, 1 modifié·e·s, 1 inchangé·e·s ; places changées pour 0."),
        "{list}"
    );
}
