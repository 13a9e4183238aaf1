//! The exercise countdown: a live progress bar per interval, with pause, resume and skip keys
//! and the terminal bell when an interval or the exercise ends.
//!
//! Time is measured with a monotonic clock, so a slow terminal never stretches the exercise.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use indicatif::{ProgressBar, ProgressStyle};
use psoas_core::plan::Interval;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::error::{CliError, CliResult};
use crate::words::clock;

/// How a countdown ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerEnd {
    /// Ran to the end.
    Completed,
    /// The person skipped the rest after this many whole seconds.
    Skipped(u32),
}

/// Restores the terminal even when the countdown leaves early.
struct RawMode;

impl RawMode {
    fn enter() -> io::Result<Self> {
        terminal::enable_raw_mode()?;
        Ok(Self)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

enum Key {
    PauseResume,
    Skip,
    Quit,
}

fn key(event: Event) -> Option<Key> {
    let Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        ..
    }) = event
    else {
        return None;
    };
    match code {
        KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => Some(Key::Quit),
        KeyCode::Char(' ') | KeyCode::Char('p') | KeyCode::Enter => Some(Key::PauseResume),
        KeyCode::Char('s') => Some(Key::Skip),
        KeyCode::Char('q') | KeyCode::Esc => Some(Key::Quit),
        _ => None,
    }
}

fn bell() {
    print!("\x07");
    let _ = io::stdout().flush();
}

/// A line of plain text while the terminal is in raw mode (which needs the carriage return).
fn say(text: &str) {
    print!("{text}\r\n");
    let _ = io::stdout().flush();
}

fn label(interval: &Interval) -> String {
    match interval.repetition {
        Some((n, of)) => format!("{} {n}/{of}", interval.kind.label()),
        None => interval.kind.label().to_string(),
    }
}

/// Runs the countdown; Ctrl-C or q leaves with [`CliError::Interrupted`].
pub fn run(intervals: &[Interval]) -> CliResult<TimerEnd> {
    println!("Keys: space = pause / resume, s = skip the rest, q = stop and save for later.");
    let style = ProgressStyle::with_template("{prefix:>12} [{bar:30}] {msg}")
        .expect("the template is valid")
        .progress_chars("=> ");
    let raw = RawMode::enter()?;
    let mut done_before = 0u32;
    for interval in intervals {
        let total = Duration::from_secs(u64::from(interval.seconds));
        let bar = ProgressBar::new(total.as_millis() as u64).with_style(style.clone());
        bar.set_prefix(label(interval));
        // Where no progress bar can be drawn (TERM unset or dumb, a screen reader), the
        // countdown is told in plain lines instead.
        let plain = bar.is_hidden();
        if plain {
            say(&format!("{}: {}", label(interval), clock(interval.seconds)));
        }
        let mut last_told = u64::from(interval.seconds);
        let mut elapsed = Duration::ZERO;
        let mut resumed_at = Some(Instant::now());
        loop {
            let now_elapsed = elapsed + resumed_at.map_or(Duration::ZERO, |t| t.elapsed());
            if now_elapsed >= total {
                break;
            }
            let left = (total - now_elapsed).as_secs_f64().ceil() as u64;
            if plain && left < last_told && left.is_multiple_of(10) {
                last_told = left;
                say(&format!("{} left", clock(left as u32)));
            }
            bar.set_position(now_elapsed.as_millis() as u64);
            bar.set_message(if resumed_at.is_some() {
                format!("{} left", clock(left as u32))
            } else {
                format!("{} left - PAUSED, press space to go on", clock(left as u32))
            });
            if !event::poll(Duration::from_millis(100))? {
                continue;
            }
            match key(event::read()?) {
                Some(Key::PauseResume) => match resumed_at.take() {
                    Some(started) => {
                        elapsed += started.elapsed();
                        if plain {
                            say("Paused - press space to go on.");
                        }
                    }
                    None => {
                        resumed_at = Some(Instant::now());
                        if plain {
                            say("Going on.");
                        }
                    }
                },
                Some(Key::Skip) => {
                    let so_far = elapsed + resumed_at.map_or(Duration::ZERO, |t| t.elapsed());
                    bar.abandon_with_message("skipped");
                    if plain {
                        say("Skipped.");
                    }
                    drop(raw);
                    println!();
                    return Ok(TimerEnd::Skipped(done_before + so_far.as_secs() as u32));
                }
                Some(Key::Quit) => {
                    bar.abandon_with_message("stopped");
                    if plain {
                        say("Stopped.");
                    }
                    drop(raw);
                    println!();
                    return Err(CliError::Interrupted);
                }
                None => {}
            }
        }
        bar.set_position(total.as_millis() as u64);
        bar.finish_with_message("done");
        if plain {
            say("Done.");
        }
        done_before += interval.seconds;
        bell();
    }
    drop(raw);
    bell();
    println!("Time is up.");
    Ok(TimerEnd::Completed)
}
