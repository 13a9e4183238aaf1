//! Export, import elsewhere, export again: the same data, and a second import adds nothing.

use proptest::prelude::*;
use psoas_exchange::{Format, read_archive};
use psoas_store::{Scope, Store};

use crate::common::{fill, profiles, store};
use crate::exported;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn an_archive_imported_elsewhere_gives_back_identical_data(specs in profiles()) {
        runtime().block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let source = store(dir.path(), "a.db").await;
            fill(&source, Scope::Terminal, &specs).await;
            let file = exported(&source, Scope::Terminal, Format::Json).await;

            let archive = read_archive(&file).unwrap();
            let target = store(dir.path(), "b.db").await;
            let counts = target
                .import(Scope::Terminal, &archive.profiles, &archive.sessions)
                .await
                .unwrap();
            assert_eq!(counts.profiles_added as usize, specs.len());
            assert_eq!(
                counts.sessions_added as usize,
                specs.iter().map(|p| p.sessions.len()).sum::<usize>()
            );

            // The same records, series included, and the same file byte for byte.
            assert_eq!(
                source.list_profiles(Scope::Terminal).await.unwrap(),
                target.list_profiles(Scope::Terminal).await.unwrap()
            );
            assert_eq!(
                source.sessions_page(Scope::Terminal, None, None, 1000).await.unwrap(),
                target.sessions_page(Scope::Terminal, None, None, 1000).await.unwrap()
            );
            assert_eq!(exported(&target, Scope::Terminal, Format::Json).await, file);

            // Idempotent: the second import finds everything stored and adds nothing.
            let again = target
                .import(Scope::Terminal, &archive.profiles, &archive.sessions)
                .await
                .unwrap();
            assert!(again.added_nothing(), "{again:?}");
            assert_eq!(again.profiles_kept, counts.profiles_added);
            assert_eq!(again.sessions_kept, counts.sessions_added);
            assert_eq!(exported(&target, Scope::Terminal, Format::Json).await, file);
        });
    }
}

#[tokio::test]
async fn an_import_that_clashes_halfway_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &crate::common::daily_history(3)).await;
    let archive = read_archive(&exported(&source, Scope::Terminal, Format::Json).await).unwrap();

    // The target already has a different profile of the same name: the import must fail on
    // it after the first checks passed, and leave the target exactly as it was.
    let target = store(dir.path(), "b.db").await;
    let mut clash = archive.profiles[0].clone();
    clash.id = psoas_core::ProfileId::random();
    target
        .create_profile(Scope::Terminal, &clash)
        .await
        .unwrap();
    let mut archive_with_new_first = archive.clone();
    let mut other = archive.profiles[0].clone();
    other.id = psoas_core::ProfileId::random();
    other.name = psoas_core::DisplayName::parse("Somebody else").unwrap();
    archive_with_new_first.profiles.insert(0, other);

    let err = target
        .import(
            Scope::Terminal,
            &archive_with_new_first.profiles,
            &archive_with_new_first.sessions,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(
        target.list_profiles(Scope::Terminal).await.unwrap(),
        vec![clash]
    );
    assert!(
        target
            .sessions_page(Scope::Terminal, None, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_account_cannot_import_over_another_accounts_records() {
    use psoas_core::{AccountId, Role};
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &crate::common::daily_history(2)).await;
    let archive = read_archive(&exported(&source, Scope::Terminal, Format::Json).await).unwrap();

    // The terminal's records are stored; a member account (which does not see them) tries
    // to import the same ids.
    let member = Scope::Account {
        id: AccountId::random(),
        role: Role::Member,
    };
    let err = source
        .import(member, &archive.profiles, &archive.sessions)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("under another account"), "{err}");
    // And its own export stays empty: the scope decides what a page holds.
    assert!(
        source
            .sessions_page(member, None, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
