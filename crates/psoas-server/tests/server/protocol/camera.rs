//! The camera's pages over HTTP: the method on the choice of ways, the camera page with the
//! data its script reads, the way there from the session's page, "It hurt" and the other
//! ways out, the marker sheet's download, and nobody else's session. (What the page does in
//! a browser is `browser_camera.rs`.)

use super::{Browser, field, location, stored};
use crate::common::{Backend, both_backends, client, spawn_app};
use psoas_core::Side::{Left, Right};

/// The page's `data-camera` attribute, read back as JSON.
fn camera_data(page: &str) -> serde_json::Value {
    let marker = "data-camera=\"";
    let start = page.find(marker).expect("the script's data") + marker.len();
    let end = page[start..].find('"').unwrap() + start;
    let json = unescape(&page[start..end]);
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// An attribute's text as the browser reads it: named and numeric character references
/// turned back into characters.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(';')
            .map(|e| at + e)
            .expect("a closed reference");
        let name = &rest[at + 1..end];
        let c = match name {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            _ => {
                let code = name
                    .strip_prefix("#x")
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse))
                    .unwrap_or_else(|| panic!("an unknown reference &{name};"))
                    .expect("a number");
                char::from_u32(code).expect("a character")
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

async fn the_camera_leads_to_its_page_with_the_sheet_and_it_hurt_at_hand(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Anna").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    owner.symptoms(&s).await;

    // The choice of ways offers the camera, on its own page.
    let choice = owner.page(&s).await;
    assert!(choice.contains(&format!("href=\"{s}/camera\"")), "{choice}");
    assert!(
        choice.contains("this camera with printed markers"),
        "{choice}"
    );
    assert!(choice.contains("print the marker sheet"), "{choice}");
    let page = owner.page(&format!("{s}/camera")).await;
    assert!(
        page.contains(&format!(
            "src=\"{}\"",
            psoas_server::assets::url("camera.js")
        )),
        "{page}"
    );
    assert!(!page.contains("<script>"), "no inline script");
    assert_eq!(field(&page, "side"), "left");
    assert_eq!(field(&page, "trial"), "1");
    assert_eq!(field(&page, "method"), "camera_markers");
    assert!(page.contains("href=\"/camera/markers.pdf\""), "{page}");
    assert!(page.contains("hip height, 1 to 1.5 m"), "{page}");
    assert!(page.contains("capture=\"environment\""), "{page}");
    assert!(page.contains("Measure another way"), "{page}");
    // The data the script reads: where pictures and trials go, the CSRF token, the tags.
    let data = camera_data(&page);
    assert_eq!(data["api"], format!("/api/v1{s}/camera"));
    assert_eq!(data["markers_api"], "/api/v1/camera/markers");
    assert_eq!(data["csrf"], owner.csrf.as_str());
    assert_eq!(data["side"], "left");
    assert_eq!(data["done"], format!("{s}/results/leg_raise/baseline"));
    let tags: Vec<(u64, String, String)> = data["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_u64().unwrap(),
                t["side"].as_str().unwrap().to_string(),
                t["letter"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(tags[0], (0, "left".into(), "P".into()));
    assert_eq!(tags[5], (5, "right".into(), "K".into()));
    // Its sentences come with the data, from the pages' words.
    assert!(
        data["words"]["found_all"]
            .as_str()
            .unwrap()
            .contains("P, H and K")
    );
    let script = owner
        .client
        .get(app.url(&psoas_server::assets::url("camera.js")))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = script.text().await.unwrap();
    assert!(script.contains("getUserMedia") && script.contains("\"environment\""));

    // Naming the camera in the address goes to its page, even asking for the typed form,
    // which cannot take a camera trial; without a method, that asks for one.
    for path in [
        format!("{s}?method=camera_markers"),
        format!("{s}?method=camera_markers&entry=typed"),
    ] {
        let response = owner.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(location(&response), format!("{s}/camera"));
    }
    let typed = owner.page(&format!("{s}?entry=typed")).await;
    assert!(typed.contains("How will the helper measure?"), "{typed}");

    // The marker sheet: the PDF `psoas markers` writes, as a download.
    for _ in 0..2 {
        let sheet = owner
            .client
            .get(app.url("/camera/markers.pdf"))
            .send()
            .await
            .unwrap();
        assert_eq!(sheet.status(), 200);
        assert_eq!(sheet.headers()["content-type"], "application/pdf");
        assert_eq!(
            sheet.headers()["content-disposition"],
            "attachment; filename=\"psoas-markers.pdf\""
        );
        let pdf = sheet.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(
            pdf.as_ref(),
            psoas_report::marker_sheet(psoas_vision::tag_cells)
                .unwrap()
                .as_slice()
        );
    }
    // ... for people signed in only.
    let response = client()
        .get(app.url("/camera/markers.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/login");

    // "It hurt" on the camera page ends the test, under the camera's method.
    let response = owner.trial_on(&s, &page, &[("hurt", "yes")]).await;
    assert_eq!(response.status(), 303);
    let record = stored(&app, &s).await;
    assert_eq!(record.measurements.len(), 1);
    assert!(record.measurements[0].hurt);
    assert_eq!(
        record.measurements[0].method,
        psoas_core::Method::CameraMarkers
    );
    let response = owner
        .client
        .get(app.url(&format!("{s}/camera")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "no leg-raise trial is next");
    assert_eq!(location(&response), s);

    // Another account never sees it.
    let member_client = app.member(&owner.client, "max@example.org").await;
    let (status, page) = Browser {
        app: &app,
        csrf: app.csrf(&member_client).await,
        client: member_client,
    }
    .get(&format!("{s}/camera"))
    .await;
    assert_eq!(status, 404);
    assert!(!page.contains("Anna"));
}

async fn a_test_measured_another_way_skips_the_camera_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Anna").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    owner.symptoms(&s).await;
    let page = owner.page(&format!("{s}?method=goniometer")).await;
    let response = owner.trial_on(&s, &page, &[("value", "15")]).await;
    assert_eq!(response.status(), 303);
    for path in [format!("{s}/camera"), format!("{s}?method=camera_markers")] {
        let response = owner.client.get(app.url(&path)).send().await.unwrap();
        if path.ends_with("/camera") {
            assert_eq!(response.status(), 303);
            assert_eq!(location(&response), s);
        } else {
            assert_eq!(response.status(), 200);
            assert!(
                response
                    .text()
                    .await
                    .unwrap()
                    .contains("Measured with: <strong>goniometer")
            );
        }
    }
}

/// The markers `POST /camera/markers` would find in a picture of one side drawn at a rise:
/// the drawn tags' own centres and corners.
fn markers_at(side: psoas_core::Side, rise: f64) -> serde_json::Value {
    markers_tipped(side, rise, 0.0)
}

/// The markers of a side photo whose thigh rose `rise` degrees, `pelvis` of it the pelvis's.
fn markers_tipped(side: psoas_core::Side, rise: f64, pelvis: f64) -> serde_json::Value {
    let scene = psoas_vision::testing::Scene::side(side, rise, pelvis);
    let markers: Vec<_> = scene
        .tags
        .iter()
        .map(|t| {
            serde_json::json!({"id": t.id, "centre": [t.centre.0, t.centre.1],
                               "corners": t.corners().map(|(x, y)| [x, y])})
        })
        .collect();
    serde_json::json!({"width": scene.width, "height": scene.height, "markers": markers})
}

async fn a_test_measured_by_the_camera_stays_on_its_page_and_takes_one_more_there(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Anna").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    owner.symptoms(&s).await;
    let trial = |side: psoas_core::Side, rise: f64| {
        let request = owner
            .client
            .post(app.url(&format!("/api/v1{s}/camera")))
            .header("X-CSRF-Token", &owner.csrf)
            .json(
                &serde_json::json!({"side": side.as_str(), "rest": markers_at(side, 0.0),
                                      "lift": markers_at(side, rise)}),
            );
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        }
    };
    trial(Left, 10.0).await;

    // From its first trial on, the test stays on the camera page, typed form or not.
    for path in [s.clone(), format!("{s}?entry=typed")] {
        let response = owner.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(location(&response), format!("{s}/camera"));
    }
    let page = owner.page(&format!("{s}/camera")).await;
    assert_eq!(field(&page, "side"), "right");
    assert!(page.contains("Left: 1 trial, 10.0-10.0°"), "{page}");
    assert!(!page.contains("Measure another way"), "the method is set");
    let data = camera_data(&page);
    assert_eq!(data["trials"][0]["degrees"], 10.0);
    assert!(
        data["trials"][0]["strike"]
            .as_str()
            .unwrap()
            .ends_with("/strike-out")
    );

    // The left side's trials disagree by 15°: the verdict asks for one more, on this page.
    for (side, rise) in [
        (Right, 20.0),
        (Left, 25.0),
        (Right, 21.0),
        (Left, 11.0),
        (Right, 20.0),
    ] {
        trial(side, rise).await;
    }
    let page = owner.page(&format!("{s}/more/leg_raise/baseline")).await;
    assert!(page.contains("data-camera=\""), "{page}");
    assert!(page.contains("one more trial"), "{page}");
    assert_eq!(field(&page, "side"), "left");
    assert_eq!(field(&page, "trial"), "4");
    assert_eq!(field(&page, "extra"), "1");
}

async fn the_result_says_on_which_side_the_pelvis_tipped(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Anna").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    owner.symptoms(&s).await;
    for (side, rise, pelvis) in [
        (Left, 16.0, 5.0),
        (Right, 20.0, 0.0),
        (Left, 16.0, 0.0),
        (Right, 20.0, 0.0),
        (Left, 17.0, 6.0),
        (Right, 20.0, 0.0),
    ] {
        let response = owner
            .client
            .post(app.url(&format!("/api/v1{s}/camera")))
            .header("X-CSRF-Token", &owner.csrf)
            .json(&serde_json::json!({"side": side.as_str(),
                "rest": markers_tipped(side, 0.0, 0.0), "lift": markers_tipped(side, rise, pelvis)}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
    let result = owner.page(&format!("{s}/results/leg_raise/baseline")).await;
    let text = unescape(&result);
    assert!(
        text.contains("On the left side the pelvis tipped with the leg in 2 of 3 camera trials"),
        "{text}"
    );
    assert!(text.contains("keep the pelvis down on the table"), "{text}");
    assert!(!text.contains("On the right side the pelvis"), "{text}");
    assert_eq!(
        result.matches("notice caution pelvis").count(),
        1,
        "{result}"
    );
}

both_backends!(
    the_result_says_on_which_side_the_pelvis_tipped,
    the_camera_leads_to_its_page_with_the_sheet_and_it_hurt_at_hand,
    a_test_measured_another_way_skips_the_camera_page,
    a_test_measured_by_the_camera_stays_on_its_page_and_takes_one_more_there,
);
