//! The access log from the server's side: each front door notes here when a practitioner
//! reaches a client's records or an account exports or imports its own, before the records
//! are shown; and the purge, on a schedule, of what has ended.
//!
//! An access that cannot be noted is not served: the request fails rather than leave no
//! trace.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use psoas_core::{AccountId, ProfileId};
use psoas_store::StoreResult;
use psoas_store::audit::{AccessEvent, AccessKind, Actor, Door, Purged, Retention};

use crate::AppState;
use crate::auth::{idle_since, now};

/// How long a failed sign-in is kept: longer than any limit counts back.
const FAILURES_KEPT: SignedDuration = SignedDuration::from_hours(24);

/// How long an ended set-up link, invitation or reset link is kept.
const ENDED_LINKS_KEPT: SignedDuration = SignedDuration::from_hours(24 * 30);

/// Notes that `actor` did `kind` with `subject`'s records (one person's, when `profile`).
pub async fn note(
    state: &AppState,
    door: Door,
    actor: AccountId,
    subject: AccountId,
    profile: Option<ProfileId>,
    kind: AccessKind,
) -> StoreResult<()> {
    state
        .store
        .record_access(&AccessEvent {
            at: now(),
            actor,
            subject,
            profile,
            kind,
            door,
        })
        .await
}

/// What has ended by `at`, by the server's settings.
pub fn retention(state: &AppState, at: Timestamp) -> Retention {
    let before = |kept: SignedDuration| at.checked_sub(kept).unwrap_or(Timestamp::UNIX_EPOCH);
    Retention {
        now: at,
        idle_since: idle_since(&state.settings, at),
        failures_before: before(FAILURES_KEPT),
        links_ended_before: before(ENDED_LINKS_KEPT),
        access_before: before(SignedDuration::from_hours(
            24 * state.settings.access_log_days,
        )),
    }
}

/// Purges what has ended now, and logs how much went.
pub async fn purge_now(state: &AppState) -> StoreResult<Purged> {
    let purged = state.store.purge(&retention(state, now())).await?;
    if purged != Purged::default() {
        tracing::info!(
            sign_ins = purged.sign_ins,
            failed_sign_ins = purged.failures,
            links = purged.links,
            accesses = purged.access,
            "purged what has ended"
        );
    }
    Ok(purged)
}

/// Purges at start and then every `settings.purge_every`, for as long as the server runs. A
/// failed purge is logged and tried again at the next turn.
pub fn spawn_purges(state: AppState) -> tokio::task::JoinHandle<()> {
    let every = state.settings.purge_every.max(Duration::from_millis(10));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = purge_now(&state).await {
                tracing::warn!(%error, "the scheduled purge failed; it runs again later");
            }
        }
    })
}

/// What was done, for the holder of the records to read, after the name of who did it
/// ("Pia Berg opened a check").
pub fn what_was_done(kind: AccessKind) -> &'static str {
    match kind {
        AccessKind::ClientOverview => "saw your people and their last checks",
        AccessKind::Sessions => "listed your checks",
        AccessKind::Session => "opened a check",
        AccessKind::Progress => "saw your progress",
        AccessKind::NotesRead => "read their notes about you",
        AccessKind::NoteWritten => "wrote a note about you",
        AccessKind::PrescriptionRead => "read your exercise prescription",
        AccessKind::PrescriptionSet => "set your exercise prescription",
        AccessKind::Exported => "downloaded records (an export or a report)",
        AccessKind::Imported => "imported records",
    }
}

/// The front door, for people.
pub fn door_name(door: Door) -> &'static str {
    match door {
        Door::Pages => "the web pages",
        Door::Api => "the API",
    }
}

/// Who did it, for the holder of the records to read.
pub fn who(actor: &Actor) -> String {
    match actor {
        Actor::Themselves => "You".to_string(),
        Actor::Account { name, email } => format!("{name} ({email})"),
        Actor::Deleted => "An account deleted since".to_string(),
    }
}

/// How many entries the account's own view shows, newest first.
pub const SHOWN: u32 = 500;
