//! Progress over time, drawn: charts of leg raise, side difference, strength and pain across
//! sessions and of one session before and after its exercises ([`render`], SVG or PNG), the
//! printable PDF report that carries them, and the printable sheet of camera markers
//! ([`marker_sheet`]).
//!
//! ```
//! use psoas_report::{render, ChartKind, ImageFormat};
//! // No sessions, nothing to draw: the error says so.
//! assert!(render(ChartKind::Pain, &[], ImageFormat::Svg, (640, 360)).is_err());
//! ```

mod chart;
mod font;
mod markers;
mod pdf;
mod raster;
mod report;
mod scene;
pub mod series;
mod svg;

pub use chart::{ChartError, ChartKind, ImageFormat, pixels, render};
pub use markers::{MARKER_SIDE_MM, MissingTag, TagCells, marker_sheet};
pub use report::{DISCLAIMER, content_disposition, report_file_name, report_pdf};
