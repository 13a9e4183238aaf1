//! `psoas measure-photo`: photos drawn by the test from known markers, written to files, read
//! by the real binary; the markers it lists, the lift it measures, and its refusals (exit 2,
//! one sentence, no panic).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use psoas_core::Side;
use psoas_vision::testing::{Scene, encode_jpeg, encode_png};
use serde_json::Value;
use tempfile::TempDir;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn measure(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_psoas"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("PSOAS_DATABASE_URL")
        .arg("measure-photo")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    output
}

#[track_caller]
fn ok(dir: &Path, args: &[&str]) -> String {
    let output = measure(dir, args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[track_caller]
fn refused(dir: &Path, args: &[&str]) -> String {
    let output = measure(dir, args);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("psoas: ") && stderr.contains(": "),
        "{stderr}"
    );
    stderr
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn one_photo_lists_its_markers_with_side_role_and_size() {
    let dir = TempDir::new().unwrap();
    let photo = write(
        dir.path(),
        "rest.jpg",
        &encode_jpeg(&Scene::side(Side::Left, 0.0, 0.0).render(), 90),
    );
    let out = ok(dir.path(), &[s(&photo)]);
    assert!(out.contains("1280 x 720 px"), "{out}");
    for (letter, id) in [
        ("P (pelvis", "tag 0"),
        ("H (hip", "tag 1"),
        ("K (knee", "tag 2"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(letter))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(
            line.contains("left") && line.contains(id) && line.contains("48."),
            "{line}"
        );
    }

    let json: Value = serde_json::from_str(&ok(dir.path(), &[s(&photo), "--json"])).unwrap();
    assert_eq!(json["width"], 1280);
    let markers = json["markers"].as_array().unwrap();
    assert_eq!(markers.len(), 3);
    let hip = markers.iter().find(|m| m["letter"] == "H").unwrap();
    assert_eq!(hip["side"], "left");
    assert_eq!(hip["role"], "hip");
    assert!(
        (hip["centre"][0].as_f64().unwrap() - 560.0).abs() < 1.0,
        "{hip}"
    );
    assert!(
        (hip["size_px"].as_f64().unwrap() - 48.0).abs() < 1.0,
        "{hip}"
    );

    let other = ok(dir.path(), &[s(&photo), "--side", "right"]);
    assert!(other.contains("No markers found"), "{other}");
}

#[test]
fn a_rest_and_a_lift_photo_give_the_rise_and_its_parts() {
    let dir = TempDir::new().unwrap();
    let rest = write(
        dir.path(),
        "rest.png",
        &encode_png(&Scene::side(Side::Right, 0.0, 0.0).render()),
    );
    let lift = write(
        dir.path(),
        "lift.png",
        &encode_png(&Scene::side(Side::Right, 18.0, 4.0).render()),
    );
    let out = ok(dir.path(), &[s(&lift), "--rest", s(&rest)]);
    assert!(out.contains("right side"), "{out}");
    let json: Value =
        serde_json::from_str(&ok(dir.path(), &[s(&lift), "--rest", s(&rest), "--json"])).unwrap();
    assert_eq!(json["side"], "right");
    let near = |key: &str, truth: f64| {
        let v = json[key].as_f64().unwrap();
        assert!((v - truth).abs() <= 0.5, "{key} {v} for {truth}");
    };
    near("rise_deg", 18.0);
    near("pelvis_deg", 4.0);
    near("hip_deg", 14.0);
    assert!(
        out.contains(&format!("{:.1}°", json["rise_deg"].as_f64().unwrap())),
        "{out}"
    );

    // The wrong side named: the core's reason, as a refusal.
    let wrong = refused(
        dir.path(),
        &[s(&lift), "--rest", s(&rest), "--side", "left"],
    );
    assert!(wrong.contains("right side's markers"), "{wrong}");
}

#[test]
fn bad_photos_are_refused_with_a_sentence_and_exit_2() {
    let dir = TempDir::new().unwrap();
    let text = write(dir.path(), "notes.jpg", b"not a photo at all");
    let said = refused(dir.path(), &[s(&text)]);
    assert!(
        said.contains("notes.jpg") && said.contains("JPEG"),
        "{said}"
    );

    let jpeg = encode_jpeg(&Scene::side(Side::Left, 0.0, 0.0).render(), 90);
    let cut = write(dir.path(), "cut.jpg", &jpeg[..jpeg.len() / 3]);
    assert!(refused(dir.path(), &[s(&cut)]).contains("damaged"));

    let huge = write(
        dir.path(),
        "huge.png",
        &psoas_vision::testing::png_claiming(10_000, 6_000),
    );
    assert!(refused(dir.path(), &[s(&huge)]).contains("60 megapixels"));

    let missing = dir.path().join("nowhere.jpg");
    assert!(refused(dir.path(), &[s(&missing)]).contains("cannot read"));

    let rest = write(dir.path(), "rest.jpg", &jpeg);
    let said = refused(dir.path(), &[s(&rest), "--rest", s(&rest), "--side", "up"]);
    assert!(said.contains("left"), "{said}");

    // No lift between two identical photos: the core's refusal.
    let said = refused(dir.path(), &[s(&rest), "--rest", s(&rest)]);
    assert!(said.contains("rose only"), "{said}");
}

/// The sheet's first page as a PNG at `dpi`, through poppler's pdftoppm.
fn printed(dir: &Path, pdf: &Path, dpi: u32) -> PathBuf {
    let stem = dir.join("printed");
    let out = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&stem)
        .output()
        .expect("pdftoppm (Debian's poppler-utils; scripts/test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stem.with_extension("png")
}

#[test]
fn the_printed_marker_sheet_is_read_back_as_all_six_markers_at_their_printed_size() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let pdf = d.join("markers.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_psoas"))
        .env("HOME", d)
        .env_remove("PSOAS_DATABASE_URL")
        .args(["markers", "--out", s(&pdf)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("print it at actual size"), "{said}");
    // At 60 dpi a 40 mm black square is 94.5 px across, as in a phone's photo from 1-1.5 m.
    let page = printed(d, &pdf, 60);
    let found: Value = serde_json::from_str(&ok(d, &[s(&page), "--json"])).unwrap();
    let markers = found["markers"].as_array().unwrap();
    let mut ids: Vec<u64> = markers.iter().map(|m| m["id"].as_u64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, [0, 1, 2, 3, 4, 5], "{found}");
    for m in markers {
        let size = m["size_px"].as_f64().unwrap();
        assert!((size - 40.0 / 25.4 * 60.0).abs() < 2.0, "{m}");
    }
    // Each side's three in the sheet's order, P H K, left side above the right.
    let y = |id: u64| {
        markers.iter().find(|m| m["id"] == id).unwrap()["centre"][1]
            .as_f64()
            .unwrap()
    };
    assert!(y(0) < y(3), "{found}");
    // A file that cannot be written: refused without a panic, and nothing left behind.
    let nowhere = d.join("no-such-folder").join("markers.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_psoas"))
        .env("HOME", d)
        .args(["markers", "--out", s(&nowhere)])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert!(!nowhere.exists());
}

/// `psoas record --photo --rest`: a camera trial from drawn photos into a real SQLite file.
mod record {
    use super::*;
    use crate::series::Psoas;
    use psoas_core::MeasurementId;
    use psoas_store::{Scope, Store};

    fn photos(psoas: &Psoas, side: Side, rise: f64, pelvis: f64) -> (String, String) {
        let dir = psoas.dir.path();
        let name = |what: &str| format!("{}-{rise}-{what}.jpg", side.as_str());
        let rest = write(
            dir,
            &name("rest"),
            &encode_jpeg(&Scene::side(side, 0.0, 0.0).render(), 92),
        );
        let lift = write(
            dir,
            &name("lift"),
            &encode_jpeg(&Scene::side(side, rise, pelvis).render(), 92),
        );
        (s(&rest).to_string(), s(&lift).to_string())
    }

    fn args<'a>(session: &'a str, side: Side, photos: &'a (String, String)) -> Vec<&'a str> {
        vec![
            "record",
            session,
            "--test",
            "leg-raise",
            "--side",
            side.as_str(),
            "--photo",
            &photos.1,
            "--rest",
            &photos.0,
        ]
    }

    fn said(psoas: &Psoas, session: &str, side: Side, photos: &(String, String)) -> String {
        psoas.ok(&args(session, side, photos))
    }

    fn record_photos(psoas: &Psoas, session: &str, side: Side, photos: &(String, String)) -> Value {
        psoas.json(&args(session, side, photos))
    }

    #[tokio::test]
    async fn two_photos_record_a_camera_trial_with_its_markers_kept_and_the_pelvis_advice() {
        let psoas = Psoas::new();
        let session = psoas.session();
        let tipped = photos(&psoas, Side::Left, 16.0, 5.0);
        let stored = record_photos(&psoas, &session, Side::Left, &tipped);
        assert_eq!(stored["method"], "camera_markers");
        let degrees = stored["reading"]["degrees"].as_f64().unwrap();
        assert!((degrees - 16.0).abs() <= 0.5, "{stored}");

        // Said in words: the parts and the advice to keep the pelvis down.
        let words = said(
            &psoas,
            &session,
            Side::Right,
            &photos(&psoas, Side::Right, 12.0, 0.0),
        );
        assert!(words.contains("hip part"), "{words}");
        assert!(!words.contains("keep the pelvis down"), "{words}");
        let again = said(&psoas, &session, Side::Left, &tipped);
        assert!(again.contains("keep the pelvis down"), "{again}");
        assert!(again.contains("pelvis part 5."), "{again}");

        // The verdict says on which side the pelvis tipped, over the trials that count.
        let verdict = psoas.ok(&["verdict", &session]);
        assert!(
            verdict
                .contains("On the left side the pelvis tipped with the leg in both camera trials"),
            "{verdict}"
        );
        assert!(!verdict.contains("On the right side"), "{verdict}");
        let json = psoas.json(&["verdict", &session]);
        assert_eq!(json["pelvis"][0]["tip"]["side"], "left");
        assert_eq!(json["pelvis"][0]["tip"]["tipped"], 2);
        assert_eq!(json["pelvis"].as_array().unwrap().len(), 1);

        // The markers are in the database, and give the stored angle again.
        let store = psoas_store_sqlite::SqliteStore::open(Path::new(&psoas.db()))
            .await
            .unwrap();
        let record = store.find_session(Scope::Terminal, &session).await.unwrap();
        let id: uuid::Uuid = stored["id"].as_str().unwrap().parse().unwrap();
        let kept = store
            .measurement_camera(Scope::Terminal, record.session.id, MeasurementId(id))
            .await
            .unwrap()
            .expect("the markers are kept");
        store.close().await;
        assert_eq!(kept.analyse(Side::Left).unwrap().rise.value(), degrees);
        assert_eq!(kept.rest.markers().len(), 3);
    }

    #[test]
    fn photos_that_cannot_be_trusted_or_used_are_refused_and_nothing_is_stored() {
        let psoas = Psoas::new();
        let session = psoas.session();
        let left = photos(&psoas, Side::Left, 14.0, 0.0);
        let not_a_photo = write(psoas.dir.path(), "notes.jpg", b"not a photo");
        let record = |side: &str, lift: &str, rest: &str| {
            psoas.fails(&[
                "record",
                &session,
                "--test",
                "leg-raise",
                "--side",
                side,
                "--photo",
                lift,
                "--rest",
                rest,
            ])
        };
        let wrong_side = record("right", &left.1, &left.0);
        assert!(wrong_side.contains("were not recorded"), "{wrong_side}");
        assert!(wrong_side.contains("right side"), "{wrong_side}");
        let unreadable = record("left", s(&not_a_photo), &left.0);
        assert!(unreadable.contains("notes.jpg"), "{unreadable}");
        let strength = psoas.fails(&[
            "record", &session, "--test", "strength", "--side", "left", "--photo", &left.1,
            "--rest", &left.0,
        ]);
        assert!(strength.contains("--test leg-raise"), "{strength}");
        // Without the rest photo, or with a typed value too: usage errors.
        let alone = psoas.run(&[
            "record",
            &session,
            "--test",
            "leg-raise",
            "--side",
            "left",
            "--photo",
            &left.1,
        ]);
        alone.code(2);
        let typed = psoas.run(&[
            "record",
            &session,
            "--test",
            "leg-raise",
            "--side",
            "left",
            "--photo",
            &left.1,
            "--rest",
            &left.0,
            "--value",
            "14",
        ]);
        typed.code(2);
        assert!(psoas.measurements(&session).is_empty());
    }
}

/// Photos kept by choice: `psoas profile edit --keep-photos`, `psoas record --photo`, and the
/// archive with `--with-photos` carrying them to another database.
mod kept_photos {
    use super::*;
    use crate::series::Psoas;
    use base64::Engine;

    fn record(psoas: &Psoas, session: &str, rest: &Path, lift: &Path) -> String {
        psoas.ok(&[
            "record",
            session,
            "--test",
            "leg-raise",
            "--side",
            "left",
            "--photo",
            s(lift),
            "--rest",
            s(rest),
        ])
    }

    fn photos_in(archive: &Value) -> Vec<Value> {
        archive["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["camera_photos"].as_array().cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn photos_are_kept_only_when_the_profile_keeps_them_and_travel_only_when_asked() {
        let psoas = Psoas::new();
        let session = psoas.session();
        let dir = psoas.dir.path();
        let rest_bytes = encode_jpeg(&Scene::side(Side::Left, 0.0, 0.0).render(), 92);
        let rest = write(dir, "rest.jpg", &rest_bytes);
        let lift = write(
            dir,
            "lift.png",
            &encode_png(&Scene::side(Side::Left, 14.0, 1.0).render()),
        );
        let said = record(&psoas, &session, &rest, &lift);
        assert!(said.contains("the photos are not"), "{said}");
        let export = |extra: &[&str]| -> Value {
            let mut args = vec!["export", "--format", "json"];
            args.extend_from_slice(extra);
            serde_json::from_str(&psoas.ok(&args)).unwrap()
        };
        assert!(photos_in(&export(&["--with-photos"])).is_empty());

        let edited = psoas.ok(&["profile", "edit", "Anna", "--keep-photos", "yes"]);
        assert!(edited.contains("keeps the camera's photos"), "{edited}");
        let said = record(&psoas, &session, &rest, &lift);
        assert!(said.contains("both photos are kept"), "{said}");

        // Only the archive asked for with its photos carries them, the files exactly.
        assert!(photos_in(&export(&[])).is_empty());
        let archive = export(&["--with-photos"]);
        let photos = photos_in(&archive);
        assert_eq!(photos.len(), 2, "{photos:?}");
        assert_eq!(
            (
                photos[0]["picture"].as_str(),
                photos[0]["media_type"].as_str()
            ),
            (Some("rest"), Some("image/jpeg"))
        );
        assert_eq!(photos[1]["media_type"], "image/png");
        let data = base64::engine::general_purpose::STANDARD
            .decode(photos[0]["data"].as_str().unwrap())
            .unwrap();
        assert_eq!(data, rest_bytes);
        let refused = psoas.fails(&["export", "--format", "fhir", "--with-photos"]);
        assert!(refused.contains("only the JSON archive"), "{refused}");
        let fhir = psoas.ok(&["export", "--format", "fhir"]);
        assert!(!fhir.contains(photos[0]["data"].as_str().unwrap()));

        // Imported elsewhere, the photos come too, since the profile keeps them there.
        let file = dir.join("archive.json");
        std::fs::write(&file, serde_json::to_vec(&archive).unwrap()).unwrap();
        let other = Psoas::new();
        other.ok(&["import", s(&file)]);
        assert_eq!(
            photos_in(
                &serde_json::from_str::<Value>(&other.ok(&[
                    "export",
                    "--format",
                    "json",
                    "--with-photos"
                ]))
                .unwrap()
            ),
            photos
        );

        // Turned off, the kept photos are deleted.
        psoas.ok(&["profile", "edit", "Anna", "--keep-photos", "no"]);
        assert!(photos_in(&export(&["--with-photos"])).is_empty());
        assert_eq!(psoas.measurements(&session).len(), 2, "the trials stay");
    }
}
