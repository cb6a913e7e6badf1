//! Small text helpers shared by the linkers: word tokens, a stable 64-bit hash and a
//! bounded edit distance. All work is bounded by [`MAX_TOKENS`].

/// At most this many words of any one text are looked at (bounds work on huge input).
pub const MAX_TOKENS: usize = 20_000;

/// Lower-cased alphanumeric words. Apostrophes inside a word are dropped ("China's"
/// → "chinas"), every other non-alphanumeric character separates words.
pub fn tokens(text: &str) -> Vec<String> {
    let mut buf = String::new();
    let mut spans = Vec::new();
    token_spans(text, &mut buf, &mut spans, MAX_TOKENS);
    spans.iter().map(|r| buf[r.clone()].to_owned()).collect()
}

/// [`tokens`] without a string per word: appends the lower-cased words of `text` to
/// `buf` and their byte ranges in it to `spans`, until `spans` holds `limit` words.
pub fn token_spans(
    text: &str,
    buf: &mut String,
    spans: &mut Vec<std::ops::Range<usize>>,
    limit: usize,
) {
    let mut start: Option<usize> = None;
    for c in text.chars() {
        if spans.len() >= limit {
            return;
        }
        if c.is_ascii_alphanumeric() {
            start.get_or_insert(buf.len());
            buf.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && c.is_alphanumeric() {
            start.get_or_insert(buf.len());
            buf.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’') && start.is_some() {
            // "China's" → "chinas": the apostrophe does not split the word.
        } else if let Some(s) = start.take() {
            spans.push(s..buf.len());
        }
    }
    if let Some(s) = start {
        if spans.len() < limit {
            spans.push(s..buf.len());
        }
    }
}

/// FNV-1a over the bytes, finished with a splitmix64 mix: stable across runs and
/// platforms (the values are stored in the database).
pub fn hash64(bytes: &[u8]) -> u64 {
    mix64(fnv_from(FNV_OFFSET, bytes))
}

/// FNV-1a's offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// [`hash64`] of each text, in order. FNV-1a is one multiply per byte, each waiting on
/// the last, so a single text runs at the multiplier's latency; here four texts are
/// hashed side by side over their common length (four independent chains), which is
/// what makes a body's shingles cheap to hash.
pub fn hash64_each(texts: &[&[u8]]) -> Vec<u64> {
    let mut out = Vec::with_capacity(texts.len());
    let mut quads = texts.chunks_exact(4);
    for q in &mut quads {
        let common = q.iter().map(|t| t.len()).min().unwrap_or(0);
        let heads = [
            &q[0][..common],
            &q[1][..common],
            &q[2][..common],
            &q[3][..common],
        ];
        let mut h = [FNV_OFFSET; 4];
        for j in 0..common {
            for (hl, t) in h.iter_mut().zip(heads) {
                *hl = (*hl ^ u64::from(t[j])).wrapping_mul(FNV_PRIME);
            }
        }
        for (hl, t) in h.iter_mut().zip(q) {
            out.push(mix64(fnv_from(*hl, &t[common..])));
        }
    }
    out.extend(quads.remainder().iter().map(|t| hash64(t)));
    out
}

/// FNV-1a continued from state `h` over `bytes`.
fn fnv_from(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// splitmix64 finaliser.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of a run of words joined by a space (equal to `hash64` of the joined text,
/// computed without building it).
pub fn hash_words(words: &[String]) -> u64 {
    hash_strs(words.iter().map(String::as_str))
}

/// [`hash_words`] over borrowed words.
pub fn hash_strs<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = FNV_OFFSET;
    for (i, w) in words.into_iter().enumerate() {
        if i > 0 {
            h = fnv_from(h, b" ");
        }
        h = fnv_from(h, w.as_bytes());
    }
    mix64(h)
}

/// A stored key: the hash reinterpreted as SQLite's signed 64-bit integer.
pub fn as_key(h: u64) -> i64 {
    i64::from_ne_bytes(h.to_ne_bytes())
}

/// Levenshtein distance between `a` and `b` in chars, or `limit + 1` once it is
/// known to exceed `limit` (names are short; longer inputs stop early).
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_side_by_side_equal_one_at_a_time() {
        // Texts of varied lengths (empty, equal, one much longer) in runs of every
        // length, so the four-wide part, its uneven tails and the remainder all run.
        let words = [
            "",
            "a",
            "of the",
            "cyber attacks a month",
            "ünïcode wörds",
            "x y z",
        ];
        for n in 0..40 {
            let texts: Vec<Vec<u8>> = (0..n)
                .map(|i| {
                    words[(i * 7 + n) % words.len()]
                        .repeat(1 + i % 3)
                        .into_bytes()
                })
                .collect();
            let refs: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
            let one: Vec<u64> = refs.iter().map(|t| hash64(t)).collect();
            assert_eq!(hash64_each(&refs), one, "n = {n}");
        }
    }

    #[test]
    fn tokens_lowercase_and_split() {
        assert_eq!(
            tokens("China's U.S.-bound cyber-attacks, 140,000!"),
            ["chinas", "u", "s", "bound", "cyber", "attacks", "140", "000"]
        );
        assert!(tokens("  ,. ").is_empty());
        assert_eq!(
            tokens("Łódź’s ÉCOLE naïve—Straße 2nd"),
            ["łódźs", "école", "naïve", "straße", "2nd"]
        );
        assert_eq!(tokens("'quoted' it's"), ["quoted", "its"]);
    }

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance("hua chunying", "hua chuying", 3), 1);
        assert_eq!(edit_distance("john smith", "jane smith", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 0), 0);
        assert_eq!(edit_distance("short", "a much longer string", 2), 3);
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(hash64(b"abc"), hash64(b"abc"));
        assert_ne!(hash64(b"abc"), hash64(b"abd"));
        let w: Vec<String> = ["cyber", "attacks", "a", "month"].map(String::from).into();
        assert_eq!(
            hash_words(&w),
            hash64(b"cyber attacks a month"),
            "stored keys stay equal"
        );
        assert_eq!(hash_words(&[]), hash64(b""));
    }
}
