//! A minimal page layout on pdf-writer: lines of text that wrap and flow onto new A4 pages,
//! rows of cells, and images (the charts, as pixels) placed at the full text width.
//!
//! Why pdf-writer: the report needs text, headings and pictures, not typesetting. typst gives
//! real layout but costs about 3 minutes and 2.6 GB of build on our 2-core CI; printpdf 0.12
//! pulls in an HTML layout engine by default. pdf-writer is a few thousand lines with no
//! heavy dependencies. The text is set in the embedded DejaVu Sans, with Droid Sans Fallback
//! (Chinese, Japanese) and NanumSquare (Korean) for what it lacks ([`crate::font`]), wrapped
//! by the real glyph widths; bold is the same font filled and stroked.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::io::Write;

use crate::font::Font;

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

    /// Bold styles are the font filled and stroked, a stroke a thirtieth of the size wide.
    fn bold(self) -> bool {
        matches!(self, Style::Title | Style::Heading | Style::Bold)
    }
}

/// An RGB image, 8 bits a channel.
pub(crate) struct Image {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A drawing's page, placed in the flow: positions are in points from its lower-left corner at
/// the left margin.
pub(crate) struct Canvas<'a> {
    page: &'a mut Content,
    font: &'a mut Font,
    left: f32,
    bottom: f32,
}

impl Canvas<'_> {
    /// The width a drawing may use: the text's.
    pub(crate) fn width_available(&self) -> f32 {
        WIDTH
    }

    /// How wide `text` is set in `style`.
    pub(crate) fn width(&self, style: Style, text: &str) -> f32 {
        self.font.width(text, style.size())
    }

    /// One line of text starting at `at`.
    pub(crate) fn label(&mut self, style: Style, (x, y): (f32, f32), text: &str) {
        show(
            self.page,
            self.font,
            style,
            (self.left + x, self.bottom + y),
            text,
        );
    }

    /// A black line `width` points wide.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.page.set_line_width(width);
        self.page.move_to(self.left + from.0, self.bottom + from.1);
        self.page.line_to(self.left + to.0, self.bottom + to.1);
        self.page.stroke();
    }

    /// A black rectangle from its lower-left corner.
    pub(crate) fn fill_rect(&mut self, (x, y): (f32, f32), (w, h): (f32, f32)) {
        self.page.rect(self.left + x, self.bottom + y, w, h);
        self.page.fill_nonzero();
    }

    /// A thin grey square outline (a line to cut along), from its lower-left corner.
    pub(crate) fn grey_square(&mut self, (x, y): (f32, f32), side: f32) {
        self.page.save_state();
        self.page.set_stroke_gray(0.6);
        self.page.set_line_width(0.4);
        self.page.rect(self.left + x, self.bottom + y, side, side);
        self.page.stroke();
        self.page.restore_state();
    }
}

/// A document being laid out.
pub(crate) struct Document {
    title: String,
    pages: Vec<Content>,
    y: f32,
    images: Vec<Image>,
    font: Font,
}

/// Splits text into lines no wider than `width`, as measured.
fn wrap(text: &str, width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let words = text
        .split_whitespace()
        .flat_map(|word| pieces(word, width, &measure));
    for word in words {
        if !line.is_empty() && measure(&format!("{line} {word}")) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word as pieces that each fit on a line: whole when it fits, else broken between
/// characters (a long name in a script written without spaces, such as Chinese).
fn pieces(word: &str, width: f32, measure: &impl Fn(&str) -> f32) -> Vec<String> {
    if measure(word) <= width {
        return vec![word.to_string()];
    }
    let mut pieces = vec![String::new()];
    for c in word.chars() {
        let last = pieces.last_mut().expect("a piece");
        let mut longer = last.clone();
        longer.push(c);
        if !last.is_empty() && measure(&longer) > width {
            pieces.push(c.to_string());
        } else {
            *last = longer;
        }
    }
    pieces
}

/// Shows one line of text at a point in a style.
fn show(page: &mut Content, font: &mut Font, style: Style, (x, y): (f32, f32), text: &str) {
    let size = style.size();
    page.begin_text();
    if style.bold() {
        page.set_text_rendering_mode(TextRenderingMode::FillStroke);
        page.set_line_width(size / 30.0);
    } else {
        page.set_text_rendering_mode(TextRenderingMode::Fill);
    }
    page.next_line(x, y);
    for run in font.encode(text) {
        page.set_font(Name(run.font), size);
        page.show(Str(&run.cids));
    }
    page.end_text();
}

impl Document {
    pub(crate) fn new(title: &str) -> Self {
        let mut doc = Self {
            title: title.to_string(),
            pages: Vec::new(),
            y: 0.0,
            images: Vec::new(),
            font: Font::new(),
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
        for line in wrap(text, WIDTH - indent, |t| self.font.width(t, size)) {
            self.room(leading);
            self.y -= leading;
            let page = self.pages.last_mut().expect("a page");
            show(
                page,
                &mut self.font,
                style,
                (MARGIN + indent, self.y),
                &line,
            );
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
            show(page, &mut self.font, style, (MARGIN + x, self.y), cell);
        }
    }

    /// A drawing `height` points tall across the text width, on this page if it fits.
    pub(crate) fn drawing(&mut self, height: f32, draw: impl FnOnce(&mut Canvas<'_>)) {
        self.room(height + 8.0);
        self.y -= height + 4.0;
        let page = self.pages.last_mut().expect("a page");
        page.save_state();
        draw(&mut Canvas {
            page: &mut *page,
            font: &mut self.font,
            left: MARGIN,
            bottom: self.y,
        });
        page.restore_state();
        self.y -= 4.0;
    }

    /// What follows starts on a new page.
    pub(crate) fn page_break(&mut self) {
        self.new_page();
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
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let mut next = 1;
        let mut id = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let catalog = id();
        let tree = id();
        let info = id();
        pdf.catalog(catalog).pages(tree);
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
        // Page numbers at the foot of each page, first: then the faces used are all known.
        for (n, content) in self.pages.iter_mut().enumerate() {
            let foot = format!("{} - page {} of {count}", self.title, n + 1);
            show(
                content,
                &mut self.font,
                Style::Small,
                (MARGIN, MARGIN / 2.0),
                &foot,
            );
        }
        let fonts: Vec<(usize, &[u8], Ref)> = self
            .font
            .used()
            .map(|(index, resource)| (index, resource, id()))
            .collect();
        let mut page_ids = Vec::new();
        for content in self.pages {
            let page_id = id();
            let content_id = id();
            pdf.stream(content_id, &content.finish());
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
            page.parent(tree);
            page.contents(content_id);
            let mut resources = page.resources();
            let mut names = resources.fonts();
            for (_, resource, font) in &fonts {
                names.pair(Name(resource), *font);
            }
            names.finish();
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
        // Written last, once every page has said which characters it shows.
        for (index, _, font) in &fonts {
            self.font.write(*index, &mut pdf, *font, &mut id);
        }
        pdf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_the_width_by_the_glyphs_widths_and_keeps_every_word() {
        let font = Font::new();
        let text = "word Ζωή 李 ".repeat(100);
        let lines = wrap(&text, WIDTH, |t| font.width(t, 10.0));
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| font.width(l, 10.0) <= WIDTH));
        assert_eq!(lines.join(" ").split(' ').count(), 300);
    }

    #[test]
    fn a_word_wider_than_a_line_is_broken_between_characters() {
        let font = Font::new();
        let name = "李".repeat(80);
        let lines = wrap(&format!("psoas report: {name}"), WIDTH, |t| {
            font.width(t, 18.0)
        });
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(
            lines.iter().all(|l| font.width(l, 18.0) <= WIDTH),
            "{lines:?}"
        );
        assert_eq!(lines.concat().chars().filter(|c| *c == '李').count(), 80);
    }
}
