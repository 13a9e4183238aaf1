//! The printable marker sheet: the six camera markers (three a side) at their true size, each
//! labelled with where it goes, a ruler to check the printer kept the scale, and the helper's
//! instructions in words.
//!
//! The tags' patterns come from the caller (the detector's own family table, so what is
//! printed is exactly what is looked for); this module only places them. Sizes are in
//! millimetres on the paper: a PDF point is 1/72 inch, so nothing depends on the printer as
//! long as it prints at 100%.

use psoas_core::Side;
use psoas_core::camera::{MarkerRole, marker_id};

use crate::pdf::{Canvas, Document, Style};
use crate::report::DISCLAIMER;

/// One printed tag, 10 by 10 cells from its top-left, `true` where black: the white outer ring
/// included, which the detector needs around the black square.
pub type TagCells = [[bool; 10]; 10];

/// The side of a marker's black square on the paper, in millimetres (its white ring adds a
/// cell each side, 50 mm in all). A phone's usual lens (about 67° across) at 1-1.5 m shows it
/// 80-120 px across in a 4000-pixel photo and 26-38 px in a 1280-pixel video frame, above the
/// core's smallest readable marker (20 px); farther, a video frame's markers get too small,
/// which is why the sheet says 1-1.5 m.
pub const MARKER_SIDE_MM: f32 = 40.0;

/// The ruler's length, in millimetres.
const RULER_MM: f32 = 100.0;

/// Millimetres on the paper in PDF points.
pub(crate) fn mm(millimetres: f32) -> f32 {
    millimetres * 72.0 / 25.4
}

/// A tag's pattern was not given.
#[derive(Debug, thiserror::Error)]
#[error("there is no pattern for marker {0}")]
pub struct MissingTag(pub u16);

const TITLE: &str = "Markers for measuring the leg raise with a camera";
const PRINT: &str = "Print this page at actual size (100%, not \"fit to page\"), then check \
    that the ruler below measures exactly 10 cm; if it does not, set the printer to 100% and \
    print again. Cut out each marker along its grey line, keeping its white edge, and keep \
    them flat.";
const RULER: &str = "10 cm";

fn side_heading(side: Side) -> &'static str {
    match side {
        Side::Left => "Left side",
        Side::Right => "Right side",
    }
}

fn side_use(side: Side) -> &'static str {
    match side {
        Side::Left => "For measuring the left leg: stick these on the left side of the body.",
        Side::Right => "For measuring the right leg: stick these on the right side of the body.",
    }
}

fn role_word(role: MarkerRole) -> &'static str {
    match role {
        MarkerRole::Pelvis => "pelvis",
        MarkerRole::Hip => "hip",
        MarkerRole::Knee => "knee",
    }
}

fn place(role: MarkerRole) -> &'static str {
    match role {
        MarkerRole::Pelvis => {
            "P goes on the side of the pelvis, on the iliac crest: the top \
            edge of the hip bone, felt at the side just below the waist."
        }
        MarkerRole::Hip => {
            "H goes on the bony point at the side of the hip (the greater \
            trochanter), about a hand's width from P towards the feet: it moves under the \
            fingers when the leg is turned in and out."
        }
        MarkerRole::Knee => {
            "K goes on the outside of the thigh, just above the knee, on the \
            line from H to the knee."
        }
    }
}

const SET_UP: [&str; 5] = [
    "The person lies face down on a firm table or the floor, the leg to be measured on the \
     side nearer the camera, both legs straight.",
    "Stick each marker flat, printed side out, with double-sided tape or plasters on the skin \
     or on thin tight clothing. The letters do not need to point any way. To measure both \
     legs, stick both sides' markers on at the start.",
    "Put the phone at hip height, 1 to 1.5 metres away, square to the body (its screen \
     parallel to the side of the body), resting on something or held still. All three \
     markers must be in the picture, well lit, without glare.",
    "Take the rest photo with the leg lying flat. Then the person lifts the straight leg \
     and holds it at the top while the lift photo is taken, without moving the phone. A \
     recording can take the place of the two photos.",
    "Keep the pelvis down: the camera shows how much of the lift came from the pelvis \
     tipping instead of the hip.",
];

const OTHER_LEG: &str = "For the other leg, move the camera to the other side of the body (or \
    turn the person round) and measure with that side's markers: no marker needs to be moved.";

/// The marker sheet as a PDF: page one the six markers and the ruler, page two where they go
/// and how the photos are taken.
pub fn marker_sheet(cells: impl Fn(u16) -> Option<TagCells>) -> Result<Vec<u8>, MissingTag> {
    let mut doc = Document::new(TITLE);
    doc.text(Style::Title, TITLE);
    doc.text(Style::Body, PRINT);
    doc.drawing(mm(14.0), ruler);
    for side in [Side::Left, Side::Right] {
        doc.text(Style::Heading, side_heading(side));
        doc.text(Style::Body, side_use(side));
        let tags = MarkerRole::ALL.map(|role| {
            let id = marker_id(side, role);
            cells(id).map(|c| (id, role, c)).ok_or(MissingTag(id))
        });
        let tags = tags.into_iter().collect::<Result<Vec<_>, _>>()?;
        // Ten cells of an eighth of the black square each, and the labels below.
        doc.drawing(mm(MARKER_SIDE_MM / 8.0 * 10.0 + 12.0), |canvas| {
            row_of_tags(canvas, &tags)
        });
    }
    doc.page_break();
    doc.text(Style::Heading, "Where the markers go");
    for role in MarkerRole::ALL {
        doc.text(Style::Body, place(role));
    }
    doc.text(Style::Heading, "Taking the photos");
    for (n, step) in SET_UP.iter().enumerate() {
        doc.text(Style::Body, &format!("{}. {step}", n + 1));
    }
    doc.text(Style::Body, OTHER_LEG);
    doc.text(Style::Bold, DISCLAIMER);
    Ok(doc.finish())
}

/// A 10 cm ruler with millimetre ticks, longer at each half and whole centimetre.
fn ruler(canvas: &mut Canvas<'_>) {
    let base = mm(4.0);
    canvas.line((0.0, base), (mm(RULER_MM), base), 0.6);
    for tick in 0..=RULER_MM as u32 {
        let length = match tick {
            t if t % 10 == 0 => 4.0,
            t if t % 5 == 0 => 2.8,
            _ => 1.6,
        };
        let x = mm(tick as f32);
        canvas.line((x, base), (x, base + mm(length)), 0.3);
    }
    for cm in 0..=10u32 {
        let label = cm.to_string();
        let x = mm(cm as f32 * 10.0) - canvas.width(Style::Small, &label) / 2.0;
        canvas.label(Style::Small, (x, base + mm(5.0)), &label);
    }
    canvas.label(Style::Body, (mm(RULER_MM + 4.0), base), RULER);
}

/// The three markers of a side across the line, each with its cut line and its labels.
fn row_of_tags(canvas: &mut Canvas<'_>, tags: &[(u16, MarkerRole, TagCells)]) {
    let cell = mm(MARKER_SIDE_MM / 8.0);
    let whole = cell * 10.0;
    let gap = (canvas.width_available() - whole * tags.len() as f32) / (tags.len() as f32 - 1.0);
    let bottom = mm(12.0);
    for (n, (id, role, cells)) in tags.iter().enumerate() {
        let left = n as f32 * (whole + gap);
        for (row, line) in cells.iter().enumerate() {
            for (column, black) in line.iter().enumerate() {
                if *black {
                    let x = left + column as f32 * cell;
                    let y = bottom + (9 - row) as f32 * cell;
                    canvas.fill_rect((x, y), (cell, cell));
                }
            }
        }
        canvas.grey_square((left, bottom), whole);
        let name = format!("{} · {}", role.letter(), role_word(*role));
        let size = format!("tag {id} · black square {MARKER_SIDE_MM} mm");
        let centre = left + whole / 2.0;
        let x = centre - canvas.width(Style::Bold, &name) / 2.0;
        canvas.label(Style::Bold, (x, bottom - mm(5.0)), &name);
        let x = centre - canvas.width(Style::Small, &size) / 2.0;
        canvas.label(Style::Small, (x, bottom - mm(9.5)), &size);
    }
}
