//! [`PracticeStore`] over SQL: invitations of a kind, practitioner-client links, notes and
//! prescriptions. Notes and prescriptions are written with `INSERT ... SELECT` from the
//! profiles the scope sees ([`VISIBLE`]), so the scope check and the write are one statement
//! and a link that ended a moment ago already refuses them.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::plan::{StrengthenTechnique, StretchOption};
use psoas_core::practice::{ClientLink, NewNote, Note, Prescribed};
use psoas_core::{AccountId, DisplayName, InvitationKind, Prescription, ProfileId};

use super::{Db, VISIBLE, args, first, scoped};
use crate::columns;
use crate::practice_columns::{
    self as practice_rows, account_not_found, client_not_found, invitation_not_found,
    may_not_invite, no_link, practice_profile_not_found, practice_session_not_found,
    practitioner_of_scope,
};
use crate::{OpenInvitation, PracticeStore, Scope, StoreResult};

const LINK_SELECT: &str = "SELECT l.practitioner_id, l.client_id, l.linked_at, \
     c.display_name AS client_name, c.email AS client_email, \
     pr.display_name AS practitioner_name \
     FROM practice_links l JOIN accounts c ON c.id = l.client_id \
     JOIN accounts pr ON pr.id = l.practitioner_id WHERE l.ended_at IS NULL";

/// Whether a profile is within the scope's reach.
async fn profile_visible(db: &dyn Db, scope: Scope, profile: ProfileId) -> StoreResult<bool> {
    let sql = format!("SELECT p.id FROM profiles p WHERE p.id = $6 AND {VISIBLE}");
    let rows = db
        .read()
        .await?
        .rows(&sql, &scoped(scope, args![profile]))
        .await?;
    Ok(!rows.is_empty())
}

/// The live links `condition` (over `$1..`) selects, in `order`.
async fn links(
    db: &dyn Db,
    condition: &str,
    values: &[crate::transfer::Value],
) -> StoreResult<Vec<ClientLink>> {
    let sql = format!("{LINK_SELECT} AND {condition}");
    let rows = db.read().await?.rows(&sql, values).await?;
    rows.iter()
        .map(|r| practice_rows::client_link(&**r))
        .collect()
}

#[async_trait]
impl<T: Db> PracticeStore for T {
    async fn add_invitation_of_kind(
        &self,
        token_hash: &str,
        by: AccountId,
        kind: InvitationKind,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<uuid::Uuid> {
        let id = uuid::Uuid::new_v4();
        let mut tx = self.begin().await?;
        let rows = tx
            .rows("SELECT * FROM accounts WHERE id = $1", &args![by])
            .await?;
        let Some(row) = first(rows) else {
            return Err(account_not_found(by));
        };
        let maker = columns::account(&*row)?;
        if !kind.may_be_made_by(maker.role) {
            return Err(may_not_invite(kind));
        }
        tx.run(
            "INSERT INTO invitations (id, token_hash, created_by, created_at, expires_at, kind) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &args![id, token_hash, by, at, expires_at, kind.as_str()],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn open_invitations(
        &self,
        by: AccountId,
        now: Timestamp,
    ) -> StoreResult<Vec<OpenInvitation>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT id, kind, created_at, expires_at FROM invitations \
                 WHERE created_by = $1 AND used_at IS NULL AND expires_at > $2 \
                 ORDER BY created_at DESC, id",
                &args![by, now],
            )
            .await?;
        rows.iter()
            .map(|row| practice_rows::invitation(&**row))
            .collect()
    }

    async fn withdraw_invitation(
        &self,
        by: AccountId,
        id: uuid::Uuid,
        now: Timestamp,
    ) -> StoreResult<()> {
        let withdrawn = self
            .writer()
            .await?
            .run(
                "UPDATE invitations SET expires_at = $1 WHERE id = $2 AND created_by = $3 \
                 AND used_at IS NULL AND expires_at > $1",
                &args![now, id, by],
            )
            .await?;
        if withdrawn == 0 {
            return Err(invitation_not_found(id));
        }
        Ok(())
    }

    async fn open_invitation(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<(InvitationKind, DisplayName)>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT i.kind, a.display_name FROM invitations i \
                 JOIN accounts a ON a.id = i.created_by \
                 WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2",
                &args![token_hash, now],
            )
            .await?;
        first(rows)
            .map(|row| practice_rows::open_invitation(&*row))
            .transpose()
    }

    async fn clients(&self, practitioner: AccountId) -> StoreResult<Vec<ClientLink>> {
        let bytes = self.dialect().bytes;
        let condition =
            format!("l.practitioner_id = $1 ORDER BY lower(c.display_name){bytes}, c.id{bytes}");
        links(self, &condition, &args![practitioner]).await
    }

    async fn client(&self, practitioner: AccountId, client: AccountId) -> StoreResult<ClientLink> {
        let found = links(
            self,
            "l.practitioner_id = $1 AND l.client_id = $2",
            &args![practitioner, client],
        )
        .await?;
        found
            .into_iter()
            .next()
            .ok_or_else(|| client_not_found(client))
    }

    async fn practitioner_of(&self, client: AccountId) -> StoreResult<Option<ClientLink>> {
        let found = links(self, "l.client_id = $1", &args![client]).await?;
        Ok(found.into_iter().next())
    }

    async fn unlink(&self, by: AccountId, client: AccountId, at: Timestamp) -> StoreResult<()> {
        let done = self
            .writer()
            .await?
            .run(
                "UPDATE practice_links SET ended_at = $1, ended_by = $2 WHERE client_id = $3 \
                 AND ended_at IS NULL AND (client_id = $2 OR practitioner_id = $2)",
                &args![at, by, client],
            )
            .await?;
        if done == 0 {
            return Err(no_link(client));
        }
        Ok(())
    }

    async fn add_note(&self, scope: Scope, note: &NewNote) -> StoreResult<()> {
        let author = practitioner_of_scope(scope, "notes")?;
        let sql = format!(
            "INSERT INTO practice_notes (id, profile_id, session_id, author_id, text, created_at) \
             SELECT $6, p.id, $7, $8, $9, $10 FROM profiles p WHERE p.id = $11 AND {VISIBLE} \
             AND ($7 IS NULL OR EXISTS (SELECT 1 FROM sessions s WHERE s.id = $7 \
             AND s.profile_id = p.id))"
        );
        let values = scoped(
            scope,
            args![
                note.id,
                note.session_id.map(|s| s.to_string()),
                author,
                note.text.as_str(),
                note.created_at,
                note.profile_id,
            ],
        );
        let done = self.writer().await?.run(&sql, &values).await?;
        if done == 0 {
            return Err(match note.session_id {
                Some(s) => practice_session_not_found(s),
                None => practice_profile_not_found(note.profile_id),
            });
        }
        Ok(())
    }

    async fn notes(&self, scope: Scope, profile: ProfileId) -> StoreResult<Vec<Note>> {
        let author = practitioner_of_scope(scope, "notes")?;
        if !profile_visible(self, scope, profile).await? {
            return Err(practice_profile_not_found(profile));
        }
        let sql = format!(
            "SELECT n.*, a.display_name AS author_name FROM practice_notes n \
             JOIN profiles p ON p.id = n.profile_id JOIN accounts a ON a.id = n.author_id \
             WHERE n.profile_id = $6 AND n.author_id = $7 AND {VISIBLE} \
             ORDER BY n.created_at, n.{}",
            self.dialect().insertion_order
        );
        let rows = self
            .read()
            .await?
            .rows(&sql, &scoped(scope, args![profile, author]))
            .await?;
        rows.iter().map(|r| practice_rows::note(&**r)).collect()
    }

    async fn notes_about(&self, client: AccountId) -> StoreResult<Vec<(DisplayName, Note)>> {
        let d = self.dialect();
        let sql = format!(
            "SELECT n.*, a.display_name AS author_name, p.name AS profile_name \
             FROM practice_notes n JOIN profiles p ON p.id = n.profile_id \
             JOIN accounts a ON a.id = n.author_id WHERE p.owner_id = $1 \
             ORDER BY p.name_key{}, n.created_at, n.{}",
            d.bytes, d.insertion_order
        );
        let rows = self.read().await?.rows(&sql, &args![client]).await?;
        rows.iter()
            .map(|r| {
                let profile = DisplayName::parse(&columns::text(&**r, "profile_name")?)
                    .map_err(columns::corrupt)?;
                Ok((profile, practice_rows::note(&**r)?))
            })
            .collect()
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
             SELECT p.id, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM profiles p \
             WHERE p.id = $15 AND {VISIBLE} \
             ON CONFLICT (profile_id) DO UPDATE SET set_by = excluded.set_by, \
             set_at = excluded.set_at, stretch = excluded.stretch, \
             technique = excluded.technique, reps = excluded.reps, \
             hold_seconds = excluded.hold_seconds, release_seconds = excluded.release_seconds, \
             roller_seconds = excluded.roller_seconds, \
             strengthen_seconds = excluded.strengthen_seconds"
        );
        let values = scoped(
            scope,
            args![
                by,
                at,
                prescription.stretch.map(StretchOption::as_str),
                prescription.technique.map(StrengthenTechnique::as_str),
                i64::from(d.reps),
                i64::from(d.hold_seconds),
                i64::from(d.release_seconds),
                i64::from(d.roller_seconds),
                i64::from(d.strengthen_seconds),
                profile,
            ],
        );
        let done = self.writer().await?.run(&sql, &values).await?;
        if done == 0 {
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
             LEFT JOIN accounts a ON a.id = r.set_by WHERE p.id = $6 AND {VISIBLE}"
        );
        let rows = self
            .read()
            .await?
            .rows(&sql, &scoped(scope, args![profile]))
            .await?;
        let Some(row) = first(rows) else {
            return Err(practice_profile_not_found(profile));
        };
        match row.text("set_by")? {
            Some(_) => practice_rows::prescribed(&*row).map(Some),
            None => Ok(None),
        }
    }
}
