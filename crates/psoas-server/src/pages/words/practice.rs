//! The words of the practitioner's pages: clients, their people, notes and prescriptions.

/// A client that is not linked to the practitioner.
pub(crate) const CLIENT_NOT_FOUND: &str = "That client does not exist, or is not linked to you.";
/// The Clients page asked for by an account that does not practise.
pub(crate) const FOR_PRACTITIONERS: &str = "The Clients page is for practitioners. Ask the \
     owner of this server for a practitioner invitation.";
/// A person who is not the client's.
pub(crate) const PERSON_NOT_FOUND: &str = "That person is not your client's.";
/// A session that is not the client's.
pub(crate) const SESSION_NOT_FOUND: &str =
    "That session does not exist, or is not one of your client's.";

/// The prescription in force, and who set it when.
pub(crate) fn prescribed_by(by: &str, when: &str, what: &str) -> String {
    format!("Set by {by} on {when}: {what}.")
}

/// The prescription form's choice fields, by their names.
pub(crate) const STRETCH_LABEL: &str = "Stretch";
pub(crate) const TECHNIQUE_LABEL: &str = "Strengthening";

/// The prescription form's duration fields and their labels, in the form's order.
pub(crate) const DURATION_LABELS: [(&str, &str); 5] = [
    ("reps", "Holds in stretch a"),
    ("hold_seconds", "Time per hold"),
    ("release_seconds", "Release between holds"),
    ("roller_seconds", "Time on the foam roller"),
    ("strengthen_seconds", "Time of strengthening"),
];

/// The prescription form's choices: the form's value and its words.
pub(crate) const STRETCH_OPTIONS: &[(&str, &str)] = &[
    ("", "their choice"),
    ("a", "a: edge of the bed"),
    ("b", "b: foam roller"),
];
pub(crate) const TECHNIQUE_OPTIONS: &[(&str, &str)] = &[
    ("", "their choice"),
    ("a", "a: belly on the strong side"),
    ("b", "b: buttock on the weak side"),
];
