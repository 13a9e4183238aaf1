//! Striking out a trial through the API: the way a typo is fixed (the slot is free again and
//! the verdict leaves the trial out), and every refusal, with nothing changed by a refusal
//! (included by `api.rs`, so every reply is checked against the document).

use super::*;

fn void_path(session: &str, measurement: &str) -> String {
    format!("/api/v1/sessions/{session}/measurements/{measurement}/void")
}

/// How many of the stored session's trials are struck out.
async fn struck_out(api: &Api, session: &str) -> usize {
    stored_record(api, session)
        .await
        .measurements
        .iter()
        .filter(|m| m.void.is_some())
        .count()
}

async fn a_mistyped_trial_is_struck_out_and_taken_again(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");
    let mut step = api.get(me, &base).await.body["next_step"].clone();
    for value in [json!(12), json!(30)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    // Meant 13: 85 is what a slipped finger makes of it.
    let typo = api
        .post(
            me,
            &format!("{base}/measurements"),
            // Asked about and confirmed in haste: kept, flagged, until struck out.
            json!({"test": "leg_raise", "side": "left", "value": 85, "confirmed": true}),
        )
        .await;
    assert_eq!(typo.status, 201, "{typo:#?}");
    let typo_id = typo.body["measurement"]["id"].as_str().unwrap().to_string();

    let voided = api
        .post(
            me,
            &void_path(&session, &typo_id),
            json!({"reason": "typo", "note": "meant 13"}),
        )
        .await;
    assert_eq!(voided.status, 200, "{voided:#?}");
    let void = &voided.body["measurement"]["void"];
    assert_eq!(void["reason"], "typo", "{voided:#?}");
    assert_eq!(void["note"], "meant 13");
    assert_eq!(void["text"], "typed wrongly (meant 13)");
    assert_eq!(void["by"], olga.account.id.0.to_string());
    // The slot is free: the next step asks for the left side's second trial again.
    let next = &voided.body["next_step"];
    assert_eq!(
        (next["step"].clone(), next["side"].clone()),
        (json!("trial"), json!("left")),
        "{voided:#?}"
    );
    let retaken = take_trial(&api, &olga, &session, next, json!(13)).await;
    take_trial(&api, &olga, &session, &retaken, json!(31)).await;

    // The session lists the struck-out trial with why, and its verdict leaves it out.
    let shown = api.get(me, &base).await;
    let listed: Vec<&Value> = shown.body["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["void"].is_object())
        .collect();
    assert_eq!(listed.len(), 1, "{shown:#?}");
    assert_eq!(listed[0]["id"], typo_id.as_str());
    let verdict = api.get(me, &format!("{base}/verdict")).await;
    assert_eq!(verdict.status, 200, "{verdict:#?}");
    assert_eq!(
        verdict.body["leg_raise"]["left"]["values"],
        json!([12.0, 13.0]),
        "the struck-out 85 is left out: {verdict:#?}"
    );
    let record = stored_record(&api, &session).await;
    let verdict = record.tightness(&psoas_core::RULES);
    let counted = |side: Option<&psoas_core::verdict::SideSummary>| side.map(|s| s.values.len());
    assert_eq!(
        (
            counted(verdict.left.as_ref()),
            counted(verdict.right.as_ref())
        ),
        (Some(2), Some(2)),
        "two trials count on each side: {verdict:?}"
    );
    assert_eq!(verdict.left.as_ref().unwrap().values, [12.0, 13.0]);
}

async fn striking_out_is_refused_clearly_and_a_refusal_changes_nothing(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");
    let trial =
        |side: &str, value: Value| json!({"test": "leg_raise", "side": side, "value": value});
    let first = api
        .post(
            me,
            &format!("{base}/measurements"),
            trial("left", json!(20)),
        )
        .await;
    let first = first.body["measurement"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second = api
        .post(
            me,
            &format!("{base}/measurements"),
            trial("right", json!(25)),
        )
        .await;
    let second = second.body["measurement"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Another account's trial is not found, and nothing says it exists.
    let other = api.member(&olga).await;
    let foreign = api
        .post(
            &other.token,
            &void_path(&session, &first),
            json!({"reason": "typo"}),
        )
        .await;
    foreign.problem("not-found", 404);
    // An id that is no trial of this session, and one that is no id.
    let unknown = api
        .post(
            me,
            &void_path(&session, &Uuid::new_v4().to_string()),
            json!({"reason": "typo"}),
        )
        .await;
    unknown.problem("not-found", 404);
    let garbled = api
        .post(
            me,
            &void_path(&session, "trial-2"),
            json!({"reason": "typo"}),
        )
        .await;
    garbled.problem("not-found", 404);
    // "Other" needs words; a reason not on the list and too many words are refused.
    let wordless = api
        .post(me, &void_path(&session, &first), json!({"reason": "other"}))
        .await;
    assert!(
        wordless.invalid("/note").contains("few words"),
        "{wordless:#?}"
    );
    let unlisted = api
        .post(me, &void_path(&session, &first), json!({"reason": "bored"}))
        .await;
    unlisted.problem("validation", 422);
    let long = api
        .post(
            me,
            &void_path(&session, &first),
            json!({"reason": "other", "note": "x".repeat(201)}),
        )
        .await;
    assert!(long.invalid("/note").contains("200"), "{long:#?}");
    assert_eq!(struck_out(&api, &session).await, 0);

    // Struck out once; twice is a conflict that says so.
    let once = api
        .post(
            me,
            &void_path(&session, &first),
            json!({"reason": "pelvis_lifted"}),
        )
        .await;
    assert_eq!(once.status, 200, "{once:#?}");
    let twice = api
        .post(me, &void_path(&session, &first), json!({"reason": "typo"}))
        .await;
    assert!(
        twice
            .problem("conflict", 409)
            .contains("struck out already"),
        "{twice:#?}"
    );
    let record = stored_record(&api, &session).await;
    let kept = record.measurements[0].void.as_ref().unwrap();
    assert_eq!(kept.reason, psoas_core::VoidReason::PelvisLifted);

    // A trial that hurt keeps its pain.
    let hurt = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "leg_raise", "side": "left", "hurt": true}),
        )
        .await;
    assert_eq!(hurt.status, 201, "{hurt:#?}");
    let hurt = hurt.body["measurement"]["id"].as_str().unwrap().to_string();
    let painful = api
        .post(me, &void_path(&session, &hurt), json!({"reason": "typo"}))
        .await;
    assert!(
        painful.problem("conflict", 409).contains("hurt"),
        "{painful:#?}"
    );

    // A finished session's trials stay as they were judged.
    let finished = api.post(me, &format!("{base}/finish"), Value::Null).await;
    assert_eq!(finished.status, 200, "{finished:#?}");
    let late = api
        .post(me, &void_path(&session, &second), json!({"reason": "typo"}))
        .await;
    assert!(
        late.problem("conflict", 409).contains("finished"),
        "{late:#?}"
    );
    assert_eq!(struck_out(&api, &session).await, 1);
}

both_backends!(
    a_mistyped_trial_is_struck_out_and_taken_again,
    striking_out_is_refused_clearly_and_a_refusal_changes_nothing,
);
