//! Pain at the end of a session: asked once the retest is done, so the summary can say
//! whether it eased since the start.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use psoas_core::{Pain, PainAfter};
use serde::Deserialize;

use super::{Ctx, Head, again};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::form::Problems;
use crate::pages::{Chrome, PageResult};

/// The pain-at-the-end form as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct PainAfterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back_pain: String,
    #[serde(default)]
    pelvic_pain: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/pain_after.html")]
pub(super) struct PainAfterPage {
    chrome: Chrome,
    head: Head,
    form: PainAfterForm,
    problems: Problems,
}

pub(super) fn page(ctx: &Ctx, problems: Problems, form: PainAfterForm) -> PainAfterPage {
    PainAfterPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        form,
        problems,
    }
}

/// Stores the pain at the end, or shows every field's problem at once.
pub(super) async fn save(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<PainAfterForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    if ctx.record.check_pain_after().is_err() {
        // Too early, or the session is closed: its own page says where it stands.
        return Ok(ctx.back());
    }
    let mut problems = Problems::default();
    let back = problems.check(
        "back_pain",
        crate::pages::words::protocol::LOW_BACK_PAIN,
        Pain::parse(&form.back_pain),
    );
    let pelvic = problems.check(
        "pelvic_pain",
        crate::pages::words::protocol::PELVIC_PAIN,
        Pain::parse(&form.pelvic_pain),
    );
    let (Some(back_pain), Some(pelvic_pain)) = (back, pelvic) else {
        return Ok(again(page(&ctx, problems, form)));
    };
    let pain = PainAfter {
        back_pain,
        pelvic_pain,
        recorded_at: now(),
    };
    ctx.state
        .store
        .save_pain_after(ctx.scope(), ctx.id(), &pain)
        .await?;
    Ok(ctx.back())
}
