//! `psoas verdict`, `psoas history` and `psoas rules`: reading results back.

use psoas_core::{Phase, PlanStep, RULES, StrengthenTechnique, StretchOption, Test};
use psoas_store::{Scope, Store};
use serde::Serialize;
use std::str::FromStr;

use crate::actions;
use crate::cli::VerdictArgs;
use crate::error::CliResult;
use crate::render::{history_table, print_json, verdict_lines};
use psoas_core::history::HistoryEntry;

#[derive(Serialize)]
struct Plan {
    stretch: PlanStep,
    strengthen: PlanStep,
}

/// Prints what a plan step says to do.
pub fn plan_lines(step: &PlanStep) -> Vec<String> {
    match step {
        PlanStep::Do {
            exercise, timer, ..
        } => vec![format!(
            "{} - {} s in all",
            exercise.title(),
            psoas_core::plan::total_seconds(timer)
        )],
        PlanStep::NotNeeded { reason } => vec![reason.clone()],
    }
}

/// Runs `psoas verdict`.
pub async fn verdict(store: &dyn Store, args: VerdictArgs) -> CliResult {
    let option = StretchOption::from_str(&args.stretch)?;
    let technique = StrengthenTechnique::from_str(&args.technique)?;
    let durations = actions::durations(&args.durations)?;
    let phase = args.phase.as_deref().map(Phase::from_str).transpose()?;
    let record = store.find_session(Scope::Terminal, &args.session).await?;
    let (leg_raise, strength) = match phase {
        Some(phase) => (
            record.verdict(Test::LegRaise, phase, &RULES),
            record.verdict(Test::Strength, phase, &RULES),
        ),
        None => (actions::tightness(&record), actions::weakness(&record)),
    };
    let (stretch, strengthen) = actions::plan(&record, option, technique, &durations);
    if args.json {
        print_json(&serde_json::json!({
            "session_id": record.session.id,
            "leg_raise": leg_raise,
            "strength": strength,
            "plan": Plan { stretch, strengthen },
        }));
    } else {
        for line in verdict_lines(&leg_raise)
            .into_iter()
            .chain(verdict_lines(&strength))
        {
            println!("{line}");
        }
        println!("Plan:");
        for line in plan_lines(&stretch)
            .into_iter()
            .chain(plan_lines(&strengthen))
        {
            println!("  - {line}");
        }
    }
    Ok(())
}

/// Runs `psoas history`.
pub async fn history(store: &dyn Store, profile: Option<String>, json: bool) -> CliResult {
    let profiles = match profile {
        Some(key) => vec![store.find_profile(Scope::Terminal, &key).await?],
        None => store.list_profiles(Scope::Terminal).await?,
    };
    let mut dated = Vec::new();
    for profile in &profiles {
        for record in store
            .list_sessions(Scope::Terminal, Some(profile.id))
            .await?
        {
            dated.push((
                record.session.started_at,
                HistoryEntry::new(&record, profile),
            ));
        }
    }
    dated.sort_by_key(|(started, _)| *started);
    let entries: Vec<HistoryEntry> = dated.into_iter().map(|(_, entry)| entry).collect();
    if json {
        print_json(&entries);
    } else if entries.is_empty() {
        println!("No sessions yet. Start one with: psoas check");
    } else {
        println!("{}", history_table(&entries));
    }
    Ok(())
}

/// Runs `psoas rules`.
pub fn rules(json: bool) {
    if json {
        print_json(&RULES);
        return;
    }
    println!(
        "Rule set {} (sessions record protocol version {})",
        RULES.version,
        psoas_core::PROTOCOL_VERSION
    );
    for rule in RULES.all() {
        println!("\n{} = {} {}", rule.name, rule.value, rule.unit);
        println!("  {}", rule.meaning);
        println!("  Source: {}", rule.source);
    }
    println!("\nMeasurement error by method (SEM of one trial; MDC95 = 1.96 x sqrt(2) x SEM)");
    for error in &RULES.method_errors {
        let rule = &error.rule;
        println!(
            "\n{} [{}] = {} {}; one trial per side tells apart {:.1}{}{}",
            rule.name,
            error.method.title(),
            rule.value,
            rule.unit,
            error.mdc95,
            error.symbol(),
            if error.coarse {
                "; coarse: no published error"
            } else {
                ""
            }
        );
        println!("  {}", rule.meaning);
        println!("  Source: {}", rule.source);
    }
}
