//! `psoas verdict`, `psoas history` and `psoas rules`: reading results back.

use psoas_core::camera::{findings_of, pelvis_tips};
use psoas_core::{Phase, PlanStep, RULES, StrengthenTechnique, StretchOption, Test};
use psoas_store::{Scope, Store};
use serde::Serialize;
use std::io::IsTerminal;
use std::str::FromStr;

use crate::actions;
use crate::cli::VerdictArgs;
use crate::error::CliResult;
use crate::render::{
    hanging, history_names_people, history_table, print_json, verdict_lines, wrap,
};
use crate::words;
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
            "{} - {} in all",
            exercise.title(),
            words::clock(psoas_core::plan::total_seconds(timer))
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
    let kept = store
        .session_camera(Scope::Terminal, record.session.id)
        .await?;
    let pelvis = pelvis_tips(&record, leg_raise.phase, &findings_of(&record, &kept));
    if args.json {
        print_json(&serde_json::json!({
            "session_id": record.session.id,
            "leg_raise": leg_raise,
            "pelvis": pelvis
                .iter()
                .map(|tip| serde_json::json!({"tip": tip, "advice": tip.advice()}))
                .collect::<Vec<_>>(),
            "strength": strength,
            "plan": Plan { stretch, strengthen },
        }));
    } else {
        for line in verdict_lines(&leg_raise, args.explain) {
            println!("{line}");
        }
        for tip in &pelvis {
            println!("{}", hanging(&tip.advice(), "  ", "  "));
        }
        for line in verdict_lines(&strength, args.explain) {
            println!("{line}");
        }
        // Where a verdict asks for more trials, say how to take the one more it offers.
        for verdict in [&leg_raise, &strength] {
            if let Some(extra) = record.extra_trial(verdict.test, verdict.phase, &RULES) {
                println!(
                    "{}",
                    hanging(
                        &words::extra_trial_command(&record.session.id.short(), &extra),
                        "  ",
                        "    "
                    )
                );
            }
        }
        println!("Plan:");
        for line in plan_lines(&stretch)
            .into_iter()
            .chain(plan_lines(&strengthen))
        {
            println!("{}", hanging(&line, "  - ", "    "));
        }
        if !args.explain {
            println!("{}", words::EXPLAIN_SCRIPTED);
        }
    }
    Ok(())
}

/// Runs `psoas history`.
pub async fn history(
    store: &dyn Store,
    profile: Option<String>,
    wide: bool,
    json: bool,
) -> CliResult {
    let profiles = match profile {
        Some(key) => vec![store.find_profile(Scope::Terminal, &key).await?],
        None => store.list_profiles(Scope::Terminal).await?,
    };
    let mut dated = Vec::new();
    let mut across_days = Vec::new();
    for profile in &profiles {
        let records = store
            .list_sessions(Scope::Terminal, Some(profile.id))
            .await?;
        for record in &records {
            dated.push((
                record.session.started_at,
                HistoryEntry::new(record, profile),
            ));
        }
        // Whether the sides came into balance beyond measurement error, per person.
        for test in [Test::LegRaise, Test::Strength] {
            if let Some(sentence) = psoas_core::retest::across_days(&records, test, &RULES) {
                across_days.push(if profiles.len() > 1 {
                    format!("{}: {sentence}", profile.name)
                } else {
                    sentence
                });
            }
        }
    }
    dated.sort_by_key(|(started, _)| *started);
    let entries: Vec<HistoryEntry> = dated.into_iter().map(|(_, entry)| entry).collect();
    if json {
        print_json(&entries);
    } else if entries.is_empty() {
        println!("No sessions yet. Start one with: psoas check");
    } else {
        if !wide && !history_names_people(&entries) {
            println!("Sessions of {}", entries[0].profile_name);
        }
        println!("{}", history_table(&entries, wide, history_width()));
        if !wide {
            println!("{}", words::HISTORY_KEY);
        }
        for sentence in &across_days {
            println!("{}", wrap(sentence, ""));
        }
    }
    Ok(())
}

/// The compact history's width: 80 columns, or the terminal's when it is narrower.
fn history_width() -> u16 {
    let columns = if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(columns, _)| columns)
    } else {
        80
    };
    columns.min(80)
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
