//! Export, import elsewhere, export again: the same data, and a second import adds nothing.

use proptest::prelude::*;
use psoas_exchange::{Format, read_archive};
use psoas_store::{Scope, Store};

use crate::common::{fill, profiles, store};
use crate::{exported, schema_errors};

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
            let document: serde_json::Value = serde_json::from_slice(&file).unwrap();
            let errors = schema_errors(&document);
            assert!(errors.is_empty(), "the published schema refuses an export: {errors:#?}");

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
async fn an_account_importing_records_it_cannot_see_gets_its_own_copy() {
    use psoas_core::{Account, AccountId, DisplayName, Email, Role};
    use psoas_store::AuthStore;
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &crate::common::daily_history(2)).await;
    let archive = read_archive(&exported(&source, Scope::Terminal, Format::Json).await).unwrap();

    // The terminal's records are stored (the owner account sees them too); a member,
    // who does not, imports the same ids.
    let now = jiff::Timestamp::now();
    let account = |name: &str, role| Account {
        id: AccountId::random(),
        email: Email::parse(&format!("{name}@example.org")).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        role,
        created_at: now,
    };
    let owner = account("Olga", Role::Owner);
    source.add_setup_token("setup", now).await.unwrap();
    source.create_owner("setup", &owner, "hash").await.unwrap();
    let later = now
        .checked_add(jiff::SignedDuration::from_hours(1))
        .unwrap();
    source
        .add_invitation("invite", owner.id, now, later)
        .await
        .unwrap();
    let member = account("Mia", Role::Member);
    source
        .accept_invitation("invite", &member, "hash")
        .await
        .unwrap();
    let scope = Scope::of(&member);
    let counts = source
        .import(scope, &archive.profiles, &archive.sessions)
        .await
        .unwrap();
    assert_eq!(counts.sessions_added, archive.sessions.len() as u64);

    // Its export holds the same history under ids of its own, and the terminal's
    // profile is as it was.
    let copy = read_archive(&exported(&source, scope, Format::Json).await).unwrap();
    assert_eq!(copy.sessions.len(), archive.sessions.len());
    assert_eq!(copy.profiles[0].name, archive.profiles[0].name);
    assert_ne!(copy.profiles[0].id, archive.profiles[0].id);
    for (mine, theirs) in copy.sessions.iter().zip(&archive.sessions) {
        assert_ne!(mine.record.session.id, theirs.record.session.id);
        assert_eq!(
            mine.record.session.started_at,
            theirs.record.session.started_at
        );
    }
    let terminal = source.list_profiles(Scope::Terminal).await.unwrap();
    assert!(terminal.contains(&archive.profiles[0]), "{terminal:?}");
}
