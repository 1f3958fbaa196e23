//! The plan file: a convention's axes and actions as TOML, like
//! `ctg-plan-2023-2026.toml`, optionally followed by `[[fiche]]` tables that
//! fill in actions (lead, schedule, milestones, budget, indicators).
//!
//! Parsing is all-or-nothing: a file with errors yields every error found,
//! each with its line, and no plan.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::LeadUpdateForm;
use super::budget::{BudgetLineFields, BudgetLineForm};
use super::indicator::Direction;
use super::indicator::IndicatorForm;
use super::milestone::{MilestoneFields, MilestoneForm};
use super::status::ActionStatus;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub convention: ConventionDef,
    pub axes: Vec<AxisDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConventionDef {
    pub title: String,
    pub signatories: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub replaces: String,
    pub diagnostic: String,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AxisDef {
    pub code: String,
    pub title: String,
    pub rationale: String,
    pub actions: Vec<ActionDef>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionDef {
    /// « 1.3 »: the axis code and the action's rank in it.
    pub code: String,
    pub title: String,
    /// What a `[[fiche]]` table says of the action, if the file has one.
    pub details: Option<ActionDetails>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionDetails {
    pub status: ActionStatus,
    pub progress: i32,
    pub lead: String,
    /// The e-mail of the account that leads the action, if it has one.
    pub lead_email: Option<String>,
    pub objectives: String,
    pub audience: String,
    pub partners: Vec<String>,
    pub sectors: Vec<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub milestones: Vec<MilestoneFields>,
    pub budget: Vec<BudgetLineFields>,
    pub indicators: Vec<IndicatorDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDef {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    pub source: String,
    /// Year → (target, actual).
    pub values: BTreeMap<i32, (Option<f64>, Option<f64>)>,
    /// Actual values computed by Maillage instead of typed.
    pub live_figure: Option<crate::figures::LiveFigure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ligne {} : {}", self.line, self.message)
    }
}

// ---- The file as written -------------------------------------------------

const CONVENTION_KEYS: &[&str] = &["title", "signatories", "starts_on", "ends_on", "replaces", "diagnostic", "purpose"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConvention {
    title: Spanned<String>,
    #[serde(default)]
    signatories: Vec<String>,
    starts_on: Spanned<String>,
    ends_on: Spanned<String>,
    #[serde(default)]
    replaces: String,
    #[serde(default)]
    diagnostic: String,
    #[serde(default)]
    purpose: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAxis {
    code: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    actions: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActionDetails {
    action: Spanned<String>,
    #[serde(default)]
    status: Option<Spanned<String>>,
    #[serde(default)]
    progress: Option<Spanned<i64>>,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    lead_email: Option<String>,
    #[serde(default)]
    objectives: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    sectors: Vec<String>,
    #[serde(default)]
    starts_on: Option<Spanned<String>>,
    #[serde(default)]
    ends_on: Option<Spanned<String>>,
    #[serde(default)]
    milestone: Vec<Spanned<RawMilestone>>,
    #[serde(default)]
    budget: Vec<Spanned<RawBudget>>,
    #[serde(default)]
    indicator: Vec<Spanned<RawIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilestone {
    title: String,
    due_on: Spanned<String>,
    #[serde(default)]
    done_on: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    year: i32,
    funder: String,
    planned: i64,
    #[serde(default)]
    spent: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    direction: Option<Spanned<String>>,
    #[serde(default)]
    baseline: Option<f64>,
    #[serde(default)]
    baseline_year: Option<i32>,
    #[serde(default)]
    source: String,
    #[serde(default)]
    targets: BTreeMap<String, f64>,
    #[serde(default)]
    actuals: BTreeMap<String, f64>,
    /// A live figure's code (`childcare.requests.received`…).
    #[serde(default)]
    live: String,
}

// ---- Checking --------------------------------------------------------------

struct Checker<'a> {
    text: &'a str,
    errors: Vec<PlanError>,
}

impl Checker<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        self.text[..span.start.min(self.text.len())].matches('\n').count() + 1
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let line = self.line(span);
        self.errors.push(PlanError { line, message: message.into() });
    }

    fn toml_error(&mut self, e: &toml::de::Error, fallback: Range<usize>) {
        let span = e.span().unwrap_or(fallback);
        self.error(span, translate_toml_error(e.message()));
    }

    /// One table of the file, on its own: its errors do not hide the others'.
    fn table<T: serde::de::DeserializeOwned>(&mut self, value: Spanned<DeValue<'_>>) -> Option<Spanned<T>> {
        use serde::de::IntoDeserializer;
        let span = value.span();
        match T::deserialize(value.into_deserializer()) {
            Ok(t) => Some(Spanned::new(span, t)),
            Err(e) => {
                self.toml_error(&e, span);
                None
            }
        }
    }

    /// Reports and drops the keys of a table that are not in `known`.
    fn without_unknown_keys<'i>(&mut self, value: Spanned<DeValue<'i>>, known: &[&str]) -> Spanned<DeValue<'i>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(table) => {
                let mut kept = DeTable::new();
                for (key, v) in table {
                    if known.contains(&key.get_ref().as_ref()) {
                        kept.insert(key, v);
                    } else {
                        self.error(key.span(), format!("champ inconnu : « {} »", key.get_ref()));
                    }
                }
                Spanned::new(span, DeValue::Table(kept))
            }
            other => Spanned::new(span, other),
        }
    }

    fn tables<T: serde::de::DeserializeOwned>(&mut self, value: Spanned<DeValue<'_>>, what: &str) -> Vec<Spanned<T>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items.into_iter().filter_map(|item| self.table(item)).collect(),
            _ => {
                self.error(span, format!("« {what} » doit être une liste de tables ([[{what}]])"));
                Vec::new()
            }
        }
    }

    fn date(&mut self, value: &Spanned<String>, what: &str) -> Option<NaiveDate> {
        match crate::validation::parse_date(value.get_ref()) {
            Ok(d) => Some(d),
            Err(_) if NaiveDate::parse_from_str(value.get_ref(), "%Y-%m-%d").is_ok() => {
                self.error(value.span(), format!("{what} « {} » n'est pas entre 1900 et 2100", value.get_ref()));
                None
            }
            Err(_) => {
                self.error(value.span(), format!("{what} « {} » n'est pas une date AAAA-MM-JJ", value.get_ref()));
                None
            }
        }
    }

    fn non_empty(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = value.get_ref().trim().to_owned();
        if text.is_empty() {
            self.error(value.span(), format!("{what} est vide"));
        }
        text
    }

    /// The errors of a form's rules, at the line of what they are about.
    fn form_errors(&mut self, span: Range<usize>, what: &str, errors: FieldErrors, labels: &[(&str, &str)]) {
        for e in errors.iter() {
            let label = labels.iter().find(|(f, _)| *f == e.field).map_or(e.field.as_str(), |(_, l)| *l);
            self.error(span.clone(), format!("{what}, {label} : {}", e.message));
        }
    }
}

/// Parses and checks a plan file with the rules the forms apply. All errors
/// are returned, sorted by line.
pub fn parse_plan(text: &str) -> Result<Plan, Vec<PlanError>> {
    let mut c = Checker { text, errors: Vec::new() };
    let (document, syntax) = DeTable::parse_recoverable(text);
    for e in &syntax {
        c.toml_error(e, 0..0);
    }
    let mut convention = None;
    let mut convention_present = false;
    let mut raw_axes = Vec::new();
    let mut raw_details = Vec::new();
    for (key, value) in document.into_inner() {
        match key.get_ref().as_ref() {
            "convention" => {
                convention_present = true;
                // Its period bounds the budget years: an unknown key must not
                // make it, and every check that needs it, disappear.
                let value = c.without_unknown_keys(value, CONVENTION_KEYS);
                convention = c.table::<RawConvention>(value);
            }
            "axis" => raw_axes = c.tables::<RawAxis>(value, "axis"),
            "fiche" => raw_details = c.tables::<RawActionDetails>(value, "fiche"),
            other => c.error(key.span(), format!("champ inconnu : « {other} »")),
        }
    }
    if !convention_present && syntax.is_empty() {
        c.error(0..0, "La section [convention] manque");
    }
    let conv = convention.as_ref().map(|c| c.get_ref());
    let title = conv.map(|conv| c.non_empty(&conv.title, "Le titre de la convention")).unwrap_or_default();
    let starts_on = conv.and_then(|conv| c.date(&conv.starts_on, "La date de début"));
    let ends_on = conv.and_then(|conv| c.date(&conv.ends_on, "La date de fin"));
    if let (Some(s), Some(e), Some(conv)) = (starts_on, ends_on, conv)
        && e <= s
    {
        c.error(conv.ends_on.span(), "La fin de la convention doit suivre son début");
    }
    if raw_axes.is_empty() {
        c.error(convention.as_ref().map_or(0..0, |c| c.span()), "Le plan ne contient aucun axe ([[axis]])");
    }

    let mut axes = Vec::new();
    let mut axis_codes = HashSet::new();
    let mut titles = HashSet::new();
    for axis in &raw_axes {
        let a = axis.get_ref();
        let code = c.non_empty(&a.code, "Le code de l'axe");
        if !code.is_empty() && !axis_codes.insert(code.clone()) {
            c.error(a.code.span(), format!("Le code d'axe « {code} » est déjà utilisé"));
        }
        let title = c.non_empty(&a.title, "Le titre de l'axe");
        if a.actions.is_empty() {
            c.error(axis.span(), format!("L'axe « {code} » n'a aucune action"));
        }
        let mut actions = Vec::new();
        for (i, t) in a.actions.iter().enumerate() {
            let action_title = c.non_empty(t, "Le titre de l'action");
            if !action_title.is_empty() && !titles.insert(action_title.to_lowercase()) {
                c.error(t.span(), format!("L'action « {action_title} » figure deux fois dans le plan"));
            }
            actions.push(ActionDef { code: format!("{code}.{}", i + 1), title: action_title, details: None });
        }
        axes.push(AxisDef { code, title, rationale: a.rationale.trim().to_owned(), actions });
    }

    let period = starts_on.zip(ends_on).map(|(s, e)| (s.year(), e.year()));
    let mut seen_details = HashSet::new();
    for table in &raw_details {
        let f = table.get_ref();
        let code = f.action.get_ref().trim().to_owned();
        if !seen_details.insert(code.clone()) {
            c.error(f.action.span(), format!("L'action « {code} » a déjà une fiche ([[fiche]])"));
            continue;
        }
        let parsed = check_action_details(&mut c, table, period);
        let target = axes.iter_mut().flat_map(|a| a.actions.iter_mut()).find(|a| a.code == code);
        match target {
            Some(action) => action.details = Some(parsed),
            None => c.error(
                f.action.span(),
                format!("L'action « {code} » n'existe pas (codes attendus : « 1.1 », « 2.3 »…)"),
            ),
        }
    }

    let (Some(conv), Some(starts_on), Some(ends_on)) = (conv, starts_on, ends_on) else {
        return Err(sorted(c.errors));
    };
    if !c.errors.is_empty() {
        return Err(sorted(c.errors));
    }
    Ok(Plan {
        convention: ConventionDef {
            title,
            signatories: conv.signatories.clone(),
            starts_on,
            ends_on,
            replaces: conv.replaces.trim().to_owned(),
            diagnostic: conv.diagnostic.trim().to_owned(),
            purpose: conv.purpose.trim().to_owned(),
        },
        axes,
    })
}

fn sorted(mut errors: Vec<PlanError>) -> Vec<PlanError> {
    errors.sort_by_key(|e| e.line);
    errors.dedup();
    errors
}

fn check_action_details(
    c: &mut Checker,
    spanned: &Spanned<RawActionDetails>,
    period: Option<(i32, i32)>,
) -> ActionDetails {
    let f = spanned.get_ref();
    let status = match &f.status {
        None => ActionStatus::NotStarted,
        Some(s) => ActionStatus::from_code(s.get_ref()).unwrap_or_else(|| {
            c.error(
                s.span(),
                format!(
                    "Statut « {} » inconnu (attendu : not_started, in_progress, done, postponed ou abandoned)",
                    s.get_ref()
                ),
            );
            ActionStatus::NotStarted
        }),
    };
    let progress = match &f.progress {
        None => 0,
        Some(p) if (0..=100).contains(p.get_ref()) => *p.get_ref() as i32,
        Some(p) => {
            c.error(p.span(), "L'avancement est un nombre de 0 à 100");
            0
        }
    };
    // The rule the forms apply: a done action is 100 % done.
    let rule = LeadUpdateForm { status: status.code().to_owned(), progress: progress.to_string() }.validate();
    if let Err(errors) = rule {
        let span = f.progress.as_ref().map_or_else(|| spanned.span(), |p| p.span());
        for e in errors.iter() {
            c.error(span.clone(), e.message.trim_end_matches('.').to_owned());
        }
    }
    let starts_on = f.starts_on.as_ref().and_then(|d| c.date(d, "La date de début"));
    let ends_on = f.ends_on.as_ref().and_then(|d| c.date(d, "La date de fin"));
    if let (Some(s), Some(e), Some(span)) = (starts_on, ends_on, f.ends_on.as_ref().map(|d| d.span()))
        && e < s
    {
        c.error(span, "La date de fin de l'action précède sa date de début");
    }
    let milestone_labels = [("title", "titre"), ("due_on", "échéance"), ("done_on", "réalisé le")];
    let milestones = f
        .milestone
        .iter()
        .filter_map(|m| {
            let raw = m.get_ref();
            let form = MilestoneForm {
                title: raw.title.clone(),
                due_on: raw.due_on.get_ref().clone(),
                done_on: raw.done_on.as_ref().map(|d| d.get_ref().clone()).unwrap_or_default(),
            };
            match form.validate() {
                Ok(v) => Some(v),
                Err(errors) => {
                    c.form_errors(m.span(), "Jalon", errors, &milestone_labels);
                    None
                }
            }
        })
        .collect();
    let budget_labels = [("year", "année"), ("funder", "financeur"), ("planned", "prévu"), ("spent", "dépensé")];
    let mut lines_seen = HashSet::new();
    let budget = f
        .budget
        .iter()
        .filter_map(|b| {
            let raw = b.get_ref();
            let form = BudgetLineForm {
                year: raw.year.to_string(),
                funder: raw.funder.clone(),
                planned: raw.planned.to_string(),
                spent: raw.spent.to_string(),
            };
            match form.validate(period.unwrap_or((crate::validation::MIN_YEAR, crate::validation::MAX_YEAR))) {
                Ok(v) if !lines_seen.insert((v.year, v.funder.clone())) => {
                    c.error(b.span(), format!("Budget : {} a déjà une ligne pour {}", v.funder, v.year));
                    None
                }
                Ok(v) => Some(v),
                Err(errors) => {
                    c.form_errors(b.span(), "Budget", errors, &budget_labels);
                    None
                }
            }
        })
        .collect();
    let indicators = f.indicator.iter().filter_map(|i| check_indicator(c, i)).collect();
    ActionDetails {
        status,
        progress,
        lead: f.lead.trim().to_owned(),
        lead_email: f.lead_email.as_ref().map(|e| e.trim().to_lowercase()),
        objectives: f.objectives.trim().to_owned(),
        audience: f.audience.trim().to_owned(),
        partners: f.partners.clone(),
        sectors: f.sectors.clone(),
        starts_on,
        ends_on,
        milestones,
        budget,
        indicators,
    }
}

fn check_indicator(c: &mut Checker, spanned: &Spanned<RawIndicator>) -> Option<IndicatorDef> {
    let raw = spanned.get_ref();
    let form = IndicatorForm {
        name: raw.name.clone(),
        unit: raw.unit.clone(),
        direction: raw.direction.as_ref().map_or("increase".to_owned(), |d| d.get_ref().clone()),
        baseline: raw.baseline.map(|b| b.to_string()).unwrap_or_default(),
        baseline_year: raw.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
        live_figure: raw.live.clone(),
    };
    let labels = [
        ("name", "nom"),
        ("unit", "unité"),
        ("direction", "sens (increase ou decrease)"),
        ("baseline", "référence"),
        ("baseline_year", "année de référence"),
        ("live_figure", "chiffre calculé (live)"),
    ];
    let fields = match form.validate() {
        Ok(fields) => Some(fields),
        Err(errors) => {
            c.form_errors(spanned.span(), "Indicateur", errors, &labels);
            None
        }
    };
    if !raw.live.trim().is_empty() && !raw.actuals.is_empty() {
        c.error(
            spanned.span(),
            "Indicateur : ses valeurs sont calculées par Maillage (live), retirez ses valeurs réalisées (actuals).",
        );
    }
    let mut values: BTreeMap<i32, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for (map, is_target) in [(&raw.targets, true), (&raw.actuals, false)] {
        for (year, value) in map {
            let mut errors = FieldErrors::new();
            let y = crate::validation::year(&mut errors, "year", year);
            let v = crate::validation::optional_number(&mut errors, "value", &value.to_string());
            match (y, v) {
                (Some(y), Some(v)) => {
                    let entry = values.entry(y).or_default();
                    if is_target { entry.0 = Some(v) } else { entry.1 = Some(v) }
                }
                _ => {
                    for e in errors.iter() {
                        c.error(spanned.span(), format!("Indicateur, {year} : {}", e.message));
                    }
                }
            }
        }
    }
    let fields = fields?;
    Some(IndicatorDef {
        name: fields.name,
        unit: fields.unit,
        direction: fields.direction,
        baseline: fields.baseline,
        baseline_year: fields.baseline_year,
        source: raw.source.trim().to_owned(),
        values,
        live_figure: fields.live_figure,
    })
}

/// The toml crate speaks English; the people importing a plan may not.
fn translate_toml_error(message: &str) -> String {
    let quoted = |rest: &str| rest.split('`').nth(1).unwrap_or(rest).to_owned();
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("champ obligatoire manquant : « {} »", quoted(rest));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!("champ inconnu : « {} »", quoted(rest));
    }
    if message.starts_with("invalid type") {
        let expected = message.rsplit("expected ").next().unwrap_or("");
        let what = if expected.starts_with('i') || expected.starts_with('u') {
            "un nombre entier est attendu"
        } else if expected.starts_with('f') {
            "un nombre est attendu"
        } else if expected.contains("string") {
            "un texte entre guillemets est attendu"
        } else if expected.contains("sequence") {
            "une liste [ … ] est attendue"
        } else if expected.contains("map") || expected.contains("struct") {
            "une table est attendue"
        } else {
            "une autre sorte de valeur est attendue"
        };
        return format!("type de valeur inattendu : {what}");
    }
    if message.starts_with("invalid value") {
        return "valeur hors des limites acceptées".to_owned();
    }
    format!("fichier TOML invalide ({})", message.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
[convention]
title = "CTG test"
starts_on = "2023-01-01"
ends_on = "2026-12-31"

[[axis]]
code = "1"
title = "Petite enfance"
actions = ["Action A", "Action B"]

[[fiche]]
action = "1.2"
status = "in_progress"
progress = 30
lead = "Service Petite Enfance"
[[fiche.indicator]]
name = "Places créées"
targets = { 2023 = 5, 2024 = 10 }
actuals = { 2023 = 4 }
"#;

    #[test]
    fn a_small_plan_parses() {
        let plan = parse_plan(SMALL).unwrap();
        assert_eq!(plan.axes[0].actions[1].code, "1.2");
        let details = plan.axes[0].actions[1].details.as_ref().unwrap();
        assert_eq!(details.status, ActionStatus::InProgress);
        assert_eq!(details.indicators[0].values[&2023], (Some(5.0), Some(4.0)));
        assert_eq!(details.indicators[0].values[&2024], (Some(10.0), None));
    }

    #[test]
    fn an_indicator_may_follow_a_live_figure_but_then_types_no_actual() {
        let live = SMALL.replace("actuals = { 2023 = 4 }", "live = \"childcare.places\"");
        let plan = parse_plan(&live).unwrap();
        let details = plan.axes[0].actions[1].details.as_ref().unwrap();
        assert_eq!(details.indicators[0].live_figure, Some(crate::figures::LiveFigure::Places));
        let both = SMALL.replace("actuals = { 2023 = 4 }", "actuals = { 2023 = 4 }\nlive = \"childcare.places\"");
        let errors = parse_plan(&both).unwrap_err();
        assert!(errors[0].message.contains("retirez ses valeurs réalisées (actuals)"), "{errors:?}");
        let unknown = SMALL.replace("actuals = { 2023 = 4 }", "live = \"places\"");
        let errors = parse_plan(&unknown).unwrap_err();
        assert!(errors[0].message.contains("Choisissez un chiffre dans la liste"), "{errors:?}");
    }

    #[test]
    fn every_error_is_listed_with_its_line() {
        let bad = SMALL
            .replace("ends_on = \"2026-12-31\"", "ends_on = \"2026-13-31\"")
            .replace("action = \"1.2\"", "action = \"4.1\"")
            .replace("progress = 30", "progress = 130");
        let errors = parse_plan(&bad).unwrap_err();
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![5, 13, 15], "{errors:?}");
        assert!(errors[1].message.contains("« 4.1 » n'existe pas"));
    }

    #[test]
    fn a_file_with_many_errors_lists_them_all_in_one_run() {
        let broken = r#"
[convention]
title = "CTG test"
starts_on = "2023-01-01"
ends_on = "2026-12-31"
mascot = "castor"

[[axis]]
code = "1"
title = "Petite enfance"
actions = ["Action A", "Action B", "action a"]

[[axis]]
code = 2
title = "Jeunesse"
actions = ["Action C"]

[[fiche]]
action = "1.1"
status = "done"
progress = 30
[[fiche.milestone]]
title = " "
due_on = "2024-01-15"
[[fiche.budget]]
year = 2031
funder = "CAF"
planned = 100

[[fiche]]
action = "1.2"
progress = "beaucoup"

[[fiche]]
action = "1.3"
[[fiche.indicator]]
name = "Places"
targets = { 1850 = 5, 2024 = 1e308 }
"#;
        let errors = parse_plan(broken).unwrap_err();
        let found: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let expected = [
            "ligne 6 : champ inconnu : « mascot »",
            "ligne 11 : L'action « action a » figure deux fois dans le plan",
            "ligne 14 : type de valeur inattendu : un texte entre guillemets est attendu",
            "ligne 21 : Une action réalisée est avancée à 100 %",
            "ligne 22 : Jalon, titre : Ce champ est obligatoire.",
            "ligne 25 : Budget, année : Une année de la convention, de 2023 à 2026.",
            "ligne 32 : type de valeur inattendu : un nombre entier est attendu",
            "ligne 36 : Indicateur, 1850 : Année invalide",
            "ligne 36 : Indicateur, 2024 : Nombre trop grand",
        ];
        for want in expected {
            assert!(found.iter().any(|f| f.starts_with(want)), "missing « {want} » in {found:#?}");
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
    }

    #[test]
    fn syntax_errors_are_in_french_with_a_line() {
        let errors = parse_plan("[convention]\ntitle = \"x\"\nstarts_on = 2023\n").unwrap_err();
        let found: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "ligne 1 : Le plan ne contient aucun axe ([[axis]])",
                "ligne 3 : type de valeur inattendu : un texte entre guillemets est attendu",
            ]
        );
        let errors = parse_plan("[convention\ntitle = \"x\"\n").unwrap_err();
        assert!(errors[0].message.starts_with("fichier TOML invalide"), "{errors:?}");
    }
}
