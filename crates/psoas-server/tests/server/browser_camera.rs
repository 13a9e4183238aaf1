//! The camera with printed markers in a real headless Chromium: its fake camera plays a clip
//! this test draws with `psoas_vision::testing::Scene` (a body lying face down with P, H and K
//! on its left side, the leg resting, rising to a known angle, held, lowered), written as a
//! Y4M file. The page records the lift from that camera, the real server finds the markers in
//! every frame and its core measures the rise, which must come out within 1° of the drawn
//! truth. Photos drawn the same way go through the page's file inputs: a marker missing and a
//! phone that turned between the photos are refused with the core's words and store nothing,
//! good ones are stored, and the last trial leads to the verdict. Without a camera, or with
//! the camera not allowed, the page says why and keeps the photos.

use crate::browser::Browser;
use crate::common::{Backend, both_backends, spawn_app};
use psoas_core::{Email, Side};
use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_store::ApiToken;
use psoas_vision::testing::{Scene, encode_jpeg, to_rgb};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use uuid::Uuid;

/// The clip's size and frame rate.
const CLIP: (u32, u32, u32) = (640, 480, 10);
/// The drawn lift's top, in degrees above the rest, and how far the pelvis tipped with it.
const PEAK: f64 = 15.0;
const PELVIS_AT_PEAK: f64 = 2.0;
/// The clip's timeline in seconds: rest until `RISE`, up over a second, held until `LOWER`,
/// down over a second, then resting until `LENGTH`, when Chromium starts it again. The long
/// rest at the start leaves time to press Start after the camera opens; the long rest at the
/// end leaves time to press Stop.
const RISE: f64 = 4.0;
const LOWER: f64 = 8.0;
const LENGTH: f64 = 15.0;
/// Where [`Scene::side`]'s 1280 x 720 body is moved to fit the clip, in px.
const SHIFT: (f64, f64) = (-290.0, -170.0);

fn smooth(x: f64) -> f64 {
    (1.0 - (x.clamp(0.0, 1.0) * std::f64::consts::PI).cos()) / 2.0
}

/// How far the thigh is risen at `t` seconds into the clip, as a share of the top.
fn share_at(t: f64) -> f64 {
    if t < RISE {
        0.0
    } else if t < RISE + 1.0 {
        smooth(t - RISE)
    } else if t < LOWER {
        1.0
    } else {
        1.0 - smooth(t - LOWER)
    }
}

/// One frame of the clip: the left side at a share of the lift, in the clip's size.
fn frame_scene(share: f64) -> Scene {
    let body = Scene::side(Side::Left, PEAK * share, PELVIS_AT_PEAK * share);
    let mut tags = body.tags.clone();
    for tag in &mut tags {
        tag.centre = (tag.centre.0 + SHIFT.0, tag.centre.1 + SHIFT.1);
    }
    Scene {
        width: CLIP.0,
        height: CLIP.1,
        tags,
        ..body
    }
}

/// An RGB picture as the planes of a 4:2:0 Y4M frame: BT.601 in studio range (Y 16-235, Cb
/// and Cr 16-240), as cameras deliver it, each chroma sample the mean of a 2 x 2 block.
fn i420(w: usize, h: usize, rgb: &[u8]) -> Vec<u8> {
    let mut y_plane = Vec::with_capacity(w * h * 3 / 2);
    let mut cb = vec![0.0f64; (w / 2) * (h / 2)];
    let mut cr = vec![0.0f64; (w / 2) * (h / 2)];
    for (i, pixel) in rgb.chunks_exact(3).enumerate() {
        let [r, g, b] = [pixel[0], pixel[1], pixel[2]].map(|v| f64::from(v) / 255.0);
        y_plane.push((16.0 + 65.481 * r + 128.553 * g + 24.966 * b).round() as u8);
        let at = (i / w / 2) * (w / 2) + (i % w) / 2;
        cb[at] += (128.0 - 37.797 * r - 74.203 * g + 112.0 * b) / 4.0;
        cr[at] += (128.0 + 112.0 * r - 93.786 * g - 18.214 * b) / 4.0;
    }
    y_plane.extend(cb.iter().map(|v| v.round().clamp(0.0, 255.0) as u8));
    y_plane.extend(cr.iter().map(|v| v.round().clamp(0.0, 255.0) as u8));
    y_plane
}

/// Writes the clip as a Y4M file, each distinct pose drawn once.
fn write_clip(path: &Path) {
    let (w, h, fps) = CLIP;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(file, "YUV4MPEG2 W{w} H{h} F{fps}:1 Ip A1:1 C420jpeg").unwrap();
    let mut drawn: Vec<(u64, Vec<u8>)> = Vec::new();
    for n in 0..(LENGTH * f64::from(fps)) as u32 {
        let share = share_at(f64::from(n) / f64::from(fps));
        let key = (share * 1e6).round() as u64;
        let index = match drawn.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let rgb = to_rgb(&frame_scene(share).render());
                drawn.push((key, i420(w as usize, h as usize, rgb.as_raw())));
                drawn.len() - 1
            }
        };
        file.write_all(b"FRAME\n").unwrap();
        file.write_all(&drawn[index].1).unwrap();
    }
    file.flush().unwrap();
}

/// A photo as a phone saves it, drawn at a rise and pelvis tip, written as a JPEG file.
fn photo(dir: &Path, name: &str, scene: Scene) -> PathBuf {
    let path = dir.join(format!("{name}.jpg"));
    std::fs::write(&path, encode_jpeg(&to_rgb(&scene.render()), 90)).unwrap();
    path
}

/// The numbers of the line the page shows after the server took a trial, "Left trial 1:
/// 15.0° (hip 13.0°, pelvis 2.0°)": rise, hip and pelvis.
async fn accepted(b: &Browser, side: &str, trial: u16, limit: Duration) -> (f64, f64, f64) {
    let marker = format!("{side} trial {trial}: ");
    let text = b.wait_for_within(&marker, limit).await;
    let line = &text[text.find(&marker).unwrap() + marker.len()..];
    let number = |after: &str| -> f64 {
        let from = line
            .find(after)
            .unwrap_or_else(|| panic!("{after} in {line}"))
            + after.len();
        line[from..]
            .split('°')
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|e| panic!("a number after {after} in {line}: {e}"))
    };
    (number(""), number("(hip "), number(", pelvis "))
}

/// Chooses a photo for one of the page's file inputs, as a person picks one.
async fn choose(b: &Browser, input: &str, file: &Path) {
    b.client
        .find(fantoccini::Locator::Css(input))
        .await
        .unwrap_or_else(|e| panic!("no file input {input}: {e}"))
        .send_keys(file.to_str().unwrap())
        .await
        .expect("the file is chosen");
}

/// Both photos of a trial, waiting for each to be read before the next.
async fn photos(b: &Browser, rest: &Path, lift: &Path) {
    choose(b, "#photo-rest", rest).await;
    b.wait_for("Rest photo: ").await;
    choose(b, "#photo-lift", lift).await;
}

/// WCAG's relative luminance of an sRGB colour.
fn luminance(rgb: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// The contrast ratio of the darkest and the lightest opaque pixel within the letter's box the
/// overlay draws above a marker (22 CSS px square, 5 px above its highest corner, as
/// static/camera.js draws it): the letter against its box.
async fn label_contrast(b: &Browser, tag: &psoas_vision::testing::TagPose) -> f64 {
    let top = tag
        .corners()
        .iter()
        .map(|c| c.1)
        .fold(f64::INFINITY, f64::min);
    let found = b
        .client
        .execute(
            "const [x, top, w] = arguments; const c = document.getElementById('camera-overlay');
             const d = window.devicePixelRatio || 1, s = c.clientWidth / w;
             const cx = x * s, cy = top * s - 5 - 11, half = 9;
             const px = c.getContext('2d').getImageData(Math.round((cx - half) * d),
                 Math.round((cy - half) * d), Math.round(2 * half * d), Math.round(2 * half * d)).data;
             let dark = null, light = null, lum = (r, g, b) => r * 0.3 + g * 0.59 + b * 0.11;
             for (let i = 0; i < px.length; i += 4) {
               if (px[i + 3] < 255) continue;
               const p = [px[i], px[i + 1], px[i + 2]];
               if (!dark || lum(...p) < lum(...dark)) dark = p;
               if (!light || lum(...p) > lum(...light)) light = p;
             }
             return [dark, light];",
            vec![
                serde_json::json!(tag.centre.0),
                serde_json::json!(top),
                serde_json::json!(CLIP.0),
            ],
        )
        .await
        .expect("the overlay is read");
    let colour = |v: &Value| -> [f64; 3] {
        let a = v
            .as_array()
            .unwrap_or_else(|| panic!("no label drawn above the marker {}", tag.id));
        [0, 1, 2].map(|i| a[i].as_f64().unwrap())
    };
    let (dark, light) = (luminance(colour(&found[0])), luminance(colour(&found[1])));
    (light + 0.05) / (dark + 0.05)
}

/// Signs in, adds a person, clears the safety questions and chooses the camera.
async fn to_the_camera_page(b: &Browser, setup_link: &str) {
    b.set_up_as_owner(setup_link).await;
    b.add_person_and_start("Anna").await;
    b.clear_screening_and_symptoms().await;
    b.wait_for("How will the helper measure?").await;
    b.click_text("this camera with printed markers").await;
    b.wait_for("Left side trial 1 of 3").await;
}

/// Turns the camera on and starts recording at once, while the clip's leg still rests;
/// returns when the camera opened (the clip's start).
async fn record_from_the_start(b: &Browser) -> Instant {
    b.click("#camera-on").await;
    let opened = Instant::now();
    b.wait_for("tap Start recording").await;
    b.click("#camera-start").await;
    b.wait_for("Resting leg seen").await;
    opened
}

async fn a_helper_records_a_lift_with_the_camera_and_takes_photos_to_the_verdict(backend: Backend) {
    let dir = TempDir::new().unwrap();
    let clip = dir.path().join("lift.y4m");
    write_clip(&clip);
    let at = |share| Scene::side(Side::Right, 22.0 * share, 1.5 * share);
    let right_rest = photo(dir.path(), "right-rest", at(0.0));
    let right_lift = photo(dir.path(), "right-lift", at(1.0));
    let mut no_knee = at(1.0);
    no_knee.tags.retain(|t| t.id != 5);
    let right_no_knee = photo(dir.path(), "right-no-knee", no_knee);
    let right_tipped = photo(
        dir.path(),
        "right-tipped",
        Scene::side(Side::Right, 21.5, 5.0),
    );
    let right_high = photo(
        dir.path(),
        "right-high",
        Scene::side(Side::Right, 22.5, 1.0),
    );
    let left_rest = photo(dir.path(), "left-rest", Scene::side(Side::Left, 0.0, 0.0));
    let left_lift = photo(dir.path(), "left-lift", Scene::side(Side::Left, 14.5, 1.0));

    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let b = Browser::start_with_camera(&clip).await;
    to_the_camera_page(&b, &app.url(&format!("/setup?token={token}"))).await;
    let text = b.text().await;
    assert!(text.contains("Download the marker sheet (PDF)"), "{text}");
    assert!(text.contains("hip height, 1 to 1.5 m"), "{text}");
    b.assert_fits_the_phone().await;
    b.check_page("camera-start").await;

    // The live picture with the markers found drawn over it, each letter readable.
    b.click("#camera-on").await;
    b.wait_for("P, H and K in view.").await;
    b.assert_fits_the_phone().await;
    let hip = frame_scene(0.0).tags[1];
    let contrast = label_contrast(&b, &hip).await;
    assert!(contrast >= 4.5, "the H label's contrast is {contrast:.2}:1");
    b.check_page("camera-preview").await;

    // Anna's photos are kept from now on (the page reads this when it loads).
    let (owner, _) = app
        .store
        .account_by_email(&Email::parse("olga@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let scope = psoas_store::Scope::of(&owner);
    let mut anna = app.store.find_profile(scope, "Anna").await.unwrap();
    anna.keep_photos = true;
    app.store.update_profile(scope, &anna).await.unwrap();

    // The recording, from a fresh start of the clip: rest, lift, hold, lower, then Stop.
    b.client.refresh().await.unwrap();
    b.wait_for("Left side trial 1 of 3").await;
    let opened = record_from_the_start(&b).await;
    let stop_at = Duration::from_secs_f64(LOWER + 2.5);
    tokio::time::sleep(stop_at.saturating_sub(opened.elapsed())).await;
    b.click("#camera-stop").await;
    let (rise, hip_part, pelvis) = accepted(&b, "Left", 1, Duration::from_secs(20)).await;
    assert!((rise - PEAK).abs() <= 1.0, "rise {rise} for {PEAK}");
    assert!(
        (pelvis - PELVIS_AT_PEAK).abs() <= 1.0,
        "pelvis {pelvis} for {PELVIS_AT_PEAK}"
    );
    assert!(
        (hip_part - (PEAK - PELVIS_AT_PEAK)).abs() <= 1.0,
        "hip {hip_part}"
    );
    let text = b.wait_for("Next: the right side").await;
    assert!(text.contains("Held "), "a recording says how long: {text}");
    assert!(text.contains("Right side trial 1 of 3"), "{text}");
    assert!(
        text.contains(&format!("{rise:.1}°")),
        "in the table: {text}"
    );
    b.assert_fits_the_phone().await;
    b.check_page("camera-recorded").await;

    // Photos: the knee marker missing from the lift photo is refused in the core's words.
    photos(&b, &right_rest, &right_no_knee).await;
    let text = b.wait_for("Not recorded: ").await;
    assert!(
        text.contains("Lift photo: P and H in view; K not in view."),
        "{text}"
    );
    assert!(text.contains("(tag 5) is not in the lift photo"), "{text}");
    assert!(text.contains("Right side trial 1 of 3"), "{text}");
    b.assert_fits_the_phone().await;
    b.check_page("camera-refused").await;

    // The phone's tilt goes with the photos: turned 4° between them, they are refused.
    b.orientation(90.0, 0.0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    choose(&b, "#photo-rest", &right_rest).await;
    b.wait_for("Rest photo: P, H and K in view.").await;
    b.orientation(86.0, 0.0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    choose(&b, "#photo-lift", &right_lift).await;
    let text = b.wait_for("between the two photos").await;
    assert!(text.contains("phone turned 4.0°"), "{text}");

    // Held still, they are stored.
    b.orientation(90.0, 0.0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    photos(&b, &right_rest, &right_lift).await;
    let (rise, _, _) = accepted(&b, "Right", 1, Duration::from_secs(10)).await;
    assert!((rise - 22.0).abs() <= 0.5, "{rise}");
    b.wait_for("Both photos are kept with the trial.").await;

    // The next recording runs until it stops on its own, a clip and a bit later.
    b.wait_for("Left side trial 2 of 3").await;
    b.client.refresh().await.unwrap();
    b.wait_for("Left side trial 2 of 3").await;
    let opened = record_from_the_start(&b).await;
    let (rise, _, _) = accepted(&b, "Left", 2, Duration::from_secs(40)).await;
    let took = opened.elapsed().as_secs_f64();
    assert!(took >= 20.0, "stopped after {took:.1} s, before the 20 s");
    assert!((rise - PEAK).abs() <= 1.0, "rise {rise} for {PEAK}");

    // A pelvis that tipped with the leg brings the advice to keep it down.
    b.wait_for("Right side trial 2 of 3").await;
    photos(&b, &right_rest, &right_tipped).await;
    let text = b.wait_for("Right trial 2: ").await;
    assert!(text.contains("keep the pelvis down"), "{text}");
    b.wait_for("Left side trial 3 of 3").await;
    photos(&b, &left_rest, &left_lift).await;
    accepted(&b, "Left", 3, Duration::from_secs(10)).await;
    b.wait_for("Right side trial 3 of 3").await;
    photos(&b, &right_rest, &right_high).await;
    accepted(&b, "Right", 3, Duration::from_secs(10)).await;

    // The last trial leads to the verdict: the left leg rises about 7° less.
    b.wait_for("Tight side: left").await;
    b.assert_fits_the_phone().await;
    let url = b.client.current_url().await.unwrap();
    let session = url
        .path()
        .split('/')
        .nth(2)
        .expect("/sessions/{id}/results/...")
        .to_string();
    b.quit().await;

    // What was stored, through the API with a token of the same account: six camera trials,
    // none from the refused photos, the recorded one within a degree of the drawn lift.
    let (account, _) = app
        .store
        .account_by_email(&Email::parse("olga@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let secret = format!("psoas_{}", new_secret());
    let api_token = ApiToken {
        id: Uuid::new_v4(),
        name: "browser test".into(),
        created_at: now(),
        last_used_at: None,
    };
    app.store
        .add_api_token(account.id, &api_token, &hash_secret(&secret))
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let get = |path: String| {
        let request = http.get(app.url(&path)).bearer_auth(&secret);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            response.json::<Value>().await.unwrap()
        }
    };
    let view = get(format!("/api/v1/sessions/{session}")).await;
    let trials = view["measurements"].as_array().unwrap();
    assert_eq!(trials.len(), 6, "the refused photos stored nothing: {view}");
    for m in trials {
        assert_eq!(m["method"], "camera_markers", "{m}");
    }
    let first = trials
        .iter()
        .find(|m| m["side"] == "left" && m["trial"] == 1)
        .unwrap();
    let degrees = first["reading"]["degrees"].as_f64().unwrap();
    assert!((degrees - PEAK).abs() <= 1.0, "stored {degrees} for {PEAK}");

    // The markers kept with them: the recording's frames, a few a second from its rest
    // picture on; the photos' markers with the phone's tilt at each.
    let markers = |m: &Value| {
        get(format!(
            "/api/v1/sessions/{session}/measurements/{}/camera",
            m["id"].as_str().unwrap()
        ))
    };
    let recorded = markers(first).await;
    let frames = recorded["frames"].as_array().expect("a recording's frames");
    assert!(recorded.get("lift").is_none() && recorded.get("tilt").is_none());
    assert_eq!(frames[0]["t_ms"], 0);
    assert_eq!(
        frames[0]["markers"], recorded["rest"],
        "the rest is the first frame"
    );
    let span_s = frames.last().unwrap()["t_ms"].as_f64().unwrap() / 1000.0;
    assert!(span_s > LOWER - RISE, "{span_s} s recorded");
    assert!(
        frames.len() as f64 >= 3.0 * span_s,
        "{} frames in {span_s:.1} s",
        frames.len()
    );
    let right = trials
        .iter()
        .find(|m| m["side"] == "right" && m["trial"] == 1)
        .unwrap();
    let photographed = markers(right).await;
    assert!(photographed.get("frames").is_none());
    assert_eq!(photographed["lift"]["markers"].as_array().unwrap().len(), 3);
    assert_eq!(
        photographed["tilt"],
        serde_json::json!({"rest": {"beta": 90.0, "gamma": 0.0},
                           "lift": {"beta": 90.0, "gamma": 0.0}})
    );

    // The profile keeps photos: the photo trial's files are kept as chosen, byte for byte;
    // a recording has none.
    let photo_of = |m: &Value, picture: &str| {
        let path = format!(
            "/api/v1/sessions/{session}/measurements/{}/photos/{picture}",
            m["id"].as_str().unwrap()
        );
        let request = http.get(app.url(&path)).bearer_auth(&secret);
        async move {
            let response = request.send().await.unwrap();
            (
                response.status().as_u16(),
                response.bytes().await.unwrap().to_vec(),
            )
        }
    };
    assert_eq!(
        photo_of(right, "rest").await,
        (200, std::fs::read(&right_rest).unwrap())
    );
    assert_eq!(
        photo_of(right, "lift").await,
        (200, std::fs::read(&right_lift).unwrap())
    );
    assert_eq!(photo_of(first, "rest").await.0, 404);
}

/// Presses "Turn on the camera" and checks the page says `why`, offers the photos instead and
/// no camera button to press in vain.
async fn camera_unavailable(b: &Browser, why: &str) {
    b.click("#camera-on").await;
    let text = b.wait_for("Take two photos below instead.").await;
    assert!(text.contains(why), "{text}");
    let shown = |css: &'static str| {
        let client = b.client.clone();
        async move {
            client
                .find(fantoccini::Locator::Css(css))
                .await
                .unwrap()
                .is_displayed()
                .await
                .unwrap()
        }
    };
    assert!(
        !shown("#camera-on").await,
        "no camera button to press again"
    );
    assert!(shown("#photo-rest").await && shown("#photo-lift").await);
}

async fn where_the_camera_cannot_be_used_the_page_says_why_and_keeps_the_photos(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    // This machine has no camera of its own.
    let b = Browser::start().await;
    to_the_camera_page(&b, &app.url(&format!("/setup?token={token}"))).await;
    camera_unavailable(&b, "No camera was found on this device.").await;
    b.assert_fits_the_phone().await;
    b.check_page("camera-unavailable").await;
    let session = b.client.current_url().await.unwrap();
    b.quit().await;

    // A camera the person did not allow for this site.
    let b = Browser::start_with_camera_refused().await;
    b.open(&app.url("/login")).await;
    b.fill("input[name=email]", "olga@example.org").await;
    b.fill("input[name=password]", "correct horse battery")
        .await;
    b.click("button[type=submit]").await;
    b.wait_for("Who is being tested?").await;
    b.open(session.as_str()).await;
    b.wait_for("Left side trial 1 of 3").await;
    camera_unavailable(&b, "The camera was not allowed for this page").await;
    b.quit().await;
}

both_backends!(
    a_helper_records_a_lift_with_the_camera_and_takes_photos_to_the_verdict,
    where_the_camera_cannot_be_used_the_page_says_why_and_keeps_the_photos,
);
