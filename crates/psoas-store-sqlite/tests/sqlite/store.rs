//! Tests of what only the SQLite backend has: refusing files that are not ours (and leaving
//! them untouched), read-only files, a newer schema, WAL mode, the application id stamp, and
//! the readers' own connections (a read transaction ended when dropped, no writes).
//! Everything else about storage is in the conformance suite (crates/psoas-testkit/tests/conformance/),
//! which runs on both backends.

use std::path::{Path, PathBuf};

use psoas_core::{DisplayName, Profile};
use psoas_store::sql::Db;
use psoas_store::{Scope, Store, StoreError};
use psoas_store_sqlite::SqliteStore;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tempfile::TempDir;

/// "psoa" in ASCII: the application id the store stamps on its files.
const PSOAS_APPLICATION_ID: i64 = 0x7073_6f61;

/// A fresh folder with a database path in it; the folder goes away with the value.
struct TestDb {
    _dir: TempDir,
    path: PathBuf,
}

impl TestDb {
    fn new() -> Self {
        let dir = TempDir::new().expect("a temporary folder");
        let path = dir.path().join("psoas.db");
        Self { _dir: dir, path }
    }

    async fn open(&self) -> SqliteStore {
        SqliteStore::open(&self.path)
            .await
            .expect("the store opens")
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).expect("the file can be read")
    }
}

/// A plain SQLite connection to the file, bypassing the store.
async fn raw(path: &Path) -> SqliteConnection {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await
        .expect("a plain connection opens")
}

fn profile(name: &str) -> Profile {
    Profile::new(DisplayName::parse(name).unwrap(), None, None, None)
}

async fn stored_profile(store: &SqliteStore, name: &str) -> Profile {
    let p = profile(name);
    store.create_profile(Scope::Terminal, &p).await.unwrap();
    p
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let db = TestDb::new();
    std::fs::write(&db.path, "shopping list: eggs, milk, a foam roller\n").unwrap();
    let before = db.bytes();

    let err = SqliteStore::open(&db.path).await.unwrap_err();

    assert!(matches!(err, StoreError::NotOurs(_)), "{err:?}");
    assert_eq!(db.bytes(), before);
}

#[tokio::test]
async fn an_sqlite_file_of_another_program_is_refused_and_left_untouched() {
    let db = TestDb::new();
    let mut conn = raw(&db.path).await;
    sqlx::query("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO notes (body) VALUES ('not a psoas note')")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let before = db.bytes();

    let err = SqliteStore::open(&db.path).await.unwrap_err();

    assert!(matches!(err, StoreError::NotOurs(_)), "{err:?}");
    assert!(
        db.bytes() == before,
        "the other program's file was modified (header bytes 18-19 were {:?}, now {:?})",
        &before[18..20],
        &db.bytes()[18..20]
    );
}

#[tokio::test]
async fn an_sqlite_file_stamped_with_another_application_id_is_refused() {
    let db = TestDb::new();
    let mut conn = raw(&db.path).await;
    sqlx::query("PRAGMA application_id = 42")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let err = SqliteStore::open(&db.path).await.unwrap_err();

    assert!(matches!(err, StoreError::NotOurs(_)), "{err:?}");
}

#[tokio::test]
async fn a_read_only_file_is_refused_as_read_only() {
    let db = TestDb::new();
    drop(db.open().await);
    let mut permissions = std::fs::metadata(&db.path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&db.path, permissions).unwrap();

    let result = SqliteStore::open(&db.path).await;

    let mut permissions = std::fs::metadata(&db.path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&db.path, permissions).unwrap();
    let err = result.unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err:?}");
}

#[tokio::test]
async fn a_database_with_a_migration_this_binary_does_not_know_is_too_new() {
    let db = TestDb::new();
    drop(db.open().await);
    let mut conn = raw(&db.path).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations \
         (version, description, installed_on, success, checksum, execution_time) \
         VALUES (99991231000001, 'from the future', CURRENT_TIMESTAMP, TRUE, X'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let err = SqliteStore::open(&db.path).await.unwrap_err();

    assert!(matches!(err, StoreError::TooNew(_)), "{err:?}");
}

#[tokio::test]
async fn the_file_is_in_wal_mode_and_stamped_with_the_psoas_application_id() {
    let db = TestDb::new();
    let store = db.open().await;
    stored_profile(&store, "Anna").await;

    let mut conn = raw(&db.path).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    assert_eq!(mode.to_lowercase(), "wal");
    assert_eq!(id, PSOAS_APPLICATION_ID);
}

#[tokio::test]
async fn a_read_transaction_dropped_unfinished_leaves_the_next_read_seeing_the_latest_writes() {
    let db = TestDb::new();
    let store = db.open().await;
    stored_profile(&store, "Anna").await;
    {
        let mut snapshot = store.snapshot().await.unwrap();
        let rows = snapshot
            .rows("SELECT count(*) AS n FROM profiles", &[])
            .await
            .unwrap();
        assert_eq!(rows[0].int("n").unwrap(), Some(1));
        // Dropped without a commit, as a failed export leaves it.
    }
    stored_profile(&store, "Ben").await;
    // The pool hands out the connection used last first, so this is the snapshot's own.
    for _ in 0..4 {
        let names: Vec<String> = store
            .list_profiles(Scope::Terminal)
            .await
            .unwrap()
            .iter()
            .map(|p| p.name.as_str().to_string())
            .collect();
        assert_eq!(names, ["Anna", "Ben"]);
    }
}

#[tokio::test]
async fn a_reader_connection_refuses_to_write_and_nothing_changes() {
    let db = TestDb::new();
    let store = db.open().await;
    stored_profile(&store, "Anna").await;
    let refused = store
        .read()
        .await
        .unwrap()
        .run("DELETE FROM profiles", &[])
        .await;
    let Err(error) = refused else {
        panic!("a reader wrote")
    };
    assert!(
        StoreError::from(error)
            .to_string()
            .contains("a read connection was asked to write"),
        "refused for another reason"
    );
    assert_eq!(store.list_profiles(Scope::Terminal).await.unwrap().len(), 1);
}
