//! The charts there are and what each shows: the sessions' numbers ([`crate::series`]) put
//! into a [`Plot`], laid out as one [`crate::scene::Scene`], then written as SVG or painted as
//! pixels. A chart carries no title of its own: the page or the PDF heads it with
//! [`ChartKind::title`].

use psoas_core::verdict::{Quantity, number};
use psoas_core::{Phase, SessionRecord};

use crate::scene::{LEFT, Plot, RIGHT, Series, day_labels, lay_out, moment};
use crate::series::{SessionPoint, before_after, points};

/// The charts there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Left and right leg-raise angle over time.
    LegRaise,
    /// Left minus right leg-raise angle over time, with the "no clear difference" band.
    Difference,
    /// Strength per side over time.
    Strength,
    /// Back and pelvic pain over time.
    Pain,
    /// One session's leg-raise angles before and after the exercises.
    BeforeAfter,
}

impl ChartKind {
    /// Every kind.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::LegRaise,
        ChartKind::Difference,
        ChartKind::Strength,
        ChartKind::Pain,
        ChartKind::BeforeAfter,
    ];

    /// Its name on the command line and in addresses.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::LegRaise => "leg-raise",
            ChartKind::Difference => "difference",
            ChartKind::Strength => "strength",
            ChartKind::Pain => "pain",
            ChartKind::BeforeAfter => "before-after",
        }
    }

    /// Its title.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::LegRaise => "Leg raise per side",
            ChartKind::Difference => "Side difference (left minus right)",
            ChartKind::Strength => "Strength per side",
            ChartKind::Pain => "Pain",
            ChartKind::BeforeAfter => "Leg raise before and after the exercises",
        }
    }
}

impl std::str::FromStr for ChartKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        ChartKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown chart '{s}'; use leg-raise, difference, strength, pain or before-after"
                )
            })
    }
}

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable vector graphics.
    Svg,
    /// A PNG bitmap.
    Png,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The sessions hold nothing this chart shows.
    #[error("{0}")]
    NoData(String),
    /// Drawing failed.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

/// Draws a chart of some sessions (one session for [`ChartKind::BeforeAfter`]: the latest).
/// An SVG takes `size` as its proportions and fills its container; a PNG is that many pixels.
pub fn render(
    kind: ChartKind,
    records: &[SessionRecord],
    format: ImageFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let scene = lay_out(&plot(kind, records)?, aspect(size));
    match format {
        ImageFormat::Svg => Ok(crate::svg::write(&scene).into_bytes()),
        ImageFormat::Png => encode_png(&crate::raster::paint(&scene, size)?, size),
    }
}

/// Draws a chart as RGB pixels, 8 bits a channel, row by row (for the PDF report).
pub fn pixels(
    kind: ChartKind,
    records: &[SessionRecord],
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    crate::raster::paint(&lay_out(&plot(kind, records)?, aspect(size)), size)
}

fn aspect((w, h): (u32, u32)) -> f64 {
    f64::from(w.max(1)) / f64::from(h.max(1))
}

fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn encode_png(pixels: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(draw_err)?;
    writer.write_image_data(pixels).map_err(draw_err)?;
    writer.finish().map_err(draw_err)?;
    Ok(out)
}

fn degrees(v: f64) -> String {
    format!("{}°", number(v))
}

/// What a chart shows, from the sessions.
fn plot(kind: ChartKind, records: &[SessionRecord]) -> Result<Plot, ChartError> {
    if kind == ChartKind::BeforeAfter {
        return before_after_plot(records);
    }
    let none = |what: &str| ChartError::NoData(format!("no session here has {what} to chart"));
    let all = points(records);
    // Only the sessions with something for this chart take a place on its x axis.
    let pick = |f: &dyn Fn(&SessionPoint) -> Option<(f64, f64)>| -> Vec<(&SessionPoint, f64, f64)> {
        all.iter()
            .filter_map(|p| f(p).map(|(a, b)| (p, a, b)))
            .collect()
    };
    let rows = match kind {
        ChartKind::LegRaise => pick(&|p| p.leg_raise),
        ChartKind::Difference => pick(&|p| p.difference),
        ChartKind::Pain => pick(&|p| p.pain.map(|(b, p)| (f64::from(b), f64::from(p)))),
        ChartKind::Strength => {
            let quantity = strength_quantity(&all);
            pick(&|p| {
                p.strength
                    .filter(|(q, _, _)| Some(*q) == quantity)
                    .map(|(_, l, r)| (l, r))
            })
        }
        ChartKind::BeforeAfter => unreachable!("planned above"),
    };
    if rows.is_empty() {
        return Err(none(match kind {
            ChartKind::Pain => "pain recorded",
            ChartKind::Strength => "strength trials on both sides",
            _ => "leg-raise trials on both sides",
        }));
    }
    let times: Vec<_> = rows.iter().map(|(p, _, _)| p.at).collect();
    let firsts: Vec<Option<f64>> = rows.iter().map(|(_, a, _)| Some(*a)).collect();
    let seconds: Vec<Option<f64>> = rows.iter().map(|(_, _, b)| Some(*b)).collect();
    let two = |a: &'static str, b: &'static str| {
        vec![
            Series {
                name: a,
                colour: LEFT,
                values: firsts.clone(),
            },
            Series {
                name: b,
                colour: RIGHT,
                values: seconds.clone(),
            },
        ]
    };
    let base = |series, unit, format: fn(f64) -> String| Plot {
        labels: day_labels(&times),
        names: times.iter().map(|t| moment(*t)).collect(),
        series,
        band: None,
        unit,
        format,
        from_zero: true,
    };
    Ok(match kind {
        ChartKind::LegRaise => base(two("left", "right"), "degrees", degrees),
        ChartKind::Difference => Plot {
            band: Some(rows.iter().map(|(_, _, t)| Some(*t)).collect()),
            from_zero: false,
            ..base(
                vec![Series {
                    name: "left minus right",
                    colour: LEFT,
                    values: firsts,
                }],
                "degrees",
                degrees,
            )
        },
        ChartKind::Pain => base(two("low back", "pelvis"), "pain 0-10", |v| {
            format!("{}/10", number(v))
        }),
        _ => match strength_quantity(&all) {
            Some(Quantity::Newtons) => base(two("left", "right"), "newtons", |v| {
                format!("{} N", number(v))
            }),
            Some(Quantity::Grade) => base(two("left", "right"), "grade 0-5", |v| {
                format!("{}/5", number(v))
            }),
            _ => base(two("left", "right"), "share of trials held", |v| {
                format!("held {}%", number(v * 100.0))
            }),
        },
    })
}

/// Sessions measured in one way are charted together: the most common way.
fn strength_quantity(points: &[SessionPoint]) -> Option<Quantity> {
    let rank = |q: Quantity| match q {
        Quantity::Newtons => 3,
        Quantity::Grade => 2,
        Quantity::HeldShare => 1,
        Quantity::Degrees => 0,
    };
    let mut counts = [0usize; 4];
    for (q, _, _) in points.iter().filter_map(|p| p.strength) {
        counts[rank(q)] += 1;
    }
    [
        Quantity::Newtons,
        Quantity::Grade,
        Quantity::HeldShare,
        Quantity::Degrees,
    ]
    .into_iter()
    .filter(|q| counts[rank(*q)] > 0)
    .max_by_key(|q| (counts[rank(*q)], rank(*q)))
}

fn before_after_plot(records: &[SessionRecord]) -> Result<Plot, ChartError> {
    let latest = records
        .iter()
        .filter(|r| before_after(r).len() > 1)
        .max_by_key(|r| r.session.started_at)
        .ok_or_else(|| {
            ChartError::NoData(
                "no session here has a leg-raise retest after the exercises to compare".into(),
            )
        })?;
    let rows = before_after(latest);
    let names: Vec<String> = rows
        .iter()
        .map(|(p, _, _)| {
            format!(
                "{} {}",
                moment(latest.session.started_at),
                phase_label(*p).replace('\n', " ")
            )
        })
        .collect();
    Ok(Plot {
        labels: rows
            .iter()
            .map(|(p, _, _)| phase_label(*p).to_string())
            .collect(),
        names,
        series: vec![
            Series {
                name: "left",
                colour: LEFT,
                values: rows.iter().map(|r| Some(r.1)).collect(),
            },
            Series {
                name: "right",
                colour: RIGHT,
                values: rows.iter().map(|r| Some(r.2)).collect(),
            },
        ],
        band: None,
        unit: "degrees",
        format: degrees,
        from_zero: true,
    })
}

/// A phase under the before/after chart, on two lines where one would crowd a phone.
fn phase_label(p: Phase) -> &'static str {
    match p {
        Phase::Baseline => "before",
        Phase::AfterStretch => "after\nstretch",
        Phase::AfterStrengthening => "after\nstrengthening",
    }
}
