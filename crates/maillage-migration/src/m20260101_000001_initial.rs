//! Territories, accounts, sessions, the audit log and the CTG plan.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A table with an `id` and, unless it is `territories`, the territory it
/// belongs to: every record has one.
fn scoped(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(pk_auto("id"))
        .col(integer("territory_id"))
        .foreign_key(&mut fk(name, "territory_id", "territories"))
        .to_owned()
}

fn fk(from: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(table: &'static str, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(format!("idx_{table}_{}", columns.join("_"))).table(table);
    for c in columns {
        stmt.col(*c);
    }
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("territories")
                .col(pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(boolean("is_demo"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            scoped("users")
                .col(string_uniq("email"))
                .col(string("display_name"))
                .col(text("password_hash"))
                .col(string("role"))
                .col(boolean("is_active"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_login_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("users", &["territory_id"], false)).await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(text("data"))
                .col(timestamp_with_time_zone("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["expires_at"], false)).await?;

        m.create_table(
            Table::create()
                .table("login_attempts")
                .col(pk_auto("id"))
                .col(string("email"))
                .col(boolean("succeeded"))
                .col(timestamp_with_time_zone("attempted_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_attempts", &["email", "attempted_at"], false)).await?;

        m.create_table(
            scoped("api_tokens")
                .col(integer("user_id"))
                .col(string("name"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut fk("api_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            scoped("audit_log")
                .col(integer_null("user_id"))
                .col(string("actor"))
                .col(timestamp_with_time_zone("at"))
                .col(string("entity"))
                .col(integer("entity_id"))
                .col(string("operation"))
                .col(text("summary"))
                .col(text("changes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", &["territory_id", "at"], false)).await?;

        m.create_table(
            scoped("conventions")
                .col(string("title"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(string("status"))
                .col(text("signatories"))
                .col(text("replaces"))
                .col(text("diagnostic"))
                .col(text("purpose"))
                .col(integer_null("renewed_from_id"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            scoped("axes")
                .col(integer("convention_id"))
                .col(string("code"))
                .col(text("title"))
                .col(text("rationale"))
                .col(integer("position"))
                .foreign_key(&mut fk("axes", "convention_id", "conventions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("axes", &["convention_id", "code"], true)).await?;

        m.create_table(
            scoped("actions")
                .col(integer("convention_id"))
                .col(integer("axis_id"))
                .col(string("code"))
                .col(text("title"))
                .col(text("objectives"))
                .col(text("audience"))
                .col(string("lead_name"))
                .col(integer_null("lead_user_id"))
                .col(text("partners"))
                .col(text("sectors"))
                .col(date_null("starts_on"))
                .col(date_null("ends_on"))
                .col(string("status"))
                .col(integer("progress"))
                .col(integer("position"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("actions", "axis_id", "axes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("actions", &["convention_id", "code"], true)).await?;

        m.create_table(
            scoped("milestones")
                .col(integer("action_id"))
                .col(text("title"))
                .col(date("due_on"))
                .col(date_null("done_on"))
                .foreign_key(&mut fk("milestones", "action_id", "actions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("milestones", &["action_id"], false)).await?;

        m.create_table(
            scoped("budget_lines")
                .col(integer("action_id"))
                .col(integer("year"))
                .col(string("funder"))
                .col(big_integer("planned"))
                .col(big_integer("spent"))
                .foreign_key(&mut fk("budget_lines", "action_id", "actions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("budget_lines", &["action_id", "year", "funder"], true)).await?;

        m.create_table(
            scoped("indicators")
                .col(integer("action_id"))
                .col(text("name"))
                .col(string("unit"))
                .col(string("direction"))
                .col(double_null("baseline"))
                .col(integer_null("baseline_year"))
                .col(integer("position"))
                .foreign_key(&mut fk("indicators", "action_id", "actions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("indicators", &["action_id"], false)).await?;

        m.create_table(
            scoped("indicator_values")
                .col(integer("indicator_id"))
                .col(integer("year"))
                .col(double_null("target"))
                .col(double_null("actual"))
                .col(text("source"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("indicator_values", "indicator_id", "indicators"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("indicator_values", &["indicator_id", "year"], true)).await?;

        m.create_table(
            scoped("journal_entries")
                .col(integer("action_id"))
                .col(integer_null("author_id"))
                .col(string("author_name"))
                .col(date("written_on"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("journal_entries", "action_id", "actions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("journal_entries", &["action_id"], false)).await?;

        m.create_table(
            scoped("meetings")
                .col(integer("convention_id"))
                .col(string("kind"))
                .col(date("held_on"))
                .col(string("title"))
                .col(text("attendees"))
                .col(text("notes"))
                .foreign_key(&mut fk("meetings", "convention_id", "conventions"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            scoped("decisions")
                .col(integer("meeting_id"))
                .col(integer_null("action_id"))
                .col(text("body"))
                .foreign_key(&mut fk("decisions", "meeting_id", "meetings"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("decisions", &["meeting_id"], false)).await?;
        Ok(())
    }
}
