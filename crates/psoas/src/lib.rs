//! The psoas terminal tool as a library: the guided session and the scriptable commands over
//! the domain core and a store. The `psoas` binary only parses flags and maps errors to exit
//! codes.

pub mod actions;
pub mod cli;
pub mod commands;
pub mod error;
mod guided;
pub mod output;
pub mod render;
pub mod store;
pub mod words;

use cli::{AccountCommand, Cli, Command, DbCommand, GuidedArgs};
use error::{CliError, CliResult};

/// The guided defaults, for `psoas` typed alone.
fn default_guided() -> GuidedArgs {
    use clap::Parser;
    #[derive(Parser)]
    struct Defaults {
        #[command(flatten)]
        guided: GuidedArgs,
    }
    Defaults::parse_from(["psoas"]).guided
}

/// Runs one command line.
pub async fn run(cli: Cli) -> CliResult {
    if let Some(Command::Rules { json }) = cli.command {
        commands::verdict::rules(json);
        return Ok(());
    }
    if let Some(Command::MeasurePhoto(args)) = cli.command {
        return commands::camera::measure_photo(&args);
    }
    if let Some(Command::Markers { out }) = &cli.command {
        return commands::camera::marker_sheet(out);
    }
    let Some(command) = cli.command else {
        if guided::require_terminal().is_err() {
            return Err(CliError::Usage(
                "no command given; run 'psoas check' in a terminal for the guided session, or \
                 see 'psoas --help'"
                    .to_string(),
            ));
        }
        let store = store::open(cli.db.as_deref()).await?.store;
        let result = guided::home(store.as_ref(), default_guided()).await;
        store.close().await;
        return result;
    };
    match command {
        Command::Db(DbCommand::Migrate) => return commands::db::migrate(cli.db.as_deref()).await,
        Command::Db(DbCommand::Copy { from, to }) => return commands::db::copy(&from, &to).await,
        Command::Backup { out } => return commands::db::backup(cli.db.as_deref(), &out).await,
        Command::Account(AccountCommand::ResetPassword { email }) => {
            let store = store::open(cli.db.as_deref()).await?.store;
            let result = commands::account::reset_password(store.as_ref(), email.as_deref()).await;
            store.close().await;
            return result;
        }
        Command::Account(AccountCommand::Records { email }) => {
            let store = store::open(cli.db.as_deref()).await?.store;
            let result = commands::account::records(store.as_ref(), &email).await;
            store.close().await;
            return result;
        }
        _ => {}
    }
    if let Command::Serve(args) = command {
        let opened = store::open(cli.db.as_deref()).await?;
        return commands::serve::serve(opened, args).await;
    }
    if matches!(command, Command::Check(_) | Command::Resume { .. }) {
        guided::require_terminal()?;
    }
    let store = store::open(cli.db.as_deref()).await?.store;
    let result = dispatch(store.as_ref(), command).await;
    // Closing folds the write-ahead log back into the database file, so the file alone is a
    // complete copy once psoas has exited.
    store.close().await;
    result
}

async fn dispatch(store: &dyn psoas_store::Store, command: Command) -> CliResult {
    match command {
        Command::Check(args) => guided::check(store, args).await,
        Command::Resume { session, guided } => guided::resume(store, session, guided).await,
        Command::Profile(c) => commands::profile::run(store, c).await,
        Command::Session(c) => commands::session::run(store, c).await,
        Command::Record(args) => commands::record::record(store, args).await,
        Command::Trial(c) => commands::trial::run(store, c).await,
        Command::Symptoms(args) => commands::record::symptoms(store, args).await,
        Command::PainAfter(args) => commands::record::pain_after(store, args).await,
        Command::Exercise(args) => commands::record::exercise(store, args).await,
        Command::Verdict(args) => commands::verdict::verdict(store, args).await,
        Command::History {
            profile,
            wide,
            json,
        } => commands::verdict::history(store, profile, wide, json).await,
        Command::Chart(args) => commands::report::chart(store, args).await,
        Command::Report(args) => commands::report::report(store, args).await,
        Command::Export(args) => commands::exchange::run_export(store, args).await,
        Command::Import(args) => commands::exchange::run_import(store, args).await,
        Command::Rules { .. }
        | Command::MeasurePhoto(_)
        | Command::Markers { .. }
        | Command::Serve(_)
        | Command::Db(_)
        | Command::Account(_)
        | Command::Backup { .. } => {
            unreachable!("handled before the store is opened")
        }
    }
}
