//! Account operations as any caller meets them (pages, command line): the
//! form's rules, the rule on oneself, and tokens only for oneself.

use maillage_db::accounts::{self, ops};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, territory};
use maillage_domain::accounts::{AccountForm, InviteForm, NewPasswordForm, PasswordChangeForm, TokenForm};
use maillage_domain::{Refusal, Role, outbox};
use maillage_test_utils::TestDb;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn field_error<T: std::fmt::Debug>(r: Result<T, OpError>, field: &str) -> String {
    match r {
        Err(OpError::Refused(Refusal::Invalid(errors))) => {
            errors.get(field).unwrap_or_else(|| panic!("no error on {field}: {errors:?}")).to_owned()
        }
        other => panic!("expected an error on {field}, got {other:?}"),
    }
}

/// A coordinator of a new territory, acting as themselves.
async fn coordinator(db: &TestDb, slug: &str) -> Actor {
    let t = territory::create(&db.conn, slug, slug, false).await.unwrap();
    let cli = Actor::command_line(t.id, "test");
    let cx = Ctx { db: &db.conn, actor: &cli, today: today() };
    let email = format!("coord@{slug}.fr");
    let user = ops::create_user(&cx, &email, "Camille", Role::Coordinator, "un mot de passe sûr").await.unwrap();
    Actor { territory_id: t.id, user_id: Some(user.id), name: user.display_name, role: Role::Coordinator }
}

#[tokio::test]
async fn an_invitation_follows_the_form_rules_and_queues_its_message() {
    let db = TestDb::new().await;
    let me = coordinator(&db, "a").await;
    let cx = Ctx { db: &db.conn, actor: &me, today: today() };
    let message = |f: &maillage_domain::accounts::InviteFields, secret: &str, _existing: bool| {
        outbox::invitation(&f.email, &f.display_name, "A", &format!("https://x/invitation/{secret}"), 7)
    };
    let bad = InviteForm { email: "pas-une-adresse".into(), display_name: "Ana".into(), role: "elected".into() };
    assert!(field_error(ops::invite(&cx, &bad, &message).await, "email").contains("invalide"));
    assert_eq!(accounts::list_users(&db.conn, me.territory_id).await.unwrap().len(), 1, "nothing written");

    let form = InviteForm { email: "Ana@A.fr".into(), display_name: "Ana".into(), role: "elected".into() };
    let (invited, secret) = ops::invite(&cx, &form, &message).await.unwrap();
    assert!(invited.pending && invited.email == "ana@a.fr" && secret.len() >= 32);
    let again = ops::invite(&cx, &form, &message).await;
    assert!(field_error(again, "email").contains("dans ce territoire"));
}

#[tokio::test]
async fn nobody_demotes_themselves_and_an_elected_manages_no_account() {
    let db = TestDb::new().await;
    let me = coordinator(&db, "a").await;
    let cx = Ctx { db: &db.conn, actor: &me, today: today() };
    let demote = AccountForm { role: "elected".into(), active: Some("on".into()) };
    assert!(field_error(ops::update_account(&cx, me.user_id.unwrap(), &demote).await, "role").contains("propre rôle"));
    let elected = Actor { role: Role::Elected, ..me.clone() };
    let cx = Ctx { db: &db.conn, actor: &elected, today: today() };
    let r = ops::update_account(&cx, me.user_id.unwrap(), &demote).await;
    assert!(matches!(r, Err(OpError::Refused(Refusal::Forbidden))), "{r:?}");
}

#[tokio::test]
async fn a_token_is_made_only_for_oneself_and_a_password_change_needs_the_current_one() {
    let db = TestDb::new().await;
    let me = coordinator(&db, "a").await;
    let other = coordinator(&db, "b").await;
    let cx = Ctx { db: &db.conn, actor: &me, today: today() };
    let form = TokenForm { name: "Tableur".into(), ..Default::default() };
    let r = ops::create_token(&cx, other.user_id.unwrap(), &form).await;
    assert!(matches!(r, Err(OpError::Refused(Refusal::Forbidden))), "{r:?}");
    let (token, secret) = ops::create_token(&cx, me.user_id.unwrap(), &form).await.unwrap();
    assert!(token.read_only && secret.starts_with("mlg_"));

    let new =
        NewPasswordForm { password: "un autre mot de passe".into(), confirmation: "un autre mot de passe".into() };
    let mut change = PasswordChangeForm { current: "pas le bon".into(), new };
    assert!(field_error(ops::change_password(&cx, &change, None).await, "current").contains("actuel"));
    change.current = "un mot de passe sûr".into();
    ops::change_password(&cx, &change, None).await.unwrap();
    let stored = accounts::password_hash_of(&db.conn, me.user_id.unwrap()).await.unwrap();
    assert!(accounts::password::verify(&stored, "un autre mot de passe"));
}
