//! What the verdict adds for camera trials: on which side the pelvis tipped with the leg, in
//! how many of the trials that count, so the helper knows the rises overstate the hip's own
//! extension and the next trials should hold the pelvis down.

use std::collections::HashMap;

use serde::Serialize;

use super::{CameraEvidence, CameraFinding, PELVIS_ADVICE_DEG};
use crate::{MeasurementId, Phase, SessionRecord, Side, Test};

/// One side's camera trials in which the pelvis tipped more than [`PELVIS_ADVICE_DEG`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PelvisTip {
    /// The side lifted.
    pub side: Side,
    /// Trials in which the pelvis tipped more than [`PELVIS_ADVICE_DEG`].
    pub tipped: usize,
    /// The side's camera trials that count in the phase.
    pub trials: usize,
    /// The most it tipped in one trial, in degrees.
    pub most_deg: f64,
}

impl PelvisTip {
    /// The guidance in one sentence, ending with what to do.
    pub fn advice(&self) -> String {
        let which = if self.tipped == self.trials {
            match self.trials {
                1 => "the camera trial".to_string(),
                2 => "both camera trials".to_string(),
                n => format!("all {n} camera trials"),
            }
        } else {
            format!("{} of {} camera trials", self.tipped, self.trials)
        };
        format!(
            "On the {} side the pelvis tipped with the leg in {which} (up to {:.1}°), so those \
             rises overstate the hip's own extension: keep the pelvis down on the table in the \
             next trials.",
            self.side, self.most_deg
        )
    }
}

/// What each stored camera trial of the record shows, worked out again from its markers. A
/// trial whose markers this build's analysis no longer accepts is left out.
pub fn findings_of(
    record: &SessionRecord,
    kept: &HashMap<MeasurementId, CameraEvidence>,
) -> HashMap<MeasurementId, CameraFinding> {
    record
        .measurements
        .iter()
        .filter_map(|m| {
            let found = kept.get(&m.id)?.analyse(m.side).ok()?;
            Some((m.id, found))
        })
        .collect()
}

/// Per side, the leg-raise trials of `phase` that count and were measured by the camera
/// (`findings`, by trial), when the pelvis tipped more than [`PELVIS_ADVICE_DEG`] in any.
pub fn pelvis_tips(
    record: &SessionRecord,
    phase: Phase,
    findings: &HashMap<MeasurementId, CameraFinding>,
) -> Vec<PelvisTip> {
    [Side::Left, Side::Right]
        .into_iter()
        .filter_map(|side| {
            let pelvis: Vec<f64> = record
                .measurements
                .iter()
                .filter(|m| m.test == Test::LegRaise && m.phase == phase && m.side == side)
                .filter(|m| m.counts())
                .filter_map(|m| findings.get(&m.id).map(|f| f.pelvis))
                .collect();
            let tipped = pelvis.iter().filter(|&&p| p > PELVIS_ADVICE_DEG).count();
            (tipped > 0).then(|| PelvisTip {
                side,
                tipped,
                trials: pelvis.len(),
                most_deg: pelvis.iter().copied().fold(f64::MIN, f64::max),
            })
        })
        .collect()
}
