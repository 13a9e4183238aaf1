//! The phone as an inclinometer in a real headless Chromium: the device orientation is
//! emulated through the DevTools protocol (`DeviceOrientation.setDeviceOrientationOverride`,
//! sent through chromedriver), moved over time like a phone zeroed on the table and then held
//! on the back of a thigh while the leg lifts, holds and lowers. The page records each trial
//! on its own, the server's core analyses it, and the verdict page states the difference, the
//! method's error and the conclusion. Then the recorded series are fetched back through the
//! API and imported by the real `psoas` binary into a fresh database, which must reach the
//! same verdict from the same readings.

use crate::browser::Browser;
use crate::common::{Backend, both_backends, spawn_app};
use psoas_core::Email;
use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_store::ApiToken;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The table the subject lies on is not quite level: the zero pose.
const TABLE: (f64, f64) = (0.8, -0.4);
/// The back of the resting thigh, in degrees above the table.
const REST: f64 = 1.5;

fn smooth(x: f64) -> f64 {
    (1.0 - (x.clamp(0.0, 1.0) * std::f64::consts::PI).cos()) / 2.0
}

/// The emulated phone, moved over time with a little tremor, as a hand holds it.
struct Phone<'a> {
    browser: &'a Browser,
    /// Readings sent so far; alternate ones wobble up and down.
    sent: u64,
    /// Degrees of wobble either way.
    wobble: f64,
}

impl<'a> Phone<'a> {
    fn new(browser: &'a Browser) -> Self {
        Self {
            browser,
            sent: 0,
            wobble: 0.15,
        }
    }

    /// Moves the leg from `from` to `to` degrees above the table (and the phone's sideways tilt
    /// from `roll_from` to `roll_to`) over `ms`, sending a reading about every 16 ms.
    async fn leg(&mut self, ms: u64, (from, to): (f64, f64), (roll_from, roll_to): (f64, f64)) {
        let started = Instant::now();
        loop {
            let x = started.elapsed().as_millis() as f64 / ms as f64;
            let share = smooth(x);
            let wobble = if self.sent.is_multiple_of(2) {
                self.wobble
            } else {
                -self.wobble
            };
            self.sent += 1;
            let beta = TABLE.0 + from + (to - from) * share + wobble;
            let gamma = TABLE.1 + roll_from + (roll_to - roll_from) * share + wobble / 2.0;
            self.browser.orientation(beta, gamma).await;
            if x >= 1.0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(16)).await;
        }
    }

    /// Flat on the table for `ms`, only the sensor's own flicker.
    async fn on_table(&mut self, ms: u64) {
        self.wobble = 0.06;
        self.leg(ms, (0.0, 0.0), (0.0, 0.0)).await;
        self.wobble = 0.15;
    }

    /// One lift on the page's Start: rest, rise to `peak`, hold, lower, rest. `roll` is how far
    /// the phone tilts sideways at the top.
    async fn lift(&mut self, peak: f64, roll: f64, screenshot: Option<&str>) {
        self.leg(300, (REST, REST), (0.0, 0.0)).await;
        self.browser.click("#lift-start").await;
        self.leg(1100, (REST, REST), (0.0, 0.0)).await;
        self.leg(700, (REST, peak), (0.0, roll)).await;
        self.leg(1500, (peak, peak), (roll, roll)).await;
        let text = self.browser.text().await;
        assert!(text.contains("Held at"), "the page cues the hold: {text}");
        if let Some(name) = screenshot {
            self.browser.screenshot(name).await;
        }
        self.leg(600, (peak, REST), (roll, 0.0)).await;
        self.leg(1000, (REST, REST), (0.0, 0.0)).await;
    }
}

/// Waits for the line the page shows after the server took a trial; returns its angle.
async fn accepted(b: &Browser, side: &str, trial: u16) -> f64 {
    let marker = format!("{side} trial {trial}: ");
    let text = b.wait_for(&marker).await;
    let rest = &text[text.find(&marker).unwrap() + marker.len()..];
    rest.split('°').next().unwrap().parse().expect("an angle")
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A number as the verdicts write it: whole when it is, else one decimal.
fn number(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The `psoas` binary beside this test's own (cargo builds it for `cargo test --workspace`).
fn psoas_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let binary = exe.parent()?.parent()?.join("psoas");
    binary.exists().then_some(binary)
}

fn psoas(binary: &PathBuf, db: &str, args: &[&str]) -> Value {
    let output = Command::new(binary)
        .env("HOME", std::path::Path::new(db).parent().unwrap())
        .env("XDG_DATA_HOME", std::path::Path::new(db).parent().unwrap())
        .env_remove("PSOAS_DATABASE_URL")
        .env_remove("PSOAS_TRIALS")
        .args(["--db", db])
        .args(args)
        .arg("--json")
        .output()
        .expect("psoas runs");
    assert!(
        output.status.success(),
        "psoas {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("psoas prints JSON")
}

async fn a_helper_records_three_lifts_per_side_with_the_phone_and_gets_the_verdict(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let b = Browser::start().await;
    b.set_up_as_owner(&app.url(&format!("/setup?token={token}")))
        .await;
    b.add_person_and_start("Anna").await;
    b.clear_screening_and_symptoms().await;
    b.wait_for("How will the helper measure?").await;
    b.check_page("lift-method").await;
    b.click_text("this phone on the thigh").await;

    // Before any sensor reading: Zero listens for a second, then says why and offers typing.
    b.wait_for("tap Zero").await;
    b.assert_fits_the_phone().await;
    b.check_page("lift-start").await;
    b.click("#lift-zero").await;
    b.wait_for("No readings came from the motion sensors").await;
    assert!(
        b.client
            .find(fantoccini::Locator::Css("#lift-manual input[name=value]"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap(),
        "the typed form is open"
    );
    b.check_page("lift-no-sensors").await;

    // With the emulated sensor: zero on the table.
    let mut phone = Phone::new(&b);
    phone.on_table(200).await;
    b.client.refresh().await.unwrap();
    b.wait_for("tap Zero").await;
    b.click("#lift-zero").await;
    phone.on_table(1400).await;
    b.wait_for("then tap Start").await;
    b.check_page("lift-zeroed").await;

    // A first try that rolls the phone sideways is refused, with the reason, and retaken.
    phone.lift(12.0, 25.0, None).await;
    let text = b.wait_for("Not recorded").await;
    assert!(text.contains("sideways"), "{text}");
    assert!(text.contains("Left side trial 1 of 3"), "{text}");
    b.assert_fits_the_phone().await;
    b.check_page("lift-refused").await;

    let peaks = [
        ("Left", 1, 12.0),
        ("Right", 1, 20.0),
        ("Left", 2, 12.5),
        ("Right", 2, 19.5),
        ("Left", 3, 11.5),
        ("Right", 3, 20.5),
    ];
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (side, trial, peak) in peaks {
        b.wait_for(&format!("{side} side trial {trial} of 3")).await;
        let shot = (side, trial) == ("Left", 1);
        phone.lift(peak, 1.0, shot.then_some("lift-held")).await;
        let angle = accepted(&b, side, trial).await;
        assert!(
            (angle - peak).abs() <= 0.2,
            "{side} {trial}: {angle} for {peak}"
        );
        if side == "Left" {
            left.push(angle);
        } else {
            right.push(angle);
        }
        if (side, trial) == ("Right", 1) {
            let text = b.text().await;
            assert!(text.contains("Left: 1 trial, "), "{text}");
            b.assert_fits_the_phone().await;
            b.check_page("lift-recorded").await;
        }
    }

    // The verdict: left rises about 8° less, beyond what the phone's error explains.
    let difference = median(&mut right) - median(&mut left);
    assert!((difference - 8.0).abs() < 0.5, "{difference}");
    b.wait_for("Tight side: left").await;
    b.assert_fits_the_phone().await;
    b.check_page("lift-verdict").await;
    // The full reasons wait behind "How this was decided".
    b.click("details.decided summary").await;
    let text = b.wait_for("How sure").await;
    assert!(
        text.contains(&format!("The difference of {}°", number(difference))),
        "{text}"
    );
    assert!(
        text.contains("the left side, whose leg rises less, is the tight side"),
        "{text}"
    );
    assert!(
        text.contains("Measured with the phone on the thigh, which is off by about 2° per trial"),
        "{text}"
    );
    assert!(text.contains("How sure: clear"), "{text}");
    let url = b.client.current_url().await.unwrap();
    let session = url
        .path()
        .split('/')
        .nth(2)
        .expect("/sessions/{id}/results/...")
        .to_string();
    b.quit().await;

    // The readings, back through the API with a token of the same account.
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
    let web_verdict = get(format!("/api/v1/sessions/{session}/verdict")).await["leg_raise"].clone();
    let trials = view["measurements"].as_array().unwrap().clone();
    assert_eq!(trials.len(), 6, "the refused try stored nothing");
    let dir = tempfile::TempDir::new().unwrap();
    let mut files = Vec::new();
    for m in &trials {
        assert_eq!(m["method"], "phone_inclinometer");
        let series = get(format!(
            "/api/v1/sessions/{session}/measurements/{}/series",
            m["id"].as_str().unwrap()
        ))
        .await;
        assert!(series["zero"].as_array().unwrap().len() >= 10);
        let file = dir.path().join(format!(
            "{}-{}.json",
            m["side"].as_str().unwrap(),
            m["trial"]
        ));
        std::fs::write(&file, series.to_string()).unwrap();
        files.push((m.clone(), file));
    }

    // The terminal tool, from the same files, on a fresh database.
    let Some(binary) = psoas_binary() else {
        eprintln!(
            "NOTE: no psoas binary beside this test; build it (cargo build -p psoas, or run \
             cargo test --workspace) to compare the terminal's verdict"
        );
        return;
    };
    let db = dir.path().join("terminal.db");
    let db = db.to_str().unwrap();
    psoas(&binary, db, &["profile", "add", "Anna"]);
    let started = psoas(
        &binary,
        db,
        &["session", "new", "--profile", "Anna", "--red-flags", "none"],
    );
    let terminal = started["session"]["id"].as_str().unwrap().to_string();
    for (web, file) in &files {
        let stored = psoas(
            &binary,
            db,
            &[
                "record",
                &terminal,
                "--test",
                "leg-raise",
                "--side",
                web["side"].as_str().unwrap(),
                "--series",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(
            stored["reading"], web["reading"],
            "the same angle from the same readings"
        );
        assert_eq!(stored["method"], "phone_inclinometer");
    }
    let cli_verdict = psoas(&binary, db, &["verdict", &terminal])["leg_raise"].clone();
    for key in [
        "finding",
        "difference",
        "threshold",
        "method",
        "method_error",
        "confidence",
        "confidence_reason",
        "more_trials",
        "rules_version",
        "reasons",
    ] {
        assert_eq!(cli_verdict[key], web_verdict[key], "{key}");
    }
    for side in ["left", "right"] {
        assert_eq!(cli_verdict[side]["values"], web_verdict[side]["values"]);
    }
    assert_eq!(
        cli_verdict["finding"],
        serde_json::json!({"kind": "side", "side": "left"})
    );
}

both_backends!(a_helper_records_three_lifts_per_side_with_the_phone_and_gets_the_verdict,);
