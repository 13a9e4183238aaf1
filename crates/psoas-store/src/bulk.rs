//! The shapes of bulk reads and writes: sessions read page by page for exports, and the
//! counts an import reports.

use jiff::Timestamp;
use psoas_core::camera::{CameraEvidence, KeptPhoto};
use psoas_core::inclinometer::RecordedLift;
use psoas_core::{MeasurementId, SessionId, SessionRecord};
use serde::Serialize;

/// Where the next page of a streaming read starts: just after this session in
/// `(started_at, id)` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCursor {
    /// When the last session read started.
    pub started_at: Timestamp,
    /// Its id, which orders sessions that started at the same microsecond.
    pub id: SessionId,
}

/// A session with everything recorded in it, the orientation series its phone-inclinometer
/// trials were measured from and the markers of its camera trials: all a store holds about
/// the session.
#[derive(Debug, Clone, PartialEq)]
pub struct FullSession {
    /// The session and what was recorded in it.
    pub record: SessionRecord,
    /// The recorded series, by trial, in the order of the trials.
    pub series: Vec<(MeasurementId, RecordedLift)>,
    /// The camera trials' markers, by trial, in the order of the trials.
    pub camera: Vec<(MeasurementId, CameraEvidence)>,
    /// The camera trials' kept photos, by trial: read only for an archive asked for with its
    /// photos ([`crate::Store::sessions_photos`]), and imported only where the profile keeps
    /// photos.
    pub photos: Vec<(MeasurementId, KeptPhoto)>,
}

impl FullSession {
    /// Where the page after this session starts.
    pub fn cursor(&self) -> SessionCursor {
        SessionCursor {
            started_at: self.record.session.started_at,
            id: self.record.session.id,
        }
    }
}

/// What an import added, and what it found already stored and kept as it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Profiles added.
    pub profiles_added: u64,
    /// Profiles already stored.
    pub profiles_kept: u64,
    /// Sessions added.
    pub sessions_added: u64,
    /// Sessions already stored (their missing parts, if any, were added).
    pub sessions_kept: u64,
    /// Trials added.
    pub measurements_added: u64,
    /// Exercise records added.
    pub exercises_added: u64,
}

impl ImportCounts {
    /// Whether the import changed nothing.
    pub fn added_nothing(&self) -> bool {
        self.profiles_added == 0
            && self.sessions_added == 0
            && self.measurements_added == 0
            && self.exercises_added == 0
    }
}
