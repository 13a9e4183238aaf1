//! Words from the core and the store made into sentences for people, the same in the pages
//! and the API.

/// A store or core message as a sentence: capital first letter, full stop.
pub(crate) fn capital(message: &str) -> String {
    let mut chars = message.chars();
    let mut text: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}
