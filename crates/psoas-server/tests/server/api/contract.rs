//! The document declares the rules the server enforces: for each one, a body the server
//! refuses is refused by the documented schema as well, so a client that checks its
//! requests against the document learns of the mistake before sending. (Every accepted
//! body is checked against the document by `Api::send`.) Included by `api.rs`.

use super::*;

/// Sends a body the server must refuse with a 422 at `field`, and checks that the
/// document refuses it too.
async fn refused_by_both(
    api: &Api,
    user: &User,
    method: &str,
    path: &str,
    body: Value,
    field: &str,
) {
    let declared = api.request_errors(method, path, &body);
    let reply = api
        .send(&user.token, method, path, Body::Json(body.clone()))
        .await;
    reply.invalid(field);
    assert!(
        !declared.is_empty(),
        "{method} {path}: the server refuses {body} at {field}, but the document accepts it"
    );
}

async fn profile_rules_are_declared_as_the_core_checks_them(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let profiles = "/api/v1/profiles";
    let this_year = i64::from(jiff::ZonedDateTime::now().year());
    for (body, field) in [
        (json!({"name": "Anna", "birth_year": 1899}), "/birth_year"),
        (
            json!({"name": "Anna", "birth_year": this_year + 1}),
            "/birth_year",
        ),
        (
            json!({"name": "Anna", "leg_length_cm": 39.5}),
            "/leg_length_cm",
        ),
        (
            json!({"name": "Anna", "body_height_cm": 241}),
            "/body_height_cm",
        ),
        (json!({"name": "An\u{7}na"}), "/name"),
        (json!({"name": "An\nna"}), "/name"),
        (json!({"name": " \t "}), "/name"),
        (json!({"name": "x".repeat(81)}), "/name"),
    ] {
        refused_by_both(&api, &olga, "post", profiles, body, field).await;
    }
    assert!(stored_profiles(&api).await.is_empty());

    // What the core accepts, the document accepts: white space around the name is trimmed,
    // and a whole number written with a decimal point is a whole number.
    let id = add_profile(
        &api,
        &olga,
        json!({"name": "\tAnna ", "birth_year": 1984.0, "leg_length_cm": 40,
               "body_height_cm": 240, "sex": "female"}),
    )
    .await;
    // The longest name, padded: its length counts trimmed, by the document as by the core.
    add_profile(
        &api,
        &olga,
        json!({"name": format!("  {} ", "é".repeat(80))}),
    )
    .await;
    let path = format!("{profiles}/{id}");
    for (body, field) in [
        (json!({"birth_year": 1800}), "/birth_year"),
        (json!({"name": "An\u{85}na"}), "/name"),
        (json!({"leg_length_cm": 131}), "/leg_length_cm"),
    ] {
        refused_by_both(&api, &olga, "patch", &path, body, field).await;
    }
    // U+0085 (next line) is white space to the core but not to a regular expression's `\s`.
    let trimmed = api
        .patch(&olga.token, &path, json!({"name": "\u{85}Anna\u{85}"}))
        .await;
    assert_eq!(trimmed.status, 200, "{trimmed:#?}");
    let stored = api.get(&olga.token, &path).await;
    assert_eq!(stored.body["name"], "Anna");
    assert_eq!(stored.body["birth_year"], 1984);
    let born_this_year = api
        .patch(&olga.token, &path, json!({"birth_year": this_year}))
        .await;
    assert_eq!(born_this_year.status, 200, "{born_this_year:#?}");
}

async fn answers_that_depend_on_other_answers_are_declared(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let base = format!("/api/v1/sessions/{session}");

    let symptoms = format!("{base}/symptoms");
    refused_by_both(
        &api,
        &olga,
        "put",
        &symptoms,
        json!({"back_pain": 3, "pelvic_pain": 1, "sitting_hours_per_day": 8,
               "situps_per_week": 30}),
        "/extension_after_situps",
    )
    .await;
    let answered = api
        .put(
            &olga.token,
            &symptoms,
            json!({"back_pain": 3, "pelvic_pain": 1, "sitting_hours_per_day": 8,
                   "situps_per_week": 30, "extension_after_situps": false}),
        )
        .await;
    assert_eq!(answered.status, 200, "{answered:#?}");

    let measurements = format!("{base}/measurements");
    for body in [
        json!({"test": "leg_raise", "side": "left"}),
        json!({"test": "leg_raise", "side": "left", "value": null, "hurt": false}),
    ] {
        refused_by_both(&api, &olga, "post", &measurements, body, "/value").await;
    }
    assert!(stored_record(&api, &session).await.measurements.is_empty());
    // Pain stopped it: no value needed.
    let hurt = api
        .post(
            &olga.token,
            &measurements,
            json!({"test": "leg_raise", "side": "left", "hurt": true}),
        )
        .await;
    assert_eq!(hurt.status, 201, "{hurt:#?}");
    let trial = api
        .post(
            &olga.token,
            &measurements,
            json!({"test": "leg_raise", "side": "right", "value": 20}),
        )
        .await;
    assert_eq!(trial.status, 201, "{trial:#?}");
    let trial = trial.body["measurement"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let void = format!("{measurements}/{trial}/void");
    for body in [
        json!({"reason": "other"}),
        json!({"reason": "other", "note": "  "}),
        json!({"reason": "typo", "note": "meant\n21"}),
    ] {
        refused_by_both(&api, &olga, "post", &void, body, "/note").await;
    }
    assert!(
        stored_record(&api, &session)
            .await
            .measurements
            .iter()
            .all(|m| m.void.is_none())
    );

    let exercises = format!("{base}/exercises");
    for (body, field) in [
        (json!({"step": "stretch", "side": "left"}), "/variant"),
        (
            json!({"step": "stretch", "side": "left", "outcome": "stopped"}),
            "/variant",
        ),
        (
            json!({"step": "stretch", "side": "left", "variant": "edge_of_bed",
                   "outcome": "stopped"}),
            "/seconds",
        ),
        (
            json!({"step": "stretch", "side": "left", "variant": "glute_weak_side"}),
            "/variant",
        ),
        (
            json!({"step": "strengthen", "side": "left", "variant": "foam_roller"}),
            "/variant",
        ),
        (
            json!({"step": "stretch", "outcome": "skipped", "seconds": 30}),
            "/seconds",
        ),
    ] {
        refused_by_both(&api, &olga, "post", &exercises, body, field).await;
    }
    assert!(stored_record(&api, &session).await.exercises.is_empty());
    let stretched = api
        .post(
            &olga.token,
            &exercises,
            json!({"step": "stretch", "side": "left", "variant": "foam_roller",
                   "outcome": "stopped", "seconds": 40}),
        )
        .await;
    assert_eq!(stretched.status, 201, "{stretched:#?}");
}

async fn a_recorded_lift_too_short_to_analyse_is_refused_by_the_document(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let lifts = format!("/api/v1/sessions/{session}/lifts");
    let reading = |t: usize| json!({"t_ms": t as f64 * 16.7, "beta": 0.5, "gamma": 0.0});
    let few: Vec<Value> = (0..5).map(reading).collect();
    let enough: Vec<Value> = (0..120).map(reading).collect();
    for (zero, samples) in [(&few, &enough), (&enough, &few)] {
        let body = json!({"side": "left", "series": {"zero": zero, "samples": samples}});
        let declared = api.request_errors("post", &lifts, &body);
        let reply = api.post(&olga.token, &lifts, body).await;
        assert_eq!(reply.status, 422, "{reply:#?}");
        assert!(
            !declared.is_empty(),
            "the document accepts {} and {} readings",
            zero.len(),
            samples.len()
        );
    }
    assert!(stored_record(&api, &session).await.measurements.is_empty());
}

async fn the_import_body_is_the_published_archive_schema(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    measured_session(&api, &olga).await;
    let archive = api
        .get(&olga.token, "/api/v1/export?format=json")
        .await
        .body;
    let import = &api.doc["paths"]["/api/v1/import"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert_eq!(import["$ref"], "#/components/schemas/Archive");
    let errors = api.validate(import, &archive);
    assert!(
        errors.is_empty(),
        "an export does not match the import's schema: {errors:#?}"
    );

    let fresh = Api::start(backend).await;
    let someone = fresh.owner().await;
    let mut damaged = archive.clone();
    damaged["sessions"][0]["measurements"][0]["trial"] = json!(21);
    damaged["profiles"][0]["birth_year"] = json!(1850);
    let declared = fresh.request_errors("post", "/api/v1/import", &damaged);
    assert!(declared.len() >= 2, "{declared:#?}");
    let reply = fresh.post(&someone.token, "/api/v1/import", damaged).await;
    reply.invalid("/sessions/0/measurements/0");
    reply.invalid("/profiles/0/birth_year");
    assert!(stored_profiles(&fresh).await.is_empty());
}

both_backends!(
    profile_rules_are_declared_as_the_core_checks_them,
    answers_that_depend_on_other_answers_are_declared,
    a_recorded_lift_too_short_to_analyse_is_refused_by_the_document,
    the_import_body_is_the_published_archive_schema,
);
