//! Argon2id work, bounded: at most one hash per core at a time, a short queue behind them,
//! and a clear "busy" beyond it.
//!
//! Each hash takes tens of milliseconds and 19 MiB on purpose, and set-up, sign-up and
//! sign-in are reached without an account: unbounded, a flood of bogus requests would take
//! every core and gigabytes of memory and starve the people signing in. Work beyond the
//! queue is refused at once, so a flood costs the server nothing but the refusal.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{OnceCell, Semaphore};

/// Why a password could not be hashed or checked now.
#[derive(Debug, thiserror::Error)]
pub enum PasswordWorkError {
    /// Every worker is busy and the queue is full, or the wait ran out.
    #[error("the server is busy checking passwords; try again in {retry_after_seconds} s")]
    Busy {
        /// When to try again, for the Retry-After header.
        retry_after_seconds: u64,
    },
    /// Hashing itself failed (a bug, or the blocking pool is gone).
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// What the bounded worker has done, for tests and the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordWorkStats {
    /// Hashes and checks started since the server began.
    pub started: u64,
    /// The most that ever ran at the same time.
    pub peak_running: usize,
    /// Requests refused as busy.
    pub refused: u64,
}

/// The server's one gate for Argon2id work.
#[derive(Debug)]
pub struct PasswordWork {
    permits: Semaphore,
    workers: usize,
    queue_limit: usize,
    max_wait: Duration,
    waiting: AtomicUsize,
    running: AtomicUsize,
    peak_running: AtomicUsize,
    started: AtomicU64,
    refused: AtomicU64,
    dummy: OnceCell<String>,
}

impl PasswordWork {
    /// A gate letting `workers` hashes run at once with up to `queue_limit` waiting, each for
    /// at most `max_wait`.
    pub fn new(workers: usize, queue_limit: usize, max_wait: Duration) -> Self {
        let workers = workers.max(1);
        Self {
            permits: Semaphore::new(workers),
            workers,
            queue_limit,
            max_wait,
            waiting: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            peak_running: AtomicUsize::new(0),
            started: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            dummy: OnceCell::const_new(),
        }
    }

    /// `workers` at once, four waiting per worker, five seconds' wait at most.
    pub fn with_workers(workers: usize) -> Self {
        Self::new(workers, workers.max(1) * 4, Duration::from_secs(5))
    }

    /// One worker per core.
    pub fn for_this_machine() -> Self {
        Self::with_workers(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// How many hashes may run at once.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// What has been done so far.
    pub fn stats(&self) -> PasswordWorkStats {
        PasswordWorkStats {
            started: self.started.load(Ordering::Relaxed),
            peak_running: self.peak_running.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
        }
    }

    /// Hashes a new password with Argon2id.
    pub async fn hash(&self, password: String) -> Result<String, PasswordWorkError> {
        self.run(move || hash_blocking(&password)).await?
    }

    /// Checks a password against a stored hash; a malformed hash never matches.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, PasswordWorkError> {
        self.run(move || verify_blocking(&password, &hash)).await
    }

    /// Spends the time of a real check against a hash of a random password, so the time a
    /// sign-in takes does not reveal whether the address has an account.
    pub async fn verify_nobody(&self, password: String) -> Result<(), PasswordWorkError> {
        let dummy = self
            .dummy
            .get_or_try_init(|| async { self.hash(crate::secret::new_secret()).await })
            .await?
            .clone();
        self.verify(password, dummy).await.map(|_| ())
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordWorkError> {
        let permit = match self.permits.try_acquire() {
            Ok(permit) => permit,
            Err(_) => self.wait_for_permit().await?,
        };
        let now_running = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_running.fetch_max(now_running, Ordering::SeqCst);
        self.started.fetch_add(1, Ordering::Relaxed);
        let outcome = tokio::task::spawn_blocking(work).await;
        self.running.fetch_sub(1, Ordering::SeqCst);
        drop(permit);
        outcome.map_err(|e| PasswordWorkError::Failed(e.to_string()))
    }

    async fn wait_for_permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, PasswordWorkError> {
        let busy = || {
            self.refused.fetch_add(1, Ordering::Relaxed);
            PasswordWorkError::Busy {
                retry_after_seconds: self.max_wait.as_secs().max(1),
            }
        };
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue_limit {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let acquired = tokio::time::timeout(self.max_wait, self.permits.acquire()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        match acquired {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(closed)) => Err(PasswordWorkError::Failed(closed.to_string())),
            Err(_elapsed) => Err(busy()),
        }
    }
}

fn hash_blocking(password: &str) -> Result<String, PasswordWorkError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordWorkError::Failed(e.to_string()))
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn passwords_verify_against_their_hash_only() {
        let work = PasswordWork::new(1, 1, Duration::from_secs(5));
        let hash = work.hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            work.verify("correct horse battery".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(
            !work
                .verify("wrong horse battery".into(), hash)
                .await
                .unwrap()
        );
        assert!(!work.verify("x".into(), "not a hash".into()).await.unwrap());
        assert_eq!(work.stats().started, 4);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_run_at_once_than_workers_and_the_rest_beyond_the_queue_are_refused() {
        let work = Arc::new(PasswordWork::new(1, 2, Duration::from_secs(30)));
        let held = work.permits.acquire().await.unwrap();
        let tries: Vec<_> = (0..12)
            .map(|i| {
                let work = work.clone();
                tokio::spawn(async move { work.hash(format!("password number {i}")).await })
            })
            .collect();
        for _ in 0..1000 {
            if work.stats().refused == 10 && work.waiting.load(Ordering::SeqCst) == 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(held);
        let mut hashed = 0;
        let mut busy = 0;
        for outcome in tries {
            match outcome.await.unwrap() {
                Ok(_) => hashed += 1,
                Err(PasswordWorkError::Busy {
                    retry_after_seconds,
                }) => {
                    assert_eq!(retry_after_seconds, 30);
                    busy += 1;
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
        let stats = work.stats();
        assert_eq!((hashed, busy), (2, 10), "{stats:?}");
        assert_eq!(stats.peak_running, 1, "{stats:?}");
        assert_eq!(stats.started, 2);
        assert_eq!(stats.refused, 10);
    }

    #[tokio::test]
    async fn a_wait_that_runs_out_is_busy() {
        let work = Arc::new(PasswordWork::new(1, 5, Duration::from_millis(1)));
        let held = work.permits.acquire().await.unwrap();
        let outcome = work.hash("a long enough password".into()).await;
        assert!(matches!(outcome, Err(PasswordWorkError::Busy { .. })));
        drop(held);
        assert!(work.hash("a long enough password".into()).await.is_ok());
    }
}
