//! Markers found where they were drawn: centres, corners in the printed order, sizes the
//! core needs, turns, slants, light and noise, in JPEG and PNG.

use psoas_core::Side;
use psoas_vision::testing::{Scene, TagPose, encode_jpeg, encode_png, to_rgb};
use psoas_vision::{decode, find_markers};

use crate::{distance, found};

#[test]
fn each_drawn_marker_is_found_at_its_centre_with_its_corners_in_printed_order() {
    for turn in [0.0, 33.0, 90.0, 180.0, 270.0, -12.5] {
        let mut scene = Scene::new(1280, 720);
        scene.tags = vec![
            TagPose::new(0, (300.3, 360.7), 40.0).turned(turn),
            TagPose::new(1, (640.0, 300.2), 40.0).turned(turn),
            TagPose::new(2, (980.6, 420.1), 40.0).turned(turn),
        ];
        let photo = decode(&encode_png(&scene.render())).unwrap();
        let frame = find_markers(&photo).unwrap();
        assert_eq!(
            frame.markers().len(),
            3,
            "turn {turn}: {:?}",
            frame.markers()
        );
        for tag in &scene.tags {
            let m = found(&frame, tag);
            let off = distance(m.centre(), tag.centre);
            assert!(
                off < 0.3,
                "turn {turn}: tag {} centre {off:.2} px off",
                tag.id
            );
            for (seen, truth) in m.corners().iter().zip(tag.corners()) {
                let off = distance(*seen, truth);
                assert!(
                    off < 0.6,
                    "turn {turn}: tag {} corner {off:.2} px off: {seen:?} {truth:?}",
                    tag.id
                );
            }
        }
    }
}

#[test]
fn slanted_markers_under_uneven_light_in_a_colour_jpeg_are_found() {
    let mut scene = Scene::new(1920, 1080);
    scene.gain = (0.55, 1.0);
    scene.offset = 20.0;
    scene.noise = 5.0;
    scene.tags = vec![
        TagPose::new(3, (400.0, 500.0), 60.0)
            .turned(10.0)
            .slanted(0.04, 0.0),
        TagPose::new(4, (900.0, 540.0), 60.0)
            .turned(-5.0)
            .slanted(0.0, 0.05),
        TagPose::new(5, (1350.0, 600.0), 60.0)
            .turned(170.0)
            .slanted(-0.03, 0.03),
    ];
    let photo = decode(&encode_jpeg(&to_rgb(&scene.render()), 88)).unwrap();
    let frame = find_markers(&photo).unwrap();
    for tag in &scene.tags {
        let m = found(&frame, tag);
        assert!(distance(m.centre(), tag.centre) < 0.5, "tag {}", tag.id);
    }
}

#[test]
fn markers_down_to_25_px_are_found_in_a_1280_by_720_jpeg() {
    for size in [24.0, 25.0, 28.0, 32.0] {
        let scene = Scene::side(Side::Left, 0.0, 0.0).with_tag_size(size);
        let photo = decode(&encode_jpeg(&scene.render(), 90)).unwrap();
        let frame = find_markers(&photo).unwrap();
        for tag in &scene.tags {
            found(&frame, tag);
        }
    }
}

#[test]
fn markers_of_25_px_are_found_in_a_large_photo_read_at_half_size_first() {
    let mut scene = Scene::side(Side::Right, 0.0, 0.0).with_tag_size(25.0);
    scene.width = 2400;
    scene.height = 1500;
    let photo = decode(&encode_jpeg(&scene.render(), 90)).unwrap();
    let frame = find_markers(&photo).unwrap();
    for tag in &scene.tags {
        found(&frame, tag);
    }
}

#[test]
fn an_empty_picture_has_no_markers_and_other_tags_are_left_out() {
    let mut scene = Scene::new(1280, 720);
    let photo = decode(&encode_png(&scene.render())).unwrap();
    assert!(find_markers(&photo).unwrap().markers().is_empty());
    scene.tags = vec![
        TagPose::new(1, (400.0, 360.0), 40.0),
        TagPose::new(17, (800.0, 360.0), 40.0),
    ];
    let photo = decode(&encode_png(&scene.render())).unwrap();
    let ids: Vec<u16> = find_markers(&photo)
        .unwrap()
        .markers()
        .iter()
        .map(|m| m.id())
        .collect();
    assert_eq!(ids, [1]);
}

#[test]
fn the_smallest_and_oddest_photos_allowed_are_searched_without_failing() {
    let noise = |w: u32, h: u32| {
        let mut scene = Scene::new(w, h);
        scene.noise = 40.0;
        scene.render()
    };
    for (w, h) in [(160, 32), (32, 160), (20_000, 40), (1400, 1400), (161, 33)] {
        let photo = decode(&encode_png(&noise(w, h))).unwrap();
        let frame = find_markers(&photo).unwrap();
        assert_eq!((frame.width(), frame.height()), (w, h));
    }
}

/// The detection rate the report quotes: one tag at 58 places across four photos.
#[test]
fn most_places_in_a_photo_find_a_tag() {
    let (mut n, mut total) = (0, 0);
    for (w, h, y, size) in [
        (1920, 1080, 200.0, 60.0),
        (1920, 1080, 600.0, 60.0),
        (1280, 720, 300.0, 40.0),
        (1280, 720, 600.0, 25.0),
    ] {
        for x in (100..w - 100).step_by(100) {
            let mut scene = Scene::new(w, h);
            scene.tags = vec![TagPose::new(5, (f64::from(x), y), size)];
            let photo = decode(&encode_jpeg(&scene.render(), 90)).unwrap();
            n += find_markers(&photo).unwrap().markers().len();
            total += 1;
        }
    }
    println!("found {n} of {total}");
    assert!(n * 100 >= total * 95, "found {n} of {total}");
}
