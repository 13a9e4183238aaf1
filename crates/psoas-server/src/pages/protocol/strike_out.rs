//! Striking out a trial from the pages: the trial, its reasons to choose from, and one store
//! call; afterwards the session's next step is that side's trial again when the test needs it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use psoas_core::{InputError, MeasurementId, TrialVoid, VoidReason};
use psoas_store::StoreError;
use serde::Deserialize;
use uuid::Uuid;

use super::trials::capital;
use super::{Ctx, Head, again, not_found, session_path};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::form::Problems;
use crate::pages::{Chrome, PageResult};

/// A reason as a radio button.
struct ReasonChoice {
    value: &'static str,
    label: String,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/strike_out.html")]
struct StrikeOutPage {
    chrome: Chrome,
    head: Head,
    /// E.g. "Left side, trial 2 of the leg raise test (before the exercises): 85.0°".
    trial: String,
    action: String,
    back: String,
    reasons: Vec<ReasonChoice>,
    note: String,
    problems: Problems,
    /// Whether the trial can still be struck out; if not, the problem says why.
    open: bool,
}

/// The trial named in the address, if the session has it.
fn trial_of<'a>(ctx: &'a Ctx, raw: &str) -> PageResult<&'a psoas_core::Measurement> {
    let id = Uuid::parse_str(raw)
        .map(MeasurementId)
        .map_err(|_| not_found("trial"))?;
    ctx.record
        .measurements
        .iter()
        .find(|m| m.id == id)
        .ok_or_else(|| not_found("trial"))
}

fn render(
    ctx: &Ctx,
    m: &psoas_core::Measurement,
    chosen: &str,
    note: &str,
    problems: Problems,
) -> Response {
    let value = m
        .reading
        .as_ref()
        .map_or_else(|| "no value".to_string(), ToString::to_string);
    StrikeOutPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        trial: format!(
            "{} side, trial {} of the {} ({}): {value}",
            capital(m.side.as_str()),
            m.trial,
            m.test.title(),
            m.phase.title()
        ),
        action: super::strike_out_path(ctx.id(), m.id),
        back: session_path(ctx.id()),
        reasons: VoidReason::ALL
            .into_iter()
            .map(|r| ReasonChoice {
                value: r.as_str(),
                label: capital(r.title()),
                checked: r.as_str() == chosen,
            })
            .collect(),
        note: note.to_string(),
        open: ctx.record.check_void(m.id).is_ok(),
        problems,
    }
    .into_response()
}

/// The strike-out form for one trial; a trial that can no longer be struck out says why.
pub(super) async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, trial)): Path<(String, String)>,
) -> PageResult<Response> {
    let ctx = Ctx::load(state, user, &id).await?;
    let m = trial_of(&ctx, &trial)?;
    let mut problems = Problems::default();
    if let Err(refused) = ctx.record.check_void(m.id) {
        problems.add("reason", crate::pages::capital(&refused.to_string()));
        return Ok(again(render(&ctx, m, "", "", problems)));
    }
    Ok(render(&ctx, m, "", "", problems))
}

#[derive(Deserialize)]
pub(super) struct StrikeOutForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// Strikes the trial out and goes on with the session, which asks for that trial again
/// when the test needs it.
pub(super) async fn strike_out(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, trial)): Path<(String, String)>,
    Form(form): Form<StrikeOutForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    let m = trial_of(&ctx, &trial)?;
    let mut problems = Problems::default();
    // The core's words are whole sentences about this choice, so they stand without a label.
    let mut refuse = |field, error: InputError| {
        problems.add(field, crate::pages::capital(&error.to_string()));
    };
    let reason = if form.reason.trim().is_empty() {
        Err(InputError::Protocol(
            crate::pages::words::protocol::CHOOSE_WHY_STRUCK_OUT.to_string(),
        ))
    } else {
        form.reason.parse::<VoidReason>()
    };
    let void = match reason {
        Ok(reason) => TrialVoid::new(
            reason,
            Some(form.note.as_str()),
            Some(ctx.user.account.id),
            now(),
        )
        .map_err(|e| refuse("note", e))
        .ok(),
        Err(e) => {
            refuse("reason", e);
            None
        }
    };
    let Some(void) = void else {
        return Ok(again(render(&ctx, m, &form.reason, &form.note, problems)));
    };
    match ctx
        .state
        .store
        .void_measurement(ctx.scope(), ctx.id(), m.id, &void)
        .await
    {
        Ok(()) => Ok(ctx.back()),
        Err(StoreError::Conflict(why)) => {
            problems.add("reason", crate::pages::capital(&why));
            Ok(again(render(&ctx, m, &form.reason, &form.note, problems)))
        }
        Err(other) => Err(other.into()),
    }
}
