//! The writes a load sends, and the check that none was lost.
//!
//! Every write fills its own slot: a session, a test, a side and a trial number (1-20) given
//! explicitly, with a value that follows from the slot. So the check can tell, for each slot,
//! what the database should hold from what the client was told:
//!
//! - **acknowledged** (the server answered `201 Created`): the trial must be stored, with its
//!   value;
//! - **refused** (any other answer): it must not be stored;
//! - **in doubt** (sent, and the connection broke before an answer, as when the server is
//!   killed): the commit may or may not have happened before the kill; either is correct, but
//!   if stored it must be whole (the right value), and there can be at most one such write per
//!   client, since a client waits for each answer before sending again;
//! - **never sent**: must not be stored.
//!
//! Anything stored in the plan's sessions that no slot explains is also a failure.

use psoas_core::{Phase, Reading, SessionId, Side, Test};
use psoas_server::AppStore;
use psoas_store::Scope;
use std::collections::HashMap;

use crate::BenchError;
use crate::seed;

/// Trial slots per session: two tests, two sides, trial numbers 1 to 20.
pub const SLOTS_PER_SESSION: u64 = 80;

/// Sessions ready to take writes, each slot written at most once.
#[derive(Debug, Clone)]
pub struct WritePlan {
    /// The sessions, in order.
    pub sessions: Vec<SessionId>,
}

/// One write: where it goes and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The session.
    pub session: SessionId,
    /// The test.
    pub test: Test,
    /// The side.
    pub side: Side,
    /// The trial number, 1-20.
    pub trial: u16,
    /// The value sent, as text.
    pub value: String,
}

impl Slot {
    /// The request's path.
    pub fn path(&self) -> String {
        format!("/api/v1/sessions/{}/measurements", self.session)
    }

    /// The request's JSON body. Slots arrive in any order, so a value may be far from the
    /// side's trials stored so far; it is sent as confirmed, meant as it is.
    pub fn body(&self) -> String {
        format!(
            r#"{{"test":"{}","side":"{}","trial":{},"value":"{}","confirmed":true}}"#,
            self.test.as_str(),
            self.side.as_str(),
            self.trial,
            self.value
        )
    }

    fn reading(&self) -> Reading {
        let method = psoas_core::Method::implied_by(self.test, &self.value);
        Reading::parse(&self.value, self.test, method, None).expect("slot values are valid")
    }
}

impl WritePlan {
    /// Creates enough screened sessions in a new profile of the scope for `writes` writes.
    pub async fn prepare(
        store: &dyn AppStore,
        scope: Scope,
        profile_name: &str,
        writes: u64,
    ) -> Result<Self, BenchError> {
        let profile = seed::profile(store, scope, profile_name).await?;
        let count = writes.div_ceil(SLOTS_PER_SESSION).max(1);
        let mut sessions = Vec::new();
        for _ in 0..count {
            let at = psoas_server::auth::now();
            sessions.push(seed::screened_session(store, scope, profile, at).await?);
        }
        Ok(Self { sessions })
    }

    /// How many writes the plan has room for.
    pub fn capacity(&self) -> u64 {
        self.sessions.len() as u64 * SLOTS_PER_SESSION
    }

    /// The write with index `i` (below [`WritePlan::capacity`]).
    pub fn slot(&self, i: u64) -> Slot {
        let session = self.sessions[usize::try_from(i / SLOTS_PER_SESSION).expect("small")];
        let within = i % SLOTS_PER_SESSION;
        let test = if within < 40 {
            Test::LegRaise
        } else {
            Test::Strength
        };
        let side = if within % 40 < 20 {
            Side::Left
        } else {
            Side::Right
        };
        let trial = u16::try_from(within % 20).expect("small") + 1;
        let value = match test {
            Test::LegRaise => format!("{}", 10 + trial),
            Test::Strength => format!("{}", trial % 6),
        };
        Slot {
            session,
            test,
            side,
            trial,
            value,
        }
    }

    fn index_of(&self, session: SessionId, test: Test, side: Side, trial: u16) -> Option<u64> {
        let s = self.sessions.iter().position(|&id| id == session)? as u64;
        let t = if test == Test::LegRaise { 0 } else { 40 };
        let d = if side == Side::Left { 0 } else { 20 };
        (1..=20)
            .contains(&trial)
            .then(|| s * SLOTS_PER_SESSION + t + d + u64::from(trial) - 1)
    }
}

/// What the client learnt of one write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered 201 Created.
    Acknowledged,
    /// Answered with another status.
    Refused(u16),
    /// Sent, but no answer came (connection broken or timed out).
    InDoubt,
}

/// The result of comparing the database with what clients were told.
#[derive(Debug, Default, Clone)]
pub struct Verdict {
    /// Writes acknowledged.
    pub acknowledged: u64,
    /// Writes refused.
    pub refused: u64,
    /// Writes in doubt.
    pub in_doubt: u64,
    /// Of those in doubt, how many were found stored.
    pub in_doubt_stored: u64,
    /// Acknowledged writes missing from the database (lost).
    pub lost: Vec<u64>,
    /// Refused writes found stored.
    pub refused_but_stored: Vec<u64>,
    /// Stored trials no sent write explains.
    pub unexplained: Vec<String>,
    /// Stored trials whose value differs from the one sent.
    pub altered: Vec<u64>,
}

impl Verdict {
    /// Whether the database agrees with every answer the clients had.
    pub fn holds(&self, clients: usize) -> bool {
        self.lost.is_empty()
            && self.refused_but_stored.is_empty()
            && self.unexplained.is_empty()
            && self.altered.is_empty()
            && self.in_doubt <= clients as u64
    }

    /// One line for a report.
    pub fn summary(&self) -> String {
        format!(
            "{} acknowledged, {} refused, {} in doubt ({} of them stored); lost {}, refused but \
             stored {}, unexplained {}, altered {}",
            self.acknowledged,
            self.refused,
            self.in_doubt,
            self.in_doubt_stored,
            self.lost.len(),
            self.refused_but_stored.len(),
            self.unexplained.len(),
            self.altered.len()
        )
    }
}

/// Reads the plan's sessions back from the store and compares them with the outcomes
/// (`(write index, outcome)`; indexes not listed were never sent).
pub async fn check(
    store: &dyn AppStore,
    scope: Scope,
    plan: &WritePlan,
    outcomes: &[(u64, Outcome)],
) -> Result<Verdict, BenchError> {
    let told: HashMap<u64, Outcome> = outcomes.iter().copied().collect();
    let mut stored: HashMap<u64, Reading> = HashMap::new();
    let mut verdict = Verdict::default();
    for &session in &plan.sessions {
        let record = store.session(scope, session).await?;
        for m in &record.measurements {
            match plan.index_of(session, m.test, m.side, m.trial) {
                Some(i) if m.phase == Phase::Baseline && m.reading.is_some() => {
                    stored.insert(i, m.reading.expect("checked"));
                }
                _ => verdict.unexplained.push(format!(
                    "session {session}: {} {} trial {}",
                    m.test.as_str(),
                    m.side.as_str(),
                    m.trial
                )),
            }
        }
    }
    for (&i, outcome) in &told {
        match outcome {
            Outcome::Acknowledged => verdict.acknowledged += 1,
            Outcome::Refused(_) => verdict.refused += 1,
            Outcome::InDoubt => verdict.in_doubt += 1,
        }
        match (outcome, stored.get(&i)) {
            (Outcome::Acknowledged, None) => verdict.lost.push(i),
            (Outcome::Refused(_), Some(_)) => verdict.refused_but_stored.push(i),
            (Outcome::InDoubt, Some(_)) => verdict.in_doubt_stored += 1,
            _ => {}
        }
    }
    for (&i, reading) in &stored {
        if !told.contains_key(&i) {
            verdict
                .unexplained
                .push(format!("write {i} was never sent"));
        } else if *reading != plan.slot(i).reading() {
            verdict.altered.push(i);
        }
    }
    verdict.lost.sort_unstable();
    verdict.refused_but_stored.sort_unstable();
    verdict.altered.sort_unstable();
    Ok(verdict)
}
