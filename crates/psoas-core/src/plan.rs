//! The exercise plan as data: which exercise, on which side, for how long, and why.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::guide::{self, Instructions};
use crate::verdict::{Finding, Verdict};
use crate::{InputError, Side};
// Re-exported so `plan::StretchOption` keeps naming them: they are chosen as part of a plan.
pub use crate::exercise_choice::{StrengthenTechnique, StretchOption};

/// An exercise with the side it is done on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Exercise {
    /// Stretch the tight side.
    Stretch {
        /// Which option.
        option: StretchOption,
        /// The tight side, which is stretched.
        side: Side,
    },
    /// Strengthen the weak side.
    Strengthen {
        /// Which technique.
        technique: StrengthenTechnique,
        /// The weak side; the worked side follows from the technique.
        weak_side: Side,
    },
}

impl Exercise {
    /// The side the hands or the stretch work on.
    pub fn worked_side(&self) -> Side {
        match *self {
            Exercise::Stretch { side, .. } => side,
            Exercise::Strengthen {
                technique,
                weak_side,
            } => technique.worked_side(weak_side),
        }
    }

    /// Name for people, with the side.
    pub fn title(&self) -> String {
        match self {
            Exercise::Stretch { option, side } => format!("{} ({side} side)", option.title()),
            Exercise::Strengthen { technique, .. } => {
                format!(
                    "{} (work the {} side)",
                    technique.title(),
                    self.worked_side()
                )
            }
        }
    }

    /// What the subject and the helper do.
    pub fn instructions(&self) -> Instructions {
        match *self {
            Exercise::Stretch { option, side } => guide::stretch(option, side),
            Exercise::Strengthen {
                technique,
                weak_side,
            } => guide::strengthen(technique, weak_side),
        }
    }

    /// Whether this is a stretch.
    pub fn is_stretch(&self) -> bool {
        matches!(self, Exercise::Stretch { .. })
    }
}

/// One stretch of time in a timed exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalKind {
    /// Hold the stretch.
    Hold,
    /// Release and rest.
    Release,
    /// Keep working (one continuous block).
    Work,
}

impl IntervalKind {
    /// Word shown above the countdown.
    pub fn label(self) -> &'static str {
        match self {
            IntervalKind::Hold => "Hold",
            IntervalKind::Release => "Release",
            IntervalKind::Work => "Keep going",
        }
    }
}

/// A countdown step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// What to do during it.
    pub kind: IntervalKind,
    /// How long, in seconds.
    pub seconds: u32,
    /// Repetition number and count, for repeated holds.
    pub repetition: Option<(u8, u8)>,
}

/// Durations a person can choose; validated ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Durations {
    /// Repetitions of hold and release for stretch option a.
    pub reps: u8,
    /// Seconds per hold.
    pub hold_seconds: u32,
    /// Seconds of release between holds.
    pub release_seconds: u32,
    /// Seconds on the foam roller (option b).
    pub roller_seconds: u32,
    /// Seconds of strengthening work.
    pub strengthen_seconds: u32,
}

impl Default for Durations {
    fn default() -> Self {
        Self {
            reps: 5,
            hold_seconds: 30,
            release_seconds: 10,
            roller_seconds: 120,
            strengthen_seconds: 180,
        }
    }
}

impl Durations {
    /// The most holds stretch a takes.
    pub const MAX_REPS: u8 = 20;

    /// Checks every duration; each must be at least one second and at most a sensible maximum.
    pub fn new(
        reps: u8,
        hold_seconds: u32,
        release_seconds: u32,
        roller_seconds: u32,
        strengthen_seconds: u32,
    ) -> Result<Self, InputError> {
        Self::check_each(
            reps,
            hold_seconds,
            release_seconds,
            roller_seconds,
            strengthen_seconds,
        )
        .map_err(|mut problems| problems.remove(0).1)
    }

    /// Checks every duration at once, for forms that show each problem beside its field:
    /// every problem with its field's name (`reps`, `hold_seconds`, `release_seconds`,
    /// `roller_seconds`, `strengthen_seconds`), in that order.
    pub fn check_each(
        reps: u8,
        hold_seconds: u32,
        release_seconds: u32,
        roller_seconds: u32,
        strengthen_seconds: u32,
    ) -> Result<Self, Vec<(&'static str, InputError)>> {
        let mut problems = Vec::new();
        let mut check = |field: &'static str, what: &'static str, value: u32, max: u32, unit| {
            if !(1..=max).contains(&value) {
                let error = InputError::out_of_range(what, 1.0, f64::from(max), unit, value);
                problems.push((field, error));
            }
        };
        check(
            "reps",
            "repetitions",
            u32::from(reps),
            u32::from(Self::MAX_REPS),
            "",
        );
        check("hold_seconds", "hold time", hold_seconds, 300, " s");
        check(
            "release_seconds",
            "release time",
            release_seconds,
            120,
            " s",
        );
        check(
            "roller_seconds",
            "foam roller time",
            roller_seconds,
            900,
            " s",
        );
        check(
            "strengthen_seconds",
            "strengthening time",
            strengthen_seconds,
            900,
            " s",
        );
        if problems.is_empty() {
            Ok(Self {
                reps,
                hold_seconds,
                release_seconds,
                roller_seconds,
                strengthen_seconds,
            })
        } else {
            Err(problems)
        }
    }

    /// The countdown for an exercise.
    pub fn timer(&self, exercise: &Exercise) -> Vec<Interval> {
        match exercise {
            Exercise::Stretch {
                option: StretchOption::EdgeOfBed,
                ..
            } => {
                let mut intervals = Vec::new();
                for rep in 1..=self.reps {
                    intervals.push(Interval {
                        kind: IntervalKind::Hold,
                        seconds: self.hold_seconds,
                        repetition: Some((rep, self.reps)),
                    });
                    if rep < self.reps {
                        intervals.push(Interval {
                            kind: IntervalKind::Release,
                            seconds: self.release_seconds,
                            repetition: Some((rep, self.reps)),
                        });
                    }
                }
                intervals
            }
            Exercise::Stretch {
                option: StretchOption::FoamRoller,
                ..
            } => vec![Interval {
                kind: IntervalKind::Hold,
                seconds: self.roller_seconds,
                repetition: None,
            }],
            Exercise::Strengthen { .. } => vec![Interval {
                kind: IntervalKind::Work,
                seconds: self.strengthen_seconds,
                repetition: None,
            }],
        }
    }
}

/// Seconds as a timer shows them, minutes and seconds: "3:05", "0:30", "12:00".
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Total seconds of a countdown.
pub fn total_seconds(intervals: &[Interval]) -> u32 {
    intervals.iter().map(|i| i.seconds).sum()
}

/// One step of the plan: an exercise to do, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PlanStep {
    /// Do this exercise.
    Do {
        /// The exercise.
        exercise: Exercise,
        /// Its countdown.
        timer: Vec<Interval>,
        /// What each person does.
        instructions: Instructions,
    },
    /// No exercise, and why.
    NotNeeded {
        /// The reason, in words.
        reason: String,
    },
}

impl PlanStep {
    fn exercise(exercise: Exercise, durations: &Durations) -> Self {
        PlanStep::Do {
            timer: durations.timer(&exercise),
            instructions: exercise.instructions(),
            exercise,
        }
    }
}

/// Plans the stretch from the leg-raise verdict.
pub fn plan_stretch(verdict: &Verdict, option: StretchOption, durations: &Durations) -> PlanStep {
    match (&verdict.finding, verdict.side()) {
        (_, Some(side)) => PlanStep::exercise(Exercise::Stretch { option, side }, durations),
        (finding, None) => PlanStep::NotNeeded {
            reason: no_side_reason(finding, "tight", "stretch"),
        },
    }
}

/// Plans the strengthening from the strength verdict.
pub fn plan_strengthen(
    verdict: &Verdict,
    technique: StrengthenTechnique,
    durations: &Durations,
) -> PlanStep {
    match (&verdict.finding, verdict.side()) {
        (_, Some(weak_side)) => PlanStep::exercise(
            Exercise::Strengthen {
                technique,
                weak_side,
            },
            durations,
        ),
        (finding, None) => PlanStep::NotNeeded {
            reason: no_side_reason(finding, "weak", "strengthening"),
        },
    }
}

fn no_side_reason(finding: &Finding, word: &str, exercise: &str) -> String {
    match finding {
        Finding::NoClearDifference => format!(
            "No side is clearly {word}, so there is no one-sided {exercise} to do: the protocol \
             works on a difference between the sides, and this one is within measurement error."
        ),
        Finding::BothLimited { .. } => format!(
            "Both sides are limited and neither is clearly more {word}: a one-sided {exercise} \
             would not even them out. Consider asking a physiotherapist about the general \
             limitation."
        ),
        Finding::StoppedByPain { .. } => format!(
            "The test was stopped by pain, so no {exercise} is planned. Do not exercise into \
             pain; if it persists, see a clinician."
        ),
        Finding::Incomplete | Finding::Side { .. } => format!(
            "The test is incomplete, so no side can be chosen for the {exercise}; finish the \
             test first."
        ),
    }
}

impl fmt::Display for Exercise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_a_works_the_strong_side_and_b_the_weak_side() {
        let a = Exercise::Strengthen {
            technique: StrengthenTechnique::AbdomenStrongSide,
            weak_side: Side::Left,
        };
        assert_eq!(a.worked_side(), Side::Right);
        let b = Exercise::Strengthen {
            technique: StrengthenTechnique::GluteWeakSide,
            weak_side: Side::Left,
        };
        assert_eq!(b.worked_side(), Side::Left);
        assert!(a.instructions().helper.contains("right"));
        assert!(b.instructions().helper.contains("left"));
    }

    #[test]
    fn default_edge_of_bed_timer_is_five_holds_with_releases_between() {
        let d = Durations::default();
        let t = d.timer(&Exercise::Stretch {
            option: StretchOption::EdgeOfBed,
            side: Side::Left,
        });
        assert_eq!(t.iter().filter(|i| i.kind == IntervalKind::Hold).count(), 5);
        assert_eq!(
            t.iter().filter(|i| i.kind == IntervalKind::Release).count(),
            4
        );
        assert_eq!(total_seconds(&t), 5 * 30 + 4 * 10);
        let roller = d.timer(&Exercise::Stretch {
            option: StretchOption::FoamRoller,
            side: Side::Left,
        });
        assert_eq!(total_seconds(&roller), 120);
    }

    #[test]
    fn durations_outside_their_ranges_are_refused() {
        assert!(Durations::new(0, 30, 10, 120, 180).is_err());
        assert!(Durations::new(5, 0, 10, 120, 180).is_err());
        assert!(Durations::new(5, 30, 10, 120, 901).is_err());
        assert!(Durations::new(1, 1, 1, 1, 1).is_ok());
    }

    #[test]
    fn every_duration_out_of_range_is_named_at_once() {
        let problems = Durations::check_each(0, 30, 121, 120, 901).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(field, _)| *field).collect();
        assert_eq!(fields, ["reps", "release_seconds", "strengthen_seconds"]);
        assert_eq!(
            problems[1].1.to_string(),
            "release time must be between 1 and 120 s, got 121"
        );
        assert!(Durations::check_each(20, 300, 120, 900, 900).is_ok());
    }
}
