//! The exchange formats against a real SQLite store: exports written from what the front
//! doors store, read back, imported, and checked against their specifications.

mod common;
mod csv_rows;
mod fhir_rules;
mod paging;
mod problems;
mod roundtrip;
mod schema;

use jiff::Timestamp;
use psoas_exchange::{Format, Selection, WriteSink, export};
use psoas_store::{Scope, Store};

/// The errors of a document against the published archive schema.
pub fn schema_errors(document: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(&psoas_exchange::archive_schema())
        .expect("the archive schema compiles");
    validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// An export into memory.
pub async fn exported(store: &dyn Store, scope: Scope, format: Format) -> Vec<u8> {
    let mut sink = WriteSink(Vec::new());
    export(
        store,
        scope,
        Selection::All,
        format,
        Timestamp::from_second(1_800_000_000).unwrap(),
        &mut sink,
    )
    .await
    .unwrap();
    sink.0
}
