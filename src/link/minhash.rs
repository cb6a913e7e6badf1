//! Body signatures: MinHash over word 4-shingles, and LSH band keys so that
//! candidate near-duplicates are found with an index lookup instead of a scan.
//!
//! With [`BANDS`] × [`ROWS`] = 16 × 4 a pair of bodies with shingle Jaccard `s` shares
//! at least one band key with probability `1 − (1 − s⁴)¹⁶`: ≈ 0.64 at s = 0.5,
//! ≈ 0.99 at s = 0.8, ≈ 0.12 at s = 0.3 — the index finds re-prints and light
//! rewrites; different write-ups of one event are found through quotes instead.
//!
//! Storage keeps the low 16 bits of each MinHash value ([`Signature::to_bytes`], 128
//! bytes an article) and the low 32 bits of each band key. Two different shingle minima
//! agree in their low 16 bits with probability 2⁻¹⁶, so the similarity of two unrelated
//! bodies is overestimated by about (1 − s) / 65,536 (b-bit MinHash), far below any
//! threshold's precision. Signatures stored with 64-bit values (schema V2–V4) or 32-bit
//! values (V5 until the 16-bit layout) still read back.

use super::text::{hash64_each, mix64, token_spans, MAX_TOKENS};

/// Words per shingle.
pub const SHINGLE: usize = 4;
/// MinHash values per signature.
pub const HASHES: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 16;
/// Signature values per band.
pub const ROWS: usize = 4;

/// A body's MinHash signature. Computed with 64-bit values ([`Signature::of_body`]);
/// only the low 16 bits of each take part in comparisons and storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u64>);

impl Signature {
    /// The signature of body paragraphs (joined; shingles may cross paragraphs).
    /// An empty body gives all-`u64::MAX` values, which match only other empty bodies.
    pub fn of_body(paragraphs: &[String]) -> Signature {
        // Words as ranges of one lower-cased buffer (no string per word).
        let mut buf = String::new();
        let mut words = Vec::new();
        for p in paragraphs {
            // At most MAX_TOKENS words per paragraph, stopping after the paragraph
            // that reaches MAX_TOKENS in all (as the first implementation did).
            let cap = words.len() + MAX_TOKENS;
            token_spans(p, &mut buf, &mut words, cap);
            if words.len() >= MAX_TOKENS {
                break;
            }
        }
        // The words again, one space apart, so each shingle's text ("w1 w2 w3 w4",
        // what `hash_strs` hashes) is one slice and the shingles hash side by side.
        let mut joined: Vec<u8> = Vec::with_capacity(buf.len() + words.len());
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(words.len());
        for r in &words {
            if !joined.is_empty() {
                joined.push(b' ');
            }
            let start = joined.len();
            joined.extend_from_slice(&buf.as_bytes()[r.clone()]);
            spans.push((start, joined.len()));
        }
        // Fewer words than a shingle: all of them form the one shingle.
        let width = SHINGLE.min(spans.len());
        let texts: Vec<&[u8]> = if width == 0 {
            Vec::new()
        } else {
            spans
                .windows(width)
                .map(|w| &joined[w[0].0..w[width - 1].1])
                .collect()
        };
        let shingles = hash64_each(&texts);
        Signature(min_hashes(&shingles).to_vec())
    }

    /// The signature as bytes for storage: the low 16 bits of each value, little endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0
            .iter()
            .flat_map(|v| low16(*v).to_le_bytes())
            .collect()
    }

    /// Reads [`Signature::to_bytes`] back, or a signature stored with 32-bit values
    /// (schema V5) or 64-bit values (before V5), kept to their low 16 bits; None if the
    /// length is none of these.
    /// Band keys cannot be recomputed from a stored signature (they hash the full
    /// values); they are stored beside it.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        let width = match bytes.len() {
            n if n == HASHES * 2 => 2,
            n if n == HASHES * 4 => 4,
            n if n == HASHES * 8 => 8,
            _ => return None,
        };
        let vals = bytes
            .chunks_exact(width)
            .map(|c| u64::from(u16::from_le_bytes([c[0], c[1]])))
            .collect();
        Some(Signature(vals))
    }

    /// Estimated shingle Jaccard similarity: the share of equal positions (low 16
    /// bits, so a computed signature compares with a stored one).
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let same = self
            .0
            .iter()
            .zip(&other.0)
            .filter(|(a, b)| low16(**a) == low16(**b))
            .count();
        same as f64 / self.0.len() as f64
    }

    /// One key per band: `(band, key)`, the key a signed 32-bit value (the low 32 bits
    /// of the band's 64-bit hash; migration V5 cut stored keys the same way). Call it
    /// on a signature from [`Signature::of_body`], not on one read back from storage.
    pub fn band_keys(&self) -> Vec<(i64, i64)> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut h = 0u64;
                for r in rows {
                    h = mix64(h ^ *r);
                }
                (band as i64, i64::from(low32(h) as i32))
            })
            .collect()
    }
}

/// A signature as stored: the low 16 bits of each value, all that comparisons use.
/// A quarter of [`Signature`]'s size, for signatures kept in memory between articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSignature([u16; HASHES]);

impl StoredSignature {
    /// The stored form of `sig`.
    pub fn of(sig: &Signature) -> StoredSignature {
        let mut vals = [0u16; HASHES];
        for (v, s) in vals.iter_mut().zip(&sig.0) {
            *v = low16(*s);
        }
        StoredSignature(vals)
    }

    /// Reads [`Signature::to_bytes`] back (any stored width, as
    /// [`Signature::from_bytes`]); None if the length is not one of them.
    pub fn from_bytes(bytes: &[u8]) -> Option<StoredSignature> {
        let sig = Signature::from_bytes(bytes)?;
        (sig.0.len() == HASHES).then(|| StoredSignature::of(&sig))
    }

    /// [`Signature::similarity`] between `sig` and this stored signature.
    pub fn similarity(&self, sig: &Signature) -> f64 {
        if sig.0.len() != HASHES {
            return 0.0;
        }
        let same = self
            .0
            .iter()
            .zip(&sig.0)
            .filter(|(a, b)| **a == low16(**b))
            .count();
        same as f64 / HASHES as f64
    }
}

/// The [`HASHES`] MinHash values of `shingles`: for each seed, the least
/// `mix64(shingle ^ seed)`. This is where a body's signature spends most of its time
/// (two 64-bit multiplies per shingle and seed). The seeds are independent lanes, so
/// the loop is run through [`pulp::Arch::dispatch`]: compiled for the widest vector
/// unit the CPU has (AVX2 on x86-64 from 2013 on) and chosen at run time, with the same
/// values on every path. Four seeds at a time over all shingles keeps their minima in
/// one vector register (64 minima held in memory were stored back with a masked store
/// per shingle, which stalled the next load).
fn min_hashes(shingles: &[u64]) -> [u64; HASHES] {
    /// Seeds per pass over the shingles: one AVX2 register of 64-bit lanes.
    const LANES: usize = 4;
    pulp::Arch::new().dispatch(
        #[inline(always)]
        || {
            let mut mins = [u64::MAX; HASHES];
            for (out, seeds) in mins.chunks_exact_mut(LANES).zip(SEEDS.chunks_exact(LANES)) {
                let mut m = [u64::MAX; LANES];
                for &s in shingles {
                    for (ml, seed) in m.iter_mut().zip(seeds) {
                        let h = mix64(s ^ seed);
                        *ml = if h < *ml { h } else { *ml };
                    }
                }
                out.copy_from_slice(&m);
            }
            mins
        },
    )
}

/// Scalar [`min_hashes`], the reference the dispatched one is tested against.
#[cfg(test)]
fn min_hashes_scalar(shingles: &[u64]) -> [u64; HASHES] {
    let mut mins = [u64::MAX; HASHES];
    for &s in shingles {
        for (m, seed) in mins.iter_mut().zip(SEEDS) {
            let h = mix64(s ^ seed);
            if h < *m {
                *m = h;
            }
        }
    }
    mins
}

/// The low 32 bits of `v`.
fn low32(v: u64) -> u32 {
    (v & 0xffff_ffff) as u32
}

/// The low 16 bits of `v`.
fn low16(v: u64) -> u16 {
    (v & 0xffff) as u16
}

/// One seed per MinHash value (fixed: stored signatures must stay comparable).
const SEEDS: [u64; HASHES] = {
    let mut s = [0u64; HASHES];
    let mut i = 0;
    let mut x: u64 = 0x005e_ed0f_114c_0001;
    while i < HASHES {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        s[i] = x;
        i += 1;
    }
    s
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatched_min_hashes_equal_the_scalar_loop() {
        // Random shingle runs of every length up to 300 (and none), including
        // repeated values and the extremes.
        let mut x = 7u64;
        for n in 0..300 {
            let mut shingles: Vec<u64> = (0..n)
                .map(|_| {
                    x = mix64(x);
                    x
                })
                .collect();
            if n % 7 == 3 {
                shingles.extend([0, u64::MAX, shingles[0]]);
            }
            assert_eq!(
                min_hashes(&shingles),
                min_hashes_scalar(&shingles),
                "n = {n}"
            );
        }
    }

    fn body(s: &str) -> Vec<String> {
        vec![s.to_owned()]
    }

    const TEXT: &str = "The minister said on Tuesday that the new bridge over the river \
        would open next spring after three years of delays, and that tolls would be \
        waived for local residents during the first six months of operation while \
        engineers monitor traffic on the structure and report back to parliament.";

    #[test]
    fn identical_bodies_share_every_band() {
        let a = Signature::of_body(&body(TEXT));
        let b = Signature::of_body(&body(TEXT));
        assert_eq!(a.similarity(&b), 1.0);
        assert_eq!(a.band_keys(), b.band_keys());
        assert_eq!(a.band_keys().len(), BANDS);
        let stored = Signature::from_bytes(&a.to_bytes());
        assert_eq!(stored.map(|s| s.similarity(&a)), Some(1.0));
    }

    #[test]
    fn stored_signatures_compare_like_full_ones() {
        let a = Signature::of_body(&body(TEXT));
        let b = Signature::of_body(&body(&TEXT.replace("next spring", "in the spring")));
        let stored = StoredSignature::from_bytes(&b.to_bytes()).expect("stored width");
        assert_eq!(stored, StoredSignature::of(&b));
        assert_eq!(stored.similarity(&a), a.similarity(&b));
        assert_eq!(stored.similarity(&b), 1.0);
        assert_eq!(StoredSignature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn light_edit_stays_similar() {
        let a = Signature::of_body(&body(TEXT));
        let edited = TEXT.replace("next spring", "in the spring");
        let b = Signature::of_body(&body(&edited));
        assert!(a.similarity(&b) > 0.6, "{}", a.similarity(&b));
    }

    #[test]
    fn unrelated_bodies_differ() {
        let a = Signature::of_body(&body(TEXT));
        let b = Signature::of_body(&body(
            "Local farmers reported a record harvest of apples this autumn, with \
             orchards in the valley picking twice as much fruit as last year thanks \
             to a mild spring and a wet summer, the growers' association said.",
        ));
        assert!(a.similarity(&b) < 0.1);
        let shared = a
            .band_keys()
            .iter()
            .zip(b.band_keys())
            .filter(|(x, y)| **x == *y)
            .count();
        assert_eq!(shared, 0);
    }

    /// The signature as first written (a string per word): stored signatures must
    /// stay comparable, so the faster one must give exactly the same values.
    fn reference(paragraphs: &[String]) -> Signature {
        use crate::link::text::{hash_words, tokens};
        let mut words = Vec::new();
        for p in paragraphs {
            words.extend(tokens(p));
            if words.len() >= MAX_TOKENS {
                break;
            }
        }
        let mut mins = vec![u64::MAX; HASHES];
        let shingles: Vec<u64> = if words.len() < SHINGLE {
            if words.is_empty() {
                Vec::new()
            } else {
                vec![hash_words(&words)]
            }
        } else {
            words.windows(SHINGLE).map(hash_words).collect()
        };
        for s in shingles {
            for (i, m) in mins.iter_mut().enumerate() {
                *m = (*m).min(mix64(s ^ SEEDS[i]));
            }
        }
        Signature(mins)
    }

    #[test]
    fn same_values_as_the_first_implementation() {
        let cases: Vec<Vec<String>> = vec![
            body(TEXT),
            vec![
                TEXT.to_owned(),
                "Second paragraph, with Łódź’s naïve ÉCOLE.".to_owned(),
            ],
            vec![
                "".to_owned(),
                "one two".to_owned(),
                "".to_owned(),
                "three".to_owned(),
            ],
            vec!["It's China's — U.S.-bound 140,000 attacks".to_owned()],
            vec!["word ".repeat(25_000)],
            vec!["a b ".repeat(9_999) + "c", "d e f g ".repeat(6_000)],
            vec![],
        ];
        for c in &cases {
            assert_eq!(Signature::of_body(c), reference(c), "{:?}", c.first());
        }
        for seed in std::fs::read_dir("seeds").into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(seed.path()).unwrap_or_default();
            let paragraphs: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
            assert_eq!(Signature::of_body(&paragraphs), reference(&paragraphs));
        }
    }

    #[test]
    fn empty_body_is_harmless() {
        let a = Signature::of_body(&[]);
        assert_eq!(a.0.len(), HASHES);
        assert!(Signature::from_bytes(&[1, 2, 3]).is_none());
    }

    #[test]
    fn stored_signature_is_two_bytes_a_value_and_compares_with_computed_one() {
        let a = Signature::of_body(&body(TEXT));
        let bytes = a.to_bytes();
        assert_eq!(bytes.len(), HASHES * 2);
        let stored = Signature::from_bytes(&bytes).unwrap_or(Signature(Vec::new()));
        assert_eq!(stored.0.len(), HASHES);
        assert!(stored.0.iter().all(|v| *v <= u64::from(u16::MAX)));
        assert_eq!(a.similarity(&stored), 1.0);
        assert_eq!(stored.similarity(&a), 1.0);
    }

    #[test]
    fn signatures_stored_with_64_and_32_bit_values_still_read() {
        let a = Signature::of_body(&body(TEXT));
        let other = Signature::of_body(&body("Quite another text about apples and pears here."));
        // The V2–V4 layout: 64 values × 8 bytes; V5's: × 4 bytes; little endian.
        let v2: Vec<u8> = a.0.iter().flat_map(|v| v.to_le_bytes()).collect();
        let v5: Vec<u8> = a.0.iter().flat_map(|v| low32(*v).to_le_bytes()).collect();
        for old in [v2, v5] {
            let read = Signature::from_bytes(&old).unwrap_or(Signature(Vec::new()));
            assert_eq!(a.similarity(&read), 1.0);
            assert_eq!(read.to_bytes(), a.to_bytes());
            assert!(other.similarity(&read) < 0.1);
        }
    }

    #[test]
    fn band_keys_are_32_bit() {
        let a = Signature::of_body(&body(TEXT));
        for (band, key) in a.band_keys() {
            assert!((0..BANDS as i64).contains(&band));
            assert!(i64::from(i32::MIN) <= key && key <= i64::from(i32::MAX));
        }
    }
}
