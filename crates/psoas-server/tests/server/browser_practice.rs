//! A practitioner and a client in two real headless Chromiums at a phone's width: the
//! practitioner invites, the client joins and runs a check, the practitioner sees it, adds a
//! note and changes the exercise and its times, the client's next check uses them and says
//! who set them, the client unlinks, and the practitioner's open page no longer loads.

use crate::browser::Browser;
use crate::common;
use crate::common::{Backend, both_backends, spawn_app};
use fantoccini::Locator;
use psoas_core::Email;
use psoas_store::Scope;

/// The value of an input, e.g. a link shown to copy.
async fn value_of(b: &Browser, css: &str) -> String {
    b.client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .expect("the field has a value")
}

/// Signs up in the browser with an invitation link.
async fn sign_up(b: &Browser, link: &str, name: &str, email: &str) {
    b.open(link).await;
    b.fill("input[name=display_name]", name).await;
    b.fill("input[name=email]", email).await;
    b.fill("input[name=password]", "correct horse battery")
        .await;
    b.click("button[type=submit]").await;
    b.wait_for("Who is being tested?").await;
}

/// Starts a check and runs it up to the stretch: screening, symptoms, the leg-raise test
/// with the left side tight.
async fn check_to_the_stretch(b: &Browser, app: &common::TestApp) {
    b.open(&app.url("/")).await;
    b.click_text("Start a check").await;
    b.clear_screening_and_symptoms().await;
    b.wait_for("How will the helper measure?").await;
    b.click_text("goniometer").await;
    b.whole_test(0, "12", "26", false).await;
    b.wait_for("Tight side: left").await;
    b.click_text("Go on to the stretch").await;
}

/// Starts the exercise timer, lets it run a second, and stops it (stored as stopped early):
/// Skip is tapped twice, as it asks first.
async fn skip_timer(b: &Browser) {
    b.click("#timer-start").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    b.click("#timer-skip").await;
    b.click("#timer-skip").await;
}

async fn a_practitioner_follows_a_client_on_phones_from_invitation_to_unlinking(backend: Backend) {
    let app = spawn_app(backend).await;
    // The owner makes a practitioner invitation (over HTTP: not the story told here).
    let owner = app.owner("olga@example.org").await;
    let token = app.invitation_token(&owner, "practitioner").await;
    let practitioner_link = app.url(&format!("/signup?token={token}"));

    // Pia joins as a practitioner and makes a client link.
    let pia = Browser::start().await;
    sign_up(&pia, &practitioner_link, "Pia", "pia@example.org").await;
    pia.click_text("Clients").await;
    pia.wait_for("No clients linked yet").await;
    pia.click_text("Create a client invitation link").await;
    pia.wait_for("Send this link").await;
    pia.assert_fits_the_phone().await;
    pia.check_page("practice-invite").await;
    let client_link = value_of(&pia, "input[aria-label='Client invitation link']").await;
    // A second link made by mistake is withdrawn (the newest is listed first); the first
    // one still works below.
    pia.click_text("Create a client invitation link").await;
    pia.wait_for("Send this link").await;
    pia.click("#open-invitations button").await;
    pia.wait_for("The invitation was withdrawn").await;
    pia.assert_fits_the_phone().await;
    pia.check_page("practice-invitation-withdrawn").await;

    // Carl joins as her client, adds himself and runs a whole check.
    let carl = Browser::start().await;
    carl.open(&client_link).await;
    carl.wait_for("Pia invites you as a client").await;
    carl.assert_fits_the_phone().await;
    carl.check_page("practice-client-signup").await;
    sign_up(&carl, &client_link, "Carl", "carl@example.org").await;
    carl.fill("input[name=name]", "Carl").await;
    carl.click_text("Add").await;
    carl.wait_for("Start a check").await;
    check_to_the_stretch(&carl, &app).await;
    carl.wait_for("Which way?").await;
    carl.click_text("Choose a").await;
    carl.wait_for("Hold 1/5").await;
    skip_timer(&carl).await;
    carl.wait_for("How will the helper measure?").await;
    carl.click("a[href$='method=helpers_feel']").await;
    carl.whole_test(0, "5", "4", true).await;
    carl.wait_for("Weak side: right").await;
    carl.click_text("Go on to the strengthening").await;
    carl.wait_for("Which way?").await;
    carl.click_text("Choose b").await;
    carl.wait_for("Keep going").await;
    skip_timer(&carl).await;
    carl.wait_for("Retest").await;
    carl.whole_test(0, "20", "22", false).await;
    carl.wait_for("Go on to the next test").await;
    carl.click_text("Go on to the next test").await;
    carl.wait_for("Retest").await;
    carl.whole_test(0, "5", "5", true).await;
    carl.pain_now("2", "1").await;
    carl.wait_for("Before and after").await;
    carl.click_text("Finish and save").await;
    carl.wait_for("finished and saved").await;

    // Pia sees Carl with his last verdicts, his check, and keeps a note on it.
    pia.click_text("Clients").await;
    let clients = pia.wait_for("Carl: last check").await;
    assert!(clients.contains("tight side left"), "{clients}");
    assert!(clients.contains("weak side right"), "{clients}");
    pia.assert_fits_the_phone().await;
    pia.check_page("practice-clients").await;
    pia.click("#clients a").await;
    pia.wait_for("Exercises prescribed").await;
    pia.assert_fits_the_phone().await;
    pia.check_page("practice-client").await;
    pia.click("table a").await;
    pia.wait_for("Your notes on this check").await;
    pia.wait_for("Tight side: left").await;
    pia.fill(
        "textarea[name=text]",
        "Left hip tight; try the roller at home.",
    )
    .await;
    pia.click_text("Add the note").await;
    let page = pia
        .wait_for("Left hip tight; try the roller at home.")
        .await;
    assert!(page.contains("Pia"), "{page}");
    pia.assert_fits_the_phone().await;
    pia.check_page("practice-session-note").await;

    // ...and prescribes the foam roller for 20 s.
    pia.click("p.session-head a[href*='#person-']").await;
    pia.wait_for("Exercises prescribed").await;
    pia.click("details.prescribe summary").await;
    // Two mistakes at once come back beside their fields, in the form opened again.
    pia.fill("input[name=reps]", "0").await;
    pia.fill("input[name=hold_seconds]", "soon").await;
    pia.click_text("Save the prescription").await;
    let page = pia.wait_for("There is a problem").await;
    assert!(
        page.contains("Holds in stretch a must be between 1 and 20"),
        "{page}"
    );
    assert!(
        page.contains("Time per hold: 'soon' is not understood"),
        "{page}"
    );
    pia.check_page("practice-prescription-problems").await;
    pia.fill("input[name=hold_seconds]", "30").await;
    pia.click("select[name=stretch] option[value=b]").await;
    pia.fill("input[name=roller_seconds]", "0:20").await;
    pia.fill("input[name=reps]", "2").await;
    pia.click_text("Save the prescription").await;
    let page = pia.wait_for("Set by Pia on").await;
    assert!(page.contains("Stretch b: foam roller"), "{page}");
    assert!(page.contains("stretch b: 20 s on the roller"), "{page}");
    pia.assert_fits_the_phone().await;
    pia.check_page("practice-prescription").await;

    // Carl's next check goes straight to the prescribed roller, 20 s, saying who set it.
    check_to_the_stretch(&carl, &app).await;
    let timer = carl.wait_for("Stretch b: foam roller (left side)").await;
    assert!(timer.contains("Prescribed by Pia on"), "{timer}");
    assert!(timer.contains("0:20 in all"), "{timer}");
    assert!(
        !timer.contains("Left hip tight"),
        "notes stay the practitioner's"
    );
    carl.assert_fits_the_phone().await;
    carl.check_page("practice-prescribed-timer").await;
    skip_timer(&carl).await;
    carl.wait_for("How will the helper measure?").await;
    let (account, _) = app
        .store
        .account_by_email(&Email::parse("carl@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let sessions = app
        .store
        .list_sessions(Scope::of(&account), None)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1].exercises[0].planned_seconds, 20);

    // Carl unlinks; Pia's page, open on her phone, no longer loads.
    pia.click_text("Clients").await;
    pia.click("#clients a").await;
    pia.wait_for("Exercises prescribed").await;
    let open_page = pia.client.current_url().await.unwrap();
    // Carl sees that Pia opened his records, and her notes about him.
    carl.open(&app.url("/account")).await;
    carl.wait_for("Your records").await;
    carl.click_text("Who has reached your records").await;
    let records = carl.wait_for("What practitioners wrote about you").await;
    assert!(records.contains("Pia (pia@example.org)"), "{records}");
    assert!(records.contains("opened a check"), "{records}");
    carl.assert_fits_the_phone().await;
    carl.check_page("your-records").await;
    carl.open(&app.url("/settings")).await;
    carl.wait_for("Your practitioner").await;
    carl.assert_fits_the_phone().await;
    carl.check_page("practice-unlink").await;
    carl.click_text("Unlink from Pia").await;
    // The settings page again, without the link (waiting on "Settings" alone would pass on
    // the page before the click).
    let settings = carl.wait_until_gone("Unlink from Pia").await;
    assert!(settings.contains("Settings"), "{settings}");
    assert!(!settings.contains("Your practitioner"), "{settings}");
    pia.client.refresh().await.unwrap();
    pia.wait_for("not linked to you").await;
    assert_eq!(pia.client.current_url().await.unwrap(), open_page);
    pia.check_page("practice-unlinked").await;
    pia.open(&app.url("/clients")).await;
    pia.wait_for("No clients linked yet").await;

    pia.quit().await;
    carl.quit().await;
}

both_backends!(a_practitioner_follows_a_client_on_phones_from_invitation_to_unlinking,);
