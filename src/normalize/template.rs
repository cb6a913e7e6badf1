//! Template learning, the pure half: lines that recur across many articles of one
//! publisher are boilerplate the classifier could not see from one page alone
//! ("The Daily Bugle is an independent newspaper…", a standing sign-off). The store
//! counts, per publisher, how many articles carried each body line
//! (`template_lines`); lines past [`MIN_ARTICLES`] form a [`TemplateSet`], and
//! [`apply`] moves such lines out of a new article's body with `Reason::Template`.
//!
//! Guards, so learning never guts a real article: only short paragraphs qualify
//! ([`MAX_CHARS`]: long recurring prose is syndicated copy, not furniture); and when
//! more than [`MAX_SHARE`] of a body would go, the page is taken to be a new version
//! of an article already seen (or a series sharing its text), and nothing is removed.

use std::collections::{HashMap, HashSet};

use crate::model::{Article, Reason, Removed};

/// A line is a template once this many distinct articles of the publisher had it.
pub const MIN_ARTICLES: i64 = 5;

/// Paragraphs longer than this (chars) are never treated as template lines.
pub const MAX_CHARS: usize = 300;

/// If more than this share of a body matches templates, nothing is removed.
pub const MAX_SHARE: f64 = 0.3;

/// Learned template lines: publisher key → line hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateSet {
    by_publisher: HashMap<String, HashSet<i64>>,
}

impl TemplateSet {
    /// Builds the set from (publisher key, line hash) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, i64)>) -> Self {
        let mut set = TemplateSet::default();
        set.extend(pairs);
        set
    }

    /// Adds pairs learned since the set was built.
    pub fn extend(&mut self, pairs: impl IntoIterator<Item = (String, i64)>) {
        for (p, h) in pairs {
            self.by_publisher.entry(p).or_default().insert(h);
        }
    }

    /// Whether `line_hash` is a learned template line of the publisher `key`.
    pub fn contains(&self, key: &str, line_hash: i64) -> bool {
        self.by_publisher
            .get(key)
            .is_some_and(|lines| lines.contains(&line_hash))
    }

    /// Whether nothing has been learned.
    pub fn is_empty(&self) -> bool {
        self.by_publisher.is_empty()
    }
}

/// The key a publisher's lines are counted under (case and spacing folded);
/// None when the page names no publisher (nothing is learned or applied then).
pub fn publisher_key(article: &Article) -> Option<String> {
    let p = article.publisher.as_deref()?;
    let key: String = p
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// Whether a body paragraph may be counted and removed as a template line.
pub fn eligible(paragraph: &str) -> bool {
    let n = paragraph.chars().count();
    (3..=MAX_CHARS).contains(&n)
}

/// A stable 64-bit hash of a line, with case and spacing folded.
pub fn line_hash(line: &str) -> i64 {
    // The words one space apart, lower-cased: one buffer, lower-cased in place when
    // ASCII (the same bytes `str::to_lowercase` gives; it runs for every eligible
    // paragraph of every article, twice when templates apply).
    let mut folded = String::with_capacity(line.len());
    for w in line.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(w);
    }
    if folded.is_ascii() {
        folded.make_ascii_lowercase();
    } else {
        folded = folded.to_lowercase();
    }
    let h = blake3::hash(folded.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.as_bytes()[..8]);
    i64::from_le_bytes(b)
}

/// What the preparing threads' template removal did to one article, kept so the
/// writer can redo it against the exact counts (`store::write`): learning is then
/// the same whatever the batches or the moments the writer stopped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Undo {
    /// Whether templates apply to the page at all (it names a publisher, and it is
    /// not `--assume-clean` input).
    pub applies: bool,
    /// The hashes of the page's lines that were template lines when it was
    /// templated, sorted (removed or not: see [`MAX_SHARE`]).
    pub templates: Vec<i64>,
    /// Each paragraph removed as a template line: its index in the body as
    /// normalized, and its text; ascending.
    pub removed_at: Vec<(usize, String)>,
    /// The page line (1-based, 0 when none) of each paragraph of the body as
    /// normalized that [`eligible`] allows, 0 for the others.
    pub lines: Vec<u32>,
}

impl Undo {
    /// What template removal needs to know about `article` (not yet templated) and
    /// the decoded `page` it came from.
    pub fn of(article: &Article, page: &str, assume_clean: bool) -> Undo {
        let applies = !assume_clean && publisher_key(article).is_some();
        let lines = if applies {
            paragraph_lines(&article.body, page)
        } else {
            Vec::new()
        };
        Undo {
            applies,
            templates: Vec::new(),
            removed_at: Vec::new(),
            lines,
        }
    }

    /// The body as normalized: `body` with the removed paragraphs put back.
    pub fn original_body(&self, body: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(body.len() + self.removed_at.len());
        let mut kept = body.iter();
        for (i, text) in &self.removed_at {
            while out.len() < *i {
                match kept.next() {
                    Some(p) => out.push(p.clone()),
                    None => break,
                }
            }
            out.push(text.clone());
        }
        out.extend(kept.cloned());
        out
    }

    /// The indices of [`Undo::removed_at`].
    pub fn removed_indices(&self) -> Vec<usize> {
        self.removed_at.iter().map(|(i, _)| *i).collect()
    }
}

/// The first page line each eligible paragraph of `body` stands on alone (trimmed),
/// 1-based, or 0: one pass over the page.
fn paragraph_lines(body: &[String], page: &str) -> Vec<u32> {
    let mut out = vec![0u32; body.len()];
    let mut want: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in body.iter().enumerate().filter(|(_, p)| eligible(p)) {
        want.entry(p.as_str()).or_default().push(i);
    }
    for (n, line) in page.lines().enumerate() {
        if want.is_empty() {
            break;
        }
        if let Some(at) = want.remove(super::trim_line(line)) {
            let n = u32::try_from(n + 1).unwrap_or(0);
            for i in at {
                out[i] = n;
            }
        }
    }
    out
}

/// The paragraphs of `body` that template lines (`is_template`, by [`line_hash`])
/// remove, ascending (none when more than [`MAX_SHARE`] of the body would go), and
/// the hashes of the template lines found, sorted and each once.
pub fn hits(body: &[String], is_template: impl Fn(i64) -> bool) -> (Vec<usize>, Vec<i64>) {
    let mut at = Vec::new();
    let mut found = Vec::new();
    for (i, p) in body.iter().enumerate().filter(|(_, p)| eligible(p)) {
        let h = line_hash(p);
        if is_template(h) {
            at.push(i);
            found.push(h);
        }
    }
    found.sort_unstable();
    found.dedup();
    if at.len() as f64 > MAX_SHARE * body.len() as f64 {
        at.clear();
    }
    (at, found)
}

/// Moves the paragraphs at `at` (ascending indices of the body as normalized) out
/// of `article.body` into `removed` with `Reason::Template`, and records them in
/// `undo`. The article must not have been templated yet.
pub fn remove(article: &mut Article, at: &[usize], undo: &mut Undo) {
    if at.is_empty() {
        return;
    }
    let mut kept = Vec::with_capacity(article.body.len() - at.len());
    let mut next = at.iter().peekable();
    for (i, p) in std::mem::take(&mut article.body).into_iter().enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
            article.removed.push(Removed {
                line: undo.lines.get(i).map_or(0, |&n| n as usize),
                text: p.clone(),
                reason: Reason::Template,
            });
            undo.removed_at.push((i, p));
        } else {
            kept.push(p);
        }
    }
    article.body = kept;
    article.removed.sort_by_key(|r| r.line);
}

/// Moves the article's learned template lines from the body into `removed`.
/// `page` is the decoded page, used to give each removed line its line number.
/// Returns how many paragraphs were removed.
pub fn apply(article: &mut Article, templates: &TemplateSet, page: &str) -> usize {
    let mut undo = Undo::of(article, page, false);
    apply_with(article, templates, &mut undo)
}

/// [`apply`] with the article's [`Undo`] already made (and filled in).
pub fn apply_with(article: &mut Article, templates: &TemplateSet, undo: &mut Undo) -> usize {
    let Some(known) = publisher_key(article).and_then(|k| templates.by_publisher.get(&k)) else {
        return 0;
    };
    let (at, found) = hits(&article.body, |h| known.contains(&h));
    undo.templates = found;
    remove(article, &at, undo);
    at.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(publisher: &str, body: &[&str]) -> Article {
        Article {
            publisher: Some(publisher.to_owned()),
            body: body.iter().map(|s| s.to_string()).collect(),
            ..Article::default()
        }
    }

    const SIGNOFF: &str =
        "The Valley Herald is an independent newspaper serving the valley since 1921.";

    fn body() -> Vec<&'static str> {
        vec![
            "The council met on Monday to discuss the new bridge over the river.",
            "Members voted 7 to 2 in favour of the plan after a long debate.",
            "Work is expected to begin in the spring and last for two years.",
            SIGNOFF,
        ]
    }

    #[test]
    fn a_learned_line_leaves_the_body_of_the_same_publisher_only() {
        let set = TemplateSet::from_pairs([("valley herald".to_owned(), line_hash(SIGNOFF))]);
        let page = format!("Title\n\n{}", body().join("\n\n"));
        let mut a = article("Valley  Herald", &body());
        assert_eq!(apply(&mut a, &set, &page), 1);
        assert_eq!(a.body.len(), 3);
        assert_eq!(a.removed[0].reason, Reason::Template);
        assert_eq!(a.removed[0].line, 9);
        let mut other = article("Another Paper", &body());
        assert_eq!(apply(&mut other, &set, &page), 0);
        assert_eq!(other.body.len(), 4);
    }

    #[test]
    fn a_page_made_mostly_of_known_lines_is_left_alone() {
        let b = body();
        let set = TemplateSet::from_pairs(
            b.iter()
                .take(2)
                .map(|p| ("valley herald".to_owned(), line_hash(p))),
        );
        let mut a = article("Valley Herald", &b);
        assert_eq!(apply(&mut a, &set, ""), 0);
        assert_eq!(a.body.len(), 4);
    }

    #[test]
    fn line_hash_folds_case_and_spacing_and_keeps_its_stored_values() {
        let reference = |line: &str| {
            let folded = line
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let h = blake3::hash(folded.as_bytes());
            i64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
        };
        for line in [
            SIGNOFF,
            "  Subscribe\tTO our   NEWSLETTER ",
            "ÉTÉ À PARIS: Ärger über Straßen",
            "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ",
            "",
        ] {
            assert_eq!(line_hash(line), reference(line), "{line:?}");
        }
        assert_eq!(
            line_hash("Follow us  on\u{a0}X"),
            line_hash("follow US on X"),
            "no-break space is spacing"
        );
        assert_ne!(line_hash("follow us"), line_hash("followus"));
    }

    #[test]
    fn long_paragraphs_are_never_templates() {
        let long = "word ".repeat(80);
        assert!(!eligible(&long));
        assert!(eligible(SIGNOFF));
    }
}
