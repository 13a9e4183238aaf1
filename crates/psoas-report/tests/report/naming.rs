//! The report's file name says whose it is and when, in any script, and the web download
//! offers that name to every browser.

use psoas_core::{DisplayName, Profile};
use psoas_report::{content_disposition, report_file_name};

use crate::history::daily;

fn profile(name: &str) -> Profile {
    Profile::new(DisplayName::parse(name).unwrap(), None, None, None)
}

#[test]
fn the_file_is_named_after_the_person_and_the_period() {
    let records = daily(3);
    let name = report_file_name(&profile("Anna"), &records);
    assert_eq!(name, "psoas-Anna-2026-05-28-to-2026-05-30.pdf");
    assert_eq!(
        report_file_name(&profile("Anna"), &records[..1]),
        "psoas-Anna-2026-05-28.pdf"
    );
}

#[test]
fn any_script_stays_and_what_a_file_system_trips_on_becomes_a_dash() {
    let records = daily(1);
    assert_eq!(
        report_file_name(&profile("Ζωή  O'Brien / 李"), &records),
        "psoas-Ζωή-O-Brien-李-2026-05-28.pdf"
    );
    assert_eq!(
        report_file_name(&profile("***"), &records),
        "psoas-report-2026-05-28.pdf"
    );
}

#[test]
fn the_download_offers_an_ascii_name_and_the_utf8_one() {
    let header = content_disposition("psoas-Ζωή-2026-05-28.pdf");
    assert_eq!(
        header,
        "attachment; filename=\"psoas-___-2026-05-28.pdf\"; \
         filename*=UTF-8''psoas-%CE%96%CF%89%CE%AE-2026-05-28.pdf"
    );
    assert!(header.is_ascii());
}
