//! The plan file: a convention's axes and actions as TOML, like
//! `ctg-plan-2023-2026.toml`, optionally followed by `[[fiche]]` tables that
//! fill in actions (lead, schedule, milestones, budget, indicators).
//!
//! Parsing is all-or-nothing: a file with errors yields every error found,
//! each with its line, and no plan.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::budget::BudgetLine;
use super::indicator::Direction;
use super::status::{ActionStatus, Milestone};

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
    pub fiche: Option<FicheDef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FicheDef {
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
    pub milestones: Vec<Milestone>,
    pub budget: Vec<BudgetLine>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    convention: Spanned<RawConvention>,
    #[serde(default)]
    axis: Vec<Spanned<RawAxis>>,
    #[serde(default)]
    fiche: Vec<Spanned<RawFiche>>,
}

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
struct RawFiche {
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

    fn date(&mut self, value: &Spanned<String>, what: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(value.get_ref(), "%Y-%m-%d") {
            Ok(d) => Some(d),
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
}

/// Parses and checks a plan file. All errors are returned, sorted by line.
pub fn parse_plan(text: &str) -> Result<Plan, Vec<PlanError>> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(1);
            return Err(vec![PlanError { line, message: translate_toml_error(e.message()) }]);
        }
    };
    let mut c = Checker { text, errors: Vec::new() };

    let conv = raw.convention.get_ref();
    let title = c.non_empty(&conv.title, "Le titre de la convention");
    let starts_on = c.date(&conv.starts_on, "La date de début");
    let ends_on = c.date(&conv.ends_on, "La date de fin");
    if let (Some(s), Some(e)) = (starts_on, ends_on)
        && e <= s
    {
        c.error(conv.ends_on.span(), "La fin de la convention doit suivre son début");
    }
    if raw.axis.is_empty() {
        c.error(raw.convention.span(), "Le plan ne contient aucun axe ([[axis]])");
    }

    let mut axes = Vec::new();
    let mut axis_codes = HashSet::new();
    for axis in &raw.axis {
        let a = axis.get_ref();
        let code = c.non_empty(&a.code, "Le code de l'axe");
        if !code.is_empty() && !axis_codes.insert(code.clone()) {
            c.error(a.code.span(), format!("Le code d'axe « {code} » est déjà utilisé"));
        }
        let title = c.non_empty(&a.title, "Le titre de l'axe");
        if a.actions.is_empty() {
            c.error(axis.span(), format!("L'axe « {code} » n'a aucune action"));
        }
        let actions = a
            .actions
            .iter()
            .enumerate()
            .map(|(i, t)| ActionDef {
                code: format!("{code}.{}", i + 1),
                title: c.non_empty(t, "Le titre de l'action"),
                fiche: None,
            })
            .collect();
        axes.push(AxisDef { code, title, rationale: a.rationale.trim().to_owned(), actions });
    }

    let mut seen_fiches = HashSet::new();
    for fiche in &raw.fiche {
        let f = fiche.get_ref();
        let code = f.action.get_ref().trim().to_owned();
        if !seen_fiches.insert(code.clone()) {
            c.error(f.action.span(), format!("L'action « {code} » a déjà une fiche"));
            continue;
        }
        let parsed = check_fiche(&mut c, f);
        let target = axes.iter_mut().flat_map(|a| a.actions.iter_mut()).find(|a| a.code == code);
        match target {
            Some(action) => action.fiche = Some(parsed),
            None => c.error(
                f.action.span(),
                format!("L'action « {code} » n'existe pas (codes attendus : « 1.1 », « 2.3 »…)"),
            ),
        }
    }

    if !c.errors.is_empty() {
        let mut errors = c.errors;
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }
    Ok(Plan {
        convention: ConventionDef {
            title,
            signatories: conv.signatories.clone(),
            starts_on: starts_on.expect("checked"),
            ends_on: ends_on.expect("checked"),
            replaces: conv.replaces.trim().to_owned(),
            diagnostic: conv.diagnostic.trim().to_owned(),
            purpose: conv.purpose.trim().to_owned(),
        },
        axes,
    })
}

fn check_fiche(c: &mut Checker, f: &RawFiche) -> FicheDef {
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
    let starts_on = f.starts_on.as_ref().and_then(|d| c.date(d, "La date de début"));
    let ends_on = f.ends_on.as_ref().and_then(|d| c.date(d, "La date de fin"));
    if let (Some(s), Some(e), Some(span)) = (starts_on, ends_on, f.ends_on.as_ref().map(|d| d.span()))
        && e < s
    {
        c.error(span, "La date de fin de l'action précède sa date de début");
    }
    let milestones = f
        .milestone
        .iter()
        .filter_map(|m| {
            let raw = m.get_ref();
            let due_on = c.date(&raw.due_on, "L'échéance du jalon")?;
            let done_on = raw.done_on.as_ref().and_then(|d| c.date(d, "La date de réalisation du jalon"));
            Some(Milestone { title: raw.title.trim().to_owned(), due_on, done_on })
        })
        .collect();
    let budget = f
        .budget
        .iter()
        .filter_map(|b| {
            let raw = b.get_ref();
            if raw.planned < 0 || raw.spent < 0 {
                c.error(b.span(), "Un montant de budget ne peut pas être négatif");
                return None;
            }
            Some(BudgetLine {
                year: raw.year,
                funder: raw.funder.trim().to_owned(),
                planned: raw.planned,
                spent: raw.spent,
            })
        })
        .collect();
    let indicators = f.indicator.iter().map(|i| check_indicator(c, i)).collect();
    FicheDef {
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

fn check_indicator(c: &mut Checker, spanned: &Spanned<RawIndicator>) -> IndicatorDef {
    let raw = spanned.get_ref();
    let direction = match &raw.direction {
        None => Direction::Increase,
        Some(d) => Direction::from_code(d.get_ref()).unwrap_or_else(|| {
            c.error(d.span(), "Sens attendu : increase ou decrease");
            Direction::Increase
        }),
    };
    let mut values: BTreeMap<i32, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for (map, is_target) in [(&raw.targets, true), (&raw.actuals, false)] {
        for (year, value) in map {
            match year.parse::<i32>() {
                Ok(y) if (1900..=2100).contains(&y) => {
                    let entry = values.entry(y).or_default();
                    if is_target { entry.0 = Some(*value) } else { entry.1 = Some(*value) }
                }
                _ => c.error(spanned.span(), format!("« {year} » n'est pas une année")),
            }
        }
    }
    IndicatorDef {
        name: raw.name.trim().to_owned(),
        unit: raw.unit.trim().to_owned(),
        direction,
        baseline: raw.baseline,
        baseline_year: raw.baseline_year,
        source: raw.source.trim().to_owned(),
        values,
    }
}

/// The toml crate speaks English; the people importing a plan may not.
fn translate_toml_error(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("champ obligatoire manquant : {rest}");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!("champ inconnu : {rest}");
    }
    if message.starts_with("invalid type") {
        return format!("type de valeur inattendu ({message})");
    }
    format!("fichier TOML invalide ({message})")
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
        let fiche = plan.axes[0].actions[1].fiche.as_ref().unwrap();
        assert_eq!(fiche.status, ActionStatus::InProgress);
        assert_eq!(fiche.indicators[0].values[&2023], (Some(5.0), Some(4.0)));
        assert_eq!(fiche.indicators[0].values[&2024], (Some(10.0), None));
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
    fn syntax_errors_are_in_french_with_a_line() {
        let errors = parse_plan("[convention]\ntitle = \"x\"\nstarts_on = 2023\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].message.contains("type de valeur inattendu"), "{}", errors[0].message);
    }
}
