//! One page of history: the sessions of a page with their [`SessionStamp`]s, read with LIMIT
//! and OFFSET, so a history line costs the same whether the history holds ten sessions or ten
//! years; the count and the page come back from one batch (one round trip on SQLite).

use psoas_core::ProfileId;

use super::{Db, VISIBLE, args, scoped};
use crate::columns::{self, corrupt};
use crate::{STAMP_COLUMNS, Scope, SessionStamp, StoreResult, session_stamp};

pub(super) async fn page_of_stamps(
    db: &dyn Db,
    scope: Scope,
    profile: Option<ProfileId>,
    offset: u64,
    limit: u32,
) -> StoreResult<(u64, Vec<SessionStamp>)> {
    let bytes = db.dialect().bytes;
    let from = format!(
        "FROM sessions s JOIN profiles p ON p.id = s.profile_id \
         WHERE {VISIBLE} AND ($6 IS NULL OR s.profile_id = $6)"
    );
    let statements = [
        format!("SELECT 'count' AS row_table, count(*) AS total {from}"),
        format!(
            "SELECT 'sessions' AS row_table, s.*, {STAMP_COLUMNS} {from} \
             ORDER BY s.started_at, s.id{bytes} LIMIT $7 OFFSET $8"
        ),
    ];
    let values = scoped(
        scope,
        args![
            profile.map(|p| p.to_string()),
            i64::from(limit),
            i64::try_from(offset).unwrap_or(i64::MAX),
        ],
    );
    let rows = db.read().await?.batch(&statements, &values).await?;
    let (count, page) = rows
        .split_first()
        .ok_or_else(|| corrupt("the count of a history page came back empty"))?;
    let total = columns::int(&**count, "total")?;
    let stamps = page
        .iter()
        .map(|row| session_stamp(&**row))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((u64::try_from(total).unwrap_or(0), stamps))
}
