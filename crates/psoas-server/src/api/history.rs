//! `GET /api/v1/history`: one line per session, with the first and the retest verdicts in
//! brief and the pain reported; the same lines as `psoas history`.

use axum::Json;
use axum::extract::{OriginalUri, State};
use psoas_core::history::{HistoryEntry as DomainEntry, VerdictBrief as DomainBrief};
use psoas_core::{Profile, ProfileId};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::enums::{DifferenceUnit, FindingKind, SessionStatus, Side};
use super::extract::ApiQuery;
use super::paging::{Page, paged_query};
use super::problem::{self, ApiResult};
use super::profiles::profile_by_id;
use crate::AppState;

/// A verdict in brief.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictBrief {
    /// What was found.
    #[schema(value_type = FindingKind)]
    pub finding: String,
    /// The tight or weak side, if one was called.
    pub side: Option<Side>,
    /// The difference between the sides, to one decimal.
    pub difference: Option<f64>,
    /// The unit of the difference.
    #[schema(value_type = Option<DifferenceUnit>)]
    pub difference_unit: Option<String>,
    /// The verdict in a few words, e.g. "left (by 8°)".
    pub text: String,
}

impl From<&DomainBrief> for VerdictBrief {
    fn from(b: &DomainBrief) -> Self {
        Self {
            finding: b.finding.to_string(),
            side: b.side.map(Into::into),
            difference: b.difference,
            difference_unit: b.difference_unit.map(str::to_string),
            text: b.text(),
        }
    }
}

/// One line of history: a session in brief.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// The session.
    #[schema(format = Uuid)]
    pub session_id: String,
    /// The profile.
    #[schema(format = Uuid)]
    pub profile_id: String,
    /// The profile's name.
    pub profile_name: String,
    /// When the session started.
    #[schema(format = DateTime)]
    pub started_at: String,
    /// Where it stands.
    #[schema(value_type = SessionStatus)]
    pub status: String,
    /// The first leg-raise verdict.
    pub tightness: Option<VerdictBrief>,
    /// The last leg-raise verdict, when retested.
    pub tightness_after: Option<VerdictBrief>,
    /// The first strength verdict.
    pub weakness: Option<VerdictBrief>,
    /// The last strength verdict, when retested.
    pub weakness_after: Option<VerdictBrief>,
    /// Low back pain 0-10.
    pub back_pain: Option<u8>,
    /// Pelvic pain 0-10.
    pub pelvic_pain: Option<u8>,
}

impl From<&DomainEntry> for HistoryEntry {
    fn from(e: &DomainEntry) -> Self {
        Self {
            session_id: e.session_id.clone(),
            profile_id: e.profile_id.clone(),
            profile_name: e.profile_name.clone(),
            started_at: e.started_at.clone(),
            status: e.status.clone(),
            tightness: e.tightness.as_ref().map(VerdictBrief::from),
            tightness_after: e.tightness_after.as_ref().map(VerdictBrief::from),
            weakness: e.weakness.as_ref().map(VerdictBrief::from),
            weakness_after: e.weakness_after.as_ref().map(VerdictBrief::from),
            back_pain: e.back_pain,
            pelvic_pain: e.pelvic_pain,
        }
    }
}

paged_query!(
    /// Whose history.
    HistoryQuery {
        /// Only this profile's sessions.
        profile_id: Option<Uuid>
    }
);

/// The history of the caller's sessions, oldest first.
#[utoipa::path(
    get,
    path = "/history",
    tag = "history",
    params(HistoryQuery),
    responses(
        (status = 200, description = "A page of history lines, oldest first.", body = Page<HistoryEntry>),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn get_history(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<Page<HistoryEntry>>> {
    let paging = query.paging()?;
    let scope = caller.scope();
    // A profile out of scope is a 404, not an empty history.
    let asked = match query.profile_id {
        Some(id) => Some(profile_by_id(&state, scope, id).await?),
        None => None,
    };
    // Only the page is read: the cost follows the page, not the whole history.
    let (total, stamps) = state
        .store
        .history_stamps(
            scope,
            asked.as_ref().map(|p| p.id),
            paging.offset(),
            paging.limit(),
        )
        .await?;
    // Every profile of the page; read after the page, so each session's profile is there
    // (profiles are never removed).
    let profiles: HashMap<ProfileId, Profile> = match asked {
        Some(profile) => HashMap::from([(profile.id, profile)]),
        None => state
            .store
            .list_profiles(scope)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect(),
    };
    let lines = state
        .history_lines
        .lines(state.store.as_ref(), scope, stamps, &profiles)
        .await?;
    let items = lines
        .iter()
        .map(|line| HistoryEntry::from(line.as_ref()))
        .collect();
    Ok(Json(paging.counted(
        total,
        items,
        &state.settings.public_url,
        &uri,
    )))
}
