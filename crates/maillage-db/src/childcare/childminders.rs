//! Childminders of the register.

use maillage_domain::childcare::{Childminder, ChildminderFields};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};

use super::Page;
use crate::audit::{self, Changes};
use crate::entity::childminder;
use crate::scoped::{Reach, scoped, within};
use crate::{Actor, DbError, Result, decode, is_unique_violation};

/// How the register's list is narrowed.
#[derive(Debug, Clone, Default)]
pub struct ChildminderFilter {
    /// Part of a name or of the approval number, any case.
    pub text: String,
    pub sector: String,
    /// Only active (true), only inactive (false), or both.
    pub active: Option<bool>,
}

/// Page `page` (from 0, clamped to the last) of the territory's
/// childminders, by last name.
pub async fn list(
    db: &impl ConnectionTrait,
    territory_id: i32,
    filter: &ChildminderFilter,
    page: u64,
    per_page: u64,
) -> Result<Page<Childminder>> {
    let mut q = scoped::<childminder::Entity>(territory_id);
    let text = filter.text.trim().to_lowercase();
    if !text.is_empty() {
        // `%`, `_` and `\` are searched for as themselves.
        let escaped: String =
            text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
        let like = sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\');
        let lower = |c: childminder::Column| {
            sea_orm::sea_query::ExprTrait::like(Expr::expr(Func::lower(Expr::col(c))), like.clone())
        };
        q = q.filter(
            Condition::any()
                .add(lower(childminder::Column::LastName))
                .add(lower(childminder::Column::FirstName))
                .add(lower(childminder::Column::ApprovalNumber)),
        );
    }
    if !filter.sector.trim().is_empty() {
        q = q.filter(childminder::Column::Sector.eq(filter.sector.trim()));
    }
    if let Some(active) = filter.active {
        q = q.filter(childminder::Column::Active.eq(active));
    }
    let total = q.clone().count(db).await?;
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let rows = q
        .order_by_asc(childminder::Column::LastName)
        .order_by_asc(childminder::Column::FirstName)
        .order_by_asc(childminder::Column::Id)
        .offset(page * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok(Page { items: rows.into_iter().map(decode::childminder).collect(), total, page, pages })
}

/// The records linked to an account (usually one).
pub async fn of_user(db: &impl ConnectionTrait, territory_id: i32, user_id: i32) -> Result<Vec<Childminder>> {
    let rows = scoped::<childminder::Entity>(territory_id)
        .filter(childminder::Column::UserId.eq(user_id))
        .order_by_asc(childminder::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(decode::childminder).collect())
}

/// Links the record to an account (or unlinks it with `None`); `names`
/// are the accounts before and after, for the audit log.
pub async fn link_account(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    user_id: Option<i32>,
    names: (&str, &str),
) -> Result<Childminder> {
    let txn = crate::begin_write(db).await?;
    let before = get(&txn, actor.territory_id, id).await?;
    childminder::Entity::update_many()
        .col_expr(childminder::Column::UserId, Expr::value(user_id))
        .filter(childminder::Column::Id.eq(id))
        .filter(childminder::Column::TerritoryId.eq(actor.territory_id))
        .exec(&txn)
        .await?;
    let mut changes = Changes::new();
    changes.compare("Compte en ligne", names.0, names.1);
    let summary = format!("Compte en ligne de {} {}", before.first_name, before.last_name);
    audit::record(&txn, actor, "childminder", id, "account", &summary, &changes).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Every childminder of the territory, for the figures that count them all.
pub async fn all(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Childminder>> {
    let rows = scoped::<childminder::Entity>(territory_id).order_by_asc(childminder::Column::Id).all(db).await?;
    Ok(rows.into_iter().map(decode::childminder).collect())
}

/// Every childminder of the territory as figures need them: sector, year
/// of birth, MAM, activity; no name, number or contact (left empty), so
/// that statistics read nothing personal, and read it from an index alone
/// (a quarter of the time at national scale).
pub async fn for_figures(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Childminder>> {
    Ok(for_figures_in(db, Reach::Territory(territory_id)).await?.into_iter().map(|(_, c)| c).collect())
}

/// [`for_figures`] of one territory or of the country, each with its
/// territory.
pub(crate) async fn for_figures_in(db: &impl ConnectionTrait, reach: Reach) -> Result<Vec<(i32, Childminder)>> {
    use childminder::Column as C;
    let rows: Vec<(i32, i32, String, i32, bool, Option<i32>)> = within::<childminder::Entity>(reach)
        .select_only()
        .columns([C::TerritoryId, C::Id, C::Sector, C::BirthYear, C::Active, C::MamId])
        .order_by_asc(C::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(t, id, sector, birth_year, active, mam_id)| {
            (t, without_names(id, t, sector, birth_year, active, mam_id))
        })
        .collect())
}

/// A childminder as the figures know her: no name, no contact.
fn without_names(
    id: i32,
    territory_id: i32,
    sector: String,
    birth_year: i32,
    active: bool,
    mam_id: Option<i32>,
) -> Childminder {
    Childminder {
        id,
        territory_id,
        first_name: String::new(),
        last_name: String::new(),
        approval_number: String::new(),
        birth_year,
        sector,
        mam_id,
        active,
        phone: String::new(),
        email: String::new(),
        version: 0,
        user_id: None,
    }
}

/// The sectors childminders are in, for the list's filter.
pub async fn sectors(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<String>> {
    let rows: Vec<String> = scoped::<childminder::Entity>(territory_id)
        .select_only()
        .column(childminder::Column::Sector)
        .distinct()
        .order_by_asc(childminder::Column::Sector)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter(|s| !s.is_empty()).collect())
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Childminder> {
    Ok(decode::childminder(crate::scoped::get::<childminder::Entity>(db, territory_id, id).await?))
}

pub(crate) fn columns(c: &ChildminderFields, mut row: childminder::ActiveModel) -> childminder::ActiveModel {
    row.first_name = Set(c.first_name.clone());
    row.last_name = Set(c.last_name.clone());
    row.approval_number = Set(c.approval_number.clone());
    row.birth_year = Set(c.birth_year);
    row.sector = Set(c.sector.clone());
    row.mam_id = Set(c.mam_id);
    row.active = Set(c.active);
    row.phone = Set(c.phone.clone());
    row.email = Set(c.email.clone());
    row
}

fn yes_no(b: bool) -> &'static str {
    if b { "oui" } else { "non" }
}

pub(crate) fn changes(before: Option<&Childminder>, c: &ChildminderFields, mam_names: (&str, &str)) -> Changes {
    let mut out = Changes::new();
    let b = |get: fn(&Childminder) -> String| before.map(get).unwrap_or_default();
    out.compare("Prénom", b(|x| x.first_name.clone()), &c.first_name)
        .compare("Nom", b(|x| x.last_name.clone()), &c.last_name)
        .compare("N° d'agrément", b(|x| x.approval_number.clone()), &c.approval_number)
        .compare("Année de naissance", b(|x| x.birth_year.to_string()), c.birth_year)
        .compare("Secteur", b(|x| x.sector.clone()), &c.sector)
        .compare("MAM", mam_names.0, mam_names.1)
        .compare("En activité", before.map(|x| yes_no(x.active)).unwrap_or(""), yes_no(c.active))
        .compare("Téléphone", b(|x| x.phone.clone()), &c.phone)
        .compare("Adresse e-mail", b(|x| x.email.clone()), &c.email);
    out
}

/// The MAM `mam_id` names, locked until the transaction ends: it must still
/// be a MAM of the territory (its kind may be changing at the same moment).
async fn check_mam(txn: &impl ConnectionTrait, territory_id: i32, mam_id: Option<i32>) -> Result<()> {
    check_mams(txn, territory_id, mam_id.as_slice()).await
}

/// The same for many MAMs at once (an import).
pub(crate) async fn check_mams(txn: &impl ConnectionTrait, territory_id: i32, ids: &[i32]) -> Result<()> {
    use crate::entity::facility;
    use maillage_domain::childcare::FacilityKind;
    let ids: std::collections::BTreeSet<i32> = ids.iter().copied().collect();
    if ids.is_empty() {
        return Ok(());
    }
    let locked = facility::Entity::update_many()
        .col_expr(facility::Column::Version, Expr::col(facility::Column::Version))
        .filter(facility::Column::Id.is_in(ids.iter().copied()))
        .filter(facility::Column::TerritoryId.eq(territory_id))
        .filter(facility::Column::Kind.eq(FacilityKind::Mam.code()))
        .exec(txn)
        .await?;
    if locked.rows_affected != ids.len() as u64 {
        return Err(DbError::Rule("mam_id", "Choisissez une MAM dans la liste.".to_owned()));
    }
    Ok(())
}

pub(crate) fn duplicate(e: sea_orm::DbErr) -> DbError {
    if is_unique_violation(&e) { DbError::Duplicate("approval_number") } else { DbError::Db(e) }
}

/// `mam_name` is the name of the MAM `c.mam_id` names, for the audit log.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    c: &ChildminderFields,
    mam_name: &str,
) -> Result<Childminder> {
    let txn = crate::begin_write(db).await?;
    check_mam(&txn, actor.territory_id, c.mam_id).await?;
    let base =
        childminder::ActiveModel { territory_id: Set(actor.territory_id), version: Set(1), ..Default::default() };
    let row = columns(c, base).insert(&txn).await.map_err(duplicate)?;
    let summary = format!("Assistant·e maternel·le ajouté·e au registre : {} {}", c.first_name, c.last_name);
    audit::record(&txn, actor, "childminder", row.id, "create", &summary, &changes(None, c, ("", mam_name))).await?;
    txn.commit().await?;
    Ok(decode::childminder(row))
}

/// Saves the childminder if still at `expected_version`; `mam_names` are
/// the MAM before and after, for the audit log.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    c: &ChildminderFields,
    mam_names: (&str, &str),
) -> Result<Childminder> {
    let txn = crate::begin_write(db).await?;
    check_mam(&txn, actor.territory_id, c.mam_id).await?;
    let before = get(&txn, actor.territory_id, id).await?;
    let sets =
        columns(c, childminder::ActiveModel { version: Set(expected_version.saturating_add(1)), ..Default::default() });
    let result = childminder::Entity::update_many()
        .set(sets)
        .filter(childminder::Column::Id.eq(id))
        .filter(childminder::Column::TerritoryId.eq(actor.territory_id))
        .filter(childminder::Column::Version.eq(expected_version))
        .exec(&txn)
        .await
        .map_err(duplicate)?;
    if result.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    let summary = format!("Assistant·e maternel·le modifié·e : {} {}", c.first_name, c.last_name);
    audit::record(&txn, actor, "childminder", id, "update", &summary, &changes(Some(&before), c, mam_names)).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}
