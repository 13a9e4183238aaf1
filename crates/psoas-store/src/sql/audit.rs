//! [`AuditStore`] over SQL: the access log kept per holder of the records, and the purge of
//! what has ended, in one transaction.

use async_trait::async_trait;
use jiff::SignedDuration;
use psoas_core::AccountId;
use uuid::Uuid;

use super::{Db, args};
use crate::StoreResult;
use crate::audit::{
    ACCESS_REPEAT_WINDOW, AccessEntry, AccessEvent, AccessKind, Actor, AuditStore, Door, Purged,
    Retention,
};
use crate::columns::{self, Columns, corrupt};

fn entry(row: &dyn Columns, subject: AccountId) -> StoreResult<AccessEntry> {
    let kind = columns::text(row, "kind")?;
    let door = columns::text(row, "door")?;
    let actor = match row.text("actor_id")? {
        None => Actor::Deleted,
        Some(id) if id == subject.to_string() => Actor::Themselves,
        Some(_) => Actor::Account {
            name: columns::text(row, "actor_name")?,
            email: columns::text(row, "actor_email")?,
        },
    };
    Ok(AccessEntry {
        at: columns::time(columns::int(row, "at")?)?,
        actor,
        profile_name: row.text("profile_name")?,
        kind: AccessKind::parse(&kind)
            .ok_or_else(|| corrupt(format!("an access of an unknown kind '{kind}'")))?,
        door: Door::parse(&door)
            .ok_or_else(|| corrupt(format!("an access through an unknown door '{door}'")))?,
    })
}

#[async_trait]
impl<T: Db> AuditStore for T {
    async fn record_access(&self, event: &AccessEvent) -> StoreResult<()> {
        let window = SignedDuration::try_from(ACCESS_REPEAT_WINDOW).unwrap_or_default();
        let since = event.at.checked_sub(window).unwrap_or(event.at);
        self.writer()
            .await?
            .run(
                "INSERT INTO access_log (id, at, actor_id, subject_id, profile_id, kind, door) \
                 SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM access_log \
                 WHERE actor_id = $3 AND subject_id = $4 AND profile_id IS NOT DISTINCT FROM $5 \
                 AND kind = $6 AND door = $7 AND at > $8)",
                &args![
                    Uuid::new_v4(),
                    event.at,
                    event.actor,
                    event.subject,
                    event.profile.map(|p| p.to_string()),
                    event.kind.as_str(),
                    event.door.as_str(),
                    since
                ],
            )
            .await?;
        Ok(())
    }

    async fn access_log(&self, subject: AccountId, limit: u32) -> StoreResult<Vec<AccessEntry>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT l.at, l.kind, l.door, l.actor_id, a.display_name AS actor_name, \
                 a.email AS actor_email, p.name AS profile_name FROM access_log l \
                 LEFT JOIN accounts a ON a.id = l.actor_id \
                 LEFT JOIN profiles p ON p.id = l.profile_id \
                 WHERE l.subject_id = $1 ORDER BY l.at DESC, l.id LIMIT $2",
                &args![subject, i64::from(limit)],
            )
            .await?;
        rows.iter().map(|row| entry(&**row, subject)).collect()
    }

    async fn purge(&self, retention: &Retention) -> StoreResult<Purged> {
        let mut tx = self.begin().await?;
        let sign_ins = tx
            .run(
                "DELETE FROM web_sessions WHERE expires_at <= $1 OR last_used_at <= $2",
                &args![retention.now, retention.idle_since],
            )
            .await?;
        let failures = tx
            .run(
                "DELETE FROM login_failures WHERE failed_at <= $1",
                &args![retention.failures_before],
            )
            .await?;
        let ended = retention.links_ended_before;
        let mut links = tx
            .run(
                "DELETE FROM setup_tokens WHERE used_at <= $1",
                &args![ended],
            )
            .await?;
        for table in ["invitations", "password_resets"] {
            links += tx
                .run(
                    &format!(
                        "DELETE FROM {table} WHERE used_at <= $1 \
                         OR (used_at IS NULL AND expires_at <= $1)"
                    ),
                    &args![ended],
                )
                .await?;
        }
        let access = tx
            .run(
                "DELETE FROM access_log WHERE at <= $1",
                &args![retention.access_before],
            )
            .await?;
        tx.commit().await?;
        Ok(Purged {
            sign_ins,
            failures,
            links,
            access,
        })
    }
}
