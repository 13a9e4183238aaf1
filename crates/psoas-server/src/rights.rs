//! What the holder of an account may do to it, said once for the pages and the API: change
//! the password (the current one checked under the sign-in limits, every other sign-in
//! ended); see its live sign-ins, end one, or end every one but the asking one.

use psoas_core::Account;
use psoas_core::account::check_new_password;
use psoas_store::{SignIn, StoreError, StoreResult};
use std::net::IpAddr;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{idle_since, now};
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
