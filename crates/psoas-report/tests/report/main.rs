//! Charts (and the report) drawn from histories built with the core's own constructors,
//! decoded and checked: SVG parsed as XML for its series and labels, PNG decoded for its
//! size and drawn pixels.

mod charts;
mod history;
