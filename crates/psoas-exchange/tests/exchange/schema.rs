//! The published archive schema says what the reader checks: an export passes it, and each
//! kind of damage the reader refuses, the schema refuses too.

use psoas_exchange::{Format, read_archive};
use psoas_store::Scope;
use serde_json::{Value, json};

use crate::common::{daily_history, fill, store};
use crate::{exported, schema_errors};

async fn good_archive() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &daily_history(3)).await;
    serde_json::from_slice(&exported(&source, Scope::Terminal, Format::Json).await).unwrap()
}

/// A measurement of the given kind of reading in the archive, as a pointer.
fn trial_with(archive: &Value, kind: &str) -> String {
    for (s, session) in archive["sessions"].as_array().unwrap().iter().enumerate() {
        for (m, trial) in session["measurements"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            if trial["reading"]["kind"] == kind {
                return format!("/sessions/{s}/measurements/{m}");
            }
        }
    }
    panic!("no {kind} trial in the archive")
}

fn set(archive: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    archive
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{parent} is an object"))
        .insert(key.to_string(), value);
}

fn remove(archive: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    archive
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{parent} is an object"))
        .remove(key)
        .unwrap_or_else(|| panic!("{pointer} is in the archive"));
}

#[tokio::test]
async fn an_export_matches_the_schema() {
    let archive = good_archive().await;
    let errors = schema_errors(&archive);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[tokio::test]
async fn what_the_reader_accepts_written_by_hand_the_schema_accepts() {
    let mut archive = good_archive().await;
    // A trial pain stopped, its reading left out rather than null.
    let trial = trial_with(&archive, "heel_height");
    set(&mut archive, &format!("{trial}/hurt"), json!(true));
    remove(&mut archive, &format!("{trial}/reading"));
    // White space around a name of the longest length: trimmed, as the core counts it.
    set(
        &mut archive,
        "/profiles/0/name",
        json!(format!("  {}\t", "é".repeat(80))),
    );
    assert!(read_archive(&serde_json::to_vec(&archive).unwrap()).is_ok());
    let errors = schema_errors(&archive);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[tokio::test]
async fn damage_the_reader_refuses_the_schema_refuses() {
    let good = good_archive().await;
    let angle = trial_with(&good, "heel_height");
    let grade = trial_with(&good, "force");
    type Damage = Box<dyn Fn(&mut Value)>;
    let at = |p: &str| p.to_string();
    let cases: Vec<(&str, Damage)> = vec![
        (
            "another format",
            Box::new(|a| set(a, "/format", json!("csv"))),
        ),
        (
            "a newer version",
            Box::new(|a| set(a, "/version", json!(2))),
        ),
        (
            "an unknown field",
            Box::new(|a| set(a, "/profiles/0/colour", json!("blue"))),
        ),
        (
            "a blank name",
            Box::new(|a| set(a, "/profiles/0/name", json!("   "))),
        ),
        (
            "a name with a line break",
            Box::new(|a| set(a, "/profiles/0/name", json!("An\nna"))),
        ),
        (
            "a name too long",
            Box::new(|a| set(a, "/profiles/0/name", json!("x".repeat(81)))),
        ),
        (
            "born in 1899",
            Box::new(|a| set(a, "/profiles/0/birth_year", json!(1899))),
        ),
        (
            "a leg of 30 cm",
            Box::new(|a| set(a, "/profiles/0/leg_length_cm", json!(30.0))),
        ),
        (
            "a height of 300 cm",
            Box::new(|a| set(a, "/profiles/0/body_height_cm", json!(300))),
        ),
        (
            "an unknown protocol",
            Box::new(|a| set(a, "/sessions/0/session/protocol_version", json!(99))),
        ),
        (
            "no trials per side",
            Box::new(|a| set(a, "/sessions/0/session/trials_per_side", json!(0))),
        ),
        (
            "unfinished with an end",
            Box::new(|a| set(a, "/sessions/0/session/status", json!("unfinished"))),
        ),
        (
            "a missing end",
            Box::new(|a| set(a, "/sessions/0/session/ended_at", Value::Null)),
        ),
        (
            "pain 11",
            Box::new(|a| set(a, "/sessions/0/symptoms/back_pain", json!(11))),
        ),
        (
            "sit-ups without the extension answer",
            Box::new(|a| {
                set(a, "/sessions/0/symptoms/situps_per_week", json!(30));
                set(
                    a,
                    "/sessions/0/symptoms/extension_after_situps",
                    Value::Null,
                );
            }),
        ),
        (
            "the extension answer without sit-ups",
            Box::new(|a| {
                set(a, "/sessions/0/symptoms/situps_per_week", json!(0));
                set(
                    a,
                    "/sessions/0/symptoms/extension_after_situps",
                    json!(true),
                );
            }),
        ),
        (
            "a side in the middle",
            Box::new({
                let p = at(&angle);
                move |a| set(a, &format!("{p}/side"), json!("middle"))
            }),
        ),
        (
            "trial 21",
            Box::new({
                let p = at(&angle);
                move |a| set(a, &format!("{p}/trial"), json!(21))
            }),
        ),
        (
            "an angle of 95",
            Box::new({
                let p = at(&angle);
                move |a| {
                    set(a, &format!("{p}/method"), json!("goniometer"));
                    set(
                        a,
                        &format!("{p}/reading"),
                        json!({"kind": "angle", "degrees": 95}),
                    );
                }
            }),
        ),
        (
            "grade 6",
            Box::new({
                let p = at(&grade);
                move |a| {
                    set(a, &format!("{p}/method"), json!("helpers_feel"));
                    set(
                        a,
                        &format!("{p}/reading"),
                        json!({"kind": "grade", "grade": 6}),
                    );
                }
            }),
        ),
        (
            "a grade for the leg raise",
            Box::new({
                let p = at(&angle);
                move |a| {
                    set(
                        a,
                        &format!("{p}/reading"),
                        json!({"kind": "grade", "grade": 4}),
                    );
                }
            }),
        ),
        (
            "a helper's feel for a force",
            Box::new({
                let p = at(&grade);
                move |a| {
                    set(a, &format!("{p}/method"), json!("helpers_feel"));
                }
            }),
        ),
        (
            "a goniometer for a heel height",
            Box::new({
                let p = at(&angle);
                move |a| {
                    set(a, &format!("{p}/method"), json!("goniometer"));
                }
            }),
        ),
        (
            "no value without pain",
            Box::new({
                let p = at(&angle);
                move |a| {
                    set(a, &format!("{p}/reading"), Value::Null);
                }
            }),
        ),
        (
            "a force beyond 2000 N",
            Box::new({
                let p = at(&grade);
                move |a| {
                    set(
                        a,
                        &format!("{p}/reading"),
                        json!({"kind": "force", "force": {"value": 250.0, "unit": "kgf"}}),
                    );
                }
            }),
        ),
        (
            "struck out for other without words",
            Box::new({
                let p = at(&angle);
                move |a| {
                    let when = a.pointer(&format!("{p}/taken_at")).unwrap().clone();
                    set(
                        a,
                        &format!("{p}/void"),
                        json!({"reason": "other", "note": " ", "by": null, "at": when}),
                    );
                }
            }),
        ),
        (
            "a struck-out reason on two lines",
            Box::new({
                let p = at(&angle);
                move |a| {
                    let when = a.pointer(&format!("{p}/taken_at")).unwrap().clone();
                    set(
                        a,
                        &format!("{p}/void"),
                        json!({"reason": "typo", "note": "a\nb", "by": null, "at": when}),
                    );
                }
            }),
        ),
        (
            "a trial without its time",
            Box::new({
                let p = at(&angle);
                move |a| remove(a, &format!("{p}/taken_at"))
            }),
        ),
        (
            "a completed exercise naming none",
            Box::new(|a| {
                set(a, "/sessions/0/exercises/0/exercise", Value::Null);
                set(a, "/sessions/0/exercises/0/outcome", json!("completed"));
            }),
        ),
        (
            "a skipped exercise with time done",
            Box::new(|a| {
                set(a, "/sessions/0/exercises/0/outcome", json!("skipped"));
                set(a, "/sessions/0/exercises/0/done_seconds", json!(30));
            }),
        ),
        (
            "a strengthening in the stretch step",
            Box::new(|a| {
                set(a, "/sessions/0/exercises/0/step", json!("stretch"));
                set(
                    a,
                    "/sessions/0/exercises/0/exercise",
                    json!({"kind": "strengthen", "technique": "glute_weak_side", "weak_side": "left"}),
                );
            }),
        ),
    ];
    for (what, damage) in &cases {
        let mut archive = good.clone();
        damage(&mut archive);
        assert!(
            read_archive(&serde_json::to_vec(&archive).unwrap()).is_err(),
            "{what}: the reader should refuse it"
        );
        assert!(
            !schema_errors(&archive).is_empty(),
            "{what}: the reader refuses it, but the published schema lets it pass"
        );
    }
}
