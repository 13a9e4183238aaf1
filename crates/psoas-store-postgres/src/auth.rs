//! The [`AuthStore`] implementation on PostgreSQL: accounts, set-up and invitation tokens, sign-in
//! sessions, personal access tokens and failed sign-ins. Only hashes of secrets are kept.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{Account, AccountId, Email, InvitationKind, Role};
use psoas_store::columns::Columns;
use psoas_store::columns::{self as rows, micros};
use psoas_store::keys::{account_exists, link_gone, role_columns, token_not_found};
use psoas_store::{ApiToken, AuthStore, LoginAttempts, StoreResult, TOKEN_USE_RESOLUTION};
use uuid::Uuid;

use crate::rows::Cols;
use crate::{PgStore, backend};

/// Inserts an account with the role its way in grants, whatever the caller put in `account`.
async fn insert_account(
    conn: &mut sqlx::PgConnection,
    account: &Account,
    password_hash: &str,
    role: Role,
) -> StoreResult<()> {
    let (role, practice_role) = role_columns(role);
    sqlx::query(
        "INSERT INTO accounts (id, email, display_name, password_hash, role, practice_role, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(account.id.to_string())
    .bind(account.email.as_str())
    .bind(account.display_name.as_str())
    .bind(password_hash)
    .bind(role)
    .bind(practice_role)
    .bind(micros(account.created_at))
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => account_exists(account),
        _ => backend(e),
    })?;
    Ok(())
}

#[async_trait]
impl AuthStore for PgStore {
    async fn account_count(&self) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(count as u64)
    }

    async fn add_setup_token(&self, token_hash: &str, at: Timestamp) -> StoreResult<()> {
        sqlx::query("INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)")
            .bind(token_hash)
            .bind(micros(at))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn create_owner(
        &self,
        token_hash: &str,
        account: &Account,
        password_hash: &str,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let used = sqlx::query(
            "UPDATE setup_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
             AND NOT EXISTS (SELECT 1 FROM accounts WHERE role = 'owner')",
        )
        .bind(micros(account.created_at))
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if used.rows_affected() != 1 {
            return Err(link_gone());
        }
        insert_account(&mut tx, account, password_hash, Role::Owner).await?;
        tx.commit().await.map_err(backend)
    }

    async fn add_invitation(
        &self,
        token_hash: &str,
        by: AccountId,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO invitations (token_hash, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(by.to_string())
        .bind(micros(at))
        .bind(micros(expires_at))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn setup_token_is_open(&self, token_hash: &str) -> StoreResult<bool> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT token_hash FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(found.is_some())
    }

    async fn invitation_is_open(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT token_hash FROM invitations WHERE token_hash = $1 AND used_at IS NULL \
             AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(micros(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(found.is_some())
    }

    async fn accept_invitation(
        &self,
        token_hash: &str,
        account: &Account,
        password_hash: &str,
    ) -> StoreResult<()> {
        // The invitation is checked before the address, so a made-up link cannot be used to
        // learn which addresses have accounts.
        // The role comes from the invitation's kind, whatever the caller put in `account`.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let used: Option<(String, String)> = sqlx::query_as(
            "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 \
             AND used_at IS NULL AND expires_at > $3 RETURNING kind, created_by",
        )
        .bind(micros(account.created_at))
        .bind(token_hash)
        .bind(micros(account.created_at))
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some((kind, inviter)) = used else {
            return Err(link_gone());
        };
        let kind: InvitationKind = kind.parse().map_err(rows::corrupt)?;
        insert_account(&mut tx, account, password_hash, kind.role()).await?;
        sqlx::query("UPDATE invitations SET used_by = $1 WHERE token_hash = $2")
            .bind(account.id.to_string())
            .bind(token_hash)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if kind == InvitationKind::Client {
            crate::practice::link(&mut tx, &inviter, account).await?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn account_by_email(&self, email: &Email) -> StoreResult<Option<(Account, String)>> {
        let row = sqlx::query("SELECT * FROM accounts WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|row| {
            Ok((
                rows::account(&Cols(&row))?,
                rows::password_hash(&Cols(&row))?,
            ))
        })
        .transpose()
    }

    async fn add_web_session(
        &self,
        token_hash: &str,
        account: AccountId,
        csrf_token: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO web_sessions (token_hash, account_id, csrf_token, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account.to_string())
        .bind(csrf_token)
        .bind(micros(expires_at))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn web_session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<(Account, String)>> {
        let row = sqlx::query(
            "SELECT a.*, w.csrf_token FROM web_sessions w JOIN accounts a ON a.id = w.account_id \
             WHERE w.token_hash = $1 AND w.expires_at > $2",
        )
        .bind(token_hash)
        .bind(micros(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|row| Ok((rows::account(&Cols(&row))?, rows::csrf_token(&Cols(&row))?)))
            .transpose()
    }

    async fn remove_web_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM web_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn add_login_failure(&self, key: &str, at: Timestamp) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)")
            .bind(key)
            .bind(micros(at))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn login_failures_since(&self, key: &str, since: Timestamp) -> StoreResult<u64> {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM login_failures WHERE key = $1 AND failed_at > $2",
        )
        .bind(key)
        .bind(micros(since))
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(count as u64)
    }

    async fn count_login_attempt(
        &self,
        key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<LoginAttempts> {
        // Written before it is counted, and each in its own statement: every attempt then
        // counts all those written before it, so of N at once only the first few pass.
        sqlx::query("INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)")
            .bind(key)
            .bind(micros(at))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        let (in_window, previous): (i64, Option<i64>) = sqlx::query_as(
            "SELECT count(*), max(CASE WHEN failed_at < $2 THEN failed_at END) \
             FROM login_failures WHERE key = $1 AND failed_at > $3",
        )
        .bind(key)
        .bind(micros(at))
        .bind(micros(since))
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(LoginAttempts {
            in_window: in_window.max(0) as u64,
            previous: previous.map(rows::time).transpose()?,
        })
    }

    async fn forgive_login_attempt(&self, key: &str, at: Timestamp) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1 AND failed_at = $2")
            .bind(key)
            .bind(micros(at))
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn add_api_token(
        &self,
        account: AccountId,
        token: &ApiToken,
        token_hash: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, account_id, name, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token.id.to_string())
        .bind(account.to_string())
        .bind(&token.name)
        .bind(token_hash)
        .bind(micros(token.created_at))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn api_token_account(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Account>> {
        let row = sqlx::query(
            "SELECT a.*, t.last_used_at AS token_last_used_at FROM api_tokens t \
             JOIN accounts a ON a.id = t.account_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        // Writing the time of use on every request made each read a durable write; it is
        // noted again only once the last note is older than the resolution.
        let last = Cols(&row).int("token_last_used_at")?;
        let due = micros(now) - TOKEN_USE_RESOLUTION.as_micros() as i64;
        if last.is_none_or(|last| last <= due) {
            sqlx::query(
                "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 \
                 AND (last_used_at IS NULL OR last_used_at <= $3)",
            )
            .bind(micros(now))
            .bind(token_hash)
            .bind(due)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        }
        Ok(Some(rows::account(&Cols(&row))?))
    }

    async fn list_api_tokens(&self, account: AccountId) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT * FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL \
             ORDER BY created_at",
        )
        .bind(account.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(|row| rows::api_token(&Cols(row))).collect()
    }

    async fn revoke_api_token(
        &self,
        account: AccountId,
        id: Uuid,
        at: Timestamp,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 \
             AND revoked_at IS NULL",
        )
        .bind(micros(at))
        .bind(id.to_string())
        .bind(account.to_string())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(token_not_found(id));
        }
        Ok(())
    }
}
