//! A chart laid out as shapes and text in a design space 400 units wide, whatever size it is
//! shown at: text of 16 units is 12 CSS pixels when the chart fills the 300 pixels a page
//! leaves it on a 360-pixel phone. The
//! SVG writer ([`crate::svg`]) and the bitmap painter ([`crate::raster`]) draw the same scene,
//! so the web page, the files and the PDF show one chart.
//!
//! The x axis is the order of the sessions, labelled with their dates: several sessions on one
//! day each get their own place, and a gap of months takes no room.

use jiff::Timestamp;

/// The design width; the height follows the aspect ratio asked for.
pub(crate) const WIDTH: f64 = 400.0;
/// Tick labels, legend and notes.
pub(crate) const TEXT: f64 = 16.0;

/// A colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// Left blue, right orange, the band green: told apart by people with the common colour
/// blindness (Okabe and Ito's palette).
pub(crate) const LEFT: Rgb = Rgb(0, 114, 178);
pub(crate) const RIGHT: Rgb = Rgb(213, 94, 0);
pub(crate) const BAND: Rgb = Rgb(0, 158, 115);
pub(crate) const INK: Rgb = Rgb(34, 34, 34);
const AXIS: Rgb = Rgb(85, 85, 85);
const GRID: Rgb = Rgb(221, 221, 221);
const PAPER: Rgb = Rgb(255, 255, 255);

/// Where a text's anchor point is along its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// One thing drawn. Coordinates are design units, y downwards; a text's point is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Rect {
        corner: (f64, f64),
        size: (f64, f64),
        fill: Rgb,
    },
    Area {
        points: Vec<(f64, f64)>,
        fill: Rgb,
        opacity: f64,
        edge: Rgb,
    },
    Line {
        points: Vec<(f64, f64)>,
        colour: Rgb,
        width: f64,
    },
    Dot {
        at: (f64, f64),
        radius: f64,
        colour: Rgb,
        title: String,
    },
    Text {
        at: (f64, f64),
        text: String,
        anchor: Anchor,
        colour: Rgb,
    },
}

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scene {
    pub height: f64,
    pub items: Vec<Item>,
}

/// A line of values, one per x place (None where that place has none).
pub(crate) struct Series {
    pub name: &'static str,
    pub colour: Rgb,
    pub values: Vec<Option<f64>>,
}

/// What a chart shows: places along x with their labels, series, an optional band.
pub(crate) struct Plot {
    /// The label under each place ("" for none); a label too close to the last is left out.
    pub labels: Vec<String>,
    /// A place's name in the points' titles ("3 Dec 2026 08:07").
    pub names: Vec<String>,
    pub series: Vec<Series>,
    /// Half the width of the "no clear difference" band around 0, per place.
    pub band: Option<Vec<Option<f64>>>,
    /// What the values are, written above the y axis.
    pub unit: &'static str,
    /// A value with its unit, for the points' titles.
    pub format: fn(f64) -> String,
    /// Whether 0 belongs in the y range.
    pub from_zero: bool,
}

/// About how wide a text is in DejaVu Sans (digits and most letters are 0.55-0.64 em).
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * TEXT * 0.6
}

/// Round steps for the y axis: 1, 2 or 5 times a power of ten, four to six ticks.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = ((hi - lo) / 5.0).max(1e-9);
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick value without float noise: "0.5", "10", "-2".
fn tick_text(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 { 0 } else { 1 };
    let text = format!("{value:.decimals$}");
    if text == "-0" { "0".to_string() } else { text }
}

/// The day of a session as labelled on the axis: "3 Dec", with the year at the first label
/// and wherever it changes.
pub(crate) fn day_labels(times: &[Timestamp]) -> Vec<String> {
    let mut last_day = None;
    let mut last_year = None;
    times
        .iter()
        .map(|t| {
            let day = t.strftime("%Y-%m-%d").to_string();
            if last_day.as_ref() == Some(&day) {
                return String::new();
            }
            last_day = Some(day);
            let year = t.strftime("%Y").to_string();
            let label = if last_year.as_ref() == Some(&year) {
                t.strftime("%-d %b").to_string()
            } else {
                t.strftime("%-d %b %Y").to_string()
            };
            last_year = Some(year);
            label
        })
        .collect()
}

/// A session's name in a point's title.
pub(crate) fn moment(t: Timestamp) -> String {
    t.strftime("%-d %b %Y %H:%M UTC").to_string()
}

/// Lays a plot out at `aspect` (width over height).
pub(crate) fn lay_out(plot: &Plot, aspect: f64) -> Scene {
    let height = (WIDTH / aspect).clamp(240.0, 960.0);
    let mut items = vec![Item::Rect {
        corner: (0.0, 0.0),
        size: (WIDTH, height),
        fill: PAPER,
    }];
    let legend_bottom = legend(plot, &mut items);
    let mut values: Vec<f64> = plot
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    if let Some(band) = &plot.band {
        values.extend(band.iter().flatten().flat_map(|h| [*h, -*h]));
    }
    if plot.from_zero {
        values.push(0.0);
    }
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let (lo, hi) = if hi - lo < 1.0 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let marks = ticks(lo, hi);
    let step = marks.get(1).zip(marks.first()).map_or(1.0, |(b, a)| b - a);
    let (y0, y1) = (marks[0], *marks.last().unwrap_or(&hi));
    let labels_width = marks
        .iter()
        .map(|m| text_width(&tick_text(*m, step)))
        .fold(0.0, f64::max);
    let two_line = plot.labels.iter().any(|l| l.contains('\n'));
    let (left, right) = (labels_width + 14.0, WIDTH - 14.0);
    let top = legend_bottom + TEXT * 1.9;
    let bottom = height - TEXT * if two_line { 2.9 } else { 1.8 };
    let y_of = |v: f64| bottom - (v - y0) / (y1 - y0) * (bottom - top);
    let places = plot.labels.len().max(1);
    let slot = (right - left) / places as f64;
    let x_of = |i: usize| left + slot * (i as f64 + 0.5);

    items.push(Item::Text {
        at: (left, top - TEXT * 0.75),
        text: plot.unit.to_string(),
        anchor: Anchor::Start,
        colour: INK,
    });
    for mark in &marks {
        let y = y_of(*mark);
        items.push(Item::Line {
            points: vec![(left, y), (right, y)],
            colour: if *mark == 0.0 { AXIS } else { GRID },
            width: 1.0,
        });
        items.push(Item::Text {
            at: (left - 6.0, y + TEXT * 0.35),
            text: tick_text(*mark, step),
            anchor: Anchor::End,
            colour: INK,
        });
    }
    if let Some(band) = &plot.band {
        let halves: Vec<(f64, f64)> = band
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.map(|h| (x_of(i), h)))
            .collect();
        if let (Some(first), Some(last)) = (halves.first(), halves.last()) {
            // The band reaches the plot's edges, so one session's band is a visible strip.
            let mut edge = vec![(left, first.1)];
            edge.extend(halves.iter().copied());
            edge.push((right, last.1));
            let mut points: Vec<(f64, f64)> = edge.iter().map(|(x, h)| (*x, y_of(*h))).collect();
            points.extend(edge.iter().rev().map(|(x, h)| (*x, y_of(-*h))));
            items.push(Item::Area {
                points,
                fill: BAND,
                opacity: 0.25,
                edge: BAND,
            });
        }
    }
    items.push(Item::Line {
        points: vec![(left, top), (left, bottom), (right, bottom)],
        colour: AXIS,
        width: 1.0,
    });
    x_labels(plot, &mut items, (left, right), bottom, &x_of);
    for series in &plot.series {
        let points: Vec<(usize, f64)> = series
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        items.push(Item::Line {
            points: points.iter().map(|(i, v)| (x_of(*i), y_of(*v))).collect(),
            colour: series.colour,
            width: 2.5,
        });
        // Dots shrink when many sessions share the width, so a long history stays a line.
        let radius = (slot * 0.4).clamp(1.2, 4.5);
        for (i, v) in points {
            items.push(Item::Dot {
                at: (x_of(i), y_of(v)),
                radius,
                colour: series.colour,
                title: format!("{}: {} {}", plot.names[i], series.name, (plot.format)(v)),
            });
        }
    }
    Scene { height, items }
}

/// The legend in a row above the plot (wrapping onto a second row); returns its baseline.
fn legend(plot: &Plot, items: &mut Vec<Item>) -> f64 {
    let mut entries: Vec<(&str, Rgb, bool)> = plot
        .series
        .iter()
        .map(|s| (s.name, s.colour, false))
        .collect();
    if plot.band.is_some() {
        entries.push(("no clear difference", BAND, true));
    }
    let (mut x, mut y) = (14.0, TEXT * 1.3);
    for (name, colour, band) in entries {
        let width = 22.0 + text_width(name);
        if x + width > WIDTH - 14.0 && x > 14.0 {
            x = 14.0;
            y += TEXT * 1.4;
        }
        if band {
            items.push(Item::Area {
                points: vec![
                    (x, y - 12.0),
                    (x + 16.0, y - 12.0),
                    (x + 16.0, y + 2.0),
                    (x, y + 2.0),
                ],
                fill: colour,
                opacity: 0.25,
                edge: colour,
            });
        } else {
            items.push(Item::Line {
                points: vec![(x, y - 5.0), (x + 16.0, y - 5.0)],
                colour,
                width: 3.0,
            });
        }
        items.push(Item::Text {
            at: (x + 22.0, y),
            text: name.to_string(),
            anchor: Anchor::Start,
            colour: INK,
        });
        x += width + 16.0;
    }
    y
}

/// The labels under the x axis, each centred on its place; one that would crowd the one
/// before is left out (the points' titles still name every session).
fn x_labels(
    plot: &Plot,
    items: &mut Vec<Item>,
    (left, right): (f64, f64),
    bottom: f64,
    x_of: &dyn Fn(usize) -> f64,
) {
    let mut free_from = left - 14.0;
    for (i, label) in plot.labels.iter().enumerate() {
        if label.is_empty() {
            continue;
        }
        let width = label.lines().map(text_width).fold(0.0, f64::max);
        let x = x_of(i).clamp(left + width / 2.0 - 10.0, right - width / 2.0 + 10.0);
        if x - width / 2.0 < free_from {
            continue;
        }
        free_from = x + width / 2.0 + TEXT;
        items.push(Item::Line {
            points: vec![(x_of(i), bottom), (x_of(i), bottom + 4.0)],
            colour: AXIS,
            width: 1.0,
        });
        for (n, line) in label.lines().enumerate() {
            items.push(Item::Text {
                at: (x, bottom + TEXT * (1.2 + 1.1 * n as f64)),
                text: line.to_string(),
                anchor: Anchor::Middle,
                colour: INK,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = ticks(12.3, 47.9);
        assert!(t[0] <= 12.3 && *t.last().unwrap() >= 47.9, "{t:?}");
        assert!((4..=9).contains(&t.len()), "{t:?}");
        assert_eq!(tick_text(0.5, 0.5), "0.5");
        assert_eq!(tick_text(-0.0, 2.0), "0");
    }

    #[test]
    fn sessions_on_one_day_share_a_label_and_a_new_year_is_named() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let labels = day_labels(&[
            at("2026-12-30T08:00:00Z"),
            at("2026-12-30T18:00:00Z"),
            at("2026-12-31T08:00:00Z"),
            at("2027-01-02T08:00:00Z"),
        ]);
        assert_eq!(labels, ["30 Dec 2026", "", "31 Dec", "2 Jan 2027"]);
    }
}
