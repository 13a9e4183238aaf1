//! A real headless Chromium at a phone-sized viewport, driven through chromedriver and
//! WebDriver (fantoccini). Each test gets its own chromedriver, browser profile and cookies.
//! Screenshots land in `target/screenshots/` as test artifacts.

#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The viewport of a small phone: every page must be usable at this width.
pub const PHONE: (u32, u32) = (360, 780);

/// A browser session and the chromedriver behind it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn find(binary: &str, fallbacks: &[&str]) -> String {
    if let Ok(path) = std::env::var(format!("PSOAS_{}", binary.to_uppercase())) {
        return path;
    }
    fallbacks
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map_or_else(|| binary.to_string(), |p| p.to_string())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// As [`Browser::start`], with a fake camera that plays the Y4M file `clip` in a loop
    /// from the moment a page opens it, and camera permission granted without asking.
    pub async fn start_with_camera(clip: &std::path::Path) -> Self {
        Self::start_with(&[
            "--use-fake-device-for-media-stream".to_string(),
            "--use-fake-ui-for-media-stream".to_string(),
            format!("--use-file-for-fake-video-capture={}", clip.display()),
        ])
        .await
    }

    /// As [`Browser::start_with_camera`] with a built-in moving picture, where the person
    /// refuses the browser's question whether this site may use the camera.
    pub async fn start_with_camera_refused() -> Self {
        Self::start_with(&[
            "--use-fake-device-for-media-stream".to_string(),
            "--deny-permission-prompts".to_string(),
        ])
        .await
    }

    /// Starts chromedriver and a headless Chromium with a fresh profile and these arguments
    /// besides the usual ones.
    async fn start_with(extra: &[String]) -> Self {
        let port = free_port();
        let chromedriver = find("chromedriver", &["/usr/bin/chromedriver"]);
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {chromedriver} ({e}); install Debian's chromium and \
                     chromium-driver (scripts/test does this)"
                )
            });
        let profile = TempDir::new().expect("a profile folder");
        let chromium = find(
            "chromium",
            &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        );
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ]
        .map(String::from)
        .to_vec();
        args.push(format!("--window-size={},{}", PHONE.0, PHONE.1));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra.iter().cloned());
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_string(),
            serde_json::json!({"binary": chromium, "args": args}),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("chromedriver did not start a session: {e}"),
            }
        };
        client
            .set_window_size(PHONE.0, PHONE.1)
            .await
            .expect("the window takes a phone size");
        Self {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Opens a page.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("the page opens");
    }

    /// Types into the field with this CSS selector (after clearing it).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no field {css}: {e}"));
        field.clear().await.ok();
        field.send_keys(text).await.expect("typing works");
    }

    /// Clicks the element with this CSS selector.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing to click at {css}: {e}"))
            .click()
            .await
            .expect("clicking works");
    }

    /// Clicks the button or link whose text contains `text`.
    pub async fn click_text(&self, text: &str) {
        let xpath =
            format!("//*[(self::button or self::a) and contains(normalize-space(.), '{text}')]");
        self.client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button or link '{text}': {e}"))
            .click()
            .await
            .expect("clicking works");
    }

    /// The visible text of the page body (empty while a page is still loading).
    pub async fn text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until the page's text contains `expected`, up to 10 seconds.
    pub async fn wait_for(&self, expected: &str) -> String {
        self.wait_for_within(expected, Duration::from_secs(10))
            .await
    }

    /// Waits until the page's text contains `expected`, up to `limit` (a recording that
    /// stops on its own takes longer than a page to load).
    pub async fn wait_for_within(&self, expected: &str, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            let text = self.text().await;
            if text.contains(expected) {
                return text;
            }
            if started.elapsed() > limit {
                panic!("the page never showed '{expected}'; it shows:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's text no longer contains `gone` (the next page has loaded), up
    /// to 10 seconds; returns the text then.
    pub async fn wait_until_gone(&self, gone: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.text().await;
            if !text.is_empty() && !text.contains(gone) {
                return text;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("the page still shows '{gone}':\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Creates the owner account "Olga" from the set-up link; ends on the home page.
    pub async fn set_up_as_owner(&self, setup_link: &str) {
        self.open(setup_link).await;
        self.fill("input[name=display_name]", "Olga").await;
        self.fill("input[name=email]", "olga@example.org").await;
        self.fill("input[name=password]", "correct horse battery")
            .await;
        self.click("button[type=submit]").await;
        self.wait_for("Who is being tested?").await;
    }

    /// Adds a person on the home page and starts a check for them.
    pub async fn add_person_and_start(&self, name: &str) {
        self.fill("input[name=name]", name).await;
        self.click_text("Add").await;
        self.wait_for("Start a check").await;
        self.click_text("Start a check").await;
    }

    /// Waits for a trial page of a 3-trials-a-side test, then enters its value by typing or
    /// by a one-tap button.
    pub async fn trial(&self, side: &str, n: u16, value: &str, tap: bool) {
        self.wait_for(&format!("{side} side trial {n} of 3")).await;
        if tap {
            self.click(&format!("button[name=quick][value='{value}']"))
                .await;
        } else {
            self.fill("input[name=value]", value).await;
            self.click_text("Save trial").await;
        }
    }

    /// Enters the trials of a 3-trials-a-side test from the `skip`-th on, in the order they
    /// are asked (left 1, right 1, left 2, ...), left and right values as given.
    pub async fn whole_test(&self, skip: usize, left: &str, right: &str, tap: bool) {
        let order = (1..=3).flat_map(|n| [("Left", n), ("Right", n)]);
        for (side, n) in order.skip(skip) {
            let value = if side == "Left" { left } else { right };
            self.trial(side, n, value, tap).await;
        }
    }

    /// Answers a new check's safety questions "no" and its symptoms (back pain 3, pelvis 1,
    /// 9 hours sitting, no sit-ups); ends on the leg-raise test's first page.
    pub async fn clear_screening_and_symptoms(&self) {
        self.wait_for("Safety questions").await;
        for flag in psoas_core::RedFlag::ALL {
            self.click(&format!("input[name={}][value=no]", flag.as_str()))
                .await;
        }
        self.click_text("Continue").await;
        self.wait_for("How are things today?").await;
        self.fill("input[name=back_pain]", "3").await;
        self.fill("input[name=pelvic_pain]", "1").await;
        self.fill("input[name=sitting_hours]", "9").await;
        self.fill("input[name=situps]", "0").await;
        self.click_text("Continue").await;
    }

    /// From the retest's last result, rates the pain at the end of the check and goes on to
    /// the summary.
    pub async fn pain_now(&self, back: &str, pelvis: &str) {
        self.wait_for("Go on: how is the pain now?").await;
        self.click_text("Go on: how is the pain now?").await;
        self.wait_for("And now, after the exercises?").await;
        self.fill("input[name=back_pain]", back).await;
        self.fill("input[name=pelvic_pain]", pelvis).await;
        self.click_text("See before and after").await;
    }

    /// The page is no wider than the viewport: nothing forces sideways scrolling.
    pub async fn assert_fits_the_phone(&self) {
        let width = self
            .client
            .execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .expect("the script runs");
        let width = width.as_u64().expect("a width");
        assert!(
            width <= u64::from(PHONE.0),
            "the page is {width} px wide on a {} px phone",
            PHONE.0
        );
    }

    /// Each element (the first match of each CSS selector) shows on the first screen, without
    /// scrolling: a verdict's headline, its why and the action, an exercise's what and where.
    pub async fn assert_on_the_first_screen(&self, selectors: &[&str]) {
        let off = self
            .client
            .execute(
                "window.scrollTo(0, 0);
                 return arguments[0].filter(s => {
                     const e = document.querySelector(s);
                     if (!e) return true;
                     const r = e.getBoundingClientRect();
                     return r.height === 0 || r.top < 0 || r.bottom > window.innerHeight;
                 });",
                vec![serde_json::json!(selectors)],
            )
            .await
            .expect("the script runs");
        assert_eq!(
            off,
            serde_json::json!([]),
            "not on the first screen of {}",
            self.client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default()
        );
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver
    /// (`POST /session/{id}/goog/cdp/execute`); returns its result.
    pub async fn cdp(&self, cmd: &'static str, params: serde_json::Value) -> serde_json::Value {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .unwrap_or_else(|e| panic!("the DevTools command {cmd} fails: {e}"))
    }

    /// Sets what the page's `deviceorientation` events report, as a phone would: `beta`
    /// front-back and `gamma` left-right tilt in degrees. Chromium sends an event to the page
    /// when a value changes by more than 0.1°, and at once to a page that starts listening.
    pub async fn orientation(&self, beta: f64, gamma: f64) {
        self.cdp(
            "DeviceOrientation.setDeviceOrientationOverride",
            serde_json::json!({"alpha": 0.0, "beta": beta, "gamma": gamma}),
        )
        .await;
    }

    /// Checks the page as a reader meets it, in the light and then the dark colour scheme
    /// (emulated through the DevTools protocol): axe-core finds no WCAG 2.2 A/AA or
    /// best-practice violation, every control is at least 44 x 44 px, and a screenshot of
    /// each scheme lands in `target/screenshots/NAME-light.png` and `NAME-dark.png`. The page
    /// is left in the light scheme.
    pub async fn check_page(&self, name: &str) {
        let mut problems = Vec::new();
        for scheme in ["dark", "light"] {
            self.color_scheme(scheme).await;
            problems.extend(
                self.axe_violations()
                    .await
                    .into_iter()
                    .map(|v| format!("[{scheme}] {v}")),
            );
            self.screenshot(&format!("{name}-{scheme}")).await;
        }
        problems.extend(self.small_targets().await);
        assert!(
            problems.is_empty(),
            "the page '{name}' ({}) has {} accessibility problem(s):\n{}",
            self.client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default(),
            problems.len(),
            problems.join("\n")
        );
    }

    /// Emulates `prefers-color-scheme` ("light" or "dark") for this page and the next ones.
    pub async fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        )
        .await;
    }

    /// Runs axe-core on the page (injected once per document); one line per violation and
    /// element: rule, impact, what it means, where, and how to fix it.
    pub async fn axe_violations(&self) -> Vec<String> {
        let injected = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("the script runs");
        if injected != serde_json::Value::Bool(true) {
            self.client
                .execute(&format!("{}\nreturn true;", axe_source()), vec![])
                .await
                .expect("axe-core loads into the page");
        }
        let found = self
            .client
            .execute(
                "return axe.run(document, {
                     runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                     'wcag22aa', 'best-practice']},
                     resultTypes: ['violations']
                 }).then(r => r.violations.flatMap(v => v.nodes.map(n =>
                     `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: `
                     + n.failureSummary.replace(/\\s+/g, ' '))));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        found
            .as_array()
            .expect("a list of violations")
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Visible controls smaller than 44 x 44 CSS px (WCAG 2.5.8 asks 24; we aim for 44).
    /// Links inside running text are exempt, as WCAG exempts them.
    pub async fn small_targets(&self) -> Vec<String> {
        let found = self
            .client
            .execute(
                "const inText = e => e.tagName === 'A' && !e.classList.contains('button')
                     && e.closest('p, li, td') !== null && !e.closest('nav');
                 return [...document.querySelectorAll(
                     'a, button, summary, select, textarea, input:not([type=hidden])')]
                   .filter(e => e.getClientRects().length > 0 && !inText(e))
                   .map(e => [e, (e.type === 'radio' || e.type === 'checkbox')
                                 ? (e.closest('label') || e) : e])
                   .map(([e, t]) => [e, t.getBoundingClientRect()])
                   .filter(([e, r]) => r.width < 44 || r.height < 44)
                   .map(([e, r]) => `${e.tagName.toLowerCase()} '${(e.textContent || e.name
                       || '').trim().slice(0, 40)}' is ${Math.round(r.width)} x
                       ${Math.round(r.height)} px`.replace(/\\s+/g, ' '));",
                vec![],
            )
            .await
            .expect("the script runs");
        found
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| format!("tap target: {}", v.as_str().unwrap_or_default()))
            .collect()
    }

    /// Saves a screenshot as `target/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is saved");
    }

    /// Ends the session and chromedriver.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// The axe-core script, read once: `target/axe/node_modules/axe-core/axe.min.js`, installed
/// at the version pinned in `tests/server/browser/package-lock.json` by `scripts/test` (or `PSOAS_AXE`).
fn axe_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var("PSOAS_AXE")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../../target/axe/node_modules/axe-core/axe.min.js")
            });
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read axe-core at {} ({e}); scripts/test installs it, or run \
                 `npm ci --prefix target/axe` after copying crates/psoas-server/tests/server/browser/\
                 package*.json into target/axe",
                path.display()
            )
        })
    })
}

/// chromedriver's own command for the DevTools protocol.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &reqwest::Url,
        session_id: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &reqwest::Url) -> (reqwest::Method, Option<String>) {
        let body = serde_json::json!({"cmd": self.cmd, "params": self.params});
        (reqwest::Method::POST, Some(body.to_string()))
    }
}
