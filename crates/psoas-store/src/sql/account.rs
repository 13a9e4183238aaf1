//! [`AccountStore`] over SQL: passwords, sign-in sessions as their account sees them, reset
//! links, and the purge of ended links and expired rows.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{Account, AccountId, Role};
use uuid::Uuid;

use super::{Db, args, first};
use crate::columns::{self, Columns};
use crate::keys::{account_not_found, link_gone};
use crate::{AccountStore, Contents, SignIn, StoreError, StoreResult};

fn may_not_reset(why: &str) -> StoreError {
    StoreError::NotAllowed(format!("a password reset link {why}"))
}

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

    async fn account_contents(&self, account: AccountId) -> StoreResult<Contents> {
        super::deletion::account_contents(self, account).await
    }

    async fn delete_account(&self, account: AccountId, by: AccountId) -> StoreResult<Contents> {
        super::deletion::delete_account(self, account, by).await
    }

    async fn accounts(&self) -> StoreResult<Vec<Account>> {
        let bytes = self.dialect().bytes;
        let rows = self
            .read()
            .await?
            .rows(
                &format!(
                    "SELECT * FROM accounts ORDER BY CASE WHEN role = 'owner' THEN 0 ELSE 1 END, \
                     lower(display_name){bytes}, id{bytes}"
                ),
                &[],
            )
            .await?;
        rows.iter().map(|row| columns::account(&**row)).collect()
    }

    async fn add_password_reset(
        &self,
        token_hash: &str,
        account: AccountId,
        by: AccountId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let mut roles = Vec::with_capacity(2);
        for id in [by, account] {
            let rows = tx
                .rows("SELECT * FROM accounts WHERE id = $1", &args![id])
                .await?;
            let Some(row) = first(rows) else {
                return Err(account_not_found(id));
            };
            roles.push(columns::account(&*row)?.role);
        }
        if roles[0] != Role::Owner {
            return Err(may_not_reset("is made by the owner only"));
        }
        if roles[1] == Role::Owner {
            return Err(may_not_reset(
                "is not for the owner, who resets their password in the terminal",
            ));
        }
        tx.run(
            "DELETE FROM password_resets WHERE account_id = $1 AND used_at IS NULL",
            &args![account],
        )
        .await?;
        tx.run(
            "INSERT INTO password_resets (token_hash, account_id, created_by, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5)",
            &args![token_hash, account, by, created_at, expires_at],
        )
        .await?;
        tx.commit().await
    }

    async fn open_password_reset(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Account>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT a.* FROM password_resets r JOIN accounts a ON a.id = r.account_id \
                 WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2",
                &args![token_hash, now],
            )
            .await?;
        first(rows).map(|row| columns::account(&*row)).transpose()
    }

    async fn use_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<AccountId> {
        let mut tx = self.begin().await?;
        // Spent first, with its conditions in the same statement: two uses at once cannot
        // both pass.
        let spent = tx
            .run(
                "UPDATE password_resets SET used_at = $1 \
                 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
                &args![now, token_hash],
            )
            .await?;
        if spent != 1 {
            return Err(link_gone());
        }
        let rows = tx
            .rows(
                "SELECT a.* FROM password_resets r JOIN accounts a ON a.id = r.account_id \
                 WHERE r.token_hash = $1",
                &args![token_hash],
            )
            .await?;
        let account = first(rows)
            .map(|row| columns::account(&*row))
            .transpose()?
            .ok_or_else(link_gone)?
            .id;
        tx.run(
            "UPDATE accounts SET password_hash = $1 WHERE id = $2",
            &args![password_hash, account],
        )
        .await?;
        tx.run(
            "DELETE FROM web_sessions WHERE account_id = $1",
            &args![account],
        )
        .await?;
        tx.commit().await?;
        Ok(account)
    }
}
