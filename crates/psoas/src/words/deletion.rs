//! What the terminal says about deleting for real: the question asked before (what will be
//! gone, and that it cannot be undone), the refusal without a terminal to ask on, and what
//! was deleted, with what a backup keeps.

use psoas_core::{Measurement, Profile, SessionRecord};
use psoas_store::Contents;

use super::{count, trial_name};

/// What the question ends with, and what the answer must be to delete.
pub const CANNOT_BE_UNDONE: &str = "This cannot be undone [y/N]";

/// Said when deleting needs a question but there is no terminal to ask it on.
pub const NEEDS_YES: &str = "deleting needs a yes: there is no terminal to ask on, so add --yes \
     to delete without being asked; nothing was deleted";

/// Said when the question was answered anything but yes.
pub const KEPT: &str = "Nothing was deleted.";

/// What a backup keeps, said after every deletion.
pub const BACKUPS_KEEP: &str = "It is gone from the database; backups made before (such as \
     'psoas backup' files) still hold it until you delete them.";

/// "2 sessions and 14 trials", "1 session and no trials".
pub fn sessions_and_trials(contents: Contents) -> String {
    let trials = match contents.trials {
        0 => "no trials".to_string(),
        n => count(n as usize, "trial", "trials"),
    };
    format!(
        "{} and {trials}",
        count(contents.sessions as usize, "session", "sessions")
    )
}

/// The session as people tell it apart: whose, and when it started.
fn session_name(record: &SessionRecord, profile: &Profile) -> String {
    format!(
        "the session of {} started {}",
        profile.name,
        record.session.started_at.strftime("%Y-%m-%d %H:%M UTC")
    )
}

/// Asked before a struck-out trial is deleted.
pub fn delete_trial_question(m: &Measurement, record: &SessionRecord, profile: &Profile) -> String {
    format!(
        "Delete the struck-out trial {} of {}?",
        trial_name(m).trim_start_matches("the "),
        session_name(record, profile)
    )
}

/// A trial that still counts cannot be deleted: how to strike it out first.
pub fn strike_out_first(m: &Measurement, record: &SessionRecord) -> String {
    format!(
        "{} still counts: only a struck-out trial can be deleted; strike it out first with \
         'psoas trial void {} --test {} --side {} --trial {} --reason ...', or delete the whole \
         session",
        super::capital(&trial_name(m)),
        &record.session.id.to_string()[..8],
        m.test.as_str().replace('_', "-"),
        m.side,
        m.trial
    )
}

/// Said once a trial was deleted.
pub fn trial_deleted(m: &Measurement) -> String {
    format!("Deleted {}. {BACKUPS_KEEP}", trial_name(m))
}

/// Asked before a session is deleted.
pub fn delete_session_question(record: &SessionRecord, profile: &Profile) -> String {
    format!(
        "Delete {} with everything recorded in it ({})?",
        session_name(record, profile),
        trials_of(record.measurements.len() as u64)
    )
}

fn trials_of(n: u64) -> String {
    match n {
        0 => "no trials".to_string(),
        n => count(n as usize, "trial", "trials"),
    }
}

/// Said once a session was deleted.
pub fn session_deleted(contents: Contents) -> String {
    format!(
        "Deleted the session and its {}. {BACKUPS_KEEP}",
        trials_of(contents.trials)
    )
}

/// Asked before a profile is deleted.
pub fn delete_profile_question(profile: &Profile, contents: Contents) -> String {
    format!(
        "Delete the profile {} with its {}?",
        profile.name,
        sessions_and_trials(contents)
    )
}

/// Said once a profile was deleted.
pub fn profile_deleted(profile: &Profile, contents: Contents) -> String {
    format!(
        "Deleted the profile {} with its {}. {BACKUPS_KEEP}",
        profile.name,
        sessions_and_trials(contents)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_say_them() {
        let contents = |sessions, trials| Contents {
            profiles: 1,
            sessions,
            trials,
        };
        assert_eq!(
            sessions_and_trials(contents(2, 14)),
            "2 sessions and 14 trials"
        );
        assert_eq!(sessions_and_trials(contents(1, 1)), "1 session and 1 trial");
        assert_eq!(
            sessions_and_trials(contents(0, 0)),
            "0 sessions and no trials"
        );
    }
}
