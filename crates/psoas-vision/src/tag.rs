//! The printed look of a tag36h11 marker, cell by cell, from the detector's own code table:
//! what the marker sheet prints and what the tests draw.

use kornia_apriltag::family::TagFamily;

/// Cells across a printed tag, its white outer ring included.
pub const TAG_CELLS: usize = 10;

/// The cells of tag `id` of the tag36h11 family, row by row from the top left (`cells[y][x]`),
/// `true` for black: a white outer ring, a black ring inside it, and the 6 x 6 data cells.
/// `None` for an id the family does not have (it has 587).
pub fn tag_cells(id: u16) -> Option<[[bool; TAG_CELLS]; TAG_CELLS]> {
    let family = TagFamily::tag36_h11().ok()?;
    let code = *family.code_data.get(usize::from(id))?;
    let mut cells = [[false; TAG_CELLS]; TAG_CELLS];
    // The black ring: the detector's "width at border" square, one cell inside the white ring.
    let border = family.width_at_border;
    for (y, row) in cells.iter_mut().enumerate().skip(1).take(border) {
        for (x, cell) in row.iter_mut().enumerate().skip(1).take(border) {
            *cell = x == 1 || y == 1 || x == border || y == border;
        }
    }
    for (i, (&bx, &by)) in family.bit_x.iter().zip(&family.bit_y).enumerate() {
        // Bit 0 is the code's most significant; a 1-bit is printed white.
        let bit = (code >> (family.nbits - 1 - i)) & 1;
        let x = usize::try_from(bx).ok()? + 1;
        let y = usize::try_from(by).ok()? + 1;
        *cells.get_mut(y)?.get_mut(x)? = bit == 0;
    }
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_has_a_white_ring_then_a_black_ring() {
        for id in [0, 5, 586] {
            let cells = tag_cells(id).unwrap();
            let column = |x: usize| cells.iter().map(move |row| row[x]);
            assert!(cells[0].iter().chain(&cells[9]).all(|&black| !black));
            assert!(column(0).chain(column(9)).all(|black| !black));
            assert!(
                cells[1][1..9]
                    .iter()
                    .chain(&cells[8][1..9])
                    .all(|&black| black)
            );
            assert!(column(1).skip(1).take(8).all(|black| black));
            assert!(column(8).skip(1).take(8).all(|black| black));
        }
    }

    #[test]
    fn each_id_draws_differently_and_ids_past_the_family_are_none() {
        let all: Vec<_> = (0..6).map(|id| tag_cells(id).unwrap()).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(tag_cells(587).is_none());
        assert!(tag_cells(u16::MAX).is_none());
    }

    #[test]
    fn tag_zero_reads_back_as_its_code() {
        // The code of tag 0 read from the drawing, most significant bit first, along the
        // family's bit positions: the drawing and the decoder agree on which cell is which bit.
        let family = TagFamily::tag36_h11().unwrap();
        let cells = tag_cells(0).unwrap();
        let mut code = 0usize;
        for (&x, &y) in family.bit_x.iter().zip(&family.bit_y) {
            let white = !cells[y as usize + 1][x as usize + 1];
            code = (code << 1) | usize::from(white);
        }
        assert_eq!(code, 0x0000000d7e00984b);
    }
}
