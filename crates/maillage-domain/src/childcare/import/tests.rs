use super::*;

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| (*s).to_owned()).collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

#[test]
fn usual_headers_are_recognised_whatever_their_accents_and_case() {
    let h = headers(&[
        "NOM",
        "Prénom",
        "N° d'agrément",
        "Date de naissance",
        "Tél.",
        "Places moins de 18 mois",
        "Remarque",
    ]);
    let m = propose(&CHILDMINDER_FIELDS, &h, None);
    assert_eq!(m["last_name"], "NOM");
    assert_eq!(m["first_name"], "Prénom");
    assert_eq!(m["approval_number"], "N° d'agrément");
    assert_eq!(m["birth_year"], "Date de naissance");
    assert_eq!(m["phone"], "Tél.");
    assert_eq!(m["infant"], "Places moins de 18 mois");
    assert!(!m.values().any(|v| v == "Remarque"), "an unknown column fills nothing");
    assert!(check_mapping(&CHILDMINDER_FIELDS, &h, &m).is_empty());
}

#[test]
fn the_last_mapping_wins_and_a_column_it_names_that_is_gone_is_said() {
    let last: Mapping = [("last_name", "Nom d'usage"), ("approval_number", "Agr")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let h = headers(&["Nom", "Nom d'usage", "Prénom", "Agrément"]);
    let m = propose(&CHILDMINDER_FIELDS, &h, Some(&last));
    assert_eq!(m["last_name"], "Nom d'usage", "remembered");
    assert_eq!(m["approval_number"], "Agrément", "the remembered column is gone: the usual name");
    assert_eq!(missing_columns(&last, &h), ["Agr"]);
}

#[test]
fn a_mapping_without_a_required_field_or_with_a_column_twice_is_refused() {
    let h = headers(&["Nom", "Prénom"]);
    let m: Mapping = [("last_name", "Nom"), ("first_name", "Nom"), ("sector", "Ville")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let e = check_mapping(&CHILDMINDER_FIELDS, &h, &m);
    assert_eq!(e.get("first_name"), Some("La colonne « Nom » donne déjà « Nom »."));
    assert_eq!(e.get("approval_number"), Some("Choisissez la colonne qui donne ce champ."));
    assert_eq!(e.get("sector"), Some("La colonne « Ville » n'est pas dans ce fichier."));
}

fn run(rows: &[(usize, &[&str])]) -> Result<Vec<ChildminderRow>, Vec<ImportProblem>> {
    let h = headers(&["Nom", "Prénom", "Agrément", "Naissance", "Actif", "Bébés", "18m-3a", "Depuis"]);
    let mut m = propose(&CHILDMINDER_FIELDS, &h, None);
    m.insert("approval_number".into(), "Agrément".into());
    m.insert("birth_year".into(), "Naissance".into());
    m.insert("infant".into(), "Bébés".into());
    m.insert("toddler".into(), "18m-3a".into());
    m.insert("valid_from".into(), "Depuis".into());
    let owned: Vec<(usize, Vec<String>)> =
        rows.iter().map(|(l, cells)| (*l, cells.iter().map(|c| (*c).to_owned()).collect())).collect();
    childminder_rows(&h, owned.iter().map(|(l, c)| (*l, c.as_slice())), &m, today())
}

#[test]
fn good_rows_become_childminders_with_their_places() {
    let rows = run(&[
        (2, &["Diallo", "Awa", "AM-001", "12/04/1968", "oui", "1", "2", "01/09/2019"]),
        (3, &["Martin", "Léa", "AM-002", "1980", "", "", "", ""]),
        (4, &["Petit", "Zoé", "AM-003", "1975", "non", "0", "3", ""]),
    ])
    .unwrap();
    assert_eq!(rows[0].fields.birth_year, 1968, "a date of birth gives its year");
    let c = rows[0].capacity.unwrap();
    assert_eq!((c.places.infant, c.places.toddler, c.valid_from.to_string()), (1, 2, "2019-09-01".to_owned()));
    assert!(rows[1].fields.active && rows[1].capacity.is_none(), "active unless said otherwise; no places given");
    assert!(!rows[2].fields.active);
    assert_eq!(rows[2].capacity.unwrap().valid_from, today(), "places without a date count from today");
}

#[test]
fn every_problem_is_named_by_its_line_and_column() {
    let problems = run(&[
        (2, &["Diallo", "Awa", "AM-001", "1868", "peut-être", "1", "2", ""]),
        (3, &["", "", "", "", "", "", "", ""]),
        (4, &["Martin", "", "AM 002", "1980", "oui", "x", "", "31/02/2025"]),
        (5, &["Petit", "Zoé", "am-001", "1975", "oui", "", "", ""]),
        (6, &["Roux", "Eva", "AM-009", "1975", "oui", "", "", ""]),
    ])
    .unwrap_err();
    let found: Vec<(usize, &str, &str)> =
        problems.iter().map(|p| (p.line, p.column.as_str(), p.message.as_str())).collect();
    assert!(found.contains(&(2, "Naissance", "Une année de naissance de 1940 à 2010.")), "{found:?}");
    assert!(found.contains(&(2, "Actif", "Écrivez « oui » ou « non ».")), "{found:?}");
    assert!(found.contains(&(3, "", "Ligne vide : supprimez-la, ou complétez-la.")), "{found:?}");
    assert!(found.iter().any(|(l, c, _)| (*l, *c) == (4, "Prénom")), "{found:?}");
    assert!(found.iter().any(|(l, c, _)| (*l, *c) == (4, "Agrément")), "{found:?}");
    assert!(found.iter().any(|(l, c, _)| (*l, *c) == (4, "Bébés")), "{found:?}");
    assert!(found.iter().any(|(l, c, _)| (*l, *c) == (4, "Depuis")), "{found:?}");
    assert!(
        found.contains(&(5, "Agrément", "Ce numéro d'agrément est déjà ligne 2.")),
        "case does not matter: {found:?}"
    );
    assert!(!found.iter().any(|(l, ..)| *l == 6), "a good row has no problem");
}

#[test]
fn normalising_keeps_letters_and_digits_only() {
    assert_eq!(normalise("  N° d'Agrément  "), "n d agrement");
    assert_eq!(normalise("Tél."), "tel");
    assert_eq!(normalise("Œuvre"), "ouvre");
}
