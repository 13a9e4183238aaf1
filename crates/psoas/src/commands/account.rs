//! `psoas account reset-password`: a new password for an account of the web app, for an
//! owner locked out of their own server (members get a reset link from the owner instead);
//! `psoas account records`: who has reached an account's records and what practitioners
//! wrote about its people, for whoever runs the server to answer the holder's request.
//! Whoever can run psoas on the database already holds all of it, so the terminal needs no
//! other proof; every sign-in of the account ends.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use psoas_core::account::check_new_password;
use psoas_core::{Account, Email, Role};
use psoas_server::password_work::PasswordWork;
use psoas_store::AppStore;
use std::io::{BufRead, IsTerminal, Write};

use crate::error::{CliError, CliResult};
use crate::words;

/// Sets a new password, read from standard input, for the account of `email` (the owner's
/// without one).
pub async fn reset_password(store: &dyn AppStore, email: Option<&str>) -> CliResult {
    let account = account_of(store, email).await?;
    let password = read_new_password(&account)?;
    check_new_password(&password)?;
    let hash = PasswordWork::with_workers(1)
        .hash(password)
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let ended = store.set_password(account.id, &hash, None).await?;
    println!("{}", words::password_reset_done(&account, ended));
    Ok(())
}

/// Prints the access log of the account of `email`, newest first, and every note a
/// practitioner wrote about its people.
pub async fn records(store: &dyn AppStore, email: &str) -> CliResult {
    let account = account_of(store, Some(email)).await?;
    let log = store.access_log(account.id, u32::MAX).await?;
    let notes = store.notes_about(account.id).await?;
    let mut out = vec![words::records::access_title(&account)];
    if log.is_empty() {
        out.push(words::records::NO_ACCESS.to_string());
    }
    out.extend(log.iter().map(words::records::access_line));
    // The server's own default, so the two cannot disagree.
    let kept = psoas_server::Settings::new(String::new(), false).access_log_days;
    out.push(words::records::kept_for(kept));
    out.push(String::new());
    out.push(words::records::NOTES_TITLE.to_string());
    if notes.is_empty() {
        out.push(words::records::NO_NOTES.to_string());
    }
    out.extend(
        notes
            .iter()
            .map(|(person, note)| words::records::note_lines(person.as_str(), note)),
    );
    println!("{}", out.join("\n"));
    Ok(())
}

async fn account_of(store: &dyn AppStore, email: Option<&str>) -> CliResult<Account> {
    match email {
        Some(email) => {
            let email = Email::parse(email)?;
            store
                .account_by_email(&email)
                .await?
                .map(|(account, _)| account)
                .ok_or_else(|| CliError::Usage(words::no_account_with(&email)))
        }
        None => store
            .accounts()
            .await?
            .into_iter()
            .find(|a| a.role == Role::Owner)
            .ok_or_else(|| CliError::Usage(words::NO_OWNER_YET.to_string())),
    }
}

/// The new password: typed twice, hidden, in a terminal; otherwise the first line of
/// standard input.
fn read_new_password(account: &Account) -> CliResult<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = read_hidden(&words::new_password_prompt(account))?;
    let again = read_hidden(words::NEW_PASSWORD_AGAIN)?;
    if first != again {
        return Err(CliError::Usage(words::PASSWORDS_DIFFER.to_string()));
    }
    Ok(first)
}

/// One line typed without echo.
fn read_hidden(prompt: &str) -> CliResult<String> {
    eprint!("{prompt} ");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let typed = read_keys();
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    typed
}

fn read_keys() -> CliResult<String> {
    let mut typed = String::new();
    loop {
        let Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            ..
        }) = event::read()?
        else {
            continue;
        };
        match code {
            KeyCode::Enter => return Ok(typed),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Esc => return Err(CliError::Interrupted),
            KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => {
                return Err(CliError::Interrupted);
            }
            KeyCode::Char(c) => typed.push(c),
            _ => {}
        }
    }
}
