//! The storage conformance suite, rights half, on both backends: what an account holder
//! controls ([`psoas_store::AccountStore`]): the password, sign-in sessions, reset links
//! handed over by the owner, and the purge of what has ended.

use jiff::Timestamp;
use psoas_core::{Account, AccountId, DisplayName, Email, Role};
use psoas_store::{AppStore, StoreError};
use psoas_testkit::{Backend, TestDb, both_backends};

/// A time `seconds` after a fixed instant.
fn at(seconds: i64) -> Timestamp {
    Timestamp::from_microsecond(1_764_000_000_000_000 + seconds * 1_000_000)
        .expect("a valid timestamp")
}

fn new_account(name: &str, role: Role) -> Account {
    Account {
        id: AccountId::random(),
        email: Email::parse(&format!("{}@example.org", name.to_lowercase())).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        role,
        created_at: at(0),
    }
}

/// Olga the owner and Mia, a member she invited.
async fn olga_and_mia(store: &dyn AppStore) -> (Account, Account) {
    let olga = new_account("Olga", Role::Owner);
    store.add_setup_token("setup", at(0)).await.unwrap();
    store.create_owner("setup", &olga, "olga-1").await.unwrap();
    let mia = new_account("Mia", Role::Member);
    store
        .add_invitation("invite", olga.id, at(0), at(86_400))
        .await
        .unwrap();
    store
        .accept_invitation("invite", &mia, "mia-1")
        .await
        .unwrap();
    (olga, mia)
}

async fn password_of(store: &dyn AppStore, account: &Account) -> String {
    store
        .account_by_email(&account.email)
        .await
        .unwrap()
        .unwrap()
        .1
}

async fn signed_in(store: &dyn AppStore, hash: &str) -> bool {
    store.web_session(hash, at(10)).await.unwrap().is_some()
}

async fn a_new_password_ends_every_other_sign_in_of_that_account_only(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = olga_and_mia(&*store).await;
    for (hash, account) in [
        ("mia-phone", &mia),
        ("mia-laptop", &mia),
        ("mia-work", &mia),
    ] {
        store
            .add_web_session(hash, account.id, "csrf", at(1_000))
            .await
            .unwrap();
    }
    store
        .add_web_session("olga-phone", olga.id, "csrf", at(1_000))
        .await
        .unwrap();

    let ended = store
        .set_password(mia.id, "mia-2", Some("mia-phone"))
        .await
        .unwrap();

    assert_eq!(ended, 2);
    assert_eq!(password_of(&*store, &mia).await, "mia-2");
    assert!(signed_in(&*store, "mia-phone").await);
    assert!(!signed_in(&*store, "mia-laptop").await);
    assert!(!signed_in(&*store, "mia-work").await);
    assert!(signed_in(&*store, "olga-phone").await);
    assert_eq!(password_of(&*store, &olga).await, "olga-1");

    // Without a sign-in to keep (the terminal, a token), every one ends.
    assert_eq!(store.set_password(mia.id, "mia-3", None).await.unwrap(), 1);
    assert!(!signed_in(&*store, "mia-phone").await);
    assert_eq!(password_of(&*store, &mia).await, "mia-3");
}

async fn a_new_password_for_an_unknown_account_is_not_found_and_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, _mia) = olga_and_mia(&*store).await;
    store
        .add_web_session("olga-phone", olga.id, "csrf", at(1_000))
        .await
        .unwrap();

    let result = store.set_password(AccountId::random(), "x", None).await;

    assert!(
        matches!(
            result,
            Err(StoreError::NotFound {
                what: "account",
                ..
            })
        ),
        "{result:?}"
    );
    assert!(signed_in(&*store, "olga-phone").await);
}

both_backends!(
    a_new_password_ends_every_other_sign_in_of_that_account_only,
    a_new_password_for_an_unknown_account_is_not_found_and_changes_nothing,
);
