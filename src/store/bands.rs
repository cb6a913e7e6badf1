//! What the link writer knows about `lsh_bands` without reading it: a Bloom filter
//! of every stored (band, key) pair, and the article lists of recently used keys.
//!
//! Most band keys of a new article are stored under no other article (64% of the
//! lookups on 10,000 generated mixed pages), and a key shared with earlier articles is
//! usually shared with recent ones (copies of one story arrive close together). So
//! [`BandIndex::lookup`] answers a key from its remembered list when there is one,
//! answers "no articles" when the filter has never seen the key, and leaves only the
//! other keys to the one SQL statement. Both answers are exact: the filter has no
//! false negatives, and a remembered list is what the capped lookup would return.
//!
//! The filter is filled once per process from `lsh_bands` (an index-only scan, read
//! only up to [`FILTER_KEYS`] rows; a bigger table turns it off), then by every band
//! row the writer stores. Only this process writes (the store's writer lock). Rows
//! that go away (a deleted article, a rolled-back batch) leave stale bits, which only
//! cost a lookup, so the filter is never emptied; the lists are, with the rest of
//! [`super::link::LinkCache`].
//!
//! The band rows themselves are held until the transaction's end (or a delete) and
//! written sorted by key ([`BandIndex::flush`]); a lookup adds the held rows
//! ([`BandIndex::pending_under`]) in front of what it reads.
//!
//! They are written to `lsh_bands_recent`, a small table with the same key, not to
//! `lsh_bands`: band keys are random, so each batch's rows would land on pages all
//! over the big b-tree, and every commit would rewrite (and the WAL copy back) a large
//! part of it. Once the small table holds [`MERGE_ROWS`] rows, `flush` moves them into
//! `lsh_bands` in key order in the same transaction, which rewrites each page of
//! `lsh_bands` at most once for all of them. Lookups and [`BandIndex::load`] read both.

use rusqlite::Transaction;
use rustc_hash::FxHashMap;

use super::StoreError;
use crate::link::text::mix64;

/// Bits in the filter (2 MB).
const FILTER_BITS: usize = 1 << 24;
/// Bits set per key.
const PROBES: u32 = 4;
/// Most keys the filter takes (about 262,000 articles of 16 bands); past this its
/// false positives would pass most lookups through, so it turns itself off.
pub(crate) const FILTER_KEYS: usize = 1 << 22;
/// Most band keys whose article lists are remembered; emptied when full.
const LIST_CACHE: usize = 32_768;

/// One (band, key) pair as one integer: the band above the 32-bit key.
pub(crate) fn band_key(band: i64, key: i64) -> i64 {
    (band << 32) | (key & 0xffff_ffff)
}

/// Band rows per insert statement when [`BandIndex::flush`] writes them.
const FLUSH_ROWS: usize = 64;

/// Rows `lsh_bands_recent` gathers before [`BandIndex::flush`] moves them into
/// `lsh_bands` (16 bulk batches of 256 articles with 16 bands each).
///
/// At 100,000 articles (`lsh_bands` 6,600 pages) a batch's 4,096 rows written
/// straight into `lsh_bands` dirtied about 3,000 of its pages; staged, the same rows
/// dirty a few hundred pages of the small table, and a move dirties each page of
/// `lsh_bands` at most once per 65,536 rows.
pub(crate) const MERGE_ROWS: usize = 1 << 16;

/// See the module docs.
#[derive(Debug)]
pub(crate) struct BandIndex {
    filter: Filter,
    /// Recently used band keys: the article ids a capped lookup returns (the highest
    /// `cap` ids stored under the key, descending), counting pending rows.
    lists: FxHashMap<i64, Vec<i64>>,
    /// Band rows of this transaction not written yet: (band, key, article id).
    pending: Vec<(i64, i64, i64)>,
    /// The article ids of `pending` per band key, ascending.
    pending_ids: FxHashMap<i64, Vec<i64>>,
    /// Rows in `lsh_bands_recent` (at most; deleted articles are not counted out);
    /// None until read.
    recent_rows: Option<usize>,
    /// Rows at which `lsh_bands_recent` is moved into `lsh_bands`.
    merge_rows: usize,
}

impl Default for BandIndex {
    fn default() -> BandIndex {
        BandIndex::with_merge_rows(MERGE_ROWS)
    }
}

#[derive(Debug, Default)]
enum Filter {
    /// Not read from the database yet.
    #[default]
    Unloaded,
    /// Every stored pair is in `bits`; `keys` were added.
    On { bits: Vec<u64>, keys: usize },
    /// Too many pairs for the filter: every key not remembered is looked up.
    Off,
}

/// What [`BandIndex::lookup`] knows about one band key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Known<'a> {
    /// The ids a lookup would return (possibly none).
    Ids(&'a [i64]),
    /// Only a lookup can tell.
    Unknown,
}

impl BandIndex {
    /// An empty index that moves staged rows into `lsh_bands` once there are
    /// `merge_rows` of them (tests use small values).
    pub(crate) fn with_merge_rows(merge_rows: usize) -> BandIndex {
        BandIndex {
            filter: Filter::default(),
            lists: FxHashMap::default(),
            pending: Vec::new(),
            pending_ids: FxHashMap::default(),
            recent_rows: None,
            merge_rows,
        }
    }

    /// Forgets the remembered lists and drops the rows not written (for a rolled-back
    /// transaction; [`BandIndex::flush`] first otherwise). The filter stays: see the
    /// module docs.
    pub(crate) fn forget(&mut self) {
        self.lists.clear();
        self.pending.clear();
        self.pending_ids.clear();
        self.recent_rows = None;
    }

    /// Forgets the remembered lists only, as a full cache does (pending rows stay).
    #[cfg(test)]
    pub(crate) fn forget_lists(&mut self) {
        self.lists.clear();
    }

    /// The pending articles under `bk`, most recent first (all more recent than any
    /// stored one).
    pub(crate) fn pending_under(&self, bk: i64) -> impl Iterator<Item = i64> + '_ {
        self.pending_ids
            .get(&bk)
            .into_iter()
            .flat_map(|ids| ids.iter().rev().copied())
    }

    /// Writes the pending band rows to `lsh_bands_recent`, sorted by key
    /// (consecutive rows land on the same or neighbouring pages, where rows inserted
    /// one article at a time, 16 random keys each, each walked the b-tree from the
    /// root), then moves that table into `lsh_bands` when it has reached
    /// `merge_rows` rows (see the module docs).
    pub(crate) fn flush(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let staged = match self.recent_rows {
            Some(n) => n,
            None => {
                let n: i64 =
                    tx.query_row("SELECT count(*) FROM lsh_bands_recent", [], |r| r.get(0))?;
                usize::try_from(n).unwrap_or(0)
            }
        };
        self.pending.sort_unstable();
        let mut chunks = self.pending.chunks_exact(FLUSH_ROWS);
        let mut many = tx.prepare_cached(&FLUSH_SQL)?;
        for chunk in &mut chunks {
            let flat = chunk.iter().flat_map(|&(b, k, a)| [b, k, a]);
            many.execute(rusqlite::params_from_iter(flat))?;
        }
        let mut one = tx.prepare_cached(
            "INSERT OR IGNORE INTO lsh_bands_recent (band, key, article_id) VALUES (?1, ?2, ?3)",
        )?;
        for &(b, k, a) in chunks.remainder() {
            one.execute([b, k, a])?;
        }
        let mut staged = staged + self.pending.len();
        if staged >= self.merge_rows {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO lsh_bands (band, key, article_id)
                 SELECT band, key, article_id FROM lsh_bands_recent ORDER BY band, key, article_id",
            )?
            .execute([])?;
            tx.prepare_cached("DELETE FROM lsh_bands_recent")?
                .execute([])?;
            staged = 0;
        }
        self.recent_rows = Some(staged);
        self.pending.clear();
        self.pending_ids.clear();
        Ok(())
    }

    /// Reads every stored pair into the filter, once (up to [`FILTER_KEYS`]).
    pub(crate) fn load(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        if !matches!(self.filter, Filter::Unloaded) {
            return Ok(());
        }
        let mut bits = vec![0u64; FILTER_BITS / 64];
        let mut keys = 0usize;
        let mut stmt = tx.prepare(&format!(
            "SELECT band, key FROM lsh_bands UNION ALL SELECT band, key FROM lsh_bands_recent
             LIMIT {}",
            FILTER_KEYS + 1
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            set_bits(&mut bits, band_key(r.get(0)?, r.get(1)?));
            keys += 1;
        }
        self.filter = if keys > FILTER_KEYS {
            Filter::Off
        } else {
            Filter::On { bits, keys }
        };
        Ok(())
    }

    /// What is known about `bk` (a [`band_key`]) without a lookup.
    pub(crate) fn lookup(&self, bk: i64) -> Known<'_> {
        if let Some(list) = self.lists.get(&bk) {
            return Known::Ids(list);
        }
        match &self.filter {
            Filter::On { bits, .. } if !has_bits(bits, bk) => Known::Ids(&[]),
            _ => Known::Unknown,
        }
    }

    /// Band key `bk` was looked up and holds `ids` (as [`Known::Ids`] would give them).
    pub(crate) fn remember(&mut self, bk: i64, ids: Vec<i64>) {
        if self.lists.len() >= LIST_CACHE {
            self.lists.clear();
        }
        self.lists.insert(bk, ids);
    }

    /// Stores article `id` (higher than every stored id) under band `band` and key
    /// `key` (written by [`BandIndex::flush`]); `before` were its ids before (from
    /// [`BandIndex::lookup`] or a lookup with [`BandIndex::pending_under`] first);
    /// keeps at most `cap`.
    pub(crate) fn store(&mut self, band: i64, key: i64, id: i64, before: &[i64], cap: usize) {
        let bk = band_key(band, key);
        self.pending.push((band, key, id));
        self.pending_ids.entry(bk).or_default().push(id);
        let mut ids = Vec::with_capacity((before.len() + 1).min(cap));
        ids.push(id);
        ids.extend(before.iter().take(cap.saturating_sub(1)));
        self.remember(bk, ids);
        if let Filter::On { bits, keys } = &mut self.filter {
            *keys += 1;
            if *keys > FILTER_KEYS {
                self.filter = Filter::Off;
            } else {
                set_bits(bits, bk);
            }
        }
    }
}

/// The statement writing [`FLUSH_ROWS`] band rows.
static FLUSH_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let rows: Vec<String> = (0..FLUSH_ROWS)
        .map(|i| format!("(?{}, ?{}, ?{})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
        .collect();
    format!(
        "INSERT OR IGNORE INTO lsh_bands_recent (band, key, article_id) VALUES {}",
        rows.join(", ")
    )
});

/// The filter positions of `bk` (double hashing over one 64-bit mix).
fn positions(bk: i64) -> impl Iterator<Item = usize> {
    let h = mix64(u64::from_ne_bytes(bk.to_ne_bytes()));
    let (h1, h2) = (h as u32, (h >> 32) as u32 | 1);
    (0..PROBES).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) as usize) % FILTER_BITS)
}

fn set_bits(bits: &mut [u64], bk: i64) {
    for p in positions(bk) {
        bits[p / 64] |= 1 << (p % 64);
    }
}

fn has_bits(bits: &[u64], bk: i64) -> bool {
    positions(bk).all(|p| bits[p / 64] & (1 << (p % 64)) != 0)
}

/// The two band tables as the migrations create them, for unit tests.
#[cfg(test)]
pub(crate) const TEST_SCHEMA: &str = "
    CREATE TABLE lsh_bands (band INTEGER NOT NULL, key INTEGER NOT NULL,
        article_id INTEGER NOT NULL, PRIMARY KEY (band, key, article_id)) STRICT, WITHOUT ROWID;
    CREATE TABLE lsh_bands_recent (band INTEGER NOT NULL, key INTEGER NOT NULL,
        article_id INTEGER NOT NULL, PRIMARY KEY (band, key, article_id)) STRICT, WITHOUT ROWID;";

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch(TEST_SCHEMA).expect("sql");
        conn
    }

    #[test]
    fn band_keys_keep_band_and_key_apart() {
        assert_ne!(band_key(0, 1), band_key(1, 1));
        assert_ne!(band_key(0, -1), band_key(1, -1));
        assert_eq!(band_key(3, -1) >> 32, 3);
        assert_eq!(band_key(3, -1) & 0xffff_ffff, 0xffff_ffff);
    }

    #[test]
    fn stored_keys_are_never_reported_absent() {
        let mut conn = db();
        let tx = conn.transaction().expect("sql");
        for i in 0..5_000i64 {
            tx.execute(
                "INSERT INTO lsh_bands VALUES (?1, ?2, ?3)",
                [i % 16, i.wrapping_mul(2_654_435_761) as i32 as i64, i],
            )
            .expect("sql");
        }
        let mut index = BandIndex::default();
        index.load(&tx).expect("sql");
        let mut absent = 0;
        for i in 0..5_000i64 {
            let bk = band_key(i % 16, i.wrapping_mul(2_654_435_761) as i32 as i64);
            assert_eq!(index.lookup(bk), Known::Unknown, "stored key {i}");
            // Keys never stored: almost all reported absent.
            if index.lookup(band_key(i % 16, i + 1_000_000)) == Known::Ids(&[]) {
                absent += 1;
            }
        }
        assert!(absent > 4_990, "{absent} of 5,000 unseen keys known absent");
        // A key stored after loading is no longer reported absent; its list is.
        let bk = band_key(2, 77_777_777);
        assert_eq!(index.lookup(bk), Known::Ids(&[]));
        index.store(2, 77_777_777, 9, &[], 32);
        assert_eq!(index.lookup(bk), Known::Ids(&[9]));
        assert_eq!(index.pending_under(bk).collect::<Vec<_>>(), [9]);
        index.flush(&tx).expect("sql");
        assert_eq!(index.pending_under(bk).count(), 0);
        let stored: i64 = tx
            .query_row(
                "SELECT article_id FROM lsh_bands_recent WHERE band = 2 AND key = 77777777",
                [],
                |r| r.get(0),
            )
            .expect("sql");
        assert_eq!(stored, 9);
        index.forget();
        assert_eq!(index.lookup(bk), Known::Unknown);
    }

    #[test]
    fn stored_ids_go_first_and_lists_stay_capped() {
        let mut index = BandIndex::default();
        let bk = band_key(1, 5);
        index.store(1, 5, 3, &[], 3);
        index.store(1, 5, 4, &[3], 3);
        index.store(1, 5, 7, &[4, 3], 3);
        index.store(1, 5, 8, &[7, 4, 3], 3);
        assert_eq!(index.lookup(bk), Known::Ids(&[8, 7, 4]));
        assert_eq!(index.pending_under(bk).collect::<Vec<_>>(), [8, 7, 4, 3]);
    }

    #[test]
    fn a_table_too_big_for_the_filter_turns_it_off() {
        let mut index = BandIndex {
            filter: Filter::On {
                bits: vec![0; FILTER_BITS / 64],
                keys: FILTER_KEYS,
            },
            ..BandIndex::default()
        };
        let unseen = band_key(0, 1);
        assert_eq!(index.lookup(unseen), Known::Ids(&[]));
        index.store(0, 2, 1, &[], 32);
        assert!(matches!(index.filter, Filter::Off));
        assert_eq!(index.lookup(unseen), Known::Unknown);
    }
}
