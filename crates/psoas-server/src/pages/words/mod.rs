//! Every sentence the pages make in Rust code, in one place per area: refusals, notices,
//! problems, labels and the sentences built from numbers, with their plurals. The templates
//! in `templates/` hold each page's own text; these two are the set a translation of the web
//! front door works through. (The terminal's words are in the `psoas` crate's `words/`; the
//! core's sentences, such as a verdict's reasons, are shared by both front doors.)

pub(crate) mod accounts;
pub(crate) mod camera;
pub(crate) mod deletion;
pub(crate) mod errors;
pub(crate) mod practice;
pub(crate) mod profiles;
pub(crate) mod protocol;

/// "1 page", "3 pages": a count with its noun, singular for one.
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(count(0, "page", "pages"), "0 pages");
        assert_eq!(count(1, "page", "pages"), "1 page");
        assert_eq!(count(2, "sign-in", "sign-ins"), "2 sign-ins");
    }
}
