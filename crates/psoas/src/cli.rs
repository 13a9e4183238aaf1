//! Command-line flags as typed by the user, before they become validated settings.

// Flattened argument groups carry no doc comment of their own: clap would show it as help.
#![allow(missing_docs)]

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Guided psoas (hip flexor) check-and-fix: find the tight and the weak side, stretch,
/// strengthen, retest, and track the balance over days.
///
/// Educational guidance only, not medical advice or diagnosis.
#[derive(Debug, Parser)]
#[command(name = "psoas", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    /// Database: a file (or sqlite:// URL), or postgres://USER:PASSWORD@HOST:PORT/DATABASE.
    /// Default: psoas.db in your data directory.
    #[arg(
        long,
        global = true,
        env = "PSOAS_DATABASE_URL",
        value_name = "PATH|URL"
    )]
    pub db: Option<String>,

    /// What to do; without one, an interactive terminal offers the guided check.
    #[command(subcommand)]
    pub command: Option<Command>,
}

const AFTER_HELP: &str = "Start with `psoas check` for the guided session. \
Every command that prints data takes --json for scripts.";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole protocol, guided step by step (needs a terminal).
    Check(GuidedArgs),
    /// Continue an unfinished session where it stopped.
    Resume {
        /// Session id or its first characters; default: the latest unfinished session.
        session: Option<String>,
        #[command(flatten)]
        guided: GuidedArgs,
    },
    /// Add, list or edit profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Start, show, list or finish sessions.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Record one trial of a test.
    Record(RecordArgs),
    /// Strike out a trial taken or typed wrongly: it stays stored with why, counts for no
    /// verdict, and its side can be measured again.
    #[command(subcommand)]
    Trial(TrialCommand),
    /// Record the session's pain and habits.
    Symptoms(SymptomsArgs),
    /// Rate the pain again once the retest is done, to see whether it eased.
    PainAfter(PainAfterArgs),
    /// Record an exercise done (or skipped) in a session.
    Exercise(ExerciseArgs),
    /// Show the verdicts and the exercise plan for a session.
    Verdict(VerdictArgs),
    /// One line per session: when, tight side, weak side, pain; fits 80 columns.
    History {
        /// Only this profile (name or id).
        #[arg(long)]
        profile: Option<String>,
        /// Every column: the session id, the differences, before and after apart.
        #[arg(long)]
        wide: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export data: CSV (one row per trial), the JSON archive (which `psoas import` reads
    /// back), or a FHIR R4 Bundle for clinical records.
    Export(ExportArgs),
    /// Import a JSON archive made by `psoas export --format json`; importing it again adds
    /// nothing, and a damaged file is refused whole with the place of each problem.
    Import(ImportArgs),
    /// Draw a chart of a profile's progress (or one session) as an SVG or PNG file.
    Chart(ChartArgs),
    /// Write a printable PDF report of one session or of a profile over a period.
    Report(ReportArgs),
    /// Run the web app for phones and laptops (pages and JSON API).
    Serve(ServeArgs),
    /// Bring a database's schema up to date, or copy everything between databases.
    #[command(subcommand)]
    Db(DbCommand),
    /// The web app's accounts: set a new password for one who is locked out.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Write a consistent snapshot of a SQLite database (--db), even while it is in use.
    Backup {
        /// The new file to write; an existing file is never overwritten.
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Find the printed markers in a side photo (JPEG or PNG); with --rest, measure the
    /// thigh's rise from a rest photo to this lift photo, split into the hip's and the
    /// pelvis's parts.
    MeasurePhoto(MeasurePhotoArgs),
    /// Write the printable sheet of camera markers (a PDF): three for each side, each with
    /// where it goes, a ruler to check the print's scale, and how to take the photos.
    Markers {
        /// The PDF file to write.
        #[arg(long, value_name = "FILE", default_value = "psoas-markers.pdf")]
        out: std::path::PathBuf,
    },
    /// The thresholds and norms the verdicts use, with their sources.
    Rules {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `psoas account ...`: the web app's accounts, for whoever runs the server.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Set a new password for an account of the web app (the owner's when no --email is
    /// given), read from standard input, hidden when typed; every sign-in of the account
    /// ends. For an owner locked out of their own server: members get a reset link from the
    /// owner's Settings page instead.
    ResetPassword {
        /// The account's e-mail address (default: the owner account).
        #[arg(long, value_name = "ADDRESS")]
        email: Option<String>,
    },
    /// Show who has reached an account's records (the access log, newest first) and every
    /// note a practitioner wrote about its people: to answer the holder's request for them.
    Records {
        /// The account's e-mail address.
        #[arg(long, value_name = "ADDRESS")]
        email: String,
    },
}

/// `psoas db ...`: the database itself.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply the schema changes the database (--db) lacks, and say which.
    Migrate,
    /// Copy everything (profiles, sessions, accounts, tokens, ...) from one database into an
    /// empty one, SQLite or PostgreSQL either way, in one transaction; then check both sides
    /// hold the same rows. Safe to run again.
    Copy {
        /// The database to copy from: a file, sqlite://PATH or postgres://...
        #[arg(long, value_name = "PATH|URL")]
        from: String,
        /// The empty database to copy into: a file, sqlite://PATH or postgres://...
        #[arg(long, value_name = "PATH|URL")]
        to: String,
    },
}

/// Settings of `psoas serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on; 0.0.0.0:8080 lets phones on your network connect.
    #[arg(long, env = "PSOAS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The address people open, used in printed links (default: from --listen, with this
    /// machine's network address when listening on all interfaces).
    #[arg(long, env = "PSOAS_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Serve HTTPS with a self-signed certificate made once and kept beside the database
    /// (phones need HTTPS for the motion sensors and to keep the screen awake).
    #[arg(long, env = "PSOAS_TLS")]
    pub tls: bool,
    /// Serve HTTPS with your own certificate (PEM); needs --tls-key.
    #[arg(
        long,
        env = "PSOAS_TLS_CERT",
        requires = "tls_key",
        value_name = "FILE"
    )]
    pub tls_cert: Option<std::path::PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(
        long,
        env = "PSOAS_TLS_KEY",
        requires = "tls_cert",
        value_name = "FILE"
    )]
    pub tls_key: Option<std::path::PathBuf>,
}

/// Settings for the guided session.
#[derive(Debug, Args, Clone)]
pub struct GuidedArgs {
    /// Profile to test (name or id); default: ask.
    #[arg(long)]
    pub profile: Option<String>,
    /// Trials per side for each test of a new session (a resumed session keeps its own).
    #[arg(long, env = "PSOAS_TRIALS", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=10))]
    pub trials: u16,
    #[command(flatten)]
    pub durations: DurationArgs,
}

/// Exercise durations (defaults follow the protocol).
#[derive(Debug, Args, Clone)]
pub struct DurationArgs {
    /// Repetitions of hold and release for stretch option a.
    #[arg(long, env = "PSOAS_REPS", default_value_t = 5)]
    pub reps: u8,
    /// Seconds per hold in stretch option a.
    #[arg(long, env = "PSOAS_HOLD_SECONDS", default_value_t = 30)]
    pub hold_seconds: u32,
    /// Seconds of release between holds in stretch option a.
    #[arg(long, env = "PSOAS_RELEASE_SECONDS", default_value_t = 10)]
    pub release_seconds: u32,
    /// Seconds on the foam roller (stretch option b).
    #[arg(long, env = "PSOAS_ROLLER_SECONDS", default_value_t = 120)]
    pub roller_seconds: u32,
    /// Seconds of strengthening work (technique a or b).
    #[arg(long, env = "PSOAS_STRENGTHEN_SECONDS", default_value_t = 180)]
    pub strengthen_seconds: u32,
}

/// Profile subcommands.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add a profile.
    Add {
        /// Display name, unique.
        name: String,
        #[command(flatten)]
        details: ProfileDetails,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List profiles.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete a profile for real, with all its sessions and everything in them (asks first).
    Delete {
        /// Profile name or id.
        profile: String,
        /// Delete without asking (needed when not run on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Change a profile's details.
    Edit {
        /// Profile name or id.
        profile: String,
        /// New display name.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        details: ProfileDetails,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Optional profile details.
#[derive(Debug, Args)]
pub struct ProfileDetails {
    /// Year of birth, e.g. 1984.
    #[arg(long)]
    pub birth_year: Option<String>,
    /// female, male or other.
    #[arg(long)]
    pub sex: Option<String>,
    /// Leg length in cm (hip bone to heel), needed for heel-height readings.
    #[arg(long, value_name = "CM")]
    pub leg_length: Option<String>,
    /// Body height in cm; without a leg length, heel heights use 0.53 x this as the leg length.
    #[arg(long, value_name = "CM")]
    pub body_height: Option<String>,
    /// Keep the camera's photos with the trials measured from them (off unless turned on; the
    /// markers are always kept). Turned off, the photos kept so far are deleted.
    #[arg(long, value_name = "yes|no")]
    pub keep_photos: Option<YesNo>,
}

/// Session subcommands.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Start a session; the red-flag screening is answered here.
    New {
        /// Profile name or id.
        #[arg(long)]
        profile: String,
        /// Red flags answered yes, comma-separated, or 'none'. See `psoas session new --help`.
        ///
        /// Flags: spreading-leg-symptoms, bladder-bowel-or-saddle, fever-or-weight-loss,
        /// recent-fall-or-surgery, pregnancy, severe-rest-pain. Any flag stops the session.
        #[arg(long, value_name = "none|FLAG,...")]
        red_flags: String,
        /// Trials per side each test takes in this session.
        #[arg(long, env = "PSOAS_TRIALS", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=10))]
        trials: u16,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show a session with its measurements and verdicts.
    Show {
        /// Session id or its first characters.
        session: String,
        /// Also say how each verdict was decided: every reason, with the numbers and the rules.
        #[arg(long)]
        explain: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List sessions.
    List {
        /// Only this profile (name or id).
        #[arg(long)]
        profile: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete a session for real, with everything recorded in it (asks first).
    Delete {
        /// Session id or its first characters.
        session: String,
        /// Delete without asking (needed when not run on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Mark a session finished.
    Finish {
        /// Session id or its first characters.
        session: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Arguments of `psoas record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Session id or its first characters.
    pub session: String,
    /// leg-raise or strength.
    #[arg(long)]
    pub test: String,
    /// left or right.
    #[arg(long)]
    pub side: String,
    /// The value: '35', '35 deg', '20 cm', '4' (grade), '150 N', '15 kgf', 'held', 'gave way'.
    /// May be left out with --hurt, --series or --photo.
    #[arg(long, allow_hyphen_values = true)]
    pub value: Option<String>,
    /// A leg raise recorded by the phone inclinometer: a JSON file of orientation readings
    /// (see docs/json.md); the held angle is found in it, or the reason it cannot be used is
    /// given and nothing is stored. The method is then phone-inclinometer.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["value", "method"])]
    pub series: Option<std::path::PathBuf>,
    /// A leg raise measured by the camera with printed markers: the photo at the top of the
    /// lift (JPEG or PNG), with --rest the photo with the leg resting, both from the same
    /// place. The rise is found from the markers, or the reason the photos cannot be used is
    /// given and nothing is stored; the markers are kept with the trial, the photos are not.
    /// The method is then camera-markers.
    #[arg(
        long,
        value_name = "FILE",
        requires = "rest",
        conflicts_with_all = ["value", "method", "series", "hurt"]
    )]
    pub photo: Option<std::path::PathBuf>,
    /// The photo with the leg resting on the table, for --photo.
    #[arg(long, value_name = "FILE", requires = "photo")]
    pub rest: Option<std::path::PathBuf>,
    /// How it was measured; default: goniometer for leg raise, helpers-feel for strength
    /// (dynamometer when the value has a force unit, tape-measure for cm).
    #[arg(long)]
    pub method: Option<String>,
    /// Trial number; default: the next one on that side.
    #[arg(long)]
    pub trial: Option<u16>,
    /// Phase; default: from the exercises recorded so far.
    #[arg(long)]
    pub phase: Option<String>,
    /// The subject felt pain during the trial (ends the test).
    #[arg(long)]
    pub hurt: bool,
    /// Keep an unusual value (beyond what a body does, or far from the side's other trials)
    /// that was checked and is right; it is stored flagged.
    #[arg(long)]
    pub confirm: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `psoas trial ...`: one trial already recorded.
#[derive(Debug, Subcommand)]
pub enum TrialCommand {
    /// Strike out one trial of an unfinished session (before an exercise was chosen from it).
    Void(VoidArgs),
    /// Delete one struck-out trial for real (asks first); strike it out with 'void' first.
    Delete(DeleteTrialArgs),
}

/// Arguments of `psoas trial delete`.
#[derive(Debug, Args)]
pub struct DeleteTrialArgs {
    /// Session id or its first characters.
    pub session: String,
    /// leg-raise or strength.
    #[arg(long)]
    pub test: String,
    /// left or right.
    #[arg(long)]
    pub side: String,
    /// The trial's number, as 'psoas session show' lists it.
    #[arg(long)]
    pub trial: u16,
    /// Phase; default: the latest one with that trial.
    #[arg(long)]
    pub phase: Option<String>,
    /// Delete without asking (needed when not run on a terminal).
    #[arg(long)]
    pub yes: bool,
}

/// Arguments of `psoas trial void`.
#[derive(Debug, Args)]
pub struct VoidArgs {
    /// Session id or its first characters.
    pub session: String,
    /// leg-raise or strength.
    #[arg(long)]
    pub test: String,
    /// left or right.
    #[arg(long)]
    pub side: String,
    /// The trial's number, as 'psoas session show' lists it.
    #[arg(long)]
    pub trial: u16,
    /// Phase; default: the latest one with that trial.
    #[arg(long)]
    pub phase: Option<String>,
    /// Why: typo, not-held-at-top, pelvis-lifted, or other (with --note).
    #[arg(long)]
    pub reason: String,
    /// A few words on why (needed with --reason other), at most 200 characters.
    #[arg(long, allow_hyphen_values = true)]
    pub note: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `psoas pain-after`.
#[derive(Debug, Args)]
pub struct PainAfterArgs {
    /// Session id or its first characters.
    pub session: String,
    /// Low back pain now, 0-10.
    #[arg(long)]
    pub back_pain: String,
    /// Pelvic pain now, 0-10.
    #[arg(long)]
    pub pelvic_pain: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `psoas symptoms`.
#[derive(Debug, Args)]
pub struct SymptomsArgs {
    /// Session id or its first characters.
    pub session: String,
    /// Low back pain now, 0-10.
    #[arg(long)]
    pub back_pain: String,
    /// Pelvic pain now, 0-10.
    #[arg(long)]
    pub pelvic_pain: String,
    /// Hours of sitting on a usual day.
    #[arg(long)]
    pub sitting_hours: String,
    /// Sit-ups in a usual week.
    #[arg(long, default_value = "0")]
    pub situps_per_week: String,
    /// Does a back-extension movement follow the sit-ups?
    #[arg(long, value_enum)]
    pub extension_after_situps: Option<YesNo>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `psoas measure-photo`.
#[derive(Debug, Args)]
pub struct MeasurePhotoArgs {
    /// The photo: with --rest, the one at the top of the lift.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// The photo with the leg resting on the table, taken from the same place.
    #[arg(long, value_name = "REST")]
    pub rest: Option<std::path::PathBuf>,
    /// The side photographed (default: the side whose three markers the photo shows).
    #[arg(long)]
    pub side: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// yes or no.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum YesNo {
    /// Yes.
    Yes,
    /// No.
    No,
}

/// Arguments of `psoas exercise`.
#[derive(Debug, Args)]
pub struct ExerciseArgs {
    /// Session id or its first characters.
    pub session: String,
    /// stretch or strengthen.
    #[arg(long)]
    pub step: String,
    /// Stretch option (a edge-of-bed, b foam-roller) or strengthening technique
    /// (a abdomen on the strong side, b glute on the weak side).
    #[arg(long)]
    pub variant: Option<String>,
    /// The tight side for a stretch, the weak side for strengthening; default: from the verdict.
    #[arg(long)]
    pub side: Option<String>,
    /// completed, stopped, skipped or not-needed.
    #[arg(long, default_value = "completed")]
    pub outcome: String,
    /// Seconds done; default: the whole planned time when completed, 0 when skipped.
    #[arg(long)]
    pub seconds: Option<u32>,
    /// A note, e.g. why it was skipped.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub durations: DurationArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `psoas verdict`.
#[derive(Debug, Args)]
pub struct VerdictArgs {
    /// Session id or its first characters.
    pub session: String,
    /// Phase to judge; default: the first phase each test was done in.
    #[arg(long)]
    pub phase: Option<String>,
    /// Stretch option for the plan: a (edge of bed) or b (foam roller).
    #[arg(long, default_value = "a")]
    pub stretch: String,
    /// Strengthening technique for the plan: a (abdomen, strong side) or b (glute, weak side).
    #[arg(long, default_value = "b")]
    pub technique: String,
    #[command(flatten)]
    pub durations: DurationArgs,
    /// Also say how each verdict was decided: every reason, with the numbers and the rules.
    #[arg(long)]
    pub explain: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `psoas export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv (one row per trial), json (the full archive, for import) or fhir (FHIR R4 Bundle).
    #[arg(long, value_name = "csv|json|fhir")]
    pub format: String,
    /// Only this profile (name or id); default: every profile.
    #[arg(long)]
    pub profile: Option<String>,
    /// Write to this file instead of standard output (it appears only once complete).
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Put the camera's kept photos into the JSON archive too (only json carries photos).
    #[arg(long)]
    pub with_photos: bool,
}

/// Arguments of `psoas import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The archive: a file written by `psoas export --format json`.
    pub file: std::path::PathBuf,
    /// Print what was added as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `psoas chart`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// leg-raise, difference (with the "no clear difference" band), strength, pain, or
    /// before-after (one session's retest).
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// The profile (name or id); needed unless --session is given.
    #[arg(long)]
    pub profile: Option<String>,
    /// One session (id or its first characters) instead of a profile's whole history.
    #[arg(long)]
    pub session: Option<String>,
    /// The file to write: .svg or .png.
    #[arg(long, value_name = "FILE")]
    pub out: std::path::PathBuf,
    /// Width in pixels of a PNG; an SVG takes width and height as its proportions and fills
    /// whatever it is shown in.
    #[arg(long, default_value_t = 800, value_parser = clap::value_parser!(u32).range(200..=4000))]
    pub width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 450, value_parser = clap::value_parser!(u32).range(150..=4000))]
    pub height: u32,
}

/// Arguments of `psoas report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The profile (name or id), for a report over a period; needed unless --session is given.
    #[arg(long)]
    pub profile: Option<String>,
    /// One session (id or its first characters) instead of a period.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub session: Option<String>,
    /// First day of the period (YYYY-MM-DD, UTC); default: the first session.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the period (YYYY-MM-DD, UTC), included; default: the latest session.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// The PDF file to write; default: the person's name and the period in the current
    /// folder, e.g. psoas-Anna-2026-10-01-to-2026-11-30.pdf.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}
