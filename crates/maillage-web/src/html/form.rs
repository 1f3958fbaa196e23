//! Form fields as the templates draw them (`_fields.html`): a label, a hint,
//! the French error next to the field, and the value the user typed.

use maillage_domain::FieldErrors;

pub enum FieldKind {
    Text,
    Date,
    Area,
    Select(Vec<(String, String)>),
}

pub struct FormField {
    /// The input's name; ids are `{prefix}{name}` so several forms fit on a page.
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub value: String,
    pub error: Option<String>,
    pub kind: FieldKind,
    pub prefix: String,
}

pub fn field(name: &'static str, label: &'static str, value: &str, errors: &FieldErrors, kind: FieldKind) -> FormField {
    FormField {
        name,
        label,
        hint: None,
        value: value.to_owned(),
        error: errors.get(name).map(str::to_owned),
        kind,
        prefix: String::new(),
    }
}
