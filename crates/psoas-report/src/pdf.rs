//! A minimal page layout on pdf-writer: lines of text that wrap and flow onto new A4 pages,
//! and images (the charts, as pixels) placed at the full text width.
//!
//! Why pdf-writer: the report needs text, headings and pictures, not typesetting. typst gives
//! real layout but costs about 3 minutes and 2.6 GB of build on our 2-core CI; printpdf 0.12
//! pulls in an HTML layout engine by default. pdf-writer is a few thousand lines with no
//! heavy dependencies. The text uses the PDF standard font Helvetica (every reader has it, so
//! nothing is embedded), in its WinAnsi encoding.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::io::Write;

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

/// Text styles.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Style {
    Title,
    Heading,
    Body,
    Small,
    Bold,
}

impl Style {
    fn size(self) -> f32 {
        match self {
            Style::Title => 18.0,
            Style::Heading => 13.0,
            Style::Body | Style::Bold => 10.0,
            Style::Small => 8.5,
        }
    }

    fn font(self) -> Name<'static> {
        match self {
            Style::Title | Style::Heading | Style::Bold => Name(b"F2"),
            Style::Body | Style::Small => Name(b"F1"),
        }
    }
}

/// An RGB image, 8 bits a channel.
pub(crate) struct Image {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A document being laid out.
pub(crate) struct Document {
    title: String,
    pages: Vec<Content>,
    y: f32,
    images: Vec<Image>,
}

/// Text in WinAnsi (Windows-1252), the encoding of the standard fonts; what it lacks becomes
/// a close ASCII spelling.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => out.push(c as u32 as u8),
            '\u{2013}' => out.push(0x96),
            '\u{2014}' => out.push(0x97),
            '\u{2018}' => out.push(0x91),
            '\u{2019}' => out.push(0x92),
            '\u{201c}' => out.push(0x93),
            '\u{201d}' => out.push(0x94),
            '\u{2022}' => out.push(0x95),
            '\u{2026}' => out.push(0x85),
            '\u{2264}' => out.extend_from_slice(b"<="),
            '\u{2265}' => out.extend_from_slice(b">="),
            '\u{221a}' => out.extend_from_slice(b"sqrt"),
            _ => out.push(b'?'),
        }
    }
    out
}

/// Splits text into lines that fit the width at a size. Helvetica's glyphs average about
/// half an em; 0.52 keeps lines of ordinary prose inside the margin.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let per_line = ((width / (size * 0.52)) as usize).max(10);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

impl Document {
    pub(crate) fn new(title: &str) -> Self {
        let mut doc = Self {
            title: title.to_string(),
            pages: Vec::new(),
            y: 0.0,
            images: Vec::new(),
        };
        doc.new_page();
        doc
    }

    fn new_page(&mut self) {
        self.pages.push(Content::new());
        self.y = PAGE_H - MARGIN;
    }

    fn room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.new_page();
        }
    }

    /// A paragraph, wrapped, with space after it.
    pub(crate) fn text(&mut self, style: Style, text: &str) {
        self.indented(style, 0.0, text);
    }

    /// A paragraph indented from the left margin.
    pub(crate) fn indented(&mut self, style: Style, indent: f32, text: &str) {
        let size = style.size();
        let leading = size * 1.3;
        if matches!(style, Style::Heading | Style::Title) {
            // Keep a heading with at least two lines of what follows.
            self.room(leading * 3.0 + 6.0);
            self.y -= 6.0;
        }
        for line in wrap(text, size, WIDTH - indent) {
            self.room(leading);
            self.y -= leading;
            let page = self.pages.last_mut().expect("a page");
            page.begin_text();
            page.set_font(style.font(), size);
            page.next_line(MARGIN + indent, self.y);
            page.show(Str(&win_ansi(&line)));
            page.end_text();
        }
        self.y -= size * 0.4;
    }

    /// One line of cells, each starting at its offset from the left margin (a table's row).
    pub(crate) fn row(&mut self, style: Style, columns: &[f32], cells: &[&str]) {
        let size = style.size();
        let leading = size * 1.4;
        self.room(leading);
        self.y -= leading;
        let page = self.pages.last_mut().expect("a page");
        for (x, cell) in columns.iter().zip(cells) {
            page.begin_text();
            page.set_font(style.font(), size);
            page.next_line(MARGIN + x, self.y);
            page.show(Str(&win_ansi(cell)));
            page.end_text();
        }
    }

    /// An image at the full text width, keeping its proportions.
    pub(crate) fn image(&mut self, image: Image) {
        let height = WIDTH * image.height as f32 / image.width as f32;
        self.room(height + 8.0);
        self.y -= height + 4.0;
        let name = format!("Im{}", self.images.len());
        let page = self.pages.last_mut().expect("a page");
        page.save_state();
        page.transform([WIDTH, 0.0, 0.0, height, MARGIN, self.y]);
        page.x_object(Name(name.as_bytes()));
        page.restore_state();
        self.images.push(image);
        self.y -= 4.0;
    }

    /// The finished PDF file.
    pub(crate) fn finish(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let mut next = 1;
        let mut id = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let catalog = id();
        let tree = id();
        let regular = id();
        let bold = id();
        let info = id();
        pdf.catalog(catalog).pages(tree);
        pdf.type1_font(regular)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold)
            .base_font(Name(b"Helvetica-Bold"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.document_info(info)
            .title(TextStr(&self.title))
            .producer(TextStr(concat!("psoas ", env!("CARGO_PKG_VERSION"))));
        let image_ids: Vec<Ref> = self.images.iter().map(|_| id()).collect();
        for (image, image_id) in self.images.iter().zip(&image_ids) {
            let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
            encoder
                .write_all(&image.pixels)
                .expect("compressing into memory");
            let data = encoder.finish().expect("compressing into memory");
            let mut xobject = pdf.image_xobject(*image_id, &data);
            xobject.filter(Filter::FlateDecode);
            xobject.width(image.width as i32);
            xobject.height(image.height as i32);
            xobject.color_space().device_rgb();
            xobject.bits_per_component(8);
            xobject.finish();
        }
        let count = self.pages.len();
        let mut page_ids = Vec::new();
        for (n, mut content) in self.pages.into_iter().enumerate() {
            let page_id = id();
            let content_id = id();
            // Page numbers at the foot of each page.
            content.begin_text();
            content.set_font(Name(b"F1"), 8.0);
            content.next_line(MARGIN, MARGIN / 2.0);
            let foot = format!("{} - page {} of {count}", self.title, n + 1);
            content.show(Str(&win_ansi(&foot)));
            content.end_text();
            pdf.stream(content_id, &content.finish());
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
            page.parent(tree);
            page.contents(content_id);
            let mut resources = page.resources();
            resources
                .fonts()
                .pair(Name(b"F1"), regular)
                .pair(Name(b"F2"), bold);
            let mut objects = resources.x_objects();
            for (i, image_id) in image_ids.iter().enumerate() {
                let name = format!("Im{i}");
                objects.pair(Name(name.as_bytes()), *image_id);
            }
            objects.finish();
            resources.finish();
            page.finish();
            page_ids.push(page_id);
        }
        pdf.pages(tree).kids(page_ids).count(count as i32);
        pdf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_the_width_and_keeps_every_word() {
        let text = "word ".repeat(200);
        let lines = wrap(&text, 10.0, WIDTH);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.len() <= (WIDTH / 5.2) as usize));
        assert_eq!(lines.join(" ").split(' ').count(), 200);
    }

    #[test]
    fn symbols_outside_win_ansi_get_an_ascii_spelling() {
        assert_eq!(win_ansi("12°"), b"12\xb0");
        assert_eq!(win_ansi("1.96 × √2"), b"1.96 \xd7 sqrt2");
        assert_eq!(win_ansi("→"), b"?");
    }
}
