//! Every way a photo is refused, reached with bytes the tests make, each with its code and a
//! sentence ending in what to do.

use image::{GrayImage, RgbaImage};
use psoas_core::Side;
use psoas_vision::testing::{
    Scene, TagPose, encode_jpeg, encode_png, png_claiming, with_exif_orientation,
};
use psoas_vision::{MAX_PHOTO_BYTES, PhotoError, decode, find_markers};

use crate::{distance, found};

#[track_caller]
fn refused(result: Result<impl std::fmt::Debug, PhotoError>, code: &str) -> String {
    let err = result.expect_err("should be refused");
    assert_eq!(err.code(), code, "{err}");
    let sentence = err.to_string();
    assert!(sentence.contains(": "), "no advice in {sentence:?}");
    sentence
}

#[test]
fn bytes_that_are_not_an_image_are_refused_naming_the_formats() {
    let sentence = refused(decode(b"hello, this is text"), "not_an_image");
    assert!(
        sentence.contains("JPEG") && sentence.contains("PNG"),
        "{sentence}"
    );
    let sentence = refused(
        decode(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        "not_an_image",
    );
    assert!(sentence.contains("GIF"), "{sentence}");
    refused(decode(&[]), "not_an_image");
}

#[test]
fn a_truncated_jpeg_or_png_is_refused_as_damaged() {
    let picture = Scene::side(Side::Left, 0.0, 0.0).render();
    let jpeg = encode_jpeg(&picture, 90);
    assert!(decode(&jpeg).is_ok());
    refused(decode(&jpeg[..jpeg.len() / 2]), "damaged");
    let png = encode_png(&picture);
    refused(decode(&png[..png.len() / 2]), "damaged");
    refused(decode(&png[..40]), "damaged");
}

#[test]
fn a_file_over_the_byte_limit_is_refused_before_it_is_read() {
    let mut big = encode_png(&GrayImage::new(200, 100));
    big.resize(MAX_PHOTO_BYTES + 1, 0);
    let sentence = refused(decode(&big), "too_large");
    assert!(sentence.contains("50 MB"), "{sentence}");
    big.truncate(MAX_PHOTO_BYTES);
    assert!(!matches!(decode(&big), Err(PhotoError::TooLarge { .. })));
}

#[test]
fn a_60_megapixel_picture_is_refused_from_its_header_alone() {
    let sentence = refused(decode(&png_claiming(10_000, 6_000)), "too_many_pixels");
    assert!(
        sentence.contains("60 megapixels") && sentence.contains("40 megapixels"),
        "{sentence}"
    );
    // Just under the limit the header is accepted and the missing pixels are what is wrong.
    refused(decode(&png_claiming(8_000, 5_000)), "damaged");
}

#[test]
fn a_picture_too_small_for_three_markers_is_refused() {
    refused(
        decode(&encode_png(&GrayImage::new(150, 100))),
        "too_small_photo",
    );
    refused(
        decode(&encode_png(&GrayImage::new(400, 20))),
        "too_small_photo",
    );
}

#[test]
fn a_png_with_transparent_pixels_is_refused_and_an_opaque_one_is_not() {
    let grey = Scene::side(Side::Left, 0.0, 0.0).render();
    let mut rgba = RgbaImage::from_fn(grey.width(), grey.height(), |x, y| {
        let v = grey.get_pixel(x, y).0[0];
        image::Rgba([v, v, v, 255])
    });
    let frame = find_markers(&decode(&encode_png(&rgba)).unwrap()).unwrap();
    assert_eq!(frame.markers().len(), 3);
    rgba.get_pixel_mut(5, 5).0[3] = 200;
    let sentence = refused(decode(&encode_png(&rgba)), "transparent");
    assert!(sentence.contains("as the camera took it"), "{sentence}");
}

#[test]
fn the_exif_orientation_is_honoured() {
    // The camera stored the picture a quarter turn anticlockwise and wrote orientation 6
    // ("turn a quarter clockwise to view"): the markers come back where they were drawn.
    let scene = Scene::side(Side::Left, 0.0, 0.0);
    let upright = scene.render();
    let stored = image::imageops::rotate270(&upright);
    let jpeg = encode_jpeg(&stored, 92);
    let without = decode(&jpeg).unwrap();
    assert_eq!((without.width(), without.height()), (720, 1280));
    let photo = decode(&with_exif_orientation(&jpeg, 6)).unwrap();
    assert_eq!((photo.width(), photo.height()), (1280, 720));
    let frame = find_markers(&photo).unwrap();
    for tag in &scene.tags {
        assert!(distance(found(&frame, tag).centre(), tag.centre) < 1.0);
    }
    // Upside down (3) too, and 1 changes nothing.
    let stored = image::imageops::rotate180(&upright);
    let photo = decode(&with_exif_orientation(&encode_jpeg(&stored, 92), 3)).unwrap();
    let frame = find_markers(&photo).unwrap();
    for tag in &scene.tags {
        assert!(distance(found(&frame, tag).centre(), tag.centre) < 1.0);
    }
    let photo = decode(&with_exif_orientation(&encode_jpeg(&upright, 92), 1)).unwrap();
    assert_eq!((photo.width(), photo.height()), (1280, 720));
}

fn tags_at(ids: &[u16]) -> Vec<u8> {
    let mut scene = Scene::new(1920, 1080);
    scene.tags = ids
        .iter()
        .enumerate()
        .map(|(i, &id)| {
            let (col, row) = ((i % 5) as f64, (i / 5) as f64);
            TagPose::new(id, (200.0 + col * 300.0, 200.0 + row * 400.0), 60.0)
        })
        .collect();
    encode_png(&scene.render())
}

#[test]
fn ten_of_the_protocols_markers_are_refused() {
    let photo = decode(&tags_at(&[0, 1, 2, 3, 4, 5, 0, 1, 2, 3])).unwrap();
    let sentence = refused(find_markers(&photo), "too_many_markers");
    assert!(
        sentence.contains("10 of the protocol's markers"),
        "{sentence}"
    );
}

#[test]
fn the_same_marker_twice_is_refused_and_other_tags_do_not_count() {
    let photo = decode(&tags_at(&[0, 1, 2, 1])).unwrap();
    let sentence = refused(find_markers(&photo), "same_marker_twice");
    assert!(sentence.contains("tag 1"), "{sentence}");
    let photo = decode(&tags_at(&[0, 1, 2, 40, 41, 42, 43, 44, 45, 46])).unwrap();
    assert_eq!(find_markers(&photo).unwrap().markers().len(), 3);
}
