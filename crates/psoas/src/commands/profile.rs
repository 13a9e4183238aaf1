//! `psoas profile add | list | edit | delete`.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use psoas_core::units::{BodyHeight, LegLength};
use psoas_core::{BirthYear, DisplayName, InputError, Profile, Sex};
use psoas_store::{Contents, Scope, Store};
use std::str::FromStr;

use crate::actions::current_year;
use crate::cli::{ProfileCommand, ProfileDetails, YesNo};
use crate::commands::confirm::confirmed;
use crate::error::CliResult;
use crate::render::print_json;
use crate::words;

/// Reads a birth year as typed.
pub fn parse_birth_year(text: &str) -> Result<BirthYear, InputError> {
    let year = text
        .trim()
        .parse::<i16>()
        .map_err(|_| InputError::NotUnderstood {
            what: "birth year",
            got: text.trim().to_string(),
            expected: "give a four-digit year, e.g. 1984",
        })?;
    BirthYear::new(year, current_year())
}

/// Reads a leg length as typed ("92" or "92 cm").
pub fn parse_leg_length(text: &str) -> Result<LegLength, InputError> {
    let lowered = text.trim().to_ascii_lowercase();
    let trimmed = lowered.trim_end_matches("cm").trim();
    let value = trimmed
        .parse::<f64>()
        .map_err(|_| InputError::NotUnderstood {
            what: "leg length",
            got: text.trim().to_string(),
            expected: "give centimetres from the bony point of the hip to the heel, e.g. 92",
        })?;
    LegLength::new(value)
}

/// Reads a body height as typed ("172" or "172 cm").
pub fn parse_body_height(text: &str) -> Result<BodyHeight, InputError> {
    let lowered = text.trim().to_ascii_lowercase();
    let trimmed = lowered.trim_end_matches("cm").trim();
    let value = trimmed
        .parse::<f64>()
        .map_err(|_| InputError::NotUnderstood {
            what: "body height",
            got: text.trim().to_string(),
            expected: "give the standing height in centimetres, e.g. 172",
        })?;
    BodyHeight::new(value)
}

fn apply(details: &ProfileDetails, profile: &mut Profile) -> Result<(), InputError> {
    if let Some(year) = &details.birth_year {
        profile.birth_year = Some(parse_birth_year(year)?);
    }
    if let Some(sex) = &details.sex {
        profile.sex = Some(Sex::from_str(sex)?);
    }
    if let Some(leg) = &details.leg_length {
        profile.leg_length_cm = Some(parse_leg_length(leg)?);
    }
    if let Some(height) = &details.body_height {
        profile.body_height_cm = Some(parse_body_height(height)?);
    }
    if let Some(keep) = details.keep_photos {
        profile.keep_photos = matches!(keep, YesNo::Yes);
    }
    Ok(())
}

/// Describes a profile on one line.
pub fn describe(profile: &Profile) -> String {
    let mut parts = vec![profile.name.to_string()];
    if let Some(y) = profile.birth_year {
        parts.push(format!("born {}", y.value()));
    }
    if let Some(s) = profile.sex {
        parts.push(s.as_str().to_string());
    }
    if let Some(l) = profile.leg_length_cm {
        parts.push(format!("leg {} cm", l.cm()));
    }
    if let Some(h) = profile.body_height_cm {
        parts.push(format!("height {} cm", h.cm()));
    }
    if profile.keep_photos {
        parts.push("keeps the camera's photos".to_string());
    }
    if let Some(basis) = profile.leg_basis().filter(|b| b.estimated) {
        parts.push(format!(
            "leg length estimated from body height: {} cm",
            basis.length.cm()
        ));
    }
    parts.join(", ")
}

/// Runs a profile subcommand.
pub async fn run(store: &dyn Store, command: ProfileCommand) -> CliResult {
    match command {
        ProfileCommand::Add {
            name,
            details,
            json,
        } => {
            let mut profile = Profile::new(DisplayName::parse(&name)?, None, None, None);
            apply(&details, &mut profile)?;
            store.create_profile(Scope::Terminal, &profile).await?;
            if json {
                print_json(&profile);
            } else {
                println!(
                    "Added profile {} ({})",
                    describe(&profile),
                    profile.id.short()
                );
            }
        }
        ProfileCommand::List { json } => {
            let profiles = store.list_profiles(Scope::Terminal).await?;
            if json {
                print_json(&profiles);
            } else if profiles.is_empty() {
                println!("No profiles yet. Add one with: psoas profile add NAME");
            } else {
                let mut table = Table::new();
                table.load_style(UTF8_FULL_CONDENSED);
                table.set_header(vec!["Id", "Name", "Born", "Sex", "Leg length", "Height"]);
                for p in &profiles {
                    table.add_row(vec![
                        p.id.short(),
                        p.name.to_string(),
                        p.birth_year.map_or("-".into(), |y| y.value().to_string()),
                        p.sex.map_or("-", Sex::as_str).to_string(),
                        p.leg_basis().map_or("-".into(), |l| {
                            let estimated = if l.estimated { " (estimated)" } else { "" };
                            format!("{} cm{estimated}", l.length.cm())
                        }),
                        p.body_height_cm
                            .map_or("-".into(), |h| format!("{} cm", h.cm())),
                    ]);
                }
                println!("{table}");
            }
        }
        ProfileCommand::Delete { profile, yes } => {
            let found = store.find_profile(Scope::Terminal, &profile).await?;
            let sessions = store.list_sessions(Scope::Terminal, Some(found.id)).await?;
            let contents = Contents {
                profiles: 1,
                sessions: sessions.len() as u64,
                trials: sessions.iter().map(|s| s.measurements.len() as u64).sum(),
            };
            let question = words::deletion::delete_profile_question(&found, contents);
            if confirmed(&question, yes)? {
                let contents = store.delete_profile(Scope::Terminal, found.id).await?;
                println!("{}", words::deletion::profile_deleted(&found, contents));
            }
        }
        ProfileCommand::Edit {
            profile,
            name,
            details,
            json,
        } => {
            let mut found = store.find_profile(Scope::Terminal, &profile).await?;
            if let Some(name) = name {
                found.name = DisplayName::parse(&name)?;
            }
            apply(&details, &mut found)?;
            store.update_profile(Scope::Terminal, &found).await?;
            if json {
                print_json(&found);
            } else {
                println!("Updated profile {}", describe(&found));
            }
        }
    }
    Ok(())
}
