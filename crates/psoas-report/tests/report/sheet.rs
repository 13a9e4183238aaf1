//! The marker sheet printed back: poppler's pdftoppm turns page one into pixels at 10 px a
//! millimetre, and the markers' black squares and the ruler must measure what they say.

use psoas_report::{MARKER_SIDE_MM, TagCells, marker_sheet};
use std::process::Command;
use tempfile::TempDir;

/// Ten pixels a millimetre.
const DPI: &str = "254";

/// A plain black square in its white ring: easy to measure, whatever the real patterns are.
fn square(_id: u16) -> Option<TagCells> {
    let mut cells = [[false; 10]; 10];
    for row in cells.iter_mut().take(9).skip(1) {
        for cell in row.iter_mut().take(9).skip(1) {
            *cell = true;
        }
    }
    Some(cells)
}

/// Page one of the PDF as grey pixels (width, height, one byte each), through pdftoppm.
fn first_page(pdf: &[u8]) -> (usize, usize, Vec<u8>) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", DPI, "-f", "1", "-l", "1"])
        .arg(&path)
        .output()
        .expect("pdftoppm (Debian's poppler-utils; scripts/test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // P5 header: magic, width, height, maximum, each followed by white space.
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8(data[start..at].to_vec()).unwrap());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = data[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// Each row's runs of dark pixels: (row, first column, length).
fn dark_runs(w: usize, pixels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    for (row, line) in pixels.chunks(w).enumerate() {
        let mut start = None;
        for (x, &p) in line.iter().chain(std::iter::once(&255)).enumerate() {
            match (p < 128, start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    runs.push((row, s, x - s));
                    start = None;
                }
                _ => {}
            }
        }
    }
    runs
}

/// The markers' black squares on the page: (first column, first row, last row) of each.
fn squares(runs: &[(usize, usize, usize)], side: usize) -> Vec<(usize, usize, usize)> {
    let mut squares: Vec<(usize, usize, usize)> = Vec::new();
    for &(row, start, length) in runs {
        if length.abs_diff(side) > 4 {
            continue;
        }
        match squares
            .iter_mut()
            .find(|(x, _, last)| x.abs_diff(start) <= 2 && row == *last + 1)
        {
            Some(square) => square.2 = row,
            None => squares.push((start, row, row)),
        }
    }
    squares
}

#[test]
fn the_six_markers_and_the_ruler_print_at_their_true_size() {
    let pdf = marker_sheet(square).unwrap();
    let (w, _, pixels) = first_page(&pdf);
    let runs = dark_runs(w, &pixels);
    let side = (MARKER_SIDE_MM * 10.0) as usize;
    let squares = squares(&runs, side);
    let heights: Vec<usize> = squares
        .iter()
        .map(|(_, first, last)| last - first + 1)
        .collect();
    assert_eq!(squares.len(), 6, "{squares:?}");
    assert!(
        heights.iter().all(|h| h.abs_diff(side) <= 3),
        "{heights:?} px, not {side}"
    );
    // The ruler: the longest dark run, 100 mm.
    let ruler = runs.iter().map(|r| r.2).max().unwrap();
    assert!(
        ruler.abs_diff(1000) <= 4,
        "the ruler is {ruler} px, not 1000"
    );
}

#[test]
fn each_pattern_prints_the_right_way_up_and_round() {
    // The same square with one cell white near its top left corner: a mirrored or
    // upside-down print would show it in another corner (and no longer decode as its tag).
    let marked = |id| {
        square(id).map(|mut cells| {
            cells[2][2] = false;
            cells
        })
    };
    let side = (MARKER_SIDE_MM * 10.0) as usize;
    let cell = side / 8;
    let (w, _, plain) = first_page(&marker_sheet(square).unwrap());
    let found = squares(&dark_runs(w, &plain), side);
    assert_eq!(found.len(), 6);
    let (_, _, pixels) = first_page(&marker_sheet(marked).unwrap());
    let at = |x: usize, y: usize| pixels[y * w + x];
    for (x, top, _) in found {
        // The black square begins at cell 1: cell 2's centre is one and a half cells in.
        let near = cell + cell / 2;
        let far = 6 * cell + cell / 2;
        assert!(
            at(x + near, top + near) > 200,
            "cell (2, 2) of the square at {x} is not white"
        );
        assert!(
            at(x + far, top + near) < 60,
            "the mirrored cell of the square at {x} is white"
        );
        assert!(
            at(x + near, top + far) < 60,
            "the flipped cell of the square at {x} is white"
        );
    }
}

#[test]
fn a_marker_without_its_pattern_is_refused_by_its_id() {
    let missing = marker_sheet(|id| if id == 4 { None } else { square(id) }).unwrap_err();
    assert_eq!(missing.to_string(), "there is no pattern for marker 4");
}
