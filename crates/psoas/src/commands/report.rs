//! `psoas chart` (and `psoas report`): progress drawn from a profile's sessions or one session.

use psoas_core::SessionRecord;
use psoas_report::{ChartError, ChartKind, ImageFormat, render};
use psoas_store::{Scope, Store};
use std::path::Path;
use std::str::FromStr;

use crate::cli::ChartArgs;
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
