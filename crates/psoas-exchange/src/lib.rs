//! Moving psoas data out and back in: CSV with one row per trial, the full-fidelity JSON
//! archive, a FHIR R4 Bundle of Observations, and the checked import of the archive.
//!
//! Exports stream: [`export`] reads the store page by page ([`psoas_store::Store::sessions_page`])
//! and hands each page's bytes to a [`Sink`] before reading the next, so a history of any
//! length is written in constant memory, to a file or to an HTTP response alike. Imports are
//! checked in full first ([`read_archive`] lists every problem with its JSON pointer) and
//! then stored in one transaction ([`psoas_store::Store::import`]).
//!
//! ```no_run
//! # async fn example(store: &dyn psoas_store::Store) -> Result<(), psoas_exchange::ExportError> {
//! use psoas_exchange::{export, Format, Selection, WriteSink};
//! let mut sink = WriteSink(std::io::stdout());
//! export(store, psoas_store::Scope::Terminal, Selection::All, Format::Csv,
//!        jiff::Timestamp::now(), &mut sink).await?;
//! # Ok(()) }
//! ```

pub mod archive;
pub mod csv;
pub mod fhir;
pub mod schema;
mod validate;

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{Profile, ProfileId};
use psoas_store::{FullSession, Scope, SessionCursor, Store, StoreError};
use std::collections::HashMap;
use std::io::Write;
use thiserror::Error;

pub use schema::archive_schema;
pub use validate::{Archive, MAX_PROBLEMS, Problem, read_archive};

/// Sessions read from the store per page while exporting: large enough to keep queries few,
/// small enough that memory stays flat (a session holds a few dozen trials).
pub const PAGE_SESSIONS: u32 = 200;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// CSV, one row per trial (`text/csv`).
    Csv,
    /// The full-fidelity JSON archive, which `psoas import` reads back.
    Json,
    /// A FHIR R4 Bundle (type `collection`) of Patients, Encounters and Observations.
    Fhir,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::Fhir];

    /// Its name in flags and query strings.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Fhir => "fhir",
        }
    }

    /// The media type of a file in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
            Format::Fhir => "application/fhir+json",
        }
    }

    /// The usual file name ending.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "psoas.json",
            Format::Fhir => "fhir.json",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" | "archive" => Ok(Format::Json),
            "fhir" | "fhir-r4" => Ok(Format::Fhir),
            other => Err(format!(
                "unknown export format '{other}'; use csv, json or fhir"
            )),
        }
    }
}

/// Whose data an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// Every profile in scope.
    All,
    /// One profile.
    Profile(ProfileId),
}

/// Why an export stopped.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The destination could not be written (disk full, client gone).
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

/// Where exported bytes go, a page at a time.
#[async_trait]
pub trait Sink: Send {
    /// Takes the next piece of the file.
    async fn write(&mut self, bytes: Vec<u8>) -> Result<(), ExportError>;
}

/// A [`Sink`] over a blocking writer (a file, standard output).
pub struct WriteSink<W>(pub W);

#[async_trait]
impl<W: Write + Send> Sink for WriteSink<W> {
    async fn write(&mut self, bytes: Vec<u8>) -> Result<(), ExportError> {
        self.0.write_all(&bytes)?;
        Ok(())
    }
}

/// Turns records into one format's bytes: a beginning, one piece per session, an end.
pub(crate) trait Encoder {
    fn begin(&mut self, profiles: &[Profile], out: &mut Vec<u8>);
    fn session(&mut self, profile: &Profile, session: &FullSession, out: &mut Vec<u8>);
    fn end(&mut self, out: &mut Vec<u8>);
}

fn encoder(format: Format, exported_at: Timestamp) -> Box<dyn Encoder + Send> {
    match format {
        Format::Csv => Box::new(csv::CsvEncoder),
        Format::Json => Box::new(archive::ArchiveEncoder::new(exported_at)),
        Format::Fhir => Box::new(fhir::FhirEncoder::new(exported_at)),
    }
}

/// Puts each session's kept photos beside it.
async fn attach_photos(
    store: &dyn Store,
    scope: Scope,
    page: &mut [FullSession],
) -> Result<(), StoreError> {
    let ids: Vec<_> = page.iter().map(|f| f.record.session.id).collect();
    let mut photos = store.sessions_photos(scope, &ids).await?;
    for full in page.iter_mut() {
        let (mine, rest) = photos
            .into_iter()
            .partition(|(m, _)| full.record.measurements.iter().any(|t| t.id == *m));
        full.photos = mine;
        photos = rest;
    }
    Ok(())
}

/// Writes the selected profiles and all their sessions in a format to a sink, reading the
/// store one page of [`PAGE_SESSIONS`] sessions at a time. Returns the number of trials
/// written. A profile out of scope is `NotFound`, as everywhere.
pub async fn export(
    store: &dyn Store,
    scope: Scope,
    selection: Selection,
    format: Format,
    exported_at: Timestamp,
    sink: &mut dyn Sink,
) -> Result<u64, ExportError> {
    write_out(store, scope, selection, format, exported_at, sink, false).await
}

/// Writes the JSON archive as [`export`] does, with the camera's kept photos too (in base64,
/// beside their trials' markers), for a full copy of what is stored. CSV and FHIR never carry
/// photos.
pub async fn export_with_photos(
    store: &dyn Store,
    scope: Scope,
    selection: Selection,
    exported_at: Timestamp,
    sink: &mut dyn Sink,
) -> Result<u64, ExportError> {
    write_out(
        store,
        scope,
        selection,
        Format::Json,
        exported_at,
        sink,
        true,
    )
    .await
}

async fn write_out(
    store: &dyn Store,
    scope: Scope,
    selection: Selection,
    format: Format,
    exported_at: Timestamp,
    sink: &mut dyn Sink,
    with_photos: bool,
) -> Result<u64, ExportError> {
    let profiles = match selection {
        Selection::All => store.list_profiles(scope).await?,
        Selection::Profile(id) => vec![store.find_profile(scope, &id.to_string()).await?],
    };
    let only = match selection {
        Selection::All => None,
        Selection::Profile(id) => Some(id),
    };
    let by_id: HashMap<ProfileId, &Profile> = profiles.iter().map(|p| (p.id, p)).collect();
    let mut encoder = encoder(format, exported_at);
    let mut out = Vec::new();
    encoder.begin(&profiles, &mut out);
    let mut after: Option<SessionCursor> = None;
    let mut trials = 0u64;
    loop {
        let mut page = store
            .sessions_page(scope, only, after, PAGE_SESSIONS)
            .await?;
        if with_photos {
            attach_photos(store, scope, &mut page).await?;
        }
        for full in &page {
            let Some(profile) = by_id.get(&full.record.session.profile_id) else {
                // A profile made after the list was read: its sessions are in the next export.
                continue;
            };
            encoder.session(profile, full, &mut out);
            trials += full.record.measurements.len() as u64;
        }
        if !out.is_empty() {
            sink.write(std::mem::take(&mut out)).await?;
        }
        match page.last() {
            Some(last) if page.len() == PAGE_SESSIONS as usize => after = Some(last.cursor()),
            _ => break,
        }
    }
    encoder.end(&mut out);
    sink.write(out).await?;
    Ok(trials)
}
