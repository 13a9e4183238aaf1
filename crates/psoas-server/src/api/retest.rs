//! The wire shape of a retest judged against measurement error (`comparisons[].change`).

use psoas_core as domain;
use serde::Serialize;
use utoipa::ToSchema;

use super::enums::{ChangeOutcome, Method, Quantity, Side};

/// One side's change from the first test to the retest.
#[derive(Debug, Serialize, ToSchema)]
pub struct SideChange {
    /// Which side.
    pub side: Side,
    /// The side's median before, in the verdicts' quantity.
    pub before: f64,
    /// Its median at the retest.
    pub after: f64,
    /// After minus before: degrees or grades; for forces, percent of the value before.
    pub change: f64,
    /// The smallest change the method detects with these trial counts (95%), in the same
    /// terms: 1.96 x SEM x sqrt(1/n_before + 1/n_after), at least one grade for grades.
    pub detectable: f64,
    /// Trials before.
    #[schema(minimum = 1)]
    pub trials_before: usize,
    /// Trials at the retest.
    #[schema(minimum = 1)]
    pub trials_after: usize,
    /// Real or within error.
    pub outcome: ChangeOutcome,
    /// The change for people: "+8°, real", "+1°, within error".
    pub text: String,
}

/// The change of the gap between the sides, left minus right.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapChange {
    /// Left minus right before: degrees or grades; for forces, percent of the stronger side.
    pub before: f64,
    /// Left minus right at the retest.
    pub after: f64,
    /// How much closer to even the sides are (negative: further apart), |before| - |after|.
    pub closer_by: f64,
    /// The smallest shift of the gap the method detects with these trials:
    /// 1.96 x SEM x sqrt(1/nL_before + 1/nR_before + 1/nL_after + 1/nR_after).
    pub detectable: f64,
    /// Whether the shift, |before - after|, is real or within error.
    pub outcome: ChangeOutcome,
}

/// Whether the exercises changed anything beyond what the method can detect.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetestChange {
    /// What was compared; null when the two tests compared different things.
    pub quantity: Option<Quantity>,
    /// The method whose error set the detectable changes: the less precise of both tests.
    pub method: Option<Method>,
    /// That method's SEM of one trial, in the changes' terms.
    pub method_error: Option<f64>,
    /// Left then right; empty when nothing could be judged.
    pub sides: Vec<SideChange>,
    /// The gap's change; null unless both sides were judged.
    pub gap: Option<GapChange>,
    /// True when a side or the gap changed beyond measurement error.
    pub any_real: bool,
    /// What was found, a sentence per side and one for the gap, with the numbers; or the
    /// one reason nothing could be judged.
    pub sentences: Vec<String>,
}

impl From<&domain::retest::RetestChange> for RetestChange {
    fn from(c: &domain::retest::RetestChange) -> Self {
        Self {
            quantity: c.quantity.map(Into::into),
            method: c.method.map(Into::into),
            method_error: c.method_error,
            sides: c
                .sides
                .iter()
                .map(|s| SideChange {
                    side: s.side.into(),
                    before: s.before,
                    after: s.after,
                    change: s.change,
                    detectable: s.detectable,
                    trials_before: s.trials.0,
                    trials_after: s.trials.1,
                    outcome: s.outcome.into(),
                    text: c.side_text(s.side),
                })
                .collect(),
            gap: c.gap.as_ref().map(|g| GapChange {
                before: g.before,
                after: g.after,
                closer_by: g.closer_by,
                detectable: g.detectable,
                outcome: g.outcome.into(),
            }),
            any_real: c.any_real(),
            sentences: c.sentences.clone(),
        }
    }
}
