//! The [`PracticeStore`] implementation: invitations of a kind, practitioner-client links,
//! notes and prescriptions. Notes and prescriptions are written with `INSERT ... SELECT` from
//! the profiles the scope sees ([`VISIBLE`]), so the scope check and the write are one
//! statement and a link that ended a moment ago already refuses them.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::plan::{StrengthenTechnique, StretchOption};
use psoas_core::practice::{ClientLink, NewNote, Note, Prescribed};
use psoas_core::{Account, AccountId, DisplayName, InvitationKind, Prescription, ProfileId};
use psoas_store::columns::{self as rows, Columns, micros};
use psoas_store::keys::ScopeBinds;
use psoas_store::practice_columns::{
    self as practice_rows, account_not_found, client_not_found, may_not_invite, no_link,
    practice_profile_not_found, practice_session_not_found, practitioner_of_scope,
};
use psoas_store::{PracticeStore, Scope, StoreResult};
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::protocol::{VISIBLE, bind_scope};
use crate::rows::Cols;
use crate::{SqliteStore, backend};

/// Links a new client account to the practitioner whose invitation it used, inside the
/// invitation's transaction.
pub(crate) async fn link(
    conn: &mut SqliteConnection,
    practitioner: &str,
    client: &Account,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO practice_links (id, practitioner_id, client_id, linked_at) \
         VALUES (?, ?, ?, ?)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(practitioner)
    .bind(client.id.to_string())
    .bind(micros(client.created_at))
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(())
}

const LINK_SELECT: &str = "SELECT l.practitioner_id, l.client_id, l.linked_at, \
     c.display_name AS client_name, c.email AS client_email, \
     pr.display_name AS practitioner_name \
     FROM practice_links l JOIN accounts c ON c.id = l.client_id \
     JOIN accounts pr ON pr.id = l.practitioner_id WHERE l.ended_at IS NULL";

impl SqliteStore {
    /// Whether a profile is within the scope's reach.
    async fn profile_visible(&self, scope: Scope, profile: ProfileId) -> StoreResult<bool> {
        let sql = format!("SELECT p.id FROM profiles p WHERE p.id = ? AND {VISIBLE}");
        let binds = ScopeBinds::of(scope);
        let found: Option<String> = bind_scope!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(profile.to_string()),
            binds
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(found.is_some())
    }
}

#[async_trait]
impl PracticeStore for SqliteStore {
    async fn add_invitation_of_kind(
        &self,
        token_hash: &str,
        by: AccountId,
        kind: InvitationKind,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT * FROM accounts WHERE id = ?")
            .bind(by.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Err(account_not_found(by));
        };
        let maker = rows::account(&Cols(&row))?;
        if !kind.may_be_made_by(maker.role) {
            return Err(may_not_invite(kind));
        }
        sqlx::query(
            "INSERT INTO invitations (token_hash, created_by, created_at, expires_at, kind) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(by.to_string())
        .bind(micros(at))
        .bind(micros(expires_at))
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn open_invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<(InvitationKind, DisplayName)>> {
        let row = sqlx::query(
            "SELECT i.kind, a.display_name FROM invitations i \
             JOIN accounts a ON a.id = i.created_by \
             WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ?",
        )
        .bind(token_hash)
        .bind(micros(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|row| practice_rows::open_invitation(&Cols(&row)))
            .transpose()
    }

    async fn clients(&self, practitioner: AccountId) -> StoreResult<Vec<ClientLink>> {
        let sql =
            format!("{LINK_SELECT} AND l.practitioner_id = ? ORDER BY lower(c.display_name), c.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(practitioner.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| practice_rows::client_link(&Cols(r)))
            .collect()
    }

    async fn client(&self, practitioner: AccountId, client: AccountId) -> StoreResult<ClientLink> {
        let sql = format!("{LINK_SELECT} AND l.practitioner_id = ? AND l.client_id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(practitioner.to_string())
            .bind(client.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        match row {
            Some(row) => practice_rows::client_link(&Cols(&row)),
            None => Err(client_not_found(client)),
        }
    }

    async fn practitioner_of(&self, client: AccountId) -> StoreResult<Option<ClientLink>> {
        let sql = format!("{LINK_SELECT} AND l.client_id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(client.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| practice_rows::client_link(&Cols(&r)))
            .transpose()
    }

    async fn unlink(&self, by: AccountId, client: AccountId, at: Timestamp) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE practice_links SET ended_at = ?, ended_by = ? \
             WHERE client_id = ? AND ended_at IS NULL AND (client_id = ? OR practitioner_id = ?)",
        )
        .bind(micros(at))
        .bind(by.to_string())
        .bind(client.to_string())
        .bind(by.to_string())
        .bind(by.to_string())
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(no_link(client));
        }
        Ok(())
    }

    async fn add_note(&self, scope: Scope, note: &NewNote) -> StoreResult<()> {
        let author = practitioner_of_scope(scope, "notes")?;
        let sql = format!(
            "INSERT INTO practice_notes (id, profile_id, session_id, author_id, text, created_at) \
             SELECT ?, p.id, ?, ?, ?, ? FROM profiles p WHERE p.id = ? AND {VISIBLE} \
             AND (? IS NULL OR EXISTS (SELECT 1 FROM sessions s WHERE s.id = ? \
             AND s.profile_id = p.id))"
        );
        let session = note.session_id.map(|s| s.to_string());
        let binds = ScopeBinds::of(scope);
        let done = bind_scope!(
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(note.id.to_string())
                .bind(session.clone())
                .bind(author.to_string())
                .bind(note.text.as_str())
                .bind(micros(note.created_at))
                .bind(note.profile_id.to_string()),
            binds
        )
        .bind(session.clone())
        .bind(session.clone())
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(match note.session_id {
                Some(s) => practice_session_not_found(s),
                None => practice_profile_not_found(note.profile_id),
            });
        }
        Ok(())
    }

    async fn notes(&self, scope: Scope, profile: ProfileId) -> StoreResult<Vec<Note>> {
        let author = practitioner_of_scope(scope, "notes")?;
        if !self.profile_visible(scope, profile).await? {
            return Err(practice_profile_not_found(profile));
        }
        let sql = format!(
            "SELECT n.*, a.display_name AS author_name FROM practice_notes n \
             JOIN profiles p ON p.id = n.profile_id JOIN accounts a ON a.id = n.author_id \
             WHERE n.profile_id = ? AND n.author_id = ? AND {VISIBLE} \
             ORDER BY n.created_at, n.rowid"
        );
        let binds = ScopeBinds::of(scope);
        let rows = bind_scope!(
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(profile.to_string())
                .bind(author.to_string()),
            binds
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(|r| practice_rows::note(&Cols(r))).collect()
    }

    async fn set_prescription(
        &self,
        scope: Scope,
        profile: ProfileId,
        prescription: &Prescription,
        at: Timestamp,
    ) -> StoreResult<()> {
        let by = practitioner_of_scope(scope, "prescriptions")?;
        let d = &prescription.durations;
        let sql = format!(
            "INSERT INTO prescriptions (profile_id, set_by, set_at, stretch, technique, reps, \
             hold_seconds, release_seconds, roller_seconds, strengthen_seconds) \
             SELECT p.id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM profiles p WHERE p.id = ? AND {VISIBLE} \
             ON CONFLICT (profile_id) DO UPDATE SET set_by = excluded.set_by, \
             set_at = excluded.set_at, stretch = excluded.stretch, \
             technique = excluded.technique, reps = excluded.reps, \
             hold_seconds = excluded.hold_seconds, release_seconds = excluded.release_seconds, \
             roller_seconds = excluded.roller_seconds, \
             strengthen_seconds = excluded.strengthen_seconds"
        );
        let binds = ScopeBinds::of(scope);
        let done = bind_scope!(
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(by.to_string())
                .bind(micros(at))
                .bind(prescription.stretch.map(StretchOption::as_str))
                .bind(prescription.technique.map(StrengthenTechnique::as_str))
                .bind(i64::from(d.reps))
                .bind(i64::from(d.hold_seconds))
                .bind(i64::from(d.release_seconds))
                .bind(i64::from(d.roller_seconds))
                .bind(i64::from(d.strengthen_seconds))
                .bind(profile.to_string()),
            binds
        )
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(practice_profile_not_found(profile));
        }
        Ok(())
    }

    async fn prescription(
        &self,
        scope: Scope,
        profile: ProfileId,
    ) -> StoreResult<Option<Prescribed>> {
        // Only the prescription of the client's live practitioner is in force.
        let sql = format!(
            "SELECT p.id AS pid, r.*, a.display_name AS by_name FROM profiles p \
             LEFT JOIN prescriptions r ON r.profile_id = p.id AND EXISTS (SELECT 1 FROM \
             practice_links k WHERE k.client_id = p.owner_id AND k.practitioner_id = r.set_by \
             AND k.ended_at IS NULL) \
             LEFT JOIN accounts a ON a.id = r.set_by WHERE p.id = ? AND {VISIBLE}"
        );
        let binds = ScopeBinds::of(scope);
        let row = bind_scope!(
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(profile.to_string()),
            binds
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Err(practice_profile_not_found(profile));
        };
        let row = Cols(&row);
        match row.text("set_by")? {
            Some(_) => practice_rows::prescribed(&row).map(Some),
            None => Ok(None),
        }
    }
}
