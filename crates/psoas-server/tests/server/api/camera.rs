//! The camera's angles through the API: markers of a rest and a lift photo drawn from a body
//! with a known hip extension and pelvis tip come back as that rise and its parts, photos that
//! cannot be trusted are refused with their reason, and no one unsigned is answered (included
//! by `api.rs`, so every reply is checked against the document).

use super::*;

type Point = (f64, f64);

fn turned(p: Point, about: Point, degrees: f64) -> Point {
    // Image coordinates point y down: a negative turn here is anticlockwise on the screen.
    let (s, c) = degrees.to_radians().sin_cos();
    let (x, y) = (p.0 - about.0, p.1 - about.1);
    (about.0 + c * x - s * y, about.1 + s * x + c * y)
}

/// A marker 50 px across at `centre`, turned as the body part it is stuck on.
fn marker(id: u16, centre: Point, turn: f64) -> Value {
    let corners: Vec<Value> = [(-25.0, -25.0), (25.0, -25.0), (25.0, 25.0), (-25.0, 25.0)]
        .iter()
        .map(|&(dx, dy)| {
            let (x, y) = turned((centre.0 + dx, centre.1 + dy), centre, turn);
            json!([x, y])
        })
        .collect();
    json!({"id": id, "centre": [centre.0, centre.1], "corners": corners})
}

/// The left side's P, H and K (ids 0, 1, 2) lying face down, feet to the right, the pelvis
/// tipped by `pelvis` degrees about its front and the thigh turned a further `hip` degrees
/// about H.
fn photo(pelvis: f64, hip: f64, ids: &[u16]) -> Value {
    let front = (330.0, 360.0);
    let (p, h, k) = ((400.0, 300.0), (520.0, 320.0), (900.0, 320.0));
    let (p, h) = (turned(p, front, -pelvis), turned(h, front, -pelvis));
    let k = turned(turned(k, front, -pelvis), h, -hip);
    let placed = [
        (0, p, -pelvis),
        (1, h, -pelvis - hip),
        (2, k, -pelvis - hip),
    ];
    let markers: Vec<Value> = placed
        .iter()
        .filter(|(id, _, _)| ids.contains(id))
        .map(|&(id, centre, turn)| marker(id, centre, turn))
        .collect();
    json!({"width": 1280, "height": 720, "markers": markers})
}

async fn measure(api: &Api, auth: &Auth, rest: Value, lift: Value) -> Reply {
    api.post(
        auth,
        "/api/v1/camera/angles",
        json!({"side": "left", "rest": rest, "lift": lift}),
    )
    .await
}

async fn the_rise_comes_back_split_into_what_the_hip_and_the_pelvis_did(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    for (pelvis, hip) in [(0.0, 12.0), (1.5, 20.0), (6.0, 9.0)] {
        let reply = measure(
            &api,
            &olga.token,
            photo(0.0, 0.0, &[0, 1, 2]),
            photo(pelvis, hip, &[0, 1, 2]),
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:#?}");
        let found = &reply.body;
        let part = |name: &str| found[name].as_f64().unwrap();
        assert!((part("rise_deg") - (pelvis + hip)).abs() <= 0.1, "{found}");
        assert!((part("hip_deg") - hip).abs() <= 0.1, "{found}");
        assert!((part("pelvis_deg") - pelvis).abs() <= 0.1, "{found}");
        // Advice to keep the pelvis down only where it tipped more than a few degrees.
        match found["advice"].as_str() {
            Some(advice) => {
                assert!(pelvis > 3.0, "{advice}");
                assert!(advice.contains("keep the pelvis down"), "{advice}");
                assert!(advice.contains(&format!("{pelvis:.1}°")), "{advice}");
            }
            None => assert!(pelvis <= 3.0, "{found}"),
        }
    }
}

async fn photos_that_cannot_be_trusted_are_refused_with_their_reason(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let rest = photo(0.0, 0.0, &[0, 1, 2]);
    let cases = [
        // The knee's marker out of the lift photo.
        (
            photo(0.0, 15.0, &[0, 1]),
            "missing_marker",
            "the knee marker (K)",
        ),
        // The thigh below where it rested.
        (
            photo(0.0, -10.0, &[0, 1, 2]),
            "leg_went_down",
            "down from the rest photo",
        ),
        // No lift at all.
        (photo(0.0, 0.5, &[0, 1, 2]), "no_lift", "rose only 0.5°"),
    ];
    for (lift, reason, named) in cases {
        let reply = measure(&api, &olga.token, rest.clone(), lift).await;
        assert_eq!(reply.status, 422, "{reply:#?}");
        assert_eq!(
            reply.body["type"],
            "https://psoas.example/problems/photo-refused"
        );
        assert_eq!(reply.body["reason"], reason, "{reply:#?}");
        let detail = reply.body["detail"].as_str().unwrap();
        assert!(detail.contains(named), "{detail}");
        assert!(
            !detail.contains('_'),
            "an internal key reached a person: {detail}"
        );
    }
}

async fn measure_with(api: &Api, auth: &Auth, body: Value) -> Reply {
    api.post(auth, "/api/v1/camera/angles", body).await
}

async fn a_phone_leaning_or_turned_between_the_photos_is_refused(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let pair = |rest: (f64, f64), lift: (f64, f64)| {
        json!({"side": "left", "rest": photo(0.0, 0.0, &[0, 1, 2]),
               "lift": photo(0.0, 12.0, &[0, 1, 2]),
               "tilt": {"rest": {"beta": rest.0, "gamma": rest.1},
                        "lift": {"beta": lift.0, "gamma": lift.1}}})
    };
    let upright = measure_with(&api, &olga.token, pair((90.0, 0.0), (89.5, 0.3))).await;
    assert_eq!(upright.status, 200, "{upright:#?}");
    for (body, reason) in [
        (pair((70.0, 0.0), (70.0, 0.0)), "phone_not_upright"),
        // Turned 3° about the lens: upright still, its "up" 3° aside in the screen's plane.
        (pair((90.0, 0.0), (87.0, -90.0)), "phone_moved"),
    ] {
        let reply = measure_with(&api, &olga.token, body).await;
        assert_eq!(reply.status, 422, "{reply:#?}");
        assert_eq!(reply.body["reason"], reason, "{reply:#?}");
    }
}

async fn values_no_detector_sends_are_refused_at_their_field(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mut off_the_photo = photo(0.0, 12.0, &[0, 1, 2]);
    off_the_photo["markers"][2]["centre"] = json!([5000.0, 320.0]);
    let mut empty = photo(0.0, 0.0, &[0, 1, 2]);
    empty["width"] = json!(0);
    let leaning = json!({"rest": {"beta": 90.0, "gamma": 0.0},
                         "lift": {"beta": 90.0, "gamma": 120.0}});
    let cases = [
        (
            json!({"side": "left", "rest": photo(0.0, 0.0, &[0, 1, 2]), "lift": off_the_photo}),
            "/lift",
        ),
        (
            json!({"side": "left", "rest": empty, "lift": photo(0.0, 12.0, &[0, 1, 2])}),
            "/rest/width",
        ),
        (
            json!({"side": "left", "rest": photo(0.0, 0.0, &[0, 1, 2]),
                "lift": photo(0.0, 12.0, &[0, 1, 2]), "tilt": leaning}),
            "/tilt/lift/gamma",
        ),
    ];
    for (body, field) in cases {
        let reply = measure_with(&api, &olga.token, body).await;
        assert_eq!(reply.status, 422, "{reply:#?}");
        assert_eq!(
            reply.body["type"],
            "https://psoas.example/problems/validation"
        );
        assert_eq!(reply.body["errors"][0]["field"], field, "{reply:#?}");
    }
}

async fn photos_sent_to_the_server_give_their_markers_and_then_the_lift(backend: Backend) {
    use psoas_vision::testing::{Scene, encode_jpeg, encode_png};
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let rest = encode_png(&Scene::side(psoas_core::Side::Right, 0.0, 0.0).render());
    let lift = encode_jpeg(
        &Scene::side(psoas_core::Side::Right, 18.0, 4.0).render(),
        92,
    );
    let send = |kind: &'static str, bytes: Vec<u8>| {
        api.send(
            &olga.token,
            "post",
            "/api/v1/camera/markers",
            Body::Raw(kind, bytes),
        )
    };
    let rest = send("image/png", rest).await;
    assert_eq!(rest.status, 200, "{rest:#?}");
    let lift = send("image/jpeg", lift).await;
    assert_eq!(lift.status, 200, "{lift:#?}");
    let mut ids: Vec<u64> = lift.body["markers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_u64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, [3, 4, 5], "the right side's P, H and K");
    // What came back goes straight into the measurement.
    let body = json!({"side": "right", "rest": rest.body, "lift": lift.body});
    let found = measure_with(&api, &olga.token, body).await;
    assert_eq!(found.status, 200, "{found:#?}");
    let near = |key: &str, truth: f64| {
        let v = found.body[key].as_f64().unwrap();
        assert!((v - truth).abs() <= 0.5, "{key} {v} for {truth}");
    };
    near("rise_deg", 18.0);
    near("pelvis_deg", 4.0);
    near("hip_deg", 14.0);
    assert!(
        found.body["advice"]
            .as_str()
            .unwrap()
            .contains("keep the pelvis down")
    );

    // Not a photo, or not sent as one.
    let text = send("text/plain", b"a photo".to_vec()).await;
    text.problem("unsupported-media-type", 415);
    let junk = send("image/png", b"not a png at all".to_vec()).await;
    junk.problem("photo-refused", 422);
    assert_eq!(junk.body["reason"], "not_an_image");
    let detail = junk.body["detail"].as_str().unwrap();
    assert!(detail.contains("JPEG"), "{detail}");
    let anonymous = api
        .send(
            &Auth::Anonymous,
            "post",
            "/api/v1/camera/markers",
            Body::Raw("image/png", vec![0; 16]),
        )
        .await;
    anonymous.problem("unauthorized", 401);
}

async fn no_one_unsigned_is_measured(backend: Backend) {
    let api = Api::start(backend).await;
    let reply = measure(
        &api,
        &Auth::Anonymous,
        photo(0.0, 0.0, &[0, 1, 2]),
        photo(0.0, 12.0, &[0, 1, 2]),
    )
    .await;
    assert_eq!(reply.status, 401, "{reply:#?}");
}

async fn a_camera_trial_cannot_be_typed_in_and_nothing_is_stored(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let reply = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{session}/measurements"),
            json!({"test": "leg_raise", "side": "left", "method": "camera_markers", "value": 14}),
        )
        .await;
    assert_eq!(reply.status, 422, "{reply:#?}");
    let detail = reply.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("markers in its rest and lift photos"),
        "{detail}"
    );
    assert!(stored_record(&api, &session).await.measurements.is_empty());
}

async fn post_camera(api: &Api, auth: &Auth, session: &str, body: Value) -> Reply {
    api.post(auth, &format!("/api/v1/sessions/{session}/camera"), body)
        .await
}

/// A recording at five frames a second: rest for a second, up over a second, held for two
/// at a `hip` extension with the pelvis tipped `pelvis`, then down.
fn recording(pelvis: f64, hip: f64) -> Vec<Value> {
    (0..=28u64)
        .map(|k| {
            let share = match k {
                0..=5 => 0.0,
                6..=10 => (k - 5) as f64 / 5.0,
                11..=20 => 1.0,
                _ => (28 - k) as f64 / 8.0,
            };
            json!({"t_ms": k * 200, "markers": photo(pelvis * share, hip * share, &[0, 1, 2])})
        })
        .collect()
}

async fn camera_trials_are_stored_with_their_markers_and_the_next_step(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let rest = photo(0.0, 0.0, &[0, 1, 2]);
    let lift = photo(4.0, 12.0, &[0, 1, 2]);
    let pose = json!({"beta": 89.0, "gamma": 0.5});
    let sent = json!({"side": "left", "rest": rest, "lift": lift,
                      "tilt": {"rest": pose, "lift": pose}});
    let reply = post_camera(&api, &olga.token, &session, sent.clone()).await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    let m = &reply.body["measurement"];
    assert_eq!(m["method"], "camera_markers");
    assert_eq!(
        (m["side"].as_str(), m["trial"].as_u64()),
        (Some("left"), Some(1))
    );
    let analysis = &reply.body["analysis"];
    let rise = analysis["rise_deg"].as_f64().unwrap();
    assert!((rise - 16.0).abs() <= 0.5, "{analysis}");
    assert_eq!(m["reading"], json!({"kind": "angle", "degrees": rise}));
    assert!((analysis["pelvis_deg"].as_f64().unwrap() - 4.0).abs() <= 0.5);
    assert!(
        analysis["advice"]
            .as_str()
            .unwrap()
            .contains("keep the pelvis down")
    );
    assert!(analysis["held_ms"].is_null() && analysis["frames_used"].is_null());
    assert_eq!(reply.body["next_step"]["step"], "trial");

    // The markers come back as sent; the same through /camera/angles gives the same angles.
    let id = m["id"].as_str().unwrap();
    let kept = api
        .get(
            &olga.token,
            &format!("/api/v1/sessions/{session}/measurements/{id}/camera"),
        )
        .await;
    assert_eq!(kept.status, 200, "{kept:#?}");
    assert_eq!(kept.body, sent);
    let again = measure_with(&api, &olga.token, kept.body.clone()).await;
    assert_eq!(again.body["rise_deg"], rise);

    // A recording: the held top, over a few frames a second.
    let recorded = json!({"side": "right",
        "rest": photo_of_right(&photo(0.0, 0.0, &[0, 1, 2])),
        "frames": recording(0.0, 14.0).iter().map(|f| json!({
            "t_ms": f["t_ms"], "markers": photo_of_right(&f["markers"])})).collect::<Vec<_>>()});
    let reply = post_camera(&api, &olga.token, &session, recorded).await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    let analysis = &reply.body["analysis"];
    assert!(
        (analysis["rise_deg"].as_f64().unwrap() - 14.0).abs() <= 0.5,
        "{analysis}"
    );
    assert!(analysis["held_ms"].as_u64().unwrap() >= 1000, "{analysis}");
    assert_eq!(analysis["frames_used"], 29);
    assert!(analysis["camera_tilt_deg"].is_null() && analysis["advice"].is_null());
    let record = stored_record(&api, &session).await;
    assert_eq!(record.measurements.len(), 2);
    // The verdict tells of the left pelvis, which tipped; not of the right, which did not.
    let verdict = api
        .get(&olga.token, &format!("/api/v1/sessions/{session}/verdict"))
        .await;
    assert_eq!(verdict.status, 200, "{verdict:#?}");
    let pelvis = verdict.body["pelvis"].as_array().unwrap();
    assert_eq!(pelvis.len(), 1, "{pelvis:?}");
    assert_eq!(pelvis[0]["side"], "left");
    assert_eq!(
        (pelvis[0]["tipped"].as_u64(), pelvis[0]["trials"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(
        pelvis[0]["advice"]
            .as_str()
            .unwrap()
            .contains("keep the pelvis down")
    );

    // A typed trial has no markers; nor does a stranger see these.
    let typed = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{session}/measurements"),
            json!({"test": "strength", "side": "left", "method": "helpers_feel", "value": "4"}),
        )
        .await;
    assert_eq!(typed.status, 201, "{typed:#?}");
    let typed_id = typed.body["measurement"]["id"].as_str().unwrap();
    api.get(
        &olga.token,
        &format!("/api/v1/sessions/{session}/measurements/{typed_id}/camera"),
    )
    .await
    .problem("not-found", 404);
    let mia = api.member(&olga).await;
    api.get(
        &mia.token,
        &format!("/api/v1/sessions/{session}/measurements/{id}/camera"),
    )
    .await
    .problem("not-found", 404);
    post_camera(&api, &mia.token, &session, sent)
        .await
        .problem("not-found", 404);
    assert_eq!(stored_record(&api, &session).await.measurements.len(), 3);
}

/// The same picture with the left side's ids swapped for the right side's (3, 4, 5).
fn photo_of_right(frame: &Value) -> Value {
    let mut frame = frame.clone();
    for m in frame["markers"].as_array_mut().unwrap() {
        m["id"] = json!(m["id"].as_u64().unwrap() + 3);
    }
    frame
}

async fn camera_trials_that_cannot_be_trusted_or_are_malformed_store_nothing(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let rest = photo(0.0, 0.0, &[0, 1, 2]);
    let lift = photo(0.0, 12.0, &[0, 1, 2]);
    let post = |body: Value| post_camera(&api, &olga.token, &session, body);

    // The knee's marker missing from the lift: refused with its reason.
    let missing =
        post(json!({"side": "left", "rest": rest, "lift": photo(0.0, 12.0, &[0, 1])})).await;
    missing.problem("photo-refused", 422);
    assert_eq!(missing.body["reason"], "missing_marker");
    // A recording never held: refused with its reason.
    let frames: Vec<Value> = (0..20u64)
        .map(|k| json!({"t_ms": k * 200, "markers": photo(0.0, k as f64 * 1.5, &[0, 1, 2])}))
        .collect();
    let unheld = post(json!({"side": "left", "rest": rest, "frames": frames})).await;
    unheld.problem("photo-refused", 422);
    assert_eq!(unheld.body["reason"], "never_held");

    // Shapes no page sends, at their pointers.
    for (body, pointer) in [
        (json!({"side": "left", "rest": rest}), "/lift"),
        (
            json!({"side": "left", "rest": rest, "lift": lift,
                   "frames": [{"t_ms": 0, "markers": lift}]}),
            "/frames",
        ),
        (
            json!({"side": "left", "rest": rest, "frames": [{"t_ms": 0, "markers": lift}],
                   "tilt": {"rest": {"beta": 90, "gamma": 0}, "lift": {"beta": 90, "gamma": 0}}}),
            "/tilt",
        ),
        (
            json!({"side": "left", "rest": rest,
                   "frames": vec![json!({"t_ms": 0, "markers": {"width": 10, "height": 10, "markers": []}}); 601]}),
            "/frames",
        ),
        (
            json!({"side": "left", "rest": rest, "frames": [{"t_ms": 0,
                   "markers": {"width": 0, "height": 720, "markers": []}}]}),
            "/frames/0/markers/width",
        ),
    ] {
        let reply = post(body).await;
        reply.problem("validation", 422);
        let fields: Vec<&str> = reply.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, [pointer], "{reply:#?}");
    }
    assert!(stored_record(&api, &session).await.measurements.is_empty());

    // A finished session takes no camera trial either.
    let finished = api
        .post(
            &olga.token,
            &format!("/api/v1/sessions/{session}/finish"),
            Value::Null,
        )
        .await;
    assert_eq!(finished.status, 200, "{finished:#?}");
    post(json!({"side": "left", "rest": rest, "lift": lift}))
        .await
        .problem("conflict", 409);
    assert!(stored_record(&api, &session).await.measurements.is_empty());
}

async fn photos_are_kept_only_for_profiles_that_keep_them_and_never_cached(backend: Backend) {
    use psoas_vision::testing::{Scene, encode_jpeg};
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let session = ready_session(&api, &olga).await;
    let record = stored_record(&api, &session).await;
    let profile = record.session.profile_id.to_string();
    let sent = json!({"side": "left", "rest": photo(0.0, 0.0, &[0, 1, 2]),
                      "lift": photo(0.0, 12.0, &[0, 1, 2])});
    let trial = post_camera(&api, &olga.token, &session, sent).await;
    assert_eq!(trial.status, 201, "{trial:#?}");
    let id = trial.body["measurement"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path =
        |picture: &str| format!("/api/v1/sessions/{session}/measurements/{id}/photos/{picture}");
    let jpeg = encode_jpeg(&Scene::side(psoas_core::Side::Left, 0.0, 0.0).render(), 90);
    let put = |auth: Auth, picture: &'static str, kind: &'static str, bytes: Vec<u8>| {
        let path = path(picture);
        let api = &api;
        async move { api.send(&auth, "put", &path, Body::Raw(kind, bytes)).await }
    };

    // Off by default: the photo is refused, with how to turn keeping on.
    let reply = put(olga.token.clone(), "rest", "image/jpeg", jpeg.clone()).await;
    let detail = reply.problem("conflict", 409);
    assert!(detail.contains("turn keeping photos on"), "{detail}");
    api.get(&olga.token, &path("rest"))
        .await
        .problem("not-found", 404);

    let patched = api
        .patch(
            &olga.token,
            &format!("/api/v1/profiles/{profile}"),
            json!({"keep_photos": true}),
        )
        .await;
    assert_eq!(patched.body["keep_photos"], true, "{patched:#?}");
    let reply = put(olga.token.clone(), "rest", "image/jpeg", jpeg.clone()).await;
    assert_eq!(reply.status, 204, "{reply:#?}");
    let back = api.get(&olga.token, &path("rest")).await;
    assert_eq!(back.status, 200);
    assert_eq!(back.content_type(), "image/jpeg");
    assert_eq!(back.headers["cache-control"], "no-store");
    assert_eq!(back.file, jpeg);

    // Not the file it says it is, not a photo of a trial, another account: nothing kept.
    put(olga.token.clone(), "lift", "image/png", jpeg.clone())
        .await
        .problem("photo-refused", 422);
    put(olga.token.clone(), "side", "image/jpeg", jpeg.clone())
        .await
        .problem("not-found", 404);
    put(olga.token.clone(), "lift", "text/plain", b"hello".to_vec())
        .await
        .problem("unsupported-media-type", 415);
    let mia = api.member(&olga).await;
    put(mia.token.clone(), "lift", "image/jpeg", jpeg.clone())
        .await
        .problem("not-found", 404);
    api.get(&mia.token, &path("rest"))
        .await
        .problem("not-found", 404);
    api.get(&olga.token, &path("lift"))
        .await
        .problem("not-found", 404);

    // Only the archive asked for with photos carries them, and only the archive.
    let archive = api
        .get(&olga.token, "/api/v1/export?format=json&with_photos=true")
        .await;
    assert_eq!(archive.status, 200, "{archive:#?}");
    let photos = archive.body["sessions"][0]["camera_photos"]
        .as_array()
        .unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0]["picture"], "rest");
    let plain = api.get(&olga.token, "/api/v1/export?format=json").await;
    assert!(plain.body["sessions"][0].get("camera_photos").is_none());
    api.get(&olga.token, "/api/v1/export?format=fhir&with_photos=true")
        .await
        .problem("validation", 422);

    // Turned off, the photos kept so far are gone.
    api.patch(
        &olga.token,
        &format!("/api/v1/profiles/{profile}"),
        json!({"keep_photos": false}),
    )
    .await;
    api.get(&olga.token, &path("rest"))
        .await
        .problem("not-found", 404);
}

both_backends!(
    photos_are_kept_only_for_profiles_that_keep_them_and_never_cached,
    camera_trials_are_stored_with_their_markers_and_the_next_step,
    camera_trials_that_cannot_be_trusted_or_are_malformed_store_nothing,
    a_camera_trial_cannot_be_typed_in_and_nothing_is_stored,
    the_rise_comes_back_split_into_what_the_hip_and_the_pelvis_did,
    photos_that_cannot_be_trusted_are_refused_with_their_reason,
    a_phone_leaning_or_turned_between_the_photos_is_refused,
    values_no_detector_sends_are_refused_at_their_field,
    photos_sent_to_the_server_give_their_markers_and_then_the_lift,
    no_one_unsigned_is_measured,
);
