//! What people read in the terminal: the history fits 80 columns, verdicts come in layers,
//! durations read as the timer shows them, and hints and errors follow the method chosen.

use super::{Psoas, leg_raises_by};

/// Every line of the output, counted in characters as a terminal shows them.
fn widest_line(out: &str) -> (usize, &str) {
    out.lines()
        .map(|line| (line.chars().count(), line))
        .max()
        .unwrap_or((0, ""))
}

/// Sessions that fill every column of the history: two people, a long name, a retest after
/// the stretch, grades two apart, pain, and a session stopped at the safety questions.
fn busy_history() -> (Psoas, String) {
    let psoas = Psoas::new();
    psoas.ok(&[
        "profile",
        "add",
        "Anastasia Papadopoulou-Smith",
        "--leg-length",
        "90",
    ]);
    psoas.add_anna();
    let first = psoas.new_session("Anastasia Papadopoulou-Smith");
    psoas.ok(&[
        "symptoms",
        &first,
        "--back-pain",
        "10",
        "--pelvic-pain",
        "10",
        "--sitting-hours",
        "8",
    ]);
    psoas.leg_raises(&first, &["30", "30", "30"], &["45", "45", "45"]);
    for _ in 0..3 {
        psoas.record(&first, "strength", "left", "5");
        psoas.record(&first, "strength", "right", "3");
    }
    psoas.ok(&["exercise", &first, "--step", "stretch", "--variant", "a"]);
    psoas.leg_raises(&first, &["44", "44", "44"], &["45", "45", "45"]);
    psoas.new_session("Anna");
    psoas.ok(&[
        "session",
        "new",
        "--profile",
        "Anna",
        "--red-flags",
        "fever-or-weight-loss",
    ]);
    (psoas, first)
}

#[test]
fn history_fits_80_columns_by_default_and_says_each_verdict_in_a_word() {
    let (psoas, _) = busy_history();
    let out = psoas.ok(&["history"]);
    let (width, line) = widest_line(&out);
    assert!(width <= 80, "{width} columns wide: {line:?}\n{out}");
    assert!(
        out.contains("left → even"),
        "tight left, even after:\n{out}"
    );
    assert!(out.contains("right"), "{out}");
    assert!(out.contains("10/10"), "{out}");
    assert!(out.contains("stopped"), "{out}");
    assert!(out.contains("Anastasia"), "{out}");
    assert!(out.contains("psoas history --wide"), "{out}");
    assert!(!out.contains('_'), "an internal key in:\n{out}");
}

#[test]
fn history_wide_shows_every_column_with_the_differences_and_their_units() {
    let (psoas, first) = busy_history();
    let out = psoas.ok(&["history", "--wide"]);
    assert!(out.contains(&first[..8]), "the session id:\n{out}");
    assert!(out.contains("left by 15°"), "{out}");
    assert!(out.contains("right by 2 grades"), "a plural:\n{out}");
    assert!(out.contains("even (1°)"), "{out}");
    assert!(out.contains("Anastasia Papadopoulou-Smith"), "{out}");
    assert!(out.contains("stopped at the safety questions"), "{out}");
    assert!(!out.contains('_'), "an internal key in:\n{out}");
}

#[test]
fn one_persons_history_is_titled_with_the_name_instead_of_a_name_column() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12"], &["22"]);
    let out = psoas.ok(&["history"]);
    assert!(out.starts_with("Sessions of Anna\n"), "{out}");
    assert!(!out.contains("Profile"), "{out}");
}

#[test]
fn a_verdict_shows_the_headline_and_why_and_the_reasons_only_with_explain() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    leg_raises_by(&psoas, &id, "inclinometer", &["16"; 3], &["20"; 3]);
    let out = psoas.ok(&["verdict", &id]);
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("Tight side: left (clear)"), "{out}");
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Left 16°, right 20°. The 4° difference reaches the 3.2°"),
        "{out}"
    );
    assert!(
        !out.contains('√'),
        "the formula belongs to --explain:\n{out}"
    );
    assert!(!out.contains("How this was decided"), "{out}");
    assert!(out.contains("--explain"), "{out}");
    assert!(!out.contains('_'), "an internal key in:\n{out}");

    let explained = psoas.ok(&["verdict", &id, "--explain"]);
    let flat = explained.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        explained.contains("How this was decided (rules"),
        "{explained}"
    );
    assert!(
        flat.contains("1.96 × 2° × √(1/3 + 1/3) = 3.2°"),
        "{explained}"
    );
    let (width, line) = widest_line(&explained);
    assert!(width <= 80, "{width} columns wide: {line:?}");
}

#[test]
fn exercise_times_read_as_a_timer_shows_them_and_a_cut_short_one_says_stopped() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12", "14", "13"], &["22", "20", "21"]);
    let plan = psoas.ok(&["verdict", &id]);
    assert!(
        plan.contains("Stretch a: edge of the bed (left side) - 3:10 in all"),
        "{plan}"
    );
    assert!(!plan.contains(" s in all"), "{plan}");
    let out = psoas.ok(&[
        "exercise",
        &id,
        "--step",
        "stretch",
        "--variant",
        "a",
        "--outcome",
        "stopped",
        "--seconds",
        "45",
    ]);
    assert_eq!(
        out.trim(),
        "Recorded Stretch a: edge of the bed (left side): stopped after 0:45 of 3:10."
    );
    let shown = psoas.ok(&["session", "show", &id]);
    assert!(shown.contains("stopped after 0:45 of 3:10"), "{shown}");
}

#[test]
fn a_skipped_exercise_is_said_to_be_skipped() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12", "14", "13"], &["22", "20", "21"]);
    let out = psoas.ok(&[
        "exercise",
        &id,
        "--step",
        "stretch",
        "--variant",
        "b",
        "--outcome",
        "skipped",
    ]);
    assert_eq!(
        out.trim(),
        "Recorded Stretch b: foam roller (left side): skipped."
    );
}

/// Records one value with a named method; it must be refused with a message in that method's
/// terms, naming no other method's values or internal names.
fn refused_with(test: &str, method: &str, value: &str, wanted: &str, unwanted: &[&str]) {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let args = [
        "--test", test, "--side", "left", "--value", value, "--method", method,
    ];
    let mut full = vec!["record", id.as_str()];
    full.extend_from_slice(&args);
    let message = psoas.fails(2, &full);
    assert!(
        message.contains(wanted),
        "{message:?} should say {wanted:?}"
    );
    for word in unwanted
        .iter()
        .chain(&["_", "helpers-feel", "tape-measure"])
    {
        assert!(
            !message.contains(word),
            "{message:?} should not say {word:?}"
        );
    }
}

#[test]
fn an_inclinometer_given_a_heel_height_is_asked_for_an_angle_only() {
    refused_with(
        "leg-raise",
        "inclinometer",
        "20 cm",
        "give the angle in degrees, e.g. '35'",
        &["20 cm'", "'20'"],
    );
}

#[test]
fn a_tape_measure_given_words_is_asked_for_a_heel_height_not_an_angle() {
    refused_with(
        "leg-raise",
        "tape-measure",
        "abc",
        "give the heel height in cm",
        &["angle", "degrees", "'35'"],
    );
}

#[test]
fn the_helpers_feel_given_a_force_is_asked_for_a_grade_not_newtons() {
    refused_with(
        "strength",
        "helpers-feel",
        "150 N",
        "The helper's feel gives a grade or held / gave way, not a force",
        &["150 N'", "kgf", "lbf"],
    );
    refused_with(
        "strength",
        "helpers-feel",
        "abc",
        "give a grade 0-5",
        &[" N'", "kgf"],
    );
}

#[test]
fn a_dynamometer_given_words_is_asked_for_a_force() {
    refused_with(
        "strength",
        "dynamometer",
        "strong",
        "give the force, e.g. '150 N'",
        &["grade", "held"],
    );
}

#[test]
fn an_import_counts_in_words_with_plurals() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.record(&id, "leg-raise", "left", "12");
    let archive = psoas.dir.path().join("one.json");
    let path = archive.to_str().expect("a UTF-8 temp path").to_string();
    psoas.ok(&["export", "--format", "json", "--out", &path]);
    let again = psoas.ok(&["import", &path]);
    assert!(
        again.starts_with("Nothing new: the 1 profile and 1 session in"),
        "{again}"
    );
}
