//! Form problems shown the way people find them (the GOV.UK pattern): every problem at once,
//! a summary at the top linking to each field, the message again beside its field, the field
//! marked invalid, and the first wrong field focused (`autofocus`, no script). The words of a
//! problem come from here, built from the core's [`InputError`] and the field's label, so a
//! message always names the field it is about.

use psoas_core::InputError;
use psoas_core::verdict::number;

/// One field's problem.
#[derive(Clone)]
pub(crate) struct Problem {
    /// The field's `name` and `id`, so the summary can link to it.
    pub(crate) field: &'static str,
    /// What to fix, as a sentence that names the field.
    pub(crate) message: String,
}

/// The problems of one form submission, in the order of the form's fields.
#[derive(Clone, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
    /// Put before each field's name to make its element id, for a page that repeats a
    /// form (one per person) and so needs the ids of each copy apart.
    prefix: String,
}

impl Problems {
    /// No problems yet, for a form whose field ids start with `prefix`.
    pub(crate) fn within(prefix: impl Into<String>) -> Self {
        Self {
            list: Vec::new(),
            prefix: prefix.into(),
        }
    }

    /// The element id of a field.
    pub(crate) fn id(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    /// Keeps the value, or notes the problem under `field` (shown as `label`).
    pub(crate) fn check<T>(
        &mut self,
        field: &'static str,
        label: &str,
        result: Result<T, InputError>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, message(label, &error));
                None
            }
        }
    }

    /// Notes a problem with a message of the page's own.
    pub(crate) fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.list.push(Problem {
            field,
            message: message.into(),
        });
    }

    /// Whether nothing was wrong.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every problem, for the summary.
    pub(crate) fn list(&self) -> &[Problem] {
        &self.list
    }

    /// The message for a field, to show beside it.
    pub(crate) fn of(&self, field: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }

    /// Whether `field` is the first wrong one (it gets the focus).
    pub(crate) fn first(&self, field: &str) -> bool {
        self.list.first().is_some_and(|p| p.field == field)
    }
}

/// A core error as a sentence about the field labelled `label`.
fn message(label: &str, error: &InputError) -> String {
    let text = match error {
        InputError::OutOfRange {
            min,
            max,
            unit,
            got,
            ..
        } => format!(
            "{label} must be between {} and {}{unit}; you typed {got}",
            number(*min),
            number(*max)
        ),
        InputError::NotUnderstood { got, expected, .. } if got.is_empty() => {
            format!("Enter {}: {expected}", lower_first(label))
        }
        InputError::NotUnderstood { got, expected, .. } => {
            format!("{label}: '{got}' is not understood; {expected}")
        }
        other => format!("{label}: {other}"),
    };
    super::capital(&text)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A duration typed as seconds ("90", "90 s", "90 sec") or as minutes and seconds the way
/// the timer shows it ("1:30").
pub(crate) fn seconds(text: &str) -> Result<u32, InputError> {
    let trimmed = text.trim();
    let not_understood = || InputError::NotUnderstood {
        what: "duration",
        got: trimmed.to_string(),
        expected: "give seconds like '90' or '90 s', or minutes and seconds like '1:30'",
    };
    let whole = |t: &str| {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    if let Some((minutes, secs)) = trimmed.split_once(':') {
        let (Some(m), Some(s)) = (whole(minutes.trim()), whole(secs.trim())) else {
            return Err(not_understood());
        };
        if secs.trim().len() != 2 || s > 59 {
            return Err(not_understood());
        }
        return m
            .checked_mul(60)
            .and_then(|m| m.checked_add(s))
            .ok_or_else(not_understood);
    }
    let number = ["seconds", "second", "secs", "sec", "s"]
        .iter()
        .find_map(|unit| trimmed.strip_suffix(unit))
        .unwrap_or(trimmed)
        .trim();
    whole(number).ok_or_else(not_understood)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_seconds_or_as_the_timer_shows_them() {
        for (text, secs) in [
            ("90", 90),
            ("90 s", 90),
            ("90s", 90),
            ("90 sec", 90),
            (" 90 seconds ", 90),
            ("1:30", 90),
            ("0:05", 5),
            ("12:00", 720),
        ] {
            assert_eq!(seconds(text).unwrap(), secs, "{text}");
        }
        for text in [
            "",
            "soon",
            "1:3",
            "1:75",
            "-5",
            "1.5",
            "1:30:00",
            ":30",
            "9999999999",
        ] {
            let error = seconds(text).unwrap_err().to_string();
            assert!(error.contains("'1:30'"), "{text}: {error}");
        }
    }

    #[test]
    fn a_message_names_its_field_as_a_sentence() {
        let mut problems = Problems::default();
        let pain = psoas_core::Pain::parse("11");
        assert!(problems.check("back_pain", "Low back pain", pain).is_none());
        let empty = seconds("");
        assert!(problems.check("hold", "Seconds per hold", empty).is_none());
        assert_eq!(
            problems.of("back_pain"),
            Some("Low back pain must be between 0 and 10 (whole numbers); you typed 11.")
        );
        assert_eq!(
            problems.of("hold"),
            Some(
                "Enter seconds per hold: give seconds like '90' or '90 s', or minutes and \
                 seconds like '1:30'."
            )
        );
        assert!(problems.first("back_pain") && !problems.first("hold"));
        assert_eq!(problems.list().len(), 2);
    }
}
