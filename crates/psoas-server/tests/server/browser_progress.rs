//! The progress page in a real headless Chromium at a phone's width: a few weeks of sessions
//! drawn as charts that fit the screen, and download buttons that give the report and the
//! exports of this account's data.

use crate::browser::Browser;
use crate::common::{Backend, both_backends, spawn_app};
use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::Degrees;
use psoas_core::{DisplayName, Email, Pain, Profile, Screening, Session, Side, Symptoms};
use psoas_store::{Scope, Store};

/// Three weeks of daily sessions for a profile of the account, written through the store.
async fn weeks_of_sessions(store: &dyn Store, scope: Scope) -> Profile {
    let profile = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
    store.create_profile(scope, &profile).await.unwrap();
    for d in 0..21i64 {
        let at = Timestamp::from_second(1_790_000_000 + d * 86_400).unwrap();
        let session = Session::start(profile.id, at, 3).unwrap();
        store.create_session(scope, &session).await.unwrap();
        store
            .save_screening(scope, session.id, &Screening::new([], at))
            .await
            .unwrap();
        let pain = Pain::new((6 - d / 4) as u8).unwrap();
        let symptoms = Symptoms::new(pain, Pain::new(2).unwrap(), 8.0, 0, None, at).unwrap();
        store
            .save_symptoms(scope, session.id, &symptoms)
            .await
            .unwrap();
        for (side, base) in [(Side::Left, 10.0 + d as f64 * 0.5), (Side::Right, 22.0)] {
            for n in 1..=3u16 {
                let reading = Reading::Angle {
                    degrees: Degrees::new(base + f64::from(n) * 0.4).unwrap(),
                };
                let m = Measurement::new(
                    Phase::Baseline,
                    Test::LegRaise,
                    side,
                    n,
                    Method::Inclinometer,
                    Some(reading),
                    false,
                    at,
                )
                .unwrap();
                store.add_measurement(scope, session.id, &m).await.unwrap();
            }
        }
    }
    profile
}

async fn the_progress_page_shows_the_trend_and_downloads_work(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let phone = Browser::start().await;
    phone
        .set_up_as_owner(&app.url(&format!("/setup?token={token}")))
        .await;
    let (account, _) = app
        .store
        .account_by_email(&Email::parse("olga@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let profile = weeks_of_sessions(app.store.as_ref(), Scope::of(&account)).await;

    phone.open(&app.url("/history")).await;
    phone.click_text("Anna").await;
    let text = phone.wait_for("Progress of Anna").await;
    for title in [
        "Leg raise per side",
        "Side difference (left minus right)",
        "Pain",
    ] {
        assert!(text.contains(title), "{title} missing: {text}");
    }
    assert!(text.contains("21 sessions."), "{text}");
    // Across the three weeks the gap closed by more than the inclinometer's error allows:
    // 1.96 x 2° x √(4/3) = 4.5° with three trials a side in the first and last sessions.
    assert!(
        text.contains("Over 21 sessions from ")
            && text.contains(
                ", the leg-raise gap went from 12° (left lower) to 2° (left lower) (10° closer); \
             with the trials of those two sessions an inclinometer (or phone app) can detect \
             4.5°, so that is a real change."
            ),
        "{text}"
    );
    let drawn = phone
        .client
        .execute(
            "return [...document.querySelectorAll('.chart svg')]
                 .map(s => Math.round(s.getBoundingClientRect().width));",
            vec![],
        )
        .await
        .unwrap();
    let widths: Vec<u64> = drawn
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_u64().unwrap())
        .collect();
    // Leg raise, difference and pain drawn (no strength or retest in these sessions), each
    // scaled to the phone's width.
    assert_eq!(widths.len(), 3, "{widths:?}");
    assert!(widths.iter().all(|w| (300..=360).contains(w)), "{widths:?}");
    phone.assert_fits_the_phone().await;
    phone.check_page("progress").await;

    // Each download button answers with its file, fetched with the page's own sign-in.
    let fetched = phone
        .client
        .execute(
            "return Promise.all([...document.querySelectorAll('.downloads a')].map(a =>
                 fetch(a.href).then(async r => [a.textContent.trim(), r.status,
                     r.headers.get('content-type'), (await r.arrayBuffer()).byteLength])));",
            vec![],
        )
        .await
        .unwrap();
    let fetched = fetched.as_array().unwrap();
    assert_eq!(fetched.len(), 4, "{fetched:?}");
    for (row, media) in fetched.iter().zip([
        "application/pdf",
        "text/csv; charset=utf-8",
        "application/json",
        "application/fhir+json",
    ]) {
        assert_eq!(row[1], 200, "{row}");
        assert_eq!(row[2], media, "{row}");
        assert!(row[3].as_u64().unwrap() > 1000, "{row}");
    }
    // The session summary's own report button.
    let session = app
        .store
        .list_sessions(Scope::of(&account), Some(profile.id))
        .await
        .unwrap()
        .remove(0);
    app.store
        .finish_session(
            Scope::of(&account),
            session.session.id,
            session.session.started_at,
        )
        .await
        .unwrap();
    phone
        .open(&app.url(&format!("/sessions/{}", session.session.id)))
        .await;
    let one = phone
        .client
        .execute(
            "const a = [...document.querySelectorAll('a')].find(a => a.textContent.trim() == 'Report (PDF)');
             return fetch(a.href).then(r => [r.status, r.headers.get('content-type')]);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(one, serde_json::json!([200, "application/pdf"]));
    phone.quit().await;

    // Another account reaches none of it.
    let stranger = reqwest::Client::new();
    let page = stranger
        .get(app.url(&format!("/profiles/{}/report.pdf", profile.id)))
        .send()
        .await
        .unwrap();
    assert_ne!(page.headers()["content-type"], "application/pdf");
}

both_backends!(the_progress_page_shows_the_trend_and_downloads_work);
