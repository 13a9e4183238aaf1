//! Drawing the charts with plotters, as SVG (text drawn by the viewer, laid out with the
//! embedded DejaVu Sans's metrics) or PNG (text drawn with that font, so a file looks the same
//! wherever it is made). No system font is ever looked up.

use plotters::coord::Shift;
use plotters::prelude::*;
use psoas_core::verdict::Quantity;
use psoas_core::{Phase, SessionRecord};
use std::sync::Once;

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

const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static FONT_ONCE: Once = Once::new();

fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// Colours: left blue, right orange (told apart by people with the common colour blindness).
const LEFT: RGBColor = RGBColor(0, 114, 178);
const RIGHT: RGBColor = RGBColor(213, 94, 0);

/// Draws a chart of some sessions (one session for [`ChartKind::BeforeAfter`]: the latest).
pub fn render(
    kind: ChartKind,
    records: &[SessionRecord],
    format: ImageFormat,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    // Both backends lay text out with the font's metrics (the PNG also draws it with it).
    register_font();
    match format {
        ImageFormat::Svg => {
            let mut text = String::new();
            {
                let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
                draw(kind, records, &root)?;
                root.present().map_err(draw_err)?;
            }
            Ok(text.into_bytes())
        }
        ImageFormat::Png => encode_png(&pixels(kind, records, size)?, size),
    }
}

/// Draws a chart as RGB pixels, 8 bits a channel, row by row (for the PDF report).
pub fn pixels(
    kind: ChartKind,
    records: &[SessionRecord],
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    register_font();
    let mut pixels = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        draw(kind, records, &root)?;
        root.present().map_err(draw_err)?;
    }
    Ok(pixels)
}

fn register_font() {
    FONT_ONCE.call_once(|| {
        // The embedded font cannot fail to parse; if it did, text would be missing.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
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

fn days(p: &SessionPoint, origin: i64) -> f64 {
    (p.at.as_second() - origin) as f64 / 86_400.0
}

fn date_label(origin: i64) -> impl Fn(&f64) -> String {
    move |x| {
        jiff::Timestamp::from_second(origin + (x * 86_400.0) as i64)
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

fn range(values: impl Iterator<Item = f64>, floor: Option<f64>) -> (f64, f64) {
    let (mut lo, mut hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if let Some(f) = floor {
        lo = lo.min(f);
    }
    if hi - lo < 1.0 {
        hi += 0.5;
        lo -= 0.5;
    }
    let pad = (hi - lo) * 0.08;
    (lo - pad, hi + pad)
}

/// A series: its name, colour and points.
type Series = (&'static str, RGBColor, Vec<(f64, f64)>);

fn time_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    y_label: &str,
    series: Vec<Series>,
    band: Option<Vec<(f64, f64, f64)>>,
    origin: i64,
    y_floor: Option<f64>,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(draw_err)?;
    let xs = series
        .iter()
        .flat_map(|(_, _, p)| p.iter().map(|(x, _)| *x));
    let (x0, x1) = range(xs, None);
    let mut ys: Vec<f64> = series
        .iter()
        .flat_map(|(_, _, p)| p.iter().map(|(_, y)| *y))
        .collect();
    if let Some(band) = &band {
        ys.extend(band.iter().flat_map(|(_, lo, hi)| [*lo, *hi]));
    }
    let (y0, y1) = range(ys.into_iter(), y_floor);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .x_labels(4)
        .x_label_formatter(&date_label(origin))
        .y_desc(y_label)
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(draw_err)?;
    if let Some(band) = band {
        let mut outline: Vec<(f64, f64)> = band.iter().map(|(x, _, hi)| (*x, *hi)).collect();
        outline.extend(band.iter().rev().map(|(x, lo, _)| (*x, *lo)));
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline,
                RGBColor(0, 158, 115).mix(0.2),
            )))
            .map_err(draw_err)?
            .label("no clear difference")
            .legend(|(x, y)| {
                Rectangle::new(
                    [(x, y - 5), (x + 16, y + 5)],
                    RGBColor(0, 158, 115).mix(0.3).filled(),
                )
            });
    }
    for (name, colour, points) in series {
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                colour.stroke_width(2),
            ))
            .map_err(draw_err)?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 3, colour.filled())))
            .map_err(draw_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    records: &[SessionRecord],
    root: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
    if kind == ChartKind::BeforeAfter {
        return draw_before_after(records, root);
    }
    let points = points(records);
    let origin = points.first().map(|p| p.at.as_second()).unwrap_or(0);
    let none = |what: &str| ChartError::NoData(format!("no session here has {what} to chart"));
    let pick = |f: &dyn Fn(&SessionPoint) -> Option<(f64, f64)>| -> Vec<(f64, f64, f64)> {
        points
            .iter()
            .filter_map(|p| f(p).map(|(a, b)| (days(p, origin), a, b)))
            .collect()
    };
    let two =
        |rows: &[(f64, f64, f64)], a: (&'static str, RGBColor), b: (&'static str, RGBColor)| {
            vec![
                (a.0, a.1, rows.iter().map(|(x, l, _)| (*x, *l)).collect()),
                (b.0, b.1, rows.iter().map(|(x, _, r)| (*x, *r)).collect()),
            ]
        };
    match kind {
        ChartKind::LegRaise => {
            let rows = pick(&|p| p.leg_raise);
            if rows.is_empty() {
                return Err(none("leg-raise trials on both sides"));
            }
            let series = two(&rows, ("left", LEFT), ("right", RIGHT));
            time_chart(
                root,
                kind.title(),
                "degrees",
                series,
                None,
                origin,
                Some(0.0),
            )
        }
        ChartKind::Difference => {
            let rows = pick(&|p| p.difference);
            if rows.is_empty() {
                return Err(none("leg-raise trials on both sides"));
            }
            let line = rows.iter().map(|(x, d, _)| (*x, *d)).collect();
            let band = rows.iter().map(|(x, _, t)| (*x, -t, *t)).collect();
            let series = vec![("left minus right", LEFT, line)];
            time_chart(
                root,
                kind.title(),
                "degrees",
                series,
                Some(band),
                origin,
                None,
            )
        }
        ChartKind::Strength => {
            // Sessions measured in one way are charted together: the most common one.
            let mut counts = [0usize; 4];
            for (q, _, _) in points.iter().filter_map(|p| p.strength) {
                counts[quantity_rank(q) as usize] += 1;
            }
            let Some(quantity) = [
                Quantity::Newtons,
                Quantity::Grade,
                Quantity::HeldShare,
                Quantity::Degrees,
            ]
            .into_iter()
            .filter(|q| counts[quantity_rank(*q) as usize] > 0)
            .max_by_key(|q| (counts[quantity_rank(*q) as usize], quantity_rank(*q))) else {
                return Err(none("strength trials on both sides"));
            };
            let rows = pick(&|p| {
                p.strength
                    .filter(|(q, _, _)| *q == quantity)
                    .map(|(_, l, r)| (l, r))
            });
            let unit = match quantity {
                Quantity::Newtons => "newtons",
                Quantity::Grade => "grade 0-5",
                Quantity::HeldShare => "share of trials held",
                Quantity::Degrees => "degrees",
            };
            let series = two(&rows, ("left", LEFT), ("right", RIGHT));
            time_chart(root, kind.title(), unit, series, None, origin, Some(0.0))
        }
        ChartKind::Pain => {
            let rows = pick(&|p| p.pain.map(|(b, p)| (f64::from(b), f64::from(p))));
            if rows.is_empty() {
                return Err(none("pain recorded"));
            }
            let series = two(&rows, ("low back", LEFT), ("pelvis", RIGHT));
            time_chart(
                root,
                kind.title(),
                "pain 0-10",
                series,
                None,
                origin,
                Some(0.0),
            )
        }
        ChartKind::BeforeAfter => unreachable!("drawn above"),
    }
}

fn quantity_rank(q: Quantity) -> u8 {
    match q {
        Quantity::Newtons => 3,
        Quantity::Grade => 2,
        Quantity::HeldShare => 1,
        Quantity::Degrees => 0,
    }
}

fn draw_before_after<DB: DrawingBackend>(
    records: &[SessionRecord],
    root: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
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
    root.fill(&WHITE).map_err(draw_err)?;
    let (y0, y1) = range(rows.iter().flat_map(|(_, l, r)| [*l, *r]), Some(0.0));
    let title = format!(
        "{} ({})",
        ChartKind::BeforeAfter.title(),
        latest.session.started_at.strftime("%Y-%m-%d")
    );
    let n = rows.len();
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), y0..y1)
        .map_err(draw_err)?;
    let labels: Vec<&'static str> = rows.iter().map(|(p, _, _)| phase_label(*p)).collect();
    chart
        .configure_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 0.01 && i >= 0.0 {
                labels.get(i as usize).copied().unwrap_or("").to_string()
            } else {
                String::new()
            }
        })
        .y_desc("degrees")
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(draw_err)?;
    for (name, colour, pick) in [("left", LEFT, 0usize), ("right", RIGHT, 1usize)] {
        let pts: Vec<(f64, f64)> = rows
            .iter()
            .enumerate()
            .map(|(i, (_, l, r))| (i as f64, if pick == 0 { *l } else { *r }))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))
            .map_err(draw_err)?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(2))
            });
        chart
            .draw_series(pts.into_iter().map(|p| Circle::new(p, 4, colour.filled())))
            .map_err(draw_err)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .draw()
        .map_err(draw_err)?;
    Ok(())
}

fn phase_label(p: Phase) -> &'static str {
    match p {
        Phase::Baseline => "before",
        Phase::AfterStretch => "after stretch",
        Phase::AfterStrengthening => "after strengthening",
    }
}
