//! Form fields as the templates draw them (`_fields.html`): a label, a hint,
//! the French error next to the field, and the value the user typed.

use askama::Template;
use maillage_domain::FieldErrors;

use crate::pages::{ErrorSummary, Layout};

/// The summary of the fields' errors, each linked to its input.
pub fn summary_of(fields: &[FormField]) -> ErrorSummary {
    ErrorSummary {
        items: fields
            .iter()
            .filter_map(|f| f.error.as_ref().map(|e| (format!("{}{}", f.prefix, f.name), format!("{} : {e}", f.label))))
            .collect(),
    }
}

pub enum FieldKind {
    Text,
    /// Whole euros, typed as people write them (« 12 500 »), the € beside.
    Euros,
    Date,
    Area,
    Select(Vec<(String, String)>),
    /// An hour (`<input type="time">`).
    Time,
    /// A whole number (places, a year).
    Number,
    /// A telephone number (the phone's keypad).
    Tel,
    /// An e-mail address.
    Email,
    /// One checkbox, sent as `on` when checked.
    Checkbox,
    /// The days of the week as checkboxes named `mon`…`sun`; the field's
    /// name is `mon`, which carries the error.
    Days(maillage_domain::childcare::Weekdays),
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

/// One small form among several on a page (a row of a list, or « add »).
pub struct PartForm {
    pub label: String,
    pub action: String,
    pub fields: Vec<FormField>,
    pub submit: &'static str,
    pub delete_url: Option<String>,
    pub failed: bool,
    /// Shown above a failed form instead of the generic message.
    pub message: Option<String>,
    pub hidden: Vec<(&'static str, String)>,
}

pub struct Section {
    pub key: &'static str,
    pub title: String,
    pub intro: &'static str,
    pub forms: Vec<PartForm>,
}

/// A page of sections of small forms (`forms_page.html`).
#[derive(Template)]
#[template(path = "forms_page.html")]
pub struct FormsPage {
    pub layout: Layout,
    pub heading: String,
    pub intro: String,
    pub back_url: String,
    pub back_label: &'static str,
    pub sections: Vec<Section>,
}

impl FormsPage {
    /// Every refused field of the page's forms.
    pub fn summary(&self) -> ErrorSummary {
        let fields = self.sections.iter().flat_map(|s| &s.forms).flat_map(|f| &f.fields);
        let mut summary = ErrorSummary::default();
        for f in fields {
            if let Some(e) = &f.error {
                summary.items.push((format!("{}{}", f.prefix, f.name), e.clone()));
            }
        }
        summary
    }
}
