//! Lone trials written in groups: the trials that arrive while one commit waits for its
//! `fsync` are written together in the next transaction and made durable by one `fsync`,
//! each acknowledged only once that commit has returned.
//!
//! With `synchronous=FULL` every commit waits for the disk, and SQLite has one writer; under
//! many clients recording at once each trial queued behind everyone else's `fsync`. Grouping
//! keeps each trial's own outcome: a trial refused (a taken trial slot, a session out of
//! scope) is a failed statement that leaves the transaction and the others' trials intact,
//! while a commit that fails fails every trial of its group, none of them stored.

use psoas_core::{Measurement, SessionId};
use psoas_store::sql::insert_measurement;
use psoas_store::{Scope, StoreError, StoreResult};
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::backend;
use crate::conn::Lite;

/// The most trials in one transaction; more wait for the next.
const GROUP: usize = 64;

/// One trial to write, and where to say how it went.
struct Job {
    scope: Scope,
    session: SessionId,
    measurement: Measurement,
    done: oneshot::Sender<StoreResult<()>>,
}

/// The queue of lone trials of one store, written by one task.
#[derive(Debug, Clone)]
pub(crate) struct GroupCommit {
    jobs: mpsc::UnboundedSender<Job>,
}

impl GroupCommit {
    /// Starts the writing task on the current runtime, writing through `writer`.
    pub(crate) fn start(writer: SqlitePool) -> Self {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(write_groups(writer, queue));
        Self { jobs }
    }

    /// Writes one trial with the others waiting; `None` when the task is gone (its runtime
    /// shut down), for the caller to write the trial alone.
    pub(crate) async fn add(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
    ) -> Option<StoreResult<()>> {
        let (done, outcome) = oneshot::channel();
        let job = Job {
            scope,
            session,
            measurement: measurement.clone(),
            done,
        };
        self.jobs.send(job).ok()?;
        // Dropped unanswered only if the task stopped mid-group, its transaction rolled back.
        Some(outcome.await.unwrap_or_else(|_| {
            Err(StoreError::Unavailable(
                "the database writer stopped before the trial was stored; try again".to_string(),
            ))
        }))
    }
}

async fn write_groups(writer: SqlitePool, mut queue: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut group = vec![first];
        while group.len() < GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        write_group(&writer, group).await;
    }
}

async fn write_group(writer: &SqlitePool, mut group: Vec<Job>) {
    if group.len() == 1
        && let Some(job) = group.pop()
    {
        // Alone: one statement in autocommit, one round trip to the connection's thread.
        let outcome = async {
            let mut conn = Lite(writer.acquire().await.map_err(backend)?);
            insert_measurement(&mut conn, job.scope, job.session, &job.measurement).await
        }
        .await;
        let _ = job.done.send(outcome);
        return;
    }
    let written = async {
        let tx = writer.begin_with("BEGIN IMMEDIATE").await;
        let mut tx = Lite(tx.map_err(backend)?);
        let mut outcomes = Vec::with_capacity(group.len());
        for job in &group {
            outcomes
                .push(insert_measurement(&mut tx, job.scope, job.session, &job.measurement).await);
        }
        tx.0.commit().await.map_err(backend)?;
        Ok::<_, StoreError>(outcomes)
    }
    .await;
    match written {
        Ok(outcomes) => {
            for (job, outcome) in group.into_iter().zip(outcomes) {
                let _ = job.done.send(outcome);
            }
        }
        Err(error) => {
            // Nothing of the group was stored; each trial is told why, as the error came.
            for job in group {
                let _ = job.done.send(Err(same(&error)));
            }
        }
    }
}

/// The same failure again, for each trial of a group (errors are not `Clone`).
fn same(error: &StoreError) -> StoreError {
    match error {
        StoreError::ReadOnly(why) => StoreError::ReadOnly(why.clone()),
        StoreError::Unavailable(why) => StoreError::Unavailable(why.clone()),
        StoreError::Conflict(why) => StoreError::Conflict(why.clone()),
        other => StoreError::Backend(other.to_string().into()),
    }
}
