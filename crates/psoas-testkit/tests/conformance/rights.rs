//! The storage conformance suite, rights half, on both backends: what an account holder
//! controls ([`psoas_store::AccountStore`]): the password, sign-in sessions, reset links
//! handed over by the owner, and the purge of what has ended.

use jiff::Timestamp;
use psoas_core::{Account, AccountId, Role};
use psoas_store::audit::{AccessEvent, AccessKind, Door, Purged, Retention};
use psoas_store::{AppStore, StoreError};
use psoas_testkit::{Backend, TestDb, account, both_backends, sign_in};

use crate::fixtures::on_the_second as at;

/// Olga the owner and Mia, a member she invited.
async fn olga_and_mia(store: &dyn AppStore) -> (Account, Account) {
    let olga = account("Olga", Role::Owner, at(0));
    store.add_setup_token("setup", at(0)).await.unwrap();
    store.create_owner("setup", &olga, "olga-1").await.unwrap();
    let mia = account("Mia", Role::Member, at(0));
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
    store
        .web_session(hash, at(10), Timestamp::MIN)
        .await
        .unwrap()
        .is_some()
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
            .add_web_session(&sign_in(hash, account.id, "csrf", at(0), at(1_000)))
            .await
            .unwrap();
    }
    store
        .add_web_session(&sign_in("olga-phone", olga.id, "csrf", at(0), at(1_000)))
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
        .add_web_session(&sign_in("olga-phone", olga.id, "csrf", at(0), at(1_000)))
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

/// Mia's phone (started at 100 s), laptop (at 200 s) and an old sign-in that expired at
/// 250 s; Olga's phone. All but the old one last 100,000 s.
async fn several_sign_ins(store: &dyn AppStore) -> (Account, Account) {
    let (olga, mia) = olga_and_mia(store).await;
    for (hash, account, started, expires) in [
        ("mia-phone", &mia, 100, 100_000),
        ("mia-laptop", &mia, 200, 100_000),
        ("mia-old", &mia, 0, 250),
        ("olga-phone", &olga, 150, 100_000),
    ] {
        store
            .add_web_session(&sign_in(hash, account.id, "csrf", at(started), at(expires)))
            .await
            .unwrap();
    }
    (olga, mia)
}

async fn ids_of(store: &dyn AppStore, account: &Account, now: Timestamp) -> Vec<uuid::Uuid> {
    store
        .sign_ins(account.id, now, Timestamp::MIN, None)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect()
}

async fn an_account_sees_its_own_live_sign_ins_last_used_first_and_which_is_its_own(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = several_sign_ins(&*store).await;

    let listed = store
        .sign_ins(mia.id, at(300), Timestamp::MIN, Some("mia-phone"))
        .await
        .unwrap();

    let seen: Vec<_> = listed
        .iter()
        .map(|s| {
            (
                s.started_at,
                s.last_used_at,
                s.user_agent.as_str(),
                s.current,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (at(200), at(200), "Firefox on Android", false),
            (at(100), at(100), "Firefox on Android", true),
        ]
    );
    assert_ne!(listed[0].id, listed[1].id);
    let olgas = store
        .sign_ins(olga.id, at(300), Timestamp::MIN, Some("mia-phone"))
        .await
        .unwrap();
    assert_eq!(olgas.len(), 1);
    assert!(
        !olgas[0].current,
        "another account's token is not this sign-in"
    );
}

async fn a_sign_in_ends_when_idle_and_its_use_is_noted_once_a_minute(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_olga, mia) = several_sign_ins(&*store).await;

    // Used at 400 s: noted. Used again 20 s later: within the resolution, not noted.
    assert!(
        store
            .web_session("mia-phone", at(400), at(0))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .web_session("mia-phone", at(420), at(0))
            .await
            .unwrap()
            .is_some()
    );
    let listed = store
        .sign_ins(mia.id, at(430), Timestamp::MIN, None)
        .await
        .unwrap();
    assert_eq!(listed[0].last_used_at, at(400), "{listed:?}");
    assert_eq!(listed[0].started_at, at(100));

    // Idle since before 400 s: the laptop (last used at 200 s) is over, the phone is not.
    assert!(
        store
            .web_session("mia-laptop", at(5_000), at(300))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session("mia-phone", at(5_000), at(300))
            .await
            .unwrap()
            .is_some()
    );
    let live = store
        .sign_ins(mia.id, at(5_000), at(300), None)
        .await
        .unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].last_used_at, at(5_000));
}

async fn one_sign_in_is_ended_by_its_own_account_only(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = several_sign_ins(&*store).await;
    let listed = store
        .sign_ins(mia.id, at(300), Timestamp::MIN, Some("mia-laptop"))
        .await
        .unwrap();
    let laptop = listed.iter().find(|s| s.current).unwrap().id;
    let phone = listed.iter().find(|s| !s.current).unwrap().id;

    let by_olga = store.end_sign_in(olga.id, phone).await;
    assert!(
        matches!(
            by_olga,
            Err(StoreError::NotFound {
                what: "sign-in",
                ..
            })
        ),
        "{by_olga:?}"
    );
    store.end_sign_in(mia.id, laptop).await.unwrap();
    let again = store.end_sign_in(mia.id, laptop).await;
    assert!(
        matches!(again, Err(StoreError::NotFound { .. })),
        "{again:?}"
    );

    assert!(!signed_in(&*store, "mia-laptop").await);
    assert!(signed_in(&*store, "mia-phone").await);
    assert_eq!(ids_of(&*store, &mia, at(300)).await, [phone]);
    assert_eq!(ids_of(&*store, &olga, at(300)).await.len(), 1);
}

async fn signing_out_everywhere_else_keeps_this_sign_in_and_other_accounts(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = several_sign_ins(&*store).await;

    // The laptop, and the expired one too.
    let ended = store
        .end_other_sign_ins(mia.id, Some("mia-phone"))
        .await
        .unwrap();

    assert_eq!(ended, 2);
    assert!(signed_in(&*store, "mia-phone").await);
    assert!(!signed_in(&*store, "mia-laptop").await);
    assert!(signed_in(&*store, "olga-phone").await);
    // Without one to keep (a token asking), every one ends.
    assert_eq!(store.end_other_sign_ins(mia.id, None).await.unwrap(), 1);
    assert!(!signed_in(&*store, "mia-phone").await);
    assert_eq!(ids_of(&*store, &olga, at(300)).await.len(), 1);
}

async fn the_purge_deletes_expired_and_idle_sign_ins_of_every_account_only(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = several_sign_ins(&*store).await;
    // At 300 s, idle since 120 s: the old one has expired and Mia's phone lay idle.
    let purged = store.purge_ended_sign_ins(at(300), at(120)).await.unwrap();

    assert_eq!(purged, 2);
    assert_eq!(
        store.purge_ended_sign_ins(at(300), at(120)).await.unwrap(),
        0
    );
    // Gone for good: not even a lenient idle limit brings them back.
    assert!(!signed_in(&*store, "mia-phone").await);
    assert!(!signed_in(&*store, "mia-old").await);
    assert!(signed_in(&*store, "mia-laptop").await);
    assert_eq!(ids_of(&*store, &mia, at(10)).await.len(), 1);
    assert_eq!(ids_of(&*store, &olga, at(10)).await.len(), 1);
}

async fn the_owner_hands_a_member_a_one_use_reset_link_that_ends_their_sign_ins(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = several_sign_ins(&*store).await;
    store
        .add_password_reset("first-link", mia.id, olga.id, at(0), at(86_400))
        .await
        .unwrap();
    // A second link replaces the unused first.
    store
        .add_password_reset("reset-link", mia.id, olga.id, at(10), at(86_400))
        .await
        .unwrap();
    assert_eq!(
        store
            .open_password_reset("first-link", at(20))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .open_password_reset("reset-link", at(20))
            .await
            .unwrap(),
        Some(mia.clone())
    );
    assert_eq!(
        store
            .open_password_reset("reset-link", at(86_400))
            .await
            .unwrap(),
        None,
        "expired"
    );

    let whose = store
        .use_password_reset("reset-link", "mia-new", at(30))
        .await
        .unwrap();

    assert_eq!(whose, mia.id);
    assert_eq!(password_of(&*store, &mia).await, "mia-new");
    assert!(!signed_in(&*store, "mia-phone").await);
    assert!(!signed_in(&*store, "mia-laptop").await);
    assert!(signed_in(&*store, "olga-phone").await);
    assert_eq!(password_of(&*store, &olga).await, "olga-1");
    // Once only.
    assert_eq!(
        store
            .open_password_reset("reset-link", at(40))
            .await
            .unwrap(),
        None
    );
    let again = store
        .use_password_reset("reset-link", "mia-other", at(40))
        .await;
    assert!(
        matches!(again, Err(StoreError::NotFound { what: "link", .. })),
        "{again:?}"
    );
    assert_eq!(password_of(&*store, &mia).await, "mia-new");
}

async fn a_reset_link_is_made_by_the_owner_for_another_known_account_only(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = olga_and_mia(&*store).await;

    let by_mia = store
        .add_password_reset("l1", olga.id, mia.id, at(0), at(100))
        .await;
    assert!(
        matches!(by_mia, Err(StoreError::NotAllowed(_))),
        "{by_mia:?}"
    );
    let for_herself = store
        .add_password_reset("l2", olga.id, olga.id, at(0), at(100))
        .await;
    assert!(
        matches!(&for_herself, Err(StoreError::NotAllowed(m)) if m.contains("terminal")),
        "{for_herself:?}"
    );
    let for_nobody = store
        .add_password_reset("l3", AccountId::random(), olga.id, at(0), at(100))
        .await;
    assert!(
        matches!(
            for_nobody,
            Err(StoreError::NotFound {
                what: "account",
                ..
            })
        ),
        "{for_nobody:?}"
    );
    for link in ["l1", "l2", "l3"] {
        assert_eq!(store.open_password_reset(link, at(1)).await.unwrap(), None);
    }
    let unknown = store.use_password_reset("no-such-link", "x", at(1)).await;
    assert!(
        matches!(unknown, Err(StoreError::NotFound { .. })),
        "{unknown:?}"
    );
    assert_eq!(password_of(&*store, &mia).await, "mia-1");
    assert_eq!(password_of(&*store, &olga).await, "olga-1");
}

async fn the_accounts_are_listed_owner_first_then_by_name(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = olga_and_mia(&*store).await;
    let anna = account("Anna", Role::Member, at(0));
    store
        .add_invitation("invite-anna", olga.id, at(0), at(86_400))
        .await
        .unwrap();
    store
        .accept_invitation("invite-anna", &anna, "anna-1")
        .await
        .unwrap();

    let names: Vec<_> = store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();

    assert_eq!(names, [olga.id, anna.id, mia.id]);
}

async fn the_scheduled_purge_removes_what_has_ended_and_nothing_else(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (olga, mia) = several_sign_ins(&*store).await;
    // Links: the set-up link and Mia's invitation were used at 0; one invitation expired
    // at 50 unused, one is open; a reset link expired at 60.
    store
        .add_invitation("expired", olga.id, at(0), at(50))
        .await
        .unwrap();
    store
        .add_invitation("open", olga.id, at(0), at(100_000))
        .await
        .unwrap();
    store
        .add_password_reset("reset", mia.id, olga.id, at(0), at(60))
        .await
        .unwrap();
    store.add_login_failure("old", at(0)).await.unwrap();
    store.add_login_failure("new", at(280)).await.unwrap();
    for seconds in [10, 250] {
        store
            .record_access(&AccessEvent {
                at: at(seconds),
                actor: mia.id,
                subject: mia.id,
                profile: None,
                kind: AccessKind::Exported,
                door: Door::Api,
            })
            .await
            .unwrap();
    }
    let retention = Retention {
        now: at(300),
        idle_since: at(120),
        failures_before: at(100),
        links_ended_before: at(100),
        access_before: at(100),
    };

    let purged = store.purge(&retention).await.unwrap();

    assert_eq!(
        purged,
        Purged {
            sign_ins: 2,
            failures: 1,
            links: 4,
            access: 1
        }
    );
    assert_eq!(store.purge(&retention).await.unwrap(), Purged::default());
    assert!(!signed_in(&*store, "mia-phone").await);
    assert!(signed_in(&*store, "mia-laptop").await);
    assert!(signed_in(&*store, "olga-phone").await);
    let since = Timestamp::MIN;
    assert_eq!(store.login_failures_since("old", since).await.unwrap(), 0);
    assert_eq!(store.login_failures_since("new", since).await.unwrap(), 1);
    assert!(store.invitation_is_open("open", at(300)).await.unwrap());
    let log = store.access_log(mia.id, 10).await.unwrap();
    assert_eq!(log.iter().map(|e| e.at).collect::<Vec<_>>(), [at(250)]);
}

both_backends!(
    the_owner_hands_a_member_a_one_use_reset_link_that_ends_their_sign_ins,
    a_reset_link_is_made_by_the_owner_for_another_known_account_only,
    the_accounts_are_listed_owner_first_then_by_name,
    a_new_password_ends_every_other_sign_in_of_that_account_only,
    a_new_password_for_an_unknown_account_is_not_found_and_changes_nothing,
    an_account_sees_its_own_live_sign_ins_last_used_first_and_which_is_its_own,
    a_sign_in_ends_when_idle_and_its_use_is_noted_once_a_minute,
    one_sign_in_is_ended_by_its_own_account_only,
    signing_out_everywhere_else_keeps_this_sign_in_and_other_accounts,
    the_purge_deletes_expired_and_idle_sign_ins_of_every_account_only,
    the_scheduled_purge_removes_what_has_ended_and_nothing_else,
);
