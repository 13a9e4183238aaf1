//! The versioned rule set: every threshold and norm a verdict uses, with its source.
//!
//! Changing a number here changes verdicts, so it needs a new [`RuleSet::version`];
//! stored sessions keep the protocol version they were run under.

use serde::Serialize;

/// One number the verdicts depend on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Short identifier.
    pub name: &'static str,
    /// The value.
    pub value: f64,
    /// Its unit.
    pub unit: &'static str,
    /// What the rule decides.
    pub meaning: &'static str,
    /// Where the number comes from.
    pub source: &'static str,
}

/// All thresholds and norms, under one version.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RuleSet {
    /// Version label, stored with every session.
    pub version: &'static str,
    /// Below this many degrees a leg rises less than the typical adult range.
    pub leg_raise_normal_min: Rule,
    /// The smallest left-right difference in leg-raise angle that counts as a tight side.
    pub leg_raise_asymmetry: Rule,
    /// A weaker side's force below this share of the stronger side's counts as weak.
    pub force_symmetry: Rule,
    /// The smallest difference in manual grades that counts as a weak side.
    pub grade_step: Rule,
    /// At or below this grade a hip flexor cannot hold against the helper's push at all.
    pub strength_limited_grade: Rule,
}

/// The protocol version stored with sessions run under [`RULES`].
pub const PROTOCOL_VERSION: u32 = 1;

/// The rule set in force.
pub const RULES: RuleSet = RuleSet {
    version: "2026.1",
    leg_raise_normal_min: Rule {
        name: "leg_raise_normal_min",
        value: 10.0,
        unit: "degrees",
        meaning: "a leg that rises less than this is below the typical adult range of hip extension",
        source: "Typical adult hip extension 10-20 degrees: Norkin & White, Measurement of Joint \
                 Motion (2016); teaching texts give 10-30 degrees. The lower bound is used.",
    },
    leg_raise_asymmetry: Rule {
        name: "leg_raise_asymmetry",
        value: 5.0,
        unit: "degrees",
        meaning: "a left-right difference in the median leg-raise angle smaller than this is \
                  'no clear difference'",
        source: "Minimal detectable change MDC95 = 1.96 x sqrt(2) x SEM; with an inclinometer SEM \
                 of about 2 degrees (starting assumption, to confirm) MDC95 is about 5.5 degrees; \
                 medians of several trials lower the error, so 5 degrees is used.",
    },
    force_symmetry: Rule {
        name: "force_symmetry",
        value: 0.90,
        unit: "ratio weaker / stronger",
        meaning: "a side whose median force is below 90% of the other side's is the weak side",
        source: "Limb symmetry index >= 90% is the usual convention; 15 of 18 studies in a 2022 \
                 systematic review of inter-limb strength asymmetry (PMID 35321131) used a 10-15% \
                 threshold.",
    },
    grade_step: Rule {
        name: "grade_step",
        value: 1.0,
        unit: "grade (0-5)",
        meaning: "a side whose median manual grade is at least this much lower is the weak side",
        source: "Oxford / MRC manual muscle testing scale; one whole grade is the smallest step \
                 the scale records (Krause et al., J Sport Rehabil 2014;23:56-64 on reliability).",
    },
    strength_limited_grade: Rule {
        name: "strength_limited_grade",
        value: 3.0,
        unit: "grade (0-5)",
        meaning: "both sides at or below this grade (moves against gravity, not against \
                  resistance) are 'both sides limited'",
        source: "Oxford / MRC scale definition: grade 3 is full movement against gravity without \
                 added resistance.",
    },
};

impl RuleSet {
    /// Every rule, for listings.
    pub fn all(&self) -> [&Rule; 5] {
        [
            &self.leg_raise_normal_min,
            &self.leg_raise_asymmetry,
            &self.force_symmetry,
            &self.grade_step,
            &self.strength_limited_grade,
        ]
    }
}
