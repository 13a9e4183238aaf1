//! The PDF's fonts: the DejaVu Sans and the Droid Sans Fallback that ship in `fonts/` with
//! their licences, unchanged, embedded as subsets instead of the standard Helvetica that prints
//! `?` for most of the world's names; the fallback only when a character needs it.

use psoas_core::{DisplayName, Profile};
use psoas_report::report_pdf;
use sha2::{Digest, Sha256};

use crate::history::daily;

const FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const FALLBACK: &[u8] = include_bytes!("../../fonts/DroidSansFallbackFull.ttf");
const HANGUL: &[u8] = include_bytes!("../../fonts/NanumSquareR.ttf");

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_shipped_font_is_the_dejavu_sans_checked_in_with_its_licence_beside_it() {
    assert_eq!(
        sha256(FONT),
        "abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322"
    );
    let licence = include_str!("../../fonts/DejaVuSans-LICENSE.txt");
    assert!(licence.contains("Bitstream Vera"), "{licence}");
}

#[test]
fn the_fallback_font_is_droid_sans_fallback_with_its_apache_licence_beside_it() {
    // Debian's fonts-droid-fallback 1:6.0.1r16-1.1, DroidSansFallbackFull.ttf.
    assert_eq!(
        sha256(FALLBACK),
        "acb6440a713d880a13a21b468ba7cd43f5a2b2934972e51be791c880730777b8"
    );
    let licence = include_str!("../../fonts/DroidSansFallbackFull-LICENSE.txt");
    assert!(licence.contains("Apache License"), "{licence}");
    assert!(licence.contains("Google"), "{licence}");
}

#[test]
fn the_hangul_font_is_nanum_square_with_its_open_font_licence_beside_it() {
    // Debian's fonts-nanum 20200506-1, NanumSquareR.ttf.
    assert_eq!(
        sha256(HANGUL),
        "5a51deae5237435d9a0bc0cc6cc30619a914b29801f895698cfdacadcad06e94"
    );
    let licence = include_str!("../../fonts/NanumSquareR-LICENSE.txt");
    assert!(
        licence.contains("SIL Open Font License, Version 1.1"),
        "{licence}"
    );
    assert!(licence.contains("NAVER"), "{licence}");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_report_embeds_a_subset_of_the_font_and_no_standard_font() {
    let profile = Profile::new(DisplayName::parse("Ζωή 李 민준").unwrap(), None, None, None);
    let records = daily(2);
    let pdf = report_pdf(&profile, &records, "a test", records[0].session.started_at).unwrap();
    assert!(contains(&pdf, b"/FontFile2"));
    assert!(contains(&pdf, b"/PSOASA+DejaVuSans"));
    assert!(
        contains(&pdf, b"/PSOASB+DroidSansFallback"),
        "李 needs the fallback"
    );
    assert!(contains(&pdf, b"/ToUnicode"));
    assert!(!contains(&pdf, b"Helvetica"));
    // Charts and all, the file is smaller than the main font alone: only the glyphs used
    // went in, of both.
    assert!(pdf.len() < FONT.len(), "{} bytes", pdf.len());

    // A name DejaVu covers: no fallback in the file.
    let profile = Profile::new(DisplayName::parse("Zoë Ἀθηνᾶ").unwrap(), None, None, None);
    let pdf = report_pdf(&profile, &records, "a test", records[0].session.started_at).unwrap();
    assert!(contains(&pdf, b"/PSOASA+DejaVuSans"));
    assert!(!contains(&pdf, b"DroidSansFallback"));
    assert!(!contains(&pdf, b"NanumSquare"));
}
