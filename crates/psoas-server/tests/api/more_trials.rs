//! Comparable trials through the API: a test keeps the way it is measured and the kind of
//! answer it is given, and a verdict that asks for more trials offers the next one, which is
//! recorded like any other (included by `api.rs`, so every reply is checked against the
//! document).

use super::*;

async fn a_verdict_asking_for_more_offers_the_next_trial_and_a_test_keeps_its_way(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");
    let mut step = api.get(me, &base).await.body["next_step"].clone();
    // The left side's trials disagree by 20°, more than a goniometer explains.
    for value in [json!(10), json!(40), json!(30), json!(41)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    assert_eq!(step, json!({"step": "stretch"}));
    let verdict = api.get(me, &format!("{base}/verdict")).await;
    let more = &verdict.body["leg_raise"]["more_trials"];
    assert_eq!(more["sides"], json!(["left"]), "{verdict:#?}");
    assert_eq!(
        more["next"],
        json!({"test": "leg_raise", "phase": "baseline", "side": "left", "trial": 3,
               "position": 3, "text": "Take another trial on the left side (trial 3)"}),
        "{verdict:#?}"
    );
    // The session's own view offers the same.
    let shown = api.get(me, &base).await;
    assert_eq!(
        shown.body["verdicts"][0]["more_trials"]["next"],
        more["next"]
    );

    // Another way of measuring in the same test is refused, saying which way it keeps.
    let other_way = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "leg_raise", "side": "left", "value": 12, "method": "inclinometer"}),
        )
        .await;
    assert!(
        other_way
            .invalid("/method")
            .contains("measured with a goniometer"),
        "{other_way:#?}"
    );
    // The offered trial, with the method left out: the session's way.
    let taken = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "leg_raise", "side": "left", "phase": "baseline", "trial": 3,
                   "value": 12}),
        )
        .await;
    assert_eq!(taken.status, 201, "{taken:#?}");
    assert_eq!(taken.body["measurement"]["method"], "goniometer");
    let verdict = api.get(me, &format!("{base}/verdict")).await;
    assert_eq!(
        verdict.body["leg_raise"]["left"]["values"],
        json!([10.0, 30.0, 12.0])
    );

    // Strength: a grade, then held / gave way in the same test, is refused.
    let grade = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "strength", "side": "left", "value": "4"}),
        )
        .await;
    assert_eq!(grade.status, 201, "{grade:#?}");
    let held = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "strength", "side": "right", "value": "held"}),
        )
        .await;
    assert!(
        held.invalid("/value").contains("measured as grades 0-5"),
        "{held:#?}"
    );
    let stored = stored_record(&api, &session).await;
    assert_eq!(stored.measurements.len(), 6, "refusals store nothing");
}

both_backends!(a_verdict_asking_for_more_offers_the_next_trial_and_a_test_keeps_its_way);
