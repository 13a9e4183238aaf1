//! History lines served from memory while their sessions are unchanged: judging a page of
//! sessions and reading everything recorded in them was most of what a history request cost,
//! and history is read far more often than it changes.
//!
//! Every request still asks the store for the page, so what is shown is always what the
//! database holds, through every server at once: a line is reused only when its session's
//! [`SessionStamp`] and its profile are exactly those it was judged from (a trial, an
//! exercise, new symptoms or screening, a finished session or an edited profile all change
//! one of them). Access is the store's: a line is only ever taken for a session that the
//! caller's own query just returned.

use psoas_core::history::HistoryEntry;
use psoas_core::{Profile, ProfileId, SessionId};
use psoas_store::{AppStore, Scope, SessionStamp, StoreError, StoreResult};
use quick_cache::sync::Cache;
use std::collections::HashMap;
use std::sync::Arc;

/// How many lines are kept (about a kilobyte each).
const CAPACITY: usize = 10_000;

/// A judged line and what it was judged from.
#[derive(Clone)]
struct Judged {
    stamp: SessionStamp,
    profile: Profile,
    entry: Arc<HistoryEntry>,
}

/// The server's memory of judged history lines.
pub struct HistoryLines {
    lines: Cache<SessionId, Judged>,
}

impl Default for HistoryLines {
    fn default() -> Self {
        Self {
            lines: Cache::new(CAPACITY),
        }
    }
}

impl HistoryLines {
    /// The lines of a page of history, in the page's order: reused where unchanged, the
    /// others read with their records (one store call for all of them) and judged.
    pub async fn lines(
        &self,
        store: &dyn AppStore,
        scope: Scope,
        stamps: Vec<SessionStamp>,
        profiles: &HashMap<ProfileId, Profile>,
    ) -> StoreResult<Vec<Arc<HistoryEntry>>> {
        let profile_of = |stamp: &SessionStamp| {
            profiles.get(&stamp.session.profile_id).ok_or_else(|| {
                StoreError::Corrupt(format!("session {} has no profile", stamp.session.id))
            })
        };
        let mut lines: Vec<Option<Arc<HistoryEntry>>> = Vec::with_capacity(stamps.len());
        let mut stale = Vec::new();
        for stamp in &stamps {
            let profile = profile_of(stamp)?;
            let kept = self
                .lines
                .get(&stamp.session.id)
                .filter(|j| j.stamp == *stamp && j.profile == *profile);
            if kept.is_none() {
                stale.push(stamp.session.clone());
            }
            lines.push(kept.map(|j| j.entry));
        }
        if !stale.is_empty() {
            let records = store.with_records(scope, stale).await?;
            let mut fresh: HashMap<SessionId, Arc<HistoryEntry>> = HashMap::new();
            for record in &records {
                let Some(stamp) = stamps.iter().find(|s| s.session.id == record.session.id) else {
                    continue;
                };
                let profile = profile_of(stamp)?;
                let entry = Arc::new(HistoryEntry::new(record, profile));
                // Kept under the stamp read with the page: the record was read after it, so
                // it is never older than its stamp says.
                self.lines.insert(
                    record.session.id,
                    Judged {
                        stamp: stamp.clone(),
                        profile: profile.clone(),
                        entry: entry.clone(),
                    },
                );
                fresh.insert(record.session.id, entry);
            }
            for (line, stamp) in lines.iter_mut().zip(&stamps) {
                if line.is_none() {
                    *line = fresh.get(&stamp.session.id).cloned();
                }
            }
        }
        // A session gone out of scope between the two reads is left out, as it would be
        // had the page been read a moment later.
        Ok(lines.into_iter().flatten().collect())
    }
}
