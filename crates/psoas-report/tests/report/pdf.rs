//! The PDF's font: the DejaVu Sans that ships in `fonts/` with its licence, unchanged, embedded
//! as a subset instead of the standard Helvetica that prints `?` for most of the world's names.

use psoas_core::{DisplayName, Profile};
use psoas_report::report_pdf;
use sha2::{Digest, Sha256};

use crate::history::daily;

const FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

#[test]
fn the_shipped_font_is_the_dejavu_sans_checked_in_with_its_licence_beside_it() {
    let digest = Sha256::digest(FONT);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322"
    );
    let licence = include_str!("../../fonts/DejaVuSans-LICENSE.txt");
    assert!(licence.contains("Bitstream Vera"), "{licence}");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_report_embeds_a_subset_of_the_font_and_no_standard_font() {
    let profile = Profile::new(DisplayName::parse("Ζωή 李").unwrap(), None, None, None);
    let records = daily(2);
    let pdf = report_pdf(&profile, &records, "a test", records[0].session.started_at).unwrap();
    assert!(contains(&pdf, b"/FontFile2"));
    assert!(contains(&pdf, b"/PSOAS+DejaVuSans"));
    assert!(contains(&pdf, b"/ToUnicode"));
    assert!(!contains(&pdf, b"Helvetica"));
    // Charts and all, the file is smaller than the font alone: only the glyphs used went in.
    assert!(pdf.len() < FONT.len(), "{} bytes", pdf.len());
}
