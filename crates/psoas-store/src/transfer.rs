//! Moving a whole database from one store to another (`psoas db copy`): the list of every
//! table and its columns ([`TABLES`]), rows as typed values, the [`Transfer`] trait each backend
//! implements (read a table, write them all in one transaction), and per-table checksums
//! computed from the values alone, so SQLite and PostgreSQL agree on them.
//!
//! A table added by a migration must be added to [`TABLES`] too: the conformance suite fails
//! while the schema holds a table this list does not cover.

use async_trait::async_trait;
use sha2::{Digest, Sha256};

use crate::StoreResult;

/// The type of a column, as both backends read and write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 64-bit integer.
    Int,
    /// Double precision.
    Real,
    /// Text.
    Text,
    /// Yes or no (0/1 in SQLite, BOOLEAN in PostgreSQL).
    Flag,
}

/// One value of a row, with its type even when it is NULL (PostgreSQL needs it to bind one).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer or NULL.
    Int(Option<i64>),
    /// A real or NULL.
    Real(Option<f64>),
    /// A text or NULL.
    Text(Option<String>),
    /// A flag or NULL.
    Flag(Option<bool>),
}

impl Value {
    /// An unambiguous encoding for checksums: a type tag, then the value (reals by their
    /// bits, texts with their length), the same whichever backend it came from.
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Value::Int(None) | Value::Real(None) | Value::Text(None) | Value::Flag(None) => {
                out.push(b'N')
            }
            Value::Int(Some(v)) => {
                out.push(b'I');
                out.extend_from_slice(&v.to_be_bytes());
            }
            Value::Real(Some(v)) => {
                out.push(b'R');
                out.extend_from_slice(&v.to_bits().to_be_bytes());
            }
            Value::Text(Some(v)) => {
                out.push(b'T');
                out.extend_from_slice(&(v.len() as u64).to_be_bytes());
                out.extend_from_slice(v.as_bytes());
            }
            Value::Flag(Some(v)) => {
                out.push(b'F');
                out.push(u8::from(*v));
            }
        }
    }
}

/// One row: its values in the order of [`Table::columns`].
pub type Row = Vec<Value>;

/// A table that moves with a copy.
#[derive(Debug)]
pub struct Table {
    /// Its name.
    pub name: &'static str,
    /// Its columns with their kinds (not a backend's own bookkeeping, such as `seq`).
    pub columns: &'static [(&'static str, Kind)],
    /// Whether the order rows were written in matters (sessions, trials and exercises
    /// written at the same instant keep it): such rows are copied in that order.
    pub insertion_ordered: bool,
}

use Kind::{Flag, Int, Real, Text};

/// Every table of the schema, parents before children (the order rows are written in).
pub const TABLES: &[Table] = &[
    Table {
        name: "accounts",
        columns: &[
            ("id", Text),
            ("email", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("role", Text),
            ("created_at", Int),
            ("practice_role", Text),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "profiles",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("name_key", Text),
            ("birth_year", Int),
            ("sex", Text),
            ("leg_length_cm", Real),
            ("owner_id", Text),
            ("body_height_cm", Real),
            ("keep_photos", Flag),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "sessions",
        columns: &[
            ("id", Text),
            ("profile_id", Text),
            ("started_at", Int),
            ("ended_at", Int),
            ("status", Text),
            ("protocol_version", Int),
            ("trials_per_side", Int),
            ("trials_deleted", Int),
        ],
        insertion_ordered: true,
    },
    Table {
        name: "screenings",
        columns: &[("session_id", Text), ("answered_at", Int), ("flags", Text)],
        insertion_ordered: false,
    },
    Table {
        name: "symptoms",
        columns: &[
            ("session_id", Text),
            ("back_pain", Int),
            ("pelvic_pain", Int),
            ("sitting_hours_per_day", Real),
            ("situps_per_week", Int),
            ("extension_after_situps", Flag),
            ("recorded_at", Int),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "pain_after",
        columns: &[
            ("session_id", Text),
            ("back_pain", Int),
            ("pelvic_pain", Int),
            ("recorded_at", Int),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "measurements",
        columns: &[
            ("id", Text),
            ("session_id", Text),
            ("phase", Text),
            ("test", Text),
            ("side", Text),
            ("trial", Int),
            ("method", Text),
            ("kind", Text),
            ("value", Real),
            ("unit", Text),
            ("leg_length_cm", Real),
            ("degrees", Real),
            ("hurt", Flag),
            ("taken_at", Int),
            ("leg_length_estimated", Flag),
            ("voided_at", Int),
            ("voided_by", Text),
            ("void_reason", Text),
            ("void_note", Text),
            ("confirmed_unusual", Flag),
        ],
        insertion_ordered: true,
    },
    Table {
        name: "lift_series",
        columns: &[("measurement_id", Text), ("series", Text)],
        insertion_ordered: false,
    },
    Table {
        name: "camera_markers",
        columns: &[("measurement_id", Text), ("markers", Text)],
        insertion_ordered: false,
    },
    Table {
        name: "camera_photos",
        columns: &[
            ("measurement_id", Text),
            ("picture", Text),
            ("media_type", Text),
            ("data", Text),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "exercises",
        columns: &[
            ("id", Text),
            ("session_id", Text),
            ("step", Text),
            ("variant", Text),
            ("side", Text),
            ("planned_seconds", Int),
            ("done_seconds", Int),
            ("outcome", Text),
            ("note", Text),
            ("recorded_at", Int),
        ],
        insertion_ordered: true,
    },
    Table {
        name: "setup_tokens",
        columns: &[("token_hash", Text), ("created_at", Int), ("used_at", Int)],
        insertion_ordered: false,
    },
    Table {
        name: "invitations",
        columns: &[
            ("token_hash", Text),
            ("created_by", Text),
            ("created_at", Int),
            ("expires_at", Int),
            ("used_at", Int),
            ("used_by", Text),
            ("kind", Text),
            ("id", Text),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "web_sessions",
        columns: &[
            ("token_hash", Text),
            ("account_id", Text),
            ("csrf_token", Text),
            ("expires_at", Int),
            ("id", Text),
            ("started_at", Int),
            ("last_used_at", Int),
            ("user_agent", Text),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "password_resets",
        columns: &[
            ("token_hash", Text),
            ("account_id", Text),
            ("created_by", Text),
            ("created_at", Int),
            ("expires_at", Int),
            ("used_at", Int),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "api_tokens",
        columns: &[
            ("id", Text),
            ("account_id", Text),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Int),
            ("last_used_at", Int),
            ("revoked_at", Int),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "login_failures",
        columns: &[("key", Text), ("failed_at", Int)],
        insertion_ordered: false,
    },
    Table {
        name: "practice_links",
        columns: &[
            ("id", Text),
            ("practitioner_id", Text),
            ("client_id", Text),
            ("linked_at", Int),
            ("ended_at", Int),
            ("ended_by", Text),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "practice_notes",
        columns: &[
            ("id", Text),
            ("profile_id", Text),
            ("session_id", Text),
            ("author_id", Text),
            ("text", Text),
            ("created_at", Int),
        ],
        insertion_ordered: true,
    },
    Table {
        name: "prescriptions",
        columns: &[
            ("profile_id", Text),
            ("set_by", Text),
            ("set_at", Int),
            ("stretch", Text),
            ("technique", Text),
            ("reps", Int),
            ("hold_seconds", Int),
            ("release_seconds", Int),
            ("roller_seconds", Int),
            ("strengthen_seconds", Int),
        ],
        insertion_ordered: false,
    },
    Table {
        name: "access_log",
        columns: &[
            ("id", Text),
            ("at", Int),
            ("actor_id", Text),
            ("subject_id", Text),
            ("profile_id", Text),
            ("kind", Text),
            ("door", Text),
        ],
        insertion_ordered: false,
    },
];

/// The rows of one table, as read from a store.
#[derive(Debug)]
pub struct TableRows {
    /// Which table.
    pub table: &'static Table,
    /// Its rows, in the order they were written where that matters.
    pub rows: Vec<Row>,
}

/// What a table holds, in a form two backends can compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The table.
    pub table: &'static str,
    /// Its rows.
    pub rows: u64,
    /// SHA-256 of its rows' encodings, sorted (so the order rows come in does not matter).
    pub checksum: String,
}

/// The count and checksum of a table's rows.
pub fn summarize(table: &'static Table, rows: &[Row]) -> Summary {
    let mut encoded: Vec<Vec<u8>> = rows
        .iter()
        .map(|row| {
            let mut out = Vec::new();
            for value in row {
                value.encode(&mut out);
            }
            out
        })
        .collect();
    encoded.sort_unstable();
    let mut hash = Sha256::new();
    for row in &encoded {
        hash.update((row.len() as u64).to_be_bytes());
        hash.update(row);
    }
    let checksum = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Summary {
        table: table.name,
        rows: rows.len() as u64,
        checksum,
    }
}

/// Reading and writing whole tables, for copying a database to another store.
#[async_trait]
pub trait Transfer: Send + Sync {
    /// The tables in the database's schema with their columns (sorted), except the
    /// migrations' and the backend's own bookkeeping.
    async fn schema_tables(&self) -> StoreResult<Vec<(String, Vec<String>)>>;
    /// Every row of every table in [`TABLES`], read in one transaction (a consistent state
    /// even while others write), in the order they were written where that matters.
    async fn read_tables(&self) -> StoreResult<Vec<TableRows>>;
    /// Writes all the tables in one transaction: all of it is stored, or nothing.
    /// `progress` hears each table's name and row count before it is written.
    async fn write_tables(
        &self,
        tables: &[TableRows],
        progress: &(dyn Fn(&str, usize) + Send + Sync),
    ) -> StoreResult<()>;
}

/// Reads one row of a table through a backend's [`Columns`](crate::columns::Columns).
pub fn read_row(row: &dyn crate::columns::Columns, table: &Table) -> StoreResult<Row> {
    table
        .columns
        .iter()
        .map(|(column, kind)| {
            Ok(match kind {
                Int => Value::Int(row.int(column)?),
                Real => Value::Real(row.real(column)?),
                Text => Value::Text(row.text(column)?),
                Flag => Value::Flag(row.flag(column)?),
            })
        })
        .collect()
}

/// `SELECT` of a table's columns, for a backend to add its order to.
pub fn select_sql(table: &Table) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    format!("SELECT {} FROM {}", columns.join(", "), table.name)
}

/// `INSERT` of one row, with the backend's placeholder for the n-th value (from 1).
pub fn insert_sql(table: &Table, placeholder: impl Fn(usize) -> String) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    let values: Vec<String> = (1..=columns.len()).map(placeholder).collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table.name,
        columns.join(", "),
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checksum_depends_on_the_rows_but_not_their_order() {
        let table = &TABLES[0];
        let a = vec![Value::Int(Some(1)), Value::Text(Some("a".into()))];
        let b = vec![Value::Int(Some(2)), Value::Text(None)];
        let one = summarize(table, &[a.clone(), b.clone()]);
        assert_eq!(one, summarize(table, &[b.clone(), a.clone()]));
        assert_eq!(one.rows, 2);
        let changed = vec![Value::Int(Some(2)), Value::Text(Some(String::new()))];
        assert_ne!(one.checksum, summarize(table, &[a, changed]).checksum);
    }

    #[test]
    fn every_table_comes_after_the_tables_it_refers_to() {
        let position = |name: &str| TABLES.iter().position(|t| t.name == name).unwrap();
        for (child, parent) in [
            ("profiles", "accounts"),
            ("sessions", "profiles"),
            ("measurements", "sessions"),
            ("lift_series", "measurements"),
            ("camera_markers", "measurements"),
            ("camera_photos", "camera_markers"),
            ("invitations", "accounts"),
            ("api_tokens", "accounts"),
        ] {
            assert!(
                position(parent) < position(child),
                "{parent} before {child}"
            );
        }
    }
}
