//! The home page (profiles, their last verdicts, starting a check), adding profiles, turning
//! keeping the camera's photos on or off, and the rows history tables show.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use psoas_core::history::HistoryEntry;
use psoas_core::units::{BodyHeight, LegLength};
use psoas_core::{BirthYear, DisplayName, InputError, Profile, SessionRecord, SessionStatus, Sex};
use psoas_store::{Scope, StoreError};
use serde::Deserialize;
use std::str::FromStr;

use super::form::Problems;
use super::{Chrome, PageError, PageResult, capital};
use crate::AppState;
use crate::auth::{SignedIn, account_of_cookie};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/profiles", post(add_profile))
        .route("/profiles/{id}/photos", post(keep_photos))
}

#[derive(Template, WebTemplate)]
#[template(path = "welcome.html")]
struct WelcomePage {
    chrome: Chrome,
}

/// The page for a server without accounts yet.
pub(super) fn welcome() -> Response {
    WelcomePage {
        chrome: Chrome::anonymous(),
    }
    .into_response()
}

/// A profile on the home page.
struct ProfileCard {
    id: String,
    name: String,
    details: String,
    last: Option<String>,
    unfinished: Option<String>,
    keeps_photos: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    /// What was just deleted, said at the top.
    notice: Option<String>,
    profiles: Vec<ProfileCard>,
    problems: Problems,
    form: ProfileForm,
}

#[derive(Deserialize, Default, Clone)]
struct ProfileForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    leg_length: String,
    #[serde(default)]
    body_height: String,
    #[serde(default)]
    birth_year: String,
    #[serde(default)]
    sex: String,
    /// The checkbox: present ("yes") when ticked.
    #[serde(default)]
    keep_photos: String,
}

fn details(profile: &Profile) -> String {
    let mut parts = Vec::new();
    if let Some(y) = profile.birth_year {
        parts.push(format!("born {}", y.value()));
    }
    if let Some(l) = profile.leg_length_cm {
        parts.push(format!("leg {} cm", l.cm()));
    }
    if let Some(h) = profile.body_height_cm {
        parts.push(format!("height {} cm", h.cm()));
    }
    parts.join(", ")
}

/// The date and verdicts of a profile's last finished check, from its sessions (oldest first).
pub(super) fn last_check(own: &[&SessionRecord], profile: &Profile) -> Option<String> {
    own.iter()
        .rev()
        .find(|r| r.session.status == SessionStatus::Finished)
        .map(|r| {
            let entry = HistoryEntry::new(r, profile);
            format!(
                "{}: tight side {}, weak side {}",
                r.session.started_at.strftime("%Y-%m-%d"),
                entry.tightness.as_ref().map_or("-".into(), |b| b.text()),
                entry.weakness.as_ref().map_or("-".into(), |b| b.text()),
            )
        })
}

async fn home_page(
    state: &AppState,
    user: &SignedIn,
    problems: Problems,
    form: ProfileForm,
) -> PageResult<HomePage> {
    let scope = Scope::of(&user.account);
    let profiles = state.store.list_profiles(scope).await?;
    let sessions = state.store.list_sessions(scope, None).await?;
    let cards = profiles
        .iter()
        .map(|profile| {
            let own: Vec<_> = sessions
                .iter()
                .filter(|r| r.session.profile_id == profile.id)
                .collect();
            let last = last_check(&own, profile);
            let unfinished = own
                .iter()
                .rev()
                .find(|r| r.session.status == SessionStatus::Unfinished)
                .map(|r| r.session.id.to_string());
            ProfileCard {
                id: profile.id.to_string(),
                name: profile.name.to_string(),
                details: details(profile),
                last,
                unfinished,
                keeps_photos: profile.keep_photos,
            }
        })
        .collect();
    Ok(HomePage {
        chrome: Chrome::of(user),
        notice: None,
        profiles: cards,
        problems,
        form,
    })
}

/// What the home page is told in its address: something was just deleted.
#[derive(Deserialize)]
struct Deleted {
    #[serde(default)]
    deleted: String,
}

async fn home(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(done): Query<Deleted>,
) -> PageResult<Response> {
    match account_of_cookie(&state, &jar).await? {
        Some(user) => {
            let mut page =
                home_page(&state, &user, Problems::default(), ProfileForm::default()).await?;
            page.notice = super::deletion::notice(&done.deleted);
            Ok(page.into_response())
        }
        None if state.store.account_count().await? == 0 => Ok(welcome()),
        None => Ok(Redirect::to("/login").into_response()),
    }
}

fn optional<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, InputError>,
) -> Result<Option<T>, InputError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

/// The profile the form describes, or every field's problem at once.
fn profile_from(form: &ProfileForm) -> Result<Profile, Problems> {
    let mut problems = Problems::default();
    let name = problems.check(
        "name",
        crate::pages::words::profiles::NAME,
        DisplayName::parse(&form.name),
    );
    let leg = problems.check(
        "leg_length",
        crate::pages::words::profiles::LEG_LENGTH,
        optional(&form.leg_length, |t| {
            let value = t.trim_end_matches("cm").trim().parse::<f64>().map_err(|_| {
            InputError::NotUnderstood {
                what: "leg length",
                got: t.to_string(),
                expected: "give centimetres from the bony point of the hip to the heel, e.g. 92",
            }
        })?;
            LegLength::new(value)
        }),
    );
    let height = problems.check(
        "body_height",
        crate::pages::words::profiles::BODY_HEIGHT,
        optional(&form.body_height, |t| {
            let value = t
                .trim_end_matches("cm")
                .trim()
                .parse::<f64>()
                .map_err(|_| InputError::NotUnderstood {
                    what: "body height",
                    got: t.to_string(),
                    expected: "give the standing height in centimetres, e.g. 172",
                })?;
            BodyHeight::new(value)
        }),
    );
    let year = problems.check(
        "birth_year",
        crate::pages::words::profiles::BIRTH_YEAR,
        optional(&form.birth_year, |t| {
            let year = t.parse::<i16>().map_err(|_| InputError::NotUnderstood {
                what: "birth year",
                got: t.to_string(),
                expected: "give a four-digit year, e.g. 1984",
            })?;
            BirthYear::new(year, jiff::ZonedDateTime::now().year())
        }),
    );
    let sex = problems.check(
        "sex",
        crate::pages::words::profiles::SEX,
        optional(&form.sex, Sex::from_str),
    );
    match (name, leg, height, year, sex) {
        (Some(name), Some(leg), Some(height), Some(year), Some(sex)) => {
            let mut profile = Profile::new(name, year, sex, leg);
            profile.body_height_cm = height;
            profile.keep_photos = form.keep_photos == "yes";
            Ok(profile)
        }
        _ => Err(problems),
    }
}

async fn add_profile(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<ProfileForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let again = |problems: Problems| async {
        let page = home_page(&state, &user, problems, form.clone()).await?;
        Ok::<Response, PageError>((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let profile = match profile_from(&form) {
        Ok(profile) => profile,
        Err(problems) => return again(problems).await,
    };
    match state
        .store
        .create_profile(Scope::of(&user.account), &profile)
        .await
    {
        Ok(()) => Ok(Redirect::to("/").into_response()),
        Err(StoreError::Conflict(message)) => {
            let mut problems = Problems::default();
            problems.add("name", capital(&message));
            again(problems).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The keep-photos switch of a profile's card.
#[derive(Deserialize)]
struct KeepPhotosForm {
    #[serde(default)]
    csrf: String,
    /// "yes" to keep photos from now on, anything else to stop (and delete those kept).
    #[serde(default)]
    keep: String,
}

async fn keep_photos(
    State(state): State<AppState>,
    user: SignedIn,
    axum::extract::Path(id): axum::extract::Path<String>,
    Form(form): Form<KeepPhotosForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let scope = Scope::of(&user.account);
    let mut profile = state.store.find_profile(scope, &id).await?;
    profile.keep_photos = form.keep == "yes";
    state.store.update_profile(scope, &profile).await?;
    Ok(Redirect::to("/").into_response())
}

/// A history row as the page shows it.
pub(super) struct HistoryRow {
    pub(super) href: String,
    pub(super) date: String,
    pub(super) profile: String,
    pub(super) tight: String,
    pub(super) tight_after: String,
    pub(super) weak: String,
    pub(super) weak_after: String,
    pub(super) pain: String,
    pub(super) status: String,
}

/// History rows, newest first, of sessions whose profile is among `profiles`; each links to
/// `link(session id)`.
pub(super) fn history_rows(
    profiles: &[Profile],
    records: &[SessionRecord],
    link: impl Fn(&str) -> String,
) -> Vec<HistoryRow> {
    let mut rows = Vec::new();
    for record in records.iter().rev() {
        let Some(profile) = profiles.iter().find(|p| p.id == record.session.profile_id) else {
            continue;
        };
        let entry = HistoryEntry::new(record, profile);
        rows.push(HistoryRow::of(&entry, record.session.started_at, &link));
    }
    rows
}

impl HistoryRow {
    /// The row of a judged history line that started at `started_at`.
    pub(super) fn of(
        entry: &HistoryEntry,
        started_at: jiff::Timestamp,
        link: impl Fn(&str) -> String,
    ) -> Self {
        let brief = |b: &Option<psoas_core::history::VerdictBrief>| {
            b.as_ref().map_or("-".to_string(), |b| b.text())
        };
        Self {
            href: link(&entry.session_id),
            date: started_at.strftime("%Y-%m-%d %H:%M").to_string(),
            profile: entry.profile_name.clone(),
            tight: brief(&entry.tightness),
            tight_after: brief(&entry.tightness_after),
            weak: brief(&entry.weakness),
            weak_after: brief(&entry.weakness_after),
            pain: match (entry.back_pain, entry.pelvic_pain) {
                (Some(b), Some(p)) => format!("{b} / {p}"),
                _ => "-".to_string(),
            },
            status: entry.status.replace('_', " "),
        }
    }
}
