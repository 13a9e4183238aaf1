//! The terminal's words for people: durations as a clock shows them, counts with their plurals,
//! how an exercise ended, verdicts in three layers (the headline, one sentence of why, the full
//! reasons on request), history in brief, and the hints and errors that follow the method
//! chosen. Each is composed here from the core's structured data, so the terminal says a thing
//! one way everywhere and a translation has one folder to start from; `guided.rs` holds the
//! guided session's own questions, `deletion.rs` what is asked and said about deleting,
//! `camera.rs` what `psoas measure-photo` says about markers and photos.

pub(crate) mod camera;
pub(crate) mod deletion;
pub(crate) mod guided;
pub(crate) mod records;

use psoas_core::history::VerdictBrief;
use psoas_core::verdict::number;
use psoas_core::{
    ExerciseOutcome, ExerciseRecord, ExerciseStep, InputError, Measurement, Method, Phase,
    SessionRecord, Side, Test, TrialVoid, Verdict,
};

/// Seconds as a timer shows them: "0:30", "3:00", "1:02:05".
pub fn clock(seconds: u32) -> String {
    let (hours, minutes, secs) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{secs:02}")
    } else {
        format!("{minutes}:{secs:02}")
    }
}

/// A count with its noun: "1 trial", "2 trials".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first letter in capitals.
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A test's short name, for table cells: "Leg raise", "Strength".
pub fn test_name(test: Test) -> &'static str {
    match test {
        Test::LegRaise => "Leg raise",
        Test::Strength => "Strength",
    }
}

/// A step of the protocol when no exercise was named: "Stretch", "Strengthening".
pub fn step_name(step: ExerciseStep) -> &'static str {
    match step {
        ExerciseStep::Stretch => "Stretch",
        ExerciseStep::Strengthen => "Strengthening",
    }
}

/// How an exercise ended, as it happened: started and cut short is "stopped" with the time
/// done, never "skipped", which is for an exercise not started at all.
pub fn outcome(exercise: &ExerciseRecord) -> String {
    match exercise.outcome {
        ExerciseOutcome::Completed => format!("completed ({})", clock(exercise.planned_seconds)),
        ExerciseOutcome::Stopped => format!(
            "stopped after {} of {}",
            clock(exercise.done_seconds),
            clock(exercise.planned_seconds)
        ),
        ExerciseOutcome::Skipped => "skipped".to_string(),
        ExerciseOutcome::NotNeeded => "not needed".to_string(),
    }
}

/// An exercise and how it ended: "Stretch a: edge of the bed (left side): completed (3:20)".
pub fn exercise_line(exercise: &ExerciseRecord) -> String {
    let what = exercise
        .exercise
        .map_or_else(|| step_name(exercise.step).to_string(), |e| e.title());
    let note = exercise
        .note
        .as_ref()
        .map(|n| format!(" - {n}"))
        .unwrap_or_default();
    format!("{what}: {}{note}", outcome(exercise))
}

/// `psoas export --with-photos` with a format other than the archive.
pub const PHOTOS_ONLY_IN_ARCHIVE: &str =
    "--with-photos goes with --format json: only the JSON archive carries the camera's photos";

/// Said after a verdict when more is to be had with `--explain`.
pub const EXPLAIN_SCRIPTED: &str = "Add --explain to see how each verdict was decided.";

/// Said after a verdict in the guided session, where a question follows.
pub const EXPLAIN_GUIDED: &str = "Type ? at the next question to see how this was decided.";

/// Layer one of a verdict: "Tight side: left (clear)"; how sure is said only of a called side,
/// since "no clear difference" already says it.
pub fn verdict_headline(verdict: &Verdict) -> String {
    match verdict.side() {
        Some(_) => format!("{} ({})", verdict.headline(), verdict.confidence),
        None => verdict.headline(),
    }
}

/// Layer two: each side's median, then the core's one sentence with the numbers.
pub fn verdict_why(verdict: &Verdict) -> String {
    let medians = match (&verdict.left, &verdict.right) {
        (Some(_), Some(_)) => format!(
            "Left {}, right {}. ",
            verdict.median_text(Side::Left),
            verdict.median_text(Side::Right)
        ),
        _ => String::new(),
    };
    format!("{medians}{}", verdict.confidence_reason)
}

/// Layer three: every reason, under the rule set that gave them.
pub fn verdict_reasons(verdict: &Verdict) -> (String, &[String]) {
    (
        format!("How this was decided (rules {}):", verdict.rules_version),
        &verdict.reasons,
    )
}

/// The title a verdict stands under: "Leg-raise (tightness) test, before exercises".
pub fn verdict_title(verdict: &Verdict) -> String {
    format!(
        "{}, {}",
        capital(verdict.test.title()),
        verdict.phase.title()
    )
}

/// A verdict for the compact history, in a word or two: "left", "even", "both, left".
pub fn brief_short(brief: Option<&VerdictBrief>) -> String {
    let Some(brief) = brief else {
        return "-".to_string();
    };
    match (brief.finding, brief.side) {
        ("both_limited", Some(side)) => format!("both, {side}"),
        ("both_limited", None) => "both".to_string(),
        (_, Some(side)) => side.to_string(),
        ("no_clear_difference", None) => "even".to_string(),
        ("stopped_by_pain", None) => "pain".to_string(),
        _ => "too few".to_string(),
    }
}

/// A verdict for the wide history, with the difference: "left by 8°", "even (2 grades)".
pub fn brief_wide(brief: Option<&VerdictBrief>) -> String {
    let Some(b) = brief else {
        return "-".to_string();
    };
    let amount = b
        .difference
        .map(|d| amount(d, b.difference_unit))
        .unwrap_or_default();
    match (b.side, b.finding, amount.is_empty()) {
        (_, "stopped_by_pain", _) => "stopped by pain".to_string(),
        (_, "incomplete", _) => "too few trials".to_string(),
        (Some(side), "both_limited", false) => format!("both limited, {side} by {amount}"),
        (None, "both_limited", _) => "both limited".to_string(),
        (Some(side), _, false) => format!("{side} by {amount}"),
        (Some(side), _, true) => side.to_string(),
        (None, _, false) => format!("even ({amount})"),
        (None, _, true) => "even".to_string(),
    }
}

/// A difference with its unit: "8°", "1 grade", "1.5 grades", "12%", "50% fewer held".
fn amount(difference: f64, unit: Option<&str>) -> String {
    let n = number(difference);
    match unit {
        Some("degrees") => format!("{n}°"),
        Some("grades") if n == "1" => "1 grade".to_string(),
        Some("grades") => format!("{n} grades"),
        Some("percent") => format!("{n}%"),
        Some("held_share") => format!("{}% fewer held", number(difference * 100.0)),
        _ => n,
    }
}

/// Said under the compact history.
pub const HISTORY_KEY: &str = "A → B: before → after the exercises. Even: no clear difference.\n\
    Pain: low back/pelvis, 0-10. Every column: psoas history --wide";

/// A session's status: "finished", "unfinished", "stopped at the safety questions".
pub fn status(status: &str) -> &'static str {
    match status {
        "finished" => "finished",
        "stopped_at_screening" => "stopped at the safety questions",
        _ => "unfinished",
    }
}

/// A session's status in a table cell: "finished", "unfinished", "stopped".
pub fn status_short(status: &str) -> &'static str {
    match status {
        "stopped_at_screening" => "stopped",
        other => self::status(other),
    }
}

/// What to type for one trial measured this way; the guided question and the error agree.
pub fn reading_hint(test: Test, method: Method) -> &'static str {
    match (test, method) {
        (Test::LegRaise, Method::TapeMeasure) => "the heel height in cm, e.g. '20'",
        (Test::LegRaise, Method::Eyeballed) => {
            "the angle in degrees, e.g. '35', or the heel height, e.g. '20 cm'"
        }
        (Test::LegRaise, _) => "the angle in degrees, e.g. '35'",
        (Test::Strength, Method::Dynamometer) => "the force, e.g. '150 N', '15 kgf' or '33 lbf'",
        (Test::Strength, _) => "a grade 0-5, e.g. '4', or 'held' / 'gave way'",
    }
}

/// What to type for the next trial, narrowed to the kind of value the test's trials so far
/// have: the helper's feel gives grades or held / gave way, and one session keeps to one.
pub fn reading_hint_in(
    test: Test,
    method: Method,
    in_use: Option<psoas_core::verdict::Quantity>,
) -> &'static str {
    use psoas_core::verdict::Quantity;
    match (method, in_use) {
        (Method::HelpersFeel, Some(Quantity::Grade)) => "a grade 0-5, e.g. '4', as before",
        (Method::HelpersFeel, Some(Quantity::HeldShare)) => "'held' or 'gave way', as before",
        _ => reading_hint(test, method),
    }
}

/// How to take the one more trial a verdict offers, as a command.
pub fn extra_trial_command(session: &str, extra: &psoas_core::ExtraTrial) -> String {
    format!(
        "{}: psoas record {session} --test {} --side {} --phase {} --value ...",
        extra.offer(),
        extra.test.as_str().replace('_', "-"),
        extra.side,
        extra.phase.as_str().replace('_', "-")
    )
}

/// The note beside a trial whose unusual value was confirmed.
pub const CONFIRMED_UNUSUAL: &str = "unusual, confirmed";

/// `psoas record` refusing an unusual value until it is confirmed.
pub fn unusual_refused(unusual: &psoas_core::plausibility::Unusual) -> String {
    format!(
        "{} Nothing was recorded: check the value and record it again, or add --confirm to \
         keep it as it is (it is stored flagged)",
        unusual.message()
    )
}

/// What the guided session says before asking whether an unusual value is right.
pub fn unusual_why(unusual: &psoas_core::plausibility::Unusual) -> String {
    match &unusual.meant {
        Some(meant) => format!("{} Did you mean {meant}?", unusual.why),
        None => unusual.why.clone(),
    }
}

/// A method as the subject of a sentence, and what it gives.
fn method_gives(method: Method) -> (&'static str, &'static str) {
    match method {
        Method::Eyeballed => ("the eye", "an angle or a heel height"),
        Method::Goniometer => ("a goniometer", "an angle"),
        Method::Inclinometer => ("an inclinometer", "an angle"),
        Method::PhoneInclinometer => ("the phone on the thigh", "an angle"),
        Method::CameraMarkers => ("the camera with markers", "an angle from its photos"),
        Method::TapeMeasure => ("a tape measure", "a heel height"),
        Method::Dynamometer => ("a dynamometer or scale", "a force"),
        Method::HelpersFeel => ("the helper's feel", "a grade or held / gave way"),
    }
}

/// A refused trial value, told in the terms of the method chosen: the core's advice lists every
/// kind of value, which would offer an inclinometer user "20 cm".
pub fn reading_error(error: InputError, test: Test, method: Method) -> String {
    let hint = reading_hint(test, method);
    match error {
        InputError::NotUnderstood { got, .. } => format!("'{got}' is not understood; give {hint}"),
        InputError::MethodMismatch { reading, .. } => {
            let (who, gives) = method_gives(method);
            format!("{} gives {gives}, not {reading}; give {hint}", capital(who))
        }
        other => other.to_string(),
    }
}

/// A trial as people name it: "the left leg-raise trial 2 (before exercises)".
pub fn trial_name(m: &Measurement) -> String {
    format!(
        "the {} {} trial {} ({})",
        m.side,
        test_name(m.test).to_lowercase(),
        m.trial,
        m.phase.title()
    )
}

/// Said when a trial was struck out.
pub fn struck_out(m: &Measurement, void: &TrialVoid) -> String {
    format!(
        "Struck out {}: {}. It counts for no verdict now.",
        trial_name(m),
        void.describe()
    )
}

/// A trial that the session does not hold, and where to see the ones it does.
pub fn no_such_trial(test: Test, side: Side, trial: u16, phase: Option<Phase>) -> String {
    format!(
        "this session has no {side} {} trial {trial}{}; 'psoas session show' lists its trials",
        test_name(test).to_lowercase(),
        phase.map(|p| format!(" {}", p.title())).unwrap_or_default()
    )
}

/// How to take a side's trial again after one was struck out.
pub fn measure_again(record: &SessionRecord, test: Test, side: Side) -> String {
    let phase = record.current_phase();
    format!(
        "Measure the {side} side again when ready (its trial {} {}): psoas record {} --test {} \
         --side {side}",
        record.trial_position(test, phase, side),
        phase.title(),
        short_id(record),
        test.as_str().replace('_', "-"),
    )
}

/// A session's id as far as people need to type it.
fn short_id(record: &SessionRecord) -> String {
    record.session.id.to_string()[..8].to_string()
}

/// Under a list of trials, why one was struck out: "the left leg raise trial 1 (before
/// exercises) was struck out: typed wrongly (meant 9.5 cm); it counts for no verdict".
pub fn struck_out_line(m: &Measurement, void: &TrialVoid) -> String {
    format!(
        "{} was struck out: {}; it counts for no verdict",
        trial_name(m),
        void.describe()
    )
}

/// Said when a database has no owner account for `psoas account reset-password`.
pub const NO_OWNER_YET: &str = "this database has no owner account yet; start 'psoas serve' \
     and open the set-up link it prints";

/// Said when no account has the address given.
pub fn no_account_with(email: &psoas_core::Email) -> String {
    format!("no account of the web app has the address {email}; check the spelling")
}

/// The prompt for a new password, naming whose it is.
pub fn new_password_prompt(account: &psoas_core::Account) -> String {
    format!(
        "New password for {} ({}), at least 12 characters (not shown):",
        account.display_name, account.email
    )
}

/// The prompt to type the new password again.
pub const NEW_PASSWORD_AGAIN: &str = "The same password again:";

/// Said when the two typed passwords differ.
pub const PASSWORDS_DIFFER: &str = "the two passwords differ; nothing was changed";

/// Said once a password was set in the terminal, with how many sign-ins ended.
pub fn password_reset_done(account: &psoas_core::Account, ended: u64) -> String {
    let ended = match ended {
        0 => "it was signed in nowhere".to_string(),
        n => format!("{} ended", count(n as usize, "sign-in", "sign-ins")),
    };
    format!(
        "The password of {} ({}) is changed; {ended}. Sign in with the new one.",
        account.display_name, account.email
    )
}

/// The title of pain before and after in a summary.
pub const PAIN_TITLE: &str = "Pain, at the start and at the end:";

/// Pain at the end, as recorded: "Pain at the end: low back 1/10, pelvis 0/10."
pub fn pain_after_line(pain: &psoas_core::PainAfter) -> String {
    format!(
        "Pain at the end: low back {}/10, pelvis {}/10.",
        pain.back_pain.value(),
        pain.pelvic_pain.value()
    )
}

/// Pain at the start and the end, a sentence per area, and what to do when it grew.
pub fn pain_change_lines(change: &psoas_core::PainChange) -> Vec<String> {
    let mut lines: Vec<String> = change.areas.iter().map(|a| a.sentence.clone()).collect();
    lines.extend(change.advice().map(str::to_string));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_shows_minutes_and_two_digit_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(3), "0:03");
        assert_eq!(clock(180), "3:00");
        assert_eq!(clock(610), "10:10");
        assert_eq!(clock(3725), "1:02:05");
    }

    #[test]
    fn grades_take_a_plural_past_one() {
        assert_eq!(amount(1.0, Some("grades")), "1 grade");
        assert_eq!(amount(2.0, Some("grades")), "2 grades");
        assert_eq!(amount(1.5, Some("grades")), "1.5 grades");
        assert_eq!(amount(8.04, Some("degrees")), "8°");
        assert_eq!(amount(0.5, Some("held_share")), "50% fewer held");
    }

    #[test]
    fn each_method_is_offered_only_the_values_it_gives() {
        let incline = reading_hint(Test::LegRaise, Method::Inclinometer);
        assert!(!incline.contains("cm"), "{incline}");
        let tape = reading_hint(Test::LegRaise, Method::TapeMeasure);
        assert!(tape.contains("cm") && !tape.contains("degrees"), "{tape}");
        let feel = reading_hint(Test::Strength, Method::HelpersFeel);
        assert!(!feel.contains(" N"), "{feel}");
        let force = reading_hint(Test::Strength, Method::Dynamometer);
        assert!(!force.contains("grade"), "{force}");
    }
}
