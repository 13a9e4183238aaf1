//! `psoas trial void`: a trial typed wrongly is struck out with why, leaves the verdict and
//! frees its side for another trial; every refusal says why and changes nothing.

use super::{Psoas, array, number, text};

/// The arguments of `psoas trial void` for a leg-raise trial.
fn void_args(session: &str, side: &str, trial: &str, reason: &[&str]) -> Vec<String> {
    let mut args = vec![
        "trial",
        "void",
        session,
        "--test",
        "leg-raise",
        "--side",
        side,
        "--trial",
        trial,
        "--reason",
    ];
    args.extend_from_slice(reason);
    args.into_iter().map(str::to_string).collect()
}

#[test]
fn a_typo_struck_out_leaves_the_verdict_and_its_side_is_taken_again() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.ok(&[
        "symptoms",
        &id,
        "--back-pain",
        "2",
        "--pelvic-pain",
        "1",
        "--sitting-hours",
        "8",
    ]);
    // 84.8 is asked about; kept as typed with --confirm, then struck out as the typo it is.
    psoas.record(&id, "leg-raise", "left", "10");
    psoas.json(&[
        "record",
        &id,
        "--test",
        "leg-raise",
        "--side",
        "left",
        "--value",
        "84.8",
        "--confirm",
    ]);
    psoas.leg_raises(&id, &["12"], &["20", "21", "22"]);
    assert_eq!(psoas.show(&id)["next_step"]["step"], "stretch");
    let args = void_args(&id, "left", "2", &["typo", "--note", "meant 8.5"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = psoas.ok(&args);
    assert!(
        out.contains(
            "Struck out the left leg raise trial 2 (before exercises): typed wrongly (meant \
             8.5). It counts for no verdict now."
        ),
        "{out}"
    );
    assert!(out.contains("Measure the left side again"), "{out}");
    assert!(out.contains("its trial 3 before exercises"), "{out}");

    let shown = psoas.show(&id);
    let trials = array(&shown["measurements"]);
    assert_eq!(trials.len(), 6, "the trial stays stored");
    assert_eq!(trials[1]["void"]["reason"], "typo");
    assert_eq!(trials[1]["void"]["note"], "meant 8.5");
    assert!(trials[1]["void"]["by"].is_null());
    assert!(trials[0].get("void").is_none());
    let left = &shown["comparisons"][0]["before"]["left"];
    let values: Vec<f64> = array(&left["values"]).iter().map(number).collect();
    assert_eq!(values, [10.0, 12.0], "{left}");
    assert_eq!(
        shown["next_step"]["step"], "trial",
        "{}",
        shown["next_step"]
    );
    assert_eq!(shown["next_step"]["side"], "left");

    // Its slot is free: the next left trial is stored as trial 4 and counts as the third.
    let again = psoas.record(&id, "leg-raise", "left", "8.5");
    assert_eq!(again["trial"], 4);
    let text_view = psoas.ok(&["session", "show", &id]);
    assert!(text_view.contains("struck out"), "{text_view}");
    assert!(
        text_view.contains(
            "The left leg raise trial 2 (before exercises) was struck out: typed wrongly \
             (meant 8.5); it counts for no verdict"
        ),
        "{text_view}"
    );
    let next = text(&psoas.show(&id)["next_step"]["step"]).to_string();
    assert_eq!(next, "stretch", "three trials a side count again");
}

#[test]
fn striking_out_twice_without_a_reason_or_a_missing_trial_is_refused_and_changes_nothing() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["10"], &["20"]);
    let refused = |reason: &[&str], trial: &str, wanted: &str| {
        let before = psoas.show(&id)["measurements"].clone();
        let args = void_args(&id, "left", trial, reason);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let message = psoas.fails(2, &args);
        assert!(message.contains(wanted), "{wanted} not in {message}");
        assert_eq!(psoas.show(&id)["measurements"], before, "nothing changed");
    };
    refused(&["bored"], "1", "not a reason to strike out a trial");
    refused(&["other"], "1", "say in a few words why");
    refused(&["typo"], "7", "this session has no left leg raise trial 7");
    let args = void_args(&id, "left", "1", &["pelvis-lifted"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    psoas.ok(&args);
    refused(&["typo"], "1", "struck out already");
    psoas.ok(&["session", "finish", &id]);
    let args = void_args(&id, "right", "1", &["typo"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let message = psoas.fails(2, &args);
    assert!(message.contains("this session is finished"), "{message}");
}
