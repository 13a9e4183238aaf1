//! `psoas account reset-password` as the built binary, on a real SQLite file and a real
//! PostgreSQL database: the owner locked out of their own server sets a new password from
//! standard input; every sign-in of the account ends; bad input changes nothing.

use assert_cmd::Command;
use jiff::Timestamp;
use psoas_core::{Account, Role};
use psoas_server::password_work::PasswordWork;
use psoas_store::AppStore;
use psoas_store::audit::{AccessEvent, AccessKind, Door};
use psoas_testkit::{Backend, TestDb, account, both_backends, sign_in};

const OLD: &str = "correct horse battery";
const NEW: &str = "a new staple for the battery";

fn at(seconds: i64) -> Timestamp {
    Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(seconds))
        .unwrap()
}

/// Olga the owner and Mia, each signed in once, both with the password `OLD`.
async fn olga_and_mia(store: &dyn AppStore) -> (Account, Account) {
    let hash = PasswordWork::with_workers(1)
        .hash(OLD.to_string())
        .await
        .unwrap();
    let olga = account("Olga", Role::Owner, at(0));
    store.add_setup_token("setup", at(0)).await.unwrap();
    store.create_owner("setup", &olga, &hash).await.unwrap();
    let mia = account("Mia", Role::Member, at(0));
    store
        .add_invitation("invite", olga.id, at(0), at(86_400))
        .await
        .unwrap();
    store
        .accept_invitation("invite", &mia, &hash)
        .await
        .unwrap();
    for (token, who) in [("olga-phone", &olga), ("mia-phone", &mia)] {
        store
            .add_web_session(&sign_in(token, who.id, "csrf", at(0), at(3_600)))
            .await
            .unwrap();
    }
    (olga, mia)
}

fn psoas(db: &TestDb, args: &[&str], stdin: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("psoas")
        .unwrap()
        .arg("--db")
        .arg(db.url())
        .args(args)
        .write_stdin(stdin)
        .assert()
}

async fn password_is(store: &dyn AppStore, who: &Account, password: &str) -> bool {
    let (_, hash) = store.account_by_email(&who.email).await.unwrap().unwrap();
    PasswordWork::with_workers(1)
        .verify(password.to_string(), hash)
        .await
        .unwrap()
}

async fn signed_in(store: &dyn AppStore, token: &str) -> bool {
    store
        .web_session(token, at(1), Timestamp::MIN)
        .await
        .unwrap()
        .is_some()
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).to_string()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

async fn the_owner_sets_a_new_password_in_the_terminal_and_is_signed_out(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = olga_and_mia(&*store).await;

    let done = psoas(&db, &["account", "reset-password"], &format!("{NEW}\n")).success();

    let said = stdout_of(&done);
    assert!(
        said.contains("The password of Olga (olga@example.org) is changed; 1 sign-in ended."),
        "{said}"
    );
    assert!(password_is(&*store, &olga, NEW).await);
    assert!(!signed_in(&*store, "olga-phone").await);
    assert!(password_is(&*store, &mia, OLD).await);
    assert!(signed_in(&*store, "mia-phone").await);

    // Any account by its address, too.
    let mias = psoas(
        &db,
        &["account", "reset-password", "--email", "Mia@Example.org"],
        &format!("{NEW}\n"),
    )
    .success();
    assert!(stdout_of(&mias).contains("Mia (mia@example.org)"));
    assert!(password_is(&*store, &mia, NEW).await);
    assert!(!signed_in(&*store, "mia-phone").await);
}

async fn a_weak_password_or_an_unknown_address_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, _mia) = olga_and_mia(&*store).await;

    let weak = psoas(&db, &["account", "reset-password"], "short\n").code(2);
    assert!(
        stderr_of(&weak).contains("12 characters"),
        "{}",
        stderr_of(&weak)
    );
    let unknown = psoas(
        &db,
        &["account", "reset-password", "--email", "nobody@example.org"],
        &format!("{NEW}\n"),
    )
    .code(2);
    assert!(
        stderr_of(&unknown)
            .contains("no account of the web app has the address nobody@example.org"),
        "{}",
        stderr_of(&unknown)
    );
    let malformed = psoas(
        &db,
        &["account", "reset-password", "--email", "not an address"],
        &format!("{NEW}\n"),
    )
    .code(2);
    assert!(!stderr_of(&malformed).is_empty());

    assert!(password_is(&*store, &olga, OLD).await);
    assert!(signed_in(&*store, "olga-phone").await);
}

async fn without_an_owner_it_says_how_to_make_one(backend: Backend) {
    let db = TestDb::new(backend).await;
    drop(db.open().await);

    let none = psoas(&db, &["account", "reset-password"], &format!("{NEW}\n")).code(2);

    assert!(
        stderr_of(&none).contains("no owner account yet; start 'psoas serve'"),
        "{}",
        stderr_of(&none)
    );
}

async fn the_records_of_an_account_list_who_reached_them_and_the_notes_about_it(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = olga_and_mia(&*store).await;
    let profile = psoas_core::Profile::new(
        psoas_core::DisplayName::parse("Mia").unwrap(),
        None,
        None,
        None,
    );
    store
        .create_profile(psoas_store::Scope::of(&mia), &profile)
        .await
        .unwrap();
    let nobody = psoas(
        &db,
        &["account", "records", "--email", "mia@example.org"],
        "",
    )
    .success();
    let text = String::from_utf8_lossy(&nobody.get_output().stdout).to_string();
    assert!(
        text.contains("Who has reached the records of Mia (mia@example.org)"),
        "{text}"
    );
    assert!(text.contains("nobody yet"), "{text}");
    assert!(text.contains("no notes"), "{text}");
    for (actor, kind, seconds) in [
        (&olga, AccessKind::Session, 10),
        (&mia, AccessKind::Exported, 20),
    ] {
        store
            .record_access(&AccessEvent {
                at: at(seconds),
                actor: actor.id,
                subject: mia.id,
                profile: Some(profile.id),
                kind,
                door: Door::Api,
            })
            .await
            .unwrap();
    }
    let shown = psoas(
        &db,
        &["account", "records", "--email", "mia@example.org"],
        "",
    )
    .success();
    let text = String::from_utf8_lossy(&shown.get_output().stdout).to_string();
    let export = text
        .find(
            "The account itself downloaded records (an export or a report) (Mia) through the API.",
        )
        .expect(&text);
    let visit = text
        .find("Olga (olga@example.org) opened a check (Mia) through the API.")
        .expect(&text);
    assert!(export < visit, "newest first: {text}");
    assert!(text.contains("kept for 365 days"), "{text}");
    // An unknown address is said plainly.
    let unknown = psoas(
        &db,
        &["account", "records", "--email", "nobody@example.org"],
        "",
    )
    .failure();
    let said = String::from_utf8_lossy(&unknown.get_output().stderr).to_string();
    assert!(
        said.contains("no account of the web app has the address"),
        "{said}"
    );
}

both_backends!(
    the_owner_sets_a_new_password_in_the_terminal_and_is_signed_out,
    a_weak_password_or_an_unknown_address_changes_nothing,
    without_an_owner_it_says_how_to_make_one,
    the_records_of_an_account_list_who_reached_them_and_the_notes_about_it,
);
