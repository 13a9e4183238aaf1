//! What only the PostgreSQL backend has, against a real server: clear errors for a server that
//! cannot be reached, a wrong password, a missing database, a URL that cannot be read, a
//! database of another program, and a schema newer than this binary; each names the server
//! and database and never the password, and leaves the database as it was. Everything else
//! about storage is in the conformance suite (crates/psoas-testkit/tests/).

use psoas_store::{Scope, Store, StoreError};
use psoas_store_postgres::PgStore;
use psoas_testkit::postgres::with_database;
use psoas_testkit::{Backend, TestDb};

/// The URL with its password replaced.
fn with_password(url: &str, password: &str) -> String {
    let scheme_end = url.find("://").unwrap() + 3;
    let at = url.find('@').expect("the test server URL has a user");
    let user_end = url[scheme_end..at].find(':').map_or(at, |i| scheme_end + i);
    format!("{}:{password}{}", &url[..user_end], &url[at..])
}

fn unavailable(err: StoreError) -> String {
    match err {
        StoreError::Unavailable(message) => message,
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_does_not_answer_is_named_with_its_host_and_port() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://psoas:hunter2secret@127.0.0.1:{port}/clinic");

    let message = unavailable(PgStore::connect(&url).await.unwrap_err());

    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(message.contains("running"), "{message}");
    assert!(!message.contains("hunter2secret"), "{message}");
}

#[tokio::test]
async fn a_wrong_password_is_refused_naming_the_user_and_server_but_not_the_password() {
    let db = TestDb::new(Backend::Postgres).await;
    let url = with_password(db.url(), "not-the-password-42");

    let message = unavailable(PgStore::connect(&url).await.unwrap_err());

    assert!(message.contains("password"), "{message}");
    assert!(message.contains("'postgres'"), "{message}");
    assert!(message.contains("127.0.0.1:"), "{message}");
    assert!(!message.contains("not-the-password-42"), "{message}");
}

#[tokio::test]
async fn a_missing_database_is_named_with_how_to_create_it() {
    let db = TestDb::new(Backend::Postgres).await;
    let url = with_database(db.url(), "no_such_clinic");

    let message = unavailable(PgStore::connect(&url).await.unwrap_err());

    assert!(
        message.contains("'no_such_clinic' does not exist"),
        "{message}"
    );
    assert!(message.contains("createdb no_such_clinic"), "{message}");
}

#[tokio::test]
async fn a_url_that_cannot_be_read_says_how_to_write_one() {
    let message = unavailable(
        PgStore::connect("postgres://me:secret@host:notaport/db")
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

#[tokio::test]
async fn a_database_holding_another_programs_tables_is_refused_and_left_untouched() {
    let db = TestDb::new(Backend::Postgres).await;
    db.execute("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'mine')")
        .await;

    let err = PgStore::connect(db.url()).await.unwrap_err();

    assert!(matches!(err, StoreError::NotOurs(_)), "{err:?}");
    assert!(err.to_string().contains("CREATE DATABASE"), "{err}");
    let tables = db
        .count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        .await;
    assert_eq!(
        tables, 1,
        "nothing was added beside the other program's table"
    );
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_psoas_is_too_new_and_left_untouched() {
    let db = TestDb::new(Backend::Postgres).await;
    let store = db.open().await;
    store.close().await;
    let ours = db.count("SELECT count(*) FROM _sqlx_migrations").await;
    db.execute(
        "INSERT INTO _sqlx_migrations \
         (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99991231000001, 'from the future', now(), TRUE, '\\x00', 0)",
    )
    .await;

    let err = PgStore::connect(db.url()).await.unwrap_err();

    assert!(matches!(err, StoreError::TooNew(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("99991231000001"), "{message}");
    assert!(message.contains("upgrade psoas"), "{message}");
    assert_eq!(
        db.count("SELECT count(*) FROM _sqlx_migrations").await,
        ours + 1,
        "nothing migrated past the unknown version"
    );
}

#[tokio::test]
async fn connecting_twice_applies_the_migrations_once_and_keeps_the_data() {
    let db = TestDb::new(Backend::Postgres).await;
    let first = PgStore::connect(db.url()).await.unwrap();
    let anna = psoas_core::Profile::new(
        psoas_core::DisplayName::parse("Anna").unwrap(),
        None,
        None,
        None,
    );
    first.create_profile(Scope::Terminal, &anna).await.unwrap();

    let second = PgStore::connect(db.url()).await.unwrap();

    assert!(
        second.migrate().await.unwrap().is_empty(),
        "nothing left to apply"
    );
    assert_eq!(
        second.list_profiles(Scope::Terminal).await.unwrap(),
        vec![anna]
    );
}
