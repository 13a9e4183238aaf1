//! Test support: photos drawn from known markers (where each tag sits, its size, turn and
//! slant, on a textured background with blur, uneven light and sensor noise), encoded as a
//! camera would, so tests here and in the front doors can check what is found against the
//! truth. Not for measuring people.

use std::io::Cursor;

use image::{GrayImage, ImageFormat, RgbImage};
use psoas_core::Side;
use psoas_core::camera::{MarkerRole, Pixel, marker_id};

use crate::tag::{TAG_CELLS, tag_cells};

/// One tag as drawn: which, where its centre is, how big its black square is, and how it is
/// turned and slanted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TagPose {
    /// The tag36h11 id.
    pub id: u16,
    /// The centre in image px (x right, y down).
    pub centre: Pixel,
    /// The side of the black square, in px (the white ring adds a quarter).
    pub side_px: f64,
    /// The turn in the picture, degrees anticlockwise as a person sees it.
    pub turn_deg: f64,
    /// Perspective, as the change of scale per half-width across the tag's own x and y
    /// (0.05: one edge 5% nearer than the middle, the opposite 5% farther).
    pub slant: (f64, f64),
}

impl TagPose {
    /// An upright, face-on tag.
    pub fn new(id: u16, centre: Pixel, side_px: f64) -> Self {
        Self {
            id,
            centre,
            side_px,
            turn_deg: 0.0,
            slant: (0.0, 0.0),
        }
    }

    /// The same tag turned by `deg`, anticlockwise as seen.
    pub fn turned(self, deg: f64) -> Self {
        Self {
            turn_deg: deg,
            ..self
        }
    }

    /// The same tag seen at a slant (see [`TagPose::slant`]).
    pub fn slanted(self, x: f64, y: f64) -> Self {
        Self {
            slant: (x, y),
            ..self
        }
    }

    /// The map from the printed tag's frame (x right, y down, -1 to 1 across the black
    /// square) into the image, as a 3 x 3 matrix acting on (x, y, 1).
    fn homography(&self) -> [[f64; 3]; 3] {
        let (c, s) = {
            let t = self.turn_deg.to_radians();
            (t.cos(), t.sin())
        };
        let half = self.side_px / 2.0;
        let (a, b) = self.slant;
        // T * R * S * P, with P = [[1,0,0],[0,1,0],[a,b,1]]: the last row makes one side
        // nearer, and leaves the centre where it was.
        let (cx, cy) = self.centre;
        let rs = [[c * half, s * half], [-s * half, c * half]];
        [
            [rs[0][0] + cx * a, rs[0][1] + cx * b, cx],
            [rs[1][0] + cy * a, rs[1][1] + cy * b, cy],
            [a, b, 1.0],
        ]
    }

    /// Where a point of the printed tag's frame lands in the image.
    pub fn project(&self, x: f64, y: f64) -> Pixel {
        let h = self.homography();
        let w = h[2][0] * x + h[2][1] * y + h[2][2];
        (
            (h[0][0] * x + h[0][1] * y + h[0][2]) / w,
            (h[1][0] * x + h[1][1] * y + h[1][2]) / w,
        )
    }

    /// The black square's corners as printed: top left, top right, bottom right, bottom left.
    pub fn corners(&self) -> [Pixel; 4] {
        [
            self.project(-1.0, -1.0),
            self.project(1.0, -1.0),
            self.project(1.0, 1.0),
            self.project(-1.0, 1.0),
        ]
    }
}

/// A picture to draw: its size, its tags, and what the camera does to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
    /// The tags drawn.
    pub tags: Vec<TagPose>,
    /// Radius of the box blur, in px (0: none; 1: 3 x 3).
    pub blur: u32,
    /// The light's gain at the left and the right edge (1.0: as printed).
    pub gain: (f64, f64),
    /// Added to every pixel after the gain.
    pub offset: f64,
    /// The sensor noise's standard deviation, in grey levels.
    pub noise: f64,
    /// Seed of the noise and the background's texture.
    pub seed: u64,
    /// Strength of the background's fine weave, in grey levels.
    pub weave: f64,
}

/// Where [`Scene::side`] puts the hip marker, and the thigh's and pelvis's lengths in px.
pub const BODY_HIP: Pixel = (560.0, 430.0);
const THIGH_PX: f64 = 330.0;
const PELVIS_PX: f64 = 210.0;
/// The resting thigh's slope across [`Scene::side`]'s picture, in degrees (the table is not
/// quite level in the picture).
pub const REST_SLOPE_DEG: f64 = 3.0;
/// The bend of P→H from the thigh at rest in [`Scene::side`], in degrees.
pub const REST_BEND_DEG: f64 = 20.0;

impl Scene {
    /// An empty 1280 x 720 picture with mild blur, uneven light and noise.
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            height,
            tags: Vec::new(),
            blur: 1,
            gain: (0.75, 1.05),
            offset: 12.0,
            noise: 3.0,
            seed: 1,
            weave: 6.0,
        }
    }

    /// One side of a body lying face down, seen from that side on a 1280 x 720 picture, with
    /// the thigh risen by `rise_deg` from the rest and the pelvis tipped with it by
    /// `pelvis_deg`: the true rise, pelvis part and hip part (`rise - pelvis`) are known. The
    /// left side faces left (its knee to the right of the hip), the right side is its mirror.
    pub fn side(side: Side, rise_deg: f64, pelvis_deg: f64) -> Self {
        let thigh = REST_SLOPE_DEG + rise_deg;
        let pelvis = REST_SLOPE_DEG - REST_BEND_DEG + pelvis_deg;
        let along = |from: Pixel, deg: f64, px: f64| -> Pixel {
            let r = deg.to_radians();
            (from.0 + px * r.cos(), from.1 - px * r.sin())
        };
        let hip = BODY_HIP;
        let knee = along(hip, thigh, THIGH_PX);
        let pelvis_at = along(hip, pelvis, -PELVIS_PX);
        let size = 48.0;
        let mut tags = vec![
            TagPose::new(marker_id(side, MarkerRole::Pelvis), pelvis_at, size).turned(pelvis),
            TagPose::new(marker_id(side, MarkerRole::Hip), hip, size).turned(thigh),
            TagPose::new(marker_id(side, MarkerRole::Knee), knee, size).turned(thigh),
        ];
        let mut scene = Self::new(1280, 720);
        if side == Side::Right {
            let w = f64::from(scene.width);
            for t in &mut tags {
                t.centre.0 = w - t.centre.0;
                t.turn_deg = -t.turn_deg;
            }
        }
        scene.tags = tags;
        scene
    }

    /// The same scene with every tag scaled about its centre to `side_px`.
    pub fn with_tag_size(mut self, side_px: f64) -> Self {
        for t in &mut self.tags {
            t.side_px = side_px;
        }
        self
    }

    /// Draws the scene in grey.
    pub fn render(&self) -> GrayImage {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut rng = Rng(self.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let phase = rng.unit() * 6.0;
        let mut canvas: Vec<f64> = (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w) as f64, (i / w) as f64);
                // Cloth and skin: slow shading with a finer weave, never a square edge.
                118.0
                    + 30.0 * (x * 0.011 + phase).sin() * (y * 0.017).cos()
                    + self.weave * (x * 0.23 + y * 0.07).sin()
                    + self.weave * 0.7 * (y * 0.31 - x * 0.05 + phase).cos()
            })
            .collect();
        for tag in &self.tags {
            draw_tag(&mut canvas, w, h, tag);
        }
        let canvas = box_blur(&canvas, w, h, self.blur as usize);
        let pixels = canvas
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let t = (i % w) as f64 / w.max(1) as f64;
                let gain = self.gain.0 + (self.gain.1 - self.gain.0) * t;
                let v = v * gain + self.offset + self.noise * rng.normal();
                v.round().clamp(0.0, 255.0) as u8
            })
            .collect();
        GrayImage::from_raw(self.width, self.height, pixels).unwrap_or_default()
    }
}

const BLACK: f64 = 28.0;
const WHITE: f64 = 235.0;
/// Samples a pixel side: 4 x 4 per pixel smooths the tag's edges as a lens does.
const SUPERSAMPLE: usize = 4;

fn draw_tag(canvas: &mut [f64], w: usize, h: usize, tag: &TagPose) {
    let Some(cells) = tag_cells(tag.id) else {
        return;
    };
    let Some(inverse) = invert(tag.homography()) else {
        return;
    };
    // The white ring reaches 1.25 in the tag's frame (10 cells against the black square's 8).
    let ring = TAG_CELLS as f64 / 8.0;
    let outline = [
        tag.project(-ring, -ring),
        tag.project(ring, -ring),
        tag.project(ring, ring),
        tag.project(-ring, ring),
    ];
    let lo = |f: fn(&Pixel) -> f64| outline.iter().map(f).fold(f64::INFINITY, f64::min);
    let hi = |f: fn(&Pixel) -> f64| outline.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
    let clampx = |v: f64, n: usize| v.max(0.0).min(n as f64) as usize;
    let (x0, x1) = (clampx(lo(|p| p.0) - 1.0, w), clampx(hi(|p| p.0) + 2.0, w));
    let (y0, y1) = (clampx(lo(|p| p.1) - 1.0, h), clampx(hi(|p| p.1) + 2.0, h));
    for y in y0..y1 {
        for x in x0..x1 {
            let background = canvas[y * w + x];
            let mut sum = 0.0;
            for sy in 0..SUPERSAMPLE {
                for sx in 0..SUPERSAMPLE {
                    let px = x as f64 + (sx as f64 + 0.5) / SUPERSAMPLE as f64;
                    let py = y as f64 + (sy as f64 + 0.5) / SUPERSAMPLE as f64;
                    let (u, v) = apply(&inverse, px, py);
                    sum += if u.abs() < ring && v.abs() < ring {
                        let cx = ((u + ring) / ring * 5.0) as usize;
                        let cy = ((v + ring) / ring * 5.0) as usize;
                        let black = cells
                            .get(cy.min(TAG_CELLS - 1))
                            .and_then(|row| row.get(cx.min(TAG_CELLS - 1)))
                            .copied()
                            .unwrap_or(false);
                        if black { BLACK } else { WHITE }
                    } else {
                        background
                    };
                }
            }
            canvas[y * w + x] = sum / (SUPERSAMPLE * SUPERSAMPLE) as f64;
        }
    }
}

fn apply(m: &[[f64; 3]; 3], x: f64, y: f64) -> (f64, f64) {
    let w = m[2][0] * x + m[2][1] * y + m[2][2];
    (
        (m[0][0] * x + m[0][1] * y + m[0][2]) / w,
        (m[1][0] * x + m[1][1] * y + m[1][2]) / w,
    )
}

fn invert(m: [[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
    let c = |r: usize, k: usize| {
        let (r1, r2) = ((r + 1) % 3, (r + 2) % 3);
        let (k1, k2) = ((k + 1) % 3, (k + 2) % 3);
        m[r1][k1] * m[r2][k2] - m[r1][k2] * m[r2][k1]
    };
    let det = m[0][0] * c(0, 0) + m[0][1] * c(0, 1) + m[0][2] * c(0, 2);
    if det.abs() < 1e-12 {
        return None;
    }
    let mut out = [[0.0; 3]; 3];
    for (r, row) in out.iter_mut().enumerate() {
        for (k, v) in row.iter_mut().enumerate() {
            *v = c(k, r) / det;
        }
    }
    Some(out)
}

fn box_blur(src: &[f64], w: usize, h: usize, r: usize) -> Vec<f64> {
    if r == 0 {
        return src.to_vec();
    }
    let pass = |src: &[f64], horizontal: bool| -> Vec<f64> {
        let mut out = vec![0.0; src.len()];
        for y in 0..h {
            for x in 0..w {
                let (mut sum, mut n) = (0.0, 0.0);
                for d in 0..=2 * r {
                    let (xx, yy) = if horizontal {
                        ((x + d).checked_sub(r), Some(y))
                    } else {
                        (Some(x), (y + d).checked_sub(r))
                    };
                    if let (Some(xx), Some(yy)) = (xx, yy)
                        && xx < w
                        && yy < h
                    {
                        sum += src[yy * w + xx];
                        n += 1.0;
                    }
                }
                out[y * w + x] = sum / n;
            }
        }
        out
    };
    pass(&pass(src, true), false)
}

/// A small deterministic generator (xorshift64*), so drawn photos are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// About normal: the sum of four uniforms, scaled to a standard deviation of 1.
    fn normal(&mut self) -> f64 {
        let sum: f64 = (0..4).map(|_| self.unit()).sum();
        (sum - 2.0) * 3.0f64.sqrt()
    }
}

/// A grey picture as a colour one with a warm cast, as a phone under indoor light takes it.
pub fn to_rgb(grey: &GrayImage) -> RgbImage {
    RgbImage::from_fn(grey.width(), grey.height(), |x, y| {
        let v = f64::from(grey.get_pixel(x, y).0[0]);
        let tint = |k: f64| (v * k).round().clamp(0.0, 255.0) as u8;
        image::Rgb([tint(1.08), tint(1.0), tint(0.85)])
    })
}

/// A picture as PNG bytes.
pub fn encode_png<I: EncodeAs>(picture: &I) -> Vec<u8> {
    picture.encode(ImageFormat::Png, 0)
}

/// A picture as JPEG bytes at `quality` (1-100; phones save at about 85-95).
pub fn encode_jpeg<I: EncodeAs>(picture: &I, quality: u8) -> Vec<u8> {
    picture.encode(ImageFormat::Jpeg, quality)
}

/// Pictures the helpers can encode: grey, colour, and colour with alpha.
pub trait EncodeAs {
    /// The picture in `format`; `quality` for JPEG only.
    fn encode(&self, format: ImageFormat, quality: u8) -> Vec<u8>;
}

macro_rules! encode_as {
    ($t:ty) => {
        impl EncodeAs for $t {
            fn encode(&self, format: ImageFormat, quality: u8) -> Vec<u8> {
                let mut out = Vec::new();
                let written = if format == ImageFormat::Jpeg {
                    let encoder =
                        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
                    self.write_with_encoder(encoder)
                } else {
                    self.write_to(&mut Cursor::new(&mut out), format)
                };
                if written.is_err() {
                    out.clear();
                }
                out
            }
        }
    };
}

encode_as!(GrayImage);
encode_as!(RgbImage);
encode_as!(image::RgbaImage);

/// A JPEG with an EXIF block saying how the camera was held (1 upright, 6 turned a quarter
/// clockwise to view, 3 upside down, 8 a quarter anticlockwise), inserted after its start.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    // TIFF header (big-endian), one IFD with one entry: tag 0x0112, type SHORT, count 1.
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let length = u16::try_from(payload.len() + 2).unwrap_or(u16::MAX);
    let mut out = Vec::with_capacity(jpeg.len() + payload.len() + 4);
    out.extend_from_slice(jpeg.get(..2).unwrap_or_default());
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(jpeg.get(2..).unwrap_or_default());
    out
}

/// A small, well-formed PNG start claiming a `width` x `height` grey picture: its header
/// and one tiny data chunk, so a decoder reads the size without any pixels to back it.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(out.get(start..).unwrap_or_default());
    out.extend_from_slice(&crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_the_png_one() {
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }

    #[test]
    fn a_tag_pose_puts_its_corners_around_its_centre_turned_as_asked() {
        let tag = TagPose::new(0, (100.0, 100.0), 40.0).turned(90.0);
        let [tl, ..] = tag.corners();
        // Turned a quarter anticlockwise, the printed top left is at the bottom left.
        assert!(
            (tl.0 - 80.0).abs() < 1e-9 && (tl.1 - 120.0).abs() < 1e-9,
            "{tl:?}"
        );
        let slanted = TagPose::new(0, (100.0, 100.0), 40.0).slanted(0.05, 0.0);
        assert_eq!(slanted.project(0.0, 0.0), (100.0, 100.0));
    }
}
