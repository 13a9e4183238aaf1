//! Reading an archive back: every problem in the file is found and reported with where it
//! is (a JSON pointer, RFC 6901, or the line and column of a syntax error) before anything
//! is stored. Values go through the core's own constructors, so an archive cannot bring in
//! what the terminal or the web app would have refused.

use base64::Engine;
use jiff::Timestamp;
use psoas_core::camera::{
    CameraEvidence, EvidenceShape, KeptPhoto, MarkerFrame, PhoneTilt, PhotoType, Picture,
    TimedFrame,
};
use psoas_core::inclinometer::{OrientationSample, RecordedLift};
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::Exercise;
use psoas_core::rules::rules_version_of_protocol;
use psoas_core::session::MAX_TRIALS_PER_SIDE;
use psoas_core::units::{BodyHeight, Force, LegBasis, LegLength};
use psoas_core::{
    AccountId, BirthYear, DisplayName, ExerciseId, ExerciseOutcome, ExerciseRecord, ExerciseStep,
    InputError, MeasurementId, Pain, PainAfter, Profile, ProfileId, RedFlag, Screening, Session,
    SessionId, SessionRecord, SessionStatus, Sex, Side, Symptoms, TrialVoid, VoidReason,
};
use psoas_store::FullSession;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use crate::archive::{FORMAT_NAME, VERSION};

/// One thing wrong in an archive, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the document, as a JSON pointer (`/sessions/3/measurements/0/trial`); empty
    /// for the whole document.
    pub pointer: String,
    /// For a file that is not JSON at all: the line and column (from 1) of the error.
    pub line_column: Option<(usize, usize)>,
    /// What is wrong and what would be accepted.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line_column, self.pointer.as_str()) {
            (Some((line, column)), _) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (None, "") => f.write_str(&self.message),
            (None, pointer) => write!(f, "{pointer}: {}", self.message),
        }
    }
}

/// An archive that passed every check, ready for [`psoas_store::Store::import`].
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    /// Its profiles.
    pub profiles: Vec<Profile>,
    /// Its sessions, with their trials' recorded series.
    pub sessions: Vec<FullSession>,
}

/// The most problems listed: past this, a file is not an archive with a few mistakes.
pub const MAX_PROBLEMS: usize = 100;

/// Reads and checks a whole archive; on failure, every problem found (up to
/// [`MAX_PROBLEMS`]), in document order.
pub fn read_archive(bytes: &[u8]) -> Result<Archive, Vec<Problem>> {
    let document: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![Problem {
            pointer: String::new(),
            line_column: Some((e.line(), e.column())),
            message: format!("not valid JSON: {e}"),
        }]
    })?;
    let mut checker = Checker::default();
    let archive = checker.archive(&document);
    let mut problems = checker.problems;
    if problems.is_empty()
        && let Some(archive) = archive
    {
        return Ok(archive);
    }
    problems.truncate(MAX_PROBLEMS);
    Err(problems)
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

/// An object being read field by field; fields never asked for are reported as unknown.
struct Fields<'v> {
    map: &'v Map<String, Value>,
    at: String,
    asked: Vec<&'static str>,
}

impl Checker {
    fn problem(&mut self, at: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            pointer: at.to_string(),
            line_column: None,
            message: message.into(),
        });
    }

    fn object<'v>(&mut self, value: &'v Value, at: &str, what: &str) -> Option<Fields<'v>> {
        match value {
            Value::Object(map) => Some(Fields {
                map,
                at: at.to_string(),
                asked: Vec::new(),
            }),
            _ => {
                self.problem(at, format!("expected {what} (a JSON object)"));
                None
            }
        }
    }

    fn array<'v>(&mut self, fields: &mut Fields<'v>, key: &'static str) -> Option<&'v [Value]> {
        fields.asked.push(key);
        let at = format!("{}/{key}", fields.at);
        match fields.map.get(key) {
            Some(Value::Array(items)) => Some(items),
            Some(_) => {
                self.problem(&at, "expected an array");
                None
            }
            None => {
                self.problem(&at, format!("'{key}' is missing"));
                None
            }
        }
    }

    /// A required field, read as `T` (whose own checks apply).
    fn required<T: DeserializeOwned>(
        &mut self,
        fields: &mut Fields<'_>,
        key: &'static str,
    ) -> Option<T> {
        fields.asked.push(key);
        let at = format!("{}/{key}", fields.at);
        match fields.map.get(key) {
            None => {
                self.problem(&at, format!("'{key}' is missing"));
                None
            }
            Some(value) => self.value(value, &at),
        }
    }

    /// An optional field: absent or `null` is `Some(None)`; a bad value is `None`.
    fn optional<T: DeserializeOwned>(
        &mut self,
        fields: &mut Fields<'_>,
        key: &'static str,
    ) -> Option<Option<T>> {
        fields.asked.push(key);
        let at = format!("{}/{key}", fields.at);
        match fields.map.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(value) => self.value(value, &at).map(Some),
        }
    }

    fn value<T: DeserializeOwned>(&mut self, value: &Value, at: &str) -> Option<T> {
        match T::deserialize(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(at, e.to_string());
                None
            }
        }
    }

    fn done(&mut self, fields: Fields<'_>) {
        for key in fields.map.keys() {
            if !fields.asked.contains(&key.as_str()) {
                self.problem(
                    &format!("{}/{}", fields.at, escape(key)),
                    format!("unknown field '{key}'; the archive format has no such field"),
                );
            }
        }
    }

    fn input(&mut self, at: &str, result: Result<(), InputError>) {
        if let Err(e) = result {
            self.problem(at, e.to_string());
        }
    }

    fn archive(&mut self, document: &Value) -> Option<Archive> {
        let mut root = self.object(document, "", "a psoas archive")?;
        let format: Option<String> = self.required(&mut root, "format");
        if format.as_deref().is_some_and(|f| f != FORMAT_NAME) {
            self.problem(
                "/format",
                format!("expected \"{FORMAT_NAME}\": this is not a psoas archive"),
            );
        }
        let version: Option<u32> = self.required(&mut root, "version");
        if let Some(v) = version.filter(|v| *v != VERSION) {
            let hint = if v > VERSION {
                "it was written by a newer psoas; upgrade psoas to import it"
            } else {
                "no such archive version"
            };
            self.problem("/version", format!("archive version {v}: {hint}"));
        }
        let _: Option<Timestamp> = self.required(&mut root, "exported_at");
        let _: Option<Option<String>> = self.optional(&mut root, "generator");
        let mut profiles = Vec::new();
        let mut ids = Ids::default();
        if let Some(items) = self.array(&mut root, "profiles") {
            for (i, item) in items.iter().enumerate() {
                if let Some(p) = self.profile(item, &format!("/profiles/{i}"), &mut ids) {
                    profiles.push(p);
                }
            }
        }
        let mut sessions = Vec::new();
        if let Some(items) = self.array(&mut root, "sessions") {
            for (i, item) in items.iter().enumerate() {
                if let Some(s) = self.session(item, &format!("/sessions/{i}"), &mut ids) {
                    sessions.push(s);
                }
            }
        }
        self.done(root);
        Some(Archive { profiles, sessions })
    }

    fn profile(&mut self, value: &Value, at: &str, ids: &mut Ids) -> Option<Profile> {
        let mut f = self.object(value, at, "a profile")?;
        let id: Option<ProfileId> = self.required(&mut f, "id");
        let name: Option<DisplayName> = self.required(&mut f, "name");
        let birth_year: Option<Option<BirthYear>> = self.optional(&mut f, "birth_year");
        let sex: Option<Option<Sex>> = self.optional(&mut f, "sex");
        let leg: Option<Option<LegLength>> = self.optional(&mut f, "leg_length_cm");
        let height: Option<Option<BodyHeight>> = self.optional(&mut f, "body_height_cm");
        let keep_photos: Option<Option<bool>> = self.optional(&mut f, "keep_photos");
        self.done(f);
        let id = id?;
        if !ids.profiles.insert(id) {
            self.problem(&format!("{at}/id"), "a second profile with the same id");
        }
        if let Some(name) = &name
            && !ids.names.insert(name.as_str().to_lowercase())
        {
            self.problem(&format!("{at}/name"), "a second profile with the same name");
        }
        Some(Profile {
            id,
            name: name?,
            birth_year: birth_year?,
            sex: sex?,
            leg_length_cm: leg?,
            body_height_cm: height?,
            keep_photos: keep_photos?.unwrap_or(false),
        })
    }

    fn session(&mut self, value: &Value, at: &str, ids: &mut Ids) -> Option<FullSession> {
        let mut f = self.object(value, at, "a session")?;
        let session = match f.map.get("session") {
            Some(v) => self.session_row(v, &format!("{at}/session"), ids),
            None => {
                self.problem(&format!("{at}/session"), "'session' is missing");
                None
            }
        };
        f.asked.push("session");
        let screening = self.screening(&mut f, at);
        let symptoms = self.symptoms(&mut f, at);
        let pain_after = self.pain_after(&mut f, at);
        let mut measurements = Vec::new();
        if let Some(items) = self.array(&mut f, "measurements") {
            let mut slots = HashSet::new();
            for (i, item) in items.iter().enumerate() {
                let here = format!("{at}/measurements/{i}");
                if let Some(m) = self.measurement(item, &here, ids) {
                    if !slots.insert((m.phase, m.test, m.side, m.trial)) {
                        self.problem(
                            &format!("{here}/trial"),
                            format!(
                                "trial {} of the {} on the {} side ({}) appears twice",
                                m.trial,
                                m.test.title(),
                                m.side,
                                m.phase.title()
                            ),
                        );
                    }
                    measurements.push(m);
                }
            }
        }
        let mut exercises = Vec::new();
        if let Some(items) = self.array(&mut f, "exercises") {
            for (i, item) in items.iter().enumerate() {
                if let Some(e) = self.exercise(item, &format!("{at}/exercises/{i}"), ids) {
                    exercises.push(e);
                }
            }
        }
        let mut series = Vec::new();
        if let Some(items) = self.array(&mut f, "lift_series") {
            series = self.kept_by_trial(
                items,
                &format!("{at}/lift_series"),
                (&measurements, Method::PhoneInclinometer),
                "only phone-inclinometer trials have a recorded series",
                Self::series,
            );
        }
        // Archives written before the camera have no camera_markers at all.
        let mut camera = Vec::new();
        if f.map.contains_key("camera_markers")
            && let Some(items) = self.array(&mut f, "camera_markers")
        {
            camera = self.kept_by_trial(
                items,
                &format!("{at}/camera_markers"),
                (&measurements, Method::CameraMarkers),
                "only camera trials have markers",
                Self::camera,
            );
        }
        // Only in an archive written with its photos.
        let mut photos = Vec::new();
        if f.map.contains_key("camera_photos")
            && let Some(items) = self.array(&mut f, "camera_photos")
        {
            let with_markers: HashSet<MeasurementId> = camera.iter().map(|(id, _)| *id).collect();
            let mut seen = HashSet::new();
            for (i, item) in items.iter().enumerate() {
                let here = format!("{at}/camera_photos/{i}");
                let Some((id, photo)) = self.photo(item, &here) else {
                    continue;
                };
                if !with_markers.contains(&id) {
                    self.problem(
                        &format!("{here}/measurement_id"),
                        "no camera trial of this session with its markers has this id",
                    );
                } else if !seen.insert((id, photo.picture)) {
                    self.problem(&here, "a second photo of the same kind for the same trial");
                } else {
                    photos.push((id, photo));
                }
            }
        }
        self.done(f);
        let session = session?;
        let screening = screening?;
        if let Some(s) = &screening {
            let stopped = session.status == SessionStatus::StoppedAtScreening;
            if s.is_clear() == stopped {
                self.problem(
                    &format!("{at}/session/status"),
                    "a session is stopped_at_screening exactly when its screening has a red flag",
                );
            }
        }
        // Series in the order of their trials, as the store gives them back.
        let order: HashMap<MeasurementId, usize> = measurements
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, i))
            .collect();
        series.sort_by_key(|(id, _)| order.get(id).copied());
        camera.sort_by_key(|(id, _)| order.get(id).copied());
        Some(FullSession {
            record: SessionRecord {
                session,
                screening,
                symptoms: symptoms?,
                pain_after: pain_after?,
                measurements,
                exercises,
            },
            series,
            camera,
            photos,
        })
    }

    /// What an array keeps per trial (`read` turns one item into its trial's id and value),
    /// each naming a trial of this session measured by `method`, at most once a trial.
    fn kept_by_trial<K>(
        &mut self,
        items: &[Value],
        at: &str,
        (measurements, method): (&[Measurement], Method),
        only: &str,
        read: impl Fn(&mut Self, &Value, &str) -> Option<(MeasurementId, K)>,
    ) -> Vec<(MeasurementId, K)> {
        let methods: HashMap<MeasurementId, Method> =
            measurements.iter().map(|m| (m.id, m.method)).collect();
        let mut seen = HashSet::new();
        let mut kept = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let here = format!("{at}/{i}");
            let Some((id, value)) = read(self, item, &here) else {
                continue;
            };
            match methods.get(&id) {
                Some(&m) if m == method && seen.insert(id) => kept.push((id, value)),
                Some(&m) if m == method => self.problem(&here, "a second entry for the same trial"),
                Some(_) => self.problem(&format!("{here}/measurement_id"), only),
                None => self.problem(
                    &format!("{here}/measurement_id"),
                    "no trial of this session has this id",
                ),
            }
        }
        kept
    }

    fn session_row(&mut self, value: &Value, at: &str, ids: &mut Ids) -> Option<Session> {
        let mut f = self.object(value, at, "a session")?;
        let id: Option<SessionId> = self.required(&mut f, "id");
        let profile_id: Option<ProfileId> = self.required(&mut f, "profile_id");
        let started_at: Option<Timestamp> = self.required(&mut f, "started_at");
        let ended_at: Option<Option<Timestamp>> = self.optional(&mut f, "ended_at");
        let status: Option<SessionStatus> = self.required(&mut f, "status");
        let protocol_version: Option<u32> = self.required(&mut f, "protocol_version");
        let trials_per_side: Option<u16> = self.required(&mut f, "trials_per_side");
        self.done(f);
        if let Some(id) = id
            && !ids.sessions.insert(id)
        {
            self.problem(&format!("{at}/id"), "a second session with the same id");
        }
        if let Some(p) = profile_id
            && !ids.profiles.contains(&p)
        {
            self.problem(
                &format!("{at}/profile_id"),
                "no profile in the archive has this id; every session's profile must be in \
                 the archive's profiles",
            );
        }
        if let Some(v) = protocol_version
            && rules_version_of_protocol(v).is_none()
        {
            self.problem(
                &format!("{at}/protocol_version"),
                format!("protocol version {v} is unknown to this psoas"),
            );
        }
        if let Some(n) = trials_per_side
            && !(1..=MAX_TRIALS_PER_SIDE).contains(&n)
        {
            self.problem(
                &format!("{at}/trials_per_side"),
                format!("must be between 1 and {MAX_TRIALS_PER_SIDE} (got {n})"),
            );
        }
        if let (Some(status), Some(ended)) = (status, ended_at) {
            if (status == SessionStatus::Unfinished) != ended.is_none() {
                self.problem(
                    &format!("{at}/ended_at"),
                    "an unfinished session has no end time, and a finished or stopped one has",
                );
            }
            if let (Some(start), Some(end)) = (started_at, ended)
                && end < start
            {
                self.problem(&format!("{at}/ended_at"), "ends before it starts");
            }
        }
        Some(Session {
            id: id?,
            profile_id: profile_id?,
            started_at: started_at?,
            ended_at: ended_at?,
            status: status?,
            protocol_version: protocol_version?,
            trials_per_side: trials_per_side?,
        })
    }

    fn screening(&mut self, f: &mut Fields<'_>, at: &str) -> Option<Option<Screening>> {
        f.asked.push("screening");
        let at = format!("{at}/screening");
        let value = match f.map.get("screening") {
            None | Some(Value::Null) => return Some(None),
            Some(v) => v,
        };
        let mut s = self.object(value, &at, "the screening answers")?;
        let flags: Option<BTreeSet<RedFlag>> = self.required(&mut s, "flags");
        let answered_at: Option<Timestamp> = self.required(&mut s, "answered_at");
        self.done(s);
        Some(Some(Screening::new(flags?, answered_at?)))
    }

    fn symptoms(&mut self, f: &mut Fields<'_>, at: &str) -> Option<Option<Symptoms>> {
        f.asked.push("symptoms");
        let at = format!("{at}/symptoms");
        let value = match f.map.get("symptoms") {
            None | Some(Value::Null) => return Some(None),
            Some(v) => v,
        };
        let mut s = self.object(value, &at, "the symptoms")?;
        let back: Option<Pain> = self.required(&mut s, "back_pain");
        let pelvic: Option<Pain> = self.required(&mut s, "pelvic_pain");
        let sitting: Option<f64> = self.required(&mut s, "sitting_hours_per_day");
        let situps: Option<u16> = self.required(&mut s, "situps_per_week");
        let extension: Option<Option<bool>> = self.optional(&mut s, "extension_after_situps");
        let recorded_at: Option<Timestamp> = self.required(&mut s, "recorded_at");
        self.done(s);
        let symptoms = Symptoms::new(back?, pelvic?, sitting?, situps?, extension?, recorded_at?);
        match symptoms {
            Ok(s) if s.extension_after_situps == extension? => Some(Some(s)),
            Ok(_) => {
                self.problem(
                    &format!("{at}/extension_after_situps"),
                    "must be null when there are no sit-ups",
                );
                None
            }
            Err(e) => {
                self.problem(&at, e.to_string());
                None
            }
        }
    }

    /// Pain at the end; archives written before it was asked have none.
    fn pain_after(&mut self, f: &mut Fields<'_>, at: &str) -> Option<Option<PainAfter>> {
        f.asked.push("pain_after");
        let at = format!("{at}/pain_after");
        let value = match f.map.get("pain_after") {
            None | Some(Value::Null) => return Some(None),
            Some(v) => v,
        };
        let mut s = self.object(value, &at, "the pain at the end")?;
        let back: Option<Pain> = self.required(&mut s, "back_pain");
        let pelvic: Option<Pain> = self.required(&mut s, "pelvic_pain");
        let recorded_at: Option<Timestamp> = self.required(&mut s, "recorded_at");
        self.done(s);
        Some(Some(PainAfter {
            back_pain: back?,
            pelvic_pain: pelvic?,
            recorded_at: recorded_at?,
        }))
    }

    fn measurement(&mut self, value: &Value, at: &str, ids: &mut Ids) -> Option<Measurement> {
        let mut f = self.object(value, at, "a trial")?;
        let id: Option<MeasurementId> = self.required(&mut f, "id");
        let phase: Option<Phase> = self.required(&mut f, "phase");
        let test: Option<Test> = self.required(&mut f, "test");
        let side: Option<Side> = self.required(&mut f, "side");
        let trial: Option<u16> = self.required(&mut f, "trial");
        let method: Option<Method> = self.required(&mut f, "method");
        let reading: Option<Option<Reading>> = self.optional(&mut f, "reading");
        let hurt: Option<bool> = self.required(&mut f, "hurt");
        let taken_at: Option<Timestamp> = self.required(&mut f, "taken_at");
        let void = self.trial_void(&mut f, at);
        let confirmed_unusual: Option<Option<bool>> = self.optional(&mut f, "confirmed_unusual");
        self.done(f);
        let reading = match reading? {
            Some(r) => match recheck(r) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.problem(&format!("{at}/reading"), e.to_string());
                    return None;
                }
            },
            None => None,
        };
        let id = id?;
        if !ids.trials.insert(id) {
            self.problem(&format!("{at}/id"), "a second trial with the same id");
        }
        match Measurement::new(
            phase?, test?, side?, trial?, method?, reading, hurt?, taken_at?,
        ) {
            Ok(mut m) => {
                m.id = id;
                m.void = void?;
                m.confirmed_unusual = confirmed_unusual?.unwrap_or(false);
                if let Some(void) = &m.void {
                    if m.hurt {
                        self.problem(
                            &format!("{at}/void"),
                            "a trial that hurt cannot be struck out: the pain stopped the test",
                        );
                        return None;
                    }
                    if void.at < m.taken_at {
                        self.problem(&format!("{at}/void/at"), "is before the trial was taken");
                        return None;
                    }
                }
                Some(m)
            }
            Err(e) => {
                self.input(at, Err(e));
                None
            }
        }
    }

    /// A trial's optional `void`: `Some(None)` when absent or `null`, `None` when damaged.
    fn trial_void(&mut self, f: &mut Fields<'_>, at: &str) -> Option<Option<TrialVoid>> {
        f.asked.push("void");
        let at = format!("{at}/void");
        let value = match f.map.get("void") {
            None | Some(Value::Null) => return Some(None),
            Some(v) => v,
        };
        let mut v = self.object(value, &at, "why the trial was struck out")?;
        let reason: Option<VoidReason> = self.required(&mut v, "reason");
        let note: Option<Option<String>> = self.optional(&mut v, "note");
        let by: Option<Option<AccountId>> = self.optional(&mut v, "by");
        let void_at: Option<Timestamp> = self.required(&mut v, "at");
        self.done(v);
        match TrialVoid::new(reason?, note?.as_deref(), by?, void_at?) {
            Ok(void) => Some(Some(void)),
            Err(e) => {
                self.problem(&at, e.to_string());
                None
            }
        }
    }

    fn exercise(&mut self, value: &Value, at: &str, ids: &mut Ids) -> Option<ExerciseRecord> {
        let mut f = self.object(value, at, "an exercise record")?;
        let id: Option<ExerciseId> = self.required(&mut f, "id");
        let step: Option<ExerciseStep> = self.required(&mut f, "step");
        let exercise: Option<Option<Exercise>> = self.optional(&mut f, "exercise");
        let planned: Option<u32> = self.required(&mut f, "planned_seconds");
        let done: Option<u32> = self.required(&mut f, "done_seconds");
        let outcome: Option<ExerciseOutcome> = self.required(&mut f, "outcome");
        let note: Option<Option<String>> = self.optional(&mut f, "note");
        let recorded_at: Option<Timestamp> = self.required(&mut f, "recorded_at");
        self.done(f);
        let id = id?;
        if !ids.exercises.insert(id) {
            self.problem(
                &format!("{at}/id"),
                "a second exercise record with the same id",
            );
        }
        match ExerciseRecord::new(
            step?,
            exercise?,
            planned?,
            done?,
            outcome?,
            note?,
            recorded_at?,
        ) {
            Ok(mut e) => {
                e.id = id;
                Some(e)
            }
            Err(e) => {
                self.input(at, Err(e));
                None
            }
        }
    }

    fn camera(&mut self, value: &Value, at: &str) -> Option<(MeasurementId, CameraEvidence)> {
        let mut f = self.object(value, at, "a camera trial's markers")?;
        let id: Option<MeasurementId> = self.required(&mut f, "measurement_id");
        let rest: Option<MarkerFrame> = self.required(&mut f, "rest");
        let lift: Option<Option<MarkerFrame>> = self.optional(&mut f, "lift");
        let frames: Option<Option<Vec<TimedFrame>>> = self.optional(&mut f, "frames");
        let tilt: Option<Option<PhoneTilt>> = self.optional(&mut f, "tilt");
        self.done(f);
        let (id, rest) = (id?, rest?);
        let evidence = match (lift?, frames?, tilt?) {
            (Some(lift), None, tilt) => CameraEvidence::photos(rest, lift, tilt),
            (None, Some(frames), None) => CameraEvidence::recording(rest, frames),
            (lift, frames, _) => {
                let shape = match (lift, frames) {
                    (Some(_), Some(_)) => EvidenceShape::Both,
                    (None, None) => EvidenceShape::Neither,
                    _ => EvidenceShape::TiltWithRecording,
                };
                self.problem(at, shape.to_string());
                return None;
            }
        };
        Some((id, evidence))
    }

    fn photo(&mut self, value: &Value, at: &str) -> Option<(MeasurementId, KeptPhoto)> {
        let mut f = self.object(value, at, "a camera trial's photo")?;
        let id: Option<MeasurementId> = self.required(&mut f, "measurement_id");
        let picture: Option<Picture> = self.required(&mut f, "picture");
        let media_type: Option<PhotoType> = self.required(&mut f, "media_type");
        let data: Option<String> = self.required(&mut f, "data");
        self.done(f);
        let (id, picture, media_type) = (id?, picture?, media_type?);
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data?) else {
            self.problem(&format!("{at}/data"), "the photo is not standard base64");
            return None;
        };
        if PhotoType::sniff(&bytes) != Some(media_type) {
            self.problem(
                &format!("{at}/data"),
                format!("the photo is not a {} file", media_type.as_str()),
            );
            return None;
        }
        Some((
            id,
            KeptPhoto {
                picture,
                media_type,
                bytes,
            },
        ))
    }

    fn series(&mut self, value: &Value, at: &str) -> Option<(MeasurementId, RecordedLift)> {
        let mut f = self.object(value, at, "a recorded series")?;
        let id: Option<MeasurementId> = self.required(&mut f, "measurement_id");
        let zero: Option<Vec<OrientationSample>> = self.required(&mut f, "zero");
        let samples: Option<Vec<OrientationSample>> = self.required(&mut f, "samples");
        self.done(f);
        Some((
            id?,
            RecordedLift {
                zero: zero?,
                samples: samples?,
            },
        ))
    }
}

/// Ids seen so far in the file, to find the same record twice.
#[derive(Default)]
struct Ids {
    profiles: HashSet<ProfileId>,
    names: HashSet<String>,
    sessions: HashSet<SessionId>,
    trials: HashSet<MeasurementId>,
    exercises: HashSet<ExerciseId>,
}

/// Puts a reading read from a file through the checks its constructors make: a force in
/// range, and a heel height whose angle is the one its height and leg length give.
fn recheck(reading: Reading) -> Result<Reading, InputError> {
    match reading {
        Reading::Force { force } => Ok(Reading::Force {
            force: Force::new(force.value(), force.unit())?,
        }),
        Reading::HeelHeight {
            cm,
            leg_length_cm,
            degrees,
            leg_length_estimated,
        } => {
            let rebuilt = Reading::heel_height_with(
                cm,
                Some(LegBasis {
                    length: leg_length_cm,
                    estimated: leg_length_estimated,
                }),
            )?;
            let expected = rebuilt.degrees().unwrap_or_default();
            if (expected - degrees.value()).abs() > 1e-6 {
                return Err(InputError::Conversion(format!(
                    "degrees {} does not match the heel height: {} cm with a {} cm leg is {:.3}°",
                    degrees.value(),
                    cm.cm(),
                    leg_length_cm.cm(),
                    expected
                )));
            }
            Ok(rebuilt)
        }
        other => Ok(other),
    }
}
