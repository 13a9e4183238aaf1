//! "Your records" (linked from Your account): who has reached the account's records, when and
//! how (the access log, newest first), and every note a practitioner wrote about its people
//! (the right of access to what is held about you).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use super::{Chrome, PageResult};
use crate::AppState;
use crate::audit::{self, door_name, what_was_done, who};
use crate::auth::SignedIn;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/account/records", get(records))
}

/// One access as the page lists it.
struct AccessRow {
    when: String,
    who: String,
    what: &'static str,
    person: String,
    door: &'static str,
}

/// One note as the page lists it.
struct NoteRow {
    person: String,
    when: String,
    author: String,
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "your_records.html")]
struct RecordsPage {
    chrome: Chrome,
    accesses: Vec<AccessRow>,
    notes: Vec<NoteRow>,
    /// How long an entry is kept.
    kept_days: i64,
    shown: u32,
}

fn minute(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

async fn records(State(state): State<AppState>, user: SignedIn) -> PageResult<RecordsPage> {
    let me = user.account.id;
    let accesses = state
        .store
        .access_log(me, audit::SHOWN)
        .await?
        .into_iter()
        .map(|e| AccessRow {
            when: minute(e.at),
            who: who(&e.actor),
            what: what_was_done(e.kind),
            person: e.profile_name.unwrap_or_else(|| "everyone".to_string()),
            door: door_name(e.door),
        })
        .collect();
    let notes = state
        .store
        .notes_about(me)
        .await?
        .into_iter()
        .map(|(person, n)| NoteRow {
            person: person.to_string(),
            when: minute(n.note.created_at),
            author: n.author_name.to_string(),
            text: n.note.text.to_string(),
        })
        .collect();
    Ok(RecordsPage {
        chrome: Chrome::of(&user),
        accesses,
        notes,
        kept_days: state.settings.access_log_days,
        shown: audit::SHOWN,
    })
}
