//! `psoas measure-photo`: the markers in a side photo, or the lift measured from a rest
//! photo and a lift photo, by the same vision and core code every front door uses.

use std::io::Read;
use std::path::Path;

use psoas_core::camera::{
    CameraEvidence, CameraFinding, KeptPhoto, MarkerFrame, MarkerRole, PhotoType, Picture,
    SeenMarker, analyse_photos, marker_of,
};
use psoas_core::{Side, Test};
use psoas_vision::{MAX_PHOTO_BYTES, PhotoError, decode, find_markers};
use serde::Serialize;

use crate::cli::MeasurePhotoArgs;
use crate::error::{CliError, CliResult};
use crate::output::write_file;
use crate::render::print_json;
use crate::words::camera as words;

/// One marker as the JSON output gives it.
#[derive(Debug, Serialize)]
struct MarkerOut {
    id: u16,
    side: Side,
    role: MarkerRole,
    letter: char,
    size_px: f64,
    centre: (f64, f64),
    corners: [(f64, f64); 4],
}

#[derive(Debug, Serialize)]
struct PhotoOut {
    file: String,
    width: u32,
    height: u32,
    markers: Vec<MarkerOut>,
}

#[derive(Debug, Serialize)]
struct AnalysisOut {
    side: Side,
    rise_deg: f64,
    hip_deg: f64,
    pelvis_deg: f64,
    camera_tilt_deg: f64,
    /// Advice when the pelvis tipped more than a few degrees.
    advice: Option<String>,
}

/// Runs `psoas measure-photo`.
pub fn measure_photo(args: &MeasurePhotoArgs) -> CliResult {
    let side = match args.side.as_deref() {
        Some(text) => Some(text.parse::<Side>()?),
        None => None,
    };
    let lift = markers_in(&args.file)?;
    let Some(rest_path) = &args.rest else {
        let markers: Vec<MarkerOut> = lift
            .markers()
            .iter()
            .filter_map(marker_out)
            .filter(|m| side.is_none_or(|s| s == m.side))
            .collect();
        if args.json {
            print_json(&PhotoOut {
                file: args.file.display().to_string(),
                width: lift.width(),
                height: lift.height(),
                markers,
            });
        } else {
            println!(
                "{}",
                words::photo_heading(&args.file, lift.width(), lift.height())
            );
            if markers.is_empty() {
                println!("{}", words::NO_MARKERS);
            }
            for m in &markers {
                println!(
                    "{}",
                    words::marker_line(m.side, m.role, m.id, m.size_px, m.centre)
                );
            }
        }
        return Ok(());
    };
    let rest = markers_in(rest_path)?;
    let side = match side {
        Some(side) => side,
        None => whole_side(&rest).ok_or_else(|| CliError::Usage(words::which_side(rest_path)))?,
    };
    let angles = analyse_photos(side, &rest, &lift, None)
        .map_err(|problem| CliError::Usage(problem.to_string()))?;
    let out = AnalysisOut {
        side,
        rise_deg: angles.rise.value(),
        hip_deg: angles.hip,
        pelvis_deg: angles.pelvis,
        camera_tilt_deg: angles.camera_tilt_deg,
        advice: angles.pelvis_advice(),
    };
    if args.json {
        print_json(&out);
    } else {
        for line in words::analysis(
            out.side,
            out.rise_deg,
            out.hip_deg,
            out.pelvis_deg,
            out.camera_tilt_deg,
        ) {
            println!("{line}");
        }
        if let Some(advice) = &out.advice {
            println!("{advice}");
        }
    }
    Ok(())
}

/// The markers of a rest photo and a lift photo of `side`, and what they show, for
/// `psoas record --photo --rest`; photos that cannot be read or trusted are refused with the
/// reason, before anything is stored.
pub fn measure_trial(test: Test, side: Side, rest: &Path, lift: &Path) -> CliResult<PhotoTrial> {
    if test != Test::LegRaise {
        return Err(CliError::Usage(words::PHOTO_NEEDS_LEG_RAISE.to_string()));
    }
    let (rest_file, rest) = photo_file(rest)?;
    let (lift_file, lift) = photo_file(lift)?;
    let evidence = CameraEvidence::photos(rest, lift, None);
    let found = evidence
        .analyse(side)
        .map_err(|problem| CliError::Usage(words::photos_refused(&problem)))?;
    let kept = |picture, bytes: Vec<u8>| KeptPhoto {
        picture,
        // Decoded above, so one of the two.
        media_type: PhotoType::sniff(&bytes).unwrap_or(PhotoType::Jpeg),
        bytes,
    };
    Ok(PhotoTrial {
        evidence,
        found,
        photos: [
            kept(Picture::Rest, rest_file),
            kept(Picture::Lift, lift_file),
        ],
    })
}

/// A leg raise measured from two photo files.
pub struct PhotoTrial {
    /// The markers, kept with the trial.
    pub evidence: CameraEvidence,
    /// What they show.
    pub found: CameraFinding,
    /// The files, kept only where the profile keeps photos.
    pub photos: [KeptPhoto; 2],
}

/// Runs `psoas markers`: writes the printable marker sheet.
pub fn marker_sheet(out: &Path) -> CliResult {
    let pdf = psoas_report::marker_sheet(psoas_vision::tag_cells)
        .map_err(|missing| CliError::Io(std::io::Error::other(missing.to_string())))?;
    write_file(out, &pdf)?;
    eprintln!("{}", words::sheet_written(out));
    Ok(())
}

/// Reads a photo file and finds its markers.
fn markers_in(path: &Path) -> CliResult<MarkerFrame> {
    photo_file(path).map(|(_, frame)| frame)
}

/// Reads a photo file, refusing one too large before reading all of it, and finds its
/// markers; gives the file too.
fn photo_file(path: &Path) -> CliResult<(Vec<u8>, MarkerFrame)> {
    let unreadable = |e: std::io::Error| CliError::Usage(words::cannot_read(path, &e));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    // One byte past the limit is enough to know the file is too large.
    let limit = u64::try_from(MAX_PHOTO_BYTES).unwrap_or(u64::MAX) + 1;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let refused = |e: PhotoError| CliError::Usage(words::photo_refused(path, &e));
    let photo = decode(&bytes).map_err(refused)?;
    let frame = find_markers(&photo).map_err(refused)?;
    Ok((bytes, frame))
}

fn marker_out(m: &SeenMarker) -> Option<MarkerOut> {
    let (side, role) = marker_of(m.id())?;
    let corners = m.corners();
    let side_px = (0..4)
        .map(|i| {
            let (a, b) = (corners[i], corners[(i + 1) % 4]);
            (a.0 - b.0).hypot(a.1 - b.1)
        })
        .sum::<f64>()
        / 4.0;
    let tenth = |x: f64| (x * 10.0).round() / 10.0;
    Some(MarkerOut {
        id: m.id(),
        side,
        role,
        letter: role.letter(),
        size_px: tenth(side_px),
        centre: (tenth(m.centre().0), tenth(m.centre().1)),
        corners: corners.map(|(x, y)| (tenth(x), tenth(y))),
    })
}

/// The side whose three markers the photo shows, when only one side's are all there.
fn whole_side(frame: &MarkerFrame) -> Option<Side> {
    let complete = |side: Side| {
        MarkerRole::ALL.iter().all(|&role| {
            frame
                .markers()
                .iter()
                .any(|m| marker_of(m.id()) == Some((side, role)))
        })
    };
    match (complete(Side::Left), complete(Side::Right)) {
        (true, false) => Some(Side::Left),
        (false, true) => Some(Side::Right),
        _ => None,
    }
}
