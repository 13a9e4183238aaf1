//! The report's fonts: DejaVu Sans, the charts' font, then for what it lacks Droid Sans
//! Fallback (Chinese characters and Japanese kana) and NanumSquare (Korean Hangul, which
//! Droid's fallback leaves to another font), all in `fonts/` with their licences, embedded in
//! the PDF as CID fonts and subset with typst's `subsetter` to the glyphs the report uses, so
//! names typed in Greek, Cyrillic, any Latin script, Chinese, Japanese or Korean print as
//! typed. A report that uses no character of a fallback does not embed it.
//!
//! Each character is set in the first face that has it. Each distinct character gets its own
//! CID in its face's font, mapped to the glyph by a CIDToGIDMap and back to the character by
//! a ToUnicode CMap: a character neither face has (emoji) is drawn as DejaVu's empty box, but
//! copying or searching the PDF still finds it.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

/// The main font file, shared with the charts.
pub(crate) const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The font for the Chinese and Japanese characters the main one lacks.
pub(crate) const CJK_FONT: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");

/// The font for Korean Hangul.
pub(crate) const HANGUL_FONT: &[u8] = include_bytes!("../fonts/NanumSquareR.ttf");

/// One embedded face: its file, its name in the PDF (`F1`, `F2`) and the characters shown.
struct Embedded {
    file: &'static [u8],
    face: Face<'static>,
    resource: &'static [u8],
    base_name: &'static [u8],
    cids: BTreeMap<char, u16>,
}

impl Embedded {
    fn new(file: &'static [u8], resource: &'static [u8], base_name: &'static [u8]) -> Self {
        Self {
            file,
            face: Face::parse(file, 0).expect("the embedded font parses"),
            resource,
            base_name,
            cids: BTreeMap::new(),
        }
    }

    fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(GlyphId(0))
    }

    fn advance(&self, c: char, size: f32) -> f32 {
        let units = self.face.glyph_hor_advance(self.glyph(c)).unwrap_or(0);
        f32::from(units) * size / f32::from(self.face.units_per_em())
    }
}

/// A run of text set in one face, as a content stream shows it.
pub(crate) struct Run {
    /// The face's resource name on the page (`F1`, `F2`).
    pub(crate) font: &'static [u8],
    /// The CIDs, two bytes each (Identity-H).
    pub(crate) cids: Vec<u8>,
}

/// The faces of a document and the characters it has shown in each.
pub(crate) struct Font {
    faces: [Embedded; 3],
}

impl Font {
    pub(crate) fn new() -> Self {
        Self {
            faces: [
                Embedded::new(FONT, b"F1", b"PSOASA+DejaVuSans"),
                Embedded::new(CJK_FONT, b"F2", b"PSOASB+DroidSansFallback"),
                Embedded::new(HANGUL_FONT, b"F3", b"PSOASC+NanumSquare"),
            ],
        }
    }

    /// The face a character is set in: the first that has it, else the main one (its box).
    fn face_of(&self, c: char) -> usize {
        self.faces.iter().position(|f| f.has(c)).unwrap_or(0)
    }

    /// Whether some face has a glyph for the character.
    #[cfg(test)]
    pub(crate) fn covers(&self, c: char) -> bool {
        self.faces.iter().any(|f| f.has(c))
    }

    /// How wide a text is at a size, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.faces[self.face_of(c)].advance(c, size))
            .sum()
    }

    /// The text as runs of CIDs, one run per stretch of characters in the same face.
    pub(crate) fn encode(&mut self, text: &str) -> Vec<Run> {
        let mut runs: Vec<(usize, Vec<u8>)> = Vec::new();
        for c in text.chars() {
            let index = self.face_of(c);
            let face = &mut self.faces[index];
            let next = face.cids.len() as u16 + 1;
            let cid = *face.cids.entry(c).or_insert(next);
            match runs.last_mut() {
                Some((last, bytes)) if *last == index => {
                    bytes.extend_from_slice(&cid.to_be_bytes())
                }
                _ => runs.push((index, cid.to_be_bytes().to_vec())),
            }
        }
        runs.into_iter()
            .map(|(index, cids)| Run {
                font: self.faces[index].resource,
                cids,
            })
            .collect()
    }

    /// The faces that show something, each with its resource name, for the pages' resources.
    pub(crate) fn used(&self) -> impl Iterator<Item = (usize, &'static [u8])> + '_ {
        self.faces
            .iter()
            .enumerate()
            .filter(|(i, f)| *i == 0 || !f.cids.is_empty())
            .map(|(i, f)| (i, f.resource))
    }

    /// Writes the objects of face `index`: the Type 0 font at `id`, with everything it needs.
    pub(crate) fn write(
        &self,
        index: usize,
        pdf: &mut Pdf,
        id: Ref,
        mut next: impl FnMut() -> Ref,
    ) {
        let embedded = &self.faces[index];
        let face = &embedded.face;
        let (cid_font, descriptor, file, cid_map, to_unicode) =
            (next(), next(), next(), next(), next());
        let mut remapper = GlyphRemapper::new();
        let mut map = vec![0u8; 2 * (embedded.cids.len() + 1)];
        let mut widths = vec![0.0; embedded.cids.len() + 1];
        let scale = 1000.0 / f32::from(face.units_per_em());
        let mut cmap = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            },
        );
        for (c, cid) in &embedded.cids {
            let glyph = embedded.glyph(*c);
            let new = remapper.remap(glyph.0);
            let at = 2 * usize::from(*cid);
            map[at..at + 2].copy_from_slice(&new.to_be_bytes());
            widths[usize::from(*cid)] =
                f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * scale;
            cmap.pair(*cid, *c);
        }
        let subset =
            subsetter::subset(embedded.file, 0, &remapper).expect("the embedded font subsets");
        let name = Name(embedded.base_name);
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
        let bbox = face.global_bounding_box();
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
            .ascent(f32::from(face.ascender()) * scale)
            .descent(f32::from(face.descender()) * scale)
            .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_chinese_japanese_and_korean_have_glyphs() {
        let font = Font::new();
        for name in [
            "李小龍",
            "山田はなこ",
            "ヤマダ",
            "김민준",
            "Ζωή",
            "Łucja",
            "Фёдор",
        ] {
            for c in name.chars() {
                assert!(font.covers(c), "{c} ({:04X}) in {name}", u32::from(c));
            }
        }
    }

    #[test]
    fn each_character_goes_to_the_first_face_that_has_it() {
        let mut font = Font::new();
        let runs = font.encode("Anna 李 김 b");
        let fonts: Vec<&[u8]> = runs.iter().map(|r| r.font).collect();
        assert_eq!(fonts, [b"F1".as_slice(), b"F2", b"F1", b"F3", b"F1"]);
        // "Anna " is five CIDs of two bytes, then one for 李, " ", 김, " b".
        assert_eq!(
            runs.iter().map(|r| r.cids.len()).collect::<Vec<_>>(),
            [10, 2, 2, 2, 4]
        );
        assert_eq!(font.used().count(), 3);
        let mut latin = Font::new();
        latin.encode("Anna");
        assert_eq!(
            latin.used().count(),
            1,
            "the fallback is embedded only when used"
        );
    }
}
