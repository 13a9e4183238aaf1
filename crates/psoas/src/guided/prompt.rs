//! Line-by-line questions for the guided session; a wrong answer is explained and asked again.
//!
//! Plain lines (not a full-screen UI) keep the session readable in any terminal, in a
//! scroll-back, and through a screen reader.

use std::fmt::Display;
use std::io::{self, BufRead, Write};

use crate::error::{CliError, CliResult};
pub use crate::render::wrap;

/// Asks questions on standard input and output.
pub struct Prompter {
    input: Box<dyn BufRead>,
    /// What "?" shows at the next question: how the last verdict was decided.
    explanation: Option<Vec<String>>,
}

impl Default for Prompter {
    fn default() -> Self {
        Self {
            input: Box::new(io::BufReader::new(io::stdin())),
            explanation: None,
        }
    }
}

impl Prompter {
    /// Keeps lines for "?" typed at a later question to show (they replace any kept before).
    pub fn explain_on_request(&mut self, lines: Vec<String>) {
        self.explanation = Some(lines);
    }

    /// Prints the question and reads one line; end of input means the terminal went away.
    pub fn line(&mut self, question: &str) -> CliResult<String> {
        print!("{question} ");
        io::stdout().flush()?;
        let mut answer = String::new();
        if self.input.read_line(&mut answer)? == 0 {
            println!();
            return Err(CliError::Interrupted);
        }
        Ok(answer.trim().to_string())
    }

    /// Asks until the answer parses.
    pub fn ask<T, E: Display>(
        &mut self,
        question: &str,
        mut parse: impl FnMut(&str) -> Result<T, E>,
    ) -> CliResult<T> {
        loop {
            let answer = self.line(question)?;
            if answer == "?"
                && let Some(lines) = &self.explanation
            {
                for line in lines {
                    println!("{line}");
                }
                continue;
            }
            match parse(&answer) {
                Ok(value) => return Ok(value),
                Err(e) => println!("  ! {e}. Please try again."),
            }
        }
    }

    /// Asks an optional value: an empty answer gives None.
    pub fn ask_optional<T, E: Display>(
        &mut self,
        question: &str,
        mut parse: impl FnMut(&str) -> Result<T, E>,
    ) -> CliResult<Option<T>> {
        self.ask(question, |answer| {
            if answer.is_empty() {
                Ok(None)
            } else {
                parse(answer).map(Some)
            }
        })
    }

    /// Asks yes or no; Enter takes the default when there is one.
    pub fn yes_no(&mut self, question: &str, default: Option<bool>) -> CliResult<bool> {
        let hint = match default {
            Some(true) => "[Y/n]",
            Some(false) => "[y/N]",
            None => "[y/n]",
        };
        self.ask(&format!("{question} {hint}"), |answer| {
            match answer.to_ascii_lowercase().as_str() {
                "y" | "yes" => Ok(true),
                "n" | "no" => Ok(false),
                "" if default.is_some() => Ok(default.unwrap_or_default()),
                _ => Err("answer y (yes) or n (no)"),
            }
        })
    }

    /// A numbered menu; the answer is the option's number (Enter takes the default).
    pub fn choose<T: Clone>(
        &mut self,
        question: &str,
        options: &[(T, String)],
        default: Option<usize>,
    ) -> CliResult<T> {
        println!("{question}");
        for (i, (_, label)) in options.iter().enumerate() {
            let marker = if Some(i) == default { " (default)" } else { "" };
            println!("  {}) {label}{marker}", i + 1);
        }
        let count = options.len();
        let index = self.ask(&format!("Choose 1-{count}:"), |answer| {
            if answer.is_empty() {
                return default.ok_or_else(|| format!("type a number from 1 to {count}"));
            }
            match answer.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) => Ok(n - 1),
                _ => Err(format!(
                    "'{answer}' is not an option; type a number from 1 to {count}"
                )),
            }
        })?;
        Ok(options[index].0.clone())
    }
}

/// Prints a section heading.
pub fn heading(title: &str) {
    println!();
    println!("== {title} ==");
}

/// Prints the subject's and the helper's instructions one after the other, labelled.
pub fn instructions(subject: &str, helper: &str) {
    println!();
    println!("For the subject:");
    println!("{}", wrap(subject, "  "));
    println!("For the helper:");
    println!("{}", wrap(helper, "  "));
}
