//! Damaged archives are refused whole, naming the place of each problem.

use psoas_exchange::{Format, Problem, read_archive};
use psoas_store::Scope;
use serde_json::{Value, json};

use crate::common::{daily_history, fill, store};
use crate::exported;

async fn good_archive() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &daily_history(2)).await;
    serde_json::from_slice(&exported(&source, Scope::Terminal, Format::Json).await).unwrap()
}

fn problems(document: &Value) -> Vec<Problem> {
    read_archive(&serde_json::to_vec(document).unwrap()).unwrap_err()
}

fn pointers(found: &[Problem]) -> Vec<&str> {
    found.iter().map(|p| p.pointer.as_str()).collect()
}

#[tokio::test]
async fn a_good_archive_reads_back() {
    let archive = good_archive().await;
    let read = read_archive(&serde_json::to_vec(&archive).unwrap()).unwrap();
    assert_eq!(read.profiles.len(), 1);
    assert_eq!(read.sessions.len(), 2);
}

#[tokio::test]
async fn pain_at_the_end_is_read_back_and_checked() {
    let mut archive = good_archive().await;
    let at = archive["sessions"][0]["symptoms"]["recorded_at"].clone();
    archive["sessions"][0]["pain_after"] =
        json!({"back_pain": 1, "pelvic_pain": 0, "recorded_at": at});
    let read = read_archive(&serde_json::to_vec(&archive).unwrap()).unwrap();
    let end = read.sessions[0].record.pain_after.expect("read back");
    assert_eq!((end.back_pain.value(), end.pelvic_pain.value()), (1, 0));
    // Older archives have none.
    archive["sessions"][0]
        .as_object_mut()
        .unwrap()
        .remove("pain_after");
    let read = read_archive(&serde_json::to_vec(&archive).unwrap()).unwrap();
    assert_eq!(read.sessions[0].record.pain_after, None);

    archive["sessions"][0]["pain_after"] = json!({"back_pain": 12, "recorded_at": at});
    let found = problems(&archive);
    assert_eq!(
        pointers(&found),
        [
            "/sessions/0/pain_after/back_pain",
            "/sessions/0/pain_after/pelvic_pain"
        ],
        "{found:#?}"
    );
}

#[tokio::test]
async fn every_problem_is_listed_with_its_json_pointer() {
    let mut archive = good_archive().await;
    archive["sessions"][0]["measurements"][1]["trial"] = json!(0);
    archive["sessions"][0]["measurements"][2]["side"] = json!("middle");
    archive["sessions"][1]["symptoms"]["back_pain"] = json!(11);
    archive["sessions"][1]["measurements"][0]
        .as_object_mut()
        .unwrap()
        .remove("taken_at");
    archive["profiles"][0]["colour"] = json!("blue");
    archive["sessions"][1]["session"]["profile_id"] = json!("00000000-0000-4000-8000-000000000000");

    let found = problems(&archive);
    assert_eq!(
        pointers(&found),
        vec![
            "/profiles/0/colour",
            "/sessions/0/measurements/1",
            "/sessions/0/measurements/2/side",
            "/sessions/1/session/profile_id",
            "/sessions/1/symptoms/back_pain",
            "/sessions/1/measurements/0/taken_at",
        ],
        "{found:#?}"
    );
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(text[1].contains("trial number"), "{text:?}");
    assert!(text[2].contains("middle"), "{text:?}");
    assert!(text[4].contains("pain"), "{text:?}");
    assert!(text[5].contains("'taken_at' is missing"), "{text:?}");
}

#[test]
fn a_file_cut_short_names_its_line_and_column() {
    let found =
        read_archive(b"{\"format\": \"psoas-archive\",\n \"version\": 1,\n \"profiles\": [")
            .unwrap_err();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line_column, Some((3, 14)));
    assert!(
        found[0]
            .to_string()
            .starts_with("line 3, column 14: not valid JSON"),
        "{}",
        found[0]
    );
}

#[test]
fn another_programs_json_is_not_an_archive() {
    let found = problems(&json!({"resourceType": "Bundle"}));
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        text.contains(&"/format: 'format' is missing".to_string()),
        "{text:?}"
    );
    assert!(
        text.contains(&"/profiles: 'profiles' is missing".to_string()),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("/resourceType: unknown field")),
        "{text:?}"
    );
    let found = problems(&json!([1, 2]));
    assert_eq!(
        found[0].to_string(),
        "expected a psoas archive (a JSON object)"
    );
}

#[tokio::test]
async fn a_newer_archive_asks_for_a_newer_psoas() {
    let mut archive = good_archive().await;
    archive["version"] = json!(2);
    let found = problems(&archive);
    assert_eq!(pointers(&found), vec!["/version"]);
    assert!(found[0].message.contains("upgrade psoas"), "{found:?}");
}

#[tokio::test]
async fn records_that_do_not_fit_together_are_refused() {
    let mut archive = good_archive().await;
    // The same trial twice, a heel height whose angle was edited, a force out of range,
    // a red flag on a session that went on.
    let first = archive["sessions"][0]["measurements"][0].clone();
    archive["sessions"][0]["measurements"]
        .as_array_mut()
        .unwrap()
        .push(first);
    archive["sessions"][0]["measurements"][1]["reading"]["degrees"] = json!(45.0);
    archive["sessions"][1]["measurements"][6]["reading"] =
        json!({"kind": "force", "force": {"value": 5000.0, "unit": "N"}});
    archive["sessions"][1]["measurements"][6]["method"] = json!("dynamometer");
    archive["sessions"][1]["screening"]["flags"] = json!(["pregnancy"]);

    let found = problems(&archive);
    assert_eq!(
        pointers(&found),
        vec![
            "/sessions/0/measurements/1/reading",
            "/sessions/0/measurements/12/id",
            "/sessions/0/measurements/12/trial",
            "/sessions/1/measurements/6/reading",
            "/sessions/1/session/status",
        ],
        "{found:#?}"
    );
    assert!(
        found[0].message.contains("does not match the heel height"),
        "{found:?}"
    );
    assert!(found[3].message.contains("force"), "{found:?}");
}

#[tokio::test]
async fn a_struck_out_trial_reads_back_and_a_damaged_one_is_refused_where_it_is() {
    let mut archive = good_archive().await;
    let taken_at = archive["sessions"][0]["measurements"][0]["taken_at"].clone();
    archive["sessions"][0]["measurements"][0]["void"] =
        json!({"reason": "typo", "note": "meant 9.5 cm", "at": taken_at});
    let read = read_archive(&serde_json::to_vec(&archive).unwrap()).unwrap();
    let void = read.sessions[0].record.measurements[0]
        .void
        .as_ref()
        .unwrap();
    assert_eq!(void.describe(), "typed wrongly (meant 9.5 cm)");

    archive["sessions"][0]["measurements"][1]["void"] = json!({"reason": "bored", "at": taken_at});
    archive["sessions"][0]["measurements"][2]["void"] = json!({"reason": "other", "at": taken_at});
    archive["sessions"][0]["measurements"][3]["hurt"] = json!(true);
    archive["sessions"][0]["measurements"][3]["void"] = json!({"reason": "typo", "at": taken_at});
    archive["sessions"][1]["measurements"][0]["void"] =
        json!({"reason": "typo", "at": "2000-01-01T00:00:00Z"});
    let found = problems(&archive);
    assert_eq!(
        pointers(&found),
        vec![
            "/sessions/0/measurements/1/void/reason",
            "/sessions/0/measurements/2/void",
            "/sessions/0/measurements/3/void",
            "/sessions/1/measurements/0/void/at",
        ],
        "{found:#?}"
    );
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(text[1].contains("say in a few words"), "{text:?}");
    assert!(text[2].contains("hurt"), "{text:?}");
    assert!(text[3].contains("before the trial was taken"), "{text:?}");
}

#[tokio::test]
async fn camera_markers_must_name_a_camera_trial_once_and_be_photos_or_a_recording() {
    // Leg raises by the camera (kind 11) and by a goniometer (kind 5).
    let mut history = daily_history(1);
    for (i, trial) in history[0].sessions[0].trials.iter_mut().take(6).enumerate() {
        trial.kind = if i < 4 { 11 } else { 5 };
    }
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &history).await;
    let mut archive: Value =
        serde_json::from_slice(&exported(&source, Scope::Terminal, Format::Json).await).unwrap();
    assert!(read_archive(&serde_json::to_vec(&archive).unwrap()).is_ok());
    let (at, entry) = archive["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find_map(|(i, s)| Some((i, s["camera_markers"].get(0)?.clone())))
        .expect("the history has a camera trial");
    let typed = archive["sessions"][at]["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "goniometer")
        .map(|m| m["id"].clone())
        .expect("the session has a trial measured another way");
    let mut elsewhere = entry.clone();
    elsewhere["measurement_id"] = typed;
    let mut both = entry.clone();
    both["frames"] = json!([{"t_ms": 0, "markers": entry["lift"].clone()}]);
    let kept = archive["sessions"][at]["camera_markers"]
        .as_array_mut()
        .unwrap();
    let n = kept.len();
    kept.extend([entry.clone(), elsewhere, both]);

    let found = problems(&archive);
    let base = format!("/sessions/{at}/camera_markers");
    assert_eq!(
        pointers(&found),
        vec![
            format!("{base}/{n}"),
            format!("{base}/{}/measurement_id", n + 1),
            format!("{base}/{}", n + 2),
        ],
        "{found:#?}"
    );
    assert!(found[0].message.contains("second entry"), "{found:?}");
    assert!(found[1].message.contains("only camera trials"), "{found:?}");
    assert!(found[2].message.contains("not both"), "{found:?}");

    // An archive from before the camera, without the field at all, still reads.
    let mut older: Value =
        serde_json::from_slice(&exported(&source, Scope::Terminal, Format::Json).await).unwrap();
    for session in older["sessions"].as_array_mut().unwrap() {
        let entry = session.as_object_mut().unwrap();
        entry.remove("camera_markers");
        entry["measurements"]
            .as_array_mut()
            .unwrap()
            .retain(|m| m["method"] != "camera_markers");
    }
    assert!(read_archive(&serde_json::to_vec(&older).unwrap()).is_ok());
}
