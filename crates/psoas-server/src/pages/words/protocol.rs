//! The words of the protocol's pages: the screening and symptom questions' problems, the
//! exercise pages (what to do on which side, the two ways, the timer), the result page's way
//! on, and the summary.

use psoas_core::Side;

/// An unanswered screening question.
pub(crate) fn answer_yes_or_no(question: usize) -> String {
    format!("Question {question}: answer yes or no.")
}

/// Striking out without a reason chosen.
pub(crate) const CHOOSE_WHY_STRUCK_OUT: &str = "choose why the trial is struck out";

/// The exercise page's heading: what to do, on which side.
pub(crate) fn stretch_heading(side: Option<Side>) -> String {
    side.map_or_else(
        || "Stretch".to_string(),
        |side| format!("Stretch the {side} side"),
    )
}

/// The strengthening page's heading.
pub(crate) fn strengthen_heading(weak: Option<Side>) -> String {
    weak.map_or_else(
        || "Strengthen".to_string(),
        |side| format!("Strengthen the weak {side} side"),
    )
}

/// The practitioner's prescription, on the exercise pages.
pub(crate) fn prescribed_by(by: &str, on: &str, what: &str) -> String {
    format!("Prescribed by {by} on {on}: {what}.")
}

/// Stretch a, on the choice of ways.
pub(crate) fn edge_of_bed(side: Side, reps: u8, hold: u32, release: u32, total: &str) -> String {
    format!(
        "Lying on the edge of a bed or couch, the {side} leg hangs off the side, knee \
         straight: {reps} holds of {hold} s with {release} s release between ({total} in all)."
    )
}

/// Stretch b.
pub(crate) fn foam_roller(side: Side, total: &str) -> String {
    format!(
        "Lying on a foam roller under the {side} buttock, the straight {side} leg relaxes \
         toward the floor: one {total} hold."
    )
}

/// Strengthening a, which works the strong side.
pub(crate) fn abdomen_strong_side(strong: Side, total: &str) -> String {
    format!(
        "The helper presses and massages the belly just above the hip on the {strong} \
         (strong) side, for {total}."
    )
}

/// Strengthening b, on the weak side.
pub(crate) fn glute_weak_side(weak: Side, total: &str) -> String {
    format!("Lying face down, the helper works the buttock on the {weak} (weak) side, for {total}.")
}

/// A hold of the timer: "Hold 2/5".
pub(crate) fn hold(n: u8, of: u8) -> String {
    format!("Hold {n}/{of}")
}

/// What the timer page says first: the side worked, and why for technique a.
pub(crate) fn strengthen_worked(worked: Side, weak: Option<Side>) -> String {
    match weak {
        Some(weak) if weak != worked => format!(
            "The helper works the {worked} side, the strong one, to help the weak {weak} side."
        ),
        _ => format!("The helper works the weak {worked} side."),
    }
}

/// What the stretch's timer page says first.
pub(crate) fn stretch_worked(worked: Side) -> String {
    format!("Stretch the tight {worked} side.")
}

/// The exercise form sent without an outcome.
pub(crate) const SAY_HOW_IT_ENDED: &str =
    "say whether the exercise was done to the end or stopped early";

/// The exercise form sent without a way chosen.
pub(crate) const CHOOSE_A_WAY: &str = "Choose one of the two ways first.";

/// The label of the time-done field's problems.
pub(crate) const TIME_DONE: &str = "Time done";

/// The result page's way on, by what comes next.
pub(crate) const GO_ON_SAME_TEST: &str = "Go on";
pub(crate) const GO_ON_NEXT_TEST: &str = "Go on to the next test";
pub(crate) const GO_ON_STRETCH: &str = "Go on to the stretch";
pub(crate) const GO_ON_STRENGTHEN: &str = "Go on to the strengthening";
pub(crate) const GO_ON_PAIN_AFTER: &str = "Go on: how is the pain now?";
pub(crate) const GO_ON_SUMMARY: &str = "See before and after";
pub(crate) const BACK_TO_SESSION: &str = "Back to the session";

/// The summary's name of a test.
pub(crate) const LEG_RAISE_TEST: &str = "Leg raise (tightness)";
pub(crate) const STRENGTH_TEST: &str = "Strength";

/// Pain at the start of a session.
pub(crate) fn pain_at_start(back: u8, pelvis: u8) -> String {
    format!("low back {back}/10, pelvis {pelvis}/10")
}

/// The labels problems name the symptom and pain fields by.
pub(crate) const LOW_BACK_PAIN: &str = "Low back pain";
pub(crate) const PELVIC_PAIN: &str = "Pelvic pain";
pub(crate) const SITTING_HOURS: &str = "Hours of sitting";
pub(crate) const SITUPS: &str = "Sit-ups per week";
/// The label of a trial's value when no method names it.
pub(crate) const VALUE: &str = "Value";
/// The label of the leg length asked for a heel height.
pub(crate) const LEG_LENGTH: &str = "Leg length";
/// The quick answers of a hold test.
pub(crate) const HELD: &str = "Held";
pub(crate) const GAVE_WAY: &str = "Gave way";

/// The phone's way of measuring, on the choice of methods.
pub(crate) const PHONE_HINT: &str = "its motion sensors read the angle; zero it on the table first";
/// A method not in the list.
pub(crate) const CHOOSE_METHOD: &str = "choose how the helper measures from the list";
/// A leg length not understood.
pub(crate) const GIVE_LEG_LENGTH: &str =
    "give centimetres from the bony point of the hip to the heel, e.g. 92";
/// A time done not understood.
pub(crate) const GIVE_TIME_DONE: &str = "give the time done before stopping as seconds like \
     '90' or as minutes and seconds like '1:30', 0 if none";
/// The summary's pain rows.
pub(crate) const LOW_BACK: &str = "Low back";
pub(crate) const PELVIS: &str = "Pelvis";
