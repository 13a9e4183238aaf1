//! [`AccountStore`] over SQL: passwords, sign-in sessions as their account sees them, reset
//! links, and the purge of ended links and expired rows.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::AccountId;
use uuid::Uuid;

use super::{Db, args};
use crate::columns::{self, Columns};
use crate::{AccountStore, SignIn, StoreError, StoreResult};

fn sign_in_not_found(id: Uuid) -> StoreError {
    StoreError::NotFound {
        what: "sign-in",
        key: id.to_string(),
        hint: "list your sign-ins on the account page",
    }
}

fn sign_in(row: &dyn Columns, current: Option<&str>) -> StoreResult<SignIn> {
    Ok(SignIn {
        id: columns::uuid(row, "id")?,
        started_at: columns::time(columns::int(row, "started_at")?)?,
        last_used_at: columns::time(columns::int(row, "last_used_at")?)?,
        user_agent: columns::text(row, "user_agent")?,
        current: current.is_some_and(|c| columns::text(row, "token_hash").is_ok_and(|h| h == c)),
    })
}

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

    async fn sign_ins(
        &self,
        account: AccountId,
        now: Timestamp,
        idle_since: Timestamp,
        current: Option<&str>,
    ) -> StoreResult<Vec<SignIn>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT id, token_hash, started_at, last_used_at, user_agent FROM web_sessions \
                 WHERE account_id = $1 AND expires_at > $2 AND last_used_at > $3 \
                 ORDER BY last_used_at DESC, started_at DESC",
                &args![account, now, idle_since],
            )
            .await?;
        rows.iter().map(|row| sign_in(&**row, current)).collect()
    }

    async fn end_sign_in(&self, account: AccountId, id: Uuid) -> StoreResult<()> {
        let ended = self
            .writer()
            .await?
            .run(
                "DELETE FROM web_sessions WHERE id = $1 AND account_id = $2",
                &args![id, account],
            )
            .await?;
        if ended == 0 {
            return Err(sign_in_not_found(id));
        }
        Ok(())
    }

    async fn end_other_sign_ins(&self, account: AccountId, keep: Option<&str>) -> StoreResult<u64> {
        Ok(self
            .writer()
            .await?
            .run(
                "DELETE FROM web_sessions WHERE account_id = $1 AND token_hash <> $2",
                &args![account, keep.unwrap_or("")],
            )
            .await?)
    }

    async fn purge_ended_sign_ins(
        &self,
        now: Timestamp,
        idle_since: Timestamp,
    ) -> StoreResult<u64> {
        Ok(self
            .writer()
            .await?
            .run(
                "DELETE FROM web_sessions WHERE expires_at <= $1 OR last_used_at <= $2",
                &args![now, idle_since],
            )
            .await?)
    }
}
