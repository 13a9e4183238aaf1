//! Accounts of the web app: who may see which profiles. Passwords are not handled here:
//! hashing belongs to the server, which stores only the hash.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{AccountId, DisplayName, InputError};

/// An e-mail address used to sign in, kept lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Checks the rough shape of an address (something@domain.tld); the mailbox itself is
    /// never contacted, so nothing stricter is useful.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let address = text.trim().to_lowercase();
        let shape_ok = match address.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            }
            None => false,
        };
        if !shape_ok || address.len() > 254 || address.chars().any(char::is_whitespace) {
            return Err(InputError::NotUnderstood {
                what: "e-mail address",
                got: text.trim().to_string(),
                expected: "give an address like name@example.org",
            });
        }
        Ok(Self(address))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an account may do beyond its own data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Created with the one-time set-up link: invites others, and also sees the profiles made
    /// in the terminal tool on the same database.
    Owner,
    /// Signed up by an invitation from the owner: their own profiles only.
    Member,
    /// Signed up by a practitioner invitation from the owner: their own profiles, and invites
    /// clients whose records they then follow while the client stays linked.
    Practitioner,
    /// Signed up by a client invitation from a practitioner: their own profiles, linked to
    /// that practitioner until either of them unlinks.
    Client,
}

impl Role {
    /// Name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Member => "member",
            Role::Practitioner => "practitioner",
            Role::Client => "client",
        }
    }

    /// Whether the account may invite clients and follow them. The owner may too: a
    /// practitioner working alone runs their own server and is its owner.
    pub fn can_practise(self) -> bool {
        matches!(self, Role::Owner | Role::Practitioner)
    }
}

/// A person who signs in to the web app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Its identifier.
    pub id: AccountId,
    /// Sign-in address.
    pub email: Email,
    /// Name shown in pages.
    pub display_name: DisplayName,
    /// Owner, member, practitioner or client.
    pub role: Role,
    /// When it was created.
    pub created_at: Timestamp,
}

/// The shortest password accepted (OWASP ASVS 2.1.1 asks for at least 12).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Passwords long enough but seen again and again in breaches, one a line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether a password is on the list of common ones, or one character repeated.
fn is_common_password(password: &str) -> bool {
    let folded: String = password
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let mut chars = folded.chars();
    let repeated = chars.next().is_none_or(|first| chars.all(|c| c == first));
    repeated
        || COMMON_PASSWORDS
            .lines()
            .filter(|line| !line.starts_with('#'))
            .any(|line| line == folded)
}

/// Checks a new password: its length (NIST SP 800-63B favours length over composition
/// rules) and that it is not one everybody tries first.
pub fn check_new_password(password: &str) -> Result<(), InputError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(InputError::Protocol(format!(
            "the password needs at least {MIN_PASSWORD_CHARS} characters; a few unrelated words \
             make a strong one"
        )));
    }
    if length > 256 {
        return Err(InputError::Protocol(
            "the password is longer than 256 characters".to_string(),
        ));
    }
    if is_common_password(password) {
        return Err(InputError::Protocol(
            "this password is one of the first that anyone guessing would try; choose a few \
             unrelated words instead"
                .to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse(" Anna@Example.ORG ").unwrap().as_str(),
            "anna@example.org"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.org",
            "anna@example",
            "a b@example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("eleven char").is_err());
        assert!(check_new_password("twelve chars").is_ok());
        assert!(check_new_password("correct horse battery").is_ok());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case_and_spaces() {
        for common in [
            "password1234",
            "Password1234",
            "Correct Horse Battery Staple",
            "1q2w3e4r5t6y",
            "aaaaaaaaaaaaaaa",
            "            ",
        ] {
            let refused = check_new_password(common).unwrap_err().to_string();
            assert!(refused.contains("guessing"), "{common}: {refused}");
        }
        assert!(check_new_password("password1234 lamp orbit").is_ok());
    }
}
