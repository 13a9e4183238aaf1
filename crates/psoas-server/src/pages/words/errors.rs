//! Refusals any page can give, and the titles of the error page.

/// The server is busy (password work queued full).
pub(crate) fn busy(seconds: u64) -> String {
    format!(
        "The server is busy right now. Nothing was changed; try again in {}.",
        super::count(seconds, "second", "seconds")
    )
}

/// A form's CSRF token is missing or stale.
pub(crate) const FORM_EXPIRED: &str = "This form has expired or did not come from this site. \
     Go back, reload the page and try again.";

/// Something nobody can fix from the browser.
pub(crate) const SERVER_FAULT: &str = "Something went wrong on the server. Your entries so \
     far are saved; try again in a moment.";

/// A record that is not there, or not the account's ("profile", "session", ...).
pub(crate) fn not_yours(what: &str) -> String {
    format!("That {what} does not exist, or it is not yours.")
}

/// A name or id prefix that fits more than one record.
pub(crate) fn not_clear(what: &str) -> String {
    format!("That {what} is not clear.")
}

/// A history page past the last.
pub(crate) fn no_such_history_page(page: u64, pages: u64) -> String {
    format!(
        "There is no page {page} of this history: it has {}. Go back to page 1.",
        super::count(pages, "page", "pages")
    )
}

/// The error page's heading for an HTTP status.
pub(crate) fn title(status: u16) -> &'static str {
    match status {
        404 => "Not found",
        403 => "Not allowed",
        409 => "Already there",
        429 => "Too many attempts",
        503 => "Busy",
        400..=499 => "Please check",
        _ => "Server problem",
    }
}

/// A chart with nothing to draw, and why.
pub(crate) fn nothing_to_draw(why: &str) -> String {
    format!("Nothing to draw yet: {why}.")
}
