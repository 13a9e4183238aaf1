//! Sessions: one run of the protocol, everything recorded in it, and what comes next.
//!
//! The next step is derived from what is stored, so an interrupted session resumes exactly
//! where it stopped without keeping a separate cursor.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::measurement::{Measurement, Phase, Test};
use crate::pain_after::{PainAfter, PainChange};
use crate::plan::Exercise;
use crate::retest::{RetestChange, judge_retest};
use crate::rules::{PROTOCOL_VERSION, RuleSet};
use crate::screening::Screening;
use crate::symptoms::Symptoms;
use crate::verdict::{Verdict, judge};
use crate::{ExerciseId, InputError, MeasurementId, ProfileId, SessionId, Side};

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Started and not finished: it can be resumed.
    Unfinished,
    /// Completed to the before/after summary.
    Finished,
    /// A red flag stopped it before any test.
    StoppedAtScreening,
}

impl SessionStatus {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Unfinished => "unfinished",
            SessionStatus::Finished => "finished",
            SessionStatus::StoppedAtScreening => "stopped_at_screening",
        }
    }

    /// Name for people: "unfinished", "finished", "stopped at screening".
    pub fn title(self) -> &'static str {
        match self {
            SessionStatus::Unfinished => "unfinished",
            SessionStatus::Finished => "finished",
            SessionStatus::StoppedAtScreening => "stopped at screening",
        }
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The session itself, without what was recorded in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Its identifier.
    pub id: SessionId,
    /// Whose session.
    pub profile_id: ProfileId,
    /// When it started.
    pub started_at: Timestamp,
    /// When it finished or was stopped, if it has.
    pub ended_at: Option<Timestamp>,
    /// Where it stands.
    pub status: SessionStatus,
    /// The protocol (rule set) version it runs under.
    pub protocol_version: u32,
    /// Trials per side each test takes, chosen when the session starts, so a resumed session
    /// keeps the plan it began with.
    pub trials_per_side: u16,
}

/// The most trials per side a session may plan.
pub const MAX_TRIALS_PER_SIDE: u16 = 10;

impl Session {
    /// A new unfinished session under the current protocol version.
    pub fn start(
        profile_id: ProfileId,
        started_at: Timestamp,
        trials_per_side: u16,
    ) -> Result<Self, InputError> {
        if !(1..=MAX_TRIALS_PER_SIDE).contains(&trials_per_side) {
            return Err(InputError::out_of_range(
                "trials per side",
                1.0,
                f64::from(MAX_TRIALS_PER_SIDE),
                "",
                trials_per_side,
            ));
        }
        Ok(Self {
            id: SessionId::random(),
            profile_id,
            started_at,
            ended_at: None,
            status: SessionStatus::Unfinished,
            protocol_version: PROTOCOL_VERSION,
            trials_per_side,
        })
    }
}

/// Which exercise slot of the protocol a record fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseStep {
    /// The stretch after the leg-raise test.
    Stretch,
    /// The strengthening after the strength test.
    Strengthen,
}

impl ExerciseStep {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            ExerciseStep::Stretch => "stretch",
            ExerciseStep::Strengthen => "strengthen",
        }
    }
}

/// How an exercise step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseOutcome {
    /// Done to the end of the timer.
    Completed,
    /// Started and stopped early (skipped the rest, or pain).
    Stopped,
    /// Chosen not to do.
    Skipped,
    /// The verdict gave no side to work on.
    NotNeeded,
}

impl ExerciseOutcome {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            ExerciseOutcome::Completed => "completed",
            ExerciseOutcome::Stopped => "stopped",
            ExerciseOutcome::Skipped => "skipped",
            ExerciseOutcome::NotNeeded => "not_needed",
        }
    }

    /// Name for people: "done", "stopped early", "skipped", "not needed".
    pub fn title(self) -> &'static str {
        match self {
            ExerciseOutcome::Completed => "done",
            ExerciseOutcome::Stopped => "stopped early",
            ExerciseOutcome::Skipped => "skipped",
            ExerciseOutcome::NotNeeded => "not needed",
        }
    }
}

impl ExerciseRecord {
    /// One line for people, times as the timer shows them: "Stretch a: edge of the bed (left
    /// side): done, 3:10", "...: stopped early after 0:42 of 3:10", "...: skipped",
    /// "No stretch: no clear difference".
    pub fn summary(&self) -> String {
        use crate::plan::clock;
        let step = match self.step {
            ExerciseStep::Stretch => "stretch",
            ExerciseStep::Strengthen => "strengthening",
        };
        match (&self.exercise, self.outcome, &self.note) {
            (Some(x), ExerciseOutcome::Completed, _) => {
                format!("{}: done, {}", x.title(), clock(self.done_seconds))
            }
            (Some(x), ExerciseOutcome::Stopped, _) => format!(
                "{}: stopped early after {} of {}",
                x.title(),
                clock(self.done_seconds),
                clock(self.planned_seconds)
            ),
            (Some(x), outcome, _) => format!("{}: {}", x.title(), outcome.title()),
            (None, _, Some(note)) => format!("No {step}: {note}"),
            (None, outcome, None) => format!("No {step}: {}", outcome.title()),
        }
    }
}

/// An exercise step as it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseRecord {
    /// Its identifier.
    pub id: ExerciseId,
    /// Which slot of the protocol.
    pub step: ExerciseStep,
    /// The exercise, absent when none was needed.
    pub exercise: Option<Exercise>,
    /// Seconds the timer was set for.
    pub planned_seconds: u32,
    /// Seconds actually done.
    pub done_seconds: u32,
    /// How it ended.
    pub outcome: ExerciseOutcome,
    /// Why, in words (the plan's reason when not needed, or the person's note).
    pub note: Option<String>,
    /// When it was recorded.
    pub recorded_at: Timestamp,
}

impl ExerciseRecord {
    /// Checks that the parts fit: an exercise matches its slot, time done fits time planned.
    pub fn new(
        step: ExerciseStep,
        exercise: Option<Exercise>,
        planned_seconds: u32,
        done_seconds: u32,
        outcome: ExerciseOutcome,
        note: Option<String>,
        recorded_at: Timestamp,
    ) -> Result<Self, InputError> {
        match (exercise, outcome) {
            (None, ExerciseOutcome::NotNeeded | ExerciseOutcome::Skipped) => {}
            (None, _) => {
                return Err(InputError::Protocol(
                    "name the exercise that was done (option or technique and side)".to_string(),
                ));
            }
            (Some(e), _) if e.is_stretch() != (step == ExerciseStep::Stretch) => {
                return Err(InputError::Protocol(format!(
                    "{} is not a {} exercise",
                    e.title(),
                    step.as_str()
                )));
            }
            _ => {}
        }
        if done_seconds > planned_seconds {
            return Err(InputError::Protocol(format!(
                "{done_seconds} s done is more than the {planned_seconds} s planned"
            )));
        }
        if matches!(
            outcome,
            ExerciseOutcome::Skipped | ExerciseOutcome::NotNeeded
        ) && done_seconds > 0
        {
            return Err(InputError::Protocol(
                "a skipped or unneeded exercise has no time done; use 'stopped' for one cut short"
                    .to_string(),
            ));
        }
        if outcome == ExerciseOutcome::Completed && done_seconds != planned_seconds {
            return Err(InputError::Protocol(
                "a completed exercise was done for its whole planned time; use 'stopped' otherwise"
                    .to_string(),
            ));
        }
        Ok(Self {
            id: ExerciseId::random(),
            step,
            exercise,
            planned_seconds,
            done_seconds,
            outcome,
            note,
            recorded_at,
        })
    }
}

/// A session with everything recorded in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The session.
    pub session: Session,
    /// The screening answers, once given.
    pub screening: Option<Screening>,
    /// The symptoms, once given.
    pub symptoms: Option<Symptoms>,
    /// Pain rated again once the retest is done.
    #[serde(default)]
    pub pain_after: Option<PainAfter>,
    /// Every trial, in the order taken.
    pub measurements: Vec<Measurement>,
    /// Every exercise step, in order.
    pub exercises: Vec<ExerciseRecord>,
}

/// What the guided session does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NextStep {
    /// Ask the red-flag questions.
    Screening,
    /// Ask about pain and habits.
    Symptoms,
    /// Take a trial.
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
    /// Plan and do the stretch.
    Stretch,
    /// Plan and do the strengthening.
    Strengthen,
    /// Ask about pain again, now that the retest is done.
    PainAfter,
    /// Show the before/after summary and finish.
    Summary,
    /// Nothing left: finished or stopped.
    Done,
}

/// Why a trial cannot be struck out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoidRefused {
    /// No such trial in the session.
    NotFound,
    /// It is struck out already.
    AlreadyVoid,
    /// It hurt: pain is kept, it stopped the test.
    Hurt,
    /// The session is finished or stopped: its record stays as it was judged.
    Closed,
    /// An exercise was chosen after it: the plan it led to is kept as it was done.
    Settled,
}

impl fmt::Display for VoidRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VoidRefused::NotFound => "this session has no such trial",
            VoidRefused::AlreadyVoid => "this trial is struck out already",
            VoidRefused::Hurt => {
                "a trial that hurt cannot be struck out: the pain is kept because it stopped \
                 the test"
            }
            VoidRefused::Closed => {
                "this session is finished, so its trials stay as they were judged; measure \
                 again in a new session"
            }
            VoidRefused::Settled => {
                "an exercise was already chosen from this trial, so it stays as it was judged; \
                 measure again in the retest or a new session"
            }
        })
    }
}

/// A test's verdict before the exercises and, when retested, after them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Which test.
    pub test: Test,
    /// The first verdict.
    pub before: Verdict,
    /// The retest's verdict, if there was a retest.
    pub after: Option<Verdict>,
    /// The retest judged against measurement error, if there was a retest.
    pub change: Option<RetestChange>,
}

impl Comparison {
    /// A side's change for tables: "+8°, real", "+1°, within error", "not judged" when the
    /// two tests cannot be compared, empty without a retest.
    pub fn change_text(&self, side: Side) -> String {
        match &self.change {
            None => String::new(),
            Some(change) if change.sides.is_empty() => "not judged".to_string(),
            Some(change) => change.side_text(side),
        }
    }

    /// The verdicts before and after in one phrase: "Tight side: left, before and after",
    /// "Tight side: left → No clear difference between the sides", or the first alone.
    pub fn verdicts_text(&self) -> String {
        let before = self.before.headline();
        match &self.after {
            None => before,
            Some(after) if after.headline() == before => format!("{before}, before and after"),
            Some(after) => format!("{before} → {}", after.headline()),
        }
    }
}

impl SessionRecord {
    /// A fresh record for a new session.
    pub fn new(session: Session) -> Self {
        Self {
            session,
            screening: None,
            symptoms: None,
            pain_after: None,
            measurements: Vec::new(),
            exercises: Vec::new(),
        }
    }

    fn exercise(&self, step: ExerciseStep) -> Option<&ExerciseRecord> {
        self.exercises.iter().rev().find(|e| e.step == step)
    }

    fn did(&self, step: ExerciseStep) -> bool {
        self.exercises
            .iter()
            .any(|e| e.step == step && e.done_seconds > 0)
    }

    /// The phase new measurements belong to, from the exercises done so far.
    pub fn current_phase(&self) -> Phase {
        if self.did(ExerciseStep::Strengthen) {
            Phase::AfterStrengthening
        } else if self.did(ExerciseStep::Stretch) {
            Phase::AfterStretch
        } else {
            Phase::Baseline
        }
    }

    /// The phase the strength test (before strengthening) belongs to.
    fn strength_phase(&self) -> Phase {
        if self.did(ExerciseStep::Stretch) {
            Phase::AfterStretch
        } else {
            Phase::Baseline
        }
    }

    /// The trials of one test in one phase that count (not struck out), per side, and
    /// whether pain ended the test.
    fn trials(&self, test: Test, phase: Phase) -> (u16, u16, bool) {
        let mut counts = (0, 0, false);
        for m in self
            .measurements
            .iter()
            .filter(|m| m.test == test && m.phase == phase && m.counts())
        {
            match m.side {
                Side::Left => counts.0 += 1,
                Side::Right => counts.1 += 1,
            }
            counts.2 |= m.hurt;
        }
        counts
    }

    /// Which trial a side's next one is for people: one past those that count, so a trial
    /// struck out is taken again under its place ("trial 2 of 3") though it is stored under
    /// a new number.
    pub fn trial_position(&self, test: Test, phase: Phase, side: Side) -> u16 {
        let (left, right, _) = self.trials(test, phase);
        let taken = match side {
            Side::Left => left,
            Side::Right => right,
        };
        taken + 1
    }

    /// The trial stored under `trial` on a side of a test: in `phase`, or when none is given,
    /// in the latest phase that has one (what a person means by "left trial 2" while testing).
    pub fn trial_numbered(
        &self,
        test: Test,
        side: Side,
        trial: u16,
        phase: Option<Phase>,
    ) -> Option<&Measurement> {
        self.measurements
            .iter()
            .filter(|m| m.test == test && m.side == side && m.trial == trial)
            .filter(|m| phase.is_none_or(|p| m.phase == p))
            .max_by_key(|m| m.phase)
    }

    /// Checks that a trial of this session may be struck out: it exists, is not struck out
    /// already, did not hurt (pain stops a test for safety, and striking it out would let the
    /// test go on), the session is still open, and no exercise was chosen after it (the
    /// stretch or strengthening it led to stays explained by the trials it was planned from).
    pub fn check_void(&self, id: MeasurementId) -> Result<&Measurement, VoidRefused> {
        let m = self
            .measurements
            .iter()
            .find(|m| m.id == id)
            .ok_or(VoidRefused::NotFound)?;
        if m.void.is_some() {
            return Err(VoidRefused::AlreadyVoid);
        }
        if m.hurt {
            return Err(VoidRefused::Hurt);
        }
        if self.session.status != SessionStatus::Unfinished {
            return Err(VoidRefused::Closed);
        }
        if self.exercises.iter().any(|e| e.recorded_at >= m.taken_at) {
            return Err(VoidRefused::Settled);
        }
        Ok(m)
    }

    /// The next trial number for a side (one past the highest recorded, struck out or not).
    pub fn next_trial_number(&self, test: Test, phase: Phase, side: Side) -> u16 {
        self.measurements
            .iter()
            .filter(|m| m.test == test && m.phase == phase && m.side == side)
            .map(|m| m.trial)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// The next trial of a test, alternating sides, or None when the test is complete.
    fn next_trial(&self, test: Test, phase: Phase, per_side: u16) -> Option<NextStep> {
        let (left, right, hurt) = self.trials(test, phase);
        if hurt {
            return None;
        }
        let side = if left < per_side && left <= right {
            Side::Left
        } else if right < per_side {
            Side::Right
        } else if left < per_side {
            Side::Left
        } else {
            return None;
        };
        Some(NextStep::Trial {
            test,
            phase,
            side,
            trial: self.next_trial_number(test, phase, side),
        })
    }

    /// What the guided session does next.
    pub fn next_step(&self) -> NextStep {
        let per_side = self.session.trials_per_side;
        let Some(screening) = &self.screening else {
            return NextStep::Screening;
        };
        if !screening.is_clear() || self.session.status != SessionStatus::Unfinished {
            return NextStep::Done;
        }
        if self.symptoms.is_none() {
            return NextStep::Symptoms;
        }
        if let Some(step) = self.next_trial(Test::LegRaise, Phase::Baseline, per_side) {
            return step;
        }
        if self.exercise(ExerciseStep::Stretch).is_none() {
            return NextStep::Stretch;
        }
        let strength_phase = self.strength_phase();
        if let Some(step) = self.next_trial(Test::Strength, strength_phase, per_side) {
            return step;
        }
        if self.exercise(ExerciseStep::Strengthen).is_none() {
            return NextStep::Strengthen;
        }
        let retest = self.current_phase();
        if retest != Phase::Baseline {
            if let Some(step) = self.next_trial(Test::LegRaise, retest, per_side) {
                return step;
            }
            if retest != strength_phase
                && let Some(step) = self.next_trial(Test::Strength, retest, per_side)
            {
                return step;
            }
        }
        if self.pain_after.is_none() {
            return NextStep::PainAfter;
        }
        NextStep::Summary
    }

    /// Refuses pain at the end until the retest is done, and on a closed session.
    pub fn check_pain_after(&self) -> Result<(), InputError> {
        self.check_open_for_tests()?;
        if matches!(self.next_step(), NextStep::PainAfter | NextStep::Summary) {
            Ok(())
        } else {
            Err(InputError::Protocol(
                "pain at the end is asked once the retest is done; go on with the session first"
                    .to_string(),
            ))
        }
    }

    /// Pain at the start and at the end judged against the change that matters, once both
    /// were rated.
    pub fn pain_change(&self, rules: &RuleSet) -> Option<PainChange> {
        Some(PainChange::judge(
            self.symptoms.as_ref()?,
            self.pain_after.as_ref()?,
            rules,
        ))
    }

    /// Refuses new entries on a session that is finished or stopped, or not yet screened.
    pub fn check_open_for_tests(&self) -> Result<(), InputError> {
        match self.session.status {
            SessionStatus::Finished => {
                return Err(InputError::Protocol(
                    "this session is finished; start a new one with 'psoas session new'"
                        .to_string(),
                ));
            }
            SessionStatus::StoppedAtScreening => {
                return Err(InputError::Protocol(
                    "this session was stopped at screening because of a red flag; see a \
                     clinician before testing"
                        .to_string(),
                ));
            }
            SessionStatus::Unfinished => {}
        }
        if self.screening.is_none() {
            return Err(InputError::Protocol(
                "answer the red-flag screening before any test".to_string(),
            ));
        }
        Ok(())
    }

    /// Builds the next trial for this session: checks the session is open, takes the current
    /// phase and the next trial number on that side unless they are given.
    #[allow(clippy::too_many_arguments)]
    pub fn new_trial(
        &self,
        phase: Option<Phase>,
        test: Test,
        side: Side,
        trial: Option<u16>,
        method: crate::Method,
        reading: Option<crate::Reading>,
        hurt: bool,
        at: Timestamp,
    ) -> Result<Measurement, InputError> {
        self.check_open_for_tests()?;
        self.check_method(test, method)?;
        if let Some(reading) = &reading {
            self.check_comparable(test, reading)?;
        }
        let phase = phase.unwrap_or_else(|| self.current_phase());
        let trial = trial.unwrap_or_else(|| self.next_trial_number(test, phase, side));
        Measurement::new(phase, test, side, trial, method, reading, hurt, at)
    }

    /// The leg-raise verdict the stretch is planned from: the baseline test.
    pub fn tightness(&self, rules: &RuleSet) -> Verdict {
        self.verdict(Test::LegRaise, Phase::Baseline, rules)
    }

    /// The strength verdict the strengthening is planned from: the first strength test.
    pub fn weakness(&self, rules: &RuleSet) -> Verdict {
        let phase = self
            .phases_with(Test::Strength)
            .first()
            .copied()
            .unwrap_or(Phase::Baseline);
        self.verdict(Test::Strength, phase, rules)
    }

    /// The stretch and strengthening steps the verdicts call for.
    pub fn plan(
        &self,
        option: crate::StretchOption,
        technique: crate::StrengthenTechnique,
        durations: &crate::Durations,
        rules: &RuleSet,
    ) -> (crate::PlanStep, crate::PlanStep) {
        (
            crate::plan::plan_stretch(&self.tightness(rules), option, durations),
            crate::plan::plan_strengthen(&self.weakness(rules), technique, durations),
        )
    }

    /// Phases in which a test has trials, in order.
    pub fn phases_with(&self, test: Test) -> Vec<Phase> {
        Phase::ALL
            .into_iter()
            .filter(|p| {
                self.measurements
                    .iter()
                    .any(|m| m.test == test && m.phase == *p && m.counts())
            })
            .collect()
    }

    /// The verdict of a test in a phase; never "clear" on fewer comparable trials than the
    /// session asked for.
    pub fn verdict(&self, test: Test, phase: Phase, rules: &RuleSet) -> Verdict {
        let mut verdict = judge(&self.measurements, test, phase, rules);
        crate::comparable::hold_to_trials_asked(&mut verdict, self.session.trials_per_side);
        verdict
    }

    /// The verdict of a test's first phase, if it was done at all.
    pub fn first_verdict(&self, test: Test, rules: &RuleSet) -> Option<Verdict> {
        let phase = *self.phases_with(test).first()?;
        Some(self.verdict(test, phase, rules))
    }

    /// Before and after for each test that was done.
    pub fn comparisons(&self, rules: &RuleSet) -> Vec<Comparison> {
        [Test::LegRaise, Test::Strength]
            .into_iter()
            .filter_map(|test| {
                let phases = self.phases_with(test);
                let first = *phases.first()?;
                let last = *phases.last()?;
                let before = self.verdict(test, first, rules);
                let after = (last != first).then(|| self.verdict(test, last, rules));
                let change = after
                    .as_ref()
                    .map(|after| judge_retest(&before, after, rules));
                Some(Comparison {
                    test,
                    before,
                    after,
                    change,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise_choice::{StrengthenTechnique, StretchOption};
    use crate::measurement::{Method, Reading};
    use crate::rules::RULES;
    use crate::units::{Degrees, Grade};
    use crate::verdict::Finding;

    fn t() -> Timestamp {
        Timestamp::UNIX_EPOCH
    }

    fn add(record: &mut SessionRecord, step: NextStep, value: f64) {
        let NextStep::Trial {
            test,
            phase,
            side,
            trial,
        } = step
        else {
            panic!("expected a trial, got {step:?}");
        };
        let (method, reading) = match test {
            Test::LegRaise => (
                Method::Goniometer,
                Reading::Angle {
                    degrees: Degrees::new(value).unwrap(),
                },
            ),
            Test::Strength => (
                Method::HelpersFeel,
                Reading::Grade {
                    grade: Grade::new(value as u8).unwrap(),
                },
            ),
        };
        record.measurements.push(
            Measurement::new(phase, test, side, trial, method, Some(reading), false, t()).unwrap(),
        );
    }

    #[test]
    fn an_exercise_line_says_how_it_went_in_words_and_timer_times() {
        let at = Timestamp::UNIX_EPOCH;
        let stretch = Some(Exercise::Stretch {
            option: StretchOption::EdgeOfBed,
            side: Side::Left,
        });
        let line = |exercise, planned, done, outcome, note: Option<&str>| {
            ExerciseRecord::new(
                ExerciseStep::Stretch,
                exercise,
                planned,
                done,
                outcome,
                note.map(str::to_string),
                at,
            )
            .unwrap()
            .summary()
        };
        assert_eq!(
            line(stretch, 190, 190, ExerciseOutcome::Completed, None),
            "Stretch a: edge of the bed (left side): done, 3:10"
        );
        assert_eq!(
            line(stretch, 190, 42, ExerciseOutcome::Stopped, None),
            "Stretch a: edge of the bed (left side): stopped early after 0:42 of 3:10"
        );
        assert_eq!(
            line(stretch, 190, 0, ExerciseOutcome::Skipped, None),
            "Stretch a: edge of the bed (left side): skipped"
        );
        assert_eq!(
            line(
                None,
                0,
                0,
                ExerciseOutcome::NotNeeded,
                Some("no side to work on")
            ),
            "No stretch: no side to work on"
        );
        assert_eq!(
            SessionStatus::StoppedAtScreening.title(),
            "stopped at screening"
        );
    }

    #[test]
    fn a_trial_struck_out_counts_for_nothing_and_frees_its_slot() {
        use crate::voiding::{TrialVoid, VoidReason};
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), t(), 2).unwrap());
        r.screening = Some(Screening::new([], t()));
        let p = crate::symptoms::Pain::new(2).unwrap();
        r.symptoms = Some(Symptoms::new(p, p, 8.0, 0, None, t()).unwrap());
        // Left 10° and 85° (typed for 8.5), right 20° and 21°.
        for value in [10.0, 20.0, 85.0, 21.0] {
            let step = r.next_step();
            add(&mut r, step, value);
        }
        assert_eq!(r.next_step(), NextStep::Stretch);
        let typo = r.measurements[2].id;
        let before = r.verdict(Test::LegRaise, Phase::Baseline, &RULES);
        assert_eq!(before.left.as_ref().unwrap().values, vec![10.0, 85.0]);
        let void = TrialVoid::new(VoidReason::Typo, Some("meant 8.5"), None, t()).unwrap();
        assert!(r.check_void(typo).is_ok());
        r.measurements[2].void = Some(void);
        // Out of the verdict, and its slot free: the next step is the left side again, stored
        // as trial 3 but shown as the second.
        let after = r.verdict(Test::LegRaise, Phase::Baseline, &RULES);
        assert_eq!(after.left.as_ref().unwrap().values, vec![10.0]);
        let next = r.next_step();
        assert_eq!(
            next,
            NextStep::Trial {
                test: Test::LegRaise,
                phase: Phase::Baseline,
                side: Side::Left,
                trial: 3,
            }
        );
        assert_eq!(
            r.trial_position(Test::LegRaise, Phase::Baseline, Side::Left),
            2
        );
        // Twice, a trial of another session, a trial that hurt: each refused with its reason.
        assert_eq!(r.check_void(typo).unwrap_err(), VoidRefused::AlreadyVoid);
        assert_eq!(
            r.check_void(MeasurementId::random()).unwrap_err(),
            VoidRefused::NotFound
        );
        r.measurements[0].hurt = true;
        assert_eq!(
            r.check_void(r.measurements[0].id).unwrap_err(),
            VoidRefused::Hurt
        );
    }

    #[test]
    fn a_trial_an_exercise_was_planned_from_or_of_a_finished_session_stays() {
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), t(), 1).unwrap());
        r.screening = Some(Screening::new([], t()));
        let p = crate::symptoms::Pain::new(2).unwrap();
        r.symptoms = Some(Symptoms::new(p, p, 8.0, 0, None, t()).unwrap());
        for value in [10.0, 20.0] {
            let step = r.next_step();
            add(&mut r, step, value);
        }
        let baseline = r.measurements[0].id;
        assert!(r.check_void(baseline).is_ok());
        let stretch = Exercise::Stretch {
            option: StretchOption::FoamRoller,
            side: Side::Left,
        };
        r.exercises.push(
            ExerciseRecord::new(
                ExerciseStep::Stretch,
                Some(stretch),
                120,
                120,
                ExerciseOutcome::Completed,
                None,
                t(),
            )
            .unwrap(),
        );
        assert_eq!(r.check_void(baseline).unwrap_err(), VoidRefused::Settled);
        let step = r.next_step();
        let mut later = r.clone();
        add(&mut later, step, 4.0);
        let strength = later.measurements.last_mut().unwrap();
        strength.taken_at = t() + jiff::SignedDuration::from_secs(60);
        let strength = strength.id;
        assert!(later.check_void(strength).is_ok());
        later.session.status = SessionStatus::Finished;
        assert_eq!(later.check_void(strength).unwrap_err(), VoidRefused::Closed);
    }

    #[test]
    fn a_phase_whose_trials_are_all_struck_out_was_not_done() {
        use crate::voiding::{TrialVoid, VoidReason};
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), t(), 1).unwrap());
        r.screening = Some(Screening::new([], t()));
        let p = crate::symptoms::Pain::new(2).unwrap();
        r.symptoms = Some(Symptoms::new(p, p, 8.0, 0, None, t()).unwrap());
        let step = r.next_step();
        add(&mut r, step, 10.0);
        assert_eq!(r.phases_with(Test::LegRaise), vec![Phase::Baseline]);
        r.measurements[0].void =
            Some(TrialVoid::new(VoidReason::PelvisLifted, None, None, t()).unwrap());
        assert!(r.phases_with(Test::LegRaise).is_empty());
        assert!(r.comparisons(&RULES).is_empty());
    }

    #[test]
    fn a_whole_protocol_walks_through_every_step_in_order() {
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), t(), 2).unwrap());
        assert_eq!(r.next_step(), NextStep::Screening);
        r.screening = Some(Screening::new([], t()));
        assert_eq!(r.next_step(), NextStep::Symptoms);
        let p = crate::symptoms::Pain::new(2).unwrap();
        r.symptoms = Some(Symptoms::new(p, p, 8.0, 0, None, t()).unwrap());
        // leg raise alternates left, right
        let first = r.next_step();
        assert!(matches!(
            first,
            NextStep::Trial {
                side: Side::Left,
                trial: 1,
                test: Test::LegRaise,
                ..
            }
        ));
        add(&mut r, first, 10.0);
        let second = r.next_step();
        assert!(matches!(
            second,
            NextStep::Trial {
                side: Side::Right,
                trial: 1,
                ..
            }
        ));
        add(&mut r, second, 20.0);
        let step = r.next_step();
        add(&mut r, step, 11.0);
        let step = r.next_step();
        add(&mut r, step, 21.0);
        assert_eq!(r.next_step(), NextStep::Stretch);
        assert!(r.check_pain_after().is_err(), "not before the retest");
        let tight = r.verdict(Test::LegRaise, Phase::Baseline, &RULES);
        assert_eq!(tight.finding, Finding::Side { side: Side::Left });
        let stretch = Exercise::Stretch {
            option: StretchOption::FoamRoller,
            side: Side::Left,
        };
        r.exercises.push(
            ExerciseRecord::new(
                ExerciseStep::Stretch,
                Some(stretch),
                120,
                120,
                ExerciseOutcome::Completed,
                None,
                t(),
            )
            .unwrap(),
        );
        let strength = r.next_step();
        assert!(matches!(
            strength,
            NextStep::Trial {
                test: Test::Strength,
                phase: Phase::AfterStretch,
                ..
            }
        ));
        add(&mut r, strength, 5.0);
        let step = r.next_step();
        add(&mut r, step, 4.0);
        let step = r.next_step();
        add(&mut r, step, 5.0);
        let step = r.next_step();
        add(&mut r, step, 4.0);
        assert_eq!(r.next_step(), NextStep::Strengthen);
        let strengthen = Exercise::Strengthen {
            technique: StrengthenTechnique::GluteWeakSide,
            weak_side: Side::Right,
        };
        r.exercises.push(
            ExerciseRecord::new(
                ExerciseStep::Strengthen,
                Some(strengthen),
                180,
                90,
                ExerciseOutcome::Stopped,
                None,
                t(),
            )
            .unwrap(),
        );
        assert_eq!(r.current_phase(), Phase::AfterStrengthening);
        for _ in 0..4 {
            let step = r.next_step();
            assert!(
                matches!(
                    step,
                    NextStep::Trial {
                        test: Test::LegRaise,
                        phase: Phase::AfterStrengthening,
                        ..
                    }
                ),
                "{step:?}"
            );
            add(&mut r, step, 15.0);
        }
        for _ in 0..4 {
            let step = r.next_step();
            assert!(
                matches!(
                    step,
                    NextStep::Trial {
                        test: Test::Strength,
                        phase: Phase::AfterStrengthening,
                        ..
                    }
                ),
                "{step:?}"
            );
            add(&mut r, step, 5.0);
        }
        assert_eq!(r.next_step(), NextStep::PainAfter);
        assert!(r.check_pain_after().is_ok());
        let p = crate::symptoms::Pain::new(1).unwrap();
        r.pain_after = Some(PainAfter {
            back_pain: p,
            pelvic_pain: p,
            recorded_at: t(),
        });
        assert_eq!(r.next_step(), NextStep::Summary);
        assert!(
            r.check_pain_after().is_ok(),
            "it may be rated again before finishing"
        );
        let change = r.pain_change(&RULES).expect("pain at both ends");
        assert_eq!((change.areas[0].before, change.areas[0].after), (2, 1));
        r.session.status = SessionStatus::Finished;
        assert!(r.check_pain_after().is_err());
        let comparisons = r.comparisons(&RULES);
        assert_eq!(comparisons.len(), 2);
        assert_eq!(
            comparisons[0].after.as_ref().unwrap().finding,
            Finding::NoClearDifference
        );
        assert_eq!(comparisons[1].before.phase, Phase::AfterStretch);
    }

    #[test]
    fn a_red_flag_leaves_nothing_to_do() {
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), t(), 2).unwrap());
        r.screening = Some(Screening::new([crate::RedFlag::Pregnancy], t()));
        assert_eq!(r.next_step(), NextStep::Done);
    }

    #[test]
    fn pain_ends_the_test_and_moves_on() {
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), t(), 2).unwrap());
        r.screening = Some(Screening::new([], t()));
        let p = crate::symptoms::Pain::new(0).unwrap();
        r.symptoms = Some(Symptoms::new(p, p, 1.0, 0, None, t()).unwrap());
        r.measurements.push(
            Measurement::new(
                Phase::Baseline,
                Test::LegRaise,
                Side::Left,
                1,
                Method::Eyeballed,
                None,
                true,
                t(),
            )
            .unwrap(),
        );
        assert_eq!(r.next_step(), NextStep::Stretch);
    }

    #[test]
    fn exercise_records_must_fit_their_slot() {
        let stretch = Exercise::Stretch {
            option: StretchOption::EdgeOfBed,
            side: Side::Left,
        };
        assert!(
            ExerciseRecord::new(
                ExerciseStep::Strengthen,
                Some(stretch),
                10,
                10,
                ExerciseOutcome::Completed,
                None,
                t()
            )
            .is_err()
        );
        assert!(
            ExerciseRecord::new(
                ExerciseStep::Stretch,
                Some(stretch),
                10,
                11,
                ExerciseOutcome::Stopped,
                None,
                t()
            )
            .is_err()
        );
        assert!(
            ExerciseRecord::new(
                ExerciseStep::Stretch,
                None,
                0,
                0,
                ExerciseOutcome::Completed,
                None,
                t()
            )
            .is_err()
        );
    }
}
