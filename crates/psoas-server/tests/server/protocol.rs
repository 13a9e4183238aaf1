//! The protocol pages against a real server, on SQLite and on PostgreSQL, driven the way a browser
//! posts the forms: the whole check, red flags, bad input, CSRF, other accounts, resuming and
//! escaping.

mod camera;

use crate::common::{Backend, TestApp, both_backends, csrf_of, spawn_app};
use psoas_core::{ExerciseOutcome, Phase, RedFlag, SessionId, SessionRecord, SessionStatus, Test};
use psoas_store::Scope;
use reqwest::{Client, Response};
use uuid::Uuid;

/// A signed-in browser working through one session.
struct Browser<'a> {
    app: &'a TestApp,
    client: Client,
    csrf: String,
}

/// The value of a form field named `name` in a page.
fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {html}"))
        + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

impl<'a> Browser<'a> {
    async fn owner(app: &'a TestApp) -> Browser<'a> {
        let client = app.owner("olga@example.org").await;
        let csrf = app.csrf(&client).await;
        Browser { app, client, csrf }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(self.app.url(path)).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    async fn page(&self, path: &str) -> String {
        let (status, page) = self.get(path).await;
        assert_eq!(status, 200, "{path}: {page}");
        page
    }

    /// Posts a form with this browser's CSRF token added.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.app.url(path))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// Adds a profile through the home page; returns its id.
    async fn add_profile(&self, name: &str) -> String {
        let response = self.post("/profiles", &[("name", name)]).await;
        assert_eq!(response.status(), 303);
        let home = self.page("/").await;
        let marker = "action=\"/profiles/";
        let start = home.rfind(marker).expect("a start form") + marker.len();
        home[start..start + 36].to_string()
    }

    /// Starts a check for a profile; returns the session's page path.
    async fn start(&self, profile: &str) -> String {
        let response = self
            .post(&format!("/profiles/{profile}/sessions"), &[])
            .await;
        assert_eq!(response.status(), 303);
        let path = location(&response);
        assert!(path.starts_with("/sessions/"), "{path}");
        path
    }

    async fn screening_clear(&self, session: &str) {
        let answers: Vec<(&str, &str)> = psoas_core::RedFlag::ALL
            .iter()
            .map(|f| (f.as_str(), "no"))
            .collect();
        let response = self.post(&format!("{session}/screening"), &answers).await;
        assert_eq!(response.status(), 303);
    }

    async fn symptoms(&self, session: &str) {
        let response = self
            .post(
                &format!("{session}/symptoms"),
                &[
                    ("back_pain", "3"),
                    ("pelvic_pain", "2"),
                    ("sitting_hours", "8"),
                    ("situps", "20"),
                    ("extension", "no"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
    }

    /// Posts the trial the page asks for, with the given value; returns the response.
    async fn trial(&self, session: &str, value: &str) -> Response {
        let page = self.page(session).await;
        self.trial_on(session, &page, &[("value", value)]).await
    }

    async fn trial_on(&self, session: &str, page: &str, extra: &[(&str, &str)]) -> Response {
        let (test, phase, side, trial, method) = (
            field(page, "test"),
            field(page, "phase"),
            field(page, "side"),
            field(page, "trial"),
            field(page, "method"),
        );
        let mut fields = vec![
            ("test", test.as_str()),
            ("phase", phase.as_str()),
            ("side", side.as_str()),
            ("trial", trial.as_str()),
            ("method", method.as_str()),
        ];
        fields.extend_from_slice(extra);
        self.post(&format!("{session}/trials"), &fields).await
    }

    /// Enters a whole test: values per side, alternating as the pages ask; returns where the
    /// last trial redirects.
    async fn test(&self, session: &str, left: &[&str], right: &[&str]) -> String {
        let (mut l, mut r) = (left.iter(), right.iter());
        let mut last = String::new();
        for _ in 0..left.len() + right.len() {
            let page = self.page(session).await;
            let value = match field(&page, "side").as_str() {
                "left" => l.next().unwrap(),
                _ => r.next().unwrap(),
            };
            let response = self.trial_on(session, &page, &[("value", value)]).await;
            assert_eq!(response.status(), 303, "{value}");
            last = location(&response);
        }
        last
    }
}

fn session_id(path: &str) -> SessionId {
    SessionId(Uuid::parse_str(path.trim_start_matches("/sessions/")).unwrap())
}

async fn stored(app: &TestApp, path: &str) -> SessionRecord {
    app.store
        .session(Scope::Terminal, session_id(path))
        .await
        .unwrap()
}

async fn the_whole_protocol_runs_through_the_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("Anna").await;
    let s = b.start(&profile).await;

    // Screening: six yes/no pairs, none preselected.
    let page = b.page(&s).await;
    assert!(page.contains("Safety questions"), "{page}");
    assert_eq!(page.matches("type=\"radio\"").count(), 12);
    assert!(!page.contains("checked"));
    b.screening_clear(&s).await;

    let page = b.page(&s).await;
    assert!(page.contains("How are things today?"), "{page}");
    b.symptoms(&s).await;

    // The leg-raise test: instructions for both roles, then the method, chosen once.
    let page = b.page(&s).await;
    assert!(page.contains("How will the helper measure?"), "{page}");
    assert!(page.contains("class=\"roles\""));
    assert!(page.contains("Subject") && page.contains("Helper"));
    assert!(
        page.contains("Sit-ups without a backward-bending"),
        "risk note shown"
    );
    let page = b.page(&format!("{s}?method=goniometer")).await;
    assert!(page.contains("Left side"), "{page}");
    let first = b.trial_on(&s, &page, &[("value", "12")]).await;
    assert_eq!(first.status(), 303);
    let page = b.page(&s).await;
    assert_eq!(field(&page, "method"), "goniometer", "remembered");
    assert_eq!(field(&page, "side"), "right");
    let result = b.test(&s, &["14", "13"], &["25 deg", "24", "26"]).await;
    assert_eq!(result, format!("{s}/results/leg_raise/baseline"));
    let verdict = b.page(&result).await;
    assert!(verdict.contains("Tight side: left"), "{verdict}");
    assert!(verdict.contains("class=\"headline\""));
    // How sure, with the goniometer's error: 1.96 x 4.5° x √(1/3 + 1/3) = 7.2° against 12°.
    assert!(verdict.contains("How sure: clear."), "{verdict}");
    assert!(verdict.contains("the 7.2° that a goniometer"), "{verdict}");
    // In three layers: the headline, one sentence of why, the way on, and only then the full
    // reasons behind "How this was decided".
    let at = |text: &str| {
        verdict
            .find(text)
            .unwrap_or_else(|| panic!("{text} missing: {verdict}"))
    };
    let why = "The left leg rose 13° and the right 25°: 12° apart, at least the 7.2° needed to \
               call a side.";
    assert!(at("Tight side: left") < at(why), "{verdict}");
    assert!(at(why) < at("Go on to the stretch"), "{verdict}");
    assert!(at("Go on to the stretch") < at("<summary>How this was decided"));
    assert!(at("<summary>How this was decided") < at("How sure: clear."));

    // The stretch: what to do and on which side first, the verdict in one line with a link to
    // its reasons; the option, both roles' instructions, the timer; done via its form.
    let page = b.page(&s).await;
    assert!(
        page.contains("Choose a") && page.contains("Choose b"),
        "{page}"
    );
    assert!(page.contains("<h1>Stretch the left side</h1>"), "{page}");
    assert!(
        page.contains(&format!("<a href=\"{result}\">How this was decided</a>")),
        "{page}"
    );
    assert!(
        !page.contains("How sure"),
        "the full reasons stay on their page: {page}"
    );
    let timer = b.page(&format!("{s}?option=a")).await;
    assert!(timer.contains("data-plan=\""), "{timer}");
    assert!(timer.contains("Hold 1/5"), "{timer}");
    assert!(
        timer.contains(&psoas_server::assets::url("timer.js")),
        "{timer}"
    );
    assert_eq!(
        timer.matches("<script").count(),
        1,
        "no inline scripts: {timer}"
    );
    // Sent without a way chosen: back to the choice, the problem linked to it.
    let unchosen = b
        .post(
            &format!("{s}/exercise"),
            &[("step", "stretch"), ("choice", ""), ("outcome", "done")],
        )
        .await;
    assert_eq!(unchosen.status(), 422);
    let page = unchosen.text().await.unwrap();
    assert!(page.contains("href=\"#choice\""), "{page}");
    assert!(page.contains("<h2 id=\"choice\""), "{page}");
    assert!(page.contains("Choose one of the two ways first"), "{page}");
    let done = b
        .post(
            &format!("{s}/exercise"),
            &[("step", "stretch"), ("choice", "a"), ("outcome", "done")],
        )
        .await;
    assert_eq!(done.status(), 303);

    // The strength test after the stretch, with one-tap grades.
    let page = b.page(&s).await;
    assert!(page.contains("How will the helper measure?"), "{page}");
    let page = b.page(&format!("{s}?method=helpers_feel")).await;
    assert_eq!(field(&page, "phase"), "after_stretch");
    let tapped = b
        .trial_on(&s, &page, &[("value", ""), ("quick", "5")])
        .await;
    assert_eq!(tapped.status(), 303);
    let result = b.test(&s, &["5", "5"], &["4", "4", "4"]).await;
    let verdict = b.page(&result).await;
    assert!(verdict.contains("Weak side: right"), "{verdict}");

    // Strengthening: the caution for technique a, then b stopped after 90 s.
    let page = b.page(&s).await;
    assert!(page.contains("Technique a presses on the belly"), "{page}");
    let timer = b.page(&format!("{s}?technique=b")).await;
    assert!(timer.contains("Keep going"), "{timer}");
    let too_long = b
        .post(
            &format!("{s}/exercise"),
            &[
                ("step", "strengthen"),
                ("choice", "b"),
                ("outcome", "skipped"),
                ("seconds", "999"),
            ],
        )
        .await;
    assert_eq!(too_long.status(), 422);
    let page = too_long.text().await.unwrap();
    assert!(
        page.contains("Time done: 999 s done is more than the 180 s planned"),
        "{page}"
    );
    // Beside the time field of the form without the timer, which stays open to fix it.
    assert!(page.contains("id=\"seconds-error\""), "{page}");
    assert!(page.contains("href=\"#seconds\""), "{page}");
    assert!(page.contains("value=\"999\""), "{page}");
    let stopped = b
        .post(
            &format!("{s}/exercise"),
            &[
                ("step", "strengthen"),
                ("choice", "b"),
                ("outcome", "skipped"),
                ("seconds", "90"),
            ],
        )
        .await;
    assert_eq!(stopped.status(), 303);

    // Retests keep the methods already used.
    let page = b.page(&s).await;
    assert!(page.contains("Retest"), "{page}");
    assert!(!page.contains("How will the helper measure?"));
    let result = b.test(&s, &["20", "21", "20"], &["24", "25", "24"]).await;
    assert_eq!(result, format!("{s}/results/leg_raise/after_strengthening"));
    let result = b.test(&s, &["5", "5", "5"], &["5", "5", "5"]).await;
    assert_eq!(result, format!("{s}/results/strength/after_strengthening"));
    let result_page = b.page(&result).await;
    assert!(
        result_page.contains("Go on: how is the pain now?"),
        "{result_page}"
    );

    // Pain at the end: asked before the summary, every wrong field said at once and nothing
    // stored, then judged against the start (back 3, pelvis 2).
    let ask = b.page(&s).await;
    assert!(ask.contains("And now, after the exercises?"), "{ask}");
    let wrong = b
        .post(
            &format!("{s}/pain-after"),
            &[("back_pain", "11"), ("pelvic_pain", "")],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains("href=\"#back_pain\""), "{wrong}");
    assert!(wrong.contains("href=\"#pelvic_pain\""), "{wrong}");
    assert!(wrong.contains("value=\"11\""), "{wrong}");
    assert!(stored(&app, &s).await.pain_after.is_none());
    let answered = b
        .post(
            &format!("{s}/pain-after"),
            &[("back_pain", "1"), ("pelvic_pain", "2")],
        )
        .await;
    assert_eq!(answered.status(), 303);
    let pain = stored(&app, &s)
        .await
        .pain_after
        .expect("pain at the end stored");
    assert_eq!((pain.back_pain.value(), pain.pelvic_pain.value()), (1, 2));

    // The summary: before and after, then finished.
    let summary = b.page(&s).await;
    assert!(
        summary.contains(
            "Low back pain eased from 3 to 1 of 10: 2 points, at least the 2 points that \
             matter to people."
        ),
        "{summary}"
    );
    assert!(
        summary.contains("Pelvic pain: 2 of 10 at the start and at the end, no change."),
        "{summary}"
    );
    assert!(
        summary.contains(
            "<th scope=\"row\">Low back</th><td>3/10</td><td>1/10</td><td>−2, eased</td>"
        ),
        "{summary}"
    );
    assert!(summary.contains("Before and after"), "{summary}");
    assert!(
        summary.contains("Tight side: left → No clear difference"),
        "{summary}"
    );
    assert!(
        summary.contains("13°") && summary.contains("25°"),
        "{summary}"
    );
    // Each change judged against the goniometer's error: 3 trials before and 3 after
    // detect 1.96 x 4.5° x √(1/3 + 1/3) = 7.2° on a side, so the left leg's +7° is not enough.
    assert!(
        summary.contains("<th scope=\"col\">Change</th>"),
        "{summary}"
    );
    assert!(summary.contains("<td>+7°, within error</td>"), "{summary}");
    assert!(
        summary.contains(
            "Left leg: 13° → 20°, +7°, under the 7.2° a goniometer can detect with 3 trials \
             before and 3 after: within measurement error."
        ),
        "{summary}"
    );
    assert!(
        summary.contains("The gap between the sides went from 12° (left lower) to 4° (left lower)"),
        "{summary}"
    );
    assert!(
        summary.contains("Weak side: right → No clear difference between the sides"),
        "{summary}"
    );
    assert!(summary.contains("Strengthen b"), "{summary}");
    assert!(summary.contains("not medical advice"));
    assert_eq!(
        stored(&app, &s).await.session.status,
        SessionStatus::Unfinished
    );
    let finish = b.post(&format!("{s}/finish"), &[]).await;
    assert_eq!(finish.status(), 303);
    let record = stored(&app, &s).await;
    assert_eq!(record.session.status, SessionStatus::Finished);
    assert_eq!(record.measurements.len(), 24);
    assert_eq!(record.exercises[0].outcome, ExerciseOutcome::Completed);
    assert_eq!(record.exercises[0].done_seconds, 190);
    assert_eq!(record.exercises[1].outcome, ExerciseOutcome::Stopped);
    assert_eq!(record.exercises[1].done_seconds, 90);
    assert_eq!(
        record.phases_with(Test::Strength),
        vec![Phase::AfterStretch, Phase::AfterStrengthening]
    );
    let finished = b.page(&s).await;
    assert!(finished.contains("finished and saved"), "{finished}");
    assert!(finished.contains("Tight side: left → No clear difference"));
    assert!(!finished.contains("Finish and save"));
}

async fn a_red_flag_stops_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("Anna").await;
    let s = b.start(&profile).await;
    let mut answers: Vec<(&str, &str)> = psoas_core::RedFlag::ALL
        .iter()
        .map(|f| (f.as_str(), "no"))
        .collect();
    answers[4].1 = "yes";
    let response = b.post(&format!("{s}/screening"), &answers).await;
    assert_eq!(response.status(), 303);
    let page = b.page(&s).await;
    assert!(page.contains("Please stop here"), "{page}");
    assert!(page.contains("midwife"), "{page}");
    assert!(page.contains("doctor or physiotherapist"));
    assert_eq!(
        stored(&app, &s).await.session.status,
        SessionStatus::StoppedAtScreening
    );
    // Nothing more is taken for it.
    b.symptoms(&s).await;
    assert!(stored(&app, &s).await.symptoms.is_none());
}

async fn bad_input_is_shown_again_with_the_reason_and_nothing_is_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    // A person with three wrong fields: all three said at once, each naming its field, the
    // first one focused; what was typed is kept and nothing stored.
    let response = b
        .post(
            "/profiles",
            &[
                ("name", ""),
                ("leg_length", "300"),
                ("body_height", "tall"),
                ("birth_year", "1990"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for problem in [
        "Name: ",
        "Leg length must be between",
        "Body height: &#39;tall&#39; is not understood",
    ] {
        assert_eq!(page.matches(problem).count(), 2, "{problem}: {page}");
    }
    assert!(page.contains("There is a problem"), "{page}");
    assert!(page.contains("href=\"#leg_length\""), "{page}");
    assert_eq!(page.matches(" autofocus").count(), 1, "{page}");
    assert!(
        page.contains("aria-describedby=\"name-error\" autofocus"),
        "{page}"
    );
    assert!(page.contains("value=\"tall\""), "kept: {page}");
    assert!(!page.contains("Start a check"), "nothing stored: {page}");
    let profile = b.add_profile("Anna").await;
    let s = b.start(&profile).await;

    // Unanswered questions.
    let response = b
        .post(&format!("{s}/screening"), &[("pregnancy", "no")])
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    // Each unanswered question named, at the top and beside it; the first one focused.
    assert_eq!(page.matches(": answer yes or no.").count(), 10, "{page}");
    assert!(!page.contains("Question 5: answer"), "{page}");
    assert!(page.contains("href=\"#spreading_leg_symptoms\""), "{page}");
    assert_eq!(page.matches(" autofocus").count(), 1, "{page}");
    let focus = page.find(" autofocus").unwrap();
    let input = page[..focus].rfind("<input").unwrap();
    assert!(
        page[input..focus].contains("id=\"spreading_leg_symptoms\""),
        "{page}"
    );
    assert!(page.contains("value=\"no\" checked"), "kept: {page}");
    assert!(stored(&app, &s).await.screening.is_none());
    b.screening_clear(&s).await;

    // Pain 11.
    let response = b
        .post(
            &format!("{s}/symptoms"),
            &[
                ("back_pain", "11"),
                ("pelvic_pain", "2"),
                ("sitting_hours", "7.5"),
                ("situps", "0"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    // Said at the top and beside the field, naming which pain.
    assert_eq!(
        page.matches("Low back pain must be between 0 and 10 (whole numbers); you typed 11.")
            .count(),
        2,
        "{page}"
    );
    assert!(
        page.contains("aria-invalid=\"true\" aria-describedby=\"back_pain-error\" autofocus"),
        "{page}"
    );
    assert!(page.contains("value=\"7.5\""), "kept: {page}");
    assert!(stored(&app, &s).await.symptoms.is_none());
    b.symptoms(&s).await;

    // Letters and 95 degrees.
    let page = b.page(&format!("{s}?method=goniometer")).await;
    let letters = b.trial_on(&s, &page, &[("value", "abc")]).await;
    assert_eq!(letters.status(), 422);
    let text = letters.text().await.unwrap();
    assert!(text.contains("&#39;abc&#39; is not understood"), "{text}");
    assert!(text.contains("value=\"abc\""), "kept: {text}");
    let steep = b.trial_on(&s, &page, &[("value", "95")]).await;
    assert_eq!(steep.status(), 422);
    let text = steep.text().await.unwrap();
    assert!(
        text.contains("Angle in degrees must be between 0 and 90 degrees; you typed 95."),
        "{text}"
    );
    // A heel height from a goniometer: that method cannot measure it.
    let wrong = b.trial_on(&s, &page, &[("value", "20 cm")]).await;
    assert_eq!(wrong.status(), 422);
    assert!(stored(&app, &s).await.measurements.is_empty());

    // Heel heights need the leg length first; a bad one is refused too.
    let tape = b.page(&format!("{s}?method=tape_measure")).await;
    assert!(tape.contains("Heel heights need the leg length"), "{tape}");
    let short = b
        .post(&format!("{s}/leg-length"), &[("leg_length", "12")])
        .await;
    assert_eq!(short.status(), 422);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("Leg length must be between 40 and 130")
    );
    let ok = b
        .post(&format!("{s}/leg-length"), &[("leg_length", "90 cm")])
        .await;
    assert_eq!(location(&ok), format!("{s}?method=tape_measure"));
    let tape = b.page(&format!("{s}?method=tape_measure")).await;
    let heel = b.trial_on(&s, &tape, &[("value", "45")]).await;
    assert_eq!(heel.status(), 303);
    let record = stored(&app, &s).await;
    assert_eq!(record.measurements.len(), 1);
    assert!((record.measurements[0].reading.unwrap().degrees().unwrap() - 30.0).abs() < 1e-9);
}

async fn it_hurt_ends_the_test_and_no_exercise_is_planned(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("Anna").await;
    let s = b.start(&profile).await;
    b.screening_clear(&s).await;
    b.symptoms(&s).await;
    let page = b.page(&format!("{s}?method=eyeballed")).await;
    assert!(page.contains("It hurt"));
    let ok = b.trial_on(&s, &page, &[("value", "30")]).await;
    assert_eq!(ok.status(), 303);
    let page = b.page(&s).await;
    let hurt = b
        .trial_on(&s, &page, &[("value", ""), ("hurt", "yes")])
        .await;
    assert_eq!(location(&hurt), format!("{s}/results/leg_raise/baseline"));
    let verdict = b.page(&location(&hurt)).await;
    assert!(verdict.contains("Stopped because of pain"), "{verdict}");
    let stretch = b.page(&s).await;
    assert!(stretch.contains("stopped by pain"), "{stretch}");
    let go_on = b
        .post(
            &format!("{s}/exercise"),
            &[("step", "stretch"), ("outcome", "not_needed")],
        )
        .await;
    assert_eq!(go_on.status(), 303);
    let record = stored(&app, &s).await;
    assert_eq!(record.exercises[0].outcome, ExerciseOutcome::NotNeeded);
    assert!(record.measurements[1].hurt);
    let strength = b.page(&s).await;
    assert!(strength.contains("Strength test"), "{strength}");
}

async fn after_pain_the_session_can_stop_here(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("Anna").await;
    // Without pain, "stop here" does not end a session before its summary.
    let calm = b.start(&profile).await;
    b.screening_clear(&calm).await;
    b.symptoms(&calm).await;
    let refused = b
        .post(&format!("{calm}/finish"), &[("after_pain", "1")])
        .await;
    assert_eq!(refused.status(), 303);
    assert_eq!(
        stored(&app, &calm).await.session.status,
        SessionStatus::Unfinished
    );

    let s = b.start(&profile).await;
    b.screening_clear(&s).await;
    b.symptoms(&s).await;
    let page = b.page(&format!("{s}?method=eyeballed")).await;
    assert_eq!(
        b.trial_on(&s, &page, &[("value", "30")]).await.status(),
        303
    );
    let page = b.page(&s).await;
    let hurt = b
        .trial_on(&s, &page, &[("value", ""), ("hurt", "yes")])
        .await;
    // The result asks: go on, or stop here; never only "go on".
    let result = b.page(&location(&hurt)).await;
    assert!(
        result.contains("Go on, or stop the session here?"),
        "{result}"
    );
    assert!(result.contains("Go on to the stretch"), "{result}");
    assert!(result.contains("Stop here and see the summary"), "{result}");
    let stop = b.post(&format!("{s}/finish"), &[("after_pain", "1")]).await;
    assert_eq!(stop.status(), 303);
    let record = stored(&app, &s).await;
    assert_eq!(record.session.status, SessionStatus::Finished);
    assert_eq!(record.measurements.len(), 2, "both trials kept");
    let summary = b.page(&s).await;
    assert!(summary.contains("finished and saved"), "{summary}");
    assert!(summary.contains("Stopped because of pain"), "{summary}");
}

async fn forms_without_the_csrf_token_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("Anna").await;
    let forged = b
        .client
        .post(app.url(&format!("/profiles/{profile}/sessions")))
        .form(&[("trials", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(
        app.store
            .list_sessions(Scope::Terminal, None)
            .await
            .unwrap()
            .is_empty()
    );
    let s = b.start(&profile).await;
    let forged = b
        .client
        .post(app.url(&format!("{s}/screening")))
        .form(&[("csrf", "forged"), ("pregnancy", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(stored(&app, &s).await.screening.is_none());
}

async fn another_accounts_session_is_not_found_and_not_shown(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Secretname").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    let member_client = app.member(&owner.client, "max@example.org").await;
    let member = Browser {
        app: &app,
        csrf: app.csrf(&member_client).await,
        client: member_client,
    };
    let (status, page) = member.get(&s).await;
    assert_eq!(status, 404);
    assert!(!page.contains("Secretname"), "{page}");
    let (status, _) = member.get(&format!("{s}/results/leg_raise/baseline")).await;
    assert_eq!(status, 404);
    let response = member
        .post(
            &format!("{s}/symptoms"),
            &[
                ("back_pain", "1"),
                ("pelvic_pain", "1"),
                ("sitting_hours", "1"),
                ("situps", "0"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
    let response = member
        .post(&format!("/profiles/{profile}/sessions"), &[])
        .await;
    assert_eq!(response.status(), 404);
    let record = stored(&app, &s).await;
    assert!(record.symptoms.is_none());
    assert_eq!(
        app.store
            .list_sessions(Scope::Terminal, None)
            .await
            .unwrap()
            .len(),
        1
    );
    let (status, _) = member.get("/sessions/not-a-session").await;
    assert_eq!(status, 404);
}

async fn leaving_mid_test_resumes_at_the_right_trial(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("Anna").await;
    let s = b.start(&profile).await;
    b.screening_clear(&s).await;
    b.symptoms(&s).await;
    let page = b.page(&format!("{s}?method=inclinometer")).await;
    b.trial_on(&s, &page, &[("value", "15")]).await;
    b.trial(&s, "22").await;
    let third = b.page(&s).await;
    let sent = b.trial_on(&s, &third, &[("value", "16")]).await;
    assert_eq!(sent.status(), 303);
    // The same form sent again (a double tap, or an old tab) stores nothing.
    let again = b.trial_on(&s, &third, &[("value", "16")]).await;
    assert_eq!(again.status(), 303);
    assert_eq!(stored(&app, &s).await.measurements.len(), 3);

    // Coming back later, from the home page's link, in a fresh page load.
    let home = b.page("/").await;
    assert!(home.contains(&format!("href=\"{s}\"")), "{home}");
    let page = b.page(&s).await;
    assert_eq!(field(&page, "side"), "right");
    assert_eq!(field(&page, "trial"), "2");
    assert_eq!(field(&page, "method"), "inclinometer");
    assert!(!page.contains("How will the helper measure?"));
    assert!(page.contains("So far"), "{page}");
}

async fn text_typed_by_people_is_escaped(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let profile = b.add_profile("<script>alert(1)</script> & Co").await;
    let s = b.start(&profile).await;
    let page = b.page(&s).await;
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co"),
        "{page}"
    );
    assert!(!page.contains("<script>alert"));
    b.screening_clear(&s).await;
    b.symptoms(&s).await;
    let page = b.page(&format!("{s}?method=goniometer")).await;
    let response = b
        .trial_on(&s, &page, &[("value", "\"><img src=x onerror=alert(1)>")])
        .await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.unwrap();
    assert!(!text.contains("<img src=x"), "{text}");
    assert!(
        text.contains("&#34;&#62;&#60;img src=x onerror=alert(1)&#62;"),
        "{text}"
    );
    assert_eq!(csrf_of(&text), b.csrf);
}

async fn a_body_height_stands_in_for_the_leg_length_and_the_result_says_how_sure(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    let added = b
        .post("/profiles", &[("name", "Ben"), ("body_height", "170 cm")])
        .await;
    assert_eq!(added.status(), 303);
    let home = b.page("/").await;
    assert!(home.contains("height 170 cm"), "{home}");
    let marker = "action=\"/profiles/";
    let start = home.rfind(marker).expect("a start form") + marker.len();
    let s = b.start(&home[start..start + 36]).await;
    b.screening_clear(&s).await;
    b.symptoms(&s).await;

    // No leg length, but a body height: heel heights convert with 0.53 x 170 = 90.1 cm.
    let tape = b.page(&format!("{s}?method=tape_measure")).await;
    assert!(!tape.contains("Heel heights need the leg length"), "{tape}");
    let first = b.trial_on(&s, &tape, &[("value", "20")]).await;
    assert_eq!(first.status(), 303);
    // Left 12.8°, 18.1° and 8.6°: a spread of 9.5°, more than one tape trial's 6.9° (each
    // within 6.9° of the trials before it, so none is asked about).
    let result = b.test(&s, &["28", "13.5"], &["35", "35", "36"]).await;
    assert_eq!(result, format!("{s}/results/leg_raise/baseline"));
    let record = stored(&app, &s).await;
    assert!(
        record
            .measurements
            .iter()
            .all(|m| m.reading.is_some_and(|r| r.leg_length_estimated()))
    );
    let verdict = b.page(&result).await;
    assert!(verdict.contains("Tight side: left"), "{verdict}");
    assert!(verdict.contains("How sure: likely."), "{verdict}");
    assert!(
        verdict.contains("Take more trials on the left side"),
        "{verdict}"
    );
    // Said once in the reasons and once below the trials, not in every cell.
    assert_eq!(
        verdict
            .matches("leg length estimated from body height")
            .count(),
        2,
        "{verdict}"
    );
    assert!(verdict.contains("20.0 cm (12.8°)*"), "{verdict}");
}

async fn the_phone_leads_to_its_sensor_page_which_keeps_typing_and_it_hurt_at_hand(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Anna").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    owner.symptoms(&s).await;

    // The method choice offers the phone, on its own page.
    let choice = owner.page(&s).await;
    assert!(choice.contains(&format!("href=\"{s}/lift\"")), "{choice}");
    assert!(choice.contains("this phone on the thigh"));
    let page = owner.page(&format!("{s}/lift")).await;
    assert!(page.contains("data-lift=\""), "{page}");
    assert!(
        page.contains(&format!("src=\"{}\"", psoas_server::assets::url("lift.js"))),
        "{page}"
    );
    assert!(!page.contains("<script>"), "no inline script");
    assert_eq!(field(&page, "side"), "left");
    assert_eq!(field(&page, "trial"), "1");
    assert_eq!(field(&page, "method"), "phone_inclinometer");
    // The data the script reads: where to send lifts, with the sign-in's CSRF token.
    let api = format!("/api/v1{s}/lifts");
    assert!(page.contains(&api), "{page}");
    assert!(page.contains(&owner.csrf));
    let script = owner
        .client
        .get(app.url(&psoas_server::assets::url("lift.js")))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 200);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.text().await.unwrap().contains("deviceorientation"));

    // Naming the phone in the address goes to its page too.
    let response = owner
        .client
        .get(app.url(&format!("{s}?method=phone_inclinometer")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{s}/lift"));

    // Typed in from the sensor page's form (the phone's level app, or no sensors here).
    let response = owner.trial_on(&s, &page, &[("value", "14")]).await;
    assert_eq!(response.status(), 303);
    let record = stored(&app, &s).await;
    assert_eq!(record.measurements.len(), 1);
    assert_eq!(
        record.measurements[0].method,
        psoas_core::Method::PhoneInclinometer
    );
    // From then on the session goes to the sensor page; ?entry=typed shows the typed form.
    let response = owner.client.get(app.url(&s)).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{s}/lift"));
    let typed = owner.page(&format!("{s}?entry=typed")).await;
    assert!(
        typed.contains("Measured with: <strong>this phone on the thigh"),
        "{typed}"
    );
    let page = owner.page(&format!("{s}/lift")).await;
    assert_eq!(field(&page, "side"), "right");
    assert!(
        page.contains("Left: 1 trial, 14.0-14.0°, spread 0.0°."),
        "{page}"
    );
    assert!(!page.contains("Measure another way"), "the method is set");

    // "It hurt" on the sensor page ends the test.
    let response = owner.trial_on(&s, &page, &[("hurt", "yes")]).await;
    assert_eq!(response.status(), 303);
    let record = stored(&app, &s).await;
    assert!(record.measurements[1].hurt);
    let response = owner
        .client
        .get(app.url(&format!("{s}/lift")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "no leg-raise trial is next");

    // Another account never sees it.
    let member_client = app.member(&owner.client, "max@example.org").await;
    let (status, page) = Browser {
        app: &app,
        csrf: app.csrf(&member_client).await,
        client: member_client,
    }
    .get(&format!("{s}/lift"))
    .await;
    assert_eq!(status, 404);
    assert!(!page.contains("Anna"));
}

async fn a_test_measured_another_way_keeps_its_method_and_skips_the_sensor_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = Browser::owner(&app).await;
    let profile = owner.add_profile("Anna").await;
    let s = owner.start(&profile).await;
    owner.screening_clear(&s).await;
    owner.symptoms(&s).await;
    let page = owner.page(&format!("{s}?method=goniometer")).await;
    let response = owner.trial_on(&s, &page, &[("value", "15")]).await;
    assert_eq!(response.status(), 303);
    for path in [
        format!("{s}/lift"),
        format!("{s}?method=phone_inclinometer"),
    ] {
        let response = owner.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(
            response.status(),
            if path.ends_with("/lift") { 303 } else { 200 }
        );
        if response.status() == 303 {
            assert_eq!(location(&response), s);
        } else {
            assert!(
                response
                    .text()
                    .await
                    .unwrap()
                    .contains("Measured with: <strong>goniometer")
            );
        }
    }
}

async fn the_safety_questions_fit_the_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    // A profile of unknown sex is asked all six.
    let anna = b.add_profile("Anna").await;
    let s = b.start(&anna).await;
    let page = b.page(&s).await;
    assert!(page.contains(RedFlag::Pregnancy.question()), "{page}");
    assert_eq!(page.matches("type=\"radio\"").count(), 12);
    // A profile recorded as male is not asked about pregnancy: five questions, not six.
    let response = b
        .post("/profiles", &[("name", "Ben"), ("sex", "male")])
        .await;
    assert_eq!(response.status(), 303);
    let ben = app
        .state
        .store
        .find_profile(Scope::Terminal, "Ben")
        .await
        .unwrap();
    let s = b.start(&ben.id.to_string()).await;
    let page = b.page(&s).await;
    assert!(page.contains("<strong>Ben</strong>"), "{page}");
    assert!(!page.contains(RedFlag::Pregnancy.question()), "{page}");
    assert_eq!(page.matches("type=\"radio\"").count(), 10, "{page}");
    // The five answered are the whole screening.
    let answers: Vec<(&str, &str)> = RedFlag::asked_of(Some(psoas_core::Sex::Male))
        .iter()
        .map(|f| (f.as_str(), "no"))
        .collect();
    assert_eq!(answers.len(), 5);
    let response = b.post(&format!("{s}/screening"), &answers).await;
    assert_eq!(response.status(), 303);
    let record = stored(&app, &s).await;
    assert!(record.screening.as_ref().is_some_and(|s| s.is_clear()));
    assert!(b.page(&s).await.contains("How are things today?"));
}

async fn deleting_from_the_pages_needs_the_csrf_token_and_reaches_no_one_elses_records(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let mia = app.member(&owner, "mia@example.org").await;
    let scope = Scope::of(&app.account("mia@example.org").await);
    let profile = psoas_core::Profile::new(
        psoas_core::DisplayName::parse("Anna").unwrap(),
        None,
        None,
        None,
    );
    app.store.create_profile(scope, &profile).await.unwrap();
    let session = psoas_core::Session::start(profile.id, psoas_server::auth::now(), 3).unwrap();
    app.store.create_session(scope, &session).await.unwrap();
    let paths = [
        format!("/sessions/{}/delete", session.id),
        format!("/profiles/{}/delete", profile.id),
    ];
    let mia_csrf = app.csrf(&mia).await;
    let owner_csrf = app.csrf(&owner).await;
    for path in &paths {
        let forged = mia
            .post(app.url(path))
            .form(&[("csrf", "not the token")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403, "{path}");
        let page = owner.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 404, "{path}");
        let other = owner
            .post(app.url(path))
            .form(&[("csrf", owner_csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 404, "{path}");
    }
    assert_eq!(app.store.list_sessions(scope, None).await.unwrap().len(), 1);

    let page = mia.get(app.url(&paths[0])).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let deleted = mia
        .post(app.url(&paths[0]))
        .form(&[("csrf", mia_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 303);
    assert_eq!(deleted.headers()["location"], "/?deleted=session-0");
    let home = mia
        .get(app.url("/?deleted=session-0"))
        .send()
        .await
        .unwrap();
    let home = home.text().await.unwrap();
    assert!(
        home.contains("The check is deleted: it is gone from the database"),
        "{home}"
    );
    assert!(
        app.store
            .list_sessions(scope, None)
            .await
            .unwrap()
            .is_empty()
    );
    let owners_account = owner.get(app.url("/account/delete")).send().await.unwrap();
    assert_eq!(owners_account.status(), 403);
}

async fn keeping_the_cameras_photos_is_turned_on_and_off_on_the_profile_card(backend: Backend) {
    let app = spawn_app(backend).await;
    let b = Browser::owner(&app).await;
    // Zoe's card comes last, where add_profile finds the newest.
    let added = b
        .post("/profiles", &[("name", "Ben"), ("keep_photos", "yes")])
        .await;
    assert_eq!(added.status(), 303);
    let zoe = b.add_profile("Zoe").await;
    let scope = Scope::of(&app.account("olga@example.org").await);
    let keeps = |name: &'static str| {
        let app = &app;
        async move {
            app.store
                .find_profile(scope, name)
                .await
                .unwrap()
                .keep_photos
        }
    };
    assert!(keeps("Ben").await);
    assert!(!keeps("Zoe").await, "off unless ticked");
    let home = b.page("/").await;
    assert!(
        home.contains("The camera's photos are kept with the trials."),
        "{home}"
    );
    assert!(
        home.contains("Stop keeping photos (deletes those kept)"),
        "{home}"
    );
    assert!(
        home.contains("Only the markers' positions are kept now"),
        "{home}"
    );

    let on = b
        .post(&format!("/profiles/{zoe}/photos"), &[("keep", "yes")])
        .await;
    assert_eq!(on.status(), 303);
    assert!(keeps("Zoe").await);
    let off = b
        .post(&format!("/profiles/{zoe}/photos"), &[("keep", "no")])
        .await;
    assert_eq!(off.status(), 303);
    assert!(!keeps("Zoe").await);

    // Without the form's token, or for someone else's profile: nothing changes.
    let forged = b
        .client
        .post(app.url(&format!("/profiles/{zoe}/photos")))
        .form(&[("keep", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let mia = app.member(&b.client, "mia@example.org").await;
    let csrf = app.csrf(&mia).await;
    let theirs = mia
        .post(app.url(&format!("/profiles/{zoe}/photos")))
        .form(&[("csrf", csrf.as_str()), ("keep", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
    assert!(!keeps("Zoe").await);
}

both_backends!(
    keeping_the_cameras_photos_is_turned_on_and_off_on_the_profile_card,
    deleting_from_the_pages_needs_the_csrf_token_and_reaches_no_one_elses_records,
    the_whole_protocol_runs_through_the_pages,
    a_red_flag_stops_the_session,
    the_safety_questions_fit_the_person,
    bad_input_is_shown_again_with_the_reason_and_nothing_is_stored,
    it_hurt_ends_the_test_and_no_exercise_is_planned,
    after_pain_the_session_can_stop_here,
    forms_without_the_csrf_token_are_refused,
    another_accounts_session_is_not_found_and_not_shown,
    leaving_mid_test_resumes_at_the_right_trial,
    text_typed_by_people_is_escaped,
    a_body_height_stands_in_for_the_leg_length_and_the_result_says_how_sure,
    the_phone_leads_to_its_sensor_page_which_keeps_typing_and_it_hurt_at_hand,
    a_test_measured_another_way_keeps_its_method_and_skips_the_sensor_page,
);
