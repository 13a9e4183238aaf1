//! The CSV export: the documented columns, one row per trial, values as stored.

use psoas_exchange::Format;
use psoas_exchange::csv::COLUMNS;
use psoas_store::{Scope, Store};

use crate::common::{ProfileSpec, SessionSpec, TrialSpec, daily_history, fill, store};
use crate::exported;
use psoas_core::measurement::Phase;
use psoas_core::{Side, VoidReason};

#[tokio::test]
async fn one_row_per_trial_with_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &daily_history(2)).await;
    let bytes = exported(&source, Scope::Terminal, Format::Csv).await;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(reader.headers().unwrap(), COLUMNS.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 24);

    let page = source
        .sessions_page(Scope::Terminal, None, None, 10)
        .await
        .unwrap();
    let first = &page[0].record.measurements[0];
    let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    let row = &rows[0];
    assert_eq!(&row[column("measurement_id")], first.id.to_string());
    assert_eq!(&row[column("profile_name")], "Person 0");
    assert_eq!(&row[column("reading")], "heel_height");
    assert_eq!(&row[column("unit")], "cm");
    assert_eq!(&row[column("leg_length_cm")], "90");
    let degrees: f64 = row[column("degrees")].parse().unwrap();
    assert_eq!(Some(degrees), first.reading.unwrap().degrees());
    assert_eq!(&row[column("taken_at")], first.taken_at.to_string());
    assert!(row[column("taken_at")].ends_with('Z'));
    assert_eq!(&row[column("back_pain")], "0");
    let force = &rows[6];
    assert_eq!(&force[column("reading")], "force");
    assert_eq!(&force[column("unit")], "kgf");
    let kgf: f64 = force[column("value")].parse().unwrap();
    let newtons: f64 = force[column("newtons")].parse().unwrap();
    assert!(
        (kgf * 9.80665 - newtons).abs() < 1e-9,
        "{kgf} kgf vs {newtons} N"
    );
}

#[tokio::test]
async fn names_with_commas_and_quotes_stay_in_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &daily_history(1)).await;
    let mut profile = source
        .list_profiles(Scope::Terminal)
        .await
        .unwrap()
        .remove(0);
    profile.name = psoas_core::DisplayName::parse("O'Neil, \"Jo\"").unwrap();
    source
        .update_profile(Scope::Terminal, &profile)
        .await
        .unwrap();
    let bytes = exported(&source, Scope::Terminal, Format::Csv).await;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "O'Neil, \"Jo\"");
    assert_eq!(row.len(), COLUMNS.len());
}

#[tokio::test]
async fn a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    fill(&source, Scope::Terminal, &daily_history(1)).await;
    let mut profile = source
        .list_profiles(Scope::Terminal)
        .await
        .unwrap()
        .remove(0);
    for (typed, written) in [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1 Jo", "'+1 Jo"),
        ("-Jo", "'-Jo"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Jo = Anna", "Jo = Anna"),
    ] {
        profile.name = psoas_core::DisplayName::parse(typed).unwrap();
        source
            .update_profile(Scope::Terminal, &profile)
            .await
            .unwrap();
        let bytes = exported(&source, Scope::Terminal, Format::Csv).await;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[1], written, "{typed}");
        // Numbers keep their sign: a negative angle is a number, not a formula.
        let degrees = COLUMNS.iter().position(|c| *c == "degrees").unwrap();
        assert!(!row[degrees].starts_with('\''));
    }
}

#[tokio::test]
async fn a_trial_struck_out_keeps_its_row_with_when_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let source = store(dir.path(), "a.db").await;
    let trial = |side, void| TrialSpec {
        strength: false,
        side,
        kind: 2,
        value: 0.2,
        hurt: false,
        phase: Phase::Baseline,
        void,
        confirmed: false,
    };
    let specs = vec![ProfileSpec {
        birth_year: None,
        sex: None,
        leg: None,
        height: None,
        sessions: vec![SessionSpec {
            started_micros: 1_800_000_000_000_000,
            red_flag: false,
            pain: None,
            trials: vec![
                trial(Side::Left, Some(VoidReason::Other)),
                trial(Side::Right, None),
            ],
            stretch: None,
            finished: false,
        }],
    }];
    fill(&source, Scope::Terminal, &specs).await;
    let bytes = exported(&source, Scope::Terminal, Format::Csv).await;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "the struck-out trial keeps its row");
    let column = |name: &str| COLUMNS.iter().position(|c| *c == name).unwrap();
    let (voided, counted) = (&rows[0], &rows[1]);
    assert!(voided[column("voided_at")].ends_with('Z'));
    assert_eq!(&voided[column("void_reason")], "other");
    // The words start with '=': written as text, not as a formula.
    assert_eq!(&voided[column("void_note")], "'=cramp, started again");
    for name in ["voided_at", "void_reason", "void_note"] {
        assert_eq!(&counted[column(name)], "", "{name} of a trial that counts");
    }
}
