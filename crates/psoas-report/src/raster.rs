//! A [`Scene`] painted as RGB pixels with plotters' bitmap backend and the embedded DejaVu
//! Sans, scaled from the design width to the pixels asked for: a PNG file, or the PDF's
//! charts at print resolution.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;

use crate::chart::ChartError;
use crate::scene::{Anchor, Item, Rgb, Scene, TEXT, WIDTH};

use crate::font::FONT;

static FONT_ONCE: Once = Once::new();

fn register_font() {
    FONT_ONCE.call_once(|| {
        // The embedded font cannot fail to parse; if it did, text would be missing.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Paints a scene into `width` x `height` pixels, row by row, 8 bits a channel.
pub(crate) fn paint(scene: &Scene, (width, height): (u32, u32)) -> Result<Vec<u8>, ChartError> {
    register_font();
    let (sx, sy) = (f64::from(width) / WIDTH, f64::from(height) / scene.height);
    let px = |(x, y): (f64, f64)| ((x * sx).round() as i32, (y * sy).round() as i32);
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        for item in &scene.items {
            match item {
                Item::Rect { corner, size, fill } => root.draw(&Rectangle::new(
                    [px(*corner), px((corner.0 + size.0, corner.1 + size.1))],
                    rgb(*fill).filled(),
                )),
                Item::Area {
                    points,
                    fill,
                    opacity,
                    ..
                } => root.draw(&Polygon::new(
                    points.iter().map(|p| px(*p)).collect::<Vec<_>>(),
                    rgb(*fill).mix(*opacity),
                )),
                Item::Line {
                    points,
                    colour,
                    width,
                } => root.draw(&PathElement::new(
                    points.iter().map(|p| px(*p)).collect::<Vec<_>>(),
                    rgb(*colour).stroke_width(((width * sx).round() as u32).max(1)),
                )),
                Item::Dot {
                    at, radius, colour, ..
                } => root.draw(&Circle::new(
                    px(*at),
                    ((radius * sx).round() as i32).max(1),
                    rgb(*colour).filled(),
                )),
                Item::Text {
                    at,
                    text,
                    anchor,
                    colour,
                } => {
                    let h = match anchor {
                        Anchor::Start => HPos::Left,
                        Anchor::Middle => HPos::Center,
                        Anchor::End => HPos::Right,
                    };
                    let style = ("sans-serif", TEXT * sx)
                        .into_font()
                        .color(&rgb(*colour))
                        .pos(Pos::new(h, VPos::Bottom));
                    // The scene's point is the baseline; the font's descent sits below it.
                    let (x, y) = px(*at);
                    root.draw(&plotters::element::Text::new(
                        text.clone(),
                        (x, y + (TEXT * sx * 0.22) as i32),
                        style,
                    ))
                }
            }
            .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(pixels)
}
