//! The domain's named values as the API writes them, with OpenAPI schemas: each mirrors a
//! core enum one to one (the core crate stays free of utoipa), and converts both ways.
//! A variant added to the core enum stops the build here until the mirror has it too.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The core enums, under one name so the mirrors can share theirs.
mod domain {
    pub use psoas_core::plan::IntervalKind;
    pub use psoas_core::retest::ChangeOutcome;
    pub use psoas_core::units::{ForceUnit, HoldResult};
    pub use psoas_core::verdict::{Confidence, Quantity};
    pub use psoas_core::{
        ExerciseOutcome, ExerciseStep, InvitationKind, Method, Phase, RedFlag, SessionStatus, Sex,
        Side, StrengthenTechnique, StretchOption, Test, VoidReason,
    };
}

macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl From<$name> for domain::$name {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => domain::$name::$variant),+
                }
            }
        }

        impl From<domain::$name> for $name {
            fn from(value: domain::$name) -> Self {
                match value {
                    $(domain::$name::$variant => $name::$variant),+
                }
            }
        }
    };
}

mirror!(
    /// A side of the body, as the subject sees it.
    Side {
        /// The subject's left.
        Left,
        /// The subject's right.
        Right,
    }
);

mirror!(
    /// The two tests: `leg_raise` finds the tight side, `strength` the weak side.
    Test {
        /// Face down, straight leg lifted.
        LegRaise,
        /// Face up, knee held against the helper's push.
        Strength,
    }
);

mirror!(
    /// When in the session a trial was taken: `baseline` before any exercise,
    /// `after_stretch`, or `after_strengthening`.
    Phase {
        /// Before any exercise.
        Baseline,
        /// After the stretch.
        AfterStretch,
        /// After the strengthening.
        AfterStrengthening,
    }
);

mirror!(
    /// How a trial was measured. Leg raise: `eyeballed`, `goniometer`, `inclinometer`,
    /// `phone_inclinometer` (the web app's sensor page), `camera_markers` (photos of printed
    /// markers; never typed in), `tape_measure` (heel height in cm). Strength: `helpers_feel`
    /// (grade 0-5 or held / gave way), `dynamometer` (force in N, kgf or lbf).
    Method {
        /// Judged by eye.
        Eyeballed,
        /// A goniometer.
        Goniometer,
        /// An inclinometer or phone app.
        Inclinometer,
        /// This phone's motion sensors through the web app's inclinometer page.
        PhoneInclinometer,
        /// A camera's rest and lift photos of three printed markers.
        CameraMarkers,
        /// A tape measure from table to heel.
        TapeMeasure,
        /// A dynamometer or scale.
        Dynamometer,
        /// The helper's feel.
        HelpersFeel,
    }
);

mirror!(
    /// Why a trial was struck out.
    VoidReason {
        /// The value was typed wrongly (a misplaced decimal, the other side's value).
        Typo,
        /// The leg or knee was not held at the top long enough to read it.
        NotHeldAtTop,
        /// The pelvis lifted off the table, so the angle overstates the hip's range.
        PelvisLifted,
        /// Another reason, said in `note`.
        Other,
    }
);

mirror!(
    /// Sex, which shifts range-of-motion norms.
    Sex {
        /// Female.
        Female,
        /// Male.
        Male,
        /// Another answer, or none given.
        Other,
    }
);

mirror!(
    /// A red-flag screening question answered "yes"; any one stops the session before testing.
    RedFlag {
        /// Numbness, tingling or weakness spreading down a leg.
        SpreadingLegSymptoms,
        /// Bladder or bowel changes, or saddle numbness.
        BladderBowelOrSaddle,
        /// Fever, or weight loss without trying.
        FeverOrWeightLoss,
        /// A recent fall, or recent surgery on hip, spine or abdomen.
        RecentFallOrSurgery,
        /// Pregnancy.
        Pregnancy,
        /// Severe pain at rest or at night, or pain getting worse.
        SevereRestPain,
    }
);

mirror!(
    /// Where a session stands.
    SessionStatus {
        /// Started, not finished: it can go on.
        Unfinished,
        /// Completed.
        Finished,
        /// A red flag stopped it before any test.
        StoppedAtScreening,
    }
);

mirror!(
    /// Which exercise slot of the protocol: the `stretch` after the leg-raise test, or the
    /// `strengthen` step after the strength test.
    ExerciseStep {
        /// The stretch.
        Stretch,
        /// The strengthening.
        Strengthen,
    }
);

mirror!(
    /// How an exercise step ended: `completed` (the whole timer), `stopped` (cut short),
    /// `skipped` (chosen not to), or `not_needed` (the verdict named no side).
    ExerciseOutcome {
        /// Done to the end.
        Completed,
        /// Stopped early.
        Stopped,
        /// Not done by choice.
        Skipped,
        /// No side to work on.
        NotNeeded,
    }
);

mirror!(
    /// The two stretches: a, `edge_of_bed` (hold and release); b, `foam_roller` (one long hold).
    StretchOption {
        /// Option a.
        EdgeOfBed,
        /// Option b.
        FoamRoller,
    }
);

mirror!(
    /// The two strengthening techniques: a, `abdomen_strong_side`; b, `glute_weak_side`.
    StrengthenTechnique {
        /// Technique a: the belly on the strong side.
        AbdomenStrongSide,
        /// Technique b: the buttock on the weak side.
        GluteWeakSide,
    }
);

mirror!(
    /// What a verdict's numbers measure: `degrees` (leg raise), `grade` (0-5), `newtons`
    /// (force), or `held_share` (share of trials held, 0-1).
    Quantity {
        /// Leg-raise angle.
        Degrees,
        /// Manual muscle test grade.
        Grade,
        /// Force.
        Newtons,
        /// Share of trials held.
        HeldShare,
    }
);

mirror!(
    /// How sure a verdict is: `clear` (a side is called, nothing against it), `likely` (a side
    /// is called despite a caveat: judged by eye, trials spreading widely, grades 4 against 5,
    /// one held / gave way trial per side) or `unclear` (no side can be called).
    Confidence {
        /// A side is called with nothing against it.
        Clear,
        /// A side is called, with a caveat.
        Likely,
        /// No side can be called.
        Unclear,
    }
);

mirror!(
    /// Whether a retest's change is `real` (at least the smallest change the method can
    /// detect with those trials) or `within_error`.
    ChangeOutcome {
        /// At least the detectable change.
        Real,
        /// Smaller than the detectable change: within measurement error.
        WithinError,
    }
);

mirror!(
    /// A stretch of a countdown: `hold`, `release` or `work`.
    IntervalKind {
        /// Hold the stretch.
        Hold,
        /// Release and rest.
        Release,
        /// Keep working.
        Work,
    }
);

mirror!(
    /// A make-or-break strength trial: the knee `held` or `gave_way`.
    HoldResult {
        /// It held.
        Held,
        /// It was pushed away.
        GaveWay,
    }
);

mirror!(
    /// The unit a force was read in.
    ForceUnit {
        /// Newtons.
        #[serde(rename = "N")]
        Newton,
        /// Kilograms-force.
        #[serde(rename = "kgf")]
        KilogramForce,
        /// Pounds-force.
        #[serde(rename = "lbf")]
        PoundForce,
    }
);

mirror!(
    /// What an invitation makes of whoever accepts it.
    InvitationKind {
        /// A member with their own profiles (made by the owner).
        Member,
        /// A practitioner, who invites and follows clients (made by the owner).
        Practitioner,
        /// A client linked to the practitioner who made it.
        Client,
    }
);

/// A stretch named for a plan: `a` or `edge_of_bed`, `b` or `foam_roller`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StretchChoice {
    /// Option a, the edge of the bed.
    #[default]
    #[serde(rename = "a")]
    A,
    /// Option b, the foam roller.
    #[serde(rename = "b")]
    B,
    /// The same as `a`.
    EdgeOfBed,
    /// The same as `b`.
    FoamRoller,
}

impl From<StretchChoice> for domain::StretchOption {
    fn from(choice: StretchChoice) -> Self {
        match choice {
            StretchChoice::A | StretchChoice::EdgeOfBed => domain::StretchOption::EdgeOfBed,
            StretchChoice::B | StretchChoice::FoamRoller => domain::StretchOption::FoamRoller,
        }
    }
}

/// A strengthening technique named for a plan: `a` or `abdomen_strong_side`, `b` or
/// `glute_weak_side`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TechniqueChoice {
    /// Technique a, the belly on the strong side.
    #[serde(rename = "a")]
    A,
    /// Technique b, the buttock on the weak side.
    #[default]
    #[serde(rename = "b")]
    B,
    /// The same as `a`.
    AbdomenStrongSide,
    /// The same as `b`.
    GluteWeakSide,
}

impl From<TechniqueChoice> for domain::StrengthenTechnique {
    fn from(choice: TechniqueChoice) -> Self {
        match choice {
            TechniqueChoice::A | TechniqueChoice::AbdomenStrongSide => {
                domain::StrengthenTechnique::AbdomenStrongSide
            }
            TechniqueChoice::B | TechniqueChoice::GluteWeakSide => {
                domain::StrengthenTechnique::GluteWeakSide
            }
        }
    }
}

/// The exercise done in a step: a stretch option for `stretch`, a technique for
/// `strengthen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseVariant {
    /// Stretch a.
    EdgeOfBed,
    /// Stretch b.
    FoamRoller,
    /// Strengthen a.
    AbdomenStrongSide,
    /// Strengthen b.
    GluteWeakSide,
}

/// The finding of a verdict, by name (history lines carry only the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// One side is clearly tight or weak.
    Side,
    /// The difference is within measurement error.
    NoClearDifference,
    /// Both sides are limited.
    BothLimited,
    /// Pain stopped the test.
    StoppedByPain,
    /// Not enough trials.
    Incomplete,
}

/// The unit of a verdict's difference between the sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceUnit {
    /// Leg-raise degrees.
    Degrees,
    /// Manual grades.
    Grades,
    /// Percent of the stronger side's force.
    Percent,
    /// Difference in the share of trials held.
    HeldShare,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_write_the_same_names_as_the_core() {
        for side in domain::Side::BOTH {
            assert_eq!(
                serde_json::to_value(Side::from(side)).unwrap(),
                serde_json::to_value(side).unwrap()
            );
        }
        for flag in domain::RedFlag::ALL {
            assert_eq!(
                serde_json::to_value(RedFlag::from(flag)).unwrap(),
                serde_json::to_value(flag).unwrap()
            );
        }
        for kind in [
            domain::InvitationKind::Member,
            domain::InvitationKind::Practitioner,
            domain::InvitationKind::Client,
        ] {
            assert_eq!(
                serde_json::to_value(InvitationKind::from(kind)).unwrap(),
                serde_json::to_value(kind.as_str()).unwrap()
            );
        }
        for method in domain::Method::ALL {
            assert_eq!(
                serde_json::to_value(Method::from(method)).unwrap(),
                serde_json::to_value(method).unwrap()
            );
        }
        for unit in [
            domain::ForceUnit::Newton,
            domain::ForceUnit::KilogramForce,
            domain::ForceUnit::PoundForce,
        ] {
            assert_eq!(
                serde_json::to_value(ForceUnit::from(unit)).unwrap(),
                serde_json::to_value(unit).unwrap()
            );
        }
    }
}
