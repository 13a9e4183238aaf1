//! The streaming read under every export: pages visit each session once, in order, within
//! the caller's scope.

use jiff::Timestamp;
use psoas_core::{AccountId, DisplayName, Profile, Role, Session};
use psoas_store::{Scope, SessionCursor, Store};

use crate::common::store;

#[tokio::test]
async fn pages_visit_every_session_once_even_when_start_times_tie() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    let profile = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
    source
        .create_profile(Scope::Terminal, &profile)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..45 {
        // Three sessions share each start time.
        let at = Timestamp::from_second(1_800_000_000 + i / 3).unwrap();
        let session = Session::start(profile.id, at, 3).unwrap();
        source
            .create_session(Scope::Terminal, &session)
            .await
            .unwrap();
        ids.push((at, session.id));
    }
    ids.sort();
    let mut seen = Vec::new();
    let mut after: Option<SessionCursor> = None;
    loop {
        let page = source
            .sessions_page(Scope::Terminal, Some(profile.id), after, 7)
            .await
            .unwrap();
        assert!(page.len() <= 7);
        seen.extend(
            page.iter()
                .map(|s| (s.record.session.started_at, s.record.session.id)),
        );
        match page.last() {
            Some(last) => after = Some(last.cursor()),
            None => break,
        }
    }
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn a_page_holds_only_the_callers_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    let profile = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
    source
        .create_profile(Scope::Terminal, &profile)
        .await
        .unwrap();
    let session = Session::start(profile.id, Timestamp::UNIX_EPOCH, 3).unwrap();
    source
        .create_session(Scope::Terminal, &session)
        .await
        .unwrap();
    let member = Scope::Account {
        id: AccountId::random(),
        role: Role::Member,
    };
    assert!(
        source
            .sessions_page(member, None, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        source
            .sessions_page(member, Some(profile.id), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        source
            .sessions_page(Scope::Terminal, None, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}
