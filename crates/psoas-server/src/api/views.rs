//! What the API sends back about sessions: trials, exercises, verdicts, plans and the next
//! step, converted from the core's types. Times are RFC 3339 text in UTC.

use jiff::Timestamp;
use psoas_core as domain;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::enums::{
    Confidence, ExerciseOutcome, ExerciseStep, ForceUnit, HoldResult, IntervalKind, Method, Phase,
    Quantity, RedFlag, SessionStatus, Side, StrengthenTechnique, StretchOption, Test, VoidReason,
};
use super::retest::RetestChange;

/// A time as the API writes it: RFC 3339 in UTC.
pub fn time(at: Timestamp) -> String {
    at.to_string()
}

/// The value of a trial, in the unit it was read in.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reading {
    /// A leg-raise angle read directly.
    Angle {
        /// Degrees, 0 to 90.
        degrees: f64,
    },
    /// A heel height, turned into an angle with the leg length of the time.
    HeelHeight {
        /// Heel above the table, in cm.
        cm: f64,
        /// The leg length used, in cm.
        leg_length_cm: f64,
        /// The angle it converts to.
        degrees: f64,
        /// True when the leg length was estimated from body height (0.53 x height), not measured.
        leg_length_estimated: bool,
    },
    /// A manual muscle test grade.
    Grade {
        /// 0 to 5.
        grade: u8,
    },
    /// A force.
    Force {
        /// As read.
        value: f64,
        /// The unit it was read in.
        unit: ForceUnit,
        /// The same in newtons.
        newtons: f64,
    },
    /// Held or gave way.
    Hold {
        /// What happened.
        result: HoldResult,
    },
}

impl From<&domain::Reading> for Reading {
    fn from(reading: &domain::Reading) -> Self {
        match *reading {
            domain::Reading::Angle { degrees } => Reading::Angle {
                degrees: degrees.value(),
            },
            domain::Reading::HeelHeight {
                cm,
                leg_length_cm,
                degrees,
                leg_length_estimated,
            } => Reading::HeelHeight {
                cm: cm.cm(),
                leg_length_cm: leg_length_cm.cm(),
                degrees: degrees.value(),
                leg_length_estimated,
            },
            domain::Reading::Grade { grade } => Reading::Grade {
                grade: grade.value(),
            },
            domain::Reading::Force { force } => Reading::Force {
                value: force.value(),
                unit: force.unit().into(),
                newtons: force.newtons(),
            },
            domain::Reading::Hold { result } => Reading::Hold {
                result: result.into(),
            },
        }
    }
}

/// One trial of one test on one side.
#[derive(Debug, Serialize, ToSchema)]
pub struct Measurement {
    /// Its id.
    pub id: Uuid,
    /// When in the session.
    pub phase: Phase,
    /// Which test.
    pub test: Test,
    /// Which side.
    pub side: Side,
    /// Trial number on that side in that phase, from 1.
    pub trial: u16,
    /// How it was measured.
    pub method: Method,
    /// The value; null only when pain stopped the trial first.
    pub reading: Option<Reading>,
    /// The value for people, e.g. "35.0°" or "grade 4/5".
    pub text: Option<String>,
    /// Whether it hurt; pain ends that test.
    pub hurt: bool,
    /// When it was taken.
    #[schema(format = DateTime)]
    pub taken_at: String,
    /// Set when the trial was struck out: it stays listed and counts for nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub void: Option<TrialVoid>,
    /// True when the value was unusual and kept because the request said `confirmed`.
    pub confirmed_unusual: bool,
}

/// That a trial was struck out, why, by whom and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrialVoid {
    /// Why.
    pub reason: VoidReason,
    /// The words given with the reason, if any.
    pub note: Option<String>,
    /// Why, for people, e.g. "typed wrongly (meant 9.5 cm)".
    pub text: String,
    /// The account that struck it out; null when done in the terminal tool or by an account
    /// whose data this was imported from.
    pub by: Option<Uuid>,
    /// When.
    #[schema(format = DateTime)]
    pub at: String,
}

impl From<&domain::TrialVoid> for TrialVoid {
    fn from(v: &domain::TrialVoid) -> Self {
        Self {
            reason: v.reason.into(),
            note: v.note.clone(),
            text: v.describe(),
            by: v.by.map(|by| by.0),
            at: time(v.at),
        }
    }
}

impl From<&domain::Measurement> for Measurement {
    fn from(m: &domain::Measurement) -> Self {
        Self {
            id: m.id.0,
            phase: m.phase.into(),
            test: m.test.into(),
            side: m.side.into(),
            trial: m.trial,
            method: m.method.into(),
            reading: m.reading.as_ref().map(Reading::from),
            text: m.reading.as_ref().map(ToString::to_string),
            hurt: m.hurt,
            taken_at: time(m.taken_at),
            void: m.void.as_ref().map(TrialVoid::from),
            confirmed_unusual: m.confirmed_unusual,
        }
    }
}

/// An exercise with the side it is done on.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Exercise {
    /// A stretch of the tight side.
    Stretch {
        /// Which stretch.
        option: StretchOption,
        /// The tight side, which is stretched.
        side: Side,
        /// The side worked on (the same).
        worked_side: Side,
        /// Its name for people.
        title: String,
    },
    /// Strengthening of the weak side.
    Strengthen {
        /// Which technique.
        technique: StrengthenTechnique,
        /// The weak side.
        weak_side: Side,
        /// The side the helper works on, which follows from the technique.
        worked_side: Side,
        /// Its name for people.
        title: String,
    },
}

impl From<&domain::Exercise> for Exercise {
    fn from(exercise: &domain::Exercise) -> Self {
        let worked_side = exercise.worked_side().into();
        let title = exercise.title();
        match *exercise {
            domain::Exercise::Stretch { option, side } => Exercise::Stretch {
                option: option.into(),
                side: side.into(),
                worked_side,
                title,
            },
            domain::Exercise::Strengthen {
                technique,
                weak_side,
            } => Exercise::Strengthen {
                technique: technique.into(),
                weak_side: weak_side.into(),
                worked_side,
                title,
            },
        }
    }
}

/// An exercise step as it happened.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseRecord {
    /// Its id.
    pub id: Uuid,
    /// Which slot of the protocol.
    pub step: ExerciseStep,
    /// The exercise; null when none was done.
    pub exercise: Option<Exercise>,
    /// Seconds the timer was set for.
    pub planned_seconds: u32,
    /// Seconds done.
    pub done_seconds: u32,
    /// How it ended.
    pub outcome: ExerciseOutcome,
    /// Why, in words.
    pub note: Option<String>,
    /// When it was recorded.
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&domain::ExerciseRecord> for ExerciseRecord {
    fn from(e: &domain::ExerciseRecord) -> Self {
        Self {
            id: e.id.0,
            step: e.step.into(),
            exercise: e.exercise.as_ref().map(Exercise::from),
            planned_seconds: e.planned_seconds,
            done_seconds: e.done_seconds,
            outcome: e.outcome.into(),
            note: e.note.clone(),
            recorded_at: time(e.recorded_at),
        }
    }
}

/// The red-flag screening answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Screening {
    /// The questions answered "yes"; empty when none was.
    pub flags: Vec<RedFlag>,
    /// Whether the protocol may go on (no red flag).
    pub clear: bool,
    /// Why the session stopped and what to do, one line each; empty when clear.
    pub advice: Vec<String>,
    /// When the questions were answered.
    #[schema(format = DateTime)]
    pub answered_at: String,
}

impl From<&domain::Screening> for Screening {
    fn from(s: &domain::Screening) -> Self {
        Self {
            flags: s.flags.iter().map(|f| (*f).into()).collect(),
            clear: s.is_clear(),
            advice: s.stop_advice(),
            answered_at: time(s.answered_at),
        }
    }
}

/// Pain and habits, recorded once per session.
#[derive(Debug, Serialize, ToSchema)]
pub struct Symptoms {
    /// Low back pain now, 0-10.
    pub back_pain: u8,
    /// Pelvic pain now, 0-10.
    pub pelvic_pain: u8,
    /// Hours sitting on a usual day.
    pub sitting_hours_per_day: f64,
    /// Sit-ups in a usual week.
    pub situps_per_week: u16,
    /// Whether a back extension follows the sit-ups; null without sit-ups.
    pub extension_after_situps: Option<bool>,
    /// Habits linked to a tight or weak psoas, in words.
    pub risk_notes: Vec<String>,
    /// When they were recorded.
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&domain::Symptoms> for Symptoms {
    fn from(s: &domain::Symptoms) -> Self {
        Self {
            back_pain: s.back_pain.value(),
            pelvic_pain: s.pelvic_pain.value(),
            sitting_hours_per_day: s.sitting_hours_per_day,
            situps_per_week: s.situps_per_week,
            extension_after_situps: s.extension_after_situps,
            risk_notes: s.risk_notes(),
            recorded_at: time(s.recorded_at),
        }
    }
}

/// What a verdict found.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// One side is clearly tight (leg raise) or weak (strength).
    Side {
        /// That side.
        side: Side,
    },
    /// The difference is within measurement error.
    NoClearDifference,
    /// Both sides are below the typical range.
    BothLimited {
        /// The more limited side, when the difference is clear.
        worse_side: Option<Side>,
    },
    /// Pain stopped the test; no side is called.
    StoppedByPain {
        /// The sides where it hurt.
        sides: Vec<Side>,
    },
    /// Not enough trials to decide.
    Incomplete,
}

impl From<&domain::Finding> for Finding {
    fn from(finding: &domain::Finding) -> Self {
        match finding {
            domain::Finding::Side { side } => Finding::Side {
                side: (*side).into(),
            },
            domain::Finding::NoClearDifference => Finding::NoClearDifference,
            domain::Finding::BothLimited { worse_side } => Finding::BothLimited {
                worse_side: worse_side.map(Into::into),
            },
            domain::Finding::StoppedByPain { sides } => Finding::StoppedByPain {
                sides: sides.iter().map(|s| (*s).into()).collect(),
            },
            domain::Finding::Incomplete => Finding::Incomplete,
        }
    }
}

/// One side's trials in a verdict.
#[derive(Debug, Serialize, ToSchema)]
pub struct SideSummary {
    /// Which side.
    pub side: Side,
    /// The values used, in the verdict's quantity.
    pub values: Vec<f64>,
    /// Their median.
    pub median: f64,
    /// Highest minus lowest value, in the verdict's quantity (0 for one trial).
    pub spread: f64,
    /// The median with its unit, for people: "12.5°", "4/5", "150 N", "held 50%".
    pub median_text: String,
}

impl SideSummary {
    fn new(summary: &domain::verdict::SideSummary, verdict: &domain::Verdict) -> Self {
        Self {
            side: summary.side.into(),
            values: summary.values.clone(),
            median: summary.median,
            spread: summary.spread,
            median_text: verdict.median_text(summary.side),
        }
    }
}

/// A test's verdict in one phase: which side, by how much, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verdict {
    /// Which test.
    pub test: Test,
    /// Which phase's trials.
    pub phase: Phase,
    /// What was found.
    pub finding: Finding,
    /// The tight or weak side called, if any (also the worse side when both are limited).
    pub side: Option<Side>,
    /// The finding in a few words.
    pub headline: String,
    /// What the numbers measure.
    pub quantity: Option<Quantity>,
    /// The left side's trials.
    pub left: Option<SideSummary>,
    /// The right side's trials.
    pub right: Option<SideSummary>,
    /// The difference between the sides.
    pub difference: Option<f64>,
    /// The difference that counts as clear, under the rules: the convention minimum (10%) or
    /// the method's detectable change for the trials taken, 1.96 x SEM x sqrt(1/nL + 1/nR),
    /// whichever is larger.
    pub threshold: Option<f64>,
    /// The method whose measurement error set the threshold: the least precise one used.
    pub method: Option<Method>,
    /// That method's error (SEM of one trial), in the difference's terms.
    pub method_error: Option<f64>,
    /// How sure the verdict is.
    pub confidence: Confidence,
    /// Why that sure, in one sentence with the numbers.
    pub confidence_reason: String,
    /// Present when one side's trials spread too widely, or trials measured another way left
    /// fewer comparable ones than asked for: take more trials there.
    pub more_trials: Option<MoreTrials>,
    /// Trials left out because they were measured in another kind than those compared
    /// (strength: grades, forces, or held / gave way); the first reason says so.
    pub set_aside: u32,
    /// The rule set's version.
    pub rules_version: String,
    /// Why, in sentences.
    pub reasons: Vec<String>,
}

/// A request for more trials: one side's trials disagree more than the method explains, or
/// too few of them can be compared.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoreTrials {
    /// The sides that need more trials.
    pub sides: Vec<Side>,
    /// Why, in words and numbers.
    pub reason: String,
    /// The one more trial the session takes now, while the protocol has not moved past this
    /// test: record it with `POST /sessions/{id}/measurements` and these `side`, `phase`
    /// and `trial`. Null in the session's other views, or when it can no longer be taken
    /// (an exercise was chosen after the test, the session is closed, or the side has used
    /// its 20 trial numbers).
    pub next: Option<ExtraTrial>,
}

/// One more trial than the session planned, offered where a verdict asks for more.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExtraTrial {
    /// Which test.
    pub test: Test,
    /// Which phase.
    pub phase: Phase,
    /// Which side.
    pub side: Side,
    /// The trial number to record it under.
    pub trial: u16,
    /// Its place among the side's trials that count, for people.
    pub position: u16,
    /// The offer for people, e.g. "Take another trial on the left side (trial 4)".
    pub text: String,
}

impl Verdict {
    /// The verdict of a test in a phase of a record, with the one more trial it offers.
    pub fn of_record(
        record: &domain::SessionRecord,
        test: domain::Test,
        phase: domain::Phase,
    ) -> Self {
        let mut view = Self::from(&record.verdict(test, phase, &domain::RULES));
        if let Some(more) = view.more_trials.as_mut() {
            more.next = record
                .extra_trial(test, phase, &domain::RULES)
                .map(|e| ExtraTrial {
                    test: e.test.into(),
                    phase: e.phase.into(),
                    side: e.side.into(),
                    trial: e.trial,
                    position: e.position,
                    text: e.offer(),
                });
        }
        view
    }
}

impl From<&domain::Verdict> for Verdict {
    fn from(v: &domain::Verdict) -> Self {
        Self {
            test: v.test.into(),
            phase: v.phase.into(),
            finding: Finding::from(&v.finding),
            side: v.side().map(Into::into),
            headline: v.headline(),
            quantity: v.quantity.map(Into::into),
            left: v.left.as_ref().map(|s| SideSummary::new(s, v)),
            right: v.right.as_ref().map(|s| SideSummary::new(s, v)),
            difference: v.difference,
            threshold: v.threshold,
            method: v.method.map(Into::into),
            method_error: v.method_error,
            confidence: v.confidence.into(),
            confidence_reason: v.confidence_reason.clone(),
            more_trials: v.more_trials.as_ref().map(|m| MoreTrials {
                sides: m.sides.iter().map(|s| (*s).into()).collect(),
                reason: m.reason.clone(),
                next: None,
            }),
            set_aside: u32::try_from(v.set_aside).unwrap_or(u32::MAX),
            rules_version: v.rules_version.to_string(),
            reasons: v.reasons.clone(),
        }
    }
}

/// A test's first verdict and, when retested, its last.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    /// Which test.
    pub test: Test,
    /// The first verdict.
    pub before: Verdict,
    /// The retest's verdict; null without a retest.
    pub after: Option<Verdict>,
    /// The retest judged against measurement error; null without a retest.
    pub change: Option<RetestChange>,
    /// Both verdicts in one phrase: "Tight side: left, before and after".
    pub verdicts_text: String,
}

impl From<&domain::session::Comparison> for Comparison {
    fn from(c: &domain::session::Comparison) -> Self {
        Self {
            test: c.test.into(),
            before: Verdict::from(&c.before),
            after: c.after.as_ref().map(Verdict::from),
            change: c.change.as_ref().map(RetestChange::from),
            verdicts_text: c.verdicts_text(),
        }
    }
}

/// What the protocol does next in a session.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NextStep {
    /// Answer the red-flag questions.
    Screening,
    /// Record the symptoms (`PUT .../symptoms`).
    Symptoms,
    /// Take a trial (`POST .../measurements`).
    Trial {
        /// Which test.
        test: Test,
        /// Which phase.
        phase: Phase,
        /// Which side.
        side: Side,
        /// Which trial number on that side.
        trial: u16,
    },
    /// Do or skip the stretch (`POST .../exercises` with step `stretch`).
    Stretch,
    /// Do or skip the strengthening (`POST .../exercises` with step `strengthen`).
    Strengthen,
    /// Rate the pain again now that the retest is done (`PUT .../pain-after`).
    PainAfter,
    /// Read the before/after summary and finish (`POST .../finish`).
    Summary,
    /// Nothing left: finished, or stopped at screening.
    Done,
}

impl From<domain::NextStep> for NextStep {
    fn from(step: domain::NextStep) -> Self {
        match step {
            domain::NextStep::Screening => NextStep::Screening,
            domain::NextStep::Symptoms => NextStep::Symptoms,
            domain::NextStep::Trial {
                test,
                phase,
                side,
                trial,
            } => NextStep::Trial {
                test: test.into(),
                phase: phase.into(),
                side: side.into(),
                trial,
            },
            domain::NextStep::Stretch => NextStep::Stretch,
            domain::NextStep::Strengthen => NextStep::Strengthen,
            domain::NextStep::PainAfter => NextStep::PainAfter,
            domain::NextStep::Summary => NextStep::Summary,
            domain::NextStep::Done => NextStep::Done,
        }
    }
}

/// Which repetition an interval belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct Repetition {
    /// This repetition, from 1.
    pub number: u8,
    /// How many there are.
    pub of: u8,
}

/// One stretch of an exercise's countdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct Interval {
    /// What to do during it.
    pub kind: IntervalKind,
    /// How long, in seconds.
    pub seconds: u32,
    /// The repetition, for repeated holds.
    pub repetition: Option<Repetition>,
}

/// What each person does.
#[derive(Debug, Serialize, ToSchema)]
pub struct Instructions {
    /// For the person being tested.
    pub subject: String,
    /// For the helper.
    pub helper: String,
}

/// One step of the exercise plan: an exercise to do, or why there is none.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PlanStep {
    /// Do this exercise.
    Do {
        /// The exercise.
        exercise: Exercise,
        /// Its countdown.
        timer: Vec<Interval>,
        /// The countdown's total, in seconds.
        total_seconds: u32,
        /// What each person does.
        instructions: Instructions,
    },
    /// No exercise, and why.
    NotNeeded {
        /// The reason, in words.
        reason: String,
    },
}

impl From<&domain::PlanStep> for PlanStep {
    fn from(step: &domain::PlanStep) -> Self {
        match step {
            domain::PlanStep::Do {
                exercise,
                timer,
                instructions,
            } => PlanStep::Do {
                exercise: Exercise::from(exercise),
                timer: timer
                    .iter()
                    .map(|i| Interval {
                        kind: i.kind.into(),
                        seconds: i.seconds,
                        repetition: i.repetition.map(|(number, of)| Repetition { number, of }),
                    })
                    .collect(),
                total_seconds: domain::plan::total_seconds(timer),
                instructions: Instructions {
                    subject: instructions.subject.clone(),
                    helper: instructions.helper.clone(),
                },
            },
            domain::PlanStep::NotNeeded { reason } => PlanStep::NotNeeded {
                reason: reason.clone(),
            },
        }
    }
}

/// A session with everything recorded in it, its verdicts and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    /// Its id.
    pub id: Uuid,
    /// Whose session.
    pub profile_id: Uuid,
    /// The profile's name.
    pub profile_name: String,
    /// When it started.
    #[schema(format = DateTime)]
    pub started_at: String,
    /// When it finished or was stopped.
    #[schema(format = DateTime)]
    pub ended_at: Option<String>,
    /// Where it stands.
    pub status: SessionStatus,
    /// The protocol version it runs under.
    pub protocol_version: u32,
    /// Trials per side each test takes.
    pub trials_per_side: u16,
    /// The phase new trials go to, from the exercises done so far.
    pub current_phase: Phase,
    /// The screening answers.
    pub screening: Option<Screening>,
    /// The symptoms, once recorded.
    pub symptoms: Option<Symptoms>,
    /// The pain rated again once the retest is done.
    pub pain_after: Option<super::pain_after::PainAfter>,
    /// The pain at the start and the end judged, once both were rated.
    pub pain_change: Option<super::pain_after::PainChange>,
    /// Every trial, in the order taken.
    pub measurements: Vec<Measurement>,
    /// Every exercise step, in order.
    pub exercises: Vec<ExerciseRecord>,
    /// The verdict of each test in each phase it has trials in.
    pub verdicts: Vec<Verdict>,
    /// Each test's first verdict and its retest.
    pub comparisons: Vec<Comparison>,
    /// What to do next.
    pub next_step: NextStep,
}

impl Session {
    /// The full view of a record.
    pub fn new(record: &domain::SessionRecord, profile_name: &str) -> Self {
        let rules = &domain::RULES;
        let s = &record.session;
        let verdicts = [domain::Test::LegRaise, domain::Test::Strength]
            .into_iter()
            .flat_map(|test| {
                record
                    .phases_with(test)
                    .into_iter()
                    .map(move |phase| Verdict::of_record(record, test, phase))
            })
            .collect();
        Self {
            id: s.id.0,
            profile_id: s.profile_id.0,
            profile_name: profile_name.to_string(),
            started_at: time(s.started_at),
            ended_at: s.ended_at.map(time),
            status: s.status.into(),
            protocol_version: s.protocol_version,
            trials_per_side: s.trials_per_side,
            current_phase: record.current_phase().into(),
            screening: record.screening.as_ref().map(Screening::from),
            symptoms: record.symptoms.as_ref().map(Symptoms::from),
            pain_after: record
                .pain_after
                .as_ref()
                .map(super::pain_after::PainAfter::from),
            pain_change: record
                .pain_change(rules)
                .as_ref()
                .map(super::pain_after::PainChange::from),
            measurements: record.measurements.iter().map(Measurement::from).collect(),
            exercises: record.exercises.iter().map(ExerciseRecord::from).collect(),
            verdicts,
            comparisons: record
                .comparisons(rules)
                .iter()
                .map(Comparison::from)
                .collect(),
            next_step: record.next_step().into(),
        }
    }
}

/// A session in a list: where it stands, without what was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionSummary {
    /// Its id.
    pub id: Uuid,
    /// Whose session.
    pub profile_id: Uuid,
    /// The profile's name.
    pub profile_name: String,
    /// When it started.
    #[schema(format = DateTime)]
    pub started_at: String,
    /// When it finished or was stopped.
    #[schema(format = DateTime)]
    pub ended_at: Option<String>,
    /// Where it stands.
    pub status: SessionStatus,
    /// The protocol version it runs under.
    pub protocol_version: u32,
    /// Trials per side each test takes.
    pub trials_per_side: u16,
    /// How many trials are recorded.
    pub measurement_count: u32,
    /// What to do next.
    pub next_step: NextStep,
}

impl SessionSummary {
    /// The summary of a record.
    pub fn new(record: &domain::SessionRecord, profile_name: &str) -> Self {
        let s = &record.session;
        Self {
            id: s.id.0,
            profile_id: s.profile_id.0,
            profile_name: profile_name.to_string(),
            started_at: time(s.started_at),
            ended_at: s.ended_at.map(time),
            status: s.status.into(),
            protocol_version: s.protocol_version,
            trials_per_side: s.trials_per_side,
            measurement_count: u32::try_from(record.measurements.len()).unwrap_or(u32::MAX),
            next_step: record.next_step().into(),
        }
    }
}
