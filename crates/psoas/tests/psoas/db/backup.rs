//! `psoas backup`: a snapshot of a SQLite file taken while another process keeps writing to
//! it is a complete database (integrity check passes, psoas opens it) in one consistent state;
//! an existing file is never overwritten; PostgreSQL is pointed to its own tools.

use super::{fails, ok};
use psoas_testkit::{Backend, TestDb};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Integrity check result and the profile names of a backup file, read directly.
async fn inspect(path: &std::path::Path) -> (String, Vec<String>) {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM profiles")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    (integrity, names)
}

#[tokio::test]
async fn backups_taken_while_another_process_writes_are_whole_and_consistent() {
    let db = TestDb::new(Backend::Sqlite).await;
    let url = db.url().to_string();
    ok(&["--db", &url, "profile", "add", "P0000"]);
    // The writer: one `psoas profile add` after another, numbered in order, so a consistent
    // snapshot holds exactly P0000..Pn for some n, with no gap.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, url) = (stop.clone(), url.clone());
        std::thread::spawn(move || {
            let mut n = 1;
            while !stop.load(Ordering::Relaxed) {
                ok(&["--db", &url, "profile", "add", &format!("P{n:04}")]);
                n += 1;
            }
            n
        })
    };
    let out = tempfile::TempDir::new().unwrap();
    let mut seen = Vec::new();
    for i in 0..4 {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let file = out.path().join(format!("backup-{i}.db"));
        let said = ok(&["--db", &url, "backup", "--out", file.to_str().unwrap()]);
        assert!(said.contains("Backed up"), "{said}");
        let (integrity, mut names) = inspect(&file).await;
        assert_eq!(integrity, "ok");
        names.sort();
        let expected: Vec<String> = (0..names.len()).map(|n| format!("P{n:04}")).collect();
        assert_eq!(names, expected, "backup {i} is one consistent state");
        let listed = ok(&["--db", file.to_str().unwrap(), "profile", "list", "--json"]);
        let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
        assert_eq!(listed.as_array().unwrap().len(), names.len());
        seen.push(names.len());
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(
        seen[3] > seen[0],
        "the writer wrote between backups: {seen:?} of {written}"
    );
}

#[tokio::test]
async fn an_existing_file_is_never_overwritten_and_postgresql_is_refused() {
    let db = TestDb::new(Backend::Sqlite).await;
    ok(&["--db", db.url(), "profile", "add", "Anna"]);
    let out = tempfile::TempDir::new().unwrap();
    let file = out.path().join("keep.db");
    std::fs::write(&file, "precious").unwrap();

    let message = fails(
        2,
        &["--db", db.url(), "backup", "--out", file.to_str().unwrap()],
    );

    assert!(message.contains("already exists"), "{message}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
    let clinic = TestDb::new(Backend::Postgres).await;
    let fresh = out.path().join("clinic.db");
    let message = fails(
        2,
        &[
            "--db",
            clinic.url(),
            "backup",
            "--out",
            fresh.to_str().unwrap(),
        ],
    );
    assert!(message.contains("pg_dump"), "{message}");
    assert!(!fresh.exists());
}
