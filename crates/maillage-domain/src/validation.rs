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

/// Trims and checks a required text of at most `max` characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, "Ce champ est obligatoire.");
    } else if value.chars().count() > max {
        errors.add(field, format!("{max} caractères au maximum."));
    }
    value.to_owned()
}

/// Trims an optional text of at most `max` characters.
pub fn optional_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, format!("{max} caractères au maximum."));
    }
    value.to_owned()
}

/// Parses an optional ISO date (`AAAA-MM-JJ`, what `<input type="date">` sends).
pub fn optional_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<chrono::NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(field, "Date invalide : utilisez le format AAAA-MM-JJ.");
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

/// Parses an optional number, recording a French message when it is not one.
pub fn optional_number(errors: &mut FieldErrors, field: &str, value: &str) -> Option<f64> {
    if value.trim().is_empty() {
        return None;
    }
    let parsed = parse_number(value);
    if parsed.is_none() {
        errors.add(field, "Nombre invalide (exemple : 12,5).");
    }
    parsed
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
    fn first_error_per_field_wins() {
        let mut errors = FieldErrors::new();
        errors.add("title", "a");
        errors.add("title", "b");
        assert_eq!(errors.get("title"), Some("a"));
        assert_eq!(errors.iter().count(), 1);
    }
}
