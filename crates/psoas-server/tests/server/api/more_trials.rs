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
    // The left side's trials disagree by 20°, more than a goniometer explains; the 30° was
    // asked about and is meant.
    for value in [json!(10), json!(40)] {
        step = take_trial(&api, &olga, &session, &step, value).await;
    }
    let meant = api
        .post(
            me,
            &format!("{base}/measurements"),
            json!({"test": "leg_raise", "side": "left", "value": 30, "confirmed": true}),
        )
        .await;
    assert_eq!(meant.status, 201, "{meant:#?}");
    step = take_trial(&api, &olga, &session, &meant.body["next_step"], json!(41)).await;
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

async fn an_unusual_value_is_refused_until_confirmed_and_out_of_range_stays_refused(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let me = &olga.token;
    let session = ready_session(&api, &olga).await;
    let trials = format!("/api/v1/sessions/{session}/measurements");
    let typo = json!({"test": "leg_raise", "side": "left", "value": "84.8"});
    let asked = api.post(me, &trials, typo.clone()).await;
    let message = asked.invalid("/value");
    assert!(message.starts_with("Is 84.8° right?"), "{message}");
    assert!(message.contains("rarely goes above 45°"), "{message}");
    assert!(message.contains("Did you mean 8.48?"), "{message}");
    assert!(message.contains("Send `confirmed`: true"), "{message}");
    assert!(stored_record(&api, &session).await.measurements.is_empty());

    let mut confirmed = typo.clone();
    confirmed["confirmed"] = json!(true);
    let kept = api.post(me, &trials, confirmed).await;
    assert_eq!(kept.status, 201, "{kept:#?}");
    assert_eq!(kept.body["measurement"]["confirmed_unusual"], true);
    // A usual value is not flagged, confirmed or not.
    let usual = api
        .post(
            me,
            &trials,
            json!({"test": "leg_raise", "side": "right", "value": 20, "confirmed": true}),
        )
        .await;
    assert_eq!(usual.status, 201, "{usual:#?}");
    assert_eq!(usual.body["measurement"]["confirmed_unusual"], false);
    // Confirming cannot store what no leg does.
    let impossible = api
        .post(
            me,
            &trials,
            json!({"test": "leg_raise", "side": "right", "value": 95, "confirmed": true}),
        )
        .await;
    assert!(
        impossible.invalid("/value").contains("between 0 and 90"),
        "{impossible:#?}"
    );
    let stored = stored_record(&api, &session).await;
    assert_eq!(
        stored
            .measurements
            .iter()
            .map(|m| m.confirmed_unusual)
            .collect::<Vec<_>>(),
        [true, false]
    );
}

both_backends!(
    a_verdict_asking_for_more_offers_the_next_trial_and_a_test_keeps_its_way,
    an_unusual_value_is_refused_until_confirmed_and_out_of_range_stays_refused,
);
