//! The order of the guided session; which step comes next is always read from the stored
//! session, so `psoas resume` continues exactly where an interruption left off.

use psoas_core::guide::{self, ABDOMEN_CAUTION, DISCLAIMER};
use psoas_core::plan::{plan_strengthen, plan_stretch, total_seconds};
use psoas_core::plausibility::Entry;
use psoas_core::{
    DisplayName, Durations, ExerciseOutcome, ExerciseRecord, ExerciseStep, Finding, Method,
    NextStep, Pain, PainAfter, Phase, PlanStep, Profile, RULES, Reading, RedFlag, Screening,
    Session, SessionRecord, SessionStatus, Side, StrengthenTechnique, StretchOption, Symptoms,
    Test,
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
use crate::render::{change_lines, comparison_table, explanation_lines, verdict_lines};
use crate::words::guided as say;
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
        Err(CliError::Usage(say::NEEDS_TERMINAL.to_string()))
    }
}

fn banner() {
    println!("{}", say::BANNER);
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
                &say::continue_it(profile.name.as_str(), record.session.started_at),
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
    let mut options = vec![(HomeChoice::Check, say::HOME_CHECK.to_string())];
    if unfinished {
        options.push((HomeChoice::Resume, say::HOME_RESUME.to_string()));
    }
    options.push((HomeChoice::History, say::HOME_HISTORY.to_string()));
    options.push((HomeChoice::Quit, say::HOME_QUIT.to_string()));
    println!("{}", say::BANNER);
    let choice = Prompter::default().choose(say::HOME_QUESTION, &options, Some(0))?;
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
            .ok_or_else(|| CliError::Usage(say::NOTHING_TO_RESUME.to_string()))?,
    };
    if record.session.status != SessionStatus::Unfinished {
        return Err(CliError::Usage(say::not_unfinished(
            &record.session.id.short(),
            words::status(record.session.status.as_str()),
        )));
    }
    banner();
    let profile = store
        .find_profile(Scope::Terminal, &record.session.profile_id.to_string())
        .await?;
    println!(
        "{}",
        say::continuing(profile.name.as_str(), record.session.started_at)
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
        options.push((None, say::SOMEONE_NEW.to_string()));
        if let Some(profile) = ask.choose(say::WHO, &options, None)? {
            return Ok(profile);
        }
    }
    heading(say::NEW_PROFILE);
    loop {
        let name = ask.ask(say::NAME, DisplayName::parse)?;
        let leg = ask.ask_optional(say::LEG_LENGTH, parse_leg_length)?;
        // Without a measured leg length, the body height gives an estimate (0.53 x height).
        let height = match leg {
            Some(_) => None,
            None => ask.ask_optional(say::BODY_HEIGHT, parse_body_height)?,
        };
        let year = ask.ask_optional(say::BIRTH_YEAR, parse_birth_year)?;
        let sex = ask.ask_optional(say::SEX, |a| a.parse::<psoas_core::Sex>())?;
        let mut profile = Profile::new(name, year, sex, leg);
        profile.body_height_cm = height;
        match store.create_profile(Scope::Terminal, &profile).await {
            Ok(()) => {
                println!("{}", say::added(&describe(&profile)));
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
        println!("{}", say::session(&record.session.id.short()));
        loop {
            match record.next_step() {
                NextStep::Screening => self.screening(&record).await?,
                NextStep::Symptoms => self.symptoms(&record).await?,
                NextStep::PainAfter => self.pain_after(&record).await?,
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
            if self.stop_after_pain(&before, &record)? {
                return self.summary(&record).await;
            }
            record = self.offer_extra_trials(&before, record).await?;
        }
    }

    /// Where the verdict of the test just completed asks for more trials, offers them one at
    /// a time ("Take another trial on the left side (trial 4)?"), showing the verdict again
    /// after each; a "no" goes on with the protocol.
    async fn offer_extra_trials(
        &mut self,
        before: &SessionRecord,
        mut record: SessionRecord,
    ) -> CliResult<SessionRecord> {
        let NextStep::Trial { test, phase, .. } = before.next_step() else {
            return Ok(record);
        };
        while let Some(extra) = record.extra_trial(test, phase, &RULES) {
            if !self
                .ask
                .yes_no(&say::extra_trial_question(&extra.offer()), Some(true))?
            {
                break;
            }
            self.trial(&record, test, phase, extra.side, extra.trial)
                .await?;
            record = self.reload(&record).await?;
            let verdict = record.verdict(test, phase, &RULES);
            println!();
            for line in verdict_lines(&verdict, false) {
                println!("{line}");
            }
            self.ask.explain_on_request(explanation_lines(&verdict));
        }
        Ok(record)
    }

    /// When pain has just stopped a test and the protocol would go on, asks whether to go on
    /// or stop the session here; never goes on silently. True to stop.
    fn stop_after_pain(
        &mut self,
        before: &SessionRecord,
        after: &SessionRecord,
    ) -> CliResult<bool> {
        let NextStep::Trial { test, phase, .. } = before.next_step() else {
            return Ok(false);
        };
        let next = after.next_step();
        let ended_by_pain = matches!(
            after.verdict(test, phase, &RULES).finding,
            Finding::StoppedByPain { .. }
        ) && !matches!(next, NextStep::Trial { test: t, phase: p, .. } if t == test && p == phase);
        if !ended_by_pain
            || matches!(
                next,
                NextStep::PainAfter | NextStep::Summary | NextStep::Done
            )
        {
            return Ok(false);
        }
        let retest = match next {
            NextStep::Trial { test, phase, .. } => after
                .phases_with(test)
                .first()
                .is_some_and(|first| *first != phase),
            _ => false,
        };
        let options = vec![
            (false, say::go_on_after_pain(&next, retest)),
            (true, say::STOP_AFTER_PAIN.to_string()),
        ];
        self.ask.choose(say::AFTER_PAIN, &options, None)
    }

    async fn screening(&mut self, record: &SessionRecord) -> CliResult {
        heading(say::SAFETY);
        println!("{}", say::SAFETY_INTRO);
        let mut flags = Vec::new();
        // Questions that cannot apply to the person (pregnancy, for a profile recorded as
        // male) are not asked.
        for flag in RedFlag::asked_of(self.profile.sex) {
            if self.ask.yes_no(flag.question(), None)? {
                flags.push(flag);
            }
        }
        let screening = Screening::new(flags, now());
        self.store
            .save_screening(Scope::Terminal, record.session.id, &screening)
            .await?;
        if screening.is_clear() {
            println!("{}", say::NO_RED_FLAGS);
        } else {
            heading(say::STOP_HERE);
            for line in screening.stop_advice() {
                println!("{line}");
            }
            println!("{}", say::SAVED_AS_STOPPED);
        }
        Ok(())
    }

    async fn symptoms(&mut self, record: &SessionRecord) -> CliResult {
        heading(say::TODAY);
        let back = self.ask.ask(say::BACK_PAIN, Pain::parse)?;
        let pelvic = self.ask.ask(say::PELVIC_PAIN, Pain::parse)?;
        let sitting = self.ask.ask(say::SITTING, Symptoms::parse_sitting_hours)?;
        let situps = self.ask.ask(say::SITUPS, Symptoms::parse_situps)?;
        let extension = if situps > 0 {
            Some(self.ask.yes_no(say::EXTENSION, None)?)
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

    /// Pain again, now that the retest is done: the summary says whether it eased.
    async fn pain_after(&mut self, record: &SessionRecord) -> CliResult {
        heading(say::PAIN_NOW);
        let pain = PainAfter {
            back_pain: self.ask.ask(say::BACK_PAIN_NOW, Pain::parse)?,
            pelvic_pain: self.ask.ask(say::PELVIC_PAIN_NOW, Pain::parse)?,
            recorded_at: now(),
        };
        actions::record_pain_after(self.store, record, &pain).await
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
        let method = match record.method_in_use(test) {
            Some(m) => m,
            None => {
                let options: Vec<(Method, String)> = Method::typed_for(test)
                    .map(|m| (m, m.title().to_string()))
                    .collect();
                self.ask.choose(say::HOW_MEASURED, &options, Some(0))?
            }
        };
        if matches!(method, Method::TapeMeasure) && self.profile.leg_basis().is_none() {
            let leg = self.ask.ask(say::LEG_LENGTH_FOR_HEELS, parse_leg_length)?;
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
                say::RETEST
            };
            heading(&format!(
                "{retest}{} ({})",
                capital(test.title()),
                phase.title()
            ));
            let how = guide::test(test);
            instructions(&how.subject, &how.helper);
            println!("{}", wrap(&say::trials_note(trials), ""));
        }
        let method = self.choose_method(record, test, phase).await?;
        let hint = words::reading_hint_in(test, method, record.quantity_in_use(test));
        let position = record.trial_position(test, phase, side);
        let question = say::trial_question(side, position, trials, hint);
        let leg = self.profile.leg_basis();
        // An unusual value is asked about: yes keeps it, flagged; no asks for the trial again.
        let (answer, confirmed_unusual) = loop {
            let answer = self.ask.ask(&question, |text| {
                if matches!(
                    text.to_ascii_lowercase().as_str(),
                    "pain" | "p" | "hurt" | "hurts"
                ) {
                    Ok::<_, String>(None)
                } else {
                    let reading = Reading::parse_with(text, test, method, leg)
                        .map_err(|e| words::reading_error(e, test, method))?;
                    record
                        .check_comparable(test, &reading)
                        .map_err(|e| e.to_string())?;
                    Ok(Some((reading, text.trim().to_string())))
                }
            })?;
            let Some((reading, typed)) = answer else {
                break (None, false);
            };
            let entry = Entry {
                phase,
                test,
                side,
                method,
                typed: &typed,
                leg,
            };
            let Some(unusual) = record.unusual(entry, &reading, &RULES) else {
                break (Some(reading), false);
            };
            println!("  {}", wrap(&words::unusual_why(&unusual), "  "));
            if self.ask.yes_no(&unusual.question, Some(false))? {
                break (Some(reading), true);
            }
        };
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
                from: crate::actions::MeasuredFrom::Typed,
                confirmed_unusual,
            },
        )
        .await?;
        if hurt {
            println!("{}", say::PAIN_RECORDED);
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
        if !matches!(
            after.next_step(),
            NextStep::PainAfter | NextStep::Summary | NextStep::Done
        ) {
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
            say::READY,
            &[
                (true, say::start_timer(planned)),
                (false, say::SKIP_EXERCISE.to_string()),
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
        println!("{}", say::saved_exercise(&words::exercise_line(&entry)));
        Ok(())
    }

    async fn stretch(&mut self, record: &SessionRecord) -> CliResult {
        heading(say::STRETCH);
        let verdict = actions::tightness(record);
        let option = match verdict.side() {
            Some(side) => self.ask.choose(
                &say::stretch_question(side),
                &[
                    (
                        StretchOption::EdgeOfBed,
                        say::stretch_a(
                            self.durations.reps,
                            self.durations.hold_seconds,
                            self.durations.release_seconds,
                        ),
                    ),
                    (
                        StretchOption::FoamRoller,
                        say::stretch_b(self.durations.roller_seconds),
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
        heading(say::STRENGTHEN);
        let verdict = actions::weakness(record);
        let technique = match verdict.side() {
            Some(weak) => {
                println!("{}", wrap(ABDOMEN_CAUTION, ""));
                self.ask.choose(
                    &say::strengthen_question(weak),
                    &[
                        (
                            StrengthenTechnique::AbdomenStrongSide,
                            say::strengthen_a(weak),
                        ),
                        (StrengthenTechnique::GluteWeakSide, say::strengthen_b(weak)),
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
        heading(say::SUMMARY);
        let comparisons = record.comparisons(&RULES);
        println!("{}", comparison_table(&comparisons));
        for line in change_lines(&comparisons) {
            println!("{line}");
        }
        if let Some(change) = record.pain_change(&RULES) {
            println!("{}", words::PAIN_TITLE);
            for line in words::pain_change_lines(&change) {
                println!("{}", wrap(&format!("- {line}"), "  "));
            }
        }
        for exercise in record.exercises.iter().filter(|e| e.exercise.is_some()) {
            println!("{}", say::summary_exercise(&words::exercise_line(exercise)));
        }
        println!("{}", say::explain_later(&record.session.id.short()));
        println!("{}", say::SAVED);
        Ok(())
    }
}
