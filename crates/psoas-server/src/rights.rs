//! What the holder of an account may do to it, said once for the pages and the API: change
//! the password (the current one checked under the sign-in limits, every other sign-in
//! ended); see its live sign-ins, end one, or end every one but the asking one; a member who
//! forgot their password sets a new one through a reset link the owner made; and an account
//! is deleted with all its data, by its holder (asked the password) or by the owner.

use jiff::SignedDuration;
use psoas_core::account::check_new_password;
use psoas_core::{Account, AccountId, Role};
use psoas_store::{Contents, SignIn, StoreError, StoreResult};
use std::net::IpAddr;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{hash_secret, idle_since, new_secret, now};

/// How long a reset link works, in hours.
pub const RESET_LINK_HOURS: i64 = 24;
use crate::password_work::PasswordWorkError;
use crate::sign_in_limit::{self, Refused};

/// Why a password was not changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// The current password given is not the account's.
    #[error("the current password is wrong")]
    WrongCurrent,
    /// The new password is too short or too common: the reason.
    #[error("{0}")]
    Weak(String),
    /// Too many wrong passwords lately: wait.
    #[error("{}", .0.message())]
    Limited(Refused),
    /// Every Argon2id worker is busy.
    #[error(transparent)]
    Busy(#[from] PasswordWorkError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Changes `account`'s password from `current` to `new`, ending every sign-in but `keep`
/// (the hash of the one asking, when it is a sign-in); returns how many ended.
///
/// A wrong current password counts as a failed sign-in of the account from `client`, so a
/// borrowed signed-in browser cannot be used to guess the password any faster than the
/// sign-in page allows.
pub async fn change_password(
    state: &AppState,
    account: &Account,
    client: IpAddr,
    current: String,
    new: String,
    keep: Option<&str>,
) -> Result<u64, ChangeError> {
    check_new_password(&new).map_err(|e| ChangeError::Weak(e.to_string()))?;
    let store = state.store.as_ref();
    let attempt = sign_in_limit::begin(store, &account.email, client, now())
        .await?
        .map_err(ChangeError::Limited)?;
    let Some((_, hash)) = store.account_by_email(&account.email).await? else {
        return Err(ChangeError::WrongCurrent);
    };
    if !state.password_work.verify(current, hash).await? {
        // The attempt stays in the store as a failure.
        return Err(ChangeError::WrongCurrent);
    }
    attempt.succeeded(store).await?;
    let hash = state.password_work.hash(new).await?;
    Ok(store.set_password(account.id, &hash, keep).await?)
}

/// `account`'s live sign-ins, the most recently used first; `current` (the hash of the one
/// asking, when it is a sign-in) is marked as this device.
pub async fn sign_ins(
    state: &AppState,
    account: &Account,
    current: Option<&str>,
) -> StoreResult<Vec<SignIn>> {
    let now = now();
    state
        .store
        .sign_ins(account.id, now, idle_since(&state.settings, now), current)
        .await
}

/// Ends one of `account`'s sign-ins; `NotFound` when it is not one of them.
pub async fn end_sign_in(state: &AppState, account: &Account, id: Uuid) -> StoreResult<()> {
    state.store.end_sign_in(account.id, id).await
}

/// Ends every sign-in of `account` but `keep` (the hash of the one asking, when it is a
/// sign-in); returns how many ended.
pub async fn sign_out_elsewhere(
    state: &AppState,
    account: &Account,
    keep: Option<&str>,
) -> StoreResult<u64> {
    state.store.end_other_sign_ins(account.id, keep).await
}

/// Makes a one-use reset link for `account`, made by `owner` (the store refuses anyone
/// else, and a link for the owner); any unused earlier link of the account stops working.
pub async fn reset_link(
    state: &AppState,
    owner: &Account,
    account: AccountId,
) -> StoreResult<String> {
    let token = new_secret();
    let created = now();
    let expires = created
        .checked_add(SignedDuration::from_hours(RESET_LINK_HOURS))
        .expect("a day from now is a valid time");
    state
        .store
        .add_password_reset(&hash_secret(&token), account, owner.id, created, expires)
        .await?;
    Ok(format!(
        "{}/reset-password?token={token}",
        state.settings.public_url
    ))
}

/// Why a reset link did not set a password.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// The link is unknown, used or expired.
    #[error("the reset link is unknown, used or expired")]
    LinkGone,
    /// The new password is too short or too common: the reason.
    #[error("{0}")]
    Weak(String),
    /// Every Argon2id worker is busy.
    #[error(transparent)]
    Busy(#[from] PasswordWorkError),
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ResetError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { what: "link", .. } => Self::LinkGone,
            other => Self::Store(other),
        }
    }
}

/// Sets a new password through a reset link's `token`: the link is checked before any
/// password is hashed, then spent, and every sign-in of its account ends. Returns whose it was.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new: String,
) -> Result<AccountId, ResetError> {
    let hash = hash_secret(token);
    if state
        .store
        .open_password_reset(&hash, now())
        .await?
        .is_none()
    {
        return Err(ResetError::LinkGone);
    }
    check_new_password(&new).map_err(|e| ResetError::Weak(e.to_string()))?;
    let password = state.password_work.hash(new).await?;
    Ok(state
        .store
        .use_password_reset(&hash, &password, now())
        .await?)
}

/// Why an account was not deleted by its holder.
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// The password given is not the account's.
    #[error("the password is wrong")]
    WrongPassword,
    /// Too many wrong passwords lately: wait.
    #[error("{}", .0.message())]
    Limited(Refused),
    /// Every Argon2id worker is busy.
    #[error(transparent)]
    Busy(#[from] PasswordWorkError),
    /// The store refused (the owner's account) or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Deletes `account` with all its data, asked by its holder with its `password`, which is
/// checked under the sign-in limits as a password change is. The owner's account is refused
/// before any password is checked: it holds the server.
pub async fn delete_own_account(
    state: &AppState,
    account: &Account,
    client: IpAddr,
    password: String,
) -> Result<Contents, DeleteError> {
    if account.role == Role::Owner {
        return Err(psoas_store::keys::owner_not_deleted().into());
    }
    let store = state.store.as_ref();
    let attempt = sign_in_limit::begin(store, &account.email, client, now())
        .await?
        .map_err(DeleteError::Limited)?;
    let Some((_, hash)) = store.account_by_email(&account.email).await? else {
        return Err(DeleteError::WrongPassword);
    };
    if !state.password_work.verify(password, hash).await? {
        return Err(DeleteError::WrongPassword);
    }
    attempt.succeeded(store).await?;
    Ok(store.delete_account(account.id, account.id).await?)
}

/// The owner removes another account with all its data; the store refuses anyone else, and
/// the owner's own account.
pub async fn remove_account(
    state: &AppState,
    owner: &Account,
    account: AccountId,
) -> StoreResult<Contents> {
    state.store.delete_account(account, owner.id).await
}
