//! The history page: one page of sessions, newest first, read from the store a page at a time
//! so a view costs the same after ten years of daily checks as after one.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use psoas_core::{Profile, ProfileId};
use psoas_store::Scope;
use serde::Deserialize;
use std::collections::HashMap;

use super::home::HistoryRow;
use super::{Chrome, PageError, PageResult};
use crate::AppState;
use crate::auth::SignedIn;

/// Lines on one page: a screen or two on a phone.
pub(super) const PER_PAGE: u32 = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/history", get(history))
}

/// `?page=N`, taken as text so a bad value gets this page's own message.
#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// The page asked for, 1 when none.
    fn number(&self) -> PageResult<u64> {
        match self.page.as_deref().map(str::trim) {
            None | Some("") => Ok(1),
            Some(text) => match text.parse::<u64>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(PageError::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "\"{text}\" is not a page of history: use a whole number from 1, \
                         for example ?page=2."
                    ),
                )),
            },
        }
    }
}

/// Where this page sits among the others; links are `None` at either end.
pub(super) struct Pager {
    pub(super) page: u64,
    pub(super) pages: u64,
    pub(super) newer: Option<String>,
    pub(super) older: Option<String>,
}

/// One page of history rows, newest first, and its pager. The store pages oldest first (the
/// API's order), so the newest-first page is found from the total: a count with no lines,
/// then the page itself. Both reads are bounded by the page, never by the whole history.
pub(super) async fn newest_first(
    state: &AppState,
    scope: Scope,
    profile: Option<&Profile>,
    query: &PageQuery,
    base: &str,
    link: impl Fn(&str) -> String,
) -> PageResult<(Vec<HistoryRow>, Pager)> {
    let page = query.number()?;
    let store = &state.store;
    let profile_id = profile.map(|p| p.id);
    let (total, _) = store.history_stamps(scope, profile_id, 0, 0).await?;
    let per_page = u64::from(PER_PAGE);
    let pages = total.div_ceil(per_page).max(1);
    if page > pages {
        return Err(PageError::new(
            StatusCode::NOT_FOUND,
            super::words::errors::no_such_history_page(page, pages),
        ));
    }
    // Newest-first lines (page-1)*N .. page*N are oldest-first lines total-page*N .. .
    let skipped = (page - 1) * per_page;
    let offset = total.saturating_sub(page * per_page);
    let limit = u32::try_from(total.saturating_sub(skipped).min(per_page)).unwrap_or(PER_PAGE);
    let (_, stamps) = store
        .history_stamps(scope, profile_id, offset, limit)
        .await?;
    let profiles: HashMap<ProfileId, Profile> = match profile {
        Some(p) => HashMap::from([(p.id, p.clone())]),
        None => store
            .list_profiles(scope)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect(),
    };
    let started: Vec<_> = stamps.iter().map(|s| s.session.started_at).collect();
    let lines = state
        .history_lines
        .lines(store.as_ref(), scope, stamps, &profiles)
        .await?;
    let rows = lines
        .iter()
        .zip(started)
        .rev()
        .map(|(line, at)| HistoryRow::of(line, at, &link))
        .collect();
    let to = |n: u64| format!("{base}?page={n}");
    Ok((
        rows,
        Pager {
            page,
            pages,
            newer: (page > 1).then(|| to(page - 1)),
            older: (page < pages).then(|| to(page + 1)),
        },
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: Chrome,
    rows: Vec<HistoryRow>,
    pager: Pager,
    /// Each profile's id and name, for its progress page.
    profiles: Vec<(String, String)>,
}

async fn history(
    State(state): State<AppState>,
    user: SignedIn,
    Query(query): Query<PageQuery>,
) -> PageResult<HistoryPage> {
    let scope = Scope::of(&user.account);
    let (rows, pager) = newest_first(&state, scope, None, &query, "/history", |id| {
        format!("/sessions/{id}")
    })
    .await?;
    let profiles = state.store.list_profiles(scope).await?;
    Ok(HistoryPage {
        chrome: Chrome::of(&user),
        rows,
        pager,
        profiles: profiles
            .iter()
            .map(|p| (p.id.to_string(), p.name.to_string()))
            .collect(),
    })
}
