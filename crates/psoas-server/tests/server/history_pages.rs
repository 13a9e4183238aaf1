//! The web history page against a real server, on SQLite and on PostgreSQL: a history longer
//! than a page is shown newest first, fifty lines at a time, with links to newer and older
//! pages; a bad page number gets a clear message; another account sees none of it.

use crate::common::{Backend, TestApp, both_backends, spawn_app};
use jiff::Timestamp;
use psoas_core::{DisplayName, Profile, Session};
use psoas_store::Scope;

const DAY: i64 = 86_400;
const FIRST: i64 = 1_790_000_000;

/// `days` daily sessions of a profile "Anna" of the owner's account, written through the store.
async fn daily_sessions(app: &TestApp, days: i64) {
    let scope = Scope::of(&app.account("olga@example.org").await);
    let profile = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
    app.store.create_profile(scope, &profile).await.unwrap();
    for d in 0..days {
        let session = Session::start(profile.id, day(d), 3).unwrap();
        app.store.create_session(scope, &session).await.unwrap();
    }
}

fn day(d: i64) -> Timestamp {
    Timestamp::from_second(FIRST + d * DAY).unwrap()
}

/// How the page writes the date of day `d`'s session.
fn shown(d: i64) -> String {
    day(d).strftime("%Y-%m-%d %H:%M").to_string()
}

/// The dates of the page's history rows, top to bottom.
fn dates(page: &str) -> Vec<String> {
    page.split("<td><a href=\"/sessions/")
        .skip(1)
        .map(|row| {
            let start = row.find("\">").unwrap() + 2;
            let end = row.find("</a>").unwrap();
            row[start..end].to_string()
        })
        .collect()
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn a_long_history_is_shown_newest_first_fifty_lines_a_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    daily_sessions(&app, 120).await;

    let (status, first) = get(&owner, &app, "/history").await;
    assert_eq!(status, 200, "{first}");
    let expected: Vec<String> = (70..120).rev().map(shown).collect();
    assert_eq!(dates(&first), expected, "days 119 down to 70");
    assert!(first.contains("Page 1 of 3"), "{first}");
    assert!(first.contains("href=\"/history?page=2\""), "{first}");
    assert!(!first.contains("Newer"), "nothing is newer: {first}");

    let (status, second) = get(&owner, &app, "/history?page=2").await;
    assert_eq!(status, 200, "{second}");
    let expected: Vec<String> = (20..70).rev().map(shown).collect();
    assert_eq!(dates(&second), expected, "days 69 down to 20");
    assert!(second.contains("href=\"/history?page=1\""), "{second}");
    assert!(second.contains("href=\"/history?page=3\""), "{second}");

    let (status, last) = get(&owner, &app, "/history?page=3").await;
    assert_eq!(status, 200, "{last}");
    let expected: Vec<String> = (0..20).rev().map(shown).collect();
    assert_eq!(
        dates(&last),
        expected,
        "the oldest twenty, ending at the first day"
    );
    assert!(last.contains("Page 3 of 3"), "{last}");
    assert!(last.contains("href=\"/history?page=2\""), "{last}");
    assert!(!last.contains("Older"), "the last page ends: {last}");
}

async fn a_bad_page_number_gets_a_clear_message(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    daily_sessions(&app, 3).await;
    for bad in ["0", "-1", "two", "1.5", "99999999999999999999999"] {
        let (status, page) = get(&owner, &app, &format!("/history?page={bad}")).await;
        assert_eq!(status, 400, "{bad}: {page}");
        assert!(page.contains("is not a page of history"), "{bad}: {page}");
        assert!(page.contains("?page=2"), "how to fix it: {page}");
    }
    let (status, page) = get(&owner, &app, "/history?page=2").await;
    assert_eq!(status, 404, "{page}");
    assert!(page.contains("There is no page 2"), "{page}");
    assert!(page.contains("it has 1 page."), "{page}");
    // One page only: no paging links at all.
    let (status, page) = get(&owner, &app, "/history").await;
    assert_eq!(status, 200);
    assert_eq!(dates(&page).len(), 3, "{page}");
    assert!(!page.contains("?page="), "{page}");
}

async fn another_account_sees_none_of_the_history(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    daily_sessions(&app, 60).await;
    let member = app.member(&owner, "mia@example.org").await;
    let (status, page) = get(&member, &app, "/history").await;
    assert_eq!(status, 200, "{page}");
    assert!(dates(&page).is_empty(), "{page}");
    assert!(!page.contains("Anna"), "{page}");
    assert!(!page.contains("?page=2"), "{page}");
    let (status, page) = get(&member, &app, "/history?page=2").await;
    assert_eq!(status, 404, "{page}");
    assert!(!page.contains("Anna"), "{page}");
}

both_backends!(
    a_long_history_is_shown_newest_first_fifty_lines_a_page,
    a_bad_page_number_gets_a_clear_message,
    another_account_sees_none_of_the_history,
);
