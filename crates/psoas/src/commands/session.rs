//! `psoas session new | show | list | delete | finish`.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use psoas_core::{RULES, RedFlag, SessionRecord, SessionStatus};
use psoas_store::{Scope, Store};
use std::str::FromStr;

use crate::actions::{now, start_session};
use crate::cli::SessionCommand;
use crate::commands::confirm::confirmed;
use crate::error::{CliError, CliResult};
use crate::render::{SessionJson, change_lines, comparison_table, print_json, verdict_lines, wrap};
use crate::words;

/// Reads "none" or a comma-separated list of red flags.
pub fn parse_red_flags(text: &str) -> CliResult<Vec<RedFlag>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    if text.is_empty() {
        return Err(CliError::Usage(
            "--red-flags needs 'none' or the flags answered yes; screening comes before any test"
                .to_string(),
        ));
    }
    Ok(text
        .split(',')
        .map(RedFlag::from_str)
        .collect::<Result<Vec<_>, _>>()?)
}

fn show_text(record: &SessionRecord, profile_name: &str, explain: bool) {
    let s = &record.session;
    println!("Session {} for {profile_name}", s.id);
    println!(
        "Started {}; {}{}",
        s.started_at.strftime("%Y-%m-%d %H:%M UTC"),
        s.status.as_str().replace('_', " "),
        s.ended_at
            .map(|e| format!(" at {}", e.strftime("%Y-%m-%d %H:%M UTC")))
            .unwrap_or_default()
    );
    match &record.screening {
        None => println!("Screening: not answered yet."),
        Some(screening) if screening.is_clear() => println!("Screening: no red flags."),
        Some(screening) => {
            println!("Screening: stopped.");
            for line in screening.stop_advice() {
                println!("  {line}");
            }
        }
    }
    if let Some(sym) = &record.symptoms {
        println!(
            "Symptoms: back pain {}/10, pelvic pain {}/10, sitting {} h/day, {} sit-ups/week{}",
            sym.back_pain.value(),
            sym.pelvic_pain.value(),
            sym.sitting_hours_per_day,
            sym.situps_per_week,
            match sym.extension_after_situps {
                Some(true) => " (followed by extension)",
                Some(false) => " (no extension after)",
                None => "",
            }
        );
    }
    if let Some(pain) = &record.pain_after {
        println!("{}", words::pain_after_line(pain));
    }
    if let Some(change) = record.pain_change(&RULES) {
        for line in words::pain_change_lines(&change) {
            println!("{}", wrap(&format!("- {line}"), "  "));
        }
    }
    if !record.measurements.is_empty() {
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED);
        table.set_header(vec![
            "Phase", "Test", "Side", "Trial", "Value", "Method", "Note",
        ]);
        for m in &record.measurements {
            let note = match (m.hurt, m.void.is_some(), m.confirmed_unusual) {
                (true, _, _) => "pain",
                (false, true, _) => "struck out",
                (false, false, true) => words::CONFIRMED_UNUSUAL,
                (false, false, false) => "",
            };
            table.add_row(vec![
                m.phase.title().to_string(),
                m.test.title().to_string(),
                m.side.to_string(),
                m.trial.to_string(),
                m.reading.map_or("-".to_string(), |r| r.to_string()),
                m.method.title().to_string(),
                note.to_string(),
            ]);
        }
        println!("{table}");
        for m in &record.measurements {
            if let Some(void) = &m.void {
                println!("{}", words::capital(&words::struck_out_line(m, void)));
            }
        }
    }
    for e in &record.exercises {
        println!("Exercise: {}", words::exercise_line(e));
    }
    let comparisons = record.comparisons(&RULES);
    for c in &comparisons {
        for line in verdict_lines(&c.before, explain) {
            println!("{line}");
        }
        if let Some(after) = &c.after {
            for line in verdict_lines(after, explain) {
                println!("{line}");
            }
        }
    }
    if comparisons.iter().any(|c| c.after.is_some()) {
        println!("{}", comparison_table(&comparisons));
        for line in change_lines(&comparisons) {
            println!("{line}");
        }
    }
    if !comparisons.is_empty() && !explain {
        println!("{}", words::EXPLAIN_SCRIPTED);
    }
}

/// Runs a session subcommand.
pub async fn run(store: &dyn Store, command: SessionCommand) -> CliResult {
    match command {
        SessionCommand::New {
            profile,
            red_flags,
            trials,
            json,
        } => {
            let flags = parse_red_flags(&red_flags)?;
            let profile = store.find_profile(Scope::Terminal, &profile).await?;
            let record = start_session(store, &profile, flags, trials).await?;
            if json {
                print_json(&SessionJson::new(&record, profile.name.as_str()));
            } else if record.session.status == SessionStatus::StoppedAtScreening {
                println!("Session {} stopped at screening.", record.session.id);
                for line in record.screening.iter().flat_map(|s| s.stop_advice()) {
                    println!("  {line}");
                }
            } else {
                println!("Started session {} for {}", record.session.id, profile.name);
            }
        }
        SessionCommand::Show {
            session,
            explain,
            json,
        } => {
            let record = store.find_session(Scope::Terminal, &session).await?;
            let profile = store
                .find_profile(Scope::Terminal, &record.session.profile_id.to_string())
                .await?;
            if json {
                print_json(&SessionJson::new(&record, profile.name.as_str()));
            } else {
                show_text(&record, profile.name.as_str(), explain);
            }
        }
        SessionCommand::Delete { session, yes } => {
            let record = store.find_session(Scope::Terminal, &session).await?;
            let profile = store
                .profile(Scope::Terminal, record.session.profile_id)
                .await?;
            let question = words::deletion::delete_session_question(&record, &profile);
            if confirmed(&question, yes)? {
                let contents = store
                    .delete_session(Scope::Terminal, record.session.id)
                    .await?;
                println!("{}", words::deletion::session_deleted(contents));
            }
        }
        SessionCommand::List { profile, json } => {
            let profile = match profile {
                Some(key) => Some(store.find_profile(Scope::Terminal, &key).await?),
                None => None,
            };
            let records = store
                .list_sessions(Scope::Terminal, profile.as_ref().map(|p| p.id))
                .await?;
            let names = store.list_profiles(Scope::Terminal).await?;
            let name_of = |record: &SessionRecord| {
                names
                    .iter()
                    .find(|p| p.id == record.session.profile_id)
                    .map_or("?".to_string(), |p| p.name.to_string())
            };
            if json {
                let sessions: Vec<_> = records
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.session.id,
                            "profile_id": r.session.profile_id,
                            "profile_name": name_of(r),
                            "started_at": r.session.started_at,
                            "ended_at": r.session.ended_at,
                            "status": r.session.status,
                            "protocol_version": r.session.protocol_version,
                            "measurements": r.measurements.len(),
                        })
                    })
                    .collect();
                print_json(&sessions);
            } else if records.is_empty() {
                println!("No sessions yet. Start one with: psoas check");
            } else {
                let mut table = Table::new();
                table.load_style(UTF8_FULL_CONDENSED);
                table.set_header(vec!["Id", "Started", "Profile", "Status", "Trials"]);
                for r in &records {
                    table.add_row(vec![
                        r.session.id.short(),
                        r.session.started_at.strftime("%Y-%m-%d %H:%M").to_string(),
                        name_of(r),
                        r.session.status.as_str().replace('_', " "),
                        r.measurements.len().to_string(),
                    ]);
                }
                println!("{table}");
            }
        }
        SessionCommand::Finish { session, json } => {
            let record = store.find_session(Scope::Terminal, &session).await?;
            if record.session.status == SessionStatus::StoppedAtScreening {
                return Err(CliError::Usage(
                    "this session was stopped at screening and cannot be finished".to_string(),
                ));
            }
            store
                .finish_session(Scope::Terminal, record.session.id, now())
                .await?;
            let record = store.session(Scope::Terminal, record.session.id).await?;
            if json {
                let profile = store
                    .find_profile(Scope::Terminal, &record.session.profile_id.to_string())
                    .await?;
                print_json(&SessionJson::new(&record, profile.name.as_str()));
            } else {
                println!("Session {} finished.", record.session.id);
            }
        }
    }
    Ok(())
}
