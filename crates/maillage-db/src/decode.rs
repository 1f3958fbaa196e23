//! Rows into domain types, decoded once, here: an enum code the domain does
//! not know is an error ([`DbError::Decode`]), never a silent fallback.

use maillage_domain::accounts::{ApiToken, Grant, GrantState, Invitation, Role, User};
use maillage_domain::audit::AuditEntry;
use maillage_domain::childcare::{Capacity, Childminder, Facility, FacilityKind, Funding, Holder, Places, Weekdays};
use maillage_domain::plan::{
    Action, ActionStatus, Axis, BudgetLine, Convention, ConventionStatus, Decision, Direction, Indicator,
    IndicatorValue, JournalEntry, Meeting, MeetingKind, Milestone,
};
use maillage_domain::territory::Territory;

use crate::entity::{
    action, api_token, audit_entry, axis, budget_line, capacity, childminder, convention, decision, facility, grant,
    indicator, indicator_value, invitation, journal_entry, meeting, milestone, territory, user,
};
use crate::{DbError, Result};

fn unknown(what: &str, code: &str, table: &str, id: i32) -> DbError {
    DbError::Decode(format!("{what} « {code} » inconnu ({table} {id})"))
}

/// Lists are stored one item per line.
pub(crate) fn lines(text: &str) -> Vec<String> {
    maillage_domain::validation::lines(text)
}

/// The password hash that no password verifies: an invited account that
/// has not chosen one yet.
pub(crate) const NO_PASSWORD: &str = "!invitation";

pub(crate) fn territory(m: territory::Model) -> Territory {
    Territory { id: m.id, slug: m.slug, name: m.name, is_demo: m.is_demo, revision: m.revision }
}

/// An account as the territory of `g` sees it.
pub(crate) fn user_in(m: user::Model, g: &grant::Model) -> Result<User> {
    let role = Role::from_code(&g.role).ok_or_else(|| unknown("rôle", &g.role, "grants", g.id))?;
    let state = GrantState::from_code(&g.state).ok_or_else(|| unknown("état", &g.state, "grants", g.id))?;
    Ok(User {
        id: m.id,
        territory_id: g.territory_id,
        pending: state == GrantState::Pending,
        email: m.email,
        display_name: m.display_name,
        role,
        is_active: state == GrantState::Active,
        last_login_at: m.last_login_at,
    })
}

pub(crate) fn grant(g: grant::Model, territory_name: String) -> Result<Grant> {
    let role = Role::from_code(&g.role).ok_or_else(|| unknown("rôle", &g.role, "grants", g.id))?;
    let state = GrantState::from_code(&g.state).ok_or_else(|| unknown("état", &g.state, "grants", g.id))?;
    Ok(Grant { territory_id: g.territory_id, territory_name, role, state })
}

pub(crate) fn api_token(m: api_token::Model) -> ApiToken {
    ApiToken {
        id: m.id,
        user_id: m.user_id,
        name: m.name,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
        expires_at: m.expires_at,
        read_only: m.read_only,
    }
}

pub(crate) fn invitation(m: invitation::Model) -> Invitation {
    Invitation {
        id: m.id,
        user_id: m.user_id,
        territory_id: m.territory_id,
        existing_account: m.purpose == "grant",
        expires_at: m.expires_at,
    }
}

pub(crate) fn audit_entry(m: audit_entry::Model) -> Result<AuditEntry> {
    let changes = serde_json::from_str(&m.changes)
        .map_err(|e| DbError::Decode(format!("changements illisibles (audit_log {}) : {e}", m.id)))?;
    Ok(AuditEntry {
        id: m.id,
        user_id: m.user_id,
        actor: m.actor,
        at: m.at,
        entity: m.entity,
        entity_id: m.entity_id,
        operation: m.operation,
        summary: m.summary,
        changes,
    })
}

pub(crate) fn convention(m: convention::Model) -> Result<Convention> {
    let status =
        ConventionStatus::from_code(&m.status).ok_or_else(|| unknown("statut", &m.status, "conventions", m.id))?;
    Ok(Convention {
        id: m.id,
        title: m.title,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        status,
        signatories: lines(&m.signatories),
        replaces: m.replaces,
        diagnostic: m.diagnostic,
        purpose: m.purpose,
        renewed_from_id: m.renewed_from_id,
        version: m.version,
    })
}

pub(crate) fn axis(m: axis::Model) -> Axis {
    Axis {
        id: m.id,
        convention_id: m.convention_id,
        code: m.code,
        title: m.title,
        rationale: m.rationale,
        position: m.position,
    }
}

pub(crate) fn action(m: action::Model) -> Result<Action> {
    let status = ActionStatus::from_code(&m.status).ok_or_else(|| unknown("statut", &m.status, "actions", m.id))?;
    Ok(Action {
        id: m.id,
        convention_id: m.convention_id,
        axis_id: m.axis_id,
        code: m.code,
        title: m.title,
        objectives: m.objectives,
        audience: m.audience,
        lead_name: m.lead_name,
        lead_user_id: m.lead_user_id,
        partners: lines(&m.partners),
        sectors: lines(&m.sectors),
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        status,
        progress: m.progress,
        position: m.position,
        version: m.version,
    })
}

pub(crate) fn milestone(m: milestone::Model) -> Milestone {
    Milestone { id: m.id, action_id: m.action_id, title: m.title, due_on: m.due_on, done_on: m.done_on }
}

pub(crate) fn budget_line(m: budget_line::Model) -> BudgetLine {
    BudgetLine { id: m.id, action_id: m.action_id, year: m.year, funder: m.funder, planned: m.planned, spent: m.spent }
}

pub(crate) fn indicator(m: indicator::Model) -> Result<Indicator> {
    let direction =
        Direction::from_code(&m.direction).ok_or_else(|| unknown("sens", &m.direction, "indicators", m.id))?;
    Ok(Indicator {
        id: m.id,
        action_id: m.action_id,
        name: m.name,
        unit: m.unit,
        direction,
        baseline: m.baseline,
        baseline_year: m.baseline_year,
        position: m.position,
        live_figure: match m.live_figure.as_deref() {
            None => None,
            Some(code) => Some(
                maillage_domain::figures::LiveFigure::from_code(code)
                    .ok_or_else(|| unknown("chiffre calculé", code, "indicators", m.id))?,
            ),
        },
    })
}

pub(crate) fn indicator_value(m: indicator_value::Model) -> IndicatorValue {
    IndicatorValue {
        id: m.id,
        indicator_id: m.indicator_id,
        year: m.year,
        target: m.target,
        actual: m.actual,
        source: m.source,
        updated_at: m.updated_at,
    }
}

pub(crate) fn journal_entry(m: journal_entry::Model) -> JournalEntry {
    JournalEntry {
        id: m.id,
        action_id: m.action_id,
        author_id: m.author_id,
        author_name: m.author_name,
        written_on: m.written_on,
        body: m.body,
        created_at: m.created_at,
    }
}

pub(crate) fn meeting(m: meeting::Model) -> Result<Meeting> {
    let kind = MeetingKind::from_code(&m.kind).ok_or_else(|| unknown("type", &m.kind, "meetings", m.id))?;
    Ok(Meeting {
        id: m.id,
        convention_id: m.convention_id,
        kind,
        held_on: m.held_on,
        title: m.title,
        attendees: lines(&m.attendees),
        minutes: m.minutes,
    })
}

pub(crate) fn decision(m: decision::Model) -> Decision {
    Decision { id: m.id, meeting_id: m.meeting_id, action_id: m.action_id, body: m.body }
}

/// Decodes every row, failing on the first that cannot be.
pub(crate) fn all<M, T>(rows: Vec<M>, f: impl Fn(M) -> Result<T>) -> Result<Vec<T>> {
    rows.into_iter().map(f).collect()
}

pub(crate) fn facility(m: facility::Model) -> Result<Facility> {
    let kind = FacilityKind::from_code(&m.kind).ok_or_else(|| unknown("type", &m.kind, "facilities", m.id))?;
    let funding = match m.funding.as_deref() {
        None => None,
        Some(code) => Some(Funding::from_code(code).ok_or_else(|| unknown("financement", code, "facilities", m.id))?),
    };
    Ok(Facility {
        id: m.id,
        territory_id: m.territory_id,
        name: m.name,
        kind,
        identifier: m.identifier.unwrap_or_default(),
        manager: m.manager,
        address: m.address,
        sector: m.sector,
        funding,
        opening_days: Weekdays::from_bits(m.opening_days),
        opens_at: m.opens_at,
        closes_at: m.closes_at,
        phone: m.phone,
        email: m.email,
        version: m.version,
    })
}

pub(crate) fn childminder(m: childminder::Model) -> Childminder {
    Childminder {
        id: m.id,
        territory_id: m.territory_id,
        first_name: m.first_name,
        last_name: m.last_name,
        approval_number: m.approval_number,
        birth_year: m.birth_year,
        sector: m.sector,
        mam_id: m.mam_id,
        active: m.active,
        phone: m.phone,
        email: m.email,
        version: m.version,
        user_id: m.user_id,
    }
}

pub(crate) fn capacity(m: capacity::Model) -> Result<Capacity> {
    let holder = match (m.facility_id, m.childminder_id) {
        (Some(f), None) => Holder::Facility(f),
        (None, Some(c)) => Holder::Childminder(c),
        _ => return Err(DbError::Decode(format!("capacité sans titulaire unique (capacities {})", m.id))),
    };
    let count =
        |n: i32| u32::try_from(n).map_err(|_| DbError::Decode(format!("places négatives (capacities {})", m.id)));
    Ok(Capacity {
        id: m.id,
        holder,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        places: Places { infant: count(m.infant)?, toddler: count(m.toddler)?, preschool: count(m.preschool)? },
        employer_places: count(m.employer_places)?,
    })
}
