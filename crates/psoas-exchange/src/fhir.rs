//! A FHIR R4 Bundle (type `collection`) of the exported data, for clinical records.
//!
//! Each profile becomes a `Patient`, each session an `Encounter`, and each trial and pain
//! score an `Observation` that refers to both; references are `urn:uuid:` full URLs inside the
//! Bundle, so they resolve without a server. Ids are the psoas ids (pain observations get a
//! name-based UUID v5 from their session's id), so exporting twice gives the same resources.
//!
//! Codes, and why (docs/json.md has the table):
//! - Leg raise: SNOMED CT 364564000 "Range of joint movement" (no LOINC or SNOMED CT code
//!   names the prone straight-leg raise itself), with our own code `prone-hip-extension`
//!   beside it to say which movement; body site SNOMED CT 24136001 "Hip joint structure"
//!   refined with laterality 272741003 = 7771000 (left) or 24028007 (right) as a SNOMED CT
//!   expression; value in UCUM `deg` (heel heights as their converted angle, the height and
//!   leg length as components in `cm`).
//! - Strength: no standard code for a hip-flexor break test: our own `hip-flexor-strength`,
//!   same body site; grades in UCUM `{grade}`, forces in `N`, `kgf` or `[lbf_av]`, held / gave
//!   way as a coded value.
//! - Pain: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating \[Score\] - Reported", UCUM
//!   `{score}`, the region (low back, pelvis) as body site text (no code is claimed for it).
//! - A trial stopped by pain has no value: `dataAbsentReason` `not-performed` and a note.
//! - Phase and trial number travel as extensions under our own URL.

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::{ForceUnit, HoldResult};
use psoas_core::{Profile, SessionStatus, Side};
use psoas_store::FullSession;
use serde::Serialize;
use uuid::Uuid;

use crate::Encoder;

/// SNOMED CT.
pub const SNOMED: &str = "http://snomed.info/sct";
/// LOINC.
pub const LOINC: &str = "http://loinc.org";
/// UCUM units.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// FHIR's observation categories.
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// FHIR's reasons for a missing value.
pub const DATA_ABSENT: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
/// HL7 v3 act codes (encounter class).
pub const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
/// Our own codes, where no standard one fits.
pub const PSOAS_CODES: &str = "https://psoas.example/fhir/CodeSystem/psoas";
/// Where our extensions are defined.
pub const PSOAS_EXTENSION: &str = "https://psoas.example/fhir/StructureDefinition/";

/// A code in a system.
#[derive(Debug, Serialize)]
pub struct Coding {
    /// The code system's URI.
    pub system: &'static str,
    /// The code.
    pub code: String,
    /// Its name for people.
    pub display: String,
}

fn coding(system: &'static str, code: impl Into<String>, display: impl Into<String>) -> Coding {
    Coding {
        system,
        code: code.into(),
        display: display.into(),
    }
}

/// Codes and a text.
#[derive(Debug, Serialize)]
pub struct CodeableConcept {
    /// The codes, most specific first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Coding>,
    /// The meaning in words.
    pub text: String,
}

/// A measured amount with its UCUM unit.
#[derive(Debug, Serialize)]
pub struct Quantity {
    /// The number.
    pub value: f64,
    /// The unit for people.
    pub unit: &'static str,
    /// Always UCUM.
    pub system: &'static str,
    /// The UCUM code.
    pub code: &'static str,
}

fn quantity(value: f64, unit: &'static str, code: &'static str) -> Quantity {
    Quantity {
        value,
        unit,
        system: UCUM,
        code,
    }
}

/// A reference to another resource in the Bundle.
#[derive(Debug, Serialize)]
pub struct Reference {
    /// `urn:uuid:...`.
    pub reference: String,
}

/// A business identifier.
#[derive(Debug, Serialize)]
pub struct Identifier {
    /// `urn:ietf:rfc:3986`: the value is a URI.
    pub system: &'static str,
    /// `urn:uuid:...`.
    pub value: String,
}

fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn identifier(id: Uuid) -> Vec<Identifier> {
    vec![Identifier {
        system: "urn:ietf:rfc:3986",
        value: urn(id),
    }]
}

/// An extension value.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// What it means.
    pub url: String,
    /// A code value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_code: Option<&'static str>,
    /// A positive whole number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_positive_int: Option<u16>,
}

/// A person's name.
#[derive(Debug, Serialize)]
pub struct HumanName {
    /// The name as one text.
    pub text: String,
}

/// The person a profile describes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    resource_type: &'static str,
    /// The profile id.
    pub id: String,
    /// The profile id as a URI.
    pub identifier: Vec<Identifier>,
    /// The display name.
    pub name: Vec<HumanName>,
    /// `female`, `male` or `other`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<&'static str>,
    /// The year of birth (a FHIR `date` may be a year alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
}

/// A start and an end.
#[derive(Debug, Serialize)]
pub struct Period {
    /// When it started.
    pub start: String,
    /// When it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A session.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Encounter {
    resource_type: &'static str,
    /// The session id.
    pub id: String,
    /// The session id as a URI.
    pub identifier: Vec<Identifier>,
    /// `in-progress`, `finished`, or `cancelled` (a red flag stopped it before any test).
    pub status: &'static str,
    /// Ambulatory.
    pub class: Coding,
    /// The patient.
    pub subject: Reference,
    /// When it ran.
    pub period: Period,
}

/// A part of an observation measured with it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// What the part is.
    pub code: CodeableConcept,
    /// Its value.
    pub value_quantity: Quantity,
}

/// A note.
#[derive(Debug, Serialize)]
pub struct Annotation {
    /// The text.
    pub text: String,
}

/// One trial or pain score.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    resource_type: &'static str,
    /// The trial id (or a name-based id for pain scores).
    pub id: String,
    /// Phase and trial number.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// The id as a URI.
    pub identifier: Vec<Identifier>,
    /// Always `final`.
    pub status: &'static str,
    /// `exam` for tests, `survey` for pain.
    pub category: Vec<CodeableConcept>,
    /// What was observed.
    pub code: CodeableConcept,
    /// The patient.
    pub subject: Reference,
    /// The session.
    pub encounter: Reference,
    /// When.
    pub effective_date_time: String,
    /// A measured value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_quantity: Option<Quantity>,
    /// A coded value (held / gave way).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_codeable_concept: Option<CodeableConcept>,
    /// Why there is no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_absent_reason: Option<CodeableConcept>,
    /// Notes (pain during the trial).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<Annotation>,
    /// Where on the body, with the side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_site: Option<CodeableConcept>,
    /// How it was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<CodeableConcept>,
    /// Heel height and leg length behind a converted angle.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub component: Vec<Component>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a, R: Serialize> {
    full_url: String,
    resource: &'a R,
}

fn category(code: &'static str, display: &'static str) -> Vec<CodeableConcept> {
    vec![CodeableConcept {
        coding: vec![coding(OBSERVATION_CATEGORY, code, display)],
        text: display.to_string(),
    }]
}

/// The hip joint of a side: SNOMED CT hip joint structure refined by laterality.
fn hip(side: Side) -> CodeableConcept {
    let (code, name) = match side {
        Side::Left => ("7771000", "Left"),
        Side::Right => ("24028007", "Right"),
    };
    CodeableConcept {
        coding: vec![coding(
            SNOMED,
            format!("24136001:272741003={code}"),
            format!("Hip joint structure, laterality: {name}"),
        )],
        text: format!("{name} hip"),
    }
}

fn method(method: Method) -> CodeableConcept {
    CodeableConcept {
        coding: vec![coding(
            PSOAS_CODES,
            method.as_str().replace('_', "-"),
            method.title(),
        )],
        text: method.title().to_string(),
    }
}

fn test_code(test: Test) -> CodeableConcept {
    match test {
        Test::LegRaise => CodeableConcept {
            coding: vec![
                coding(
                    PSOAS_CODES,
                    "prone-hip-extension",
                    "Hip extension, prone straight-leg raise",
                ),
                coding(SNOMED, "364564000", "Range of joint movement"),
            ],
            text: "Hip extension range of motion (prone straight-leg raise)".to_string(),
        },
        Test::Strength => CodeableConcept {
            coding: vec![coding(
                PSOAS_CODES,
                "hip-flexor-strength",
                "Hip flexor strength, supine break test",
            )],
            text: "Hip flexor strength (knee to chest against resistance)".to_string(),
        },
    }
}

fn phase_code(phase: Phase) -> &'static str {
    match phase {
        Phase::Baseline => "baseline",
        Phase::AfterStretch => "after-stretch",
        Phase::AfterStrengthening => "after-strengthening",
    }
}

fn value_of(reading: &Reading) -> (Option<Quantity>, Option<CodeableConcept>, Vec<Component>) {
    let cm = |what: &str, code: &'static str, value: f64| Component {
        code: CodeableConcept {
            coding: vec![coding(PSOAS_CODES, code, what)],
            text: what.to_string(),
        },
        value_quantity: quantity(value, "cm", "cm"),
    };
    match reading {
        Reading::Angle { degrees } => (Some(quantity(degrees.value(), "°", "deg")), None, vec![]),
        Reading::HeelHeight {
            cm: height,
            leg_length_cm,
            degrees,
            ..
        } => (
            Some(quantity(degrees.value(), "°", "deg")),
            None,
            vec![
                cm("Heel height above the table", "heel-height", height.cm()),
                cm(
                    "Leg length used for the angle",
                    "leg-length",
                    leg_length_cm.cm(),
                ),
            ],
        ),
        Reading::Grade { grade } => (
            Some(quantity(f64::from(grade.value()), "grade (0-5)", "{grade}")),
            None,
            vec![],
        ),
        Reading::Force { force } => {
            let (unit, code) = match force.unit() {
                ForceUnit::Newton => ("N", "N"),
                ForceUnit::KilogramForce => ("kgf", "kgf"),
                ForceUnit::PoundForce => ("lbf", "[lbf_av]"),
            };
            (Some(quantity(force.value(), unit, code)), None, vec![])
        }
        Reading::Hold { result } => {
            let (code, text) = match result {
                HoldResult::Held => ("held", "Held against the push"),
                HoldResult::GaveWay => ("gave-way", "Gave way to the push"),
            };
            (
                None,
                Some(CodeableConcept {
                    coding: vec![coding(PSOAS_CODES, code, text)],
                    text: text.to_string(),
                }),
                vec![],
            )
        }
    }
}

/// What a trial's Observation says in words: pain, and why it was struck out.
fn trial_notes(m: &Measurement) -> Vec<Annotation> {
    let mut notes = Vec::new();
    if m.hurt {
        notes.push(Annotation {
            text: "The subject felt pain during this trial; the test was stopped.".to_string(),
        });
    }
    if let Some(void) = &m.void {
        notes.push(Annotation {
            text: format!(
                "Struck out at {}: {}. It counts for no verdict.",
                fhir_instant(void.at),
                void.describe()
            ),
        });
    }
    notes
}

/// The Observation of one trial.
pub fn trial_observation(profile: &Profile, session: Uuid, m: &Measurement) -> Observation {
    let (value_quantity, value_codeable_concept, component) = match &m.reading {
        Some(reading) => value_of(reading),
        None => (None, None, vec![]),
    };
    let absent = m.reading.is_none();
    Observation {
        resource_type: "Observation",
        id: m.id.to_string(),
        extension: vec![
            Extension {
                url: format!("{PSOAS_EXTENSION}phase"),
                value_code: Some(phase_code(m.phase)),
                value_positive_int: None,
            },
            Extension {
                url: format!("{PSOAS_EXTENSION}trial"),
                value_code: None,
                value_positive_int: Some(m.trial),
            },
        ],
        identifier: identifier(m.id.0),
        // FHIR's word for a result that should not have been recorded: kept, but not to be
        // read as a finding.
        status: if m.void.is_some() {
            "entered-in-error"
        } else {
            "final"
        },
        category: category("exam", "Exam"),
        code: test_code(m.test),
        subject: Reference {
            reference: urn(profile.id.0),
        },
        encounter: Reference {
            reference: urn(session),
        },
        effective_date_time: fhir_instant(m.taken_at),
        value_quantity,
        value_codeable_concept,
        data_absent_reason: absent.then(|| CodeableConcept {
            coding: vec![coding(DATA_ABSENT, "not-performed", "Not Performed")],
            text: "Stopped by pain before a value was read".to_string(),
        }),
        note: trial_notes(m),
        body_site: Some(hip(m.side)),
        method: Some(method(m.method)),
        component,
    }
}

/// The Patient of a profile.
pub fn patient(profile: &Profile) -> Patient {
    Patient {
        resource_type: "Patient",
        id: profile.id.to_string(),
        identifier: identifier(profile.id.0),
        name: vec![HumanName {
            text: profile.name.to_string(),
        }],
        gender: profile.sex.map(|s| s.as_str()),
        birth_date: profile.birth_year.map(|y| format!("{:04}", y.value())),
    }
}

/// The Encounter of a session.
pub fn encounter(full: &FullSession) -> Encounter {
    let s = &full.record.session;
    Encounter {
        resource_type: "Encounter",
        id: s.id.to_string(),
        identifier: identifier(s.id.0),
        status: match s.status {
            SessionStatus::Unfinished => "in-progress",
            SessionStatus::Finished => "finished",
            SessionStatus::StoppedAtScreening => "cancelled",
        },
        class: coding(ACT_CODE, "AMB", "ambulatory"),
        subject: Reference {
            reference: urn(s.profile_id.0),
        },
        period: Period {
            start: fhir_instant(s.started_at),
            end: s.ended_at.map(fhir_instant),
        },
    }
}

/// The pain Observations of a session: two from its symptoms at the start, if it has them,
/// and two from the pain rated at the end, if it was.
pub fn pain_observations(full: &FullSession) -> Vec<Observation> {
    let record = &full.record;
    let session = record.session.id.0;
    let start = record.symptoms.iter().flat_map(|s| {
        [
            ("back-pain", "Low back", "", s.back_pain, s.recorded_at),
            ("pelvic-pain", "Pelvis", "", s.pelvic_pain, s.recorded_at),
        ]
    });
    let end = record.pain_after.iter().flat_map(|p| {
        let when = " at the end of the session";
        [
            (
                "back-pain-after",
                "Low back",
                when,
                p.back_pain,
                p.recorded_at,
            ),
            (
                "pelvic-pain-after",
                "Pelvis",
                when,
                p.pelvic_pain,
                p.recorded_at,
            ),
        ]
    });
    start
        .chain(end)
        .map(|(name, region, when, score, recorded_at)| {
            let score = score.value();
            let id = Uuid::new_v5(&session, name.as_bytes());
            Observation {
                resource_type: "Observation",
                id: id.to_string(),
                extension: vec![],
                identifier: identifier(id),
                status: "final",
                category: category("survey", "Survey"),
                code: CodeableConcept {
                    coding: vec![coding(
                        LOINC,
                        "72514-3",
                        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                    )],
                    text: format!("{region} pain{when}, 0-10"),
                },
                subject: Reference {
                    reference: urn(record.session.profile_id.0),
                },
                encounter: Reference {
                    reference: urn(session),
                },
                effective_date_time: fhir_instant(recorded_at),
                value_quantity: Some(quantity(f64::from(score), "score", "{score}")),
                value_codeable_concept: None,
                data_absent_reason: None,
                note: vec![],
                body_site: Some(CodeableConcept {
                    coding: vec![],
                    text: region.to_string(),
                }),
                method: None,
                component: vec![],
            }
        })
        .collect()
}

/// Writes the Bundle a session at a time.
pub(crate) struct FhirEncoder {
    exported_at: Timestamp,
    first: bool,
}

impl FhirEncoder {
    pub(crate) fn new(exported_at: Timestamp) -> Self {
        Self {
            exported_at,
            first: true,
        }
    }

    fn entry<R: Serialize>(&mut self, id: &str, resource: &R, out: &mut Vec<u8>) {
        out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        let entry = Entry {
            full_url: format!("urn:uuid:{id}"),
            resource,
        };
        serde_json::to_writer(out, &entry).expect("FHIR resources serialise");
    }
}

impl Encoder for FhirEncoder {
    fn begin(&mut self, profiles: &[Profile], out: &mut Vec<u8>) {
        let head = serde_json::json!({
            "resourceType": "Bundle",
            "id": Uuid::new_v4().to_string(),
            "type": "collection",
            "timestamp": fhir_instant(self.exported_at),
        });
        serde_json::to_writer(&mut *out, &head).expect("FHIR resources serialise");
        if profiles.is_empty() {
            // FHIR forbids empty arrays, and without profiles there are no sessions either.
            return;
        }
        out.pop();
        out.extend_from_slice(b",\"entry\":[");
        for profile in profiles {
            self.entry(&profile.id.to_string(), &patient(profile), out);
        }
    }

    fn session(&mut self, profile: &Profile, full: &FullSession, out: &mut Vec<u8>) {
        let session = full.record.session.id;
        self.entry(&session.to_string(), &encounter(full), out);
        for m in &full.record.measurements {
            self.entry(
                &m.id.to_string(),
                &trial_observation(profile, session.0, m),
                out,
            );
        }
        for pain in pain_observations(full) {
            self.entry(&pain.id.clone(), &pain, out);
        }
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        if self.first {
            out.push(b'\n');
        } else {
            out.extend_from_slice(b"\n]}\n");
        }
    }
}

/// A time as FHIR engines read it best: UTC to the millisecond, always three digits
/// (FHIRPath works in milliseconds, and some engines compare finer times wrongly). The
/// archive keeps the stored microseconds; FHIR is for reading elsewhere.
fn fhir_instant(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod instant_tests {
    use super::*;

    #[test]
    fn times_are_written_to_the_millisecond() {
        let at = Timestamp::from_microsecond(1_764_748_349_123_456).unwrap();
        assert_eq!(fhir_instant(at), "2025-12-03T07:52:29.123Z");
        let whole = Timestamp::from_second(1_764_748_349).unwrap();
        assert_eq!(fhir_instant(whole), "2025-12-03T07:52:29.000Z");
    }
}
