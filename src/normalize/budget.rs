//! The memory bound of one HTML page: the DOM is built under a node budget and a
//! text budget, and parsing stops (the page is cut there) once either is spent.
//!
//! A page's cost is in the tree the parser builds, not in its bytes: html5ever
//! reopens unclosed formatting elements in every new paragraph, so 18 MB of
//! `<p><i>x` made 15 million nodes and 4.2 GB of memory. [`parse_document`] feeds
//! the parser in chunks of [`CHUNK_BYTES`] through [`CountingSink`], which counts
//! the nodes and text bytes it is given; past [`NODE_BUDGET`] or [`TEXT_BUDGET`] no
//! more input is fed and the parser closes what is open. The tree can exceed the
//! budget only by what one chunk adds. Real news pages hold a few thousand
//! elements (the largest of `../shared/bench`: about 1,800 start tags), so the
//! budget only ever cuts hostile or broken markup, and the cut is reported as a
//! warning on the article.

use std::borrow::Cow;
use std::cell::Cell;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

/// Nodes (elements, comments, text appends) one page may create: about 60 MB of
/// tree and per-element bookkeeping downstream.
pub const NODE_BUDGET: usize = 200_000;

/// Text bytes one page may hand to the tree, and the longest plain-text page read
/// ([`cut_text`]): an article is rarely past 100 KB, and quote extraction over a
/// 16 MB page of quotes took 6 minutes and 644 MB.
pub const TEXT_BUDGET: usize = 4 << 20;

/// Input fed to the parser between budget checks; bounds the overshoot.
pub const CHUNK_BYTES: usize = 16 << 10;

/// Where and why a page was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// Input bytes parsed before the cut.
    pub at_byte: usize,
    /// Which budget was spent.
    pub budget: Budget,
}

/// The budgets of [`parse_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// [`NODE_BUDGET`].
    Nodes,
    /// [`TEXT_BUDGET`].
    Text,
}

impl Cut {
    /// The warning recorded on the article.
    pub fn warning(&self) -> String {
        let what = match self.budget {
            Budget::Nodes => format!("{NODE_BUDGET} DOM nodes"),
            Budget::Text => format!("{TEXT_BUDGET} bytes of text"),
        };
        format!(
            "page cut after {} bytes of markup: past the budget of {what} per page",
            self.at_byte
        )
    }
}

/// Parses `html` as a document within the budgets; the tree and where it was cut.
pub fn parse_document(html: &str) -> (Html, Option<Cut>) {
    parse_with(html, NODE_BUDGET, TEXT_BUDGET)
}

/// [`parse_document`] with the budgets given (tests use small ones).
pub fn parse_with(html: &str, nodes: usize, text: usize) -> (Html, Option<Cut>) {
    let sink = CountingSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        nodes: Cell::new(0),
        text: Cell::new(0),
    };
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut at = 0;
    let mut cut = None;
    while at < html.len() {
        let mut end = (at + CHUNK_BYTES).min(html.len());
        while !html.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(html.get(at..end).unwrap_or("")));
        at = end;
        let sink = &parser.tokenizer.sink.sink;
        let over = if sink.nodes.get() > nodes {
            Some(Budget::Nodes)
        } else if sink.text.get() > text {
            Some(Budget::Text)
        } else {
            None
        };
        if let Some(budget) = over {
            cut = Some(Cut {
                at_byte: at,
                budget,
            });
            break;
        }
    }
    (parser.finish(), cut)
}

/// A plain-text page within [`TEXT_BUDGET`]: cut at the last line break before it
/// (or at a character boundary when a line is longer), with the warning to record.
pub fn cut_text(text: &str) -> (&str, Option<String>) {
    if text.len() <= TEXT_BUDGET {
        return (text, None);
    }
    let mut end = TEXT_BUDGET;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end).unwrap_or("");
    let head = head
        .rfind('\n')
        .map_or(head, |nl| head.get(..nl).unwrap_or(head));
    let warning = format!(
        "page cut after {} of {} bytes of text: past the budget of {TEXT_BUDGET} bytes per page",
        head.len(),
        text.len()
    );
    (head, Some(warning))
}

/// scraper's tree sink, counting what it is given.
struct CountingSink {
    inner: HtmlTreeSink,
    nodes: Cell<usize>,
    text: Cell<usize>,
}

impl CountingSink {
    fn count(&self, child: &NodeOrText<<HtmlTreeSink as TreeSink>::Handle>) {
        self.nodes.set(self.nodes.get() + 1);
        if let NodeOrText::AppendText(t) = child {
            self.text.set(self.text.get() + t.len());
        }
    }
}

type Handle = <HtmlTreeSink as TreeSink>::Handle;

impl TreeSink for CountingSink {
    type Handle = Handle;
    type Output = Html;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }
    fn get_document(&self) -> Handle {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a Handle) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        self.nodes.set(self.nodes.get() + 1);
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> Handle {
        self.nodes.set(self.nodes.get() + 1);
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        self.nodes.set(self.nodes.get() + 1);
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.count(&child);
        self.inner.append(parent, child);
    }
    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev: &Handle,
        child: NodeOrText<Handle>,
    ) {
        self.count(&child);
        self.inner.append_based_on_parent_node(element, prev, child);
    }
    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system);
    }
    fn mark_script_already_started(&self, node: &Handle) {
        self.inner.mark_script_already_started(node);
    }
    fn pop(&self, node: &Handle) {
        self.inner.pop(node);
    }
    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }
    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.count(&new_node);
        self.inner.append_before_sibling(sibling, new_node);
    }
    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }
    fn associate_with_form(
        &self,
        target: &Handle,
        form: &Handle,
        nodes: (&Handle, Option<&Handle>),
    ) {
        self.inner.associate_with_form(target, form, nodes);
    }
    fn remove_from_parent(&self, target: &Handle) {
        self.inner.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.inner.reparent_children(node, new_parent);
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }
    fn set_current_line(&self, line: u64) {
        self.inner.set_current_line(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_within_the_budget_parses_whole() {
        let (doc, cut) = parse_with("<p>one</p><p>two</p>", 100, 100);
        assert_eq!(cut, None);
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, "onetwo");
    }

    #[test]
    fn unclosed_formatting_tags_stop_at_the_node_budget() {
        let page = format!("<html><body>{}", "<p><i>x".repeat(50_000));
        let (doc, cut) = parse_with(&page, 2_000, TEXT_BUDGET);
        let cut = cut.expect("cut");
        assert_eq!(cut.budget, Budget::Nodes);
        assert!(cut.at_byte < page.len());
        // Over by at most what one chunk adds.
        assert!(
            doc.tree.nodes().count() < 2_000 + 8 * CHUNK_BYTES,
            "{}",
            doc.tree.nodes().count()
        );
        assert!(cut.warning().contains("DOM nodes"), "{}", cut.warning());
    }

    #[test]
    fn text_past_the_text_budget_is_cut() {
        let page = format!("<p>{}</p>", "word ".repeat(20_000));
        let (_, cut) = parse_with(&page, NODE_BUDGET, 10_000);
        assert_eq!(cut.map(|c| c.budget), Some(Budget::Text));
    }

    #[test]
    fn a_long_text_page_is_cut_at_a_line_break_within_the_budget() {
        let line = "Prices rose 4% to $120 million, officials said.\n";
        let page = line.repeat(TEXT_BUDGET / line.len() + 10);
        let (head, warning) = cut_text(&page);
        assert!(head.len() <= TEXT_BUDGET && head.ends_with("said."));
        assert!(warning.is_some_and(|w| w.contains("budget")));
        assert_eq!(cut_text(line), (line, None));
        let one_line = "\u{e9}".repeat(TEXT_BUDGET);
        assert!(cut_text(&one_line).0.len() <= TEXT_BUDGET);
    }

    #[test]
    fn multibyte_text_across_chunk_boundaries_is_kept() {
        let body = "é€".repeat(CHUNK_BYTES);
        let (doc, cut) = parse_with(&format!("<p>{body}</p>"), NODE_BUDGET, TEXT_BUDGET);
        assert_eq!(cut, None);
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, body);
    }
}
