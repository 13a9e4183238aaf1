//! [`AuthStore`] over SQL: accounts, set-up and invitation tokens, sign-in sessions, personal
//! access tokens and failed sign-ins. Only hashes of secrets are kept.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{Account, AccountId, Email, InvitationKind, Role};
use uuid::Uuid;

use super::{Conn, Db, args, first};
use crate::columns::{self, micros};
use crate::keys::{account_exists, link_gone, role_columns, token_not_found};
use crate::{
    ApiToken, AuthStore, LoginAttempts, NewSignIn, SIGN_IN_USE_RESOLUTION, StoreResult,
    TOKEN_USE_RESOLUTION,
};

/// Inserts an account with the role its way in grants, whatever the caller put in `account`.
async fn insert_account(
    conn: &mut dyn Conn,
    account: &Account,
    password_hash: &str,
    role: Role,
) -> StoreResult<()> {
    let (role, practice_role) = role_columns(role);
    conn.run(
        "INSERT INTO accounts (id, email, display_name, password_hash, role, practice_role, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &args![
            account.id,
            account.email.as_str(),
            account.display_name.as_str(),
            password_hash,
            role,
            practice_role,
            account.created_at,
        ],
    )
    .await
    .map_err(|e| e.or_unique(|| account_exists(account)))?;
    Ok(())
}

/// Links a new client account to the practitioner whose invitation it used, inside the
/// invitation's transaction.
async fn link(conn: &mut dyn Conn, practitioner: String, client: &Account) -> StoreResult<()> {
    conn.run(
        "INSERT INTO practice_links (id, practitioner_id, client_id, linked_at) \
         VALUES ($1, $2, $3, $4)",
        &args![Uuid::new_v4(), practitioner, client.id, client.created_at],
    )
    .await?;
    Ok(())
}

/// How many rows a `SELECT count(*) AS n` counted.
async fn count(db: &dyn Db, sql: &str, values: &[crate::transfer::Value]) -> StoreResult<u64> {
    let rows = db.read().await?.rows(sql, values).await?;
    let n = match first(rows) {
        Some(row) => columns::int(&*row, "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The earliest a set-up token may have been issued to still work at `now`.
fn issued_since(now: Timestamp) -> Timestamp {
    now.checked_sub(crate::SETUP_LINK_LIFETIME)
        .unwrap_or(Timestamp::MIN)
}

#[async_trait]
impl<T: Db> AuthStore for T {
    async fn account_count(&self) -> StoreResult<u64> {
        count(self, "SELECT count(*) AS n FROM accounts", &[]).await
    }

    async fn add_setup_token(&self, token_hash: &str, at: Timestamp) -> StoreResult<()> {
        self.writer()
            .await?
            .run(
                "INSERT INTO setup_tokens (token_hash, created_at) VALUES ($1, $2)",
                &args![token_hash, at],
            )
            .await?;
        Ok(())
    }

    async fn create_owner(
        &self,
        token_hash: &str,
        account: &Account,
        password_hash: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let used = tx
            .run(
                "UPDATE setup_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
                 AND created_at > $3 AND NOT EXISTS (SELECT 1 FROM accounts WHERE role = 'owner')",
                &args![
                    account.created_at,
                    token_hash,
                    issued_since(account.created_at)
                ],
            )
            .await?;
        if used != 1 {
            return Err(link_gone());
        }
        insert_account(&mut *tx, account, password_hash, Role::Owner).await?;
        tx.commit().await
    }

    async fn add_invitation(
        &self,
        token_hash: &str,
        by: AccountId,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<uuid::Uuid> {
        let id = uuid::Uuid::new_v4();
        self.writer()
            .await?
            .run(
                "INSERT INTO invitations (id, token_hash, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
                &args![id, token_hash, by, at, expires_at],
            )
            .await?;
        Ok(id)
    }

    async fn setup_token_is_open(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT token_hash FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL \
                 AND created_at > $2",
                &args![token_hash, issued_since(now)],
            )
            .await?;
        Ok(!rows.is_empty())
    }

    async fn invitation_is_open(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT token_hash FROM invitations WHERE token_hash = $1 AND used_at IS NULL \
                 AND expires_at > $2",
                &args![token_hash, now],
            )
            .await?;
        Ok(!rows.is_empty())
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
        let mut tx = self.begin().await?;
        let used = tx
            .rows(
                "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 \
                 AND used_at IS NULL AND expires_at > $1 RETURNING kind, created_by",
                &args![account.created_at, token_hash],
            )
            .await?;
        let Some(used) = first(used) else {
            return Err(link_gone());
        };
        let kind: InvitationKind = columns::parsed(&*used, "kind")?;
        let inviter = columns::text(&*used, "created_by")?;
        insert_account(&mut *tx, account, password_hash, kind.role()).await?;
        tx.run(
            "UPDATE invitations SET used_by = $1 WHERE token_hash = $2",
            &args![account.id, token_hash],
        )
        .await?;
        if kind == InvitationKind::Client {
            link(&mut *tx, inviter, account).await?;
        }
        tx.commit().await
    }

    async fn account_by_email(&self, email: &Email) -> StoreResult<Option<(Account, String)>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT * FROM accounts WHERE email = $1",
                &args![email.as_str()],
            )
            .await?;
        first(rows)
            .map(|row| Ok((columns::account(&*row)?, columns::password_hash(&*row)?)))
            .transpose()
    }

    async fn add_web_session(&self, sign_in: &NewSignIn<'_>) -> StoreResult<()> {
        self.writer()
            .await?
            .run(
                "INSERT INTO web_sessions (token_hash, account_id, csrf_token, expires_at, id, \
                 started_at, last_used_at, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
                &args![
                    sign_in.token_hash,
                    sign_in.account,
                    sign_in.csrf_token,
                    sign_in.expires_at,
                    Uuid::new_v4(),
                    sign_in.started_at,
                    sign_in.user_agent,
                ],
            )
            .await?;
        Ok(())
    }

    async fn web_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_since: Timestamp,
    ) -> StoreResult<Option<(Account, String)>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT a.*, w.csrf_token, w.last_used_at AS sign_in_used_at FROM web_sessions w \
                 JOIN accounts a ON a.id = w.account_id \
                 WHERE w.token_hash = $1 AND w.expires_at > $2 AND w.last_used_at > $3",
                &args![token_hash, now, idle_since],
            )
            .await?;
        let Some(row) = first(rows) else {
            return Ok(None);
        };
        // As for tokens: noted again only once the last note is older than the resolution.
        let due = micros(now) - SIGN_IN_USE_RESOLUTION.as_micros() as i64;
        if columns::int(&*row, "sign_in_used_at")? <= due {
            self.writer()
                .await?
                .run(
                    "UPDATE web_sessions SET last_used_at = $1 WHERE token_hash = $2 \
                     AND last_used_at <= $3",
                    &args![now, token_hash, due],
                )
                .await?;
        }
        Ok(Some((
            columns::account(&*row)?,
            columns::csrf_token(&*row)?,
        )))
    }

    async fn remove_web_session(&self, token_hash: &str) -> StoreResult<()> {
        self.writer()
            .await?
            .run(
                "DELETE FROM web_sessions WHERE token_hash = $1",
                &args![token_hash],
            )
            .await?;
        Ok(())
    }

    async fn add_login_failure(&self, key: &str, at: Timestamp) -> StoreResult<()> {
        self.writer()
            .await?
            .run(
                "INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)",
                &args![key, at],
            )
            .await?;
        Ok(())
    }

    async fn login_failures_since(&self, key: &str, since: Timestamp) -> StoreResult<u64> {
        count(
            self,
            "SELECT count(*) AS n FROM login_failures WHERE key = $1 AND failed_at > $2",
            &args![key, since],
        )
        .await
    }

    async fn count_login_attempt(
        &self,
        key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<LoginAttempts> {
        // Written before it is counted, and each in its own statement on the writer: every
        // attempt then counts all those written before it, so of N at once only the first
        // few pass.
        let mut writer = self.writer().await?;
        writer
            .run(
                "INSERT INTO login_failures (key, failed_at) VALUES ($1, $2)",
                &args![key, at],
            )
            .await?;
        let rows = writer
            .rows(
                "SELECT count(*) AS n, max(CASE WHEN failed_at < $2 THEN failed_at END) \
                 AS previous FROM login_failures WHERE key = $1 AND failed_at > $3",
                &args![key, at, since],
            )
            .await?;
        let Some(row) = first(rows) else {
            return Ok(LoginAttempts {
                in_window: 1,
                previous: None,
            });
        };
        Ok(LoginAttempts {
            in_window: u64::try_from(columns::int(&*row, "n")?).unwrap_or(0),
            previous: row.int("previous")?.map(columns::time).transpose()?,
        })
    }

    async fn forgive_login_attempt(&self, key: &str, at: Timestamp) -> StoreResult<()> {
        self.writer()
            .await?
            .run(
                "DELETE FROM login_failures WHERE key = $1 AND failed_at = $2",
                &args![key, at],
            )
            .await?;
        Ok(())
    }

    async fn add_api_token(
        &self,
        account: AccountId,
        token: &ApiToken,
        token_hash: &str,
    ) -> StoreResult<()> {
        self.writer()
            .await?
            .run(
                "INSERT INTO api_tokens (id, account_id, name, token_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
                &args![
                    token.id,
                    account,
                    token.name.as_str(),
                    token_hash,
                    token.created_at
                ],
            )
            .await?;
        Ok(())
    }

    async fn api_token_account(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Account>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT a.*, t.last_used_at AS token_last_used_at FROM api_tokens t \
                 JOIN accounts a ON a.id = t.account_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
                &args![token_hash],
            )
            .await?;
        let Some(row) = first(rows) else {
            return Ok(None);
        };
        // Writing the time of use on every request made each read a durable write; it is
        // noted again only once the last note is older than the resolution.
        let last = row.int("token_last_used_at")?;
        let due = micros(now) - TOKEN_USE_RESOLUTION.as_micros() as i64;
        if last.is_none_or(|last| last <= due) {
            self.writer()
                .await?
                .run(
                    "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 \
                     AND (last_used_at IS NULL OR last_used_at <= $3)",
                    &args![now, token_hash, due],
                )
                .await?;
        }
        Ok(Some(columns::account(&*row)?))
    }

    async fn list_api_tokens(&self, account: AccountId) -> StoreResult<Vec<ApiToken>> {
        let rows = self
            .read()
            .await?
            .rows(
                "SELECT * FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL \
                 ORDER BY created_at",
                &args![account],
            )
            .await?;
        rows.iter().map(|row| columns::api_token(&**row)).collect()
    }

    async fn revoke_api_token(
        &self,
        account: AccountId,
        id: Uuid,
        at: Timestamp,
    ) -> StoreResult<()> {
        let done = self
            .writer()
            .await?
            .run(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 \
                 AND revoked_at IS NULL",
                &args![at, id, account],
            )
            .await?;
        if done == 0 {
            return Err(token_not_found(id));
        }
        Ok(())
    }
}
