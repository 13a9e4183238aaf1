//! The storage conformance suite, whole-table half, on both backends: the tables `psoas db
//! copy` moves are exactly the tables of the schema, column for column (a migration that adds
//! a table or a column without teaching the copy fails here), and tables written whole read
//! back with the same checksums.

use psoas_store::transfer::{self, TABLES, TableRows, Value};
use psoas_testkit::{Backend, TestDb, both_backends};

async fn the_copy_covers_every_table_and_column_of_the_schema(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open_transfer().await;

    let schema = store.schema_tables().await.unwrap();

    let mut covered: Vec<(String, Vec<String>)> = TABLES
        .iter()
        .map(|t| {
            let mut columns: Vec<String> = t.columns.iter().map(|(c, _)| c.to_string()).collect();
            columns.sort();
            (t.name.to_string(), columns)
        })
        .collect();
    covered.sort();
    let mut schema = schema;
    schema.sort();
    assert_eq!(
        schema, covered,
        "every table and column of the schema must be in psoas_store::transfer::TABLES"
    );
}

async fn tables_written_whole_read_back_with_the_same_checksums(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open_transfer().await;
    let accounts = &TABLES[0];
    let profiles = TABLES.iter().find(|t| t.name == "profiles").unwrap();
    let text = |s: &str| Value::Text(Some(s.to_string()));
    let written = vec![
        TableRows {
            table: accounts,
            rows: vec![vec![
                text("a1"),
                text("olga@example.org"),
                text("Olga"),
                text("$argon2id$..."),
                text("owner"),
                Value::Int(Some(1_764_000_000_000_000)),
                Value::Text(None),
            ]],
        },
        TableRows {
            table: profiles,
            rows: vec![vec![
                text("p1"),
                text("Ånna"),
                text("a1/ånna"),
                Value::Int(None),
                text("female"),
                Value::Real(Some(91.25)),
                text("a1"),
                Value::Real(None),
                Value::Flag(Some(true)),
            ]],
        },
    ];

    store.write_tables(&written, &|_, _| {}).await.unwrap();
    let read = store.read_tables().await.unwrap();

    for table in &written {
        let back = read
            .iter()
            .find(|t| t.table.name == table.table.name)
            .unwrap();
        assert_eq!(back.rows, table.rows);
        assert_eq!(
            transfer::summarize(back.table, &back.rows),
            transfer::summarize(table.table, &table.rows)
        );
    }
    assert!(
        read.iter()
            .filter(|t| !["accounts", "profiles"].contains(&t.table.name))
            .all(|t| t.rows.is_empty())
    );
}

both_backends!(
    the_copy_covers_every_table_and_column_of_the_schema,
    tables_written_whole_read_back_with_the_same_checksums,
);
