//! The full-fidelity JSON archive: every profile and session with everything recorded in
//! it, including the raw series of phone-inclinometer trials and camera trials' markers, in the shapes of docs/json.md.
//! `psoas import` reads it back exactly (see [`crate::read_archive`]).
//!
//! ```text
//! {"format": "psoas-archive", "version": 1, "exported_at": "...", "generator": "psoas 0.1.0",
//!  "profiles": [Profile, ...],
//!  "sessions": [
//!   {"session": Session, "screening": Screening|null, "symptoms": Symptoms|null,
//!    "pain_after": PainAfter|null,
//!    "measurements": [Measurement, ...], "exercises": [ExerciseRecord, ...],
//!    "lift_series": [{"measurement_id": "uuid", "zero": [...], "samples": [...]}],
//!    "camera_markers": [{"measurement_id": "uuid", "rest": {...}, "lift": {...}}],
//!    "camera_photos": [{"measurement_id": "uuid", "picture": "rest", "media_type":
//!                       "image/jpeg", "data": "base64..."}]},   (only --with-photos)
//!   ...]}
//! ```
//!
//! Sessions come one per line, oldest first, so the file streams out and diffs well.

use base64::Engine;
use jiff::Timestamp;
use psoas_core::camera::CameraEvidence;
use psoas_core::inclinometer::OrientationSample;
use psoas_core::{
    ExerciseRecord, Measurement, MeasurementId, PainAfter, Profile, Screening, Session, Symptoms,
};
use psoas_store::FullSession;
use serde::Serialize;

use crate::Encoder;

/// The value of the archive's `format` field.
pub const FORMAT_NAME: &str = "psoas-archive";

/// The archive version this build writes and reads.
pub const VERSION: u32 = 1;

/// One session as the archive writes it.
#[derive(Serialize)]
struct SessionEntry<'a> {
    session: &'a Session,
    screening: &'a Option<Screening>,
    symptoms: &'a Option<Symptoms>,
    pain_after: &'a Option<PainAfter>,
    measurements: &'a [Measurement],
    exercises: &'a [ExerciseRecord],
    lift_series: Vec<SeriesEntry<'a>>,
    camera_markers: Vec<CameraEntry<'a>>,
    /// Only in an archive asked for with its photos.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    camera_photos: Vec<PhotoEntry>,
}

/// A camera trial's kept photo, named by the trial, the file in standard base64.
#[derive(Serialize)]
struct PhotoEntry {
    measurement_id: MeasurementId,
    picture: &'static str,
    media_type: &'static str,
    data: String,
}

/// A camera trial's markers, named by the trial.
#[derive(Serialize)]
struct CameraEntry<'a> {
    measurement_id: MeasurementId,
    #[serde(flatten)]
    evidence: &'a CameraEvidence,
}

/// A trial's recorded series, named by the trial.
#[derive(Serialize)]
struct SeriesEntry<'a> {
    measurement_id: MeasurementId,
    zero: &'a [OrientationSample],
    samples: &'a [OrientationSample],
}

#[derive(Serialize)]
struct Head<'a> {
    format: &'static str,
    version: u32,
    exported_at: Timestamp,
    generator: String,
    profiles: &'a [Profile],
}

/// Writes the archive a session at a time.
pub(crate) struct ArchiveEncoder {
    exported_at: Timestamp,
    first: bool,
}

impl ArchiveEncoder {
    pub(crate) fn new(exported_at: Timestamp) -> Self {
        Self {
            exported_at,
            first: true,
        }
    }
}

fn json(value: &impl Serialize, out: &mut Vec<u8>) {
    // Our own types into memory: serialising cannot fail (no maps with non-string keys).
    serde_json::to_writer(out, value).expect("archive values serialise");
}

impl Encoder for ArchiveEncoder {
    fn begin(&mut self, profiles: &[Profile], out: &mut Vec<u8>) {
        let head = Head {
            format: FORMAT_NAME,
            version: VERSION,
            exported_at: self.exported_at,
            generator: format!("psoas {}", env!("CARGO_PKG_VERSION")),
            profiles,
        };
        json(&head, out);
        // Reopen the object to append the streamed sessions after the profiles.
        out.pop();
        out.extend_from_slice(b",\"sessions\":[");
    }

    fn session(&mut self, _profile: &Profile, full: &FullSession, out: &mut Vec<u8>) {
        let record = &full.record;
        let entry = SessionEntry {
            session: &record.session,
            screening: &record.screening,
            symptoms: &record.symptoms,
            pain_after: &record.pain_after,
            measurements: &record.measurements,
            exercises: &record.exercises,
            lift_series: full
                .series
                .iter()
                .map(|(id, lift)| SeriesEntry {
                    measurement_id: *id,
                    zero: &lift.zero,
                    samples: &lift.samples,
                })
                .collect(),
            camera_markers: full
                .camera
                .iter()
                .map(|(id, evidence)| CameraEntry {
                    measurement_id: *id,
                    evidence,
                })
                .collect(),
            camera_photos: full
                .photos
                .iter()
                .map(|(id, photo)| PhotoEntry {
                    measurement_id: *id,
                    picture: photo.picture.as_str(),
                    media_type: photo.media_type.as_str(),
                    data: base64::engine::general_purpose::STANDARD.encode(&photo.bytes),
                })
                .collect(),
        };
        out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        json(&entry, out);
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\n]}\n");
    }
}
