//! The order in which a batch's articles are inserted, chosen so their rows fill pages.
//!
//! SQLite appends rows with increasing rowids to the rightmost leaf page of a table and
//! starts a new page when the next row does not fit, so a page holds the run of
//! consecutive rows that fit in it. Article rows (bodies of 2–4 KB on 4 KB pages) mostly
//! sat one to a page: at 10,000 generated articles 8.1 MB of the `articles` table's
//! 43.9 MB was unused page space. Inserting a batch in first-fit-decreasing order
//! (sort the rows by size, put each on the first page that still has room, then insert
//! page by page) leaves little room unused. Pure: sizes in, order out.

/// Bytes of a leaf page's header (SQLite file format, "B-tree page header").
const LEAF_HEADER: usize = 8;
/// Bytes of a cell's entry in the page's cell pointer array.
const CELL_POINTER: usize = 2;

/// Bytes a table row with a record of `payload` bytes takes on a leaf page of
/// `page_size` bytes: the part of the record kept on the page (SQLite moves the rest
/// of a large record to overflow pages, keeping on the leaf an amount fixed by the
/// file format), the two length/rowid varints, the overflow page number when it spills,
/// and the cell pointer.
pub(crate) fn leaf_cell_size(payload: usize, page_size: usize) -> usize {
    let usable = page_size;
    let max_local = usable.saturating_sub(35);
    let local = if payload <= max_local {
        payload
    } else {
        let min_local = ((usable.saturating_sub(12)) * 32 / 255).saturating_sub(23);
        let kept = min_local + (payload - min_local) % usable.saturating_sub(4).max(1);
        if kept <= max_local {
            kept
        } else {
            min_local
        }
    };
    let spill = if local < payload { 4 } else { 0 };
    // A payload-length varint (at most 3 bytes below 2 MB) and a rowid varint (at most
    // 4 bytes below 2^28).
    local + 3 + 4 + spill + CELL_POINTER
}

/// The order (indexes into `cells`) in which to insert rows whose leaf cells take
/// `cells` bytes so that they fill pages of `page_size` bytes: first fit decreasing.
/// Rows of equal size keep their relative order (a file seen twice under two paths
/// is stored by the first, as without packing).
pub(crate) fn packing_order(cells: &[usize], page_size: usize) -> Vec<usize> {
    let room = page_size.saturating_sub(LEAF_HEADER);
    let mut by_size: Vec<usize> = (0..cells.len()).collect();
    // Stable: equal sizes stay in batch order.
    by_size.sort_by(|&a, &b| cells[b].cmp(&cells[a]));
    // (room left, rows) per page.
    let mut pages: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in by_size {
        let cell = cells[i];
        match pages.iter_mut().find(|(left, _)| *left >= cell) {
            Some((left, rows)) => {
                *left -= cell;
                rows.push(i);
            }
            None => pages.push((room.saturating_sub(cell), vec![i])),
        }
    }
    pages.into_iter().flat_map(|(_, rows)| rows).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages used when rows of these cell sizes are appended in this order (the
    /// append rule described in the module doc).
    fn pages_used(cells: &[usize], order: &[usize], page_size: usize) -> usize {
        let room = page_size - LEAF_HEADER;
        let mut pages = 0;
        let mut left = 0;
        for &i in order {
            if cells[i] > left || pages == 0 {
                pages += 1;
                left = room;
            }
            left -= cells[i];
        }
        pages
    }

    #[test]
    fn leaf_cells_follow_the_overflow_rule() {
        // Small records stay whole on the page.
        assert_eq!(leaf_cell_size(1000, 4096), 1000 + 9);
        assert_eq!(leaf_cell_size(4061, 4096), 4061 + 9);
        // One byte over the limit: the kept part is min_local + the remainder modulo
        // the overflow page's 4092 bytes (489 + 4062 - 489 = 4062 > 4061, so 489).
        assert_eq!(leaf_cell_size(4062, 4096), 489 + 13);
        // 6000 bytes: 489 + (6000 - 489) % 4092 = 1908 kept, the rest on one page.
        assert_eq!(leaf_cell_size(6000, 4096), 1908 + 13);
    }

    #[test]
    fn the_order_is_a_permutation_that_fills_pages() {
        let cells = [2500, 2400, 1500, 1600, 2600, 1400, 300, 2000, 2000, 100];
        let order = packing_order(&cells, 4096);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..cells.len()).collect::<Vec<_>>());
        let as_given: Vec<usize> = (0..cells.len()).collect();
        // In batch order: 2500 | 2400+1500 | 1600 | 2600+1400 | 300+2000 | 2000+100
        // (6 pages); packed: 2600+1400, 2500+1500, 2400+1600, 2000+2000, 300+100 (5).
        assert_eq!(pages_used(&cells, &as_given, 4096), 6);
        assert_eq!(pages_used(&cells, &order, 4096), 5);
    }

    #[test]
    fn equal_sizes_keep_their_order() {
        let cells = [3000, 1000, 3000, 1000, 3000];
        let order = packing_order(&cells, 4096);
        let big: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| cells[i] == 3000)
            .collect();
        let small: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| cells[i] == 1000)
            .collect();
        assert_eq!(big, vec![0, 2, 4]);
        assert_eq!(small, vec![1, 3]);
        assert!(packing_order(&[], 4096).is_empty());
    }
}
