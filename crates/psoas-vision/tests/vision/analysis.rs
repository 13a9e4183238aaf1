//! From drawn rest and lift photos to the thigh's rise and its parts, against the truth the
//! drawing was made from.

use psoas_core::Side;
use psoas_core::camera::{CameraProblem, MarkerFrame, analyse_photos};
use psoas_vision::testing::{Scene, encode_jpeg, encode_png, to_rgb};
use psoas_vision::{decode, find_markers};

fn frame(bytes: &[u8]) -> MarkerFrame {
    find_markers(&decode(bytes).unwrap()).unwrap()
}

/// Checks the angles against the truth where all markers were found; returns whether they
/// were (a marker the detector missed is its failure, counted by the callers, not a wrong
/// angle).
#[track_caller]
fn check(side: Side, rise: f64, pelvis: f64, encode: &dyn Fn(&Scene) -> Vec<u8>) -> bool {
    let rest = frame(&encode(&Scene::side(side, 0.0, 0.0)));
    let lift = frame(&encode(&Scene::side(side, rise, pelvis)));
    let angles = match analyse_photos(side, &rest, &lift, None) {
        Ok(angles) => angles,
        Err(CameraProblem::MissingMarker { .. }) => return false,
        Err(e) => panic!("{side:?} rise {rise} pelvis {pelvis}: {e}"),
    };
    let hip = rise - pelvis;
    assert!(
        (angles.rise.value() - rise).abs() <= 0.5,
        "rise {} for {rise}",
        angles.rise.value()
    );
    assert!(
        (angles.pelvis - pelvis).abs() <= 0.5,
        "pelvis {} for {pelvis}",
        angles.pelvis
    );
    assert!(
        (angles.hip - hip).abs() <= 0.5,
        "hip {} for {hip}",
        angles.hip
    );
    assert!(angles.camera_tilt_deg < 10.0);
    true
}

#[test]
fn a_lift_drawn_in_png_is_measured_within_half_a_degree() {
    let cases = [
        (5.0, 0.0),
        (12.0, 3.0),
        (20.0, 6.5),
        (30.0, 9.0),
        (9.5, -2.0),
        (40.0, 12.0),
    ];
    let measured = cases
        .iter()
        .filter(|&&(rise, pelvis)| check(Side::Left, rise, pelvis, &|s| encode_png(&s.render())))
        .count();
    assert!(
        measured == cases.len(),
        "markers found in only {measured} of {}",
        cases.len()
    );
}

#[test]
fn a_lift_of_the_right_side_in_a_colour_jpeg_is_measured_within_half_a_degree() {
    let cases = [(8.0, 2.0), (18.0, 4.0), (25.0, 1.0), (14.0, 0.0)];
    let jpeg = |s: &Scene| encode_jpeg(&to_rgb(&s.render()), 85);
    let measured = cases
        .iter()
        .filter(|&&(rise, pelvis)| check(Side::Right, rise, pelvis, &jpeg))
        .count();
    assert!(
        measured == cases.len(),
        "markers found in only {measured} of {}",
        cases.len()
    );
}

#[test]
fn small_markers_and_heavy_noise_still_measure_within_half_a_degree() {
    let noisy = |s: &Scene| {
        let mut s = s.clone().with_tag_size(30.0);
        s.noise = 5.0;
        s.gain = (0.6, 1.0);
        encode_jpeg(&s.render(), 80)
    };
    assert!(check(Side::Left, 15.0, 4.0, &noisy));
}

#[test]
fn a_known_error_in_the_drawing_shows_in_the_result() {
    // The check above would pass anything if the truth were not used: a lift drawn 2° higher
    // than claimed is caught.
    let rest = frame(&encode_png(&Scene::side(Side::Left, 0.0, 0.0).render()));
    let lift = frame(&encode_png(&Scene::side(Side::Left, 17.0, 3.0).render()));
    let angles = analyse_photos(Side::Left, &rest, &lift, None).unwrap();
    assert!((angles.rise.value() - 15.0).abs() > 1.5);
    assert!((angles.rise.value() - 17.0).abs() <= 0.5);
}
