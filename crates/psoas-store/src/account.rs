//! The [`AccountStore`] trait: what the holder of an account controls about it: the
//! password, where the account is signed in, reset links the owner hands over, and the
//! purge of what has ended. Secrets arrive hashed, as for [`crate::AuthStore`].

use async_trait::async_trait;
use psoas_core::AccountId;

use crate::StoreResult;

/// An account's password and sign-ins.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Replaces an account's password hash and ends every sign-in session of the account but
    /// `keep` (the hash of the one making the change, if any), in one transaction; returns
    /// how many sign-ins ended. `NotFound` for an unknown account. Personal access tokens
    /// are left as they are: each is revoked on its own.
    async fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<u64>;
}
