//! One page of history: the sessions of a page and their records, read with LIMIT and OFFSET,
//! so a history line costs the same whether the history holds ten sessions or ten years.

use psoas_core::{ProfileId, Session, SessionRecord};
use psoas_store::keys::ScopeBinds;
use psoas_store::{STAMP_COLUMNS, Scope, SessionStamp, StoreError, StoreResult, session_stamp};

use crate::bulk::IN_IDS;
use crate::protocol::{VISIBLE, bind_scope};
use crate::rows::Cols;
use crate::{PgStore, backend};

impl PgStore {
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
             WHERE {VISIBLE} AND ($6::text IS NULL OR s.profile_id = $6)"
        );
        let count_sql = format!("SELECT count(*) {from}");
        let total: i64 = bind_scope!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql)), binds)
            .bind(profile.clone())
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        let page_sql = format!(
            "SELECT s.*, {STAMP_COLUMNS} {from} ORDER BY s.started_at, s.id COLLATE \"C\" \
             LIMIT $7 OFFSET $8"
        );
        let rows = bind_scope!(sqlx::query(sqlx::AssertSqlSafe(page_sql)), binds)
            .bind(profile)
            .bind(i64::from(limit))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let stamps = rows
            .iter()
            .map(|row| session_stamp(&Cols(row)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((u64::try_from(total).unwrap_or(0), stamps))
    }

    /// Sessions already read, with their records.
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
