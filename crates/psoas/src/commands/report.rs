//! `psoas chart` (and `psoas report`): progress drawn from a profile's sessions or one session.

use jiff::civil::Date;
use psoas_core::SessionRecord;
use psoas_report::{ChartError, ChartKind, ImageFormat, render, report_file_name, report_pdf};
use psoas_store::{Scope, Store};
use std::path::Path;
use std::str::FromStr;

use crate::actions;
use crate::cli::{ChartArgs, ReportArgs};
use crate::error::{CliError, CliResult};
use crate::output::write_file;

/// The sessions a command is about: one session, or every session of a profile.
pub async fn sessions_of(
    store: &dyn Store,
    profile: Option<&str>,
    session: Option<&str>,
) -> CliResult<Vec<SessionRecord>> {
    match (profile, session) {
        (_, Some(key)) => Ok(vec![store.find_session(Scope::Terminal, key).await?]),
        (Some(key), None) => {
            let profile = store.find_profile(Scope::Terminal, key).await?;
            Ok(store
                .list_sessions(Scope::Terminal, Some(profile.id))
                .await?)
        }
        (None, None) => Err(CliError::Usage(
            "name the profile with --profile (or one session with --session)".to_string(),
        )),
    }
}

fn image_format(path: &Path) -> CliResult<ImageFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(ImageFormat::Svg),
        Some("png") => Ok(ImageFormat::Png),
        _ => Err(CliError::Usage(format!(
            "{} must end in .svg or .png, the two chart formats",
            path.display()
        ))),
    }
}

/// Maps a chart error to the terminal's kinds: nothing to draw is the user's to change.
pub fn chart_error(e: ChartError) -> CliError {
    match e {
        ChartError::NoData(why) => CliError::Usage(format!(
            "{why}; record trials first, or choose another chart or profile"
        )),
        ChartError::Draw(why) => CliError::Io(std::io::Error::other(why)),
    }
}

/// Runs `psoas chart`.
pub async fn chart(store: &dyn Store, args: ChartArgs) -> CliResult {
    let kind = ChartKind::from_str(&args.kind).map_err(CliError::Usage)?;
    let format = image_format(&args.out)?;
    let records = sessions_of(store, args.profile.as_deref(), args.session.as_deref()).await?;
    let bytes = render(kind, &records, format, (args.width, args.height)).map_err(chart_error)?;
    write_file(&args.out, &bytes)?;
    eprintln!(
        "Wrote the {} chart to {}.",
        kind.as_str(),
        args.out.display()
    );
    Ok(())
}

fn date(flag: &str, text: &str) -> CliResult<Date> {
    text.trim().parse::<Date>().map_err(|_| {
        CliError::Usage(format!(
            "--{flag} '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24"
        ))
    })
}

/// Runs `psoas report`.
pub async fn report(store: &dyn Store, args: ReportArgs) -> CliResult {
    if let Some(out) = &args.out
        && out
            .extension()
            .and_then(|e| e.to_str())
            .is_none_or(|e| !e.eq_ignore_ascii_case("pdf"))
    {
        return Err(CliError::Usage(format!(
            "{} must end in .pdf",
            out.display()
        )));
    }
    let from = args.from.as_deref().map(|t| date("from", t)).transpose()?;
    let to = args.to.as_deref().map(|t| date("to", t)).transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(CliError::Usage(format!(
            "--to {to} is before --from {from}; give the period's first day first"
        )));
    }
    let mut records = sessions_of(store, args.profile.as_deref(), args.session.as_deref()).await?;
    let day = |r: &SessionRecord| {
        jiff::tz::TimeZone::UTC
            .to_datetime(r.session.started_at)
            .date()
    };
    records.retain(|r| from.is_none_or(|f| day(r) >= f) && to.is_none_or(|t| day(r) <= t));
    let profile_id = match records.first() {
        Some(r) => r.session.profile_id,
        None => {
            return Err(CliError::Usage(
                "no session in that period; widen --from and --to, or leave them out".to_string(),
            ));
        }
    };
    let profile = store
        .find_profile(Scope::Terminal, &profile_id.to_string())
        .await?;
    let period = match (&args.session, records.first(), records.last()) {
        (Some(_), Some(r), _) => {
            format!("session of {}", r.session.started_at.strftime("%Y-%m-%d"))
        }
        (_, Some(a), Some(b)) => {
            let (a, b) = (
                a.session.started_at.strftime("%Y-%m-%d").to_string(),
                b.session.started_at.strftime("%Y-%m-%d").to_string(),
            );
            if a == b { a } else { format!("{a} to {b}") }
        }
        _ => String::new(),
    };
    let bytes = report_pdf(&profile, &records, &period, actions::now()).map_err(chart_error)?;
    let out = args
        .out
        .unwrap_or_else(|| report_file_name(&profile, &records).into());
    write_file(&out, &bytes)?;
    eprintln!("Wrote the report ({period}) to {}.", out.display());
    Ok(())
}
