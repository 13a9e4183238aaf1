//! What the guided session says and asks, in the order it comes: the home menu, a new
//! profile, the safety questions, today's pain, the tests, the exercises and the summary. The
//! questions about the protocol itself (the red flags, the instructions) come from the core.

use jiff::Timestamp;
use psoas_core::{NextStep, Side};

use super::clock;

pub const NEEDS_TERMINAL: &str = "the guided check needs an interactive terminal; in scripts \
    use the commands 'psoas session new', 'psoas record', 'psoas symptoms', 'psoas exercise' \
    and 'psoas verdict' (see psoas --help)";
pub const NOTHING_TO_RESUME: &str =
    "there is no unfinished session to resume; start one with 'psoas check'";

/// A resumed session that cannot be resumed.
pub fn not_unfinished(session: &str, status: &str) -> String {
    format!("session {session} is {status}, not unfinished; start a new one with 'psoas check'")
}

fn minute(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Offered when the person picked has a session left unfinished.
pub fn continue_it(name: &str, started: Timestamp) -> String {
    format!(
        "{name} has an unfinished session from {}. Continue it?",
        minute(started)
    )
}

/// Said when `psoas resume` picks a session up.
pub fn continuing(name: &str, started: Timestamp) -> String {
    format!("Continuing {name}'s session from {}.", minute(started))
}

/// A new profile, described.
pub fn added(profile: &str) -> String {
    format!("Added {profile}.")
}

/// The session's heading.
pub fn session(id: &str) -> String {
    format!("Session {id}")
}

/// An exercise once stored, and in the summary.
pub fn saved_exercise(line: &str) -> String {
    format!("Saved: {line}.")
}

pub fn summary_exercise(line: &str) -> String {
    format!("Exercise: {line}")
}

pub const BANNER: &str = "psoas - guided hip flexor check and fix";
pub const HOME_QUESTION: &str = "What would you like to do?";
pub const HOME_CHECK: &str = "Start a guided check";
pub const HOME_RESUME: &str = "Continue an unfinished session";
pub const HOME_HISTORY: &str = "Show the history";
pub const HOME_QUIT: &str = "Quit";

pub const WHO: &str = "Who is being tested?";
pub const SOMEONE_NEW: &str = "Someone new";
pub const NEW_PROFILE: &str = "New profile";
pub const NAME: &str = "Name of the person being tested:";
pub const LEG_LENGTH: &str = "Leg length in cm, from the bony point of the hip to the heel \
    (Enter to skip; needed to turn heel heights into angles):";
pub const BODY_HEIGHT: &str =
    "Body height in cm (Enter to skip; the leg length is then estimated from it):";
pub const BIRTH_YEAR: &str = "Year of birth (Enter to skip):";
pub const SEX: &str = "Sex: female, male or other (Enter to skip):";

pub const SAFETY: &str = "Safety questions";
pub const SAFETY_INTRO: &str = "Before any test: answer each question for the person being tested.";
pub const NO_RED_FLAGS: &str = "No red flags. Let's go on.";
pub const STOP_HERE: &str = "Please stop here";
pub const SAVED_AS_STOPPED: &str = "The session is saved as stopped at screening.";

pub const TODAY: &str = "How are things today?";
pub const BACK_PAIN: &str = "Low back pain right now, 0 (none) to 10 (worst):";
pub const PELVIC_PAIN: &str = "Pelvic pain right now, 0 to 10:";
pub const SITTING: &str = "Hours spent sitting on a usual day:";
pub const SITUPS: &str = "Sit-ups or crunches in a usual week (0 if none):";
pub const EXTENSION: &str = "Do you follow them with a backward-bending (extension) movement?";

pub const PAIN_NOW: &str = "And now, after the exercises?";
pub const BACK_PAIN_NOW: &str = "Low back pain now, 0 (none) to 10 (worst):";
pub const PELVIC_PAIN_NOW: &str = "Pelvic pain now, 0 to 10:";

pub const HOW_MEASURED: &str = "How will the helper measure?";
pub const LEG_LENGTH_FOR_HEELS: &str =
    "Heel heights need the leg length: cm from the bony point of the hip to the heel:";
pub const RETEST: &str = "Retest: ";
pub const PAIN_RECORDED: &str = "  Pain recorded. This test stops here; no side is called from \
    it. Rest, and do not push into pain.";

/// After pain stopped a test: the question, then its two answers.
pub const AFTER_PAIN: &str = "Pain stopped this test. Go on, or stop the session here? What was \
    recorded is kept either way.";
pub const STOP_AFTER_PAIN: &str = "Stop here and see the summary";

/// The answer that goes on after pain: "Go on to the strength test", "Go on to the stretch";
/// `retest` when the next trial repeats a test already done.
pub fn go_on_after_pain(next: &NextStep, retest: bool) -> String {
    let what = match next {
        NextStep::Trial { test, .. } if retest => format!("the retest ({})", test.title()),
        NextStep::Trial { test, .. } => format!("the {}", test.title()),
        _ => return "Go on with the session".to_string(),
    };
    format!("Go on to {what}")
}

pub const READY: &str = "Ready?";
pub const SKIP_EXERCISE: &str = "Skip this exercise";
pub const STRETCH: &str = "Stretch";
pub const STRENGTHEN: &str = "Strengthen";
pub const SUMMARY: &str = "Before and after";
pub const SAVED: &str =
    "Saved. Repeat over the coming days and watch the sides even out: psoas history";

/// How many trials a test takes, and how pain ends it.
pub fn trials_note(trials: u16) -> String {
    format!(
        "Do {} per side, alternating sides. Type 'pain' instead of a value if it hurts: that \
         ends the test.",
        super::count(usize::from(trials), "trial", "trials")
    )
}

/// The question for one trial: "Left side, trial 1 of 3 - the angle in degrees, e.g. '35':".
pub fn trial_question(side: Side, position: u16, trials: u16, hint: &str) -> String {
    let which = if position > trials {
        format!("one more trial, trial {position}")
    } else {
        format!("trial {position} of {trials}")
    };
    format!("{} side, {which} - {hint}:", super::capital(side.as_str()))
}

/// The offer of one more trial where a verdict asks for more.
pub fn extra_trial_question(offer: &str) -> String {
    format!("{offer}?")
}

/// The start button of an exercise: "Start the 3:00 timer".
pub fn start_timer(seconds: u32) -> String {
    format!("Start the {} timer", clock(seconds))
}

/// The stretch question and its two options.
pub fn stretch_question(side: Side) -> String {
    format!("Stretch the {side} (tight) side. Which way?")
}

pub fn stretch_a(reps: u8, hold: u32, release: u32) -> String {
    format!(
        "a: edge of a bed, leg hanging down - {reps} × {} hold, {} release",
        clock(hold),
        clock(release)
    )
}

pub fn stretch_b(seconds: u32) -> String {
    format!("b: foam roller under the buttock - {}", clock(seconds))
}

/// The strengthening question and its two options, naming the side each works.
pub fn strengthen_question(weak: Side) -> String {
    format!("Strengthen the {weak} (weak) side. Which technique?")
}

pub fn strengthen_a(weak: Side) -> String {
    format!(
        "a: helper works the belly on the {} (strong) side",
        weak.other()
    )
}

pub fn strengthen_b(weak: Side) -> String {
    format!("b: helper works the buttock on the {weak} (weak) side")
}

/// Where the whole reasons are once the session is over.
pub fn explain_later(session: &str) -> String {
    format!("How each verdict was decided: psoas session show {session} --explain")
}
