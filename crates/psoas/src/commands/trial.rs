//! `psoas trial void`: strike out a trial taken or typed wrongly; `psoas trial delete`: delete
//! a struck-out one for real.

use psoas_core::{Phase, RULES, Side, Test, TrialVoid, VoidReason};
use psoas_store::{Scope, Store};
use std::str::FromStr;

use crate::actions::now;
use crate::cli::{DeleteTrialArgs, TrialCommand, VoidArgs};
use crate::commands::confirm::confirmed;
use crate::error::{CliError, CliResult};
use crate::render::{print_json, verdict_lines};
use crate::words;

/// Runs `psoas trial ...`.
pub async fn run(store: &dyn Store, command: TrialCommand) -> CliResult {
    match command {
        TrialCommand::Void(args) => void(store, args).await,
        TrialCommand::Delete(args) => delete(store, args).await,
    }
}

async fn delete(store: &dyn Store, args: DeleteTrialArgs) -> CliResult {
    let test = Test::from_str(&args.test)?;
    let side = Side::from_str(&args.side)?;
    let phase = args.phase.as_deref().map(Phase::from_str).transpose()?;
    let record = store.find_session(Scope::Terminal, &args.session).await?;
    let profile = store
        .profile(Scope::Terminal, record.session.profile_id)
        .await?;
    let trial = record
        .trial_numbered(test, side, args.trial, phase)
        .ok_or_else(|| CliError::Usage(words::no_such_trial(test, side, args.trial, phase)))?
        .clone();
    if trial.void.is_none() {
        return Err(CliError::Usage(words::deletion::strike_out_first(
            &trial, &record,
        )));
    }
    let question = words::deletion::delete_trial_question(&trial, &record, &profile);
    if !confirmed(&question, args.yes)? {
        return Ok(());
    }
    store
        .delete_measurement(Scope::Terminal, record.session.id, trial.id)
        .await?;
    println!("{}", words::deletion::trial_deleted(&trial));
    Ok(())
}

async fn void(store: &dyn Store, args: VoidArgs) -> CliResult {
    let test = Test::from_str(&args.test)?;
    let side = Side::from_str(&args.side)?;
    let phase = args.phase.as_deref().map(Phase::from_str).transpose()?;
    let reason = VoidReason::from_str(&args.reason)?;
    let void = TrialVoid::new(reason, args.note.as_deref(), None, now())?;
    let record = store.find_session(Scope::Terminal, &args.session).await?;
    let trial = record
        .trial_numbered(test, side, args.trial, phase)
        .ok_or_else(|| CliError::Usage(words::no_such_trial(test, side, args.trial, phase)))?;
    let (id, phase) = (trial.id, trial.phase);
    record
        .check_void(id)
        .map_err(|refused| CliError::Usage(refused.to_string()))?;
    store
        .void_measurement(Scope::Terminal, record.session.id, id, &void)
        .await?;
    let record = store.session(Scope::Terminal, record.session.id).await?;
    let trial = record
        .measurements
        .iter()
        .find(|m| m.id == id)
        .expect("the trial just struck out is in its session");
    if args.json {
        print_json(trial);
        return Ok(());
    }
    println!("{}", words::struck_out(trial, &void));
    for line in verdict_lines(&record.verdict(test, phase, &RULES), false) {
        println!("{line}");
    }
    if record.check_open_for_tests().is_ok() {
        println!("{}", words::measure_again(&record, test, side));
    }
    Ok(())
}
