//! What a benchmark's database holds before the load starts: an owner account with a personal
//! access token, a profile with a history to read, screened sessions for writes to fill, and a
//! long history in the terminal's scope for the export benchmark. Everything goes in through
//! the store's own traits, as the server (or `psoas import`) would write it.

use jiff::{SignedDuration, Timestamp};
use psoas_core::{
    Account, AccountId, DisplayName, Email, Measurement, Method, Pain, Phase, Profile, ProfileId,
    Reading, Role, Screening, Session, SessionId, SessionRecord, SessionStatus, Side, Symptoms,
    Test,
};
use psoas_server::AppStore;
use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_server::password_work::PasswordWork;
use psoas_store::{ApiToken, FullSession, Scope, Store};

use crate::BenchError;

/// The account a benchmark acts as, and its bearer token.
pub struct Seeded {
    /// The owner account.
    pub account: Account,
    /// Its personal access token, in clear, for `Authorization: Bearer`.
    pub token: String,
}

impl Seeded {
    /// The store scope of the account.
    pub fn scope(&self) -> Scope {
        Scope::of(&self.account)
    }
}

fn invalid(what: &str, e: impl std::fmt::Display) -> BenchError {
    BenchError::Seed(format!("{what}: {e}"))
}

/// Creates the owner account (through a one-time set-up token, as the set-up page does) and a
/// personal access token for it.
pub async fn owner_with_token(store: &dyn AppStore) -> Result<Seeded, BenchError> {
    let at = now();
    let setup = new_secret();
    store.add_setup_token(&hash_secret(&setup), at).await?;
    let account = Account {
        id: AccountId::random(),
        email: Email::parse("bench@example.org").map_err(|e| invalid("address", e))?,
        display_name: DisplayName::parse("Bench").map_err(|e| invalid("name", e))?,
        role: Role::Owner,
        created_at: at,
    };
    let password = PasswordWork::for_this_machine()
        .hash(new_secret())
        .await
        .map_err(|e| invalid("password", e))?;
    store
        .create_owner(&hash_secret(&setup), &account, &password)
        .await?;
    let token = new_secret();
    let listed = ApiToken {
        id: uuid::Uuid::new_v4(),
        name: "benchmark".to_string(),
        created_at: at,
        last_used_at: None,
    };
    store
        .add_api_token(account.id, &listed, &hash_secret(&token))
        .await?;
    Ok(Seeded { account, token })
}

/// Adds a profile to the scope.
pub async fn profile(
    store: &dyn AppStore,
    scope: Scope,
    name: &str,
) -> Result<ProfileId, BenchError> {
    let name = DisplayName::parse(name).map_err(|e| invalid("profile name", e))?;
    let profile = Profile::new(name, None, None, None);
    store.create_profile(scope, &profile).await?;
    Ok(profile.id)
}

/// Starts a session and answers its screening with no red flag, so it takes trials.
pub async fn screened_session(
    store: &dyn AppStore,
    scope: Scope,
    profile: ProfileId,
    at: Timestamp,
) -> Result<SessionId, BenchError> {
    let session = Session::start(profile, at, 3).map_err(|e| invalid("session", e))?;
    store.create_session(scope, &session).await?;
    store
        .save_screening(scope, session.id, &Screening::new([], at))
        .await?;
    Ok(session.id)
}

/// A typed trial of one test on one side.
pub fn trial(test: Test, side: Side, number: u16, value: &str, at: Timestamp) -> Measurement {
    let method = Method::implied_by(test, value);
    let reading = Reading::parse(value, test, method, None).expect("benchmark values are valid");
    Measurement::new(
        Phase::Baseline,
        test,
        side,
        number,
        method,
        Some(reading),
        false,
        at,
    )
    .expect("benchmark trials are valid")
}

/// A day's session as a person would record it: symptoms and three trials a side of each
/// test, varying from day to day so the verdicts differ.
pub fn day_trials(day: i64, at: Timestamp) -> Vec<Measurement> {
    let mut trials = Vec::with_capacity(12);
    for number in 1..=3u16 {
        let wobble = (day + i64::from(number)) % 7;
        trials.push(trial(
            Test::LegRaise,
            Side::Left,
            number,
            &format!("{}", 15 + wobble),
            at,
        ));
        trials.push(trial(
            Test::LegRaise,
            Side::Right,
            number,
            &format!("{}", 22 + wobble % 3),
            at,
        ));
        trials.push(trial(
            Test::Strength,
            Side::Left,
            number,
            &format!("{}", 3 + wobble % 3),
            at,
        ));
        trials.push(trial(Test::Strength, Side::Right, number, "5", at));
    }
    trials
}

/// The symptoms of a day.
pub fn day_symptoms(day: i64, at: Timestamp) -> Symptoms {
    let pain = |v: i64| Pain::new(u8::try_from(v.rem_euclid(11)).unwrap_or(0)).expect("0-10");
    Symptoms::new(pain(day % 6), pain(day % 3), 7.5, 0, None, at).expect("valid symptoms")
}

/// Records `days` daily sessions for a profile, the last one today.
pub async fn history(
    store: &dyn AppStore,
    scope: Scope,
    profile: ProfileId,
    days: i64,
) -> Result<(), BenchError> {
    let today = now();
    for day in 0..days {
        let at = today - SignedDuration::from_hours(24 * (days - day));
        let id = screened_session(store, scope, profile, at).await?;
        store
            .save_symptoms(scope, id, &day_symptoms(day, at))
            .await?;
        for trial in day_trials(day, at) {
            store.add_measurement(scope, id, &trial).await?;
        }
    }
    Ok(())
}

/// The trials of one day in [`day_trials`].
pub const TRIALS_A_DAY: usize = 12;

/// A profile named `name` with exactly `trials` trials of daily history, as whole sessions
/// for [`Store::import`]: one finished, screened session a day from 1 January 2000, each with
/// [`day_symptoms`] and [`day_trials`] (the last day cut short to make the count). Fixed
/// dates, so the same count always gives the same data.
pub fn long_history(name: &str, trials: usize) -> Result<(Profile, Vec<FullSession>), BenchError> {
    let name = DisplayName::parse(name).map_err(|e| invalid("profile name", e))?;
    let profile = Profile::new(name, None, None, None);
    let first_day = Timestamp::from_second(946_684_800).expect("2000-01-01 is a valid time");
    let days = trials.div_ceil(TRIALS_A_DAY);
    let mut sessions = Vec::with_capacity(days);
    for day in 0..days {
        let at = first_day + SignedDuration::from_hours(24 * day as i64);
        let mut session = Session::start(profile.id, at, 3).map_err(|e| invalid("session", e))?;
        session.status = SessionStatus::Finished;
        session.ended_at = Some(at + SignedDuration::from_mins(10));
        let mut record = SessionRecord::new(session);
        record.screening = Some(Screening::new([], at));
        record.symptoms = Some(day_symptoms(day as i64, at));
        record.measurements = day_trials(day as i64, at);
        record
            .measurements
            .truncate(TRIALS_A_DAY.min(trials - day * TRIALS_A_DAY));
        sessions.push(FullSession {
            record,
            series: Vec::new(),
            camera: Vec::new(),
            photos: Vec::new(),
        });
    }
    Ok((profile, sessions))
}

/// Stores a [`long_history`] of `trials` trials in the terminal's scope (where `psoas export`
/// reads), in one transaction as `psoas import` does; gives the number of trials stored.
pub async fn fill_history(store: &dyn Store, trials: usize) -> Result<u64, BenchError> {
    let (profile, sessions) = long_history("Long history", trials)?;
    let counts = store.import(Scope::Terminal, &[profile], &sessions).await?;
    Ok(counts.measurements_added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_history_holds_exactly_the_trials_asked_for_in_finished_daily_sessions() {
        let (profile, sessions) = long_history("Long", 25).unwrap();
        let per_session: Vec<usize> = sessions
            .iter()
            .map(|s| s.record.measurements.len())
            .collect();
        assert_eq!(per_session, [12, 12, 1]);
        for pair in sessions.windows(2) {
            let (before, after) = (&pair[0].record.session, &pair[1].record.session);
            let gap = after.started_at.duration_since(before.started_at);
            assert_eq!(gap, SignedDuration::from_hours(24));
        }
        assert!(sessions.iter().all(|s| {
            s.record.session.profile_id == profile.id
                && s.record.session.status == SessionStatus::Finished
                && s.record.screening.is_some()
                && s.record.symptoms.is_some()
        }));
        assert_eq!(long_history("Long", 24).unwrap().1.len(), 2);
    }
}
