//! One client's page for their practitioner: the client's people (profiles) with their
//! history, the practitioner's notes and the exercise prescription of each, and one session
//! read-only with its notes. Every read goes through the practice scope, so it stops the
//! moment the client is unlinked.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use psoas_core::practice::{NewNote, Note};
use psoas_core::{
    Durations, InputError, NoteText, Prescription, Profile, ProfileId, SessionId, SessionRecord,
    StrengthenTechnique, StretchOption,
};
use psoas_store::StoreError;
use psoas_store::audit::AccessKind;
use serde::Deserialize;
use uuid::Uuid;

use super::Follow;
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::form::Problems;
use crate::pages::home::{HistoryRow, history_rows};
use crate::pages::protocol::summary::{self, CompareView};
use crate::pages::words::practice as words;
use crate::pages::{Chrome, PageError, PageResult, capital};

/// A note as shown.
struct NoteView {
    when: String,
    author: String,
    text: String,
    /// The session it is about, as a link, for notes on the client page.
    session: Option<(String, String)>,
}

/// The prescription form's values, as typed or as stored.
#[derive(Deserialize, Clone)]
pub(super) struct PrescriptionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    profile: String,
    #[serde(default)]
    stretch: String,
    #[serde(default)]
    technique: String,
    #[serde(default)]
    reps: String,
    #[serde(default)]
    hold_seconds: String,
    #[serde(default)]
    release_seconds: String,
    #[serde(default)]
    roller_seconds: String,
    #[serde(default)]
    strengthen_seconds: String,
}

impl PrescriptionForm {
    fn of(prescription: &Prescription) -> Self {
        let d = &prescription.durations;
        Self {
            csrf: String::new(),
            profile: String::new(),
            stretch: prescription
                .stretch
                .map_or("", |s| match s {
                    StretchOption::EdgeOfBed => "a",
                    StretchOption::FoamRoller => "b",
                })
                .to_string(),
            technique: prescription
                .technique
                .map_or("", |t| match t {
                    StrengthenTechnique::AbdomenStrongSide => "a",
                    StrengthenTechnique::GluteWeakSide => "b",
                })
                .to_string(),
            reps: d.reps.to_string(),
            hold_seconds: d.hold_seconds.to_string(),
            release_seconds: d.release_seconds.to_string(),
            roller_seconds: d.roller_seconds.to_string(),
            strengthen_seconds: d.strengthen_seconds.to_string(),
        }
    }

    /// The prescription the form describes, or every problem with it under its field.
    fn prescription(&self, mut problems: Problems) -> Result<Prescription, Problems> {
        let whole = |text: &str| {
            let text = text.trim();
            let number = text.parse::<u32>().map_err(|_| InputError::NotUnderstood {
                what: "holds",
                got: text.to_string(),
                expected: "give a whole number from 1 to 20",
            })?;
            // Past what the count can hold, it is past the range too: say so with the number.
            u8::try_from(number).map_err(|_| InputError::OutOfRange {
                what: "repetitions",
                min: 1.0,
                max: f64::from(Durations::MAX_REPS),
                unit: "",
                got: number.to_string(),
            })
        };
        let choice = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_string());
        let stretch = problems.check(
            "stretch",
            words::STRETCH_LABEL,
            choice(&self.stretch)
                .map(|c| c.parse::<StretchOption>())
                .transpose(),
        );
        let technique = problems.check(
            "technique",
            words::TECHNIQUE_LABEL,
            choice(&self.technique)
                .map(|c| c.parse::<StrengthenTechnique>())
                .transpose(),
        );
        // Each field read, then the core's ranges over what could be read (a field not
        // understood takes its default there), so every problem shows at once, in the
        // form's order.
        let defaults = Durations::default();
        let reps = whole(&self.reps);
        let times = [
            &self.hold_seconds,
            &self.release_seconds,
            &self.roller_seconds,
            &self.strengthen_seconds,
        ]
        // Times as seconds or as the timer shows them: "90", "90 s", "1:30".
        .map(|text| crate::pages::form::seconds(text));
        let or = |typed: &Result<u32, InputError>, default: u32| {
            typed.as_ref().map_or(default, |seconds| *seconds)
        };
        let checked = Durations::check_each(
            reps.as_ref().map_or(defaults.reps, |reps| *reps),
            or(&times[0], defaults.hold_seconds),
            or(&times[1], defaults.release_seconds),
            or(&times[2], defaults.roller_seconds),
            or(&times[3], defaults.strengthen_seconds),
        );
        let out_of_range = checked.as_ref().err().cloned().unwrap_or_default();
        let not_understood = std::iter::once(reps.err()).chain(times.map(Result::err));
        for ((field, label), not_understood) in words::DURATION_LABELS.iter().zip(not_understood) {
            let refused = not_understood.or_else(|| {
                out_of_range
                    .iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, error)| error.clone())
            });
            if let Some(error) = refused {
                problems.check::<()>(field, label, Err(error));
            }
        }
        match (checked, stretch, technique) {
            (Ok(durations), Some(stretch), Some(technique)) if problems.is_empty() => {
                Ok(Prescription {
                    stretch,
                    technique,
                    durations,
                })
            }
            _ => Err(problems),
        }
    }
}

/// One person of the client, with what the practitioner keeps about them.
struct PersonView {
    id: String,
    name: String,
    prescribed: Option<String>,
    form: PrescriptionForm,
    /// The prescription form's problems, its field ids apart from the other people's.
    form_problems: Problems,
    notes: Vec<NoteView>,
    /// A note sent back to be fixed, as typed.
    note_text: String,
    note_problems: Problems,
    rows: Vec<HistoryRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "practice/client.html")]
pub(super) struct ClientPage {
    chrome: Chrome,
    client_id: String,
    name: String,
    email: String,
    since: String,
    people: Vec<PersonView>,
    /// The problems of the form sent back, for the summary at the top.
    problems: Problems,
    stretch_options: &'static [(&'static str, &'static str)],
    technique_options: &'static [(&'static str, &'static str)],
}

/// A form of the client page sent back to be fixed.
enum Returned {
    Prescription {
        profile: ProfileId,
        form: PrescriptionForm,
        problems: Problems,
    },
    Note {
        profile: ProfileId,
        text: String,
        problems: Problems,
    },
}

impl Returned {
    fn problems(&self) -> &Problems {
        match self {
            Returned::Prescription { problems, .. } | Returned::Note { problems, .. } => problems,
        }
    }
}

fn prescription_ids(profile: ProfileId) -> Problems {
    Problems::within(format!("rx-{profile}-"))
}

fn note_ids(profile: ProfileId) -> Problems {
    Problems::within(format!("note-{profile}-"))
}

fn when(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

fn note_view(follow: &Follow, note: &Note, records: &[SessionRecord]) -> NoteView {
    NoteView {
        when: when(note.note.created_at),
        author: note.author_name.to_string(),
        text: note.note.text.to_string(),
        session: note.note.session_id.map(|id| {
            let date = records
                .iter()
                .find(|r| r.session.id == id)
                .map_or(String::new(), |r| when(r.session.started_at));
            (format!("{}/sessions/{id}", follow.path()), date)
        }),
    }
}

/// The client page; `returned` is a form sent back with its problems and what was typed.
async fn client_page(follow: &Follow, returned: Option<Returned>) -> PageResult<ClientPage> {
    let store = &follow.state.store;
    let scope = follow.scope();
    let profiles = store.list_profiles(scope).await?;
    let records = store.list_sessions(scope, None).await?;
    follow.noted(AccessKind::ClientOverview, None).await?;
    let mut people = Vec::new();
    for profile in &profiles {
        let prescribed = store.prescription(scope, profile.id).await?;
        let (form, form_problems) = match &returned {
            Some(Returned::Prescription {
                profile: about,
                form,
                problems,
            }) if *about == profile.id => (form.clone(), problems.clone()),
            _ => (
                PrescriptionForm::of(
                    &prescribed
                        .as_ref()
                        .map(|p| p.prescription)
                        .unwrap_or_default(),
                ),
                prescription_ids(profile.id),
            ),
        };
        let (note_text, note_problems) = match &returned {
            Some(Returned::Note {
                profile: about,
                text,
                problems,
            }) if *about == profile.id => (text.clone(), problems.clone()),
            _ => (String::new(), note_ids(profile.id)),
        };
        let own: Vec<SessionRecord> = records
            .iter()
            .filter(|r| r.session.profile_id == profile.id)
            .cloned()
            .collect();
        people.push(PersonView {
            id: profile.id.to_string(),
            name: profile.name.to_string(),
            prescribed: prescribed.map(|p| {
                words::prescribed_by(p.by_name.as_str(), &when(p.at), &p.prescription.summary())
            }),
            form,
            form_problems,
            note_text,
            note_problems,
            notes: store
                .notes(scope, profile.id)
                .await?
                .iter()
                .map(|n| note_view(follow, n, &own))
                .collect(),
            rows: history_rows(std::slice::from_ref(profile), &own, |id| {
                format!("{}/sessions/{id}", follow.path())
            }),
        });
    }
    Ok(ClientPage {
        chrome: Chrome::of(&follow.user),
        client_id: follow.link.client.to_string(),
        name: follow.link.client_name.to_string(),
        email: follow.link.client_email.to_string(),
        since: follow.link.linked_at.strftime("%Y-%m-%d").to_string(),
        people,
        problems: returned
            .as_ref()
            .map_or_else(Problems::default, |r| r.problems().clone()),
        stretch_options: words::STRETCH_OPTIONS,
        technique_options: words::TECHNIQUE_OPTIONS,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(client): Path<String>,
) -> PageResult<ClientPage> {
    let follow = Follow::load(state, user, &client).await?;
    client_page(&follow, None).await
}

#[derive(Template, WebTemplate)]
#[template(path = "practice/session.html")]
pub(super) struct SessionPage {
    chrome: Chrome,
    client_id: String,
    client_name: String,
    profile_id: String,
    person: String,
    session_id: String,
    started: String,
    status: &'static str,
    comparisons: Vec<CompareView>,
    exercises: Vec<String>,
    pain: Option<String>,
    notes: Vec<NoteView>,
    problems: Problems,
    text: String,
}

async fn session_page(
    follow: &Follow,
    session: &str,
    problems: Problems,
    text: String,
) -> PageResult<SessionPage> {
    let id = Uuid::parse_str(session)
        .map(SessionId)
        .map_err(|_| session_not_found())?;
    let scope = follow.scope();
    let record = follow.state.store.session(scope, id).await?;
    let profile: Profile = follow
        .state
        .store
        .profile(scope, record.session.profile_id)
        .await?;
    let notes = follow
        .state
        .store
        .notes(scope, profile.id)
        .await?
        .iter()
        .filter(|n| n.note.session_id == Some(id))
        .map(|n| note_view(follow, n, &[]))
        .collect();
    follow.noted(AccessKind::Session, Some(profile.id)).await?;
    Ok(SessionPage {
        chrome: Chrome::of(&follow.user),
        client_id: follow.link.client.to_string(),
        client_name: follow.link.client_name.to_string(),
        profile_id: profile.id.to_string(),
        person: profile.name.to_string(),
        session_id: id.to_string(),
        started: when(record.session.started_at),
        status: record.session.status.title(),
        comparisons: summary::comparisons(&record),
        exercises: summary::exercises(&record),
        pain: summary::pain(&record),
        notes,
        problems,
        text,
    })
}

fn person_not_found() -> PageError {
    PageError::new(StatusCode::NOT_FOUND, words::PERSON_NOT_FOUND)
}

/// The profile a form names; one that is not an id names nobody.
fn profile_id(raw: &str) -> PageResult<ProfileId> {
    Uuid::parse_str(raw.trim())
        .map(ProfileId)
        .map_err(|_| person_not_found())
}

fn session_not_found() -> PageError {
    PageError::new(StatusCode::NOT_FOUND, words::SESSION_NOT_FOUND)
}

pub(super) async fn session(
    State(state): State<AppState>,
    user: SignedIn,
    Path((client, session)): Path<(String, String)>,
) -> PageResult<SessionPage> {
    let follow = Follow::load(state, user, &client).await?;
    session_page(&follow, &session, Problems::default(), String::new()).await
}

#[derive(Deserialize)]
pub(super) struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    profile: String,
    #[serde(default)]
    session: String,
    #[serde(default)]
    text: String,
}

/// Stores a note about a person or one session; a note that cannot be kept comes back on
/// its page with the reason, and nothing is stored.
pub(super) async fn add_note(
    State(state): State<AppState>,
    user: SignedIn,
    Path(client): Path<String>,
    Form(form): Form<NoteForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let follow = Follow::load(state, user, &client).await?;
    let profile = profile_id(&form.profile)?;
    let session = match form.session.trim() {
        "" => None,
        text => Some(
            Uuid::parse_str(text)
                .map(SessionId)
                .map_err(|_| session_not_found())?,
        ),
    };
    let text = match NoteText::parse(&form.text) {
        Ok(text) => text,
        Err(error) => {
            let mut problems = match session {
                Some(_) => Problems::default(),
                None => note_ids(profile),
            };
            problems.add("text", capital(&error.to_string()));
            let page = match session {
                Some(s) => session_page(&follow, &s.to_string(), problems, form.text.clone())
                    .await?
                    .into_response(),
                None => client_page(
                    &follow,
                    Some(Returned::Note {
                        profile,
                        text: form.text.clone(),
                        problems,
                    }),
                )
                .await?
                .into_response(),
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let note = NewNote::new(profile, session, text, now());
    follow.state.store.add_note(follow.scope(), &note).await?;
    follow.noted(AccessKind::NoteWritten, Some(profile)).await?;
    Ok(Redirect::to(&match session {
        Some(s) => format!("{}/sessions/{s}#notes", follow.path()),
        None => format!("{}#person-{profile}", follow.path()),
    })
    .into_response())
}

/// Sets a person's prescription; a form that needs fixing comes back with the reason and
/// what was typed, and nothing is stored.
pub(super) async fn set_prescription(
    State(state): State<AppState>,
    user: SignedIn,
    Path(client): Path<String>,
    Form(form): Form<PrescriptionForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let follow = Follow::load(state, user, &client).await?;
    let profile = profile_id(&form.profile)?;
    let prescription = match form.prescription(prescription_ids(profile)) {
        Ok(p) => p,
        Err(problems) => {
            let returned = Returned::Prescription {
                profile,
                form,
                problems,
            };
            let page = client_page(&follow, Some(returned)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    match follow
        .state
        .store
        .set_prescription(follow.scope(), profile, &prescription, now())
        .await
    {
        Ok(()) => {
            follow
                .noted(AccessKind::PrescriptionSet, Some(profile))
                .await?;
            Ok(Redirect::to(&format!("{}#person-{profile}", follow.path())).into_response())
        }
        Err(StoreError::NotFound { .. }) => Err(person_not_found()),
        Err(other) => Err(other.into()),
    }
}
