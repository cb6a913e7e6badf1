//! Quote matching across outlets. Outlets carry the same words with small changes
//! ("including the United States" / "including the US"), different punctuation, or a
//! shorter rendering of the same sentence. [`similarity`] survives all three:
//! word-bigram Jaccard for light edits, and for a shorter quote the containment of
//! its bigrams and content words in the longer one.
//!
//! Lookup keys ([`QuoteShape::stored_keys`], [`QuoteShape::lookup_keys`]) are word
//! trigram hashes, so candidate clusters come from an index, not a scan.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::text::{as_key, hash_words, tokens};

/// Two quotes with [`similarity`] at least this are the same quote.
pub const QUOTE_MATCH: f64 = 0.5;
/// Containment counts only when the shorter quote has at least this many content
/// words (a few common words inside a long quote prove nothing).
pub const MIN_CONTAINMENT_WORDS: usize = 6;
/// Quotes with fewer words than this match only on identical normalised text.
pub const MIN_FUZZY_WORDS: usize = 4;
/// A cluster stores the trigram keys of its first quote, at most this many (the
/// smallest hashes; a random but stable sample).
pub const STORED_KEYS: usize = 64;
/// A new quote looks up at most this many of its trigram keys.
pub const LOOKUP_KEYS: usize = 128;

/// Function words ignored by the content-word containment (English; other languages
/// just get the bigram measures).
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "we", "our", "you", "they", "their", "he", "she", "his", "her", "i", "not", "no",
    "will", "would", "has", "have", "had", "do", "does", "so", "if", "there",
];

/// [`STOPWORDS`] as a set (looked up for every word of every quote).
static STOPWORD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Distinct content words a quote needs to be clustered across articles at all.
/// Measured on the 811 public pages plus seeds (`bench/link_quality.sh`): of the 15
/// clusters spanning several articles before this rule, the 4 below 3 content words
/// were "Correct.", "Meth. We're on it.", "We got her, we got her!" (each across
/// unrelated pages) and "serious steps" (a fragment of a longer seed quote that
/// clusters on its own); every cluster of 3 or more was the same words carried by
/// articles of one event. A quote below it gets a cluster of its own.
///
/// Looser rules were measured on the same pages' 1,540 quotes, of which 291 have
/// fewer than 3 content words, and none kept the three true short clusters ("serious
/// steps", "Meth. We're on it.", "We got her, we got her!") while refusing trivial
/// quotes: two content words with 12+ letters between them (what "serious steps"
/// needs) admit 106 of the 166 quotes with two content words, mostly scare-quoted
/// phrases any article might use ("morally wrong", "seamless experience", "for
/// research purposes", "political consequences"); one rare content
/// word (word-frequency Zipf ≤ 3.7, what "meth" needs) in a quote of 4+ words admits
/// 27 of the 291, stock lines among them ("that's a big allegation", "don't bury the
/// lede"), and needs a frequency lexicon the crate does not have; "We got her, we got
/// her!" has no content word at all. Neither the speaker (the pairs were attributed
/// to "an officer" / "officers", to nobody, and to two different bodies) nor the
/// story (two of the three pairs are in different stories) tells them apart either.
pub const MIN_EVIDENCE_WORDS: usize = 3;

/// Words that do not make a quote specific: function words, contraction stems (the
/// tokenizer joins "don't" into "dont"), stock replies and filler. A word counts as
/// content when it is not listed here and has at least 3 characters (a number
/// of any length counts). The list alone is not the rule: [`MIN_EVIDENCE_WORDS`] is.
const NOT_CONTENT: &[&str] = &[
    // Function words.
    "the",
    "and",
    "but",
    "for",
    "with",
    "from",
    "this",
    "that",
    "these",
    "those",
    "its",
    "our",
    "you",
    "your",
    "they",
    "their",
    "them",
    "his",
    "her",
    "him",
    "she",
    "was",
    "were",
    "are",
    "been",
    "being",
    "has",
    "have",
    "had",
    "does",
    "did",
    "not",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "there",
    "here",
    "what",
    "who",
    "whom",
    "why",
    "how",
    "when",
    "where",
    "which",
    "all",
    "any",
    "some",
    "more",
    "most",
    "much",
    "many",
    "very",
    "just",
    "also",
    "then",
    "than",
    "now",
    "out",
    "off",
    "into",
    "onto",
    "about",
    "over",
    "again",
    "too",
    "only",
    "own",
    "same",
    "such",
    "each",
    "other",
    "both",
    "few",
    "one",
    "ones",
    "get",
    "got",
    "gets",
    "going",
    "gonna",
    "let",
    "lets",
    "say",
    "says",
    "said",
    "tell",
    "told",
    "make",
    "made",
    "take",
    "come",
    "came",
    "see",
    "know",
    "think",
    "thing",
    "things",
    "way",
    "lot",
    "because",
    "while",
    "before",
    "after",
    "yet",
    "still",
    "even",
    "ever",
    "never",
    "always",
    // Contraction stems.
    "dont",
    "doesnt",
    "didnt",
    "isnt",
    "arent",
    "wasnt",
    "werent",
    "cant",
    "couldnt",
    "wont",
    "wouldnt",
    "shouldnt",
    "havent",
    "hasnt",
    "hadnt",
    "thats",
    "theres",
    "whats",
    "ive",
    "youre",
    "youve",
    "theyre",
    "weve",
    "well",
    "ill",
    "hes",
    "shes",
    // Stock replies and filler.
    "yes",
    "yeah",
    "yep",
    "nope",
    "okay",
    "thanks",
    "thank",
    "please",
    "sure",
    "right",
    "correct",
    "true",
    "false",
    "fine",
    "good",
    "great",
    "wow",
    "oops",
    "sorry",
    "hello",
    "really",
    "absolutely",
    "exactly",
    "indeed",
    "course",
    "maybe",
    "perhaps",
    "comment",
    "nothing",
    "something",
    "anything",
    "everything",
    "everyone",
    "someone",
    "anyone",
];

/// [`NOT_CONTENT`] as a set (looked up for every word of every quote).
static NOT_CONTENT_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| NOT_CONTENT.iter().copied().collect());

/// Whether normalised quote words are evidence: at least [`MIN_EVIDENCE_WORDS`]
/// distinct content words ([`NOT_CONTENT`]).
pub fn is_evidence(words: &[String]) -> bool {
    let mut content: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| {
            (w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
                && !NOT_CONTENT_SET.contains(w)
        })
        .collect();
    content.sort_unstable();
    content.dedup();
    content.len() >= MIN_EVIDENCE_WORDS
}

/// A quote reduced to what matching needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteShape {
    /// Normalised words.
    pub words: Vec<String>,
    bigrams: FxHashSet<u64>,
    content: FxHashSet<String>,
}

impl QuoteShape {
    /// Normalises a quote: lower case, punctuation dropped.
    pub fn new(text: &str) -> QuoteShape {
        let words = tokens(text);
        let bigrams = if words.len() < 2 {
            words
                .iter()
                .map(|w| hash_words(std::slice::from_ref(w)))
                .collect()
        } else {
            words.windows(2).map(hash_words).collect()
        };
        let content = words
            .iter()
            .filter(|w| !STOPWORD_SET.contains(w.as_str()))
            .cloned()
            .collect();
        QuoteShape {
            words,
            bigrams,
            content,
        }
    }

    /// The normalised text (words joined by spaces).
    pub fn normalized(&self) -> String {
        self.words.join(" ")
    }

    fn is_short(&self) -> bool {
        self.words.len() < MIN_FUZZY_WORDS
    }

    /// Whether the quote is long and specific enough to be evidence that two
    /// articles carried the same words ([`is_evidence`]).
    pub fn is_evidence(&self) -> bool {
        is_evidence(&self.words)
    }

    /// Trigram key hashes, smallest first; a short quote has one key: its whole text.
    fn all_keys(&self) -> Vec<i64> {
        let mut keys: Vec<u64> = if self.is_short() || self.words.len() < 3 {
            vec![hash_words(&self.words)]
        } else {
            self.words.windows(3).map(hash_words).collect()
        };
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter().map(as_key).collect()
    }

    /// Keys a new cluster stores for this (its first) quote.
    pub fn stored_keys(&self) -> Vec<i64> {
        let mut k = self.all_keys();
        k.truncate(STORED_KEYS);
        k
    }

    /// Keys a new quote looks up.
    pub fn lookup_keys(&self) -> Vec<i64> {
        let mut k = self.all_keys();
        k.truncate(LOOKUP_KEYS);
        k
    }
}

/// How alike two quotes are, 0..=1: the larger of bigram Jaccard and (when the
/// shorter quote is long enough) the mean of bigram and content-word containment
/// of the shorter quote in the longer one. Short quotes score 1 only when identical.
pub fn similarity(a: &QuoteShape, b: &QuoteShape) -> f64 {
    if a.words.is_empty() || b.words.is_empty() {
        return 0.0;
    }
    if a.is_short() || b.is_short() {
        return if a.words == b.words { 1.0 } else { 0.0 };
    }
    let inter = a.bigrams.intersection(&b.bigrams).count() as f64;
    let union = (a.bigrams.len() + b.bigrams.len()) as f64 - inter;
    let jaccard = if union > 0.0 { inter / union } else { 0.0 };
    let (short, long) = if a.content.len() <= b.content.len() {
        (a, b)
    } else {
        (b, a)
    };
    let containment = if short.content.len() >= MIN_CONTAINMENT_WORDS {
        let bi = inter / short.bigrams.len().max(1) as f64;
        let words =
            short.content.intersection(&long.content).count() as f64 / short.content.len() as f64;
        (bi + words) / 2.0
    } else {
        0.0
    };
    jaccard.max(containment)
}

/// The best match among candidate clusters `(id, canonical shape)` at or above
/// [`QUOTE_MATCH`], as `(id, similarity)`.
pub fn best_match<'a, I>(quote: &QuoteShape, candidates: I) -> Option<(i64, f64)>
where
    I: IntoIterator<Item = (i64, &'a QuoteShape)>,
{
    candidates
        .into_iter()
        .map(|(id, c)| (id, similarity(quote, c)))
        .filter(|(_, s)| *s >= QUOTE_MATCH)
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "China is willing, on the basis of the principles of mutual respect \
        and mutual trust, to have constructive dialogue and cooperation on this issue with \
        the international community including the United States to maintain the security, \
        openness and peace of the Internet";

    fn sim(a: &str, b: &str) -> f64 {
        similarity(&QuoteShape::new(a), &QuoteShape::new(b))
    }

    #[test]
    fn small_wording_change_matches() {
        let us = LONG.replace("the United States", "the US");
        assert!(sim(LONG, &us) > 0.8, "{}", sim(LONG, &us));
        let punct = format!("{}.", LONG.replace("openness and", "openness, and"));
        assert_eq!(sim(LONG, &punct), 1.0);
    }

    #[test]
    fn shorter_rendering_matches_by_containment() {
        let short = "China is willing to have constructive dialogue and cooperation with \
                     the global community, including the United States.";
        let s = sim(LONG, short);
        assert!(s >= QUOTE_MATCH, "{s}");
        let s_us = sim(&LONG.replace("the United States", "the US"), short);
        assert!(s_us >= QUOTE_MATCH, "{s_us}");
    }

    #[test]
    fn different_quotes_do_not_match() {
        let other = "Internet security is a global issue. In fact, China is a marginalized \
                     group in this regard and one of the major victims of cyber attacks";
        assert!(sim(LONG, other) < QUOTE_MATCH, "{}", sim(LONG, other));
        let a = "We will not rest until every family in this city has a safe home";
        let b = "We will rebuild the stadium and every family in the region will benefit";
        assert!(sim(a, b) < QUOTE_MATCH, "{}", sim(a, b));
    }

    #[test]
    fn short_quotes_need_identical_text() {
        assert_eq!(sim("serious steps", "Serious steps."), 1.0);
        assert_eq!(sim("serious steps", "serious step"), 0.0);
        assert_eq!(sim("willing", LONG), 0.0);
        assert_eq!(sim("", ""), 0.0);
    }

    #[test]
    fn trivial_quotes_are_not_evidence() {
        for trivial in [
            "No.",
            "Correct.",
            "Yes, absolutely, thank you",
            "We're on it.",
            "I don't know, I really don't.",
            "We got him, we got him!",
            "serious steps",
            "No comment at this time",
            // Scare-quoted idioms: two content words say nothing about the event.
            "morally wrong",
            "sometime soon",
            "scope creep",
        ] {
            assert!(!QuoteShape::new(trivial).is_evidence(), "{trivial}");
        }
        for specific in [
            LONG,
            "acceptable norms of behaviour in cyberspace",
            "a thief calling others a thief",
            "The bridge reopens in March 2027",
        ] {
            assert!(QuoteShape::new(specific).is_evidence(), "{specific}");
        }
    }

    #[test]
    fn keys_overlap_for_contained_quote() {
        let long = QuoteShape::new(LONG);
        let short = QuoteShape::new(
            "China is willing to have constructive dialogue and cooperation with the \
             global community, including the United States.",
        );
        let stored: FxHashSet<i64> = long.stored_keys().into_iter().collect();
        assert!(short.lookup_keys().iter().any(|k| stored.contains(k)));
        assert_eq!(QuoteShape::new("serious steps").lookup_keys().len(), 1);
    }

    #[test]
    fn best_match_picks_highest_above_threshold() {
        let q = QuoteShape::new(LONG);
        let same = QuoteShape::new(&LONG.replace("the United States", "the US"));
        let other = QuoteShape::new("Cyberspace needs rules and cooperation, not wars");
        assert_eq!(
            best_match(&q, [(1, &other), (2, &same)]).map(|m| m.0),
            Some(2)
        );
        assert_eq!(best_match(&q, [(1, &other)]), None);
    }
}
