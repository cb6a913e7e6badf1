//! Metadata an HTML page states about itself: JSON-LD (`NewsArticle`,
//! `BlogPosting`, … with `@graph` and `@id` references), OpenGraph and other
//! `<meta>` fields, `<title>`, the first `<h1>` and `<time datetime>`. The
//! visible page is read later, by [`super::lines`], for what these lack.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde_json::Value;

use super::lines::{self, PageLine};
use super::{byline, dates, language, title};
use crate::model::{Article, MetaSource};

/// JSON-LD values visited per page at most.
const MAX_JSON_NODES: usize = 20_000;

/// JSON-LD `@type`s that describe the page's article. Example: `"NewsArticle"`.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "socialmediaposting",
    "report",
    "review",
    "howto",
    "medicalwebpage",
    "webpage",
];

/// `<meta>` keys that give the first-publication date, best first.
/// Example: `<meta property="article:published_time" content="2025-03-03T08:00Z">`.
pub const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "published",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
];

/// `<meta>` keys that name the writer, best first. Example: `<meta name="author" content="Jane Roe">`.
pub const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "twitter:creator",
];

/// `<meta>` keys that name the outlet, best first. Example: `<meta property="og:site_name" content="The Courant">`.
pub const PUBLISHER_META: &[&str] = &[
    "og:site_name",
    "application-name",
    "publisher",
    "citation_publisher",
    "dc.publisher",
    "apple-mobile-web-app-title",
];

/// Other `<meta>` keys read here; every other `<meta>` is dropped before parsing.
const OTHER_META: &[&str] = &[
    "og:title",
    "twitter:title",
    "parsely-title",
    "citation_title",
    "og:description",
    "description",
    "content-language",
    "og:locale",
];

/// Whether [`read`] looks at a `<meta>` with this key (trimmed, any case).
pub fn meta_key_is_read(key: &str) -> bool {
    let key = key.trim();
    OTHER_META
        .iter()
        .chain(PUBLISHER_META)
        .chain(DATE_META)
        .chain(AUTHOR_META)
        .any(|k| k.eq_ignore_ascii_case(key))
}

/// A value with where it came from.
pub type Sourced = (String, MetaSource);

/// What the page says about itself outside the body text.
#[derive(Debug, Default)]
pub struct HtmlMeta {
    /// The headline, without a site-name suffix.
    pub title: Option<Sourced>,
    /// The site name cut off the end of `<title>` ("… | The Courant").
    pub site_suffix: Option<String>,
    /// The dek from `og:description`, `description` or JSON-LD.
    pub description: Option<String>,
    /// Writer names.
    pub author: Option<Sourced>,
    /// The outlet's name.
    pub publisher: Option<Sourced>,
    /// First publication date as `YYYY-MM-DD`.
    pub published: Option<Sourced>,
    /// The first `<time datetime>`: after the visible dateline, as it may
    /// belong to a sidebar.
    pub time_date: Option<String>,
    /// Declared language code (`<html lang>`, `content-language`, `og:locale`).
    pub language: Option<String>,
}

/// Raw fields found in one pass over the elements.
#[derive(Default)]
struct RawMeta {
    metas: HashMap<String, String>,
    title_tag: Option<String>,
    h1: Option<String>,
    lang: Option<String>,
    time_datetime: Option<String>,
    ld: LdArticle,
}

/// Fields of the JSON-LD article object.
#[derive(Default)]
struct LdArticle {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    description: Option<String>,
    /// True when the object was an article type (not just a WebPage).
    strong: bool,
}

/// Reads the page's metadata fields.
pub fn read(doc: &Html) -> HtmlMeta {
    let raw = scan(doc);
    let meta = |k: &str| raw.metas.get(k).cloned();
    let field = |v: Option<String>, name: &'static str| v.map(|v| (v, MetaSource::Field(name)));
    let publisher = field(raw.ld.publisher.clone(), "json-ld publisher")
        .or_else(|| PUBLISHER_META.iter().find_map(|k| field(meta(k), k)));
    let title_raw = field(
        raw.ld.headline.clone().filter(|_| raw.ld.strong),
        "json-ld headline",
    )
    .or_else(|| field(meta("og:title"), "og:title"))
    .or_else(|| field(meta("twitter:title"), "twitter:title"))
    .or_else(|| field(meta("parsely-title"), "parsely-title"))
    .or_else(|| field(meta("citation_title"), "citation_title"))
    .or_else(|| field(raw.h1.clone(), "<h1>"))
    .or_else(|| field(raw.title_tag.clone(), "<title>"));
    let pub_name = publisher.as_ref().map(|p| p.0.as_str());
    let title = title_raw.map(|(t, s)| (title::strip_site(&t, pub_name).0, s));
    let published = field(
        raw.ld.date.as_deref().and_then(dates::machine_date),
        "json-ld datePublished",
    )
    .or_else(|| {
        DATE_META
            .iter()
            .find_map(|k| field(meta(k).as_deref().and_then(dates::machine_date), k))
    });
    let time_date = raw.time_datetime.as_deref().and_then(dates::machine_date);
    let author = field(
        raw.ld.author.as_deref().and_then(byline::from_field),
        "json-ld author",
    )
    .or_else(|| {
        AUTHOR_META
            .iter()
            .find_map(|k| field(meta(k).as_deref().and_then(byline::from_field), k))
    });
    let description = meta("og:description")
        .or_else(|| meta("description"))
        .or_else(|| raw.ld.description.clone());
    let language = raw
        .lang
        .as_deref()
        .or_else(|| raw.metas.get("content-language").map(String::as_str))
        .or_else(|| raw.metas.get("og:locale").map(String::as_str))
        .and_then(language::declared);
    let site_suffix = raw
        .title_tag
        .as_deref()
        .and_then(|t| title::strip_site(t, None).1);
    HtmlMeta {
        title,
        site_suffix,
        description,
        author,
        publisher,
        published,
        time_date,
        language,
    }
}

/// Completes an HTML article's metadata: the fields first, then the visible
/// blocks around the headline (`lines[anchor]`) for a missing byline or date,
/// then `<time datetime>`, the `<title>` suffix for the outlet, and the language.
pub fn finish(article: &mut Article, meta: HtmlMeta, lines: &[PageLine<'_>], anchor: usize) {
    let src = &mut article.sources;
    src.title = meta.title.as_ref().map(|t| t.1);
    if src.byline.is_none() {
        src.byline = match &meta.author {
            Some(a) => Some(a.1),
            None => article.byline.as_ref().map(|_| MetaSource::Rule {
                rule: lines::rule::BYLINE_LINE,
                line: 0,
            }),
        };
    }
    if let Some((p, s)) = meta.published {
        article.published = Some(p);
        article.sources.published = Some(s);
    }
    if let Some((p, s)) = meta.publisher {
        article.publisher = Some(p);
        article.sources.publisher = Some(s);
    }
    lines::fill(article, lines, anchor);
    if article.published.is_none() {
        if let Some(d) = meta.time_date {
            article.published = Some(d);
            article.sources.published = Some(MetaSource::Field("<time datetime>"));
        }
    }
    if let (None, Some(site)) = (&article.publisher, meta.site_suffix) {
        article.publisher = Some(site);
        article.sources.publisher = Some(MetaSource::Rule {
            rule: lines::rule::TITLE_SUFFIX,
            line: 0,
        });
    }
    let sample = language::sample(article.body.iter().map(String::as_str));
    let declared = meta.language.is_some();
    article.language = language::choose(meta.language, &sample);
    article.sources.language = Some(if declared {
        MetaSource::Field("<html lang>")
    } else {
        MetaSource::Field("identified")
    });
}

/// One pass over the elements collecting the raw fields.
fn scan(doc: &Html) -> RawMeta {
    let mut raw = RawMeta::default();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "html" if raw.lang.is_none() => {
                raw.lang = el
                    .attr("lang")
                    .or_else(|| el.attr("xml:lang"))
                    .map(str::to_owned);
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .or_else(|| el.attr("http-equiv"));
                let value = el.attr("content").or_else(|| el.attr("datetime"));
                if let (Some(k), Some(v)) = (key, value) {
                    let v = clean_value(v);
                    if !v.is_empty() {
                        raw.metas.entry(k.trim().to_ascii_lowercase()).or_insert(v);
                    }
                }
            }
            "title" if raw.title_tag.is_none() => {
                raw.title_tag = Some(clean_value(&node_text(node))).filter(|s| !s.is_empty());
            }
            "h1" if raw.h1.is_none() => {
                raw.h1 = Some(collapse_ws(&node_text(node))).filter(|s| !s.is_empty());
            }
            "time" if raw.time_datetime.is_none() => {
                raw.time_datetime = el.attr("datetime").map(str::to_owned);
            }
            "script" => {
                let is_ld = el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld && !raw.ld.strong {
                    read_json_ld(&node_text(node), &mut raw.ld);
                }
            }
            _ => {}
        }
    }
    raw
}

/// All text under a node, iteratively.
fn node_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(&t[..]);
        }
        if out.len() > 1_000_000 {
            break;
        }
    }
    out
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Character references left in a field value, decoded: JSON-LD is script
/// text, which the parser leaves as written ("M&#038;A"), and some `<meta>`
/// values are escaped twice ("finally&amp;#8230;"). At most two rounds; a
/// value without `&` is returned as it is. Example: "Q&amp;A" → "Q&A".
fn decode_refs(s: String) -> String {
    let mut out = s;
    for _ in 0..2 {
        if !has_char_ref(&out) {
            break;
        }
        // Escaping `<` keeps the fragment parser from reading tags into it.
        let frag = Html::parse_fragment(&out.replace('<', "&lt;"));
        out = frag.root_element().text().collect();
    }
    out
}

/// Whether `s` holds something like a character reference: `&` followed by
/// `#` or letters and a `;` within a few chars.
fn has_char_ref(s: &str) -> bool {
    s.match_indices('&').any(|(i, _)| {
        let rest = &s.as_bytes()[i + 1..];
        let end = rest.iter().take(12).position(|&b| b == b';');
        end.is_some_and(|e| {
            e > 0
                && rest[..e]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'#')
        })
    })
}

/// A field value as text: references decoded, whitespace collapsed.
fn clean_value(s: &str) -> String {
    collapse_ws(&decode_refs(s.to_owned()))
}

/// Reads the first article object of a JSON-LD script into `out`, resolving
/// `{"@id": …}` references to people and organisations elsewhere in the script.
fn read_json_ld(text: &str, out: &mut LdArticle) {
    let t = text
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_end_matches("//]]>")
        .trim();
    let Ok(value) = serde_json::from_str::<Value>(t) else {
        return;
    };
    let nodes = objects(&value);
    let names: HashMap<&str, &str> = nodes
        .iter()
        .filter_map(|m| Some((m.get("@id")?.as_str()?, m.get("name")?.as_str()?)))
        .collect();
    for map in &nodes {
        let Some(kind) = ld_type(map.get("@type")) else {
            continue;
        };
        let strong = kind != "webpage";
        if strong || (!out.strong && out.headline.is_none()) {
            take_ld_fields(map, out, strong, &names);
            if strong {
                return;
            }
        }
    }
}

/// Every object in a JSON-LD value, outer before inner, at most [`MAX_JSON_NODES`] visited.
fn objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = vec![value];
    let mut visited = 0;
    while let Some(v) = stack.pop() {
        visited += 1;
        if visited > MAX_JSON_NODES {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                out.push(map);
                for key in [
                    "@graph",
                    "mainEntity",
                    "mainEntityOfPage",
                    "itemListElement",
                ] {
                    if let Some(inner) = map.get(key) {
                        stack.push(inner);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The article `@type` of an object (lowercase), if it is one.
fn ld_type(v: Option<&Value>) -> Option<String> {
    let names: Vec<&str> = match v? {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let mut best: Option<String> = None;
    for n in names {
        let n = n.to_ascii_lowercase();
        if ARTICLE_TYPES.contains(&n.as_str()) && (best.is_none() || n != "webpage") {
            best = Some(n);
        }
    }
    best
}

fn take_ld_fields(
    map: &serde_json::Map<String, Value>,
    out: &mut LdArticle,
    strong: bool,
    names: &HashMap<&str, &str>,
) {
    let s = |k: &str| {
        map.get(k)
            .and_then(Value::as_str)
            .map(clean_value)
            .filter(|s| !s.is_empty())
    };
    out.headline = s("headline").or_else(|| s("name"));
    out.date = s("datePublished").or_else(|| s("dateCreated"));
    out.description = s("description");
    out.author = map
        .get("author")
        .or_else(|| map.get("creator"))
        .and_then(|v| ld_names(v, names));
    out.publisher = map.get("publisher").and_then(|v| ld_names(v, names));
    out.strong = strong;
}

/// Names in an author/publisher value: a string, an object with `name` (or an
/// `@id` naming one elsewhere), or a list of those.
fn ld_names(v: &Value, ids: &HashMap<&str, &str>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().take(20).collect(),
        other => vec![other],
    };
    for item in items {
        let name = match item {
            Value::String(s) => Some(s.as_str()),
            Value::Object(m) => m.get("name").and_then(Value::as_str).or_else(|| {
                m.get("@id")
                    .and_then(Value::as_str)
                    .and_then(|id| ids.get(id).copied())
            }),
            _ => None,
        };
        if let Some(n) = name {
            let n = clean_value(n);
            if !n.is_empty() && !n.contains("://") && !names.contains(&n) {
                names.push(n);
            }
        }
    }
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_in_fields_are_decoded() {
        assert_eq!(clean_value("Harbour M&#038;A  deals"), "Harbour M&A deals");
        assert_eq!(
            clean_value("And finally&amp;#8230; rain"),
            "And finally… rain"
        );
        assert_eq!(clean_value("The mayor&#8217;s plan"), "The mayor’s plan");
        assert_eq!(
            clean_value("Tom & Jerry; <b> stays"),
            "Tom & Jerry; <b> stays"
        );
        assert_eq!(clean_value("AT&T results"), "AT&T results");
    }

    #[test]
    fn json_ld_headline_is_decoded() {
        let page = r#"<html><head><script type="application/ld+json">
            {"@type":"NewsArticle","headline":"Ferry fares &#8211; what changes &amp; when",
             "author":{"name":"Ana  O&#39;Neill"}}</script></head><body></body></html>"#;
        let meta = read(&Html::parse_document(page));
        assert_eq!(
            meta.title.map(|t| t.0).as_deref(),
            Some("Ferry fares – what changes & when")
        );
        assert_eq!(meta.author.map(|a| a.0).as_deref(), Some("Ana O'Neill"));
    }
}
