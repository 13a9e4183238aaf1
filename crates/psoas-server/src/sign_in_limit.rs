//! How many sign-in attempts are checked: five failures from one client in fifteen minutes,
//! then that client waits; failures against one account, from anywhere, slow further tries
//! at it step by step (one second, two, four, up to a minute), so guessing stays slow and
//! nobody can lock the owner out for long with a few wrong passwords.
//!
//! Each attempt is written to the store before its password is checked and counts all
//! attempts written before it, so a burst of parallel guesses gets no more tries than a
//! slow one. A success takes back only its own attempt: the failures before it still count.

use jiff::{SignedDuration, Timestamp};
use psoas_core::Email;
use psoas_store::{AppStore, StoreError};
use std::net::IpAddr;

/// Failed sign-ins allowed per client in [`WINDOW`].
pub const CLIENT_FAILURES: u64 = 5;
/// Failed sign-ins against one account before each further try must wait.
pub const ACCOUNT_FREE_TRIES: u64 = 5;
/// The longest wait between tries at one account.
pub const LONGEST_ACCOUNT_WAIT: SignedDuration = SignedDuration::from_secs(60);
/// The window failures are counted in.
pub const WINDOW: SignedDuration = SignedDuration::from_mins(15);

/// Why an attempt is not checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// This client failed too often; it waits out the window.
    Client,
    /// The account was tried and failed too often lately; try again after this many seconds.
    Account {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
}

impl Refused {
    /// Seconds before trying again.
    pub fn retry_after_seconds(self) -> u64 {
        match self {
            Refused::Client => WINDOW.as_secs().unsigned_abs(),
            Refused::Account {
                retry_after_seconds,
            } => retry_after_seconds,
        }
    }

    /// What the person is told.
    pub fn message(self) -> String {
        match self {
            Refused::Client => {
                "Too many failed sign-ins from this device. Wait 15 minutes, then try again."
                    .to_string()
            }
            Refused::Account {
                retry_after_seconds,
            } => format!(
                "Too many failed sign-ins to this account lately. Wait {retry_after_seconds} \
                 {}, then try again.",
                if retry_after_seconds == 1 {
                    "second"
                } else {
                    "seconds"
                }
            ),
        }
    }
}

/// An attempt counted and allowed to check its password.
#[derive(Debug)]
pub struct Attempt {
    keys: [String; 2],
    at: Timestamp,
}

/// The wait before the next try at an account that has had `attempts` in the window, this
/// one included: none for the first few, then doubling from one second up to a minute.
pub fn account_wait(attempts: u64) -> SignedDuration {
    if attempts <= ACCOUNT_FREE_TRIES {
        return SignedDuration::ZERO;
    }
    let doublings = (attempts - ACCOUNT_FREE_TRIES - 1).min(6) as u32;
    SignedDuration::from_secs(1i64 << doublings).min(LONGEST_ACCOUNT_WAIT)
}

/// Counts an attempt at `email` from `client` at `at`; refuses it (and takes it back) when
/// the client or the account must wait.
pub async fn begin(
    store: &dyn AppStore,
    email: &Email,
    client: IpAddr,
    at: Timestamp,
) -> Result<Result<Attempt, Refused>, StoreError> {
    let since = at.checked_sub(WINDOW).unwrap_or(Timestamp::UNIX_EPOCH);
    let client_key = format!("client:{client}");
    let account_key = psoas_store::keys::login_key_of_email(email);
    let by_client = store.count_login_attempt(&client_key, at, since).await?;
    if by_client.in_window > CLIENT_FAILURES {
        store.forgive_login_attempt(&client_key, at).await?;
        return Ok(Err(Refused::Client));
    }
    let by_account = store.count_login_attempt(&account_key, at, since).await?;
    let wait = account_wait(by_account.in_window);
    if let Some(previous) = by_account.previous {
        let waited = at.duration_since(previous);
        if waited < wait {
            store.forgive_login_attempt(&client_key, at).await?;
            store.forgive_login_attempt(&account_key, at).await?;
            let left = (wait - waited).as_secs_f64().ceil().max(1.0);
            return Ok(Err(Refused::Account {
                // At most a minute: the cast cannot truncate.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                retry_after_seconds: left as u64,
            }));
        }
    }
    Ok(Ok(Attempt {
        keys: [client_key, account_key],
        at,
    }))
}

impl Attempt {
    /// The password was right: this attempt is no failure. Earlier failures stay counted.
    pub async fn succeeded(self, store: &dyn AppStore) -> Result<(), StoreError> {
        for key in &self.keys {
            store.forgive_login_attempt(key, self.at).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_at_an_account_wait_longer_and_longer_up_to_a_minute() {
        let waits: Vec<i64> = (1..=14).map(|n| account_wait(n).as_secs()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn refusals_say_how_long_to_wait_in_words() {
        assert!(Refused::Client.message().contains("15 minutes"));
        assert_eq!(Refused::Client.retry_after_seconds(), 900);
        let one = Refused::Account {
            retry_after_seconds: 1,
        };
        assert!(
            one.message().contains("Wait 1 second,"),
            "{}",
            one.message()
        );
        let many = Refused::Account {
            retry_after_seconds: 8,
        };
        assert!(many.message().contains("Wait 8 seconds,"));
    }
}
