//! The report's font: DejaVu Sans, the charts' font in `fonts/` (its licence beside it),
//! embedded in the PDF as a CID font and subset with typst's `subsetter` to the glyphs the
//! report uses, so names typed in Greek, Cyrillic or any Latin script print as typed.
//!
//! Each distinct character gets its own CID, mapped to its glyph by a CIDToGIDMap and back to
//! the character by a ToUnicode CMap: a character the font lacks (CJK, emoji) is drawn as the
//! font's empty box, but copying or searching the PDF still finds it.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

/// The font file, shared with the charts.
pub(crate) const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The characters a document has shown so far, each with its CID.
pub(crate) struct Font {
    face: Face<'static>,
    cids: BTreeMap<char, u16>,
}

impl Font {
    pub(crate) fn new() -> Self {
        Self {
            face: Face::parse(FONT, 0).expect("the embedded font parses"),
            cids: BTreeMap::new(),
        }
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(GlyphId(0))
    }

    /// How wide a text is at a size, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.face.glyph_hor_advance(self.glyph(c)).unwrap_or(0)))
            .sum();
        units as f32 * size / f32::from(self.face.units_per_em())
    }

    /// The text as the CIDs a content stream shows (two bytes each, Identity-H).
    pub(crate) fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let next = self.cids.len() as u16 + 1;
            let cid = *self.cids.entry(c).or_insert(next);
            bytes.extend_from_slice(&cid.to_be_bytes());
        }
        bytes
    }

    /// Writes the font's objects: the Type 0 font at `id`, with everything it needs after.
    pub(crate) fn write(&self, pdf: &mut Pdf, id: Ref, mut next: impl FnMut() -> Ref) {
        let (cid_font, descriptor, file, cid_map, to_unicode) =
            (next(), next(), next(), next(), next());
        let mut remapper = GlyphRemapper::new();
        let mut map = vec![0u8; 2 * (self.cids.len() + 1)];
        let mut widths = vec![0.0; self.cids.len() + 1];
        let scale = 1000.0 / f32::from(self.face.units_per_em());
        let mut cmap = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            },
        );
        for (c, cid) in &self.cids {
            let glyph = self.glyph(*c);
            let new = remapper.remap(glyph.0);
            let at = 2 * usize::from(*cid);
            map[at..at + 2].copy_from_slice(&new.to_be_bytes());
            widths[usize::from(*cid)] =
                f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) * scale;
            cmap.pair(*cid, *c);
        }
        let subset = subsetter::subset(FONT, 0, &remapper).expect("the embedded font subsets");
        let name = Name(b"PSOAS+DejaVuSans");
        pdf.type0_font(id)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(to_unicode);
        let mut font = pdf.cid_font(cid_font);
        font.subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(descriptor)
            .cid_to_gid_map_stream(cid_map);
        font.widths().consecutive(0, widths);
        font.finish();
        let bbox = self.face.global_bounding_box();
        pdf.font_descriptor(descriptor)
            .name(name)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * scale,
                f32::from(bbox.y_min) * scale,
                f32::from(bbox.x_max) * scale,
                f32::from(bbox.y_max) * scale,
            ))
            .italic_angle(0.0)
            .ascent(f32::from(self.face.ascender()) * scale)
            .descent(f32::from(self.face.descender()) * scale)
            .cap_height(f32::from(self.face.capital_height().unwrap_or(0)) * scale)
            .stem_v(80.0)
            .font_file2(file);
        pdf.stream(file, &deflate(&subset))
            .filter(Filter::FlateDecode);
        pdf.stream(cid_map, &deflate(&map))
            .filter(Filter::FlateDecode);
        pdf.cmap(to_unicode, &cmap.finish());
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("compressing into memory");
    encoder.finish().expect("compressing into memory")
}
