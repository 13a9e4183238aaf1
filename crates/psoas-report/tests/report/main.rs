//! Charts (and the report) drawn from histories built with the core's own constructors,
//! decoded and checked: SVG parsed as XML for its series, labels, sizes and point titles, PNG
//! decoded for its size and drawn pixels; the marker sheet printed back to pixels and measured.

mod charts;
mod history;
mod naming;
mod pdf;
mod phone;
mod sheet;
