//! The protocol pages in a real headless Chromium at a phone-sized viewport: a whole check
//! by tapping, with the exercise timer's JavaScript keeping time from the clock (a jump of
//! the clock, as after a sleeping screen, ends the countdown) and posting what was done.

use crate::browser::Browser;
use crate::common::{Backend, both_backends, spawn_app};
use fantoccini::Locator;
use psoas_core::{ExerciseOutcome, RedFlag, SessionStatus};
use psoas_store::Scope;
use std::time::Duration;

async fn shown(b: &Browser, id: &str) -> bool {
    b.client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap()
}

async fn clock(b: &Browser) -> String {
    b.client
        .find(Locator::Id("timer-clock"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn text_of(b: &Browser, id: &str) -> String {
    b.client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The animation running on the timer's clock ("none" when there is none).
async fn clock_animation(b: &Browser) -> String {
    b.client
        .execute(
            "return getComputedStyle(document.getElementById('timer-clock')).animationName;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

async fn a_whole_check_on_a_phone_with_the_timer(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let b = Browser::start().await;
    b.set_up_as_owner(&app.url(&format!("/setup?token={token}")))
        .await;
    b.add_person_and_start("Anna").await;

    b.wait_for("Safety questions").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-screening").await;
    for flag in RedFlag::ALL {
        b.click(&format!("input[name={}][value=no]", flag.as_str()))
            .await;
    }
    b.click_text("Continue").await;

    b.wait_for("How are things today?").await;
    // Two wrong fields: both said at once, at the top and beside each, the first one focused.
    b.fill("input[name=back_pain]", "11").await;
    b.fill("input[name=pelvic_pain]", "a lot").await;
    b.fill("input[name=sitting_hours]", "9").await;
    b.fill("input[name=situps]", "0").await;
    b.click_text("Continue").await;
    let page = b.wait_for("There is a problem").await;
    let back = "Low back pain must be between 0 and 10 (whole numbers); you typed 11.";
    let pelvic = "Pelvic pain: 'a lot' is not understood";
    assert_eq!(page.matches(back).count(), 2, "{page}");
    assert_eq!(page.matches(pelvic).count(), 2, "{page}");
    let focused = b
        .client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "back_pain");
    b.assert_fits_the_phone().await;
    b.check_page("protocol-symptoms-errors").await;
    b.fill("input[name=back_pain]", "3").await;
    b.fill("input[name=pelvic_pain]", "1").await;
    b.fill("input[name=sitting_hours]", "9").await;
    b.fill("input[name=situps]", "0").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-symptoms").await;
    b.click_text("Continue").await;

    b.wait_for("How will the helper measure?").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-method").await;
    b.click_text("goniometer").await;
    b.wait_for("Left side").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-trial").await;
    b.trial("Left", 1, "95", false).await;
    b.wait_for("between 0 and 90").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-trial-error").await;
    b.trial("Left", 1, "12", false).await;
    b.wait_for("So far").await;
    b.whole_test(1, "13", "25", false).await;
    b.wait_for("Tight side: left").await;
    b.assert_fits_the_phone().await;
    b.assert_on_the_first_screen(&[".verdict .headline", ".verdict .why", "main a.button"])
        .await;
    b.check_page("protocol-verdict").await;
    b.click_text("Go on to the stretch").await;

    b.wait_for("Which way?").await;
    b.assert_on_the_first_screen(&["h1", ".verdict-line", ".card.option .button"])
        .await;
    b.check_page("protocol-stretch-choice").await;
    b.click_text("Choose a").await;
    b.wait_for("Hold 1/5").await;
    b.assert_fits_the_phone().await;
    assert_eq!(clock(&b).await, "0:30");
    b.assert_on_the_first_screen(&["h1", ".verdict-line", "#timer-clock", "#timer-start"])
        .await;
    b.check_page("protocol-timer").await;
    assert!(shown(&b, "timer-start").await && !shown(&b, "timer-pause").await);
    assert!(!shown(&b, "timer-result").await);
    b.click("#timer-start").await;
    assert!(!shown(&b, "timer-start").await && shown(&b, "timer-pause").await);
    assert!(!shown(&b, "timer-resume").await);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let running = clock(&b).await;
    assert!(running == "0:29" || running == "0:28", "{running}");
    b.click("#timer-pause").await;
    let paused = clock(&b).await;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    assert_eq!(clock(&b).await, paused, "a paused timer stands still");
    assert!(shown(&b, "timer-resume").await && !shown(&b, "timer-pause").await);
    // Paused is said in words and shown by a pulsing clock, which stands still for a reader
    // who asks for reduced motion.
    assert_eq!(text_of(&b, "timer-state").await, "Paused");
    assert_eq!(clock_animation(&b).await, "pulse");
    b.check_page("protocol-timer-paused").await;
    b.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
    )
    .await;
    assert_eq!(clock_animation(&b).await, "none");
    b.click("#timer-resume").await;
    assert_eq!(text_of(&b, "timer-state").await, "");
    b.check_page("protocol-timer-running").await;
    // As after a sleeping screen: the clock jumps ahead, and the countdown follows it.
    b.client
        .execute(
            "const real = Date.now; Date.now = () => real() + 200000; return true;",
            vec![],
        )
        .await
        .unwrap();
    b.wait_for("Done").await;
    b.wait_for("How will the helper measure?").await;

    b.click("a[href$='method=helpers_feel']").await;
    b.wait_for("Left side").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-strength-trial").await;
    b.whole_test(0, "5", "4", true).await;
    b.wait_for("Weak side: right").await;
    b.assert_on_the_first_screen(&[".verdict .headline", ".verdict .why", "main a.button"])
        .await;
    b.check_page("protocol-strength-verdict").await;
    b.click_text("Go on to the strengthening").await;
    b.wait_for("Technique a presses on the belly").await;
    b.assert_fits_the_phone().await;
    b.assert_on_the_first_screen(&["h1", ".verdict-line", ".card.option .button"])
        .await;
    b.check_page("protocol-strengthen-choice").await;
    b.click_text("Choose b").await;
    b.wait_for("Keep going").await;
    b.assert_on_the_first_screen(&["h1", ".verdict-line", "#timer-clock", "#timer-start"])
        .await;
    b.check_page("protocol-strengthen-timer").await;
    b.click("#timer-start").await;
    tokio::time::sleep(Duration::from_millis(2200)).await;
    // Skip asks first: one tap only asks, and the exercise goes on.
    b.click("#timer-skip").await;
    assert_eq!(text_of(&b, "timer-skip").await, "Tap again to skip");
    assert!(
        text_of(&b, "timer-state").await.contains("Tap Skip again"),
        "{}",
        b.text().await
    );
    assert!(b.text().await.contains("Keep going"));
    b.click("#timer-skip").await;

    b.wait_for("Retest").await;
    b.whole_test(0, "20", "22", false).await;
    b.wait_for("No clear difference").await;
    b.click_text("Go on to the next test").await;
    b.wait_for("Retest").await;
    b.whole_test(0, "5", "5", true).await;
    b.wait_for("Go on: how is the pain now?").await;
    b.click_text("Go on: how is the pain now?").await;
    b.wait_for("And now, after the exercises?").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-pain-after").await;
    // A rating out of range is said beside its field, and nothing is stored.
    b.fill("input[name=back_pain]", "12").await;
    b.fill("input[name=pelvic_pain]", "1").await;
    b.click_text("See before and after").await;
    b.wait_for("you typed 12").await;
    assert!(
        b.client
            .find(Locator::Css("#back_pain-error"))
            .await
            .is_ok(),
        "{}",
        b.text().await
    );
    b.check_page("protocol-pain-after-problems").await;
    b.fill("input[name=back_pain]", "0").await;
    b.click_text("See before and after").await;
    let summary = b.wait_for("Before and after").await;
    // Back pain 3 at the start, 0 at the end; the pelvis 1 and 1.
    assert!(
        summary.contains("Low back pain eased from 3 to 0 of 10"),
        "{summary}"
    );
    assert!(summary.contains("Pelvic pain: 1 of 10 at the start and at the end"));
    b.assert_fits_the_phone().await;
    b.check_page("protocol-summary").await;
    b.click_text("Finish and save").await;
    b.wait_for("finished and saved").await;
    b.check_page("protocol-finished").await;
    b.click_text("History").await;
    b.wait_for("Pain back / pelvis").await;
    b.check_page("history").await;

    let sessions = app
        .store
        .list_sessions(Scope::Terminal, None)
        .await
        .unwrap();
    let record = &sessions[0];
    assert_eq!(record.session.status, SessionStatus::Finished);
    assert_eq!(record.exercises[0].outcome, ExerciseOutcome::Completed);
    assert_eq!(record.exercises[0].done_seconds, 190);
    assert_eq!(record.exercises[1].outcome, ExerciseOutcome::Stopped);
    assert!(
        (1..=3).contains(&record.exercises[1].done_seconds),
        "{:?}",
        record.exercises[1]
    );
    assert_eq!(record.measurements.len(), 24);
    b.quit().await;
}

async fn a_red_flag_stops_the_check_and_a_missing_page_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let b = Browser::start().await;
    b.set_up_as_owner(&app.url(&format!("/setup?token={token}")))
        .await;
    b.check_page("home-empty").await;
    b.add_person_and_start("Anna").await;
    b.wait_for("Safety questions").await;
    // Nothing answered: each question says so, and the first one has the focus.
    b.click_text("Continue").await;
    b.wait_for("There is a problem").await;
    b.wait_for("Question 6: answer yes or no.").await;
    let focused = b
        .client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, RedFlag::ALL[0].as_str());
    b.check_page("protocol-screening-errors").await;
    for (i, flag) in RedFlag::ALL.iter().enumerate() {
        let answer = if i == 0 { "yes" } else { "no" };
        b.click(&format!("input[name={}][value={answer}]", flag.as_str()))
            .await;
    }
    b.click_text("Continue").await;
    b.wait_for("Please stop here").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-stopped").await;

    b.open(&app.url("/sessions/00000000-0000-0000-0000-000000000000"))
        .await;
    b.wait_for("does not exist").await;
    b.check_page("error-not-found").await;

    // The checks themselves catch what they are there for: an image without a text, grey on
    // grey, a tiny button (added to the page by script, never served).
    b.client
        .execute(
            "const m = document.querySelector('main');
             m.insertAdjacentHTML('beforeend', '<img src=\"/static/app.css\">'
                 + '<p class=\"grey\">faint</p><button class=\"tiny\">x</button>');
             const g = m.querySelector('.grey'); g.style.color = '#999'; g.style.background = '#aaa';
             const t = m.querySelector('.tiny'); t.style.minHeight = '0'; t.style.padding = '0';
             return true;",
            vec![],
        )
        .await
        .unwrap();
    let found = b.axe_violations().await.join("\n");
    assert!(found.contains("image-alt"), "{found}");
    assert!(found.contains("color-contrast"), "{found}");
    let small = b.small_targets().await.join("\n");
    assert!(small.contains("button 'x'"), "{small}");
    b.quit().await;
}

/// A mistyped trial struck out on a phone: the "Strike out" link beside it, the reasons to
/// choose from (none chosen is said), the trial taken again under its place, and the verdict
/// leaving the struck-out value out while the table still shows it, struck through.
async fn a_mistyped_trial_is_struck_out_and_taken_again_on_a_phone(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let b = Browser::start().await;
    b.set_up_as_owner(&app.url(&format!("/setup?token={token}")))
        .await;
    b.add_person_and_start("Anna").await;
    b.clear_screening_and_symptoms().await;
    b.wait_for("How will the helper measure?").await;
    b.click_text("goniometer").await;
    b.trial("Left", 1, "12", false).await;
    b.trial("Right", 1, "30", false).await;
    // Meant 13: 85 is asked about first, and kept in haste.
    b.trial("Left", 2, "85", false).await;
    let page = b.wait_for("Is 85.0° right?").await;
    assert!(page.contains("rarely goes above 45°"), "{page}");
    assert!(page.contains("Did you mean 8.5?"), "{page}");
    b.assert_fits_the_phone().await;
    b.check_page("protocol-trial-unusual").await;
    b.click_text("Yes, 85 is right: keep it").await;
    let page = b.wait_for("Right side trial 2 of 3").await;
    assert!(page.contains("85.0° (unusual, kept)"), "{page}");
    b.click("a[aria-label='Strike out left trial 2']").await;

    b.wait_for("Strike out a trial").await;
    let page = b.text().await;
    assert!(
        page.contains(
            "Left side, trial 2 of the leg-raise (tightness) test (before exercises): 85.0°"
        ),
        "{page}"
    );
    assert!(page.contains("85"), "{page}");
    b.assert_fits_the_phone().await;
    b.check_page("protocol-strike-out").await;
    // No reason chosen: said at the top and beside the choices; nothing struck out.
    b.click_text("Strike out the trial").await;
    let page = b.wait_for("There is a problem").await;
    assert_eq!(
        page.matches("Choose why the trial is struck out").count(),
        2,
        "{page}"
    );
    b.check_page("protocol-strike-out-errors").await;
    // "Another reason" needs words.
    b.click("input[name=reason][value=other]").await;
    b.click_text("Strike out the trial").await;
    let page = b.wait_for("Say in a few words").await;
    assert_eq!(page.matches("Say in a few words why").count(), 2, "{page}");
    b.click("input[name=reason][value=typo]").await;
    b.fill("input[name=note]", "meant 13").await;
    b.click_text("Strike out the trial").await;

    // The left side's second trial is asked again; the table keeps the 85, struck out.
    b.trial("Left", 2, "13", false).await;
    let page = b.wait_for("Right side trial 2 of 3").await;
    assert!(
        page.contains("struck out: typed wrongly (meant 13)"),
        "{page}"
    );
    let struck = b
        .client
        .find(Locator::Css("table.trials s"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(struck, "85.0°");
    b.trial("Right", 2, "31", false).await;
    b.trial("Left", 3, "14", false).await;
    // The right side's third trial strays: the verdict asks for more there.
    b.trial("Right", 3, "43", false).await;
    let page = b.wait_for("Tight side: left").await;
    assert!(
        !page.contains("85"),
        "the verdict leaves the 85 out: {page}"
    );
    b.check_page("protocol-verdict-more-trials").await;
    b.assert_on_the_first_screen(&[".verdict .headline", ".extra-trial"])
        .await;
    b.click_text("Take another trial on the right side (trial 4)")
        .await;
    b.wait_for("Right side one more trial: trial 4").await;
    b.assert_fits_the_phone().await;
    b.check_page("protocol-extra-trial").await;
    b.fill("input[name=value]", "30").await;
    b.click_text("Save trial").await;
    // Four trials still spread 13°; from five the highest and lowest are set aside.
    b.wait_for("Take another trial on the right side (trial 5)")
        .await;
    b.click_text("Take another trial on the right side (trial 5)")
        .await;
    b.wait_for("Right side one more trial: trial 5").await;
    b.fill("input[name=value]", "31").await;
    b.click_text("Save trial").await;
    let page = b.wait_for("Tight side: left").await;
    assert!(!page.contains("Take another trial"), "{page}");
    b.click("details.decided summary").await;
    let page = b.wait_for("struck out").await;
    assert!(page.contains("median of 3 trials: 12°, 13°, 14°"), "{page}");
    assert!(page.contains("median of 5 trials"), "{page}");
    b.assert_fits_the_phone().await;
    b.check_page("protocol-verdict-struck-out").await;

    let record = app
        .store
        .list_sessions(Scope::Terminal, None)
        .await
        .unwrap()
        .remove(0);
    let void: Vec<_> = record
        .measurements
        .iter()
        .filter_map(|m| m.void.as_ref())
        .collect();
    assert_eq!(void.len(), 1);
    assert_eq!(void[0].reason, psoas_core::VoidReason::Typo);
    assert_eq!(void[0].note.as_deref(), Some("meant 13"));
    assert!(void[0].by.is_some(), "who struck it out is kept");
    b.quit().await;
}

async fn a_struck_out_trial_a_check_and_a_person_are_deleted_on_a_phone(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let b = Browser::start().await;
    b.set_up_as_owner(&app.url(&format!("/setup?token={token}")))
        .await;
    b.add_person_and_start("Anna").await;
    b.clear_screening_and_symptoms().await;
    b.wait_for("How will the helper measure?").await;
    b.click_text("goniometer").await;
    b.trial("Left", 1, "12", false).await;
    b.trial("Right", 1, "30", false).await;
    b.wait_for("Left side trial 2 of 3").await;
    b.click("a[aria-label='Strike out left trial 1']").await;
    b.wait_for("Why is it wrong?").await;
    b.click("input[name=reason][value=typo]").await;
    b.click_text("Strike out the trial").await;
    b.wait_for("struck out: typed wrongly").await;

    b.click("a[aria-label='Delete left trial 1 for real']")
        .await;
    let page = b.wait_for("Delete this struck-out trial?").await;
    assert!(page.contains("12.0°, struck out: typed wrongly"), "{page}");
    assert!(page.contains("This cannot be undone."), "{page}");
    assert!(
        page.contains("Backups made before keep what they had"),
        "{page}"
    );
    b.assert_fits_the_phone().await;
    b.check_page("delete-trial").await;
    b.click_text("Delete the trial").await;
    let page = b.wait_for("The struck-out trial is deleted").await;
    assert!(!page.contains("typed wrongly"), "{page}");
    b.check_page("protocol-trial-deleted").await;
    let record = app
        .store
        .list_sessions(Scope::Terminal, None)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(record.measurements.len(), 1);

    b.click_text("Delete this check").await;
    let page = b.wait_for("Delete this check?").await;
    assert!(page.contains("Anna's check of"), "{page}");
    assert!(
        page.contains("1 trial, the exercises and the pain at the end"),
        "{page}"
    );
    b.assert_fits_the_phone().await;
    b.check_page("delete-check").await;
    b.click_text("Delete the check").await;
    b.wait_for("The check and its 1 trial are deleted").await;
    b.check_page("home-check-deleted").await;
    assert!(
        app.store
            .list_sessions(Scope::Terminal, None)
            .await
            .unwrap()
            .is_empty()
    );

    b.click("a[aria-label=\"Delete Anna's profile\"]").await;
    let page = b.wait_for("Delete Anna's profile?").await;
    assert!(page.contains("Anna with 0 checks and no trials"), "{page}");
    b.check_page("delete-profile").await;
    b.click_text("Keep it").await;
    b.wait_for("Who is being tested?").await;
    b.click("a[aria-label=\"Delete Anna's profile\"]").await;
    b.wait_for("Delete Anna's profile?").await;
    b.click_text("Delete the profile").await;
    let page = b
        .wait_for("The profile is deleted: it is gone from the database")
        .await;
    assert!(!page.contains("Start a check"), "{page}");
    assert!(
        app.store
            .list_profiles(Scope::Terminal)
            .await
            .unwrap()
            .is_empty()
    );
    b.quit().await;
}

both_backends!(
    a_struck_out_trial_a_check_and_a_person_are_deleted_on_a_phone,
    a_whole_check_on_a_phone_with_the_timer,
    a_mistyped_trial_is_struck_out_and_taken_again_on_a_phone,
    a_red_flag_stops_the_check_and_a_missing_page_says_so,
);
