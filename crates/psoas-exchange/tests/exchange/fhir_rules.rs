//! The FHIR export checked against the rules of the FHIR R4 specification that apply to
//! what it writes: Bundle `collection` entries with full URLs, each resource's required
//! elements and cardinalities, value sets of its codes, code systems, UCUM units,
//! laterality, and references that resolve inside the Bundle.

use psoas_exchange::Format;
use psoas_store::Scope;
use serde_json::Value;
use std::collections::HashMap;

use crate::common::{fill, profiles, store};
use crate::exported;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

const UCUM: &str = "http://unitsofmeasure.org";
const SNOMED: &str = "http://snomed.info/sct";
const LOINC: &str = "http://loinc.org";

/// FHIR R4 `id`: 1-64 of `[A-Za-z0-9\-\.]`.
fn is_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// FHIR R4 `dateTime` with a time: seconds and a zone are required.
fn is_fhir_date_time(text: &str) -> bool {
    // We write UTC to the millisecond: FHIRPath engines work in milliseconds.
    let milliseconds = text
        .strip_suffix('Z')
        .and_then(|t| t.rsplit_once('.'))
        .is_some_and(|(_, fraction)| fraction.len() == 3);
    text.parse::<jiff::Timestamp>().is_ok()
        && text.len() >= 20
        && text.as_bytes()[10] == b'T'
        && milliseconds
}

/// No empty arrays, objects or strings anywhere (FHIR JSON forbids them).
fn no_empty(value: &Value, at: &str, faults: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                faults.push(format!("{at}: empty array"));
            }
            for (i, item) in items.iter().enumerate() {
                no_empty(item, &format!("{at}/{i}"), faults);
            }
        }
        Value::Object(map) => {
            if map.is_empty() {
                faults.push(format!("{at}: empty object"));
            }
            for (k, v) in map {
                no_empty(v, &format!("{at}/{k}"), faults);
            }
        }
        Value::String(s) if s.trim().is_empty() => faults.push(format!("{at}: empty string")),
        Value::Null => faults.push(format!("{at}: null")),
        _ => {}
    }
}

fn codings(concept: &Value) -> Vec<(&str, &str)> {
    concept["coding"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|c| (c["system"].as_str().unwrap(), c["code"].as_str().unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

fn check_quantity(q: &Value, allowed: &[&str], at: &str, faults: &mut Vec<String>) {
    if q["system"] != UCUM {
        faults.push(format!("{at}: unit system is not UCUM"));
    }
    let code = q["code"].as_str().unwrap_or("");
    if !allowed.contains(&code) {
        faults.push(format!("{at}: UCUM code {code} not one of {allowed:?}"));
    }
    if !q["value"].is_number() {
        faults.push(format!("{at}: value is not a number"));
    }
}

/// Checks that a reference resolves to a resource of a type inside the Bundle.
type Refers<'a> = dyn Fn(&Value, &str, &str, &mut Vec<String>) + 'a;

/// Every rule broken by a Bundle, empty when it is valid.
pub fn faults(bundle: &Value) -> Vec<String> {
    let mut faults = Vec::new();
    no_empty(bundle, "", &mut faults);
    if bundle["resourceType"] != "Bundle" || bundle["type"] != "collection" {
        faults.push("not a collection Bundle".into());
    }
    let empty = Vec::new();
    let entries = bundle["entry"].as_array().unwrap_or(&empty);
    let mut urls = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let url = entry["fullUrl"].as_str().unwrap_or("");
        let id = entry["resource"]["id"].as_str().unwrap_or("");
        if url != format!("urn:uuid:{id}") || uuid::Uuid::parse_str(id).is_err() {
            faults.push(format!("entry {i}: fullUrl {url} is not urn:uuid:<its id>"));
        }
        if urls
            .insert(url.to_string(), entry["resource"]["resourceType"].clone())
            .is_some()
        {
            faults.push(format!("entry {i}: fullUrl {url} twice"));
        }
    }
    let refers = |r: &Value, to: &str, at: &str, faults: &mut Vec<String>| {
        let target = r["reference"].as_str().unwrap_or("");
        if urls.get(target).and_then(Value::as_str) != Some(to) {
            faults.push(format!(
                "{at}: reference {target} does not resolve to a {to}"
            ));
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        let r = &entry["resource"];
        let at = format!("entry {i}");
        if !is_fhir_id(r["id"].as_str().unwrap_or("")) {
            faults.push(format!("{at}: bad id"));
        }
        match r["resourceType"].as_str().unwrap_or("") {
            "Patient" => {
                if let Some(g) = r.get("gender")
                    && !["male", "female", "other", "unknown"].contains(&g.as_str().unwrap())
                {
                    faults.push(format!("{at}: gender {g}"));
                }
                if let Some(b) = r.get("birthDate")
                    && b.as_str()
                        .is_none_or(|b| b.len() != 4 || b.parse::<u16>().is_err())
                {
                    faults.push(format!("{at}: birthDate {b}"));
                }
            }
            "Encounter" => {
                let status = r["status"].as_str().unwrap_or("");
                if ![
                    "planned",
                    "arrived",
                    "triaged",
                    "in-progress",
                    "onleave",
                    "finished",
                    "cancelled",
                ]
                .contains(&status)
                {
                    faults.push(format!("{at}: status {status}"));
                }
                if r["class"]["code"].as_str().is_none() {
                    faults.push(format!("{at}: class (1..1) missing"));
                }
                refers(&r["subject"], "Patient", &at, &mut faults);
                if !is_fhir_date_time(r["period"]["start"].as_str().unwrap_or("")) {
                    faults.push(format!("{at}: period.start"));
                }
            }
            "Observation" => check_observation(r, &at, &mut faults, &refers),
            other => faults.push(format!("{at}: unexpected resource type {other}")),
        }
    }
    faults
}

fn check_observation(r: &Value, at: &str, faults: &mut Vec<String>, refers: &Refers<'_>) {
    // Required: status (1..1, from its value set) and code (1..1).
    if ![
        "registered",
        "preliminary",
        "final",
        "amended",
        "entered-in-error",
    ]
    .contains(&r["status"].as_str().unwrap_or(""))
    {
        faults.push(format!("{at}: status"));
    }
    refers(&r["subject"], "Patient", at, faults);
    refers(&r["encounter"], "Encounter", at, faults);
    if !is_fhir_date_time(r["effectiveDateTime"].as_str().unwrap_or("")) {
        faults.push(format!("{at}: effectiveDateTime"));
    }
    // obs-6: dataAbsentReason only without a value; and one value[x] at most.
    let values = ["valueQuantity", "valueCodeableConcept"]
        .iter()
        .filter(|k| r.get(**k).is_some())
        .count();
    let absent = r.get("dataAbsentReason").is_some();
    if values > 1 || (values == 1) == absent {
        faults.push(format!("{at}: value[x] and dataAbsentReason (obs-6)"));
    }
    let code = codings(&r["code"]);
    let category = codings(&r["category"][0]);
    if category.len() != 1
        || category[0].0 != "http://terminology.hl7.org/CodeSystem/observation-category"
    {
        faults.push(format!("{at}: category"));
    }
    let site = codings(&r["bodySite"]);
    if code.contains(&(LOINC, "72514-3")) {
        if let Some(q) = r.get("valueQuantity") {
            check_quantity(q, &["{score}"], at, faults);
            let v = q["value"].as_f64().unwrap();
            if !(0.0..=10.0).contains(&v) {
                faults.push(format!("{at}: pain {v} outside 0-10"));
            }
        }
        return;
    }
    let leg_raise = code.contains(&(SNOMED, "364564000"));
    let strength = code
        .iter()
        .any(|(s, c)| *s == psoas_exchange::fhir::PSOAS_CODES && *c == "hip-flexor-strength");
    if !leg_raise && !strength {
        faults.push(format!("{at}: unknown code {code:?}"));
    }
    // Laterality: hip joint structure refined by left or right.
    if site.len() != 1
        || !["24136001:272741003=7771000", "24136001:272741003=24028007"].contains(&site[0].1)
        || site[0].0 != SNOMED
    {
        faults.push(format!("{at}: body site with laterality {site:?}"));
    }
    if let Some(q) = r.get("valueQuantity") {
        let allowed: &[&str] = if leg_raise {
            &["deg"]
        } else {
            &["{grade}", "N", "kgf", "[lbf_av]"]
        };
        check_quantity(q, allowed, at, faults);
    }
    if let Some(components) = r["component"].as_array() {
        for c in components {
            check_quantity(&c["valueQuantity"], &["cm"], at, faults);
        }
    }
}

#[test]
fn the_fhir_bundle_follows_the_r4_rules() {
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 12,
        ..ProptestConfig::default()
    });
    runner
        .run(&profiles(), |specs| {
            let found = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async {
                    let dir = tempfile::tempdir().unwrap();
                    let source = store(dir.path(), "a.db").await;
                    fill(&source, Scope::Terminal, &specs).await;
                    let bytes = exported(&source, Scope::Terminal, Format::Fhir).await;
                    let bundle: Value = serde_json::from_slice(&bytes).unwrap();
                    let trials: usize = specs
                        .iter()
                        .flat_map(|p| &p.sessions)
                        .filter(|s| !s.red_flag)
                        .map(|s| s.trials.len())
                        .sum();
                    let observations = bundle["entry"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|e| e["resource"]["resourceType"] == "Observation")
                        .filter(|e| e["resource"]["category"][0]["coding"][0]["code"] == "exam")
                        .count();
                    assert_eq!(observations, trials);
                    // Pain at the start, and at the end where it was rated again.
                    let rated = |end: bool| {
                        specs
                            .iter()
                            .flat_map(|p| &p.sessions)
                            .filter(|s| !s.red_flag)
                            .filter_map(|s| s.pain)
                            .filter(|(back, ..)| !end || back % 2 == 0)
                            .count()
                            * 2
                    };
                    let pain_texts: Vec<String> = bundle["entry"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| &e["resource"])
                        .filter(|r| r["code"]["coding"][0]["code"] == "72514-3")
                        .map(|r| r["code"]["text"].as_str().unwrap().to_string())
                        .collect();
                    let at_end = pain_texts
                        .iter()
                        .filter(|t| t.ends_with("pain at the end of the session, 0-10"))
                        .count();
                    assert_eq!(
                        (pain_texts.len(), at_end),
                        (rated(false) + rated(true), rated(true))
                    );
                    // A trial struck out is kept, marked as entered in error, with why.
                    let struck_out = specs
                        .iter()
                        .flat_map(|p| &p.sessions)
                        .filter(|s| !s.red_flag)
                        .flat_map(|s| &s.trials)
                        .filter(|t| t.void.is_some())
                        .count();
                    let in_error: Vec<&Value> = bundle["entry"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| &e["resource"])
                        .filter(|r| r["status"] == "entered-in-error")
                        .collect();
                    assert_eq!(in_error.len(), struck_out);
                    for r in in_error {
                        let notes = r["note"].to_string();
                        assert!(notes.contains("Struck out at"), "{notes}");
                    }
                    faults(&bundle)
                });
            prop_assert!(found.is_empty(), "{found:#?}");
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_checker_finds_broken_bundles() {
    // The rules above must be able to fail: a broken Bundle is caught.
    let bundle = serde_json::json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:0b3e1c36-7a47-4d8e-a07c-95cf4a8b7d3a", "resource": {
            "resourceType": "Observation", "id": "0b3e1c36-7a47-4d8e-a07c-95cf4a8b7d3a",
            "status": "done", "code": {"coding": [{"system": SNOMED, "code": "364564000"}]},
            "subject": {"reference": "urn:uuid:nobody"},
            "valueQuantity": {"value": 3, "system": UCUM, "code": "degrees"},
            "dataAbsentReason": {"text": "x"}, "note": []}}]
    });
    let found = faults(&bundle).join("\n");
    for expected in [
        "empty array",
        "status",
        "does not resolve",
        "obs-6",
        "laterality",
        "UCUM code degrees",
    ] {
        assert!(found.contains(expected), "{expected} not in {found}");
    }
}

#[tokio::test]
async fn an_empty_store_gives_a_bundle_without_entries() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    let bundle: Value =
        serde_json::from_slice(&exported(&source, Scope::Terminal, Format::Fhir).await).unwrap();
    assert!(bundle.get("entry").is_none());
    assert!(faults(&bundle).is_empty());
}
