//! `psoas export` and `psoas import`: data out as CSV, the JSON archive or FHIR R4, streamed
//! page by page; the archive back in, checked in full, in one transaction.

use psoas_exchange::{Format, Selection, WriteSink, export, export_with_photos, read_archive};
use psoas_store::{Scope, Store};
use std::io::Write;
use std::str::FromStr;

use crate::actions;
use crate::cli::{ExportArgs, ImportArgs};
use crate::error::{CliError, CliResult};
use crate::output::OutFile;
use crate::render::print_json;
use crate::words;

/// Runs `psoas export`.
pub async fn run_export(store: &dyn Store, args: ExportArgs) -> CliResult {
    let format = Format::from_str(&args.format).map_err(CliError::Usage)?;
    if args.with_photos && format != Format::Json {
        return Err(CliError::Usage(words::PHOTOS_ONLY_IN_ARCHIVE.to_string()));
    }
    let selection = match &args.profile {
        Some(key) => Selection::Profile(store.find_profile(Scope::Terminal, key).await?.id),
        None => Selection::All,
    };
    match &args.out {
        Some(path) => {
            let mut file = OutFile::create(path)?;
            let mut sink = WriteSink(file.writer());
            let trials = write(store, selection, format, args.with_photos, &mut sink).await?;
            file.commit()?;
            eprintln!(
                "Exported {trials} trials as {} to {}.",
                format.as_str(),
                path.display()
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut sink = WriteSink(std::io::BufWriter::new(stdout));
            write(store, selection, format, args.with_photos, &mut sink).await?;
            sink.0.flush()?;
        }
    }
    Ok(())
}

/// The export itself, with the photos when asked.
async fn write(
    store: &dyn Store,
    selection: Selection,
    format: Format,
    with_photos: bool,
    sink: &mut dyn psoas_exchange::Sink,
) -> CliResult<u64> {
    let now = actions::now();
    let written = if with_photos {
        export_with_photos(store, Scope::Terminal, selection, now, sink).await
    } else {
        export(store, Scope::Terminal, selection, format, now, sink).await
    };
    written.map_err(export_error)
}

fn export_error(e: psoas_exchange::ExportError) -> CliError {
    match e {
        psoas_exchange::ExportError::Store(e) => CliError::Store(e),
        psoas_exchange::ExportError::Write(e) => CliError::Io(e),
    }
}

/// Runs `psoas import`.
pub async fn run_import(store: &dyn Store, args: ImportArgs) -> CliResult {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        CliError::Usage(format!(
            "cannot read {}: {e}; give the path of a file made by 'psoas export --format json'",
            args.file.display()
        ))
    })?;
    let archive = read_archive(&bytes).map_err(|problems| {
        let count = problems.len();
        let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
        CliError::Usage(format!(
            "{} is not a psoas archive that can be imported ({count} problem{}; nothing was \
             stored): {}",
            args.file.display(),
            if count == 1 { "" } else { "s" },
            listed.join("; ")
        ))
    })?;
    let counts = store
        .import(Scope::Terminal, &archive.profiles, &archive.sessions)
        .await?;
    if args.json {
        print_json(&counts);
    } else if counts.added_nothing() {
        println!(
            "Nothing new: the {} and {} in {} are already stored.",
            words::count(counts.profiles_kept as usize, "profile", "profiles"),
            words::count(counts.sessions_kept as usize, "session", "sessions"),
            args.file.display()
        );
    } else {
        println!(
            "Imported {}, {}, {} and {} ({} and {} were already stored).",
            words::count(counts.profiles_added as usize, "profile", "profiles"),
            words::count(counts.sessions_added as usize, "session", "sessions"),
            words::count(counts.measurements_added as usize, "trial", "trials"),
            words::count(
                counts.exercises_added as usize,
                "exercise record",
                "exercise records"
            ),
            words::count(counts.profiles_kept as usize, "profile", "profiles"),
            words::count(counts.sessions_kept as usize, "session", "sessions")
        );
    }
    Ok(())
}
