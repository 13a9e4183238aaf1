//! Account pages: first set-up, sign-up by invitation, sign in and out, invitations and
//! personal access tokens.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header::USER_AGENT;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::SameSite;
use jiff::{SignedDuration, Timestamp};
use psoas_core::account::check_new_password;
use psoas_core::{Account, AccountId, DisplayName, Email, InvitationKind, Role};
use psoas_store::{ApiToken, NewSignIn, StoreError};
use serde::Deserialize;
use std::net::SocketAddr;

use super::form::Problems;
use super::signed_in::CsrfForm;
use super::words::accounts as words;
use super::{Chrome, PageError, PageResult};
use crate::auth::{
    SignedIn, cleared_session_cookie, cookie_name, hash_secret, new_secret, now, our_cookie,
    same_secret, session_cookie,
};
use crate::state::Settings;
use crate::{AppState, sign_in_limit, user_agent};

/// The cookie that pairs the sign-in form with the browser that loaded it.
const LOGIN_FORM_COOKIE: &str = "psoas_login_form";

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/setup", get(setup_form).post(setup))
        .route("/signup", get(signup_form).post(signup))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/settings", get(settings))
        .route("/settings/invitations", post(invite))
        .route("/settings/password-resets", post(make_reset_link))
        .route("/settings/tokens", post(create_token))
        .route("/settings/tokens/{id}/revoke", post(revoke_token))
}

/// The two ways to a new account.
#[derive(Clone, Copy)]
enum Way {
    /// The owner, with the one-time set-up link.
    Setup,
    /// A member, with an invitation link.
    Invitation,
}

impl Way {
    fn heading(self) -> &'static str {
        match self {
            Way::Setup => words::SETUP_HEADING,
            Way::Invitation => words::SIGNUP_HEADING,
        }
    }

    fn intro(self) -> &'static str {
        match self {
            Way::Setup => words::SETUP_INTRO,
            Way::Invitation => words::SIGNUP_INTRO,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Way::Setup => "/setup",
            Way::Invitation => "/signup",
        }
    }

    fn role(self) -> Role {
        match self {
            Way::Setup => Role::Owner,
            Way::Invitation => Role::Member,
        }
    }

    fn link_gone(self) -> PageError {
        PageError::new(
            StatusCode::FORBIDDEN,
            match self {
                Way::Setup => words::SETUP_LINK_GONE,
                Way::Invitation => words::INVITATION_LINK_GONE,
            },
        )
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "new_account.html")]
struct NewAccountPage {
    chrome: Chrome,
    way: Way,
    /// What the invitation makes of the account, in words, when it is not a plain member.
    invited_as: Option<String>,
    token: String,
    display_name: String,
    email: String,
    problems: Problems,
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    csrf: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
struct NewAccountForm {
    token: String,
    display_name: String,
    email: String,
    password: String,
}

/// What an invitation of a kind means for the person who accepts it.
fn invited_as(kind: InvitationKind, by: &str) -> Option<String> {
    match kind {
        InvitationKind::Member => None,
        InvitationKind::Practitioner => Some(format!(
            "{by} invites you as a practitioner: you will invite your clients and follow \
             their checks."
        )),
        InvitationKind::Client => Some(format!(
            "{by} invites you as a client. While you are linked, {by} sees your checks and \
             history, keeps notes about them, and may set your exercises and their times. \
             You can unlink at any time on the Settings page."
        )),
    }
}

/// Validates a new-account form into its parts, or says what to fix.
/// The account a form describes, or every problem with it, each under its field.
fn new_account(form: &NewAccountForm, role: Role) -> Result<Account, Problems> {
    let mut problems = Problems::default();
    let display_name = if form.display_name.trim().is_empty() {
        problems.add("display_name", words::ENTER_YOUR_NAME);
        None
    } else {
        problems.check(
            "display_name",
            words::YOUR_NAME,
            DisplayName::parse(&form.display_name),
        )
    };
    let email = problems.check("email", words::E_MAIL, Email::parse(&form.email));
    if let Err(error) = check_new_password(&form.password) {
        problems.add("password", super::capital(&error.to_string()));
    }
    match (display_name, email) {
        (Some(display_name), Some(email)) if problems.is_empty() => Ok(Account {
            id: AccountId::random(),
            email,
            display_name,
            role,
            created_at: now(),
        }),
        _ => Err(problems),
    }
}

/// Starts a sign-in session for an account and sends the browser home.
async fn start_session(
    state: &AppState,
    jar: CookieJar,
    headers: &HeaderMap,
    account: AccountId,
) -> PageResult<Response> {
    let token = new_secret();
    let started = now();
    let expires = started
        .checked_add(SignedDuration::from_hours(state.settings.session_hours))
        .map_err(PageError::internal)?;
    let browser = user_agent::brief(headers.get(USER_AGENT).and_then(|v| v.to_str().ok()));
    state
        .store
        .add_web_session(&NewSignIn {
            token_hash: &hash_secret(&token),
            account,
            csrf_token: &new_secret(),
            started_at: started,
            expires_at: expires,
            user_agent: &browser,
        })
        .await?;
    // Sign-ins are rarer than page views: a fair moment to clear away those that have ended.
    state
        .store
        .purge_ended_sign_ins(started, crate::auth::idle_since(&state.settings, started))
        .await?;
    let jar = jar.add(session_cookie(&state.settings, token));
    Ok((jar, Redirect::to("/")).into_response())
}

fn new_account_page(way: Way, token: String, invited_as: Option<String>) -> Response {
    NewAccountPage {
        chrome: Chrome::anonymous(),
        way,
        invited_as,
        token,
        display_name: String::new(),
        email: String::new(),
        problems: Problems::default(),
    }
    .into_response()
}

async fn setup_form(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> PageResult<Response> {
    if state.store.account_count().await? > 0 {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(new_account_page(Way::Setup, query.token, None))
}

async fn signup_form(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> PageResult<Response> {
    let Some((kind, by)) = state
        .store
        .open_invitation(&hash_secret(&query.token), now())
        .await?
    else {
        return Err(Way::Invitation.link_gone());
    };
    let invited_as = invited_as(kind, &by.to_string());
    Ok(new_account_page(Way::Invitation, query.token, invited_as))
}

async fn setup(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Form(form): Form<NewAccountForm>,
) -> PageResult<Response> {
    create_account(&state, jar, &headers, form, Way::Setup).await
}

async fn signup(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Form(form): Form<NewAccountForm>,
) -> PageResult<Response> {
    create_account(&state, jar, &headers, form, Way::Invitation).await
}

/// Creates the account a set-up or invitation form describes and signs it in; a form that
/// needs fixing comes back with its values and the reason.
async fn create_account(
    state: &AppState,
    jar: CookieJar,
    headers: &HeaderMap,
    form: NewAccountForm,
    way: Way,
) -> PageResult<Response> {
    let again = |problems: Problems| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            NewAccountPage {
                chrome: Chrome::anonymous(),
                way,
                invited_as: None,
                token: form.token.clone(),
                display_name: form.display_name.clone(),
                email: form.email.clone(),
                problems,
            },
        )
            .into_response()
    };
    // The link first: a request without a live one never reaches the costly hash.
    let token_hash = hash_secret(&form.token);
    let link_is_live = match way {
        Way::Setup => {
            state.store.account_count().await? == 0
                && state.store.setup_token_is_open(&token_hash, now()).await?
        }
        Way::Invitation => state.store.invitation_is_open(&token_hash, now()).await?,
    };
    if !link_is_live {
        return Err(way.link_gone());
    }
    let account = match new_account(&form, way.role()) {
        Ok(account) => account,
        Err(problems) => return Ok(again(problems)),
    };
    let hash = state.password_work.hash(form.password.clone()).await?;
    let created = match way {
        Way::Setup => state.store.create_owner(&token_hash, &account, &hash).await,
        Way::Invitation => {
            state
                .store
                .accept_invitation(&token_hash, &account, &hash)
                .await
        }
    };
    match created {
        Ok(()) => start_session(state, jar, headers, account.id).await,
        Err(StoreError::NotFound { .. }) => Err(way.link_gone()),
        // Saying that an address has an account would let anyone holding a link test
        // addresses; the person whose address it is knows to sign in.
        Err(StoreError::Conflict(_)) => {
            let mut problems = Problems::default();
            problems.add("email", words::INVITATION_REFUSED);
            Ok(again(problems))
        }
        Err(other) => Err(other.into()),
    }
}

fn login_page(
    settings: &Settings,
    jar: CookieJar,
    email: String,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = new_secret();
    let cookie = our_cookie(settings, LOGIN_FORM_COOKIE, csrf.clone(), SameSite::Strict);
    (
        status,
        jar.add(cookie),
        LoginPage {
            chrome: Chrome::anonymous(),
            csrf,
            email,
            error,
        },
    )
        .into_response()
}

async fn login_form(State(state): State<AppState>, jar: CookieJar) -> PageResult<Response> {
    if state.store.account_count().await? == 0 {
        return Ok(super::home::welcome());
    }
    Ok(login_page(
        &state.settings,
        jar,
        String::new(),
        None,
        StatusCode::OK,
    ))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    email: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    jar: CookieJar,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> PageResult<Response> {
    let paired = jar
        .get(&cookie_name(&state.settings, LOGIN_FORM_COOKIE))
        .is_some_and(|c| same_secret(c.value(), &form.csrf));
    if !paired {
        return Err(PageError::csrf());
    }
    let wrong = || words::SIGN_IN_WRONG.to_string();
    let Ok(email) = Email::parse(&form.email) else {
        return Ok(login_page(
            &state.settings,
            jar,
            form.email,
            Some(wrong()),
            StatusCode::UNAUTHORIZED,
        ));
    };
    let attempt =
        match sign_in_limit::begin(state.store.as_ref(), &email, client.ip(), now()).await? {
            Ok(attempt) => attempt,
            Err(refused) => {
                return Err(
                    PageError::new(StatusCode::TOO_MANY_REQUESTS, refused.message())
                        .retry_after(refused.retry_after_seconds()),
                );
            }
        };
    let found = state.store.account_by_email(&email).await?;
    let verified = match found {
        Some((account, hash)) => state
            .password_work
            .verify(form.password, hash)
            .await?
            .then_some(account),
        None => {
            state.password_work.verify_nobody(form.password).await?;
            None
        }
    };
    match verified {
        Some(account) => {
            attempt.succeeded(state.store.as_ref()).await?;
            start_session(&state, jar, &headers, account.id).await
        }
        // The attempt stays in the store as a failure.
        None => Ok(login_page(
            &state.settings,
            jar,
            email.to_string(),
            Some(wrong()),
            StatusCode::UNAUTHORIZED,
        )),
    }
}

async fn logout(
    State(state): State<AppState>,
    user: SignedIn,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    state.store.remove_web_session(&user.session_hash).await?;
    Ok((
        jar.add(cleared_session_cookie(&state.settings)),
        Redirect::to("/login"),
    )
        .into_response())
}

struct TokenRow {
    id: String,
    name: String,
    created: String,
    last_used: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
    display_name: String,
    email: String,
    is_owner: bool,
    invitation: Option<String>,
    /// The member and practitioner invitations this account made that still work.
    open_invitations: Vec<super::invitations::InvitationRow>,
    /// The client's live practitioner: name and since when.
    practitioner: Option<(String, String)>,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    /// For the owner: the other accounts, as (id, name and address), to make a reset link for.
    others: Vec<(String, String)>,
    /// A reset link just made: for whom, and the link.
    reset_link: Option<(String, String)>,
    /// What was just removed, said at the top.
    notice: Option<String>,
}

fn day(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}

async fn settings_page(
    state: &AppState,
    user: &SignedIn,
    invitation: Option<String>,
    new_token: Option<String>,
) -> PageResult<SettingsPage> {
    settings_with_reset(state, user, invitation, new_token, None).await
}

async fn settings_with_reset(
    state: &AppState,
    user: &SignedIn,
    invitation: Option<String>,
    new_token: Option<String>,
    reset_link: Option<(String, String)>,
) -> PageResult<SettingsPage> {
    let is_owner = user.account.role == Role::Owner;
    let others = if is_owner {
        state
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.id != user.account.id)
            .map(|a| {
                (
                    a.id.to_string(),
                    format!("{} ({})", a.display_name, a.email),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let tokens = state
        .store
        .list_api_tokens(user.account.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            created: day(t.created_at),
            last_used: t.last_used_at.map(day),
        })
        .collect();
    Ok(SettingsPage {
        chrome: Chrome::of(user),
        display_name: user.account.display_name.to_string(),
        email: user.account.email.to_string(),
        is_owner,
        invitation,
        open_invitations: super::invitations::open_rows(state, user, |kind| {
            kind != InvitationKind::Client
        })
        .await?,
        practitioner: state
            .store
            .practitioner_of(user.account.id)
            .await?
            .map(|l| (l.practitioner_name.to_string(), day(l.linked_at))),
        tokens,
        new_token,
        others,
        reset_link,
        notice: None,
    })
}

#[derive(Deserialize)]
struct ResetLinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    account: String,
}

/// The owner makes a one-use reset link for another account, shown once to hand over.
async fn make_reset_link(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<ResetLinkForm>,
) -> PageResult<SettingsPage> {
    user.check_csrf(&form.csrf)?;
    if user.account.role != Role::Owner {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            words::ONLY_OWNER_RESETS,
        ));
    }
    let unknown = || {
        PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            words::CHOOSE_LISTED_ACCOUNT,
        )
    };
    let id = AccountId(uuid::Uuid::parse_str(form.account.trim()).map_err(|_| unknown())?);
    let whom = state
        .store
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.id == id && a.id != user.account.id)
        .ok_or_else(unknown)?;
    let link = crate::rights::reset_link(&state, &user.account, whom.id).await?;
    settings_with_reset(
        &state,
        &user,
        None,
        None,
        Some((whom.display_name.to_string(), link)),
    )
    .await
}

/// What the settings page is told in its address: an account was just removed, or an
/// invitation withdrawn.
#[derive(Deserialize)]
struct Removed {
    #[serde(default)]
    deleted: String,
    #[serde(default)]
    withdrawn: String,
}

async fn settings(
    State(state): State<AppState>,
    user: SignedIn,
    Query(done): Query<Removed>,
) -> PageResult<SettingsPage> {
    let mut page = settings_page(&state, &user, None, None).await?;
    page.notice = super::deletion::notice(&done.deleted)
        .or_else(|| super::invitations::withdrawn_notice(&done.withdrawn));
    Ok(page)
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    csrf: String,
    /// `member` (the default) or `practitioner`.
    #[serde(default)]
    kind: String,
}

async fn invite(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<InviteForm>,
) -> PageResult<SettingsPage> {
    user.check_csrf(&form.csrf)?;
    if user.account.role != Role::Owner {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            words::ONLY_OWNER_INVITES,
        ));
    }
    let kind = match form.kind.trim() {
        "" => InvitationKind::Member,
        text => text.parse::<InvitationKind>()?,
    };
    let link = crate::invitation::invitation_link(&state, user.account.id, kind)
        .await?
        .link;
    settings_page(&state, &user, Some(link), None).await
}

#[derive(Deserialize)]
struct NewTokenForm {
    #[serde(default)]
    csrf: String,
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<NewTokenForm>,
) -> PageResult<SettingsPage> {
    user.check_csrf(&form.csrf)?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            words::TOKEN_NAME,
        ));
    }
    let secret = format!("psoas_{}", new_secret());
    let token = ApiToken {
        id: uuid::Uuid::new_v4(),
        name: name.to_string(),
        created_at: now(),
        last_used_at: None,
    };
    state
        .store
        .add_api_token(user.account.id, &token, &hash_secret(&secret))
        .await?;
    settings_page(&state, &user, None, Some(secret)).await
}

async fn revoke_token(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<uuid::Uuid>,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    state
        .store
        .revoke_api_token(user.account.id, id, now())
        .await?;
    Ok(Redirect::to("/settings").into_response())
}
