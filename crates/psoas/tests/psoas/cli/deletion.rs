//! `psoas trial delete`, `psoas session delete`, `psoas profile delete`: deleted for real,
//! saying what went and what backups keep; without a terminal to ask on, only `--yes` deletes;
//! a trial that still counts is refused with how to strike it out first.

use super::{Psoas, array};

/// Anna with a session of three left leg raises; the second struck out as a typo.
fn session_with_a_struck_out_trial(psoas: &Psoas) -> String {
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    for value in ["10", "11", "12"] {
        psoas.record(&id, "leg-raise", "left", value);
    }
    psoas.ok(&[
        "trial",
        "void",
        &id,
        "--test",
        "leg-raise",
        "--side",
        "left",
        "--trial",
        "2",
        "--reason",
        "typo",
    ]);
    id
}

fn delete_trial<'a>(id: &'a str, trial: &'a str) -> Vec<&'a str> {
    vec![
        "trial",
        "delete",
        id,
        "--test",
        "leg-raise",
        "--side",
        "left",
        "--trial",
        trial,
    ]
}

#[test]
fn a_struck_out_trial_is_deleted_with_yes_and_one_that_counts_is_refused() {
    let psoas = Psoas::new();
    let id = session_with_a_struck_out_trial(&psoas);

    let unasked = psoas.fails(2, &delete_trial(&id, "2"));
    assert!(unasked.contains("add --yes"), "{unasked}");
    assert!(unasked.contains("nothing was deleted"), "{unasked}");
    let counts = psoas.fails(2, &[delete_trial(&id, "1"), vec!["--yes"]].concat());
    assert!(
        counts.contains("strike it out first with 'psoas trial void"),
        "{counts}"
    );
    let missing = psoas.fails(2, &[delete_trial(&id, "7"), vec!["--yes"]].concat());
    assert!(missing.contains("no left leg raise trial 7"), "{missing}");
    assert_eq!(psoas.measurements(&id).len(), 3);

    let out = psoas.ok(&[delete_trial(&id, "2"), vec!["--yes"]].concat());

    assert!(
        out.contains("Deleted the left leg raise trial 2 (before exercises)."),
        "{out}"
    );
    assert!(out.contains("backups made before"), "{out}");
    let left = psoas.measurements(&id);
    assert_eq!(left.len(), 2);
    assert!(left.iter().all(|m| m["void"].is_null()));
    let again = psoas.fails(2, &[delete_trial(&id, "2"), vec!["--yes"]].concat());
    assert!(again.contains("no left leg raise trial 2"), "{again}");
}

#[test]
fn a_session_is_deleted_with_everything_in_it_only_with_yes() {
    let psoas = Psoas::new();
    let id = session_with_a_struck_out_trial(&psoas);
    let other = psoas.new_session("Anna");

    let unasked = psoas.fails(2, &["session", "delete", &id]);
    assert!(unasked.contains("add --yes"), "{unasked}");
    assert_eq!(psoas.session_count(), 2);

    let out = psoas.ok(&["session", "delete", &id[..8], "--yes"]);

    assert!(
        out.contains("Deleted the session and its 3 trials. It is gone from the database"),
        "{out}"
    );
    let sessions = psoas.json(&["session", "list"]);
    assert_eq!(array(&sessions).len(), 1);
    assert_eq!(sessions[0]["id"], other.as_str());
    let gone = psoas.fails(2, &["session", "delete", &id, "--yes"]);
    assert!(gone.contains("no session matches"), "{gone}");
}

#[test]
fn a_profile_is_deleted_with_all_its_sessions_and_says_how_many() {
    let psoas = Psoas::new();
    session_with_a_struck_out_trial(&psoas);
    psoas.new_session("Anna");
    psoas.ok(&["profile", "add", "Ben"]);

    let unasked = psoas.fails(2, &["profile", "delete", "anna"]);
    assert!(unasked.contains("add --yes"), "{unasked}");
    assert_eq!(psoas.profile_count(), 2);

    let out = psoas.ok(&["profile", "delete", "anna", "--yes"]);

    assert!(
        out.contains("Deleted the profile Anna with its 2 sessions and 3 trials."),
        "{out}"
    );
    assert!(out.contains("'psoas backup' files"), "{out}");
    assert_eq!(psoas.profile_count(), 1);
    assert_eq!(psoas.session_count(), 0);
    let gone = psoas.fails(2, &["profile", "delete", "Anna", "--yes"]);
    assert!(gone.contains("no profile matches 'Anna'"), "{gone}");
}
