//! The demo territory's history (`demo/history.toml`): committees with their
//! minutes and decisions, journal notes, yearly reviews. Written through
//! the same operations as the pages, so the demo obeys the rules it shows.

use std::collections::BTreeMap;

use anyhow::{Context, Result, anyhow};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::plan::{load_snapshot, ops};
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::plan::journal::JournalForm;
use maillage_domain::plan::meeting::{DecisionForm, MeetingForm};
use maillage_domain::plan::review::ReviewForm;
use serde::Deserialize;

const HISTORY: &str = include_str!("../demo/history.toml");

#[derive(Deserialize)]
struct History {
    meeting: Vec<MeetingEntry>,
    journal: Vec<JournalNote>,
    review: Vec<ReviewEntry>,
}

#[derive(Deserialize)]
struct MeetingEntry {
    kind: String,
    held_on: String,
    title: String,
    attendees: Vec<String>,
    minutes: String,
    #[serde(default)]
    decision: Vec<DecisionEntry>,
}

#[derive(Deserialize)]
struct DecisionEntry {
    body: String,
    /// The action's code (« 1.1 »), if the decision is about one.
    action: Option<String>,
}

#[derive(Deserialize)]
struct JournalNote {
    action: String,
    written_on: String,
    body: String,
}

#[derive(Deserialize)]
struct ReviewEntry {
    year: i32,
    closed: bool,
    /// The analysis by axis code.
    analysis: BTreeMap<String, String>,
}

fn refused(what: &str, e: OpError) -> anyhow::Error {
    anyhow!("historique de démonstration, {what} : {e}")
}

/// Writes the history into the convention `convention_id`: the coordinator
/// holds the committees and writes the reviews; the lead writes the notes of
/// the actions they lead, the coordinator the others.
pub async fn load(
    db: &DatabaseConnection,
    coordinator: &Actor,
    lead: &Actor,
    convention_id: i32,
    today: chrono::NaiveDate,
) -> Result<()> {
    let history: History = toml::from_str(HISTORY).context("demo/history.toml")?;
    let plan = load_snapshot(db, coordinator.territory_id, convention_id, today).await?;
    let action = |code: &str| -> Result<i32> {
        plan.actions.iter().find(|a| a.code == code).map(|a| a.id).ok_or_else(|| anyhow!("action {code} inconnue"))
    };
    let cx = Ctx { db, actor: coordinator, today };
    for m in history.meeting {
        let form = MeetingForm {
            kind: m.kind,
            held_on: m.held_on,
            title: m.title.clone(),
            attendees: m.attendees.join("\n"),
            minutes: m.minutes,
        };
        let saved = ops::create_meeting(&cx, convention_id, &form).await.map_err(|e| refused(&m.title, e))?;
        for d in m.decision {
            let action_id = d.action.as_deref().map(action).transpose()?.map(|id| id.to_string()).unwrap_or_default();
            let form = DecisionForm { body: d.body, action_id };
            ops::add_decision(&cx, saved.id, &form).await.map_err(|e| refused(&m.title, e))?;
        }
    }
    let as_lead = Ctx { db, actor: lead, today };
    for note in history.journal {
        let form = JournalForm { written_on: note.written_on, body: note.body };
        let id = action(&note.action)?;
        let led = plan.actions.iter().any(|a| a.id == id && a.lead_user_id.is_some() && a.lead_user_id == lead.user_id);
        let writer = if led { &as_lead } else { &cx };
        ops::add_journal_entry(writer, id, &form).await.map_err(|e| refused(&note.action, e))?;
    }
    for r in history.review {
        let mut form = ReviewForm::default();
        for (code, text) in r.analysis {
            let axis = plan.axes.iter().find(|a| a.code == code).ok_or_else(|| anyhow!("axe {code} inconnu"))?;
            form.0.insert(format!("axis_{}", axis.id), text);
        }
        let what = format!("bilan {}", r.year);
        ops::save_review(&cx, convention_id, r.year, &form).await.map_err(|e| refused(&what, e))?;
        if r.closed {
            ops::close_review(&cx, convention_id, r.year).await.map_err(|e| refused(&what, e))?;
        }
    }
    Ok(())
}
