//! `psoas db migrate`, `psoas db copy` and `psoas backup` through the built binary, on real
//! SQLite files and real PostgreSQL databases: a home file moves to PostgreSQL and back with
//! identical content, a second run changes nothing, a target holding other data is refused
//! untouched, a copy killed half-way leaves the target as it was and a re-run finishes, and a
//! backup taken while another process writes is a complete, consistent database.

mod backup;
mod fill;

use fill::{fill, summaries};
use psoas_testkit::{Backend, TestDb};
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

fn psoas(args: &[&str]) -> Output {
    let home = tempfile::TempDir::new().unwrap();
    Command::new(env!("CARGO_BIN_EXE_psoas"))
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env_remove("PSOAS_DATABASE_URL")
        .args(args)
        .output()
        .expect("psoas runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// Runs a command that must succeed; gives what it printed.
fn ok(args: &[&str]) -> String {
    let output = psoas(args);
    assert!(
        output.status.success(),
        "psoas {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// Runs a command that must fail with `code` and one `psoas:` line; gives the line.
fn fails(code: i32, args: &[&str]) -> String {
    let output = psoas(args);
    let stderr = String::from_utf8_lossy(&output.stderr)
        .trim_end()
        .to_string();
    assert_eq!(output.status.code(), Some(code), "psoas {args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("psoas: "), "{stderr}");
    stderr
}

fn copy(from: &TestDb, to: &TestDb) -> Vec<String> {
    vec![
        "db".into(),
        "copy".into(),
        "--from".into(),
        from.url().into(),
        "--to".into(),
        to.url().into(),
    ]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn a_home_file_moves_to_postgresql_and_back_with_identical_content() {
    let home = TestDb::new(Backend::Sqlite).await;
    let session = fill(&*home.open().await).await;
    let clinic = TestDb::new(Backend::Postgres).await;
    let back = TestDb::new(Backend::Sqlite).await;

    let there = ok(&args(&copy(&home, &clinic)));
    let again = ok(&args(&copy(&clinic, &back)));

    let verified = format!(
        "Verified: all {} tables",
        psoas_store::transfer::TABLES.len()
    );
    for out in [&there, &again] {
        assert!(out.contains(&verified), "{out}");
    }
    let before = summaries(&home).await;
    assert!(
        before.iter().all(|s| s.rows > 0),
        "every table has rows: {before:?}"
    );
    assert_eq!(summaries(&clinic).await, before);
    assert_eq!(summaries(&back).await, before);
    let id = session.to_string();
    let show = |db: &TestDb| ok(&["--db", db.url(), "session", "show", &id, "--json"]);
    assert_eq!(show(&clinic), show(&home));
    assert_eq!(show(&back), show(&home));
    let history = |db: &TestDb| ok(&["--db", db.url(), "history", "--json"]);
    assert_eq!(history(&back), history(&home));
}

#[tokio::test]
async fn copying_again_into_the_same_target_is_a_no_op() {
    let home = TestDb::new(Backend::Sqlite).await;
    fill(&*home.open().await).await;
    let clinic = TestDb::new(Backend::Postgres).await;
    ok(&args(&copy(&home, &clinic)));
    let copied = summaries(&clinic).await;

    let again = ok(&args(&copy(&home, &clinic)));

    assert!(again.contains("Already copied, identical"), "{again}");
    assert_eq!(summaries(&clinic).await, copied);
}

#[tokio::test]
async fn a_target_holding_other_data_is_refused_and_left_unchanged() {
    let home = TestDb::new(Backend::Sqlite).await;
    fill(&*home.open().await).await;
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let other = TestDb::new(backend).await;
        ok(&["--db", other.url(), "profile", "add", "Zed"]);
        let before = summaries(&other).await;

        let message = fails(2, &args(&copy(&home, &other)));

        assert!(
            message.contains("already holds other data (1 profiles)"),
            "{message}"
        );
        assert!(message.contains("nothing was copied"), "{message}");
        assert_eq!(summaries(&other).await, before);
    }
}

/// A home file with a large history: tens of thousands of trials in one session, written
/// directly (the store would take minutes to write them one transaction at a time).
async fn large_home() -> TestDb {
    let home = TestDb::new(Backend::Sqlite).await;
    let session = fill(&*home.open().await).await;
    home.execute(&format!(
        "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20000) \
         INSERT INTO measurements (id, session_id, phase, test, side, trial, method, kind, \
         value, unit, degrees, hurt, taken_at, leg_length_estimated) \
         SELECT printf('%08x-0000-4000-8000-%012x', k, k), '{session}', 'after_stretch', \
         'leg_raise', 'left', k, 'goniometer', 'angle', 20.5, 'deg', 20.5, 0, \
         1764000000000000 + k, 0 FROM n"
    ))
    .await;
    home
}

#[tokio::test]
async fn a_copy_killed_half_way_leaves_the_target_as_it_was_and_a_rerun_finishes() {
    let home = large_home().await;
    for backend in [Backend::Postgres, Backend::Sqlite] {
        let target = TestDb::new(backend).await;
        let empty = summaries(&target).await;
        let mut child = Command::new(env!("CARGO_BIN_EXE_psoas"))
            .args(args(&copy(&home, &target)))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = Vec::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            seen.push(line.clone());
            if line.trim_start().starts_with("measurements:") {
                child.kill().unwrap();
                break;
            }
        }
        let status = child.wait().unwrap();
        let rest: Vec<String> = lines.map_while(Result::ok).collect();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "killed during the copy: {seen:?} {rest:?}"
        );
        assert!(!rest.iter().any(|l| l.contains("Verified")), "{rest:?}");
        assert!(
            seen.iter().any(|l| l.contains("profiles: 3 rows")),
            "{seen:?}"
        );

        assert_eq!(
            summaries(&target).await,
            empty,
            "{backend:?}: nothing was kept"
        );

        let rerun = ok(&args(&copy(&home, &target)));
        assert!(rerun.contains("measurements: 20008 rows"), "{rerun}");
        assert!(rerun.contains("Verified"), "{rerun}");
        assert_eq!(summaries(&target).await, summaries(&home).await);
    }
}

#[tokio::test]
async fn unusable_sources_and_targets_are_said_plainly_and_nothing_is_written() {
    let home = TestDb::new(Backend::Sqlite).await;
    fill(&*home.open().await).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let nowhere = format!("postgres://psoas:pa55word-x@127.0.0.1:{port}/clinic");
    let message = fails(1, &["db", "copy", "--from", home.url(), "--to", &nowhere]);
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(!message.contains("pa55word-x"), "{message}");

    let clinic = TestDb::new(Backend::Postgres).await;
    let wrong = clinic
        .url()
        .replacen("postgres:psoas-test@", "postgres:wrong-pw-1@", 1);
    assert_ne!(
        wrong,
        clinic.url(),
        "the test server's URL carries the test password"
    );
    let message = fails(1, &["db", "copy", "--from", home.url(), "--to", &wrong]);
    assert!(message.contains("password"), "{message}");
    assert!(!message.contains("wrong-pw-1"), "{message}");

    let newer = TestDb::new(Backend::Postgres).await;
    ok(&["--db", newer.url(), "db", "migrate"]);
    newer
        .execute(
            "INSERT INTO _sqlx_migrations \
             (version, description, installed_on, success, checksum, execution_time) \
             VALUES (99991231000001, 'from the future', now(), TRUE, '\\x00', 0)",
        )
        .await;
    let message = fails(
        1,
        &["db", "copy", "--from", home.url(), "--to", newer.url()],
    );
    assert!(message.contains("newer psoas"), "{message}");
    assert_eq!(newer.count("SELECT count(*) FROM profiles").await, 0);
    let message = fails(
        1,
        &["db", "copy", "--from", newer.url(), "--to", home.url()],
    );
    assert!(message.contains("newer psoas"), "{message}");
}

#[tokio::test]
async fn migrate_says_what_it_applied_and_then_that_it_is_up_to_date() {
    for (backend, folder) in [
        (Backend::Sqlite, "psoas-store-sqlite"),
        (Backend::Postgres, "psoas-store-postgres"),
    ] {
        let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(folder)
            .join("migrations");
        let known = std::fs::read_dir(migrations).unwrap().count();
        let db = TestDb::new(backend).await;

        let first = ok(&["--db", db.url(), "db", "migrate"]);
        let second = ok(&["--db", db.url(), "db", "migrate"]);

        assert!(
            first.contains(&format!("Applied {known} migration(s)")),
            "{first}"
        );
        assert!(first.contains("20261124000001 initial"), "{first}");
        assert!(second.contains("is up to date"), "{second}");
        let applied = db.count("SELECT count(*) FROM _sqlx_migrations").await;
        assert_eq!(applied, known as i64);
    }
}
