//! The words of the deletion pages and of the notices after them.

use psoas_store::Contents;

/// Said on every confirmation page, and after every deletion.
pub const BACKUPS: &str = "Backups made before keep what they had: a copy made with \
     'psoas backup' or of the database still holds it until you delete that copy.";

/// Said on every confirmation page.
pub const CANNOT_BE_UNDONE: &str = "This cannot be undone.";

/// "1 trial", "14 trials", "no trials".
pub fn trials(n: u64) -> String {
    match n {
        0 => "no trials".to_string(),
        1 => "1 trial".to_string(),
        n => format!("{n} trials"),
    }
}

/// "2 checks and 14 trials".
pub fn checks_and_trials(c: Contents) -> String {
    let checks = match c.sessions {
        1 => "1 check".to_string(),
        n => format!("{n} checks"),
    };
    format!("{checks} and {}", trials(c.trials))
}

/// "1 person's profile", "2 people's profiles".
pub fn profiles(n: u64) -> String {
    match n {
        1 => "1 person's profile".to_string(),
        n => format!("{n} people's profiles"),
    }
}

/// The notice after a trial was deleted.
pub fn trial_deleted() -> String {
    format!("The struck-out trial is deleted: it is gone from the database. {BACKUPS}")
}

/// The notice after a check was deleted.
pub fn session_deleted(c: Contents) -> String {
    match c.trials {
        0 => format!("The check is deleted: it is gone from the database. {BACKUPS}"),
        n => format!(
            "The check and its {} are deleted: they are gone from the database. {BACKUPS}",
            trials(n)
        ),
    }
}

/// The notice after a profile was deleted.
pub fn profile_deleted(c: Contents) -> String {
    match c.sessions {
        0 => format!("The profile is deleted: it is gone from the database. {BACKUPS}"),
        _ => format!(
            "The profile and its {} are deleted: they are gone from the database. \
             {BACKUPS}",
            checks_and_trials(c)
        ),
    }
}

/// The notice after the owner removed an account.
pub fn account_removed(c: Contents) -> String {
    format!(
        "The account is removed with its {}, {}: it is gone from the database. {BACKUPS}",
        profiles(c.profiles),
        checks_and_trials(c)
    )
}

/// A record gone before the confirmation ("trial", "check", ...).
pub fn gone(what: &str) -> String {
    format!("That {what} is not there: it may be deleted already.")
}

/// Deleting a trial that counts.
pub const ONLY_STRUCK_OUT: &str = "Only a struck-out trial can be deleted: strike it out \
     first (it then counts for nothing), or delete the whole check.";

/// A trial without a value (pain stopped it).
pub const NO_VALUE: &str = "no value";

/// The trial's confirmation page.
pub const TRIAL_QUESTION: &str = "Delete this struck-out trial?";
pub fn trial_gone(person: &str, check: &str) -> String {
    format!(
        "This trial of {person}'s check of {check}, with the phone's recording of it if there is one."
    )
}
pub const TRIAL_KEPT: &str = "It counts for no verdict already, so no result changes.";
pub const TRIAL_BUTTON: &str = "Delete the trial";

/// The check's confirmation page.
pub const CHECK_QUESTION: &str = "Delete this check?";
pub fn check_named(person: &str, when: &str) -> String {
    format!("{person}'s check of {when}")
}
pub fn check_gone(trials_in_it: u64) -> String {
    format!(
        "Everything recorded in it: the safety questions, the symptoms, {}, the exercises and \
         the pain at the end.",
        trials(trials_in_it)
    )
}
pub fn check_kept(person: &str) -> String {
    format!("{person}'s profile and other checks stay.")
}
pub const CHECK_BUTTON: &str = "Delete the check";

/// The profile's confirmation page.
pub fn profile_question(person: &str) -> String {
    format!("Delete {person}'s profile?")
}
pub fn profile_named(person: &str, c: Contents) -> String {
    format!("{person} with {}", checks_and_trials(c))
}
pub fn profile_gone(c: Contents) -> String {
    format!(
        "The profile and all its {}, with everything recorded in them.",
        checks_and_trials(c)
    )
}
pub const PROFILE_PRACTICE_GONE: &str =
    "Any notes and exercise prescription a practitioner made for this profile.";
pub const PROFILE_BUTTON: &str = "Delete the profile";

/// The owner's account holds the server: how to wipe it instead.
pub const OWNER_STAYS: &str = "The owner's account holds this server and cannot be deleted \
     here. To remove everything, stop psoas serve and delete its database (the SQLite file, or \
     the PostgreSQL database) and any backups of it.";

/// One's own account's confirmation page.
pub const ACCOUNT_QUESTION: &str = "Delete your account and all your data?";
pub fn account_gone(c: Contents) -> String {
    format!(
        "Your {}, with {} and everything recorded in them.",
        profiles(c.profiles),
        checks_and_trials(c)
    )
}
pub const ACCOUNT_SIGN_INS_GONE: &str = "Your sign-ins on every device, your personal access \
     tokens and the invitations you made.";
pub const ACCOUNT_PRACTICE_GONE: &str = "Your link to a practitioner or to your clients, and \
     the notes and prescriptions you wrote.";
pub const ACCOUNT_BUTTON: &str = "Delete my account and all my data";
pub const WRONG_PASSWORD: &str = "The password is wrong. Type the password you signed in with.";
/// The page after one's own account is deleted.
pub fn own_account_deleted(c: Contents) -> String {
    format!(
        "Your account is deleted with all your data: {} and {}. It is gone from the database, \
         and you are signed out everywhere.",
        profiles(c.profiles),
        checks_and_trials(c)
    )
}

/// The owner removing another account.
pub const ONLY_OWNER_REMOVES: &str = "Only the owner account removes other accounts.";
pub fn remove_question(name: &str) -> String {
    format!("Remove {name}'s account?")
}
pub fn removed_account_gone(c: Contents) -> String {
    format!(
        "The account with all its data: {}, with {} and everything recorded in them.",
        profiles(c.profiles),
        checks_and_trials(c)
    )
}
pub const REMOVED_ACCOUNT_REST_GONE: &str = "Its sign-ins, tokens, invitations, practice \
     links, and the notes and prescriptions it wrote. It is as if they had deleted their \
     account themselves.";
pub const REMOVE_BUTTON: &str = "Remove the account";
