//! What a benchmark's database holds before the load starts: an owner account with a personal
//! access token, a profile with a history to read, and screened sessions for writes to fill.
//! Everything goes in through the store's own traits, as the server would write it.

use jiff::{SignedDuration, Timestamp};
use psoas_core::{
    Account, AccountId, DisplayName, Email, Measurement, Method, Pain, Phase, Profile, ProfileId,
    Reading, Role, Screening, Session, SessionId, Side, Symptoms, Test,
};
use psoas_server::AppStore;
use psoas_server::auth::{hash_password, hash_secret, new_secret, now};
use psoas_store::{ApiToken, Scope};

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
    let password = hash_password(new_secret())
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
