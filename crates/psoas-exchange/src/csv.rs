//! CSV with one row per trial, for spreadsheets and statistics packages.
//!
//! The columns, in order (docs/json.md lists them with examples):
//!
//! | column | meaning |
//! |---|---|
//! | `profile_id`, `profile_name` | whose trial |
//! | `session_id`, `session_started_at`, `session_status`, `protocol_version` | which session |
//! | `back_pain`, `pelvic_pain` | the session's pain, 0-10 (empty when not given) |
//! | `measurement_id` | the trial's id |
//! | `phase` | `baseline`, `after_stretch`, `after_strengthening` |
//! | `test`, `side`, `trial` | `leg_raise` or `strength`; `left` or `right`; 1, 2, ... |
//! | `method` | how it was taken (`goniometer`, `dynamometer`, ...) |
//! | `reading` | `angle`, `heel_height`, `grade`, `force`, `hold`, or empty when pain stopped it |
//! | `value`, `unit` | the value as read: `deg`, `cm`, `grade`, `N`, `kgf`, `lbf` (empty for holds) |
//! | `degrees` | leg raises: the angle in degrees (heel heights converted) |
//! | `newtons` | forces: the force in newtons |
//! | `hold_result` | `held` or `gave_way` |
//! | `leg_length_cm`, `leg_length_estimated` | heel heights: the leg length used, and whether it was estimated from body height |
//! | `hurt` | `true` when the subject felt pain |
//! | `taken_at` | ISO 8601 / RFC 3339 time in UTC |
//! | `voided_at`, `void_reason`, `void_note` | a trial struck out: when, why (`typo`, `not_held_at_top`, `pelvis_lifted`, `other`) and the words given; empty for a trial that counts |
//!
//! Numbers use a dot and as many digits as the stored value needs; empty cells are absent
//! values. Names that a spreadsheet would take for a formula start with `'` ([`spreadsheet_safe`]).

use psoas_core::Profile;
use psoas_core::measurement::Reading;
use psoas_core::units::HoldResult;
use psoas_store::FullSession;

use crate::Encoder;

/// The header row.
pub const COLUMNS: [&str; 27] = [
    "profile_id",
    "profile_name",
    "session_id",
    "session_started_at",
    "session_status",
    "protocol_version",
    "back_pain",
    "pelvic_pain",
    "measurement_id",
    "phase",
    "test",
    "side",
    "trial",
    "method",
    "reading",
    "value",
    "unit",
    "degrees",
    "newtons",
    "hold_result",
    "leg_length_cm",
    "leg_length_estimated",
    "hurt",
    "taken_at",
    "voided_at",
    "void_reason",
    "void_note",
];

/// Writes CSV rows, a session at a time.
#[derive(Default)]
pub(crate) struct CsvEncoder;

fn row(out: &mut Vec<u8>, cells: &[String]) {
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    // Writing into memory cannot fail.
    writer.write_record(cells).expect("CSV into memory");
    writer.flush().expect("CSV into memory");
}

/// Text a person typed, made safe to open in a spreadsheet: a cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula (OWASP's "CSV
/// injection"), so it gets a leading `'`, which spreadsheets show as text and do not
/// display. Only free text goes through here: numbers keep their sign.
pub fn spreadsheet_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Encoder for CsvEncoder {
    fn begin(&mut self, _profiles: &[Profile], out: &mut Vec<u8>) {
        let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        row(out, &header);
    }

    fn session(&mut self, profile: &Profile, full: &FullSession, out: &mut Vec<u8>) {
        let record = &full.record;
        let session = &record.session;
        let symptoms = record.symptoms.as_ref();
        for m in &record.measurements {
            let (kind, value, unit) = match &m.reading {
                None => ("", None, ""),
                Some(Reading::Angle { degrees }) => ("angle", Some(degrees.value()), "deg"),
                Some(Reading::HeelHeight { cm, .. }) => ("heel_height", Some(cm.cm()), "cm"),
                Some(Reading::Grade { grade }) => {
                    ("grade", Some(f64::from(grade.value())), "grade")
                }
                Some(Reading::Force { force }) => {
                    ("force", Some(force.value()), force.unit().symbol())
                }
                Some(Reading::Hold { .. }) => ("hold", None, ""),
            };
            let newtons = match &m.reading {
                Some(Reading::Force { force }) => Some(force.newtons()),
                _ => None,
            };
            let hold = match &m.reading {
                Some(Reading::Hold { result }) => match result {
                    HoldResult::Held => "held",
                    HoldResult::GaveWay => "gave_way",
                },
                _ => "",
            };
            let (leg, estimated) = match &m.reading {
                Some(Reading::HeelHeight {
                    leg_length_cm,
                    leg_length_estimated,
                    ..
                }) => (Some(leg_length_cm.cm()), Some(*leg_length_estimated)),
                _ => (None, None),
            };
            row(
                out,
                &[
                    profile.id.to_string(),
                    spreadsheet_safe(&profile.name.to_string()),
                    session.id.to_string(),
                    session.started_at.to_string(),
                    session.status.to_string(),
                    session.protocol_version.to_string(),
                    opt(symptoms.map(|s| s.back_pain.value())),
                    opt(symptoms.map(|s| s.pelvic_pain.value())),
                    m.id.to_string(),
                    m.phase.to_string(),
                    m.test.to_string(),
                    m.side.to_string(),
                    m.trial.to_string(),
                    m.method.to_string(),
                    kind.to_string(),
                    opt(value),
                    unit.to_string(),
                    opt(m.reading.as_ref().and_then(Reading::degrees)),
                    opt(newtons),
                    hold.to_string(),
                    opt(leg),
                    opt(estimated),
                    m.hurt.to_string(),
                    m.taken_at.to_string(),
                    opt(m.void.as_ref().map(|v| v.at)),
                    opt(m.void.as_ref().map(|v| v.reason.as_str())),
                    m.void
                        .as_ref()
                        .and_then(|v| v.note.as_deref())
                        .map(spreadsheet_safe)
                        .unwrap_or_default(),
                ],
            );
        }
    }

    fn end(&mut self, _out: &mut Vec<u8>) {}
}
