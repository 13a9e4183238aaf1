//! History lines are kept in the server's memory while their sessions are unchanged
//! (`history_lines.rs`); these tests read the history after each kind of change and expect
//! to see it at once (included by `api.rs`, so every reply is checked against the document).

use super::*;

/// The one line of a profile's history.
async fn line(api: &Api, user: &User, profile: &str) -> Value {
    let reply = api
        .get(
            &user.token,
            &format!("/api/v1/history?profile_id={profile}"),
        )
        .await;
    assert_eq!(reply.status, 200, "{reply:#?}");
    assert_eq!(reply.body["total"], 1, "{reply:#?}");
    reply.body["items"][0].clone()
}

async fn a_history_line_shows_every_change_to_its_session_at_once(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");
    let shown = api.get(me, &base).await;
    let profile = shown.body["profile_id"].as_str().unwrap().to_string();

    let before = line(&api, &olga, &profile).await;
    assert_eq!(before["back_pain"], 3);
    assert!(before["tightness"].is_null(), "{before}");
    assert_eq!(before["status"], "unfinished");
    // Read twice: the second answer may come from memory and is the same.
    assert_eq!(line(&api, &olga, &profile).await, before);

    // Trials, left and right in turn: the line gains its verdict.
    let mut step = shown.body["next_step"].clone();
    for value in [json!(12), json!(30), json!(13), json!(31)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    let judged = line(&api, &olga, &profile).await;
    assert_eq!(judged["tightness"]["side"], "left", "{judged}");

    // New symptoms: the pain shown changes.
    let symptoms = api
        .put(
            me,
            &format!("{base}/symptoms"),
            json!({"back_pain": 6, "pelvic_pain": 5, "sitting_hours_per_day": 8,
                   "situps_per_week": 0}),
        )
        .await;
    assert_eq!(symptoms.status, 200, "{symptoms:#?}");
    let pained = line(&api, &olga, &profile).await;
    assert_eq!(
        (pained["back_pain"].clone(), pained["pelvic_pain"].clone()),
        (json!(6), json!(5))
    );
    assert_eq!(pained["tightness"], judged["tightness"]);

    // A renamed profile: its name on the line changes.
    let renamed = api
        .patch(
            me,
            &format!("/api/v1/profiles/{profile}"),
            json!({"name": "Anja"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{renamed:#?}");
    assert_eq!(line(&api, &olga, &profile).await["profile_name"], "Anja");

    // Finished: the status changes.
    let finished = api.post(me, &format!("{base}/finish"), Value::Null).await;
    assert_eq!(finished.status, 200, "{finished:#?}");
    assert_eq!(line(&api, &olga, &profile).await["status"], "finished");

    // Another account asking for the same profile's history gets nothing from memory.
    let other = api.member(&olga).await;
    let refused = api
        .get(
            &other.token,
            &format!("/api/v1/history?profile_id={profile}"),
        )
        .await;
    assert_eq!(refused.status, 404, "{refused:#?}");
    let own = api.get(&other.token, "/api/v1/history").await;
    assert_eq!(own.status, 200);
    assert_eq!(own.body["total"], 0, "{own:#?}");
}

both_backends!(a_history_line_shows_every_change_to_its_session_at_once);
