//! HTML pages → [`Article`]: parse with html5ever (through `scraper`), read the
//! metadata (JSON-LD, `<meta>`, `<title>`, `<time>`), and pick the main text.
//!
//! The body is found in three steps, all over one flat list of text blocks:
//!
//! 1. [`linearize`] walks the DOM once, iteratively (no recursion, so 100,000
//!    nested `<div>`s are fine), skipping scripts and other non-text subtrees, and
//!    cuts the text into blocks at block-level tags. Every element gets an
//!    [`Elem`] record: its block range, text and link totals, and any boilerplate
//!    hint from its tag, role, class or id (tables in `html_rules.rs`).
//! 2. [`choose_content`] scores containers readability-style (each prose block
//!    gives points to its parent and grandparent), takes the best one with its
//!    good siblings, widens it over sibling sections up the tree
//!    ([`widen_content`]: an article split by ads, figures or headings), and
//!    prefers an explicit article-body container (`itemprop=articleBody`,
//!    `class="article-body"`, …) when it holds the text.
//! 3. [`Extractor::build_article`] keeps the blocks of the chosen containers that are
//!    not boilerplate, link lists, captions or furniture lines; everything else
//!    goes to `removed` with a reason.
//!
//! `Removed::line` is always 0 for HTML input: the parser does not keep source
//! positions, and a removed block may span several source lines anyway.

use std::sync::LazyLock;

use ego_tree::NodeRef;
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{Html, Node};

use super::html_byline::{self, Candidate};
use super::html_rules::{
    Match, Widen, BLOCK_TAGS, BODY_CONTAINER_HINTS, BOILER_HINTS, BOILER_ROLES, BUILDER_PARTS,
    CREDIT_HINTS, EMBED_PARTS, FURNITURE_MAX_CHARS, FURNITURE_PREFIXES, HARD_SKIP_TAGS,
    LABEL_PREFIXES, METADATA_LABELS, METADATA_MAX_CHARS, NEGATIVE_HINTS, POSITIVE_HINTS,
    SOFT_SKIP_TAGS, SUBTITLE_CLASS_HINTS, WIDEN_BY_REASON, WIDEN_MAX_GAP_CHARS,
    WIDEN_MAX_GAP_UNITS, WIDEN_MAX_LINK_DENSITY, WIDEN_MAX_LINK_DENSITY_BACK,
    WIDEN_MAX_NEUTRAL_UNITS, WIDEN_MIN_PROSE_SHARE,
};
use super::html_title;
use super::metadata::html::{meta_key_is_read, HtmlMeta};
use super::metadata::lines::{rule, PageLine};
use super::metadata::title::{key_matches, match_key};
use super::metadata::{byline, dates};
use crate::model::{Article, Image, MetaSource, Reason, Removed};

/// Blocks shorter than this (in chars) give no points to their containers.
const MIN_SCORED_CHARS: usize = 25;
/// Above this share of link text a block is a link list, not prose.
const MAX_LINK_DENSITY: f64 = 0.5;
/// A boilerplate-hinted element holding more than this share of the page's prose
/// is kept anyway (a page wrapper named "has-sidebar", a page-wide `<form>`).
const BOILER_VETO_SHARE: f64 = 0.6;
/// A widget-hinted element whose prose blocks hold at least this share of its
/// text ([`is_prose_widget`]) is kept ...
const PROSE_WIDGET_MIN_SHARE: f64 = 0.6;
/// ... when less than this share of its text is links.
const PROSE_WIDGET_MAX_LINKS: f64 = 0.2;
/// A block this short with a date in it, above the first body paragraph, is
/// the dateline ("November 4, 2025 · 5 min read"), not body.
const DATELINE_MAX_CHARS: usize = 40;
/// Most prose paragraphs a byline box holds (a short bio); an element hinted
/// as a byline with more is the article ([`is_article_not_byline`]).
const BYLINE_BOX_MAX_PARAGRAPHS: usize = 2;
/// Shortest block counted as a prose paragraph there, in chars.
const BYLINE_BOX_PARAGRAPH_CHARS: usize = 80;
/// Blocks below the headline read for the publication date.
const DATE_AFTER: usize = 40;
/// Blocks above the headline read for the publication date.
const DATE_BEFORE: usize = 12;
/// Longest block (in chars) read as a dateline.
const DATE_MAX_CHARS: usize = 100;
/// Blocks after the body searched for a "Posted on …" line.
const DATE_AFTER_BODY: usize = 12;
/// Class/id tokens longer than this are not read for hints.
const MAX_HINT_TOKEN: usize = 80;
/// Class and id tokens read per element at most.
const MAX_HINT_TOKENS: usize = 24;

/// What sort of block a run of text is, from its innermost block element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    Pre,
    Cell,
    Div,
}

/// One run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    kind: Kind,
    /// Index in `elems` of the innermost block element holding the text.
    elem: usize,
    /// Nearest enclosing `<figure>` or caption-hinted element.
    figure: Option<usize>,
}

impl Block {
    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// One element of the page, with totals over its subtree.
#[derive(Debug)]
struct Elem<'a> {
    tag: &'a str,
    parent: Option<usize>,
    /// Blocks `enter..exit` lie inside the element.
    enter: usize,
    exit: usize,
    text_chars: usize,
    link_chars: usize,
    /// Chars of prose-like blocks (scored blocks) inside.
    prose_chars: usize,
    /// Own boilerplate hint and whether it came from the tag name alone.
    boiler: Option<Reason>,
    /// Nearest ancestor-or-self with a boilerplate hint.
    boiler_anc: Option<usize>,
    /// Readability class weight (+25 / -25 per positive / negative hint).
    weight: f64,
    /// Rank in [`BODY_CONTAINER_HINTS`] (0 = `itemprop=articleBody`), if any.
    body_rank: Option<usize>,
    /// Looks like a dek by its class.
    subtitle_hint: bool,
    /// The element marks a photo credit by its class.
    credit_hint: bool,
    /// A class part names a page builder's content box ("elementor-widget").
    builder_hint: bool,
    score: f64,
}

/// Turns an HTML page into an article.
pub fn normalize_html(text: &str) -> Article {
    let stripped = prefilter(text);
    let (doc, cut) = super::budget::parse_document(&stripped);
    let mut meta = super::metadata::html::read(&doc);
    let (elems, blocks) = linearize(&doc);
    let mut ex = Extractor {
        elems,
        blocks,
        vetoed: Vec::new(),
    };
    ex.finish_totals();
    let content = choose_content(&mut ex);
    let anchor = ex.headline_block(&meta, &content);
    if let Some(title) = ex.visible_title(&meta, anchor) {
        meta.title = Some(title);
    }
    let mut article = ex.build_article(&meta, &content, anchor);
    let lines: Vec<PageLine<'_>> = ex
        .blocks
        .iter()
        .map(|b| PageLine {
            text: &b.text,
            line: 0,
        })
        .collect();
    let body_end = content.ranges.iter().map(|r| r.1).max();
    let shown = visible_date(&ex.blocks, anchor)
        .or_else(|| body_end.and_then(|end| date_after_body(&ex.blocks, end)));
    if let Some((date, source)) = shown {
        article.published = Some(date);
        article.sources.published = Some(source);
    }
    super::metadata::html::finish(&mut article, meta, &lines, anchor);
    article.warnings.extend(cut.map(|c| c.warning()));
    article
}

/// Quick test for HTML: markup at the start, or enough paragraph tags.
pub fn looks_like_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    // Skip leading comments and XML declarations.
    for _ in 0..16 {
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = match r.find("-->") {
                Some(i) => r[i + 3..].trim_start(),
                None => return false,
            };
        } else if rest.starts_with("<?") {
            rest = match rest.find("?>") {
                Some(i) => rest[i + 2..].trim_start(),
                None => return false,
            };
        } else {
            break;
        }
    }
    let starts = |s: &[u8], p: &[u8]| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let head = rest.as_bytes();
    if starts(head, b"<!doctype html") || starts(head, b"<html") || starts(head, b"<head") {
        return true;
    }
    // Fragments: count tags in the first 65,536 chars (patterns are ASCII, so
    // matching bytes without case is matching the lowercased text).
    let end = text
        .char_indices()
        .nth(65_536)
        .map_or(text.len(), |(i, _)| i);
    let sample = text.as_bytes().get(..end).unwrap_or(b"");
    let mut tags = 0;
    for at in memchr::memchr_iter(b'<', sample) {
        let s = sample.get(at..).unwrap_or(b"");
        if starts(s, b"<body") {
            return true;
        }
        if [&b"<p>"[..], b"<p ", b"<div", b"<br"]
            .iter()
            .any(|p| starts(s, p))
        {
            tags += 1;
        }
    }
    tags >= 3
}

// ---------------------------------------------------------------------------
// Pre-parse stripping
// ---------------------------------------------------------------------------

/// Raw-text elements whose content the extractor never reads; cut before parsing
/// because they are half the bytes of a typical news page.
const STRIP_ELEMENTS: &[&[u8]] = &[b"script", b"style", b"svg"];

/// Elements that never get an end tag, or whose end tag is often left out; they
/// do not count towards nesting depth.
const UNCOUNTED_TAGS: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"keygen",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"tbody",
    b"thead",
    b"tfoot",
    b"option",
    b"optgroup",
    b"rb",
    b"rt",
    b"rp",
    b"colgroup",
    b"caption",
    b"html",
    b"head",
    b"body",
    b"image",
    b"frame",
];

/// Deepest element nesting handed to the parser. html5ever's scope checks scan
/// the open-element stack, so 100,000 nested `<div>`s would cost quadratic time;
/// start tags deeper than this (and their end tags) are dropped, which only
/// flattens structure that no real page has.
const MAX_NESTING: usize = 400;

/// An end tag is matched against at most this many open elements.
const MAX_END_TAG_SEARCH: usize = 64;

/// Elements whose content the tokenizer reads as raw text or RCDATA when it is
/// not cut. Inside them the prefilter neither collapses whitespace nor drops
/// class tokens, so text such an element shows is never changed by those steps.
const RAW_TEXT_ELEMENTS: &[&[u8]] = &[
    b"script",
    b"style",
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
];

/// Prepares markup for the parser in one linear pass: drops comments and the
/// content of `<script>` (except JSON-LD), `<style>` and `<svg>` (keeping the tags,
/// so the structure is the same), drops start/end tags nested deeper than
/// [`MAX_NESTING`], drops attributes the extractor never reads and class/id
/// tokens that carry no hint, and collapses whitespace runs in text to one
/// character (the walk collapses them anyway; the parser's cost is per byte).
/// Anything unterminated is left for the parser.
fn prefilter(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut p = Prefilter {
        text,
        out: String::with_capacity(text.len() / 2),
        copied: 0,
        hints: HintCache::default(),
        attrs: Vec::new(),
    };
    let mut i = 0;
    // Open counted elements: (name, whether the start tag was kept).
    let mut open: Vec<(&[u8], bool)> = Vec::new();
    // The text run since the last tag starts here; `plain` while it holds no
    // stray '<' (a doctype or bogus comment, whose spaces must stay).
    let mut run_start = 0;
    let mut plain = true;
    // Inside a raw-text element (its name).
    let mut raw: Option<&[u8]> = None;
    // The end tag of a script or style dropped whole starts here.
    let mut drop_end: Option<usize> = None;
    let mut clean_end = true;
    while let Some(off) = bytes.get(i..).and_then(|rest| memchr::memchr(b'<', rest)) {
        let lt = i + off;
        let after = lt + 1;
        if bytes.get(after..after + 3) == Some(b"!--") {
            // A comment: drop it through "-->".
            let Some(end) = find_ci(bytes, after + 3, b"-->") else {
                clean_end = false;
                break;
            };
            p.text_run(run_start, lt, plain && raw.is_none());
            p.emit_to(lt);
            p.copied = end + 3;
            i = p.copied;
            (run_start, plain) = (i, true);
            continue;
        }
        let is_end = bytes.get(after) == Some(&b'/');
        let name_start = if is_end { after + 1 } else { after };
        let name_len = bytes
            .get(name_start..)
            .unwrap_or(b"")
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            plain = false;
            i = after;
            continue;
        }
        let name = bytes.get(name_start..name_start + name_len).unwrap_or(b"");
        let Some(tag_end) = tag_end(bytes, name_start + name_len) else {
            clean_end = false;
            break;
        };
        p.text_run(run_start, lt, plain && raw.is_none());
        (run_start, plain) = (tag_end, true);
        let counted = !is_uncounted(name);
        if is_end {
            let tag = EndTag {
                name,
                lt,
                tag_end,
                counted,
            };
            close_element(&mut p, &tag, &mut open, &mut raw, &mut drop_end);
            i = tag_end;
            continue;
        }
        let open_tag = bytes.get(lt..tag_end).unwrap_or(b"");
        let self_closing = open_tag.ends_with(b"/>");
        if counted && !self_closing {
            let keep = open.len() < MAX_NESTING;
            open.push((name, keep));
            if !keep {
                // Dropped; a raw-text element still has its content cut below.
                p.emit_to(lt);
                p.copied = tag_end;
            }
        }
        let strip = STRIP_ELEMENTS.iter().find(|n| n.eq_ignore_ascii_case(name));
        if let (Some(strip), None) = (strip, raw) {
            // A script or style whose content is cut goes whole, end tag too:
            // the tree builder handles both by its "in head" rules (no
            // formatting elements reopened), and the walk skips them.
            let whole = matches!(*strip, b"script" | b"style")
                && !self_closing
                && !(*strip == b"script" && find_ci(open_tag, 0, b"ld+json").is_some());
            if let Some((close_at, _)) = whole.then(|| end_tag_at(bytes, tag_end, strip)).flatten()
            {
                p.emit_to(lt);
                p.copied = close_at;
                drop_end = Some(close_at);
                i = close_at;
                run_start = i;
                continue;
            }
        }
        if p.copied <= lt {
            // `<html>` and `<body>` merge the attributes of repeated tags, so
            // their class tokens are left alone.
            let hints = raw.is_none()
                && !name.eq_ignore_ascii_case(b"html")
                && !name.eq_ignore_ascii_case(b"body");
            p.slim_tag(lt, name, name_start + name_len, tag_end, hints);
        }
        let Some(strip) = strip else {
            if raw.is_none()
                && RAW_TEXT_ELEMENTS
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(name))
            {
                raw = Some(name);
            }
            i = tag_end;
            continue;
        };
        let keep = *strip == b"script" && find_ci(open_tag, 0, b"ld+json").is_some();
        if keep || self_closing {
            if raw.is_none() && *strip != b"svg" {
                raw = Some(name);
            }
            i = tag_end;
            continue;
        }
        let mut close = Vec::with_capacity(strip.len() + 2);
        close.extend_from_slice(b"</");
        close.extend_from_slice(strip);
        let Some(close_at) = find_ci(bytes, tag_end, &close) else {
            clean_end = false;
            break;
        };
        p.emit_to(tag_end);
        p.copied = close_at;
        i = close_at;
        run_start = i;
    }
    if clean_end {
        p.text_run(run_start, text.len(), plain && raw.is_none());
    }
    p.emit_to(text.len());
    p.out
}

/// An end tag met by [`prefilter`]: `</name>` at `lt..tag_end`.
struct EndTag<'t> {
    name: &'t [u8],
    lt: usize,
    tag_end: usize,
    /// Whether the element counts toward nesting depth.
    counted: bool,
}

/// [`prefilter`]'s end-tag step: pops the matching open element (and drops
/// the end tag when its start tag was dropped), leaves a raw-text element,
/// and drops the end tag of a script or style whose content was cut whole.
fn close_element<'t>(
    p: &mut Prefilter<'t>,
    tag: &EndTag<'t>,
    open: &mut Vec<(&'t [u8], bool)>,
    raw: &mut Option<&'t [u8]>,
    drop_end: &mut Option<usize>,
) {
    if tag.counted {
        let found = open
            .iter()
            .rev()
            .take(MAX_END_TAG_SEARCH)
            .position(|(n, _)| n.eq_ignore_ascii_case(tag.name));
        if let Some(back) = found {
            let at = open.len() - 1 - back;
            let kept = open.get(at).is_none_or(|(_, k)| *k);
            open.truncate(at);
            if !kept {
                p.emit_to(tag.lt);
                p.copied = tag.tag_end;
            }
        }
    }
    if raw.is_some_and(|r| r.eq_ignore_ascii_case(tag.name)) {
        *raw = None;
    }
    if *drop_end == Some(tag.lt) {
        p.emit_to(tag.lt);
        p.copied = tag.tag_end;
        *drop_end = None;
    }
}

/// The first `</name>` at or after `from` that ends a raw-text element (the
/// name followed by whitespace, `/` or `>`, as the tokenizer requires), as
/// (start, end) offsets; `None` unless it is found and closed.
fn end_tag_at(bytes: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut close = Vec::with_capacity(name.len() + 2);
    close.extend_from_slice(b"</");
    close.extend_from_slice(name);
    let at = find_ci(bytes, from, &close)?;
    let after = at + close.len();
    let ends = bytes
        .get(after)
        .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'));
    if !ends {
        return None;
    }
    Some((at, tag_end(bytes, after)?))
}

/// Whether a tag does not count towards nesting depth ([`UNCOUNTED_TAGS`]).
fn is_uncounted(name: &[u8]) -> bool {
    // No uncounted name is longer than 8 bytes.
    if name.len() > 8 {
        return false;
    }
    UNCOUNTED_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// One attribute of a start tag, as byte offsets into the page.
#[derive(Debug, Clone, Copy)]
struct AttrSpan {
    /// The attribute name.
    name: (usize, usize),
    /// Where the whole attribute (name, `=` and value) ends.
    end: usize,
    /// The value without quotes, if there is one.
    value: Option<(usize, usize)>,
    /// A quoted value that does not close before the end of the tag.
    broken: bool,
}

/// Prefilter state for one page.
struct Prefilter<'t> {
    text: &'t str,
    out: String,
    /// `text[..copied]` is already handled.
    copied: usize,
    hints: HintCache<'t>,
    /// Attribute buffer reused across tags.
    attrs: Vec<AttrSpan>,
}

impl<'t> Prefilter<'t> {
    /// Copies the input up to `end` unchanged.
    fn emit_to(&mut self, end: usize) {
        if end > self.copied {
            self.out
                .push_str(self.text.get(self.copied..end).unwrap_or(""));
            self.copied = end;
        }
    }

    /// A text run `start..end` between tags: when `collapse`, every run of
    /// ASCII whitespace in it becomes its first character.
    fn text_run(&mut self, start: usize, end: usize, collapse: bool) {
        if !collapse || start < self.copied || end <= start {
            return;
        }
        let Some(run) = self.text.get(start..end) else {
            return;
        };
        let bytes = run.as_bytes();
        let is_ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        let Some(first) = bytes.windows(2).position(|w| w.iter().all(is_ws)) else {
            return;
        };
        self.emit_to(start);
        let mut k = first;
        let mut from = 0;
        while k < bytes.len() {
            if !bytes.get(k).is_some_and(is_ws) {
                k += 1;
                continue;
            }
            // Keep the first whitespace byte of the run, skip the rest.
            let mut e = k + 1;
            while bytes.get(e).is_some_and(is_ws) {
                e += 1;
            }
            self.out.push_str(run.get(from..=k).unwrap_or(""));
            from = e;
            k = e;
        }
        self.out.push_str(run.get(from..).unwrap_or(""));
        self.copied = end;
    }

    /// Rewrites the start tag `text[lt..end]` (name `tag` ending at `name_end`)
    /// with only the attributes [`keeps_attr`] keeps and, when `hints`, only
    /// the class and id tokens that say something; leaves it alone when nothing
    /// would change. When `hints`, also drops `<link>` and the `<meta>` tags
    /// `read_metadata` does not read (void elements the walk skips).
    fn slim_tag(&mut self, lt: usize, tag: &[u8], name_end: usize, end: usize, hints: bool) {
        let text = self.text;
        let bytes = text.as_bytes();
        self.attrs.clear();
        parse_attrs(bytes, name_end, end.saturating_sub(1), &mut self.attrs);
        let attr_name = |a: &AttrSpan| bytes.get(a.name.0..a.name.1).unwrap_or(b"");
        if hints && self.drops_void(tag) {
            self.emit_to(lt);
            self.copied = end;
            return;
        }
        let is_kept = |a: &AttrSpan| keeps_attr(tag, attr_name(a));
        let dropped = self.attrs.iter().any(|a| !is_kept(a));
        // The class and id values after dropping tokens without hints, when
        // that changes them; `Some("")` drops the attribute.
        let mut new_class: Option<String> = None;
        let mut new_id: Option<String> = None;
        if hints {
            let find = |n: &[u8]| {
                let mut it = self
                    .attrs
                    .iter()
                    .filter(|a| attr_name(a).eq_ignore_ascii_case(n));
                match (it.next(), it.next()) {
                    (Some(a), None) if !a.broken => Some(a.value),
                    (None, _) => Some(None),
                    // Duplicates (the parser keeps the first) or a broken value.
                    _ => None,
                }
            };
            let value = |v: Option<(usize, usize)>| v.and_then(|(a, b)| text.get(a..b));
            if let (Some(class), Some(id)) = (find(b"class"), find(b"id")) {
                let (class, id) = (value(class), value(id));
                // Raw values equal parsed ones unless they hold a reference or NUL.
                let clean = |v: Option<&str>| v.is_none_or(|v| !v.contains(['&', '\0', '"']));
                if clean(class) && clean(id) {
                    (new_class, new_id) = self.hints.filter(class, id);
                }
            }
        }
        if !dropped && new_class.is_none() && new_id.is_none() {
            return;
        }
        self.emit_to(lt);
        self.out.push_str(text.get(lt..name_end).unwrap_or(""));
        for a in &self.attrs {
            if !is_kept(a) {
                continue;
            }
            let name = attr_name(a);
            let replaced = if name.eq_ignore_ascii_case(b"class") {
                new_class.as_deref()
            } else if name.eq_ignore_ascii_case(b"id") {
                new_id.as_deref()
            } else {
                None
            };
            match replaced {
                Some("") => {}
                Some(v) => {
                    self.out.push(' ');
                    self.out
                        .push_str(text.get(a.name.0..a.name.1).unwrap_or(""));
                    self.out.push_str("=\"");
                    self.out.push_str(v);
                    self.out.push('"');
                }
                None => {
                    self.out.push(' ');
                    self.out.push_str(text.get(a.name.0..a.end).unwrap_or(""));
                }
            }
        }
        if bytes.get(..end).is_some_and(|b| b.ends_with(b"/>")) {
            self.out.push('/');
        }
        self.out.push('>');
        self.copied = end;
    }
}

impl Prefilter<'_> {
    /// A `<link>`, or a `<meta>` whose key `read_metadata` never reads (the
    /// attributes of the tag are in `self.attrs`).
    fn drops_void(&self, tag: &[u8]) -> bool {
        if tag.eq_ignore_ascii_case(b"link") {
            return true;
        }
        if !tag.eq_ignore_ascii_case(b"meta") {
            return false;
        }
        let bytes = self.text.as_bytes();
        // The first attribute of each name counts, as in the parser.
        let value = |n: &[u8]| -> Result<Option<&str>, ()> {
            let Some(a) = self.attrs.iter().find(|a| {
                bytes
                    .get(a.name.0..a.name.1)
                    .is_some_and(|x| x.eq_ignore_ascii_case(n))
            }) else {
                return Ok(None);
            };
            if a.broken {
                return Err(());
            }
            let v = a.value.and_then(|(s, e)| self.text.get(s..e)).unwrap_or("");
            // A reference or NUL reads differently once parsed.
            if v.contains(['&', '\0']) {
                return Err(());
            }
            Ok(Some(v))
        };
        let mut key = None;
        for n in [&b"property"[..], b"name", b"itemprop", b"http-equiv"] {
            match value(n) {
                Err(()) => return false,
                Ok(Some(v)) => {
                    key = Some(v);
                    break;
                }
                Ok(None) => {}
            }
        }
        key.is_none_or(|k| !meta_key_is_read(k))
    }
}

/// The attributes of a start tag between the end of its name and `stop` (the
/// closing '>'), read the way the tokenizer reads them.
fn parse_attrs(bytes: &[u8], from: usize, stop: usize, out: &mut Vec<AttrSpan>) {
    let mut i = from;
    while i < stop {
        let Some(&b) = bytes.get(i) else { return };
        if b.is_ascii_whitespace() || b == b'/' {
            i += 1;
            continue;
        }
        let start = i;
        while i < stop
            && bytes
                .get(i)
                .is_some_and(|&c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'/'))
        {
            i += 1;
        }
        let name = (start, i);
        let mut value = None;
        let mut broken = false;
        let mut j = i;
        while j < stop && bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < stop && bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    j += 1;
                    let v = j;
                    while j < stop && bytes.get(j) != Some(&q) {
                        j += 1;
                    }
                    if j < stop {
                        value = Some((v, j));
                    } else {
                        broken = true;
                    }
                    j += 1;
                }
                _ => {
                    let v = j;
                    while j < stop && bytes.get(j).is_some_and(|c| !c.is_ascii_whitespace()) {
                        j += 1;
                    }
                    value = Some((v, j));
                }
            }
            i = j.min(stop);
        }
        if name.0 == name.1 {
            i += 1;
            continue;
        }
        out.push(AttrSpan {
            name,
            end: i,
            value,
            broken,
        });
    }
}

/// The only attributes the extractor reads on any element; every other
/// attribute (`href`, `data-*`, `srcset`, event handlers, …) is dropped before
/// parsing, since the tokenizer's cost is per byte and they are a third of what
/// is left of a page.
const KEPT_ATTRS: &[&[u8]] = &[
    b"class",
    b"id",
    b"role",
    b"style",
    b"hidden",
    b"aria-hidden",
    b"itemprop",
];

/// Attributes kept on some elements only: what `read_metadata` reads, and
/// `<input type>`, which the tree builder reads inside tables.
const KEPT_TAG_ATTRS: &[(&[u8], &[&[u8]])] = &[
    (
        b"meta",
        &[b"property", b"name", b"http-equiv", b"content", b"datetime"],
    ),
    (b"time", &[b"datetime"]),
    (b"html", &[b"lang", b"xml:lang"]),
    (b"script", &[b"type"]),
    (b"input", &[b"type"]),
];

/// Whether the prefilter keeps attribute `attr` on element `tag`.
fn keeps_attr(tag: &[u8], attr: &[u8]) -> bool {
    KEPT_ATTRS.iter().any(|k| k.eq_ignore_ascii_case(attr))
        || KEPT_TAG_ATTRS.iter().any(|(t, attrs)| {
            t.eq_ignore_ascii_case(tag) && attrs.iter().any(|k| k.eq_ignore_ascii_case(attr))
        })
}

/// Index just past the `>` closing a tag whose name ends at `from`, skipping
/// quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut after_eq = false;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) => {
                if b == q {
                    quote = None;
                }
            }
            None => {
                if b == b'>' {
                    return Some(i + 1);
                }
                if after_eq && (b == b'"' || b == b'\'') {
                    quote = Some(b);
                }
                if b == b'=' {
                    after_eq = true;
                } else if !b.is_ascii_whitespace() {
                    after_eq = false;
                }
            }
        }
        i += 1;
    }
    None
}

/// Position of an ASCII needle (matched case-insensitively) at or after `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let off = memchr::memchr2(
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            hay.get(i..)?,
        )?;
        let at = i + off;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

// ---------------------------------------------------------------------------
// Linearization
// ---------------------------------------------------------------------------

/// Walks the DOM in document order without recursion and returns the element
/// records and text blocks.
fn linearize(doc: &Html) -> (Vec<Elem<'_>>, Vec<Block>) {
    let mut lin = Linearizer::default();
    let root = doc.tree.root();
    let mut node = root;
    'walk: loop {
        let descend = lin.open(node);
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        loop {
            lin.close(node);
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(p) => node = p,
                None => break 'walk,
            }
        }
    }
    lin.flush();
    (lin.elems, lin.blocks)
}

/// An open element during the walk.
#[derive(Debug)]
struct Frame {
    node: ego_tree::NodeId,
    elem: usize,
    is_block: bool,
    is_link: bool,
    is_figure: bool,
}

#[derive(Default)]
struct Linearizer<'a> {
    elems: Vec<Elem<'a>>,
    blocks: Vec<Block>,
    frames: Vec<Frame>,
    buf: String,
    buf_chars: usize,
    buf_links: usize,
    pending_space: bool,
    link_depth: usize,
    /// Innermost open block element (index in `elems`), for the block in `buf`.
    block_stack: Vec<usize>,
    figure_stack: Vec<usize>,
    hints: HintCache<'a>,
}

impl<'a> Linearizer<'a> {
    /// Handles an opening edge; returns whether to walk into the children.
    fn open(&mut self, node: NodeRef<'a, Node>) -> bool {
        match node.value() {
            Node::Text(t) => {
                self.push_text(&t[..]);
                false
            }
            Node::Element(el) => {
                let tag = el.name();
                let class = TAG_CLASSES.get(tag).copied().unwrap_or_default();
                if class.skip {
                    return false;
                }
                let attrs = ElemAttrs::of(el);
                if is_hidden(&attrs) {
                    return false;
                }
                let parent = self.frames.last().map(|f| f.elem);
                let features = element_features(tag, &attrs, class, &mut self.hints);
                let boiler = features.boiler;
                let is_block = class.block || boiler.is_some();
                if is_block {
                    self.flush();
                }
                let idx = self.elems.len();
                let boiler_anc = if boiler.is_some() {
                    Some(idx)
                } else {
                    parent.and_then(|p| self.elems.get(p).and_then(|e| e.boiler_anc))
                };
                self.elems.push(Elem {
                    tag,
                    parent,
                    enter: self.blocks.len(),
                    exit: self.blocks.len(),
                    text_chars: 0,
                    link_chars: 0,
                    prose_chars: 0,
                    boiler,
                    boiler_anc,
                    weight: features.weight,
                    body_rank: features.body_rank,
                    subtitle_hint: features.subtitle,
                    credit_hint: features.credit,
                    builder_hint: features.builder,
                    score: 0.0,
                });
                let is_link = tag == "a";
                if is_link {
                    self.link_depth += 1;
                }
                if is_block {
                    self.block_stack.push(idx);
                }
                let is_figure = tag == "figure"
                    || tag == "figcaption"
                    || matches!(boiler, Some(Reason::Caption | Reason::Credit));
                if is_figure {
                    // Blocks are grouped by the outermost figure-like element.
                    let outer = self.figure_stack.first().copied().unwrap_or(idx);
                    self.figure_stack.push(outer);
                }
                self.frames.push(Frame {
                    node: node.id(),
                    elem: idx,
                    is_block,
                    is_link,
                    is_figure,
                });
                if tag == "br" || tag == "hr" {
                    self.flush();
                }
                true
            }
            Node::Document | Node::Fragment => true,
            _ => false,
        }
    }

    /// Handles a closing edge; only tracked elements have a frame to pop.
    fn close(&mut self, node: NodeRef<'a, Node>) {
        if self.frames.last().is_none_or(|f| f.node != node.id()) {
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if frame.is_block {
            self.flush();
            self.block_stack.pop();
        }
        if frame.is_link {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        if frame.is_figure {
            self.figure_stack.pop();
        }
        if let Some(e) = self.elems.get_mut(frame.elem) {
            e.exit = self.blocks.len();
        }
    }

    /// Appends text with every run of whitespace (and zero-width spaces)
    /// collapsed to one space, counting chars and link chars.
    fn push_text(&mut self, text: &str) {
        let mut word_start: Option<usize> = None;
        let mut word_chars = 0;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                if let Some(s) = word_start.take() {
                    self.push_word(text.get(s..i).unwrap_or(""), word_chars);
                    word_chars = 0;
                }
                self.pending_space = true;
            } else {
                word_start.get_or_insert(i);
                word_chars += 1;
            }
        }
        if let Some(s) = word_start {
            self.push_word(text.get(s..).unwrap_or(""), word_chars);
        }
    }

    /// Appends a run of `chars` non-space chars, after a space if one is pending.
    fn push_word(&mut self, word: &str, chars: usize) {
        if self.pending_space && !self.buf.is_empty() {
            self.buf.push(' ');
            self.buf_chars += 1;
        }
        self.pending_space = false;
        self.buf.push_str(word);
        self.buf_chars += chars;
        if self.link_depth > 0 {
            self.buf_links += chars;
        }
    }

    fn flush(&mut self) {
        self.pending_space = false;
        if self.buf.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.buf);
        let chars = std::mem::take(&mut self.buf_chars);
        let link_chars = std::mem::take(&mut self.buf_links);
        let elem = self.block_stack.last().copied().unwrap_or(0);
        let kind = match self.elems.get(elem).map(|e| e.tag).unwrap_or("div") {
            "p" => Kind::Paragraph,
            "h1" => Kind::Heading(1),
            "h2" => Kind::Heading(2),
            "h3" => Kind::Heading(3),
            "h4" => Kind::Heading(4),
            "h5" => Kind::Heading(5),
            "h6" => Kind::Heading(6),
            "li" | "dd" | "dt" => Kind::ListItem,
            "blockquote" => Kind::Quote,
            "pre" => Kind::Pre,
            "td" | "th" => Kind::Cell,
            _ => Kind::Div,
        };
        self.blocks.push(Block {
            text,
            chars,
            link_chars,
            kind,
            elem,
            figure: self.figure_stack.last().copied(),
        });
    }
}

/// Whether a byline- or dateline-hinted element holds the article itself: at
/// least [`BYLINE_BOX_MAX_PARAGRAPHS`] + 1 paragraphs of prose. A byline box
/// holds a name, a date and at most a short bio; a page that names its
/// article wrapper `post-author-layout` must not lose every paragraph to it.
fn is_article_not_byline(e: &Elem<'_>, blocks: &[Block]) -> bool {
    matches!(e.boiler, Some(Reason::Byline | Reason::Dateline))
        && blocks
            .get(e.enter..e.exit)
            .unwrap_or(&[])
            .iter()
            .filter(|b| {
                b.kind == Kind::Paragraph
                    && b.chars >= BYLINE_BOX_PARAGRAPH_CHARS
                    && b.link_density() < MAX_LINK_DENSITY
            })
            .take(BYLINE_BOX_MAX_PARAGRAPHS + 1)
            .count()
            > BYLINE_BOX_MAX_PARAGRAPHS
}

/// Whether an id names a segment of a streamed server render (`<div hidden
/// id="S:0">`): the page's script moves it into place at once, so a reader
/// sees it although it is `hidden` in the markup. Example: React's streaming
/// render sends the article this way after the page frame.
fn is_streamed_segment(id: &str) -> bool {
    id.strip_prefix("S:")
        .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `hidden` (except a streamed segment), `aria-hidden="true"` or an inline
/// `display:none` style.
fn is_hidden(attrs: &ElemAttrs<'_>) -> bool {
    if attrs.hidden && !attrs.id.is_some_and(is_streamed_segment) {
        return true;
    }
    if attrs.aria_hidden == Some("true") {
        return true;
    }
    if let Some(style) = attrs.style {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(400)
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// How the walk treats an element, by tag name.
#[derive(Debug, Clone, Copy, Default)]
struct TagClass {
    /// Never walked into.
    skip: bool,
    /// Starts and ends a text block.
    block: bool,
    /// Page chrome by its tag alone.
    soft: Option<Reason>,
}

/// Tag name → class, built once from the tables in `html_rules.rs`.
static TAG_CLASSES: LazyLock<FxHashMap<&'static str, TagClass>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, TagClass> = FxHashMap::default();
    for t in HARD_SKIP_TAGS {
        map.entry(t).or_default().skip = true;
    }
    for t in BLOCK_TAGS {
        map.entry(t).or_default().block = true;
    }
    for (t, r) in SOFT_SKIP_TAGS {
        map.entry(t).or_default().soft = Some(*r);
    }
    map
});

/// What an element's tag, role, class and id say about it.
#[derive(Debug, Default)]
struct Features {
    boiler: Option<Reason>,
    weight: f64,
    body_rank: Option<usize>,
    subtitle: bool,
    credit: bool,
    builder: bool,
}

/// Calls `f` with each lowercase part of a class/id token, split at `-`, `_`,
/// `.`, `:`, `/` and camelCase humps; stops early when `f` returns false.
fn for_each_part(token: &str, buf: &mut String, mut f: impl FnMut(&str) -> bool) {
    buf.clear();
    let mut prev_lower = false;
    for c in token.chars() {
        if matches!(c, '-' | '_' | '.' | ':' | '/') {
            if !buf.is_empty() && !f(buf) {
                return;
            }
            buf.clear();
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !buf.is_empty() {
            if !f(buf) {
                return;
            }
            buf.clear();
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    if !buf.is_empty() {
        f(buf);
    }
}

/// The class and id tokens of an element that are read for hints (bounded):
/// the first [`MAX_HINT_TOKENS`] of at most [`MAX_HINT_TOKEN`] bytes.
fn hint_tokens<'v>(class: &'v str, id: &'v str) -> impl Iterator<Item = &'v str> {
    class
        .split_whitespace()
        .chain(id.split_whitespace())
        .filter(|t| t.len() <= MAX_HINT_TOKEN)
        .take(MAX_HINT_TOKENS)
}

/// What one class/id part says, from the word tables.
#[derive(Debug, Clone, Copy, Default)]
struct PartInfo {
    boiler: Option<Reason>,
    positive: bool,
    negative: bool,
    subtitle: bool,
    credit: bool,
    label: bool,
    embed: bool,
    builder: bool,
}

/// Exact-match word tables merged into one map, built once.
static PART_INFO: LazyLock<FxHashMap<&'static str, PartInfo>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, PartInfo> = FxHashMap::default();
    // Earlier boilerplate entries win, as in a linear scan of the table.
    for (word, _, reason) in BOILER_HINTS {
        let e = map.entry(word).or_default();
        e.boiler = e.boiler.or(Some(*reason));
    }
    for w in POSITIVE_HINTS {
        map.entry(w).or_default().positive = true;
    }
    for w in NEGATIVE_HINTS {
        map.entry(w).or_default().negative = true;
    }
    for w in SUBTITLE_CLASS_HINTS {
        map.entry(w).or_default().subtitle = true;
    }
    for w in CREDIT_HINTS {
        map.entry(w).or_default().credit = true;
    }
    for w in LABEL_PREFIXES {
        map.entry(w).or_default().label = true;
    }
    for w in EMBED_PARTS {
        map.entry(w).or_default().embed = true;
    }
    for w in BUILDER_PARTS {
        map.entry(w).or_default().builder = true;
    }
    map
});

/// The [`Match::Prefix`] entries of [`BOILER_HINTS`] by first byte, in table order.
static BOILER_PREFIXES: LazyLock<Vec<Vec<(&'static str, Reason)>>> = LazyLock::new(|| {
    let mut by_byte = vec![Vec::new(); 256];
    for (word, mode, reason) in BOILER_HINTS {
        if let (Match::Prefix, Some(&b)) = (mode, word.as_bytes().first()) {
            if let Some(list) = by_byte.get_mut(usize::from(b)) {
                list.push((*word, *reason));
            }
        }
    }
    by_byte
});

/// The boilerplate reason a class/id part names, if any.
fn part_boiler(part: &str, exact: Option<Reason>) -> Option<Reason> {
    exact.or_else(|| {
        let first = usize::from(*part.as_bytes().first()?);
        BOILER_PREFIXES
            .get(first)?
            .iter()
            .find(|(word, _)| part.starts_with(word))
            .map(|(_, r)| *r)
    })
}

/// What one whole class/id token says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TokenInfo {
    /// Boilerplate reason of its first part that names one; `None` for labels
    /// ("has-sidebar", "post-123") whatever their parts say.
    boiler: Option<Reason>,
    positive: bool,
    negative: bool,
    subtitle: bool,
    credit: bool,
    embed: bool,
    /// A part names a page builder's content box ([`BUILDER_PARTS`]).
    builder: bool,
    /// Rank + 1 in [`BODY_CONTAINER_HINTS`] of the joined parts.
    body_rank: Option<usize>,
}

impl TokenInfo {
    /// Adds what a later token of the same element says to `self` (what the
    /// tokens so far said, in [`element_features`]' terms); returns whether
    /// that changed anything, i.e. whether the token matters.
    fn absorb(&mut self, t: TokenInfo) -> bool {
        let before = *self;
        // Only the first boilerplate reason is ever used.
        self.boiler = self.boiler.or(t.boiler);
        self.positive |= t.positive;
        self.negative |= t.negative;
        self.subtitle |= t.subtitle;
        self.credit |= t.credit;
        self.embed |= t.embed;
        self.builder |= t.builder;
        // The best (lowest) body rank is used.
        self.body_rank = match (self.body_rank, t.body_rank) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        *self != before
    }
}

/// Splits a token into parts and looks each up in the word tables.
fn token_info(token: &str, buf: &mut String, joined: &mut String) -> TokenInfo {
    let mut out = TokenInfo::default();
    let mut boiler = None;
    let mut label = false;
    let mut first = true;
    joined.clear();
    for_each_part(token, buf, |part| {
        let info = PART_INFO.get(part).copied().unwrap_or_default();
        if first && info.label {
            label = true;
        }
        first = false;
        label |= is_number(part);
        joined.push_str(part);
        if boiler.is_none() {
            boiler = part_boiler(part, info.boiler);
        }
        out.positive |= info.positive;
        out.negative |= info.negative;
        out.subtitle |= info.subtitle;
        out.credit |= info.credit;
        out.embed |= info.embed;
        out.builder |= info.builder;
        true
    });
    if !label {
        out.boiler = boiler;
    }
    out.body_rank = BODY_CONTAINER_HINTS
        .iter()
        .position(|h| *h == joined.as_str())
        .map(|r| r + 1);
    out
}

/// Distinct tokens remembered per page at most.
const MAX_CACHED_TOKENS: usize = 50_000;

/// Token → [`TokenInfo`], memoised per page: class names repeat on every
/// list item and card.
#[derive(Default)]
struct HintCache<'t> {
    map: FxHashMap<&'t str, TokenInfo>,
    buf: String,
    joined: String,
}

impl<'t> HintCache<'t> {
    fn get(&mut self, token: &'t str) -> TokenInfo {
        if let Some(info) = self.map.get(token) {
            return *info;
        }
        let info = token_info(token, &mut self.buf, &mut self.joined);
        if self.map.len() < MAX_CACHED_TOKENS {
            self.map.insert(token, info);
        }
        info
    }

    /// The class and id values with only the tokens [`hint_tokens`] would read
    /// and that add something to what the tokens before them said (the first
    /// boilerplate reason, a flag not yet set, a better body rank); `None` where
    /// that changes nothing, `Some("")` where nothing is left.
    fn filter(
        &mut self,
        class: Option<&'t str>,
        id: Option<&'t str>,
    ) -> (Option<String>, Option<String>) {
        let mut budget = MAX_HINT_TOKENS;
        let mut seen = TokenInfo::default();
        let mut one = |value: Option<&'t str>| -> Option<String> {
            let value = value?;
            let mut kept = String::new();
            let (mut total, mut n_kept) = (0, 0);
            for token in value.split_whitespace() {
                total += 1;
                if token.len() > MAX_HINT_TOKEN || budget == 0 {
                    continue;
                }
                budget -= 1;
                if seen.absorb(self.get(token)) || is_streamed_segment(token) {
                    if !kept.is_empty() {
                        kept.push(' ');
                    }
                    kept.push_str(token);
                    n_kept += 1;
                }
            }
            (n_kept < total).then_some(kept)
        };
        let class = one(class);
        let id = one(id);
        (class, id)
    }
}

/// The attributes the walk reads, found in one pass (a lookup by name builds
/// an interned atom each time).
#[derive(Debug, Default, Clone, Copy)]
struct ElemAttrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    style: Option<&'a str>,
    hidden: bool,
    aria_hidden: Option<&'a str>,
}

impl<'a> ElemAttrs<'a> {
    fn of(el: &'a scraper::node::Element) -> Self {
        let mut out = ElemAttrs::default();
        for (name, value) in &el.attrs {
            // Only plain (no namespace) attributes, as `Element::attr` finds.
            if name.prefix.is_some() || !name.ns.is_empty() {
                continue;
            }
            let value: &'a str = value;
            match &*name.local {
                "class" => out.class = Some(value),
                "id" => out.id = Some(value),
                "role" => out.role = Some(value),
                "itemprop" => out.itemprop = Some(value),
                "style" => out.style = Some(value),
                "hidden" => out.hidden = true,
                "aria-hidden" => out.aria_hidden = Some(value),
                _ => {}
            }
        }
        out
    }
}

/// Reads boilerplate hints (tag, ARIA role, class, id) and readability features.
fn element_features<'a>(
    tag: &str,
    attrs: &ElemAttrs<'a>,
    class: TagClass,
    hints: &mut HintCache<'a>,
) -> Features {
    let mut out = Features {
        boiler: class.soft,
        ..Features::default()
    };
    if out.boiler.is_none() {
        if let Some(role) = attrs.role {
            let role = role.trim().to_ascii_lowercase();
            out.boiler = BOILER_ROLES
                .iter()
                .find(|(t, _)| *t == role)
                .map(|(_, r)| *r);
        }
    }
    let article_body = attrs
        .itemprop
        .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"));
    if article_body {
        out.body_rank = Some(0);
    }
    // The article text itself is never boilerplate by its class.
    let class_can_boil = !article_body
        && !matches!(
            tag,
            "body" | "html" | "article" | "main" | "p" | "h1" | "h2" | "h3"
        );
    let mut pos = false;
    let mut neg = false;
    let mut embed = false;
    for token in hint_tokens(attrs.class.unwrap_or(""), attrs.id.unwrap_or("")) {
        let info = hints.get(token);
        if class_can_boil && out.boiler.is_none() {
            out.boiler = info.boiler;
        }
        if let Some(r) = info.body_rank {
            out.body_rank = Some(out.body_rank.map_or(r, |old| old.min(r)));
        }
        pos |= info.positive;
        neg |= info.negative;
        out.subtitle |= info.subtitle;
        out.credit |= info.credit;
        out.builder |= info.builder;
        embed |= info.embed;
    }
    // An embedded post (a tweet in a "social-embed" box) is content, not chrome.
    if embed && out.boiler.is_some() && class.soft.is_none() {
        out.boiler = None;
    }
    if pos {
        out.weight += 25.0;
    }
    if neg {
        out.weight -= 25.0;
    }
    out
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------
// Content choice
// ---------------------------------------------------------------------------

struct Extractor<'a> {
    elems: Vec<Elem<'a>>,
    blocks: Vec<Block>,
    /// Boilerplate-hinted elements kept because they hold most of the prose.
    vetoed: Vec<bool>,
}

/// Which blocks are body candidates: a sorted list of block ranges.
#[derive(Debug, Default)]
struct Content {
    ranges: Vec<(usize, usize)>,
}

impl Content {
    fn contains(&self, block: usize) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= block && block < b)
    }
}

/// True for blocks whose text counts as prose when scoring containers.
fn is_prose_kind(kind: Kind) -> bool {
    !matches!(kind, Kind::Heading(_))
}

impl Extractor<'_> {
    /// Sums text, link and prose chars up the tree, then decides which
    /// boilerplate hints are vetoed because the element holds most of the prose.
    fn finish_totals(&mut self) {
        for b in &self.blocks {
            let prose = b.figure.is_none()
                && is_prose_kind(b.kind)
                && b.chars >= MIN_SCORED_CHARS
                && b.link_density() < MAX_LINK_DENSITY;
            if let Some(e) = self.elems.get_mut(b.elem) {
                e.text_chars += b.chars;
                e.link_chars += b.link_chars;
                if prose {
                    e.prose_chars += b.chars;
                }
            }
        }
        // Children come after their parents in `elems`, so one reverse pass sums up.
        for i in (1..self.elems.len()).rev() {
            let (t, l, p) = {
                let e = &self.elems[i];
                (e.text_chars, e.link_chars, e.prose_chars)
            };
            if let Some(parent) = self.elems[i].parent {
                if let Some(pe) = self.elems.get_mut(parent) {
                    pe.text_chars += t;
                    pe.link_chars += l;
                    pe.prose_chars += p;
                }
            }
        }
        let total_prose = self
            .elems
            .iter()
            .filter(|e| e.parent.is_none())
            .map(|e| e.prose_chars)
            .sum::<usize>()
            .max(1);
        self.vetoed = self
            .elems
            .iter()
            .map(|e| {
                e.boiler.is_some()
                    && !matches!(e.boiler, Some(Reason::Caption | Reason::Credit))
                    && (e.prose_chars as f64 > BOILER_VETO_SHARE * total_prose as f64
                        || is_prose_widget(e, &self.blocks)
                        || is_article_not_byline(e, &self.blocks))
            })
            .collect();
    }

    /// The effective boilerplate reason of a block: the nearest hinted ancestor
    /// that is not vetoed.
    fn block_boiler(&self, block: &Block) -> Option<Reason> {
        let mut cur = self.elems.get(block.elem).and_then(|e| e.boiler_anc);
        let mut steps = 0;
        while let Some(i) = cur {
            steps += 1;
            if steps > 64 {
                break;
            }
            let e = self.elems.get(i)?;
            if !self.vetoed.get(i).copied().unwrap_or(false) {
                return e.boiler;
            }
            cur = e
                .parent
                .and_then(|p| self.elems.get(p).and_then(|pe| pe.boiler_anc));
        }
        None
    }

    fn link_density(&self, i: usize) -> f64 {
        self.elems.get(i).map_or(0.0, |e| {
            if e.text_chars == 0 {
                0.0
            } else {
                e.link_chars as f64 / e.text_chars as f64
            }
        })
    }
}

/// Picks the blocks that may be body: readability's top candidate with its good
/// siblings, or an explicit article-body container that holds the text.
fn choose_content(ex: &mut Extractor<'_>) -> Content {
    // Readability scoring: each prose block gives points to its ancestors.
    let mut scores: FxHashMap<usize, f64> = FxHashMap::default();
    for b in &ex.blocks {
        if b.figure.is_some() || !is_prose_kind(b.kind) || b.chars < MIN_SCORED_CHARS {
            continue;
        }
        if ex.block_boiler(b).is_some() {
            continue;
        }
        let commas = b
            .text
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
            .count();
        let mut s = 1.0 + commas as f64 + (b.chars as f64 / 100.0).min(3.0);
        s *= 1.0 - b.link_density();
        // The block element itself (a text-holding div) and up to three ancestors.
        let start = if b.kind == Kind::Div || b.kind == Kind::Cell {
            Some(b.elem)
        } else {
            ex.elems.get(b.elem).and_then(|e| e.parent)
        };
        let mut cur = start;
        for level in 0..4 {
            let Some(i) = cur else { break };
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            *scores.entry(i).or_insert(0.0) += s / div;
            cur = ex.elems.get(i).and_then(|e| e.parent);
        }
    }
    let mut top: Option<(usize, f64)> = None;
    for (&i, &s) in &scores {
        let Some(e) = ex.elems.get(i) else { continue };
        let adj = (s + e.weight) * (1.0 - ex.link_density(i));
        if let Some(el) = ex.elems.get_mut(i) {
            el.score = adj;
        }
        if top.is_none_or(|(ti, ts)| adj > ts || (adj == ts && i < ti)) {
            top = Some((i, adj));
        }
    }
    let mut content = Content::default();
    let Some((top, top_score)) = top else {
        // No prose at all: every block is a candidate.
        content.ranges.push((0, ex.blocks.len()));
        return content;
    };
    // Siblings of the top candidate that look like more of the same text.
    let threshold = (top_score * 0.2).max(10.0);
    let parent = ex.elems.get(top).and_then(|e| e.parent);
    let mut chosen: Vec<usize> = Vec::new();
    match parent {
        Some(p) => {
            for (i, e) in ex.elems.iter().enumerate() {
                if e.parent != Some(p) {
                    continue;
                }
                let keep = i == top || e.score >= threshold || sibling_is_prose(ex, i);
                if keep {
                    chosen.push(i);
                }
            }
        }
        None => chosen.push(top),
    }
    let readability_prose: usize = chosen
        .iter()
        .filter_map(|&i| ex.elems.get(i))
        .map(|e| e.prose_chars)
        .sum();
    // Explicit body containers win when they hold enough of the text.
    if let Some(body) = body_container(ex, readability_prose) {
        // An explicit article-body container is taken as it is: what lies
        // around it is the page's, not the article's.
        return body;
    }
    for i in chosen {
        if let Some(e) = ex.elems.get(i) {
            content.ranges.push((e.enter, e.exit));
        }
    }
    widen_content(ex, &mut content, top);
    content
}

/// A "widget" by its class that holds prose and few links: page builders wrap
/// every paragraph of an article in a widget box (`elementor-widget`), while a
/// sidebar widget is a list of links or short lines. A widget holding only an
/// unlinked heading is the builder's section heading.
fn is_prose_widget(e: &Elem<'_>, blocks: &[Block]) -> bool {
    if e.boiler != Some(Reason::Widget) || !e.builder_hint || matches!(e.tag, "aside" | "form") {
        return false;
    }
    let own = blocks.get(e.enter..e.exit).unwrap_or_default();
    let heading = !own.is_empty()
        && own.len() <= 2
        && own
            .iter()
            .all(|b| matches!(b.kind, Kind::Heading(_)) && b.link_chars == 0);
    // Paragraph text, not a card's headline and summary lines.
    let paragraphs: usize = own
        .iter()
        .filter(|b| {
            matches!(b.kind, Kind::Paragraph | Kind::ListItem | Kind::Quote)
                && b.chars >= MIN_SCORED_CHARS
        })
        .map(|b| b.chars)
        .sum();
    heading
        || (paragraphs > 0
            && paragraphs as f64 >= PROSE_WIDGET_MIN_SHARE * e.text_chars as f64
            && (e.link_chars as f64) < PROSE_WIDGET_MAX_LINKS * e.text_chars as f64)
}

/// A sibling of the top candidate that is itself a decent paragraph.
fn sibling_is_prose(ex: &Extractor<'_>, i: usize) -> bool {
    let Some(e) = ex.elems.get(i) else {
        return false;
    };
    if e.boiler.is_some() && !ex.vetoed.get(i).copied().unwrap_or(false) {
        return false;
    }
    let ld = ex.link_density(i);
    (e.tag == "p" || e.prose_chars > 0) && e.text_chars > 80 && ld < 0.25
}

/// The explicit article-body container(s), if they hold at least half of what
/// readability found: all non-nested elements with the best rank.
fn body_container(ex: &Extractor<'_>, readability_prose: usize) -> Option<Content> {
    let mut best: Option<(usize, usize, usize)> = None; // (rank, prose, idx)
    for (i, e) in ex.elems.iter().enumerate() {
        let Some(rank) = e.body_rank else { continue };
        if e.prose_chars == 0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((br, bp, _)) => e.prose_chars > bp * 2 || (rank < br && e.prose_chars * 2 >= bp),
        };
        if better {
            best = Some((rank, e.prose_chars, i));
        }
    }
    let (rank, _, _) = best?;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut total = 0;
    for e in &ex.elems {
        if e.body_rank != Some(rank) || e.prose_chars == 0 {
            continue;
        }
        if ranges.iter().any(|&(a, b)| a <= e.enter && e.exit <= b) {
            continue;
        }
        ranges.push((e.enter, e.exit));
        total += e.prose_chars;
    }
    if (total as f64) < 0.5 * readability_prose as f64 {
        return None;
    }
    Some(Content { ranges })
}

/// How one sibling subtree bears on widening the body along the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// More of the article: the body reaches at least this far.
    Prose,
    /// Headings, short lines, an ad slot, a figure: neither.
    Neutral,
    /// Not article text (a link list, a menu, a repeated copy): counts toward
    /// the gap that ends the body.
    Gap,
    /// The article is over (comments, footer, or going back, the headline).
    Stop,
}

/// One direction of the widening: where the body ends so far and the gap
/// seen since its last article unit.
#[derive(Debug)]
struct Reach {
    /// Block index the body reaches (exclusive end going forward, start going back).
    edge: usize,
    open: bool,
    gap_chars: usize,
    gap_units: usize,
    neutral_units: usize,
}

impl Reach {
    fn new(edge: usize) -> Self {
        Reach {
            edge,
            open: true,
            gap_chars: 0,
            gap_units: 0,
            neutral_units: 0,
        }
    }

    /// Takes one sibling unit's step; `edge` is where the body reaches if it is prose.
    fn take(&mut self, step: Step, chars: usize, edge: usize) {
        match step {
            Step::Prose => {
                self.edge = edge;
                self.gap_chars = 0;
                self.gap_units = 0;
                self.neutral_units = 0;
            }
            Step::Neutral => self.neutral_units += 1,
            Step::Gap => {
                self.gap_chars += chars;
                self.gap_units += 1;
            }
            Step::Stop => self.open = false,
        }
        if self.gap_chars > WIDEN_MAX_GAP_CHARS
            || self.gap_units > WIDEN_MAX_GAP_UNITS
            || self.neutral_units > WIDEN_MAX_NEUTRAL_UNITS
        {
            self.open = false;
        }
    }
}

impl Extractor<'_> {
    /// What sibling subtree `i` does to the widening, from its own hint, its
    /// text, links and prose; `back` when widening toward the page top.
    fn widen_step<'s>(&'s self, i: usize, back: bool, seen: &mut FxHashSet<&'s str>) -> Step {
        let Some(e) = self.elems.get(i) else {
            return Step::Neutral;
        };
        if e.boiler.is_some() && !self.vetoed.get(i).copied().unwrap_or(false) {
            let rule = e.boiler.and_then(|r| {
                WIDEN_BY_REASON
                    .iter()
                    .find(|(reason, _)| *reason == r)
                    .map(|(_, w)| *w)
            });
            return match rule.unwrap_or(Widen::Gap) {
                Widen::Skip => Step::Neutral,
                Widen::Gap => Step::Gap,
                Widen::Stop => Step::Stop,
            };
        }
        let blocks = self.blocks.get(e.enter..e.exit).unwrap_or_default();
        if back && blocks.iter().any(|b| b.kind == Kind::Heading(1)) {
            return Step::Stop;
        }
        if e.prose_chars == 0 {
            return Step::Neutral;
        }
        // Mostly short lines with one long one: a menu or a list of labels.
        if (e.prose_chars as f64) < WIDEN_MIN_PROSE_SHARE * e.text_chars as f64 {
            return Step::Gap;
        }
        let max_ld = if back {
            WIDEN_MAX_LINK_DENSITY_BACK
        } else {
            WIDEN_MAX_LINK_DENSITY
        };
        if self.link_density(i) > max_ld {
            return Step::Gap;
        }
        // A page that repeats the article (a second copy for small screens):
        // a unit whose paragraphs were all seen already is a gap.
        let mut fresh = false;
        for b in blocks.iter().filter(|b| b.chars >= MIN_SCORED_CHARS) {
            fresh |= seen.insert(b.text.as_str());
        }
        if fresh {
            Step::Prose
        } else {
            Step::Gap
        }
    }
}

/// Widens the chosen content along the page, readability's sibling pass taken
/// up the tree: from the chosen container outward, each sibling subtree that
/// reads as more of the article (prose, few links, no chrome hint) joins the
/// body, so an article split into sections by ads, figures, headings or
/// "read more" boxes keeps every section. Each direction ends at a stop hint
/// (comments, footer), the headline (going back), or a run of non-article
/// units longer than [`WIDEN_MAX_GAP_CHARS`] / [`WIDEN_MAX_GAP_UNITS`].
fn widen_content(ex: &Extractor<'_>, content: &mut Content, core: usize) {
    let (Some(start), Some(end)) = (
        content.ranges.iter().map(|r| r.0).min(),
        content.ranges.iter().map(|r| r.1).max(),
    ) else {
        return;
    };
    let mut seen: FxHashSet<&str> = ex
        .blocks
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .filter(|b| b.chars >= MIN_SCORED_CHARS)
        .map(|b| b.text.as_str())
        .collect();
    let children = ex.children();
    let mut fwd = Reach::new(end);
    let mut back = Reach::new(start);
    let mut cur = core;
    while fwd.open || back.open {
        let Some(parent) = ex.elems.get(cur).and_then(|e| e.parent) else {
            break;
        };
        if matches!(ex.elems.get(parent).map(|e| e.tag), Some("body" | "html")) {
            break;
        }
        let siblings = children.get(parent).map_or(&[][..], Vec::as_slice);
        let at = siblings.iter().position(|&c| c == cur).unwrap_or(0);
        for &s in siblings.get(at + 1..).unwrap_or_default() {
            if !fwd.open {
                break;
            }
            let Some(e) = ex.elems.get(s) else { break };
            if e.exit <= end {
                continue;
            }
            let step = ex.widen_step(s, false, &mut seen);
            fwd.take(step, e.text_chars, e.exit);
        }
        for &s in siblings.get(..at).unwrap_or_default().iter().rev() {
            if !back.open {
                break;
            }
            let Some(e) = ex.elems.get(s) else { break };
            if e.enter >= start {
                continue;
            }
            let step = ex.widen_step(s, true, &mut seen);
            back.take(step, e.text_chars, e.enter);
        }
        cur = parent;
    }
    if back.edge < start {
        content.ranges.push((back.edge, start));
    }
    if fwd.edge > end {
        content.ranges.push((end, fwd.edge));
    }
}

impl Extractor<'_> {
    /// Child element indices of every element, in document order.
    fn children(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.elems.len()];
        for (i, e) in self.elems.iter().enumerate() {
            if let Some(list) = e.parent.and_then(|p| out.get_mut(p)) {
                list.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Article assembly
// ---------------------------------------------------------------------------

impl Extractor<'_> {
    /// The headline's block: of the blocks that match the title or are an
    /// `<h1>`, the last one at or before the body's first block, else the
    /// first one; without any, the body's first block. A page repeats its
    /// headline in menus and teaser lists; the one above the body is the
    /// article's, and its byline and date sit next to it.
    fn headline_block(&self, meta: &HtmlMeta, content: &Content) -> usize {
        let body_start = content.ranges.first().map(|r| r.0);
        let title_key = meta.title.as_ref().map(|t| match_key(&t.0));
        let is_headline = |b: &Block| {
            b.kind == Kind::Heading(1)
                || title_key
                    .as_deref()
                    .is_some_and(|k| !k.is_empty() && key_matches(&b.text, k))
        };
        let mut first = None;
        let mut last_before = None;
        for (i, b) in self.blocks.iter().enumerate() {
            if body_start.is_some_and(|s| i > s) && first.is_some() {
                break;
            }
            if is_headline(b) {
                first.get_or_insert(i);
                if body_start.is_some_and(|s| i <= s) {
                    last_before = Some(i);
                }
            }
        }
        last_before.or(first).or(body_start).unwrap_or(0)
    }

    /// The `<h1>` headline block `anchor` as the title, when a rule of
    /// [`html_title`] prefers it to the field title.
    fn visible_title(&self, meta: &HtmlMeta, anchor: usize) -> Option<(String, MetaSource)> {
        let b = self.blocks.get(anchor)?;
        if b.kind != Kind::Heading(1) || b.figure.is_some() {
            return None;
        }
        let outlets: Vec<&str> = meta
            .publisher
            .as_ref()
            .map(|p| p.0.as_str())
            .into_iter()
            .chain(meta.site_suffix.as_deref())
            .collect();
        let field = meta.title.as_ref().map_or("", |t| t.0.as_str());
        let rule = html_title::visible_wins(field, &b.text, &outlets)?;
        Some((b.text.clone(), MetaSource::Rule { rule, line: 0 }))
    }

    fn build_article(&self, meta: &HtmlMeta, content: &Content, anchor: usize) -> Article {
        let mut article = Article::default();
        let title = meta.title.as_ref().map(|t| t.0.clone());
        let title_key = title.as_deref().map(match_key);
        let subtitle_key = meta.description.as_deref().map(match_key);
        let mut subtitle: Option<String> = None;
        let mut names: Vec<Candidate> = Vec::new();
        let mut images: Vec<(usize, Image)> = Vec::new();
        let mut seen_body_start = false;
        let mut after_label = false;
        for (bi, b) in self.blocks.iter().enumerate() {
            let inside = content.contains(bi);
            let labelled = std::mem::replace(&mut after_label, false);
            let labelled_name =
                (labelled && !seen_body_start && b.chars <= 60 && b.figure.is_none())
                    .then(|| html_byline::name_like(&b.text))
                    .flatten();
            let by_line = |names: &mut Vec<Candidate>| {
                let (name, rule) = match byline::from_line(&html_byline::unglue_by(&b.text), false)
                {
                    Some(n) => (n, html_byline::rule::BY_LINE),
                    None if !seen_body_start && self.beside_dateline(bi) => (
                        html_byline::bare_name(&b.text)?,
                        html_byline::rule::NAME_BESIDE_DATELINE,
                    ),
                    None => return None,
                };
                names.push(Candidate {
                    block: bi,
                    name,
                    rule,
                });
                Some(Reason::Byline)
            };
            let reason = if let Some(fig) = b.figure {
                Some(take_figure_block(
                    self.is_credit(b, fig),
                    fig,
                    b,
                    &mut images,
                ))
            } else if title_key
                .as_deref()
                .is_some_and(|k| key_matches(&b.text, k))
                || b.kind == Kind::Heading(1)
            {
                Some(Reason::Title)
            } else if !inside
                && subtitle_key
                    .as_deref()
                    .is_some_and(|k| !k.is_empty() && key_matches(&b.text, k))
            {
                subtitle.get_or_insert_with(|| b.text.clone());
                Some(Reason::Subtitle)
            } else if b.chars <= 40 && !seen_body_start && html_byline::is_label(&b.text) {
                after_label = true;
                Some(Reason::Byline)
            } else if let Some(name) = labelled_name {
                names.push(Candidate {
                    block: bi,
                    name,
                    rule: html_byline::rule::LABELLED_NAME,
                });
                Some(Reason::Byline)
            } else if let Some(r) = self.block_boiler(b) {
                let by = if b.chars < 100 && r != Reason::Navigation {
                    by_line(&mut names)
                } else {
                    None
                };
                if r == Reason::Byline && by.is_none() {
                    if let Some(name) = html_byline::name_like(&b.text) {
                        names.push(Candidate {
                            block: bi,
                            name,
                            rule: html_byline::rule::AUTHOR_ELEMENT,
                        });
                    }
                }
                by.or(Some(r))
            } else if !inside {
                if subtitle.is_none()
                    && !seen_body_start
                    && self.elems.get(b.elem).is_some_and(|e| e.subtitle_hint)
                    && b.chars >= 20
                {
                    subtitle = Some(b.text.clone());
                    Some(Reason::Subtitle)
                } else if b.chars < 100 {
                    by_line(&mut names).or_else(|| self.outside_reason(b, inside))
                } else {
                    Some(Reason::Boilerplate)
                }
            } else if b.link_density() > MAX_LINK_DENSITY {
                Some(Reason::RelatedLinks)
            } else if let Some(r) = furniture(&b.text, b.chars) {
                Some(r)
            } else if b.chars < 80 && !seen_body_start {
                by_line(&mut names).or_else(|| {
                    (b.chars <= DATELINE_MAX_CHARS && dates::find_date(&b.text).is_some())
                        .then_some(Reason::Dateline)
                })
            } else {
                None
            };
            match reason {
                None => {
                    seen_body_start = true;
                    article.body.push(b.text.clone());
                }
                Some(reason) => article.removed.push(Removed {
                    line: 0,
                    text: b.text.clone(),
                    reason,
                }),
            }
        }
        article.title = title;
        article.subtitle = subtitle;
        if let Some((name, source)) = choose_byline(meta, &names, anchor) {
            article.byline = Some(name);
            article.sources.byline = Some(source);
        }
        article.images = images
            .into_iter()
            .map(|(_, img)| img)
            .filter(|img| img.caption.is_some() || img.credit.is_some())
            .collect();
        article
    }

    /// Whether a block next to `bi` is a date or reading-time row, so a bare
    /// name at `bi` is the writer's ([`html_byline::rule::NAME_BESIDE_DATELINE`]).
    fn beside_dateline(&self, bi: usize) -> bool {
        let row = |i: usize| {
            self.blocks
                .get(i)
                .is_some_and(|b| html_byline::is_dateline_row(&b.text, b.chars))
        };
        self.blocks.get(bi).is_some_and(|b| b.chars <= 40)
            && (row(bi + 1) || bi.checked_sub(1).is_some_and(row))
    }

    /// Why a block outside the body (or not read as a name) is dropped: a
    /// short dated block is a dateline, anything else outside is boilerplate,
    /// and inside the body it is kept.
    fn outside_reason(&self, b: &Block, inside: bool) -> Option<Reason> {
        if inside {
            None
        } else if b.chars < 60 && dates::find_date(&b.text).is_some() {
            Some(Reason::Dateline)
        } else {
            Some(Reason::Boilerplate)
        }
    }

    /// A figure block is a credit when its element (or an ancestor up to the
    /// figure) has a credit class, or it reads like "Photo: …".
    fn is_credit(&self, b: &Block, fig: usize) -> bool {
        let mut cur = Some(b.elem);
        let mut steps = 0;
        while let Some(i) = cur {
            let Some(e) = self.elems.get(i) else { break };
            if e.credit_hint || e.boiler == Some(Reason::Credit) {
                return true;
            }
            if i == fig || steps > 8 {
                break;
            }
            steps += 1;
            cur = e.parent;
        }
        let lower = b.text.to_lowercase();
        b.chars < 80
            && [
                "photo:", "credit:", "image:", "foto:", "©", "(c)", "getty", "reuters", "ap photo",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
    }
}

/// Files a caption or credit block under its figure's image; returns its reason.
fn take_figure_block(
    credit: bool,
    fig: usize,
    b: &Block,
    images: &mut Vec<(usize, Image)>,
) -> Reason {
    let pos = match images.iter().position(|(f, _)| *f == fig) {
        Some(p) => p,
        None => {
            images.push((fig, Image::default()));
            images.len() - 1
        }
    };
    if let Some((_, img)) = images.get_mut(pos) {
        let slot = if credit {
            &mut img.credit
        } else {
            &mut img.caption
        };
        match slot {
            Some(s) => {
                s.push(' ');
                s.push_str(&b.text);
            }
            None => *slot = Some(b.text.clone()),
        }
    }
    if credit {
        Reason::Credit
    } else {
        Reason::Caption
    }
}

/// The byline and its source: the page's author field, unless it is missing,
/// a social handle, or the outlet's own name, in which case the visible name
/// nearest the headline ([`html_byline::nearest`]) wins, else the first one
/// after the headline (an author box below the article).
fn choose_byline(
    meta: &HtmlMeta,
    names: &[Candidate],
    anchor: usize,
) -> Option<(String, MetaSource)> {
    let outlets: Vec<&str> = meta
        .publisher
        .as_ref()
        .map(|p| p.0.as_str())
        .into_iter()
        .chain(meta.site_suffix.as_deref())
        .collect();
    let field = meta.author.as_ref().map(|(a, s)| {
        let weak =
            *s == MetaSource::Field("twitter:creator") || html_byline::names_outlet(a, &outlets);
        (a.clone(), *s, weak)
    });
    if let Some((a, s, false)) = &field {
        return Some((a.clone(), *s));
    }
    let visible = html_byline::nearest(names, anchor)
        .or_else(|| names.iter().find(|c| c.block > anchor))
        .map(|c| {
            (
                c.name.clone(),
                MetaSource::Rule {
                    rule: c.rule,
                    line: 0,
                },
            )
        });
    visible.or(field.map(|(a, s, _)| (a, s)))
}

/// The publication date shown near the headline block `anchor`: the nearest
/// short dated block, searched up to [`DATE_AFTER`] blocks below it and
/// [`DATE_BEFORE`] above it; a revision date ("Last updated …") only when no
/// block gives another. HTML pages cut a byline row into many small blocks,
/// so the window is wider than the text front end's. The page's machine
/// fields still come first (`metadata::html::finish`).
fn visible_date(blocks: &[Block], anchor: usize) -> Option<(String, MetaSource)> {
    // Nearest first: below the headline, then above it, one step further each time.
    let order = (0..=DATE_AFTER.max(DATE_BEFORE)).flat_map(|d| {
        let below = (d <= DATE_AFTER).then_some(anchor + d);
        let above = (d > 0 && d <= DATE_BEFORE)
            .then(|| anchor.checked_sub(d))
            .flatten();
        below.into_iter().chain(above)
    });
    let mut revision = None;
    for b in order.filter_map(|i| blocks.get(i)) {
        if b.chars > DATE_MAX_CHARS {
            continue;
        }
        if let Some((d, _)) = dates::publication_date(&b.text) {
            return Some((
                d,
                MetaSource::Rule {
                    rule: rule::DATELINE,
                    line: 0,
                },
            ));
        }
        if revision.is_none() && dates::is_revision(&b.text) {
            revision = dates::find_date(&b.text).map(|(_, d)| d);
        }
    }
    revision.map(|d| {
        (
            d,
            MetaSource::Rule {
                rule: rule::REVISION_DATE,
                line: 0,
            },
        )
    })
}

/// A "Posted on …" dateline among the first [`DATE_AFTER_BODY`] blocks after
/// the body's end `end`: blogs put it under the post, beside the author box.
/// The line must say "Posted"/"Published", as a bare date there may belong
/// to a comment or a teaser.
fn date_after_body(blocks: &[Block], end: usize) -> Option<(String, MetaSource)> {
    let window = blocks.get(end..)?.iter().take(DATE_AFTER_BODY);
    window
        .filter(|b| b.chars <= DATE_MAX_CHARS)
        .find_map(|b| match dates::publication_date(&b.text) {
            Some((d, true)) => Some(d),
            _ => None,
        })
        .map(|d| {
            (
                d,
                MetaSource::Rule {
                    rule: rule::DATELINE_AFTER_BODY,
                    line: 0,
                },
            )
        })
}

/// A furniture line ("Advertisement", "Read more", "© 2019 …") and its reason.
fn furniture(text: &str, chars: usize) -> Option<Reason> {
    if chars > FURNITURE_MAX_CHARS.max(METADATA_MAX_CHARS) {
        return None;
    }
    let lower = text.to_lowercase();
    if chars <= METADATA_MAX_CHARS && METADATA_LABELS.iter().any(|l| lower.contains(l)) {
        return Some(Reason::Dateline);
    }
    if chars > FURNITURE_MAX_CHARS {
        return None;
    }
    FURNITURE_PREFIXES
        .iter()
        .find(|(p, _)| lower.starts_with(p))
        .map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "The council voted on Tuesday to expand the program, which has \
        grown steadily since it began, and officials said the change would reach more families.";

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"en-GB\"><head><title>Council expands program | Daily Bugle</title></head><body>{body}</body></html>")
    }

    #[test]
    fn slims_start_tags() {
        let slim = |t: &str| prefilter(t);
        assert_eq!(
            slim(r#"<a href="/x>y" data-id=3 class='k nav' onclick=go()>"#),
            r#"<a class="nav">"#
        );
        // Tokens without a hint go; an attribute left empty goes.
        assert_eq!(slim(r#"<p class="x" id=y>"#), "<p>");
        assert_eq!(slim(r#"<div class="x nav" id=y>"#), r#"<div class="nav">"#);
        assert_eq!(slim(r#"<div class='nav'>"#), "<div class='nav'>");
        assert_eq!(slim(r#"<img src="a.jpg" />"#), "<img/>");
        // Left alone: duplicates, references, `<body>`.
        assert_eq!(
            slim(r#"<p class="x" class="nav">"#),
            r#"<p class="x" class="nav">"#
        );
        assert_eq!(
            slim(r#"<p class="x&amp;y nav">"#),
            r#"<p class="x&amp;y nav">"#
        );
        assert_eq!(slim(r#"<body class="x">"#), r#"<body class="x">"#);
        assert!(prefilter("<p data-x=\"é>\">Text</p>").ends_with("<p>Text</p>"));
    }

    #[test]
    fn hint_filtering_keeps_element_features() {
        let many = (0..30)
            .map(|i| format!("c{i}x"))
            .collect::<Vec<_>>()
            .join(" ");
        let cases = [
            r#"<div class="wrap sidebar-left js-x" id="main-content">x</div>"#.to_owned(),
            r#"<div class="has-sidebar foo" id="post-123">x</div>"#.to_owned(),
            r#"<section class="article-body u-pad">x</section>"#.to_owned(),
            r#"<div class="social-embed share">x</div>"#.to_owned(),
            format!(r#"<div class="{many} nav" id="footer">x</div>"#),
            r#"<div class="a b c d e f g h i j k l m n o p q r s t u v w" id="nav comments">x</div>"#.to_owned(),
            r#"<p class="caption-credit">x</p>"#.to_owned(),
        ];
        let features = |html: &str| {
            let doc = Html::parse_fragment(html);
            let mut hints = HintCache::default();
            let out: Vec<String> = doc
                .tree
                .nodes()
                .filter_map(|n| match n.value() {
                    Node::Element(el) if el.name() != "html" => {
                        let class = TAG_CLASSES.get(el.name()).copied().unwrap_or_default();
                        let f = element_features(el.name(), &ElemAttrs::of(el), class, &mut hints);
                        Some(format!("{f:?}"))
                    }
                    _ => None,
                })
                .collect();
            out
        };
        for c in &cases {
            assert_eq!(
                features(c),
                features(&prefilter(c)),
                "{c} -> {}",
                prefilter(c)
            );
        }
        // The long class list pushes "nav" and the id out of the window: both go.
        assert_eq!(prefilter(&cases[4]), "<div>x</div>");
    }

    #[test]
    fn collapses_whitespace_only_in_plain_text() {
        assert_eq!(prefilter("<p>a  \n b</p>\n\n"), "<p>a b</p>\n");
        assert_eq!(prefilter("<pre>\n   x</pre>"), "<pre>\nx</pre>");
        for kept in [
            "<!DOCTYPE html  PUBLIC \"a  b\"><p>x</p>",
            "<title>a   b</title>",
            "<textarea>a\n\n b</textarea>",
            "<script type=\"application/ld+json\">{\"a\":  \"b  c\"}</script>",
            "<p>a < b  c</p>",
        ] {
            assert_eq!(prefilter(kept), kept);
        }
        assert_eq!(
            prefilter("<title>a  b</title><p>c  d"),
            "<title>a  b</title><p>c d"
        );
    }

    #[test]
    fn detects_html() {
        assert!(looks_like_html("<!DOCTYPE html><html><body></body></html>"));
        assert!(looks_like_html("\u{feff}  <!-- x --><html lang=en>"));
        assert!(looks_like_html("<div>a</div><p>b</p><p>c</p>"));
        assert!(!looks_like_html(
            "Just a headline\n\nSome text with a < sign."
        ));
        assert!(!looks_like_html("<!-- unterminated"));
        assert!(looks_like_html("Text <DIV>a</DIV><P>b<Br>"));
        assert!(looks_like_html("Text <BODY class=x>"));
        assert!(!looks_like_html("Text <P>a<pre>"));
    }

    #[test]
    fn keeps_article_paragraphs_and_drops_chrome() {
        let html = page(&format!(
            "<nav><a href=/>Home</a> <a href=/news>News</a></nav>\
             <div class=\"sidebar\"><p>{PROSE}</p></div>\
             <article><h1>Council expands program</h1>\
             <p>{PROSE}</p><p>Second paragraph, also prose, with enough words to count as body text here.</p>\
             <div class=\"share-tools\">Share on Facebook</div>\
             <figure><img src=x.jpg><figcaption>The council chamber.<span class=\"credit\">Jane Roe/Bugle</span></figcaption></figure>\
             </article><footer>© 2019 Daily Bugle</footer>"
        ));
        let a = normalize_html(&html);
        assert_eq!(a.body.len(), 2, "{:?}", a.body);
        assert_eq!(a.body[0], PROSE);
        assert!(a.body[1].starts_with("Second paragraph"));
        assert_eq!(a.title.as_deref(), Some("Council expands program"));
        assert_eq!(a.language, "en");
        assert_eq!(
            a.images,
            vec![Image {
                caption: Some("The council chamber.".into()),
                credit: Some("Jane Roe/Bugle".into()),
            }]
        );
        let reason_of = |t: &str| a.removed.iter().find(|r| r.text == t).map(|r| r.reason);
        assert_eq!(reason_of("Share on Facebook"), Some(Reason::Share));
        assert_eq!(reason_of("Home News"), Some(Reason::Navigation));
        assert_eq!(reason_of("Council expands program"), Some(Reason::Title));
        assert!(a.removed.iter().all(|r| r.line == 0));
    }

    #[test]
    fn reads_json_ld_and_meta() {
        let html = format!(
            "<html><head><title>Ignored | Site</title>\
             <meta property=\"og:site_name\" content=\"Daily Bugle\">\
             <meta property=\"article:modified_time\" content=\"2019-12-01T10:00:00Z\">\
             <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@graph\":[{{\"@type\":\"WebSite\",\"name\":\"x\"}},\
             {{\"@type\":\"NewsArticle\",\"headline\":\"Council expands program\",\"datePublished\":\"2019-11-19T08:00:00-05:00\",\
             \"author\":[{{\"@type\":\"Person\",\"name\":\"Jane Roe\"}},{{\"name\":\"John Doe\"}}],\"publisher\":{{\"name\":\"The Daily Bugle\"}}}}]}}</script>\
             </head><body><p>{PROSE}</p></body></html>"
        );
        let a = normalize_html(&html);
        assert_eq!(a.title.as_deref(), Some("Council expands program"));
        assert_eq!(a.published.as_deref(), Some("2019-11-19"));
        assert_eq!(a.byline.as_deref(), Some("Jane Roe, John Doe"));
        assert_eq!(a.publisher.as_deref(), Some("The Daily Bugle"));
        assert_eq!(a.body, vec![PROSE.to_owned()]);
    }

    #[test]
    fn reworded_headline_above_the_body_is_the_title() {
        let html = format!(
            "<html><head><meta property=\"og:title\" content=\"Council program: what changes\">\
             <meta property=\"og:site_name\" content=\"Daily Bugle\"></head><body>\
             <header><h1>Daily Bugle</h1></header><main><h1>Council expands its housing program: what changes for tenants</h1>\
             <p>{PROSE}</p></main></body></html>"
        );
        let a = normalize_html(&html);
        assert_eq!(
            a.title.as_deref(),
            Some("Council expands its housing program: what changes for tenants")
        );
        assert_eq!(
            a.sources.title,
            Some(MetaSource::Rule {
                rule: html_title::rule::VISIBLE_HEADLINE,
                line: 0
            })
        );
    }

    #[test]
    fn bare_name_beside_reading_time_and_posted_line_after_body() {
        let html = page(&format!(
            "<article><h1>Council expands program</h1><div>Ana Ruiz</div><div>6 min read</div>\
             <p>{PROSE}</p><p>{PROSE}</p></article><footer><p>Posted on March 3, 2025</p></footer>"
        ));
        let a = normalize_html(&html);
        assert_eq!(a.byline.as_deref(), Some("Ana Ruiz"));
        assert_eq!(
            a.sources.byline,
            Some(MetaSource::Rule {
                rule: html_byline::rule::NAME_BESIDE_DATELINE,
                line: 0
            })
        );
        assert_eq!(a.published.as_deref(), Some("2025-03-03"));
        assert!(!a.body.iter().any(|p| p == "Ana Ruiz"));
    }

    #[test]
    fn meta_fallbacks_and_title_suffix() {
        let html = page(&format!(
            "<meta name=\"author\" content=\"Jane Roe\"><time datetime=\"2019-11-19\">Nov 19</time><p>{PROSE}</p>"
        ));
        let a = normalize_html(&html);
        assert_eq!(a.title.as_deref(), Some("Council expands program"));
        assert_eq!(a.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(a.published.as_deref(), Some("2019-11-19"));
    }

    #[test]
    fn portuguese_page_language_from_content() {
        let html = "<html><body><article><p>O governo anunciou nesta terça-feira que o programa será \
            ampliado, e a medida deve chegar a mais famílias até o fim do ano, segundo o ministro.</p>\
            <p>Segundo os dados, o número de beneficiários cresceu nos últimos meses em todas as regiões do país.</p>\
            </article></body></html>";
        let a = normalize_html(html);
        assert_eq!(a.language, "pt");
        assert!(!a.body.iter().any(|p| p == "Ana Ruiz"));
    }

    #[test]
    fn link_lists_and_furniture_are_not_body() {
        let html = page(&format!(
            "<div class=\"content\"><p>{PROSE}</p><p>Advertisement</p>\
             <p><a href=/a>One headline elsewhere on the site today</a> <a href=/b>Another headline</a></p>\
             <p>{PROSE}</p></div>"
        ));
        let a = normalize_html(&html);
        assert_eq!(a.body, vec![PROSE.to_owned(), PROSE.to_owned()]);
        let reasons: Vec<Reason> = a.removed.iter().map(|r| r.reason).collect();
        assert!(reasons.contains(&Reason::Advertisement));
        assert!(reasons.contains(&Reason::RelatedLinks));
    }

    #[test]
    fn scripts_styles_and_comments_never_reach_the_body() {
        let html = page(&format!(
            "<script>var x = '</div><p>not text</p>';</script><style>p {{ color: red }}</style>\
             <!-- <p>commented out paragraph, with words and more words</p> -->\
             <p>{PROSE}</p><noscript>Enable JavaScript to continue reading this site</noscript>"
        ));
        let a = normalize_html(&html);
        assert_eq!(a.body, vec![PROSE.to_owned()]);
    }

    #[test]
    fn body_container_is_preferred() {
        let html = page(&format!(
            "<div class=\"teasers\"><p>{PROSE} One.</p><p>{PROSE} Two.</p></div>\
             <div itemprop=\"articleBody\"><p>{PROSE}</p><p>{PROSE}</p></div>"
        ));
        let a = normalize_html(&html);
        assert_eq!(a.body, vec![PROSE.to_owned(), PROSE.to_owned()]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let n = 100_000;
        let html = format!(
            "<html><body>{}<p>{PROSE}</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let start = std::time::Instant::now();
        let a = normalize_html(&html);
        assert_eq!(a.body, vec![PROSE.to_owned()]);
        assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
        // Unclosed inline tags nest too.
        let html = format!(
            "<html><body><p>{}{PROSE}</p></body></html>",
            "<b><i>".repeat(20_000)
        );
        assert_eq!(normalize_html(&html).body, vec![PROSE.to_owned()]);
    }

    #[test]
    fn malformed_input_never_panics() {
        let cases = [
            "",
            "<",
            "<html",
            "<html><body><p>unterminated",
            "<script>never closed",
            "<!--",
            "<p a=\"x>y\">t</p>",
            "<table><td><p>x</table></p></td>",
            "<html><body>\u{0}\u{feff}é<div class='é—ü'>x</div>",
            "<svg/><math><mi>x</mi></math>",
            "<script type=application/ld+json>{not json</script><p>x</p>",
            "<script type=application/ld+json>[[[[[[[[[[]]]]]]]]]]</script>",
        ];
        for c in cases {
            let _ = normalize_html(c);
            let _ = looks_like_html(c);
        }
    }

    #[test]
    fn prefilter_keeps_structure() {
        // A closed script or style goes whole; otherwise its content is cut.
        assert_eq!(
            prefilter("<p>a</p><script>x</script><p>b</p>"),
            "<p>a</p><p>b</p>"
        );
        assert_eq!(prefilter("<p>a<style>x</style >b</p>"), "<p>ab</p>");
        assert_eq!(
            prefilter("<p>a</p><script>x</scripts>y</script>"),
            "<p>a</p><script></scripts>y</script>"
        );
        assert_eq!(
            prefilter("<SCRIPT type=\"application/ld+json\">{}</SCRIPT>"),
            "<SCRIPT type=\"application/ld+json\">{}</SCRIPT>"
        );
        assert_eq!(prefilter("a<!-- c -->b"), "ab");
        assert_eq!(prefilter("<style>x</style"), "<style></style");
    }

    #[test]
    fn class_parts() {
        let mut parts = Vec::new();
        for_each_part("articleBody-main_Text", &mut String::new(), |p| {
            parts.push(p.to_owned());
            true
        });
        assert_eq!(parts, ["article", "body", "main", "text"]);
    }
}
