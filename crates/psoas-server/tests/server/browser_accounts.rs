//! Accounts in a real headless Chromium at a phone-sized viewport: the owner sets up the
//! server from the printed link, adds a person, and a second account sees none of it; the
//! account page (password, sign-ins) passes the same checks.

use crate::browser::Browser;
use crate::common;
use crate::common::{Backend, both_backends, spawn_app};

async fn an_owner_sets_up_and_a_second_account_cannot_see_the_first_ones_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let owner = Browser::start().await;
    owner.open(&app.url("/")).await;
    owner.wait_for("one-time set-up link").await;
    owner.check_page("welcome").await;

    owner.open(&app.url(&format!("/setup?token={token}"))).await;
    // Everything wrong at once: each problem beside its field, the first one focused.
    owner.fill("input[name=display_name]", " ").await;
    owner.fill("input[name=email]", "olga.example.org").await;
    owner.fill("input[name=password]", "short").await;
    owner.click("button[type=submit]").await;
    let page = owner.wait_for("There is a problem").await;
    assert!(page.contains("Enter your name"), "{page}");
    assert!(
        page.contains("The password needs at least 12 characters"),
        "{page}"
    );
    let focused = owner
        .client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "display_name");
    owner.check_page("setup-problems").await;
    owner.fill("input[name=display_name]", "Olga").await;
    owner.fill("input[name=email]", "olga@example.org").await;
    owner
        .fill("input[name=password]", "correct horse battery")
        .await;
    owner.check_page("setup").await;
    owner.click("button[type=submit]").await;
    owner.wait_for("Who is being tested?").await;

    owner.fill("input[name=name]", "Anna <b>Private</b>").await;
    owner.fill("input[name=leg_length]", "91").await;
    owner.click_text("Add").await;
    let home = owner.wait_for("Anna <b>Private</b>").await;
    assert!(home.contains("Start a check"), "{home}");
    owner.assert_fits_the_phone().await;
    owner.check_page("home").await;

    owner.open(&app.url("/settings")).await;
    owner.click_text("Create an invitation link").await;
    owner.wait_for("Send this link").await;
    let link = owner
        .client
        .find(fantoccini::Locator::Css("input.copy"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .expect("the link is shown");
    owner.check_page("settings").await;
    owner.quit().await;

    let member = Browser::start().await;
    member.open(&link).await;
    member.fill("input[name=display_name]", "Ben").await;
    member.fill("input[name=email]", "ben@example.org").await;
    member
        .fill("input[name=password]", "another good password")
        .await;
    member.click("button[type=submit]").await;
    let home = member.wait_for("Who is being tested?").await;
    assert!(
        !home.contains("Anna"),
        "a member sees another account's person:\n{home}"
    );
    member.open(&app.url("/history")).await;
    let history = member.wait_for("History").await;
    assert!(!history.contains("Anna"), "{history}");
    member.quit().await;
}

async fn a_wrong_password_is_told_plainly_in_the_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    drop(app.owner("olga@example.org").await);
    let browser = Browser::start().await;
    browser.open(&app.url("/login")).await;
    browser.fill("input[name=email]", "olga@example.org").await;
    browser
        .fill("input[name=password]", "not the password")
        .await;
    browser.click("button[type=submit]").await;
    browser
        .wait_for("The e-mail address or the password is wrong.")
        .await;
    browser.check_page("login-wrong").await;
    browser
        .fill("input[name=password]", "correct horse battery")
        .await;
    browser.click("button[type=submit]").await;
    browser.wait_for("Who is being tested?").await;
    browser.quit().await;
}

/// Signs a new browser in as Olga, the owner.
async fn signed_in_owner(app: &common::TestApp) -> Browser {
    let browser = Browser::start().await;
    browser.open(&app.url("/login")).await;
    browser.fill("input[name=email]", "olga@example.org").await;
    browser
        .fill("input[name=password]", "correct horse battery")
        .await;
    browser.click("button[type=submit]").await;
    browser.wait_for("Who is being tested?").await;
    browser
}

async fn the_account_page_changes_the_password_in_the_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    drop(app.owner("olga@example.org").await);
    let browser = signed_in_owner(&app).await;
    browser.open(&app.url("/account")).await;
    browser.wait_for("Change your password").await;
    browser.check_page("account").await;

    browser
        .fill("input[name=current_password]", "not the password")
        .await;
    browser
        .fill("input[name=new_password]", "a new staple for the battery")
        .await;
    browser.click_text("Change password").await;
    browser.wait_for("The current password is wrong.").await;
    browser.check_page("account-problem").await;

    browser
        .fill("input[name=current_password]", "correct horse battery")
        .await;
    browser
        .fill("input[name=new_password]", "a new staple for the battery")
        .await;
    browser.click_text("Change password").await;
    browser.wait_for("Your password is changed").await;
    browser.check_page("account-changed").await;
    browser.quit().await;
}

async fn the_account_page_ends_other_sign_ins_in_the_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    drop(app.owner("olga@example.org").await);
    let phone = common::client();
    assert_eq!(
        app.sign_in(&phone, "olga@example.org", "correct horse battery")
            .await
            .0,
        303
    );
    let browser = signed_in_owner(&app).await;
    browser.open(&app.url("/account")).await;
    let listed = browser.wait_for("Where you are signed in").await;
    assert!(listed.contains("Chrome on Linux (this device)"), "{listed}");
    browser.check_page("account-sign-ins").await;

    browser.click("form[action$='/end'] button").await;
    browser.wait_for("That sign-in has ended").await;
    browser.check_page("account-sign-in-ended").await;

    browser.click_text("Sign out everywhere else").await;
    let done = browser
        .wait_for("You are signed out on your one other device.")
        .await;
    assert!(!done.contains("An unknown browser"), "{done}");
    browser.check_page("account-signed-out-elsewhere").await;
    browser.quit().await;
}

async fn a_reset_link_sets_a_new_password_in_the_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    drop(app.member(&owner, "mia@example.org").await);
    let browser = signed_in_owner(&app).await;
    browser.open(&app.url("/settings")).await;
    browser.wait_for("Reset someone's password").await;
    browser.click_text("Make a reset link").await;
    browser.wait_for("Hand this link to Member").await;
    browser.check_page("settings-reset-link").await;
    browser.quit().await;

    let link = app.reset_link(&owner, "mia@example.org").await;
    let browser = Browser::start().await;
    browser.open(&app.url(&link)).await;
    browser.wait_for("choose a new password").await;
    browser.check_page("reset-password").await;
    browser.fill("input[name=new_password]", "short").await;
    browser.click_text("Set the new password").await;
    browser.wait_for("There is a problem").await;
    browser.check_page("reset-password-problem").await;
    browser
        .fill("input[name=new_password]", "a new staple for the battery")
        .await;
    browser.click_text("Set the new password").await;
    browser.wait_for("Your new password is set").await;
    browser.check_page("reset-password-done").await;
    browser.quit().await;
    assert_eq!(
        app.sign_in(
            &common::client(),
            "mia@example.org",
            "a new staple for the battery"
        )
        .await
        .0,
        303
    );
}

async fn a_member_deletes_their_account_and_the_owner_removes_one_in_the_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    drop(app.member(&owner, "mia@example.org").await);
    drop(app.member(&owner, "ben@example.org").await);

    let browser = Browser::start().await;
    browser.open(&app.url("/login")).await;
    browser.fill("input[name=email]", "mia@example.org").await;
    browser
        .fill("input[name=password]", "correct horse battery")
        .await;
    browser.click("button[type=submit]").await;
    browser.wait_for("Who is being tested?").await;
    browser.open(&app.url("/account")).await;
    browser.wait_for("Delete your account").await;
    browser
        .click_text("Delete my account and all my data")
        .await;
    let page = browser
        .wait_for("Delete your account and all your data?")
        .await;
    assert!(
        page.contains("0 people's profiles, with 0 checks and no trials"),
        "{page}"
    );
    browser.check_page("delete-account").await;
    browser
        .fill("input[name=password]", "not my password")
        .await;
    browser
        .click_text("Delete my account and all my data")
        .await;
    browser.wait_for("There is a problem").await;
    browser.check_page("delete-account-problem").await;
    browser
        .fill("input[name=password]", "correct horse battery")
        .await;
    browser
        .click_text("Delete my account and all my data")
        .await;
    browser.wait_for("Your account is deleted").await;
    browser.check_page("account-deleted").await;
    browser.quit().await;
    assert!(
        app.store
            .account_by_email(&psoas_core::Email::parse("mia@example.org").unwrap())
            .await
            .unwrap()
            .is_none()
    );

    let browser = signed_in_owner(&app).await;
    browser.open(&app.url("/account")).await;
    browser
        .wait_for("it holds this server and cannot be deleted here")
        .await;
    browser.open(&app.url("/settings")).await;
    browser.wait_for("Accounts").await;
    browser
        .click("a[aria-label='Remove Member (ben@example.org)']")
        .await;
    browser.wait_for("Remove Member's account?").await;
    browser.check_page("remove-account").await;
    browser.click_text("Remove the account").await;
    let page = browser.wait_for("The account is removed").await;
    assert!(!page.contains("ben@example.org"), "{page}");
    browser.check_page("settings-account-removed").await;
    browser.quit().await;
}

both_backends!(
    a_member_deletes_their_account_and_the_owner_removes_one_in_the_browser,
    a_reset_link_sets_a_new_password_in_the_browser,
    an_owner_sets_up_and_a_second_account_cannot_see_the_first_ones_data,
    a_wrong_password_is_told_plainly_in_the_browser,
    the_account_page_changes_the_password_in_the_browser,
    the_account_page_ends_other_sign_ins_in_the_browser,
);
