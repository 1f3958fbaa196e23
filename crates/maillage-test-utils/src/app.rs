//! `TestApp`: the application on a fresh database, with the world a test
//! asks for: `TestApp::init().territory("a").territory("b").today("2024-11-15").build()`.
//! Each territory gets one account per role, a plan (by default the seed
//! plan with action 1.1 filled in; `.plan(text)` gives another), a committee
//! meeting and a token; the builder returns their typed ids by name
//! ([`Territory`]). The clock is fixed, so « late » and « this year »
//! do not change with the day the suite runs.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::http::StatusCode;
use maillage_db::plan::{import, load_snapshot};
use maillage_db::{Actor, TransactionTrait};
use maillage_domain::Role;

use crate::TestDb;
use crate::client::Client;
use crate::ids::*;

pub const PASSWORD: &str = "mot-de-passe-de-test";

/// The instant every test runs at: mid-November 2024, in the seed
/// convention's second year (some values recorded, some milestones missed).
pub const NOW: &str = "2024-11-15T09:30:00Z";

pub const SEED_PLAN: &str = include_str!("../../maillage/demo/ctg-plan-2023-2026.toml");

/// What action 1.1 of each territory says: led by the territory's action
/// lead, late (past its end), two milestones, two indicators, two budget lines.
const FICHE: &str = r#"
[[fiche]]
action = "1.1"
status = "in_progress"
progress = 20
lead = "Service Petite Enfance"
lead_email = "action_lead@a.test"
ends_on = "2020-12-31"
[[fiche.milestone]]
title = "Guichet unique ouvert"
due_on = "2024-01-15"
[[fiche.milestone]]
title = "Bilan à mi-parcours"
due_on = "2030-01-15"
[[fiche.indicator]]
name = "Demandes enregistrées"
targets = { 2024 = 100 }
actuals = { 2024 = 80 }
[[fiche.indicator]]
name = "Délai de réponse"
unit = "jours"
direction = "decrease"
[[fiche.budget]]
year = 2024
funder = "CAF"
planned = 1000
spent = 400
[[fiche.budget]]
year = 2025
funder = "Commune"
planned = 0
"#;

/// A territory of the test world, its records' ids by name.
pub struct Territory {
    pub slug: String,
    pub territory_id: TerritoryId,
    pub convention_id: ConventionId,
    /// Every action of the plan, by its code (« 1.1 »).
    pub actions: BTreeMap<String, ActionId>,
    pub coordinator_id: UserId,
    pub elected_user_id: UserId,
    /// A steering committee of 2024-06-20, with one decision.
    pub meeting_id: MeetingId,
    pub decision_id: DecisionId,
    /// A technical committee of 2024-03-14 with one decision, for deletions.
    pub spare_meeting_id: MeetingId,
    pub spare_decision_id: DecisionId,
    /// A read-write token of the coordinator (`mlg_fixture_<slug>`).
    pub token_id: TokenId,
    /// « Multi-accueil Les Lucioles » (PSU, sector « Centre »): 20 places
    /// from 2020-01-01, 24 from 2024-09-01.
    pub facility_id: FacilityId,
    /// « MAM Les Petits Pas » (sector « Nord »): 8 places from 2022-01-01.
    pub mam_id: FacilityId,
    /// Awa Diallo, in the MAM, active: 3 places from 2019-05-01; the
    /// territory's childminder account is linked to her record.
    pub childminder_id: ChildminderId,
    /// The account `childminder@<slug>.test`.
    pub childminder_user_id: UserId,
    /// The account `facility_manager@<slug>.test`, a manager of the multi-accueil.
    pub facility_manager_user_id: UserId,
    /// A family's request filed on 2024-11-15 by the coordinator: Léa, born
    /// 2024-06-01, from 2025-01-06, Monday and Tuesday 8:00–17:30,
    /// collective care then a childminder, sector « Centre »; reached by
    /// phone only.
    pub request_id: RequestId,
    /// Its private link's token (`/suivi/{token}`).
    pub request_token: String,
    /// « MAM Les Coccinelles », a project at its first contact: 4 + 8
    /// places planned in « Centre » for 2025-09-01.
    pub project_id: ProjectId,
    /// A childminders' list uploaded for import, not imported yet.
    pub upload_id: UploadId,
    /// The records of the default action 1.1; `None` for a territory built
    /// with its own plan.
    fixture: Option<Fixture>,
}

struct Fixture {
    led_action_id: ActionId,
    other_action_id: ActionId,
    indicator_id: IndicatorId,
    milestone_id: MilestoneId,
    budget_line_id: BudgetLineId,
    axis_id: AxisId,
    spare_ids: (MilestoneId, BudgetLineId, IndicatorId),
}

impl Territory {
    /// The action with this code (« 2.3 »).
    pub fn action(&self, code: &str) -> ActionId {
        *self.actions.get(code).unwrap_or_else(|| panic!("no action {code} in territory « {} »", self.slug))
    }

    fn fixture(&self) -> &Fixture {
        self.fixture.as_ref().unwrap_or_else(|| {
            panic!("territory « {} » has its own plan: look its records up with action(\"1.1\")", self.slug)
        })
    }

    /// Action 1.1, led by the territory's action_lead account.
    pub fn led_action_id(&self) -> ActionId {
        self.fixture().led_action_id
    }

    /// Action 1.2, led by nobody.
    pub fn other_action_id(&self) -> ActionId {
        self.fixture().other_action_id
    }

    /// « Demandes enregistrées », of action 1.1.
    pub fn indicator_id(&self) -> IndicatorId {
        self.fixture().indicator_id
    }

    /// « Guichet unique ouvert », of action 1.1, due 2024-01-15.
    pub fn milestone_id(&self) -> MilestoneId {
        self.fixture().milestone_id
    }

    /// CAF 2024 of action 1.1: 1 000 planned, 400 spent.
    pub fn budget_line_id(&self) -> BudgetLineId {
        self.fixture().budget_line_id
    }

    /// The plan's first axis.
    pub fn axis_id(&self) -> AxisId {
        self.fixture().axis_id
    }

    /// Second rows of action 1.1, for the API's deletions.
    pub fn spare_ids(&self) -> (MilestoneId, BudgetLineId, IndicatorId) {
        self.fixture().spare_ids
    }
}

pub struct TestApp {
    pub db: TestDb,
    pub router: Router,
    /// The application's clock, which the test moves: the application keeps
    /// what it holds in memory (the public forms' signing key, counters).
    clock: TestClock,
    /// The territories, in the order the builder named them.
    pub territories: Vec<Territory>,
}

/// The application's « now », which only the test moves.
#[derive(Clone)]
struct TestClock(Arc<Mutex<chrono::DateTime<chrono::Utc>>>);

impl maillage_web::Clock for TestClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}

/// What a test asks for before the application starts.
pub struct TestAppBuilder {
    /// Each territory's slug, and its own plan file if it has one.
    territories: Vec<(String, Option<String>)>,
    now: chrono::DateTime<chrono::Utc>,
}

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| maillage_db::accounts::password::hash(PASSWORD))
}

pub fn email(role: Role, territory: &str) -> String {
    format!("{}@{territory}.test", role.code())
}

/// The default plan: the seed convention with action 1.1 filled in.
pub fn default_plan(slug: &str) -> String {
    format!("{SEED_PLAN}\n{}", FICHE.replace("@a.test", &format!("@{slug}.test")))
}

async fn territory(db: &TestDb, slug: &str, own_plan: Option<&str>) -> Territory {
    let t = maillage_db::territory::create(&db.conn, slug, &format!("Territoire {slug}"), false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let mut elected_user_id = 0;
    let mut coordinator_id = 0;
    let mut ids = std::collections::HashMap::new();
    for role in Role::ALL {
        let email = email(role, slug);
        let new = maillage_db::accounts::NewUser {
            territory_id: t.id,
            email: &email,
            display_name: &format!("{} {slug}", role.label()),
            password_hash: password_hash(),
            role,
        };
        let user = maillage_db::accounts::create_user(&db.conn, &actor, new).await.unwrap();
        ids.insert(role, user.id);
        if role == Role::Elected {
            elected_user_id = user.id;
        }
        if role == Role::Coordinator {
            coordinator_id = user.id;
        }
    }
    let text = own_plan.map_or_else(|| default_plan(slug), str::to_owned);
    let plan = maillage_domain::plan::import::parse_plan(&text)
        .unwrap_or_else(|errors| panic!("the plan of territory « {slug} » is invalid: {errors:?}"));
    let txn = db.conn.begin().await.unwrap();
    let conv = import::import_plan(&txn, &actor, &plan).await.unwrap();
    txn.commit().await.unwrap();
    let today = NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap().date_naive();
    let snap = load_snapshot(&db.conn, t.id, conv.id, today).await.unwrap();
    let copil = maillage_domain::plan::meeting::MeetingForm {
        kind: "steering_committee".into(),
        held_on: "2024-06-20".into(),
        title: "COPIL annuel 2024".into(),
        ..Default::default()
    };
    let meeting =
        maillage_db::plan::meetings::create(&db.conn, &actor, conv.id, &copil.validate().unwrap()).await.unwrap();
    let decide = |meeting_id: i32, body: &'static str| {
        let actor = &actor;
        async move { maillage_db::plan::meetings::add_decision(&db.conn, actor, meeting_id, None, body).await.unwrap() }
    };
    let decision = decide(meeting.id, "Présenter le guichet unique au prochain conseil municipal.").await;
    let cotech = maillage_domain::plan::meeting::MeetingForm {
        kind: "technical_committee".into(),
        held_on: "2024-03-14".into(),
        title: "COTECH de printemps".into(),
        ..Default::default()
    };
    let spare_meeting =
        maillage_db::plan::meetings::create(&db.conn, &actor, conv.id, &cotech.validate().unwrap()).await.unwrap();
    let spare_decision = decide(spare_meeting.id, "Réunir les gestionnaires de crèches.").await;
    let token = maillage_domain::accounts::TokenFields { name: "Script".into(), read_only: false, valid_days: None };
    let hash = maillage_db::accounts::secrets::hash(&format!("mlg_fixture_{slug}"));
    let token = maillage_db::accounts::create_token(&db.conn, &actor, coordinator_id, &token, &hash).await.unwrap();
    let (facility_id, mam_id, childminder_id) = registers(db, &actor).await;
    let (childminder_user_id, facility_manager_user_id) = (ids[&Role::Childminder], ids[&Role::FacilityManager]);
    {
        use maillage_db::childcare::ops;
        let today = NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap().date_naive();
        let cx = maillage_db::ops::Ctx { db: &db.conn, actor: &actor, today };
        ops::link_childminder_account(&cx, childminder_id.get(), &childminder_user_id.to_string()).await.unwrap();
        ops::add_facility_manager(&cx, facility_id.get(), &facility_manager_user_id.to_string()).await.unwrap();
    }
    let (request_id, request_token) = {
        let today = NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap().date_naive();
        let cx = maillage_db::ops::Ctx { db: &db.conn, actor: &actor, today };
        // Reached by phone only: no message in the outbox.
        let form = request_form(&[("email", "")]);
        let (r, token) =
            maillage_db::childcare::ops::file_request(&cx, &t.name, &form, "http://127.0.0.1:8080").await.unwrap();
        (RequestId(r.id), token)
    };
    let project_id = {
        let today = NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap().date_naive();
        let cx = maillage_db::ops::Ctx { db: &db.conn, actor: &actor, today };
        let form = maillage_domain::childcare::project::ProjectForm {
            name: "MAM Les Coccinelles".into(),
            holder: "Association Les Coccinelles".into(),
            kind: "mam".into(),
            infant: "4".into(),
            toddler: "8".into(),
            sector: "Centre".into(),
            expected_opening: "2025-09-01".into(),
            ..Default::default()
        };
        ProjectId(maillage_db::childcare::ops::create_project(&cx, &form).await.unwrap().id)
    };
    let upload_id = {
        let csv = "Nom;Prénom;Agrément;Naissance\nDiallo;Awa;AM-001;1968\n".as_bytes().to_vec();
        let u = maillage_db::childcare::imports::save_upload(
            &db.conn,
            t.id,
            coordinator_id,
            "childminders",
            "liste.csv",
            csv,
        );
        UploadId(u.await.unwrap().id)
    };
    let fixture = own_plan.is_none().then(|| Fixture {
        led_action_id: ActionId(snap.actions[0].id),
        other_action_id: ActionId(snap.actions[1].id),
        indicator_id: IndicatorId(snap.indicators[0].id),
        milestone_id: MilestoneId(snap.milestones[0].id),
        budget_line_id: BudgetLineId(snap.budget[0].id),
        axis_id: AxisId(snap.axes[0].id),
        spare_ids: (
            MilestoneId(snap.milestones[1].id),
            BudgetLineId(snap.budget[1].id),
            IndicatorId(snap.indicators[1].id),
        ),
    });
    Territory {
        slug: slug.to_owned(),
        territory_id: TerritoryId(t.id),
        convention_id: ConventionId(conv.id),
        actions: snap.actions.iter().map(|a| (a.code.clone(), ActionId(a.id))).collect(),
        coordinator_id: UserId(coordinator_id),
        elected_user_id: UserId(elected_user_id),
        meeting_id: MeetingId(meeting.id),
        decision_id: DecisionId(decision.id),
        spare_meeting_id: MeetingId(spare_meeting.id),
        spare_decision_id: DecisionId(spare_decision.id),
        token_id: TokenId(token.id),
        facility_id,
        mam_id,
        childminder_id,
        childminder_user_id: UserId(childminder_user_id),
        facility_manager_user_id: UserId(facility_manager_user_id),
        request_id,
        request_token,
        project_id,
        upload_id,
        fixture,
    }
}

/// A complete request form (the fixture's), with `changes` applied: an
/// empty value removes the field.
pub fn request_form(changes: &[(&str, &str)]) -> maillage_domain::childcare::request::RequestForm {
    let mut fields: BTreeMap<String, String> = [
        ("child_first_name", "Léa"),
        ("child_born", "born"),
        ("child_date", "2024-06-01"),
        ("start_on", "2025-01-06"),
        ("mon_from", "08:00"),
        ("mon_to", "17:30"),
        ("tue_from", "08:00"),
        ("tue_to", "17:30"),
        ("mode_1", "collective"),
        ("mode_2", "childminder"),
        ("sector_0", "Centre"),
        ("home_sector", "Centre"),
        ("parent_name", "Camille Martin"),
        ("email", "camille.martin@exemple.fr"),
        ("phone", "06 12 34 56 78"),
        ("consent", "on"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, v) in changes {
        if v.is_empty() {
            fields.remove(*k);
        } else {
            fields.insert((*k).to_owned(), (*v).to_owned());
        }
    }
    maillage_domain::childcare::request::RequestForm::from_fields(fields)
}

/// A multi-accueil whose capacity changed once, a MAM, and a childminder
/// working in it, written through the registers' operations.
async fn registers(db: &TestDb, actor: &Actor) -> (FacilityId, FacilityId, ChildminderId) {
    use maillage_db::childcare::ops;
    use maillage_domain::childcare::{CapacityForm, ChildminderForm, FacilityForm, Holder};
    let cx = maillage_db::ops::Ctx {
        db: &db.conn,
        actor,
        today: NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap().date_naive(),
    };
    let week = FacilityForm {
        mon: "on".into(),
        tue: "on".into(),
        wed: "on".into(),
        thu: "on".into(),
        fri: "on".into(),
        opens_at: "07:30".into(),
        closes_at: "18:30".into(),
        ..Default::default()
    };
    let lucioles = FacilityForm {
        name: "Multi-accueil Les Lucioles".into(),
        kind: "multi_accueil".into(),
        manager: "Commune".into(),
        address: "3 rue des Écoles".into(),
        sector: "Centre".into(),
        funding: "psu".into(),
        ..week.clone()
    };
    let lucioles = ops::create_facility(&cx, &lucioles).await.unwrap();
    let places = |from: &str, infant: &str, toddler: &str| CapacityForm {
        valid_from: from.into(),
        infant: infant.into(),
        toddler: toddler.into(),
        ..Default::default()
    };
    ops::add_capacity(&cx, Holder::Facility(lucioles.id), &places("2020-01-01", "6", "14")).await.unwrap();
    ops::add_capacity(&cx, Holder::Facility(lucioles.id), &places("2024-09-01", "8", "16")).await.unwrap();
    let mam = FacilityForm {
        name: "MAM Les Petits Pas".into(),
        kind: "mam".into(),
        manager: "Association Les Petits Pas".into(),
        address: "12 allée des Tilleuls".into(),
        sector: "Nord".into(),
        ..week
    };
    let mam = ops::create_facility(&cx, &mam).await.unwrap();
    ops::add_capacity(&cx, Holder::Facility(mam.id), &places("2022-01-01", "4", "4")).await.unwrap();
    let awa = ChildminderForm {
        first_name: "Awa".into(),
        last_name: "Diallo".into(),
        approval_number: "AM-001".into(),
        birth_year: "1968".into(),
        sector: "Nord".into(),
        mam_id: mam.id.to_string(),
        active: "on".into(),
        ..Default::default()
    };
    let awa = ops::create_childminder(&cx, &awa).await.unwrap();
    ops::add_capacity(&cx, Holder::Childminder(awa.id), &places("2019-05-01", "1", "2")).await.unwrap();
    (FacilityId(lucioles.id), FacilityId(mam.id), ChildminderId(awa.id))
}

impl TestAppBuilder {
    /// A territory named `slug` (`a`, `b`…), its accounts `<role>@<slug>.test`.
    pub fn territory(mut self, slug: &str) -> Self {
        self.territories.push((slug.to_owned(), None));
        self
    }

    /// The last named territory gets this plan file (TOML, as `maillage
    /// plan import` reads it) instead of the default one; its accounts exist
    /// before the import, so a fiche may name `action_lead@<slug>.test`.
    pub fn plan(mut self, text: &str) -> Self {
        let last = self.territories.last_mut().expect("name a territory before its plan");
        last.1 = Some(text.to_owned());
        self
    }

    /// The day the application believes it is (`AAAA-MM-JJ`, at 09:30 UTC).
    pub fn today(mut self, date: &str) -> Self {
        self.now = format!("{date}T09:30:00Z").parse().expect("a date AAAA-MM-JJ");
        self
    }

    pub async fn build(self) -> TestApp {
        let db = TestDb::new().await;
        let mut territories = Vec::new();
        for (slug, plan) in &self.territories {
            territories.push(territory(&db, slug, plan.as_deref()).await);
        }
        let clock = TestClock(Arc::new(Mutex::new(self.now)));
        let state =
            maillage_web::AppState::new(db.conn.clone(), maillage_web::Config::default()).with_clock(clock.clone());
        TestApp { router: maillage_web::app(state), clock, db, territories }
    }
}

impl TestApp {
    /// Nothing yet: name the territories, maybe the day, then `build()`.
    pub fn init() -> TestAppBuilder {
        TestAppBuilder { territories: Vec::new(), now: NOW.parse().expect("NOW is an instant") }
    }

    /// The usual world: territories A and B, on [`NOW`].
    pub async fn new() -> TestApp {
        Self::init().territory("a").territory("b").build().await
    }

    /// Time passes: from now on the application believes it is `date`
    /// (`AAAA-MM-JJ`, at 09:30 UTC), on the same database.
    pub fn set_today(&self, date: &str) {
        let now = format!("{date}T09:30:00Z").parse().expect("a date AAAA-MM-JJ");
        *self.clock.0.lock().unwrap() = now;
    }

    /// A few seconds pass: what a person filling a form takes.
    pub fn advance(&self, seconds: i64) {
        *self.clock.0.lock().unwrap() += chrono::Duration::seconds(seconds);
    }

    pub fn territory(&self, slug: &str) -> &Territory {
        self.territories.iter().find(|t| t.slug == slug).unwrap_or_else(|| panic!("no territory « {slug} »"))
    }

    /// Territory A: where the signed-in clients are.
    pub fn a(&self) -> &Territory {
        self.territory("a")
    }

    /// Territory B: the other one, that A must never reach.
    pub fn b(&self) -> &Territory {
        self.territory("b")
    }

    /// A territory as its coordinator reads it: its plan, meetings and
    /// users, to check that nothing done from elsewhere changed it.
    pub async fn seen_by_coordinator_of(&self, slug: &str) -> Vec<String> {
        let t = self.territory(slug);
        let mut c = self.signed_in_at(Role::Coordinator, slug).await;
        let mut seen = Vec::new();
        for path in [
            format!("/api/v1/conventions/{}", t.convention_id),
            format!("/api/v1/conventions/{}/meetings", t.convention_id),
            format!("/api/v1/actions/{}", t.led_action_id()),
            format!("/api/v1/actions/{}", t.other_action_id()),
        ] {
            seen.push(c.get(&path).await.body);
        }
        seen.push(c.get("/utilisateurs").await.text());
        for path in [
            format!("/etablissements/{}", t.facility_id),
            format!("/etablissements/{}", t.mam_id),
            format!("/assistants-maternels/{}", t.childminder_id),
        ] {
            seen.push(c.get(&path).await.text());
        }
        seen
    }

    pub fn client(&self) -> Client<'_> {
        Client::new(&self.router)
    }

    /// A client signed in as `role` of territory A.
    pub async fn signed_in(&self, role: Role) -> Client<'_> {
        self.signed_in_at(role, "a").await
    }

    /// A client signed in as `role` of territory `slug` (`a` or `b`).
    pub async fn signed_in_at(&self, role: Role, slug: &str) -> Client<'_> {
        let mut c = self.client();
        let r = c.login(&email(role, slug), PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login as {role:?}: {}", r.body);
        c
    }
}
