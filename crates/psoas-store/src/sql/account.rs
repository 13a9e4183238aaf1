//! [`AccountStore`] over SQL: passwords, sign-in sessions as their account sees them, reset
//! links, and the purge of ended links and expired rows.

use async_trait::async_trait;
use psoas_core::AccountId;

use super::{Db, args};
use crate::{AccountStore, StoreError, StoreResult};

fn account_not_found(account: AccountId) -> StoreError {
    StoreError::NotFound {
        what: "account",
        key: account.to_string(),
        hint: "list the accounts with 'psoas account list'",
    }
}

#[async_trait]
impl<T: Db> AccountStore for T {
    async fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let changed = tx
            .run(
                "UPDATE accounts SET password_hash = $1 WHERE id = $2",
                &args![password_hash, account],
            )
            .await?;
        if changed != 1 {
            return Err(account_not_found(account));
        }
        // An empty `keep` matches no session: every one ends.
        let ended = tx
            .run(
                "DELETE FROM web_sessions WHERE account_id = $1 AND token_hash <> $2",
                &args![account, keep.unwrap_or("")],
            )
            .await?;
        tx.commit().await?;
        Ok(ended)
    }
}
