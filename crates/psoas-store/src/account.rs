//! The [`AccountStore`] trait: what the holder of an account controls about it: the
//! password, where the account is signed in, reset links the owner hands over, and the
//! purge of what has ended. Secrets arrive hashed, as for [`crate::AuthStore`].

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{Account, AccountId};
use uuid::Uuid;

use crate::{Contents, StoreResult};

/// How precisely a sign-in's last use is kept: a use is noted only when the last note is at
/// least this old, so the idle timeout is exact to within this.
pub const SIGN_IN_USE_RESOLUTION: std::time::Duration = std::time::Duration::from_secs(60);

/// A sign-in session as it starts.
#[derive(Debug, Clone, Copy)]
pub struct NewSignIn<'a> {
    /// The hash of the cookie's token.
    pub token_hash: &'a str,
    /// Whose it is.
    pub account: AccountId,
    /// The token every form of the sign-in carries back.
    pub csrf_token: &'a str,
    /// When it starts (and is first used).
    pub started_at: Timestamp,
    /// When it ends at the latest.
    pub expires_at: Timestamp,
    /// The browser in brief, as its account will see it ("Firefox on Android").
    pub user_agent: &'a str,
}

/// A live sign-in session as its account sees it: never its token or the token's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// The id to end it by.
    pub id: Uuid,
    /// When it started.
    pub started_at: Timestamp,
    /// When it was last used (to within [`SIGN_IN_USE_RESOLUTION`]).
    pub last_used_at: Timestamp,
    /// The browser in brief.
    pub user_agent: String,
    /// Whether it is the sign-in asking.
    pub current: bool,
}

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
    /// An account's live sign-ins (not expired, not idle since `idle_since`), the most
    /// recently used first; the one whose token hash is `current` is marked so.
    async fn sign_ins(
        &self,
        account: AccountId,
        now: Timestamp,
        idle_since: Timestamp,
        current: Option<&str>,
    ) -> StoreResult<Vec<SignIn>>;
    /// Ends one of an account's sign-ins; `NotFound` when it is not the account's (or gone).
    async fn end_sign_in(&self, account: AccountId, id: Uuid) -> StoreResult<()>;
    /// Ends every sign-in of an account but `keep` (a token hash); returns how many ended.
    async fn end_other_sign_ins(&self, account: AccountId, keep: Option<&str>) -> StoreResult<u64>;
    /// Deletes every account's sign-ins that have expired by `now` or lain unused since
    /// `idle_since`; returns how many went.
    async fn purge_ended_sign_ins(&self, now: Timestamp, idle_since: Timestamp)
    -> StoreResult<u64>;
    /// What deleting an account would take: the profiles it owns, their sessions and trials.
    /// `NotFound` for an unknown account.
    async fn account_contents(&self, account: AccountId) -> StoreResult<Contents>;
    /// Deletes an account for real with all its data, asked `by` the account itself or by the
    /// owner, in one transaction: its profiles with their sessions and everything in them,
    /// its sign-ins, tokens, reset links, the invitations it made and the one it came in by,
    /// its practice links both ways with the notes and prescriptions it wrote, and the failed
    /// sign-ins counted against its address. Returns what went. The owner account is never
    /// deleted (`NotAllowed`: it holds the server, which is wiped by deleting its database
    /// instead), nor anyone else's by someone but the owner (`NotAllowed`); an unknown
    /// account is `NotFound`. Nothing of another account changes, except that what it did to
    /// this one's records is forgotten (a link it ended, a trial it struck out keep no name).
    async fn delete_account(&self, account: AccountId, by: AccountId) -> StoreResult<Contents>;
    /// Every account, the owner first, then by name.
    async fn accounts(&self) -> StoreResult<Vec<Account>>;
    /// Keeps a reset link the owner `by` made for another account `account`, replacing any
    /// unused one of that account: `NotAllowed` unless `by` is the owner and `account` is
    /// not, `NotFound` when either account is unknown.
    async fn add_password_reset(
        &self,
        token_hash: &str,
        account: AccountId,
        by: AccountId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// The account an unused, unexpired reset link is for.
    async fn open_password_reset(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Account>>;
    /// Uses a reset link, in one transaction: the link is spent, the account gets the new
    /// password and every sign-in of it ends. The link's link-gone `NotFound` when it is
    /// unknown, used or expired (and nothing changes). Returns whose it was.
    async fn use_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> StoreResult<AccountId>;
}
