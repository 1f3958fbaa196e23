//! Field-level validation errors, shown next to the field in forms and
//! listed in `application/problem+json` bodies by the API.

use serde::Serialize;

/// One message per field, in French, in the order the fields were checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(Vec<FieldError>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        // The first problem with a field is the one worth fixing first.
        if self.get(field).is_none() {
            self.0.push(FieldError { field: field.to_owned(), message: message.into() });
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `Ok(value)` when no error was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

/// Control characters (but line breaks and tabs) and the invisible marks that
/// reorder text (U+202A–U+202E, U+2066–U+2069): a NUL cuts a text short in
/// some tools, an escape sequence or a right-to-left override disguises what
/// a reader sees.
fn hidden_character(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}')
}

fn check_characters(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.chars().any(hidden_character) {
        errors.add(field, "Ce texte contient des caractères invisibles ou de contrôle : retirez-les.");
    }
}

/// Trims and checks a required text of at most `max` characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, "Ce champ est obligatoire.");
    } else if value.chars().count() > max {
        errors.add(field, format!("{max} caractères au maximum."));
    }
    check_characters(errors, field, value);
    value.to_owned()
}

/// A one-line text (a name, an address): a tab or a line break in it is a
/// paste gone wrong, and would break every list and export it appears in.
pub fn one_line(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.contains(['\n', '\r', '\t']) {
        errors.add(field, "Une seule ligne, sans tabulation ni retour à la ligne.");
    }
}

/// The non-empty lines of a text, trimmed: lists (partners, sectors,
/// signatories, attendees) are typed one item per line.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Trims an optional text of at most `max` characters.
pub fn optional_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, format!("{max} caractères au maximum."));
    }
    check_characters(errors, field, value);
    value.to_owned()
}

// One set of bounds per kind of value, the same for forms, the API and the
// plan file: what a commune can mean, and what every backend stores exactly.

/// Years a date or a yearly value may have.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2100;
/// The largest indicator value, baseline or target, in absolute value.
pub const MAX_VALUE: f64 = 1e12;
/// The largest amount, in whole euros.
pub const MAX_EUROS: i64 = 999_999_999_999;

/// Parses an ISO date (`AAAA-MM-JJ`, what `<input type="date">` sends)
/// between [`MIN_YEAR`] and [`MAX_YEAR`].
pub fn parse_date(value: &str) -> Result<chrono::NaiveDate, &'static str> {
    use chrono::Datelike;
    let value = value.trim();
    let well_formed = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) if well_formed && (MIN_YEAR..=MAX_YEAR).contains(&date.year()) => Ok(date),
        Ok(_) if well_formed => Err("Une date entre 1900 et 2100."),
        _ => Err("Date invalide : utilisez le format AAAA-MM-JJ (et une date qui existe)."),
    }
}

/// Parses an optional date (see [`parse_date`]).
pub fn optional_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<chrono::NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    match parse_date(value) {
        Ok(date) => Some(date),
        Err(message) => {
            errors.add(field, message);
            None
        }
    }
}

/// Parses a required date (see [`parse_date`]).
pub fn required_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<chrono::NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "Ce champ est obligatoire.");
        return None;
    }
    optional_date(errors, field, value)
}

/// Parses a year between [`MIN_YEAR`] and [`MAX_YEAR`].
pub fn year(errors: &mut FieldErrors, field: &str, value: &str) -> Option<i32> {
    match value.trim().parse::<i32>() {
        Ok(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Some(y),
        _ => {
            errors.add(field, "Année invalide : de 1900 à 2100 (exemple : 2025).");
            None
        }
    }
}

/// Parses a French or English decimal number ("12,5", "12.5", "1 200").
pub fn parse_number(value: &str) -> Option<f64> {
    let cleaned: String = value
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Parses an optional number within ±[`MAX_VALUE`], recording a French
/// message when it is not one.
pub fn optional_number(errors: &mut FieldErrors, field: &str, value: &str) -> Option<f64> {
    if value.trim().is_empty() {
        return None;
    }
    match parse_number(value) {
        Some(n) if n.abs() <= MAX_VALUE => Some(n),
        Some(_) => {
            errors.add(field, "Nombre trop grand : 1 000 milliards au plus.");
            None
        }
        None => {
            errors.add(field, "Nombre invalide (exemple : 12,5).");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_are_read() {
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("1 200"), Some(1200.0));
        assert_eq!(parse_number("1\u{202f}200,75"), Some(1200.75));
        assert_eq!(parse_number("douze"), None);
        assert_eq!(parse_number("NaN"), None);
    }

    #[test]
    fn dates_and_numbers_stay_within_bounds() {
        assert!(parse_date("2025-06-30").is_ok());
        for bad in ["0000-01-01", "+99999-01-01", "1899-12-31", "2101-01-01"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_date("2023-02-30").unwrap_err(),
            "Date invalide : utilisez le format AAAA-MM-JJ (et une date qui existe)."
        );
        assert_eq!(parse_date("1850-01-01").unwrap_err(), "Une date entre 1900 et 2100.");
        let mut errors = FieldErrors::new();
        assert_eq!(optional_number(&mut errors, "a", "1e308"), None);
        assert_eq!(optional_number(&mut errors, "b", "-1e13"), None);
        assert_eq!(optional_number(&mut errors, "c", "-1e12"), Some(-1e12));
        assert_eq!(errors.get("a"), Some("Nombre trop grand : 1 000 milliards au plus."));
        assert!(errors.get("c").is_none());
    }

    #[test]
    fn hidden_characters_are_refused_and_line_breaks_kept() {
        for bad in ["Nul\u{0}", "\u{1b}[31mrouge", "abc\u{202e}fed", "mot\u{200b}caché"] {
            let mut errors = FieldErrors::new();
            required_text(&mut errors, "title", bad, 100);
            assert!(errors.get("title").is_some(), "{bad:?}");
        }
        let mut errors = FieldErrors::new();
        assert_eq!(optional_text(&mut errors, "notes", "ligne 1\r\nligne 2\tfin", 100), "ligne 1\r\nligne 2\tfin");
        assert!(errors.is_empty());
    }

    #[test]
    fn first_error_per_field_wins() {
        let mut errors = FieldErrors::new();
        errors.add("title", "a");
        errors.add("title", "b");
        assert_eq!(errors.get("title"), Some("a"));
        assert_eq!(errors.iter().count(), 1);
    }
}
