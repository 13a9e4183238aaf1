//! One page of history: the sessions of a page and their records, read with LIMIT and OFFSET,
//! so a history line costs the same whether the history holds ten sessions or ten years; the
//! count and the page come back from one query, their records from a second.

use psoas_core::{ProfileId, Session, SessionRecord};
use psoas_store::columns::{self as rows};
use psoas_store::keys::ScopeBinds;
use psoas_store::{STAMP_COLUMNS, Scope, SessionStamp, StoreError, StoreResult, session_stamp};
use sqlx::Row;

use crate::bulk::IN_IDS;
use crate::protocol::{VISIBLE, bind_scope};
use crate::rows::Cols;
use crate::{SqliteStore, backend};

impl SqliteStore {
    pub(crate) async fn page_of_stamps(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<SessionStamp>)> {
        let binds = ScopeBinds::of(scope);
        let profile = profile.map(|p| p.to_string());
        let from = format!(
            "FROM sessions s JOIN profiles p ON p.id = s.profile_id \
             WHERE {VISIBLE} AND (? IS NULL OR s.profile_id = ?)"
        );
        // The count and the page in one round trip (see records.rs for why that matters).
        let sql = format!(
            "SELECT 'count' AS row_table, count(*) AS total {from}; \
             SELECT 'sessions' AS row_table, s.*, {STAMP_COLUMNS} {from} ORDER BY s.started_at, s.id \
             LIMIT ? OFFSET ?"
        );
        let query = bind_scope!(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .bind(profile.clone())
            .bind(profile.clone());
        let rows = bind_scope!(query, binds)
            .bind(profile.clone())
            .bind(profile)
            .bind(i64::from(limit))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let (count, page) = rows.split_first().ok_or_else(|| {
            rows::corrupt("the count of a history page came back empty".to_string())
        })?;
        let total: i64 = count.try_get("total").map_err(rows::corrupt)?;
        let stamps = page
            .iter()
            .map(|row| session_stamp(&Cols(row)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((u64::try_from(total).unwrap_or(0), stamps))
    }

    /// Sessions already read, with their records, in one more round trip.
    pub(crate) async fn records_of(
        &self,
        scope: Scope,
        sessions: Vec<Session>,
    ) -> StoreResult<Vec<SessionRecord>> {
        if sessions.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = sessions.iter().map(|s| s.id.to_string()).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Backend(Box::new(e)))?;
        self.load_records(scope, sessions, IN_IDS, Some(ids)).await
    }
}
