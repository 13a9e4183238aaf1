//! The JSON Schema (draft 2020-12) of the archive, built from the same constants and
//! enumerations [`crate::read_archive`] checks with, so the published schema and the reader
//! cannot disagree about a range or a name. It says everything a schema can say: every field,
//! its type and range, what is required, which methods and readings fit which test, and the
//! answers that depend on one another. What needs the whole file (ids unique, a session's
//! profile in the archive, a heel height's angle against its leg length) only the reader
//! checks; docs/json.md lists those.
//!
//! The text patterns are shared with the API's document, which declares the same rules for
//! names and notes typed into it.

use psoas_core::camera::MAX_MARKERS_PER_FRAME;
use psoas_core::measurement::{MAX_TRIALS, Method, Phase, Test};
use psoas_core::session::MAX_TRIALS_PER_SIDE;
use psoas_core::units::{
    BodyHeight, Degrees, Force, ForceUnit, Grade, HeelHeight, HoldResult, LegLength,
};
use psoas_core::{
    BirthYear, ExerciseOutcome, ExerciseStep, Pain, RedFlag, SessionStatus, Sex, Side,
    StrengthenTechnique, StretchOption, Symptoms, VoidReason,
};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::archive::{FORMAT_NAME, VERSION};

// The character classes of the patterns, spelled out rather than `\s` because Rust's
// `trim` and `char::is_control` are what the server applies: Unicode White_Space (which has
// U+0085 and lacks U+FEFF, unlike `\s`) and the control characters (category Cc).
macro_rules! white_space {
    () => {
        r"[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
    };
}
macro_rules! not_control {
    () => {
        r"[^\u0000-\u001F\u007F-\u009F]"
    };
}
macro_rules! visible {
    () => {
        r"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
    };
}
macro_rules! note_character {
    () => {
        r"(?:[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]|\r\n)"
    };
}

/// A name as [`psoas_core::DisplayName::parse`] takes it: after the white space at either end, 1 to
/// [`psoas_core::DisplayName::MAX_CHARS`] (80) characters that start and end visible, with no control
/// characters anywhere. The length is in the pattern because it counts the trimmed name.
pub const NAME_PATTERN: &str = concat!(
    "^",
    white_space!(),
    "*",
    visible!(),
    "(?:",
    not_control!(),
    "{0,78}",
    visible!(),
    ")?",
    white_space!(),
    "*$"
);

/// Words on one line, maybe none: between the white space at the ends, up to
/// [`psoas_core::voiding::MAX_VOID_NOTE_CHARS`] (200) characters without control characters, counted trimmed.
pub const ONE_LINE_PATTERN: &str = concat!(
    "^",
    white_space!(),
    "*(?:",
    visible!(),
    "(?:",
    not_control!(),
    "{0,198}",
    visible!(),
    ")?)?",
    white_space!(),
    "*$"
);

/// A practitioner's note: not blank, and no control characters but line breaks (`\n` or
/// `\r\n`) and tabs.
pub const NOTE_PATTERN: &str = concat!(
    "^",
    white_space!(),
    "*",
    note_character!(),
    "*",
    visible!(),
    note_character!(),
    "*",
    white_space!(),
    "*$"
);

/// Not blank: at least one character that is neither white space nor a control character.
pub const NOT_BLANK_PATTERN: &str = visible!();

/// The names an enumeration is written with, as serde writes them.
pub fn names<T: Serialize>(values: &[T]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| serde_json::to_value(v).expect("enumerations serialise"))
            .collect(),
    )
}

/// The archive's schema: the whole document, its parts under `$defs`.
pub fn archive_schema() -> Value {
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("psoas archive, version {VERSION}"),
        "description": "Everything psoas holds about a set of profiles, as `psoas export \
            --format json` and `GET /api/v1/export?format=json` write it and `psoas import` \
            and `POST /api/v1/import` read it. See docs/json.md.",
    });
    let root = schema.as_object_mut().expect("an object");
    let parts = archive_parts();
    let Value::Object(head) = parts["Archive"].clone() else {
        unreachable!("the archive is an object schema")
    };
    root.extend(head);
    let defs: Map<String, Value> = parts
        .into_iter()
        .filter(|(name, _)| name != "Archive")
        .collect();
    root.insert("$defs".into(), Value::Object(defs));
    schema
}

/// The archive's schemas by name, `Archive` the document itself, each referring to the
/// others as `#/$defs/<name>`.
pub fn archive_parts() -> Map<String, Value> {
    let time = json!({"type": "string", "format": "date-time"});
    let id = json!({"type": "string", "format": "uuid"});
    let mut parts = Map::new();
    let mut add = |name: &str, schema: Value| {
        parts.insert(name.to_string(), schema);
    };
    add(
        "Archive",
        json!({
            "type": "object",
            "required": ["format", "version", "exported_at", "profiles", "sessions"],
            "additionalProperties": false,
            "properties": {
                "format": {"const": FORMAT_NAME},
                "version": {"const": VERSION},
                "exported_at": time,
                "generator": {"type": ["string", "null"]},
                "profiles": {"type": "array", "items": {"$ref": "#/$defs/Profile"}},
                "sessions": {"type": "array", "items": {"$ref": "#/$defs/SessionEntry"}},
            },
        }),
    );
    add(
        "Profile",
        json!({
            "type": "object",
            "required": ["id", "name"],
            "additionalProperties": false,
            "properties": {
                "id": id,
                "name": {"type": "string", "pattern": NAME_PATTERN},
                "birth_year": {"type": ["integer", "null"], "minimum": BirthYear::EARLIEST,
                               "maximum": BirthYear::LATEST_STORED},
                "sex": {"enum": nullable(names(&[Sex::Female, Sex::Male, Sex::Other]))},
                "leg_length_cm": {"type": ["number", "null"], "minimum": LegLength::MIN_CM,
                                  "maximum": LegLength::MAX_CM},
                "body_height_cm": {"type": ["number", "null"], "minimum": BodyHeight::MIN_CM,
                                   "maximum": BodyHeight::MAX_CM},
                "keep_photos": {"type": "boolean"},
            },
        }),
    );
    add(
        "SessionEntry",
        json!({
            "type": "object",
            "required": ["session", "measurements", "exercises", "lift_series"],
            "additionalProperties": false,
            "properties": {
                "session": {"$ref": "#/$defs/Session"},
                "screening": {"oneOf": [{"$ref": "#/$defs/Screening"}, {"type": "null"}]},
                "symptoms": {"oneOf": [{"$ref": "#/$defs/Symptoms"}, {"type": "null"}]},
                "pain_after": {"oneOf": [{"$ref": "#/$defs/PainAfter"}, {"type": "null"}]},
                "measurements": {"type": "array", "items": {"$ref": "#/$defs/Measurement"}},
                "exercises": {"type": "array", "items": {"$ref": "#/$defs/ExerciseRecord"}},
                "lift_series": {"type": "array", "items": {"$ref": "#/$defs/LiftSeries"}},
                "camera_markers": {"type": "array", "items": {"$ref": "#/$defs/CameraMarkers"}},
                "camera_photos": {"type": "array", "items": {"$ref": "#/$defs/CameraPhoto"}},
            },
        }),
    );
    add(
        "Session",
        json!({
            "type": "object",
            "required": ["id", "profile_id", "started_at", "status", "protocol_version",
                         "trials_per_side"],
            "additionalProperties": false,
            "properties": {
                "id": id,
                "profile_id": id,
                "started_at": time,
                "ended_at": {"type": ["string", "null"], "format": "date-time"},
                "status": {"enum": names(&[SessionStatus::Unfinished, SessionStatus::Finished,
                                           SessionStatus::StoppedAtScreening])},
                "protocol_version": {"enum": known_protocol_versions()},
                "trials_per_side": {"type": "integer", "minimum": 1,
                                    "maximum": MAX_TRIALS_PER_SIDE},
            },
            // An unfinished session has no end time; a finished or stopped one has.
            "if": {"properties": {"status": {"const": "unfinished"}}},
            "then": {"properties": {"ended_at": {"type": "null"}}},
            "else": {"required": ["ended_at"], "properties": {"ended_at": {"type": "string"}}},
        }),
    );
    add(
        "Screening",
        json!({
            "type": "object",
            "required": ["flags", "answered_at"],
            "additionalProperties": false,
            "properties": {
                "flags": {"type": "array", "items": {"enum": names(&RedFlag::ALL)}},
                "answered_at": time,
            },
        }),
    );
    let pain = json!({"type": "integer", "minimum": 0, "maximum": Pain::MAX});
    add(
        "Symptoms",
        json!({
            "type": "object",
            "required": ["back_pain", "pelvic_pain", "sitting_hours_per_day", "situps_per_week",
                         "recorded_at"],
            "additionalProperties": false,
            "properties": {
                "back_pain": pain,
                "pelvic_pain": pain,
                "sitting_hours_per_day": {"type": "number", "minimum": 0,
                                          "maximum": Symptoms::MAX_SITTING_HOURS},
                "situps_per_week": {"type": "integer", "minimum": 0,
                                    "maximum": Symptoms::MAX_SITUPS_PER_WEEK},
                "extension_after_situps": {"type": ["boolean", "null"]},
                "recorded_at": time,
            },
            // Asked only when there are sit-ups: answered then, and null otherwise.
            "if": {"properties": {"situps_per_week": {"const": 0}}},
            "then": {"properties": {"extension_after_situps": {"type": "null"}}},
            "else": {"required": ["extension_after_situps"],
                     "properties": {"extension_after_situps": {"type": "boolean"}}},
        }),
    );
    add(
        "PainAfter",
        json!({
            "type": "object",
            "required": ["back_pain", "pelvic_pain", "recorded_at"],
            "additionalProperties": false,
            "properties": {"back_pain": pain, "pelvic_pain": pain, "recorded_at": time},
        }),
    );
    add("Measurement", measurement_schema(&id, &time));
    add("Reading", reading_schema());
    add("Void", void_schema(&time));
    add("ExerciseRecord", exercise_record_schema(&id, &time));
    add(
        "LiftSeries",
        json!({
            "type": "object",
            "required": ["measurement_id", "zero", "samples"],
            "additionalProperties": false,
            "properties": {
                "measurement_id": id,
                "zero": {"type": "array", "items": {"$ref": "#/$defs/OrientationSample"}},
                "samples": {"type": "array", "items": {"$ref": "#/$defs/OrientationSample"}},
            },
        }),
    );
    add("CameraMarkers", camera_markers_schema(&id));
    add(
        "MarkerFrame",
        json!({
            "type": "object",
            "required": ["width", "height", "markers"],
            "additionalProperties": false,
            "properties": {
                "width": {"type": "integer", "minimum": 1},
                "height": {"type": "integer", "minimum": 1},
                "markers": {"type": "array", "maxItems": MAX_MARKERS_PER_FRAME,
                            "items": {"$ref": "#/$defs/SeenMarker"}},
            },
        }),
    );
    add("SeenMarker", seen_marker_schema());
    add(
        "CameraPhoto",
        json!({
            "type": "object",
            "description": "A camera trial's photo, kept only where its profile keeps photos, \
                            and written only by `psoas export --with-photos`.",
            "required": ["measurement_id", "picture", "media_type", "data"],
            "additionalProperties": false,
            "properties": {
                "measurement_id": id,
                "picture": {"enum": ["rest", "lift"]},
                "media_type": {"enum": ["image/jpeg", "image/png"]},
                "data": {"type": "string", "contentEncoding": "base64"},
            },
        }),
    );
    add(
        "OrientationSample",
        json!({
            "type": "object",
            "required": ["t_ms", "beta", "gamma"],
            "properties": {
                "t_ms": {"type": "number"},
                "beta": {"type": "number"},
                "gamma": {"type": "number"},
            },
        }),
    );
    parts
}

/// A camera trial's markers: the rest picture's, and either the lift photo's (with the
/// phone's tilt at both photos when the page read it) or a recording's timed frames.
fn camera_markers_schema(id: &Value) -> Value {
    let frame = json!({"$ref": "#/$defs/MarkerFrame"});
    let pose = json!({
        "type": "object",
        "required": ["beta", "gamma"],
        "additionalProperties": false,
        "properties": {
            "beta": {"type": "number", "minimum": -180, "maximum": 180},
            "gamma": {"type": "number", "minimum": -90, "maximum": 90},
        },
    });
    json!({
        "type": "object",
        "required": ["measurement_id", "rest"],
        "additionalProperties": false,
        "properties": {
            "measurement_id": id,
            "rest": frame,
            "lift": frame,
            "frames": {"type": "array", "items": {
                "type": "object",
                "required": ["t_ms", "markers"],
                "additionalProperties": false,
                "properties": {"t_ms": {"type": "integer", "minimum": 0}, "markers": frame},
            }},
            "tilt": {
                "type": "object",
                "required": ["rest", "lift"],
                "additionalProperties": false,
                "properties": {"rest": pose, "lift": pose},
            },
        },
        "oneOf": [
            {"required": ["lift"], "not": {"required": ["frames"]}},
            {"required": ["frames"], "not": {"anyOf": [{"required": ["lift"]},
                                                       {"required": ["tilt"]}]}},
        ],
    })
}

/// One printed marker as the detector found it: its tag id, centre and four corners in
/// image pixels.
fn seen_marker_schema() -> Value {
    let point = json!({"type": "array", "items": {"type": "number"}, "minItems": 2,
                       "maxItems": 2});
    json!({
        "type": "object",
        "required": ["id", "centre", "corners"],
        "additionalProperties": false,
        "properties": {
            "id": {"type": "integer", "minimum": 0, "maximum": 65535},
            "centre": point,
            "corners": {"type": "array", "items": point, "minItems": 4, "maxItems": 4},
        },
    })
}

fn nullable(names: Value) -> Value {
    let mut names = names;
    names
        .as_array_mut()
        .expect("a list of names")
        .push(Value::Null);
    names
}

fn known_protocol_versions() -> Value {
    (1..=u32::from(u8::MAX))
        .filter(|v| psoas_core::rules::rules_version_of_protocol(*v).is_some())
        .collect()
}

fn measurement_schema(id: &Value, time: &Value) -> Value {
    let methods_for = |test: Test| names(Method::for_test(test));
    let kinds_for = |test: Test| match test {
        Test::LegRaise => json!(["angle", "heel_height"]),
        Test::Strength => json!(["grade", "force", "hold"]),
    };
    let fits = |test: Test| {
        json!({
            "if": {"properties": {"test": {"const": names(&[test])[0]}}},
            "then": {"properties": {
                "method": {"enum": methods_for(test)},
                "reading": {"anyOf": [
                    {"type": "null"},
                    {"properties": {"kind": {"enum": kinds_for(test)}}},
                ]},
            }},
        })
    };
    let reading_method = |kind: &str, methods: &[Method]| {
        json!({
            "if": {"required": ["reading"], "properties": {"reading": {
                "type": "object", "properties": {"kind": {"const": kind}}}}},
            "then": {"properties": {"method": {"enum": names(methods)}}},
        })
    };
    use Method::*;
    json!({
        "type": "object",
        "required": ["id", "phase", "test", "side", "trial", "method", "hurt", "taken_at"],
        "additionalProperties": false,
        "properties": {
            "id": id,
            "phase": {"enum": names(&Phase::ALL)},
            "test": {"enum": names(&[Test::LegRaise, Test::Strength])},
            "side": {"enum": names(&[Side::Left, Side::Right])},
            "trial": {"type": "integer", "minimum": 1, "maximum": MAX_TRIALS},
            "method": {"enum": names(&Method::ALL)},
            "reading": {"oneOf": [{"$ref": "#/$defs/Reading"}, {"type": "null"}]},
            "hurt": {"type": "boolean"},
            "taken_at": time,
            "void": {"oneOf": [{"$ref": "#/$defs/Void"}, {"type": "null"}]},
            "confirmed_unusual": {"type": ["boolean", "null"]},
        },
        "allOf": [
            fits(Test::LegRaise),
            fits(Test::Strength),
            reading_method(
                "angle",
                &[Eyeballed, Goniometer, Inclinometer, PhoneInclinometer, CameraMarkers],
            ),
            reading_method("heel_height", &[Eyeballed, TapeMeasure]),
            reading_method("grade", &[HelpersFeel]),
            reading_method("hold", &[HelpersFeel]),
            reading_method("force", &[Dynamometer]),
            // A value unless pain stopped the trial; a trial that hurt is never struck out.
            {"if": {"properties": {"hurt": {"const": false}}},
             "then": {"required": ["reading"], "properties": {"reading": {"type": "object"}}},
             "else": {"properties": {"void": {"type": "null"}}}},
        ],
    })
}

fn reading_schema() -> Value {
    let degrees = json!({"type": "number", "minimum": 0, "maximum": Degrees::MAX});
    let kind = |name: &str, required: &[&str], properties: Value| {
        let mut required: Vec<&str> = required.to_vec();
        required.insert(0, "kind");
        let Value::Object(mut properties) = properties else {
            unreachable!("properties are an object")
        };
        properties.insert("kind".into(), json!({"const": name}));
        json!({"type": "object", "required": required, "properties": properties})
    };
    let units = [
        ForceUnit::Newton,
        ForceUnit::KilogramForce,
        ForceUnit::PoundForce,
    ];
    let forces: Vec<Value> = units
        .iter()
        .map(|unit| {
            json!({
                "properties": {
                    "unit": {"const": names(&[*unit])[0]},
                    "value": {"maximum": Force::MAX_NEWTONS / unit.newtons_per_unit()},
                },
            })
        })
        .collect();
    json!({"oneOf": [
        kind("angle", &["degrees"], json!({"degrees": degrees})),
        kind("heel_height", &["cm", "leg_length_cm", "degrees"], json!({
            "cm": {"type": "number", "minimum": 0, "maximum": HeelHeight::MAX_CM},
            "leg_length_cm": {"type": "number", "minimum": LegLength::MIN_CM,
                              "maximum": LegLength::MAX_CM},
            "degrees": degrees,
            "leg_length_estimated": {"type": "boolean"},
        })),
        kind("grade", &["grade"], json!({
            "grade": {"type": "integer", "minimum": 0, "maximum": Grade::MAX},
        })),
        kind("force", &["force"], json!({
            "force": {
                "type": "object",
                "required": ["value", "unit"],
                "properties": {
                    "value": {"type": "number", "minimum": 0},
                    "unit": {"enum": names(&units)},
                },
                "oneOf": forces,
            },
        })),
        kind("hold", &["result"], json!({
            "result": {"enum": names(&[HoldResult::Held, HoldResult::GaveWay])},
        })),
    ]})
}

fn void_schema(time: &Value) -> Value {
    json!({
        "type": "object",
        "required": ["reason", "at"],
        "additionalProperties": false,
        "properties": {
            "reason": {"enum": names(&VoidReason::ALL)},
            "note": {"type": ["string", "null"], "pattern": ONE_LINE_PATTERN},
            "by": {"type": ["string", "null"], "format": "uuid"},
            "at": time,
        },
        "if": {"properties": {"reason": {"const": names(&[VoidReason::Other])[0]}}},
        "then": {"required": ["note"],
                 "properties": {"note": {"type": "string", "pattern": NOT_BLANK_PATTERN}}},
    })
}

fn exercise_record_schema(id: &Value, time: &Value) -> Value {
    let seconds = json!({"type": "integer", "minimum": 0});
    json!({
        "type": "object",
        "required": ["id", "step", "planned_seconds", "done_seconds", "outcome", "recorded_at"],
        "additionalProperties": false,
        "properties": {
            "id": id,
            "step": {"enum": names(&[ExerciseStep::Stretch, ExerciseStep::Strengthen])},
            "exercise": {"oneOf": [
                {"type": "null"},
                {"type": "object", "required": ["kind", "option", "side"],
                 "additionalProperties": false, "properties": {
                    "kind": {"const": "stretch"},
                    "option": {"enum": names(&[StretchOption::EdgeOfBed,
                                               StretchOption::FoamRoller])},
                    "side": {"enum": names(&[Side::Left, Side::Right])},
                 }},
                {"type": "object", "required": ["kind", "technique", "weak_side"],
                 "additionalProperties": false, "properties": {
                    "kind": {"const": "strengthen"},
                    "technique": {"enum": names(&[StrengthenTechnique::AbdomenStrongSide,
                                                  StrengthenTechnique::GluteWeakSide])},
                    "weak_side": {"enum": names(&[Side::Left, Side::Right])},
                 }},
            ]},
            "planned_seconds": seconds,
            "done_seconds": seconds,
            "outcome": {"enum": names(&[ExerciseOutcome::Completed, ExerciseOutcome::Stopped,
                                        ExerciseOutcome::Skipped, ExerciseOutcome::NotNeeded])},
            "note": {"type": ["string", "null"]},
            "recorded_at": time,
        },
        "allOf": [
            // An exercise done names which; one skipped or not needed has no time done.
            {"if": {"properties": {"outcome": {"enum": ["skipped", "not_needed"]}}},
             "then": {"properties": {"done_seconds": {"const": 0}}},
             "else": {"required": ["exercise"],
                      "properties": {"exercise": {"type": "object"}}}},
            // The exercise is one of its step's.
            {"if": {"properties": {"step": {"const": "stretch"}}},
             "then": {"properties": {"exercise": {"anyOf": [
                {"type": "null"}, {"properties": {"kind": {"const": "stretch"}}}]}}},
             "else": {"properties": {"exercise": {"anyOf": [
                {"type": "null"}, {"properties": {"kind": {"const": "strengthen"}}}]}}}},
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use psoas_core::DisplayName;
    use psoas_core::voiding::MAX_VOID_NOTE_CHARS;

    #[test]
    fn the_patterns_count_to_the_cores_limits() {
        // `concat!` takes literals only: the counts in the patterns are the limits less the
        // first and last visible characters.
        let name = format!("{{0,{}}}", DisplayName::MAX_CHARS - 2);
        assert!(NAME_PATTERN.contains(&name), "{NAME_PATTERN}");
        let note = format!("{{0,{}}}", MAX_VOID_NOTE_CHARS - 2);
        assert!(ONE_LINE_PATTERN.contains(&note), "{ONE_LINE_PATTERN}");
    }
}
