//! Data tables for the HTML normalizer (`html.rs`): which tags and class/id words
//! mark boilerplate or content, short-line patterns that are never body, and the
//! stop-word lists used both to score prose and to guess the language.
//!
//! Every family is a plain table with a one-line comment, so a rule can be read,
//! tested and changed in one place.

use crate::model::Reason;

/// Elements whose whole subtree is never text a reader sees as prose.
pub const HARD_SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "map", "button", "select", "textarea", "input", "option", "head",
    "link", "meta", "dialog", "label",
];

/// Structural elements that hold page chrome; dropped unless they hold most of the
/// page's prose (some sites wrap everything in one `<form>` or `<header>`).
pub const SOFT_SKIP_TAGS: &[(&str, Reason)] = &[
    ("nav", Reason::Navigation),
    ("header", Reason::Boilerplate),
    ("footer", Reason::Footer),
    ("aside", Reason::Widget),
    ("form", Reason::Widget),
    ("menu", Reason::Navigation),
];

/// ARIA roles that mark page chrome.
pub const BOILER_ROLES: &[(&str, Reason)] = &[
    ("navigation", Reason::Navigation),
    ("banner", Reason::Boilerplate),
    ("contentinfo", Reason::Footer),
    ("complementary", Reason::Widget),
    ("menu", Reason::Navigation),
    ("menubar", Reason::Navigation),
    ("search", Reason::Navigation),
    ("dialog", Reason::Widget),
    ("alert", Reason::Widget),
];

/// Elements that start a new text block (paragraph boundary) when opened or closed.
pub const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "aside",
    "form",
    "menu",
    "hgroup",
];

/// How a class/id word must match one part of a class token (parts are split on
/// `-`, `_`, and camelCase humps; compared lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The part equals the word.
    Exact,
    /// The part starts with the word ("newsletter" matches "newsletters").
    Prefix,
}

/// Class/id words that mark a boilerplate subtree, with the reason it is cut.
pub const BOILER_HINTS: &[(&str, Match, Reason)] = &[
    // Menus and site navigation.
    ("nav", Match::Exact, Reason::Navigation),
    ("navbar", Match::Exact, Reason::Navigation),
    ("navigation", Match::Exact, Reason::Navigation),
    ("menu", Match::Prefix, Reason::Navigation),
    ("breadcrumb", Match::Prefix, Reason::Navigation),
    ("breadcrumbs", Match::Exact, Reason::Navigation),
    ("masthead", Match::Exact, Reason::Navigation),
    ("pagination", Match::Exact, Reason::Navigation),
    ("pager", Match::Exact, Reason::Navigation),
    ("skip", Match::Exact, Reason::Navigation),
    ("topbar", Match::Exact, Reason::Navigation),
    ("toolbar", Match::Exact, Reason::Navigation),
    // Site footers.
    ("footer", Match::Prefix, Reason::Footer),
    ("copyright", Match::Exact, Reason::Footer),
    // Sidebars and widgets.
    ("sidebar", Match::Prefix, Reason::Widget),
    ("widget", Match::Prefix, Reason::Widget),
    ("rail", Match::Exact, Reason::Widget),
    ("ticker", Match::Exact, Reason::Widget),
    ("trending", Match::Exact, Reason::RelatedLinks),
    ("popular", Match::Exact, Reason::RelatedLinks),
    ("most", Match::Exact, Reason::RelatedLinks),
    ("tags", Match::Exact, Reason::Widget),
    ("modal", Match::Exact, Reason::Widget),
    ("popup", Match::Exact, Reason::Widget),
    ("overlay", Match::Exact, Reason::Widget),
    ("sr", Match::Exact, Reason::Widget),
    ("visually", Match::Exact, Reason::Widget),
    // Comment sections.
    ("comment", Match::Exact, Reason::Comments),
    ("comments", Match::Exact, Reason::Comments),
    ("disqus", Match::Prefix, Reason::Comments),
    ("respond", Match::Exact, Reason::Comments),
    ("discussion", Match::Exact, Reason::Comments),
    // Share widgets.
    ("share", Match::Prefix, Reason::Share),
    ("sharing", Match::Exact, Reason::Share),
    ("social", Match::Prefix, Reason::Share),
    ("sociable", Match::Exact, Reason::Share),
    ("addthis", Match::Prefix, Reason::Share),
    ("sharethis", Match::Prefix, Reason::Share),
    ("follow", Match::Exact, Reason::Share),
    // Related and recommended links.
    ("related", Match::Prefix, Reason::RelatedLinks),
    ("recommended", Match::Prefix, Reason::RelatedLinks),
    ("recirc", Match::Prefix, Reason::RelatedLinks),
    ("outbrain", Match::Prefix, Reason::RelatedLinks),
    ("taboola", Match::Prefix, Reason::RelatedLinks),
    ("more", Match::Exact, Reason::RelatedLinks),
    ("readmore", Match::Exact, Reason::RelatedLinks),
    ("teaser", Match::Prefix, Reason::RelatedLinks),
    ("promo", Match::Prefix, Reason::Promo),
    ("newsletter", Match::Prefix, Reason::Promo),
    ("subscribe", Match::Prefix, Reason::Promo),
    ("subscription", Match::Prefix, Reason::Promo),
    ("signup", Match::Prefix, Reason::Promo),
    ("donate", Match::Prefix, Reason::Promo),
    ("cta", Match::Exact, Reason::Promo),
    ("sponsor", Match::Prefix, Reason::Advertisement),
    // Advertising slots.
    ("ad", Match::Exact, Reason::Advertisement),
    ("ads", Match::Exact, Reason::Advertisement),
    ("advert", Match::Prefix, Reason::Advertisement),
    ("advertisement", Match::Exact, Reason::Advertisement),
    ("adslot", Match::Prefix, Reason::Advertisement),
    ("adunit", Match::Prefix, Reason::Advertisement),
    ("dfp", Match::Exact, Reason::Advertisement),
    ("gpt", Match::Exact, Reason::Advertisement),
    // Cookie and consent banners.
    ("cookie", Match::Prefix, Reason::Cookie),
    ("consent", Match::Prefix, Reason::Cookie),
    ("gdpr", Match::Exact, Reason::Cookie),
    // Paywalls.
    ("paywall", Match::Prefix, Reason::Paywall),
    ("meter", Match::Exact, Reason::Paywall),
    ("piano", Match::Exact, Reason::Paywall),
    ("login", Match::Exact, Reason::Paywall),
    ("signin", Match::Exact, Reason::Paywall),
    ("regwall", Match::Exact, Reason::Paywall),
    // Captions and credits (kept apart as images).
    ("caption", Match::Prefix, Reason::Caption),
    ("figcaption", Match::Exact, Reason::Caption),
    ("credit", Match::Prefix, Reason::Credit),
    // Author boxes, bylines and datelines around the body.
    ("byline", Match::Prefix, Reason::Byline),
    ("author", Match::Prefix, Reason::Byline),
    ("bio", Match::Exact, Reason::Byline),
    ("dateline", Match::Exact, Reason::Dateline),
    ("timestamp", Match::Prefix, Reason::Dateline),
    ("published", Match::Exact, Reason::Dateline),
];

/// A class token whose first part is one of these is a state or taxonomy label,
/// not a widget name ("has-sidebar" on a page wrapper, WordPress "tag-social" or
/// "category-ads" on the article itself), so boilerplate hints are not read from it.
pub const LABEL_PREFIXES: &[&str] = &[
    "has",
    "no",
    "with",
    "without",
    "js",
    "is",
    "l",
    "tag",
    "category",
    "categories",
    "cat",
    "format",
    "status",
    "type",
    "single",
    "postid",
];

/// Class/id parts that mark an embedded post (tweet, social embed): quoted
/// content of the article, kept even when another part says "social" or "widget".
pub const EMBED_PARTS: &[&str] = &["embed", "embedded", "tweet", "oembed"];

/// What a boilerplate-hinted block met while widening the body along the page
/// (`html.rs`, `widen_content`) does to the widening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Widen {
    /// Part of an article's furniture (an ad slot, a share bar, a caption):
    /// stepped over without counting against the article.
    Skip,
    /// Not article text (a menu, a related-links box): counts toward the gap
    /// that ends the article.
    Gap,
    /// The article is over (the comment section, the site footer).
    Stop,
}

/// Boilerplate reasons and what they do to the widening; unlisted reasons are
/// [`Widen::Gap`]. Example: a "Comments" container after the last paragraph
/// stops the body there, an ad slot between two sections does not.
pub const WIDEN_BY_REASON: &[(Reason, Widen)] = &[
    (Reason::Advertisement, Widen::Skip),
    (Reason::Share, Widen::Skip),
    (Reason::Caption, Widen::Skip),
    (Reason::Credit, Widen::Skip),
    (Reason::Promo, Widen::Skip),
    (Reason::Byline, Widen::Skip),
    (Reason::Dateline, Widen::Skip),
    (Reason::Subtitle, Widen::Skip),
    (Reason::Comments, Widen::Stop),
    (Reason::Footer, Widen::Stop),
];

/// The widening ends after this many chars of non-article units in a row
/// (link lists, menus, unrelated widgets) with no article unit after them.
pub const WIDEN_MAX_GAP_CHARS: usize = 400;

/// ... or after this many non-article units in a row.
pub const WIDEN_MAX_GAP_UNITS: usize = 6;

/// ... or after this many headings, short lines and furniture units in a row.
pub const WIDEN_MAX_NEUTRAL_UNITS: usize = 15;

/// A sibling unit with more link text than this share is not more of the article.
pub const WIDEN_MAX_LINK_DENSITY: f64 = 0.3;

/// A sibling unit whose paragraphs hold less than this share of its text is a
/// list of labels or links, not more of the article.
pub const WIDEN_MIN_PROSE_SHARE: f64 = 0.5;

/// The same going back toward the page top, where teaser lists and tickers
/// (a linked headline and its summary) sit above the article.
pub const WIDEN_MAX_LINK_DENSITY_BACK: f64 = 0.15;

/// Class/id parts of a page builder's content box: a box so named that holds
/// paragraphs is article text, not a sidebar widget. Example: `<div
/// class="elementor-widget elementor-widget-text-editor"><p>…</p></div>`.
pub const BUILDER_PARTS: &[&str] = &["widget"];

/// Class/id words that mark the article body container, strongest first. Compared
/// against a token with `-`/`_` removed, lowercase.
pub const BODY_CONTAINER_HINTS: &[&str] = &[
    "articlebody",
    "articlebodytext",
    "articlecontent",
    "articletext",
    "storybody",
    "storycontent",
    "storytext",
    "entrycontent",
    "postcontent",
    "postbody",
    "posttext",
    "contentbody",
    "bodytext",
    "articlebodycontent",
    "articlemain",
    "mainarticle",
    "newsbody",
    "newscontent",
    "textcontent",
    "richtext",
    "blogpost",
];

/// Class/id parts that make a container more likely to be the article (readability).
pub const POSITIVE_HINTS: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "prose",
];

/// Class/id parts that make a container less likely to be the article (readability).
pub const NEGATIVE_HINTS: &[&str] = &[
    "banner",
    "combx",
    "comment",
    "contact",
    "foot",
    "footer",
    "footnote",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "nav",
    "menu",
    "ad",
];

/// Short standalone lines that are page furniture whatever their container; a
/// line matches when it starts with one of these (lowercase) and is short.
pub const FURNITURE_PREFIXES: &[(&str, Reason)] = &[
    ("advertisement", Reason::Advertisement),
    ("advertising", Reason::Advertisement),
    ("sponsored", Reason::Advertisement),
    ("publicidade", Reason::Advertisement),
    ("anúncio", Reason::Advertisement),
    ("read more", Reason::RelatedLinks),
    ("read next", Reason::RelatedLinks),
    ("see also", Reason::RelatedLinks),
    ("related:", Reason::RelatedLinks),
    ("related stories", Reason::RelatedLinks),
    ("related articles", Reason::RelatedLinks),
    ("more from", Reason::RelatedLinks),
    ("leia também", Reason::RelatedLinks),
    ("leia mais", Reason::RelatedLinks),
    ("veja também", Reason::RelatedLinks),
    ("share this", Reason::Share),
    ("share on", Reason::Share),
    ("share via", Reason::Share),
    ("click to share", Reason::Share),
    ("compartilhe", Reason::Share),
    ("sign up", Reason::Promo),
    ("subscribe", Reason::Promo),
    ("follow us", Reason::Promo),
    ("click here", Reason::Promo),
    ("download the app", Reason::Promo),
    ("this article", Reason::Promo),
    ("copyright", Reason::Footer),
    ("©", Reason::Footer),
    ("all rights reserved", Reason::Footer),
    ("photo:", Reason::Credit),
    ("photograph:", Reason::Credit),
    ("image:", Reason::Credit),
    ("image source", Reason::Credit),
    ("credit:", Reason::Credit),
    ("foto:", Reason::Credit),
    ("getty images", Reason::Credit),
    ("comments", Reason::Comments),
    ("leave a comment", Reason::Comments),
    ("loading", Reason::Widget),
    ("updated", Reason::Dateline),
    ("published", Reason::Dateline),
    ("posted", Reason::Dateline),
    ("atualizado", Reason::Dateline),
    ("publicado", Reason::Dateline),
];

/// Labels of a post's metadata line ("Posted by X - Category: Y - Tags: z");
/// a short block containing one of them is a dateline, not prose.
pub const METADATA_LABELS: &[&str] = &[
    "posted by",
    "publicado por",
    "filed under",
    "category:",
    "categories:",
    "categoria:",
    "tags:",
    "tagged:",
    "postado por",
    "posted in",
];

/// Blocks at most this many chars are checked against [`METADATA_LABELS`].
pub const METADATA_MAX_CHARS: usize = 200;

/// Lines at most this many chars are checked against [`FURNITURE_PREFIXES`].
pub const FURNITURE_MAX_CHARS: usize = 60;

/// Class/id parts inside a figure that hold the photo credit.
pub const CREDIT_HINTS: &[&str] = &[
    "credit",
    "copyright",
    "source",
    "photographer",
    "attribution",
    "byline",
    "author",
    "courtesy",
];

/// Meta names/properties holding the dek.
pub const SUBTITLE_CLASS_HINTS: &[&str] = &[
    "dek",
    "standfirst",
    "subtitle",
    "subhead",
    "subheadline",
    "summary",
    "sub",
    "lede",
    "lead",
    "excerpt",
    "deck",
    "intro",
    "strapline",
    "kicker",
];
