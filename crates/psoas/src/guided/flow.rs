//! The order of the guided session; which step comes next is always read from the stored
//! session, so `psoas resume` continues exactly where an interruption left off.

use psoas_core::guide::{self, ABDOMEN_CAUTION, DISCLAIMER};
use psoas_core::plan::{plan_strengthen, plan_stretch, total_seconds};
use psoas_core::{
    DisplayName, Durations, ExerciseOutcome, ExerciseRecord, ExerciseStep, Method, NextStep, Pain,
    Phase, PlanStep, Profile, RULES, Reading, RedFlag, Screening, Session, SessionRecord,
    SessionStatus, Side, StrengthenTechnique, StretchOption, Symptoms, Test,
};
use psoas_store::{Scope, Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;

use super::prompt::{Prompter, heading, instructions, wrap};
use super::timer::{self, TimerEnd};
use crate::actions::{self, TrialEntry, now};
use crate::cli::GuidedArgs;
use crate::commands::profile::{describe, parse_birth_year, parse_body_height, parse_leg_length};
use crate::error::{CliError, CliResult};
use crate::render::{comparison_table, explanation_lines, verdict_lines};
use crate::words::{self, capital};

struct Guide<'a> {
    store: &'a dyn Store,
    ask: Prompter,
    durations: Durations,
    profile: Profile,
    methods: HashMap<(Test, Phase), Method>,
    /// Tests whose instructions were shown in this run (a resumed test shows them again).
    introduced: HashSet<(Test, Phase)>,
}

/// Refuses to start the guided session without an interactive terminal.
pub fn require_terminal() -> CliResult {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(CliError::Usage(
            "the guided check needs an interactive terminal; in scripts use the commands \
             'psoas session new', 'psoas record', 'psoas symptoms', 'psoas exercise' and \
             'psoas verdict' (see psoas --help)"
                .to_string(),
        ))
    }
}

fn banner() {
    println!("psoas - guided hip flexor check and fix");
    println!();
    println!("{}", wrap(DISCLAIMER, ""));
}

/// Runs `psoas check`: pick or create a profile, then the whole protocol.
pub async fn check(store: &dyn Store, args: GuidedArgs) -> CliResult {
    require_terminal()?;
    let durations = actions::durations(&args.durations)?;
    banner();
    let mut ask = Prompter::default();
    let profile = match &args.profile {
        Some(key) => store.find_profile(Scope::Terminal, key).await?,
        None => pick_profile(store, &mut ask).await?,
    };
    let unfinished = store
        .list_sessions(Scope::Terminal, Some(profile.id))
        .await?
        .into_iter()
        .rev()
        .find(|r| r.session.status == SessionStatus::Unfinished);
    let record = match unfinished {
        Some(record)
            if ask.yes_no(
                &format!(
                    "{} has an unfinished session from {}. Continue it?",
                    profile.name,
                    record.session.started_at.strftime("%Y-%m-%d %H:%M UTC")
                ),
                Some(true),
            )? =>
        {
            record
        }
        _ => {
            let session = Session::start(profile.id, now(), args.trials)?;
            store.create_session(Scope::Terminal, &session).await?;
            store.session(Scope::Terminal, session.id).await?
        }
    };
    let mut guide = Guide {
        store,
        ask,
        durations,
        profile,
        methods: HashMap::new(),
        introduced: HashSet::new(),
    };
    guide.run(record).await
}

/// What `psoas` typed alone in a terminal offers.
#[derive(Clone, Copy)]
enum HomeChoice {
    Check,
    Resume,
    History,
    Quit,
}

/// Runs `psoas` typed alone: offers the guided check, resuming, or the history.
pub async fn home(store: &dyn Store, args: GuidedArgs) -> CliResult {
    require_terminal()?;
    let unfinished = store
        .list_sessions(Scope::Terminal, None)
        .await?
        .into_iter()
        .any(|r| r.session.status == SessionStatus::Unfinished);
    let mut options = vec![(HomeChoice::Check, "Start a guided check".to_string())];
    if unfinished {
        options.push((
            HomeChoice::Resume,
            "Continue an unfinished session".to_string(),
        ));
    }
    options.push((HomeChoice::History, "Show the history".to_string()));
    options.push((HomeChoice::Quit, "Quit".to_string()));
    println!("psoas - guided hip flexor check and fix");
    let choice = Prompter::default().choose("What would you like to do?", &options, Some(0))?;
    match choice {
        HomeChoice::Check => check(store, args).await,
        HomeChoice::Resume => resume(store, None, args).await,
        HomeChoice::History => crate::commands::verdict::history(store, None, false, false).await,
        HomeChoice::Quit => Ok(()),
    }
}

/// Runs `psoas resume`: continue a given or the latest unfinished session.
pub async fn resume(store: &dyn Store, session: Option<String>, args: GuidedArgs) -> CliResult {
    require_terminal()?;
    let durations = actions::durations(&args.durations)?;
    let record = match session {
        Some(key) => store.find_session(Scope::Terminal, &key).await?,
        None => store
            .list_sessions(Scope::Terminal, None)
            .await?
            .into_iter()
            .filter(|r| r.session.status == SessionStatus::Unfinished)
            .max_by_key(|r| r.session.started_at)
            .ok_or_else(|| {
                CliError::Usage(
                    "there is no unfinished session to resume; start one with 'psoas check'"
                        .to_string(),
                )
            })?,
    };
    if record.session.status != SessionStatus::Unfinished {
        return Err(CliError::Usage(format!(
            "session {} is {}, not unfinished; start a new one with 'psoas check'",
            record.session.id.short(),
            words::status(record.session.status.as_str())
        )));
    }
    banner();
    let profile = store
        .find_profile(Scope::Terminal, &record.session.profile_id.to_string())
        .await?;
    println!(
        "Continuing {}'s session from {}.",
        profile.name,
        record.session.started_at.strftime("%Y-%m-%d %H:%M UTC")
    );
    let mut guide = Guide {
        store,
        ask: Prompter::default(),
        durations,
        profile,
        methods: HashMap::new(),
        introduced: HashSet::new(),
    };
    guide.run(record).await
}

async fn pick_profile(store: &dyn Store, ask: &mut Prompter) -> CliResult<Profile> {
    let profiles = store.list_profiles(Scope::Terminal).await?;
    if !profiles.is_empty() {
        let mut options: Vec<(Option<Profile>, String)> = profiles
            .iter()
            .map(|p| (Some(p.clone()), describe(p)))
            .collect();
        options.push((None, "Someone new".to_string()));
        if let Some(profile) = ask.choose("Who is being tested?", &options, None)? {
            return Ok(profile);
        }
    }
    heading("New profile");
    loop {
        let name = ask.ask("Name of the person being tested:", DisplayName::parse)?;
        let leg = ask.ask_optional(
            "Leg length in cm, from the bony point of the hip to the heel (Enter to skip; \
             needed to turn heel heights into angles):",
            parse_leg_length,
        )?;
        // Without a measured leg length, the body height gives an estimate (0.53 x height).
        let height = match leg {
            Some(_) => None,
            None => ask.ask_optional(
                "Body height in cm (Enter to skip; the leg length is then estimated from it):",
                parse_body_height,
            )?,
        };
        let year = ask.ask_optional("Year of birth (Enter to skip):", parse_birth_year)?;
        let sex = ask.ask_optional("Sex: female, male or other (Enter to skip):", |a| {
            a.parse::<psoas_core::Sex>()
        })?;
        let mut profile = Profile::new(name, year, sex, leg);
        profile.body_height_cm = height;
        match store.create_profile(Scope::Terminal, &profile).await {
            Ok(()) => {
                println!("Added {}.", describe(&profile));
                return Ok(profile);
            }
            Err(StoreError::Conflict(message)) => println!("  ! {message}."),
            Err(other) => return Err(other.into()),
        }
    }
}

impl Guide<'_> {
    async fn reload(&self, record: &SessionRecord) -> CliResult<SessionRecord> {
        Ok(self
            .store
            .session(Scope::Terminal, record.session.id)
            .await?)
    }

    async fn run(&mut self, mut record: SessionRecord) -> CliResult {
        println!("Session {}", record.session.id.short());
        loop {
            match record.next_step() {
                NextStep::Screening => self.screening(&record).await?,
                NextStep::Symptoms => self.symptoms(&record).await?,
                NextStep::Trial {
                    test,
                    phase,
                    side,
                    trial,
                } => self.trial(&record, test, phase, side, trial).await?,
                NextStep::Stretch => self.stretch(&record).await?,
                NextStep::Strengthen => self.strengthen(&record).await?,
                NextStep::Summary => return self.summary(&record).await,
                // The screening step has already said why a red flag stops the session.
                NextStep::Done => return Ok(()),
            }
            let before = record;
            record = self.reload(&before).await?;
            self.announce_verdicts(&before, &record);
        }
    }

    async fn screening(&mut self, record: &SessionRecord) -> CliResult {
        heading("Safety questions");
        println!("Before any test: answer each question for the person being tested.");
        let mut flags = Vec::new();
        for flag in RedFlag::ALL {
            if self.ask.yes_no(flag.question(), None)? {
                flags.push(flag);
            }
        }
        let screening = Screening::new(flags, now());
        self.store
            .save_screening(Scope::Terminal, record.session.id, &screening)
            .await?;
        if screening.is_clear() {
            println!("No red flags. Let's go on.");
        } else {
            heading("Please stop here");
            for line in screening.stop_advice() {
                println!("{line}");
            }
            println!("The session is saved as stopped at screening.");
        }
        Ok(())
    }

    async fn symptoms(&mut self, record: &SessionRecord) -> CliResult {
        heading("How are things today?");
        let back = self.ask.ask(
            "Low back pain right now, 0 (none) to 10 (worst):",
            Pain::parse,
        )?;
        let pelvic = self
            .ask
            .ask("Pelvic pain right now, 0 to 10:", Pain::parse)?;
        let sitting = self.ask.ask(
            "Hours spent sitting on a usual day:",
            Symptoms::parse_sitting_hours,
        )?;
        let situps = self.ask.ask(
            "Sit-ups or crunches in a usual week (0 if none):",
            Symptoms::parse_situps,
        )?;
        let extension = if situps > 0 {
            Some(self.ask.yes_no(
                "Do you follow them with a backward-bending (extension) movement?",
                None,
            )?)
        } else {
            None
        };
        let symptoms = Symptoms::new(back, pelvic, sitting, situps, extension, now())?;
        actions::record_symptoms(self.store, record, &symptoms).await?;
        for note in symptoms.risk_notes() {
            println!("  Note: {note}");
        }
        Ok(())
    }

    async fn choose_method(
        &mut self,
        record: &SessionRecord,
        test: Test,
        phase: Phase,
    ) -> CliResult<Method> {
        if let Some(method) = self.methods.get(&(test, phase)) {
            return Ok(*method);
        }
        // A retest, or a test resumed half-way, keeps the method already used: only like
        // can be compared with like.
        let remembered = record
            .measurements
            .iter()
            .rev()
            .find(|m| m.test == test)
            .map(|m| m.method);
        let method = match remembered {
            Some(m) => m,
            None => {
                let options: Vec<(Method, String)> = Method::typed_for(test)
                    .map(|m| (m, m.title().to_string()))
                    .collect();
                self.ask
                    .choose("How will the helper measure?", &options, Some(0))?
            }
        };
        if matches!(method, Method::TapeMeasure) && self.profile.leg_basis().is_none() {
            let leg = self.ask.ask(
                "Heel heights need the leg length: cm from the bony point of the hip to the heel:",
                parse_leg_length,
            )?;
            self.profile.leg_length_cm = Some(leg);
            self.store
                .update_profile(Scope::Terminal, &self.profile)
                .await?;
        }
        self.methods.insert((test, phase), method);
        Ok(method)
    }

    async fn trial(
        &mut self,
        record: &SessionRecord,
        test: Test,
        phase: Phase,
        side: Side,
        trial: u16,
    ) -> CliResult {
        let trials = record.session.trials_per_side;
        if self.introduced.insert((test, phase)) {
            let retest = if phase == record.phases_with(test).first().copied().unwrap_or(phase) {
                ""
            } else {
                "Retest: "
            };
            heading(&format!(
                "{retest}{} ({})",
                capital(test.title()),
                phase.title()
            ));
            let how = guide::test(test);
            instructions(&how.subject, &how.helper);
            let note = format!(
                "Do {} per side, alternating sides. Type 'pain' instead of a value if it hurts: \
                 that ends the test.",
                words::count(usize::from(trials), "trial", "trials")
            );
            println!("{}", wrap(&note, ""));
        }
        let method = self.choose_method(record, test, phase).await?;
        let question = format!(
            "{} side, trial {trial} of {trials} - {}:",
            capital(side.as_str()),
            words::reading_hint(test, method)
        );
        let leg = self.profile.leg_basis();
        let answer = self.ask.ask(&question, |text| {
            if matches!(
                text.to_ascii_lowercase().as_str(),
                "pain" | "p" | "hurt" | "hurts"
            ) {
                Ok(None)
            } else {
                Reading::parse_with(text, test, method, leg)
                    .map(Some)
                    .map_err(|e| words::reading_error(e, test, method))
            }
        })?;
        let hurt = answer.is_none();
        actions::record_trial(
            self.store,
            record,
            TrialEntry {
                phase: Some(phase),
                test,
                side,
                trial: Some(trial),
                method,
                reading: answer,
                hurt,
                series: None,
            },
        )
        .await?;
        if hurt {
            println!(
                "  Pain recorded. This test stops here; no side is called from it. Rest, and do \
                 not push into pain."
            );
        }
        Ok(())
    }

    /// Prints a test's verdict once its last trial is in; "?" at the next question shows how it
    /// was decided.
    fn announce_verdicts(&mut self, before: &SessionRecord, after: &SessionRecord) {
        let NextStep::Trial { test, phase, .. } = before.next_step() else {
            return;
        };
        let still_testing = matches!(
            after.next_step(),
            NextStep::Trial { test: t, phase: p, .. } if t == test && p == phase
        );
        if still_testing {
            return;
        }
        println!();
        let verdict = after.verdict(test, phase, &RULES);
        for line in verdict_lines(&verdict, false) {
            println!("{line}");
        }
        if !matches!(after.next_step(), NextStep::Summary | NextStep::Done) {
            println!("  {}", words::EXPLAIN_GUIDED);
        }
        self.ask.explain_on_request(explanation_lines(&verdict));
    }

    async fn exercise(
        &mut self,
        record: &SessionRecord,
        step: ExerciseStep,
        plan: PlanStep,
    ) -> CliResult {
        let exercise = match plan {
            PlanStep::NotNeeded { reason } => {
                println!("{}", wrap(&reason, ""));
                let entry = ExerciseRecord::new(
                    step,
                    None,
                    0,
                    0,
                    ExerciseOutcome::NotNeeded,
                    Some(reason),
                    now(),
                )?;
                return actions::record_exercise(self.store, record, &entry).await;
            }
            PlanStep::Do { exercise, .. } => exercise,
        };
        let timer = self.durations.timer(&exercise);
        let planned = total_seconds(&timer);
        heading(&exercise.title());
        let how = exercise.instructions();
        instructions(&how.subject, &how.helper);
        let go = self.ask.choose(
            "Ready?",
            &[
                (true, format!("Start the {} timer", words::clock(planned))),
                (false, "Skip this exercise".to_string()),
            ],
            Some(0),
        )?;
        let (outcome, done) = if !go {
            (ExerciseOutcome::Skipped, 0)
        } else {
            match timer::run(&timer)? {
                TimerEnd::Completed => (ExerciseOutcome::Completed, planned),
                TimerEnd::Skipped(0) => (ExerciseOutcome::Skipped, 0),
                TimerEnd::Skipped(done) => (ExerciseOutcome::Stopped, done.min(planned)),
            }
        };
        let entry = ExerciseRecord::new(step, Some(exercise), planned, done, outcome, None, now())?;
        actions::record_exercise(self.store, record, &entry).await?;
        println!("Saved: {}.", words::exercise_line(&entry));
        Ok(())
    }

    async fn stretch(&mut self, record: &SessionRecord) -> CliResult {
        heading("Stretch");
        let verdict = actions::tightness(record);
        let option = match verdict.side() {
            Some(side) => self.ask.choose(
                &format!("Stretch the {side} (tight) side. Which way?"),
                &[
                    (
                        StretchOption::EdgeOfBed,
                        format!(
                            "a: edge of a bed, leg hanging down - {} × {} hold, {} release",
                            self.durations.reps,
                            words::clock(self.durations.hold_seconds),
                            words::clock(self.durations.release_seconds)
                        ),
                    ),
                    (
                        StretchOption::FoamRoller,
                        format!(
                            "b: foam roller under the buttock - {}",
                            words::clock(self.durations.roller_seconds)
                        ),
                    ),
                ],
                Some(0),
            )?,
            None => StretchOption::EdgeOfBed,
        };
        let plan = plan_stretch(&verdict, option, &self.durations);
        self.exercise(record, ExerciseStep::Stretch, plan).await
    }

    async fn strengthen(&mut self, record: &SessionRecord) -> CliResult {
        heading("Strengthen");
        let verdict = actions::weakness(record);
        let technique = match verdict.side() {
            Some(weak) => {
                println!("{}", wrap(ABDOMEN_CAUTION, ""));
                self.ask.choose(
                    &format!("Strengthen the {weak} (weak) side. Which technique?"),
                    &[
                        (
                            StrengthenTechnique::AbdomenStrongSide,
                            format!(
                                "a: helper works the belly on the {} (strong) side",
                                weak.other()
                            ),
                        ),
                        (
                            StrengthenTechnique::GluteWeakSide,
                            format!("b: helper works the buttock on the {weak} (weak) side"),
                        ),
                    ],
                    Some(1),
                )?
            }
            None => StrengthenTechnique::GluteWeakSide,
        };
        let plan = plan_strengthen(&verdict, technique, &self.durations);
        self.exercise(record, ExerciseStep::Strengthen, plan).await
    }

    async fn summary(&mut self, record: &SessionRecord) -> CliResult {
        self.store
            .finish_session(Scope::Terminal, record.session.id, now())
            .await?;
        heading("Before and after");
        let comparisons = record.comparisons(&RULES);
        println!("{}", comparison_table(&comparisons));
        for exercise in record.exercises.iter().filter(|e| e.exercise.is_some()) {
            println!("Exercise: {}", words::exercise_line(exercise));
        }
        println!(
            "How each verdict was decided: psoas session show {} --explain",
            record.session.id.short()
        );
        println!("Saved. Repeat over the coming days and watch the sides even out: psoas history");
        Ok(())
    }
}
