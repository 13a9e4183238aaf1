//! Deleting for real, each in one transaction: a struck-out trial, a session, a profile, an
//! account with all its data. The rows a deleted row leaves behind are those the schema's
//! `ON DELETE CASCADE` keys reach (declared alike on both backends: sessions, screenings,
//! symptoms, trials with their series, exercises, notes and prescriptions about a profile or
//! session; an account's profiles, sign-ins, tokens, reset links, invitations, practice links
//! and what it wrote), deleted in the same statement; what no key reaches (the invitation an
//! account came in by, failed sign-ins counted against its address) is deleted explicitly in
//! the same transaction. Counts are read first, in the transaction, to say what went.

use psoas_core::{AccountId, MeasurementId, ProfileId, Role, SessionId};

use super::{Conn, Db, VISIBLE, args, first, scoped};
use crate::columns::{self, Columns};
use crate::keys::{
    account_not_found, delete_void_first, login_key_of_email, measurement_not_found,
    only_owner_removes, owner_not_deleted, profile_not_found, session_not_found, writable,
};
use crate::{Contents, Scope, StoreResult};

/// A count column of a row (none: 0).
fn count(row: &dyn Columns, column: &str) -> StoreResult<u64> {
    Ok(u64::try_from(row.int(column)?.unwrap_or(0)).unwrap_or(0))
}

/// Sessions and trials of the profiles `p` (already filtered) as count columns.
const PROFILE_COUNTS: &str = "\
    (SELECT count(*) FROM sessions s WHERE s.profile_id = p.id) AS sessions, \
    (SELECT count(*) FROM measurements m JOIN sessions s ON s.id = m.session_id \
     WHERE s.profile_id = p.id) AS trials";

pub(super) async fn delete_measurement(
    db: &dyn Db,
    scope: Scope,
    session: SessionId,
    measurement: MeasurementId,
) -> StoreResult<()> {
    writable(scope)?;
    let mut tx = db.begin().await?;
    let sql = format!(
        "DELETE FROM measurements WHERE id = $6 AND session_id = $7 AND voided_at IS NOT NULL \
         AND EXISTS (SELECT 1 FROM sessions s JOIN profiles p ON p.id = s.profile_id \
         WHERE s.id = $7 AND {VISIBLE})"
    );
    let values = scoped(scope, args![measurement, session]);
    if tx.run(&sql, &values).await? == 1 {
        // Trials plus those deleted only grow, so a history line judged before is never
        // mistaken for this record (see `SessionStamp`).
        tx.run(
            "UPDATE sessions SET trials_deleted = trials_deleted + 1 WHERE id = $1",
            &args![session],
        )
        .await?;
        return tx.commit().await;
    }
    let sql = format!(
        "SELECT m.voided_at FROM measurements m JOIN sessions s ON s.id = m.session_id \
         JOIN profiles p ON p.id = s.profile_id \
         WHERE m.id = $6 AND m.session_id = $7 AND {VISIBLE}"
    );
    match first(tx.rows(&sql, &values).await?) {
        None => Err(measurement_not_found(measurement)),
        Some(_) => Err(delete_void_first()),
    }
}

pub(super) async fn delete_session(
    db: &dyn Db,
    scope: Scope,
    session: SessionId,
) -> StoreResult<Contents> {
    writable(scope)?;
    let mut tx = db.begin().await?;
    let sql = format!(
        "SELECT (SELECT count(*) FROM measurements m WHERE m.session_id = s.id) AS trials \
         FROM sessions s JOIN profiles p ON p.id = s.profile_id WHERE s.id = $6 AND {VISIBLE}"
    );
    let Some(row) = first(tx.rows(&sql, &scoped(scope, args![session])).await?) else {
        return Err(session_not_found(session));
    };
    let contents = Contents {
        profiles: 0,
        sessions: 1,
        trials: count(&*row, "trials")?,
    };
    tx.run("DELETE FROM sessions WHERE id = $1", &args![session])
        .await?;
    tx.commit().await?;
    Ok(contents)
}

pub(super) async fn delete_profile(
    db: &dyn Db,
    scope: Scope,
    profile: ProfileId,
) -> StoreResult<Contents> {
    writable(scope)?;
    let mut tx = db.begin().await?;
    let sql = format!("SELECT {PROFILE_COUNTS} FROM profiles p WHERE p.id = $6 AND {VISIBLE}");
    let Some(row) = first(tx.rows(&sql, &scoped(scope, args![profile])).await?) else {
        return Err(profile_not_found(profile));
    };
    let contents = Contents {
        profiles: 1,
        sessions: count(&*row, "sessions")?,
        trials: count(&*row, "trials")?,
    };
    tx.run("DELETE FROM profiles WHERE id = $1", &args![profile])
        .await?;
    tx.commit().await?;
    Ok(contents)
}

/// What an account owns, read on `conn`.
async fn contents_of(conn: &mut dyn Conn, account: AccountId) -> StoreResult<Contents> {
    let rows = conn
        .rows(
            "SELECT count(*) AS profiles, \
             (SELECT count(*) FROM sessions s JOIN profiles p ON p.id = s.profile_id \
              WHERE p.owner_id = $1) AS sessions, \
             (SELECT count(*) FROM measurements m JOIN sessions s ON s.id = m.session_id \
              JOIN profiles p ON p.id = s.profile_id WHERE p.owner_id = $1) AS trials \
             FROM profiles WHERE owner_id = $1",
            &args![account],
        )
        .await?;
    let Some(row) = first(rows) else {
        return Ok(Contents::default());
    };
    Ok(Contents {
        profiles: count(&*row, "profiles")?,
        sessions: count(&*row, "sessions")?,
        trials: count(&*row, "trials")?,
    })
}

/// An account by id, on `conn`.
async fn account_on(
    conn: &mut dyn Conn,
    id: AccountId,
) -> StoreResult<Option<psoas_core::Account>> {
    let rows = conn
        .rows("SELECT * FROM accounts WHERE id = $1", &args![id])
        .await?;
    first(rows).map(|row| columns::account(&*row)).transpose()
}

pub(super) async fn account_contents(db: &dyn Db, account: AccountId) -> StoreResult<Contents> {
    let mut conn = db.read().await?;
    if account_on(&mut *conn, account).await?.is_none() {
        return Err(account_not_found(account));
    }
    contents_of(&mut *conn, account).await
}

pub(super) async fn delete_account(
    db: &dyn Db,
    account: AccountId,
    by: AccountId,
) -> StoreResult<Contents> {
    let mut tx = db.begin().await?;
    let Some(gone) = account_on(&mut *tx, account).await? else {
        return Err(account_not_found(account));
    };
    if gone.role == Role::Owner {
        return Err(owner_not_deleted());
    }
    if by != account {
        let asking = account_on(&mut *tx, by).await?;
        if asking.is_none_or(|a| a.role != Role::Owner) {
            return Err(only_owner_removes());
        }
    }
    let contents = contents_of(&mut *tx, account).await?;
    tx.run(
        "DELETE FROM login_failures WHERE key = $1",
        &args![login_key_of_email(&gone.email)],
    )
    .await?;
    tx.run(
        "DELETE FROM invitations WHERE used_by = $1",
        &args![account],
    )
    .await?;
    tx.run("DELETE FROM accounts WHERE id = $1", &args![account])
        .await?;
    tx.commit().await?;
    Ok(contents)
}
