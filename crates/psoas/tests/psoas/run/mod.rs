//! Running the built `psoas` against a database file in a temporary folder, with none of the
//! PSOAS_* settings of whoever runs the tests; shared by the file-writing command tests.

use assert_cmd::Command;
use std::path::Path;

/// Runs `psoas --db DIR/DB ARGS...`; whatever happens, it must not panic.
pub fn psoas(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_psoas"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("PSOAS_DATABASE_URL")
        .env_remove("PSOAS_TRIALS")
        .arg("--db")
        .arg(dir.join(db))
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "psoas {args:?} panicked: {stderr}"
    );
    output
}

/// Runs a command that must succeed; returns its standard output.
pub fn ok(dir: &Path, db: &str, args: &[&str]) -> String {
    let output = psoas(dir, db, args);
    assert!(
        output.status.success(),
        "psoas {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
