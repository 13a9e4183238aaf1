//! The rules every backend applies the same way: which rows a scope may see (as values to
//! bind into its SQL), how profile names are kept unique per owner, how short keys are read,
//! and the words of the errors a caller gets back.

use psoas_core::{Account, Email, Measurement, MeasurementId, Profile, Role, SessionId};

use crate::{Scope, StoreError, StoreResult};

/// The five values bound as `$1..$5` into the "visible profiles" condition (`sql::VISIBLE`:
/// `everything OR p.owner_id = account OR (p.owner_id IS NULL AND terminal_profiles) OR
/// <a live practice_links row from practitioner to client, whose client owns p>`).
#[derive(Debug, Clone)]
pub struct ScopeBinds {
    /// The terminal tool: every row.
    pub everything: bool,
    /// The account whose profiles are visible.
    pub account: Option<String>,
    /// Whether the profiles made in the terminal tool are visible (to the owner account).
    pub terminal_profiles: bool,
    /// A practitioner following a client: the practitioner...
    pub practitioner: Option<String>,
    /// ...and the client whose profiles are visible while the link between them is live.
    pub client: Option<String>,
}

impl ScopeBinds {
    /// The values for a scope.
    pub fn of(scope: Scope) -> Self {
        match scope {
            Scope::Terminal => Self {
                everything: true,
                account: None,
                terminal_profiles: true,
                practitioner: None,
                client: None,
            },
            Scope::Account { id, role } => Self {
                everything: false,
                account: Some(id.to_string()),
                terminal_profiles: role == Role::Owner,
                practitioner: None,
                client: None,
            },
            Scope::Practice {
                practitioner,
                client,
            } => Self {
                everything: false,
                account: None,
                terminal_profiles: false,
                practitioner: Some(practitioner.to_string()),
                client: Some(client.to_string()),
            },
        }
    }
}

/// Refuses protocol writes in a practitioner's scope: the client records their own checks
/// and profiles; the practitioner reads them and writes notes and prescriptions.
pub fn writable(scope: Scope) -> StoreResult<()> {
    match scope {
        Scope::Practice { .. } => Err(StoreError::NotAllowed(
            "a practitioner reads a client's profiles and sessions but does not change them; \
             the client records their own checks, and the practitioner adds notes or changes \
             the prescription"
                .to_string(),
        )),
        Scope::Terminal | Scope::Account { .. } => Ok(()),
    }
}

/// The two columns an account's role is kept in: `role`, the way in (`owner`: the set-up
/// link; `member`: an invitation), and `practice_role`, what the invitation made of it.
pub fn role_columns(role: Role) -> (&'static str, Option<&'static str>) {
    match role {
        Role::Owner => ("owner", None),
        Role::Member => ("member", None),
        Role::Practitioner => ("member", Some("practitioner")),
        Role::Client => ("member", Some("client")),
    }
}

/// The owner column of a profile made in a scope (none: made in the terminal tool).
pub fn owner_of(scope: Scope) -> Option<String> {
    match scope {
        Scope::Terminal | Scope::Practice { .. } => None,
        Scope::Account { id, .. } => Some(id.to_string()),
    }
}

/// Unique per owner: `<owner id or 'terminal'>/<lower-cased name>`.
pub fn name_key(scope: Scope, profile: &Profile) -> String {
    format!(
        "{}/{}",
        owner_of(scope).unwrap_or_else(|| "terminal".to_string()),
        profile.name.as_str().to_lowercase()
    )
}

/// The key failed sign-ins to an address are counted under (the sign-in limit's per-account
/// count; those per client are keyed `client:<address>`), also what deleting the account
/// removes.
pub fn login_key_of_email(email: &Email) -> String {
    format!("email:{email}")
}

/// Whether a key can be the start of an id (at least 4 hex digits or dashes).
pub fn is_id_prefix(key: &str) -> bool {
    key.len() >= 4 && key.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// Where to find a profile's name or id.
pub const PROFILE_HINT: &str = "list profiles with 'psoas profile list'";
/// Where to find a session's id.
pub const SESSION_HINT: &str = "list sessions with 'psoas session list'";
/// What to type when a session key is too short to be an id.
pub const SHORT_SESSION_KEY_HINT: &str =
    "give at least the first 4 characters of its id; list sessions with 'psoas session list'";

/// Picks the one match, or says there was none or too many.
pub fn one<T>(
    mut found: Vec<T>,
    what: &'static str,
    key: &str,
    hint: &'static str,
) -> StoreResult<T> {
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(StoreError::NotFound {
            what,
            key: key.to_string(),
            hint,
        }),
        _ => Err(StoreError::Ambiguous {
            what,
            key: key.to_string(),
        }),
    }
}

/// A profile that is not there, or not in scope.
pub fn profile_not_found(key: impl ToString) -> StoreError {
    StoreError::NotFound {
        what: "profile",
        key: key.to_string(),
        hint: PROFILE_HINT,
    }
}

/// A session that is not there, or not in scope.
pub fn session_not_found(id: SessionId) -> StoreError {
    StoreError::NotFound {
        what: "session",
        key: id.to_string(),
        hint: SESSION_HINT,
    }
}

/// A trial that is not in the session, or the session not in scope.
pub fn measurement_not_found(id: MeasurementId) -> StoreError {
    StoreError::NotFound {
        what: "measurement",
        key: id.to_string(),
        hint: "show the session's trials with 'psoas session show'",
    }
}

/// A set-up or invitation link that cannot be used (unknown, used or expired: not said which).
pub fn link_gone() -> StoreError {
    StoreError::NotFound {
        what: "link",
        key: "(hidden)".to_string(),
        hint: "the link is unknown, used or expired; ask for a new one",
    }
}

/// A personal access token that is not the account's, or already revoked.
pub fn token_not_found(id: uuid::Uuid) -> StoreError {
    StoreError::NotFound {
        what: "token",
        key: id.to_string(),
        hint: "list your tokens on the settings page",
    }
}

/// A trial that still counts, asked to be deleted.
pub fn delete_void_first() -> StoreError {
    StoreError::Conflict(
        "only a struck-out trial can be deleted; strike it out first (it then counts for \
         nothing), or delete the whole session"
            .to_string(),
    )
}

/// The owner's account, asked to be deleted.
pub fn owner_not_deleted() -> StoreError {
    StoreError::NotAllowed(
        "the owner's account holds the server and cannot be deleted in the app; to remove \
         everything, stop psoas serve and delete its database (the SQLite file, or the \
         PostgreSQL database) and any backups of it"
            .to_string(),
    )
}

/// Someone but the owner, asking to delete another's account.
pub fn only_owner_removes() -> StoreError {
    StoreError::NotAllowed("only the owner removes another account".to_string())
}

/// An account that is not there.
pub fn account_not_found(account: psoas_core::AccountId) -> StoreError {
    StoreError::NotFound {
        what: "account",
        key: account.to_string(),
        hint: "list the accounts with 'psoas account list'",
    }
}

/// A second profile of the same name for one owner.
pub fn profile_exists(profile: &Profile) -> StoreError {
    StoreError::Conflict(format!(
        "a profile named '{}' already exists; choose another name",
        profile.name
    ))
}

/// The same trial number twice on a side and phase.
pub fn trial_taken(measurement: &Measurement) -> StoreError {
    StoreError::Conflict(format!(
        "trial {} of the {} on the {} side ({}) is already recorded; use the next trial number \
         or leave --trial out",
        measurement.trial,
        measurement.test.title(),
        measurement.side,
        measurement.phase.title()
    ))
}

/// A second account for one address.
pub fn account_exists(account: &Account) -> StoreError {
    StoreError::Conflict(format!(
        "an account for {} already exists; sign in instead",
        account.email
    ))
}
