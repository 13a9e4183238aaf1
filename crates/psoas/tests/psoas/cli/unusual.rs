//! `psoas record` and unusual values: beyond what a body does, or far from the side's other
//! trials, a value is refused with the question and what it may have meant, and kept,
//! flagged, only with `--confirm`.

use super::{Psoas, array};

#[test]
fn an_unusual_value_is_refused_until_confirmed_and_then_kept_flagged() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let typo = ["--test", "leg-raise", "--side", "left", "--value", "84.8"];
    psoas.refuses_trial(&id, &typo, "Is 84.8° right?");
    psoas.refuses_trial(&id, &typo, "rarely goes above 45°");
    psoas.refuses_trial(&id, &typo, "Did you mean 8.48?");
    psoas.refuses_trial(&id, &typo, "add --confirm to keep it");

    // Far from the side's other trials: 40° against 12° and 13° with a goniometer.
    psoas.record(&id, "leg-raise", "left", "12");
    psoas.record(&id, "leg-raise", "right", "20");
    psoas.record(&id, "leg-raise", "left", "13");
    psoas.refuses_trial(
        &id,
        &["--test", "leg-raise", "--side", "left", "--value", "40"],
        "from the left side's other trials (median 12.5°)",
    );
    let mut confirmed = vec!["record", &id];
    confirmed.extend_from_slice(&["--test", "leg-raise", "--side", "left", "--value", "40"]);
    confirmed.push("--confirm");
    let kept = psoas.json(&confirmed);
    assert_eq!(kept["confirmed_unusual"], true, "{kept}");
    // A usual value needs no confirmation and is not flagged.
    let usual = psoas.record(&id, "leg-raise", "right", "21");
    assert!(usual.get("confirmed_unusual").is_none(), "{usual}");

    let trials = array(&psoas.show(&id)["measurements"]).clone();
    assert_eq!(trials.len(), 5);
    assert_eq!(trials[3]["confirmed_unusual"], true);
    let table = psoas.ok(&["session", "show", &id]);
    assert!(table.contains("unusual, confirmed"), "{table}");
}
