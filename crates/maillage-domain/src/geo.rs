//! The real French communes and EPCI, embedded in the binary: the INSEE
//! official geographic code and legal populations of 2026, through
//! `@etalab/decoupage-administratif` 6.0.0 (Licence Ouverte; see
//! `data/README.md`). Compiled in rather than read at run time, so the
//! national generator and, later, the sectors' import work from any
//! directory without a data file to install.

const COMMUNES_CSV: &str = include_str!("../data/communes.csv");
const EPCI_CSV: &str = include_str!("../data/epci.csv");

/// A commune (not a municipal arrondissement of Paris, Lyon or Marseille:
/// those are counted in their commune).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code: five characters, `2A004` in Corsica, `97411` overseas.
    pub code: String,
    pub name: String,
    /// `01`, `2A`, `971`…
    pub departement: String,
    /// SIREN of its EPCI; `None` for the few communes outside any (islands,
    /// overseas collectivities).
    pub epci: Option<String>,
    /// Municipal population (0 where INSEE gives none).
    pub population: u32,
}

/// An EPCI with its own taxation (« intercommunalité »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epci {
    /// SIREN, nine digits.
    pub code: String,
    pub name: String,
}

/// Splits a line of the embedded files: commas, double quotes around a
/// field that holds one, no line break inside a field.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("one field at least").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().expect("one field at least").push(c),
        }
    }
    out
}

fn rows(csv: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv.lines().skip(1).filter(|l| !l.trim().is_empty()).map(fields)
}

/// Every commune, in the file's order (by INSEE code).
pub fn communes() -> Vec<Commune> {
    rows(COMMUNES_CSV)
        .filter(|f| f.get(2).map(String::as_str) == Some("commune"))
        .map(|f| Commune {
            code: f[0].clone(),
            name: f[1].clone(),
            departement: f[4].clone(),
            epci: Some(f[7].clone()).filter(|e| !e.is_empty()),
            population: f[9].parse().unwrap_or(0),
        })
        .collect()
}

/// Every EPCI, in the file's order.
pub fn epcis() -> Vec<Epci> {
    rows(EPCI_CSV).map(|f| Epci { code: f[0].clone(), name: f[1].clone() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_commune_is_read_with_its_population() {
        let all = communes();
        assert_eq!(all.len(), 34_969);
        let total: u64 = all.iter().map(|c| u64::from(c.population)).sum();
        // INSEE's 2026 municipal population of France, about 68.95 million.
        assert!((68_900_000..69_000_000).contains(&total), "{total}");
        let ajaccio = all.iter().find(|c| c.code == "2A004").expect("Ajaccio");
        assert_eq!((ajaccio.name.as_str(), ajaccio.departement.as_str()), ("Ajaccio", "2A"));
        let saint_denis = all.iter().find(|c| c.code == "97411").expect("Saint-Denis (La Réunion)");
        assert_eq!(saint_denis.departement, "974");
        assert_eq!(all.iter().filter(|c| c.epci.is_none()).count(), 98);
        assert!(all.iter().all(|c| c.code.len() == 5), "codes keep their leading zeros");
    }

    #[test]
    fn epci_names_with_commas_are_read_whole() {
        let all = epcis();
        assert_eq!(all.len(), 1_255);
        let beaune = all.iter().find(|e| e.code == "200006682").expect("CA Beaune");
        assert_eq!(beaune.name, "CA Beaune, Côte et Sud - Communauté Beaune-Chagny-Nolay");
        let codes: std::collections::HashSet<&str> = all.iter().map(|e| e.code.as_str()).collect();
        assert!(communes().iter().filter_map(|c| c.epci.as_deref()).all(|e| codes.contains(e)));
    }

    #[test]
    fn quoted_fields_may_hold_quotes() {
        assert_eq!(fields(r#"a,"b, ""c""",d"#), vec!["a", r#"b, "c""#, "d"]);
    }
}
