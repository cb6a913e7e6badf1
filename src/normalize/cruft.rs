//! Cruft families as data: one table of patterns per [`Reason`], matched with
//! two lazy DFAs over every rule's alternatives (a line keeps only the rules
//! whose word limit it fits).
//!
//! Each [`Rule`] says which reason a matching line gets, up to how many words the
//! rule applies (a long prose paragraph that merely mentions "subscribe" is not a
//! promo), and whether the line ends the article ([`End`]): comment sections and
//! paywalls run to the end of the page, copyright lines and share bars usually do.

use std::cell::RefCell;
use std::sync::LazyLock;

use regex_automata::hybrid::dfa::{self, Cache, DFA};
use regex_automata::{Input, MatchKind, PatternSet};

use crate::model::Reason;

/// Whether a matching line closes the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// An ordinary cruft line.
    No,
    /// Everything after it is cruft too (comments, paywall).
    Hard,
    /// Usually the end of the article (copyright, "Share this", `###`); only
    /// trusted once most of the article text has been seen.
    Soft,
}

/// One cruft pattern.
pub struct Rule {
    /// The reason a matching line gets.
    pub reason: Reason,
    /// The rule applies only to lines of at most this many words.
    pub max_words: usize,
    /// Whether the line ends the article.
    pub end: End,
    /// Case-insensitive regex (use `(?-i)` inside for case-sensitive parts).
    pub pattern: &'static str,
}

const fn rule(reason: Reason, max_words: usize, end: End, pattern: &'static str) -> Rule {
    Rule {
        reason,
        max_words,
        end,
        pattern,
    }
}

use End::{Hard, No, Soft};
use Reason::*;

/// The cruft table. Order matters only for the reason reported when several
/// rules match: the first matching rule wins.
pub static RULES: &[Rule] = &[
    // Comment sections and comment forms: counts, headers, forms, threads.
    rule(
        Comments,
        20,
        Hard,
        r"^\d[\d,.]*\s+(comments?|thoughts? on|responses? to|replies|reactions?)\b",
    ),
    rule(
        Comments,
        6,
        Hard,
        r"^(comments?|reader comments|discussion|conversation)\s*[(\[]\s*\d+\s*[)\]]\s*$|^(reader comments|join the conversation|conversation|discussion)$",
    ),
    rule(Comments, 2, No, r"^comments?$"),
    rule(
        Comments,
        16,
        Hard,
        r"^.+\bon\b.+\d{4}.*\b(said|says|wrote|disse|dijo|a écrit|schrieb):?$|\|\s*\d+\s+comments?$|^\d+\s+(respostas|comentários|comentarios|commentaires|kommentare|commenti)\b",
    ),
    rule(
        Comments,
        12,
        Hard,
        r"^(leave a (reply|comment)|join the (discussion|conversation)|post a comment|add a comment|write a comment|deixe (um|seu) comentário|comentários?\s*\(?\d*\)?$)",
    ),
    rule(
        Comments,
        12,
        Hard,
        r"comments? (are |is )?(powered by|by) disqus|^comments are closed|^guest ?book\b|^reader reviews\b|^sign the guest ?book",
    ),
    rule(
        Comments,
        30,
        No,
        r"^(pingback|trackback):|you are commenting using|^fill in your details below|log out\s*/\s*change|^connecting to %s|your email address will not be published|required fields are marked|^post comment$|^reply( to (this )?comment)?$|^reply\s*·|^\d+\s+likes?$|^load \d+ more comments|^(name|email|website|comment)\s*\*|notify me of (new|follow-up)|^(newest|oldest|top) (comments|first)",
    ),
    rule(
        Comments,
        8,
        No,
        r"·\s*\d+\s*(h|hr|hours?|m|min|minutes?|d|days?)\s+ago$",
    ),
    // A comment's author line: "riverfan88 says:", "Jane Roe says".
    rule(Comments, 5, No, r"^[^.!?:]+\ssays:?$"),
    // An ad slot's label that reads like a paywall: "Advertisement - Scroll to continue reading".
    rule(
        Advertisement,
        8,
        No,
        r"^\[?(advertisement|advertising)\]?\W+(scroll|story continues|continue reading)",
    ),
    // Paywall boxes: the rest of the page is locked.
    rule(
        Paywall,
        40,
        Hard,
        r"^keep reading\b|you'?ve reached your (limit|maximum)|to continue reading|^subscribe (now )?to (continue|keep) reading|already a subscriber\?|^this (article|content|story) is (only )?(available|for) (to )?(subscribers|members)|^subscriber exclusive|^continue reading with|^unlock (this|full) (article|access)",
    ),
    // Video transcripts (player chrome is below under widgets).
    rule(Widget, 4, No, r"^(video )?transcript:?$"),
    // Press-release and wire boilerplate after the body.
    rule(Footer, 2, Soft, r"^(#{3}|-30-|end of (story|article))$"),
    // Footers: copyright, addresses, mission statements.
    rule(
        Footer,
        40,
        Soft,
        r"^(©|\(c\)\s|copyright\b)|all rights reserved|^\s*\w[\w.'’ -]*'s mission is\b|^our mission\b|^(about us|terms of (use|service)|privacy policy)\b",
    ),
    rule(
        Footer,
        30,
        No,
        r"\b(registered in|company no\.?|kvk|registered office|postfach|p\.?o\.? box)\b|this material may not be (published|reproduced)|^(terms|privacy|contact|about|careers|advertise|site ?map|help)\s*(\||·|$)|^republish this article|^market data (is )?delayed|^images? by|^data:\s",
    ),
    // Cookie and consent banners.
    rule(
        Cookie,
        60,
        No,
        r"\bcookies?\b|we value your privacy|\bconsent\b|\bgdpr\b|^(accept|reject) all\b|manage (preferences|settings|options)|privacy settings|personal data",
    ),
    // Share widgets.
    rule(
        Share,
        12,
        Soft,
        r"^share (this|the) (article|story|post|page|fact check|obituary|video|gallery)\b|^share this:?",
    ),
    rule(
        Share,
        10,
        No,
        r"^(share|tweet|email|print|save|gift( this)? article|like this:?|compartilhe|compartilhar|partager|teilen|condividi)\b[^.!?]*$|\b(facebook|twitter|whatsapp|linkedin|pinterest|reddit)\s*(\||·|  |$)|^like this:|bloggers? like this|(facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram|e-?mail)\W+(facebook|twitter|whatsapp|linkedin|pinterest|pint|reddit|telegram|e-?mail|print|imprimir)\b",
    ),
    // Advertisement slots and sponsored items.
    rule(
        Advertisement,
        80,
        No,
        r"\[aditude|\[ad[-_ ]|^\[?(advertisement|advertising|anúncio|publicidade|publicidad|anzeige|publicité|pubblicità)\]?:?$|^(sponsored|paid (content|post)|partner content|promoted)\b|^ad\s*(choices?|feedback)?$|^story continues (below|after)|^(continue reading|article continues) below",
    ),
    // Newsletter, donation, subscription and app promos.
    rule(
        Promo,
        25,
        No,
        r"\bnewsletters?\b|\bsign[ -]?up\b|\bsubscribe\b|\bsubscription\b|\bdonat(e|ion|ing)\b|\bmake a gift\b|\bmatching gift\b|support (us|our|local|independent) (journalism|work|newsroom|reporting)?|^support us\b|\bbecome a (sustaining |founding )?(member|subscriber|supporter|patron)\b|\bmemberships?\b|download (our|the) app|get the app|\bnotify you\b|price drops|^no,? thanks?( you)?$|join [\d,.]+k? (readers|subscribers|others|people)|^letters to the editor\b|^(got|have) a (news )?(tip|question)\b|^follow us\b|^e-?edition\b|assine|inscreva-se",
    ),
    rule(
        Promo,
        70,
        No,
        r"\bwe need your support\b|without (your support|you)\b|\b(support|fund) (our|independent|quality) journalism\b|\bmonthly donation\b|\bchip in\b|\bour journalism\b.*\b(free|support)\b|\bsupport (the|our) (newsroom|mission)",
    ),
    rule(
        Promo,
        40,
        No,
        r"\b[\w.+-]+@[\w-]+\.[\w.]+\b.*\b(email|call|contact|write|include your)\b|\b(email|call|contact|write)\b.*\b[\w.+-]+@[\w-]+\.[\w.]+",
    ),
    // Polls and surveys.
    rule(
        Poll,
        12,
        No,
        r"^poll:|\bpoll$|^(take|vote in) (our|the|this) (poll|survey)|^(quick )?(poll|survey)\b.*$",
    ),
    // Related-link lines and their headers.
    rule(
        RelatedLinks,
        6,
        Hard,
        r"^(you (may|might) (also )?(like|enjoy)|você (também )?pode (gostar|se interessar)|(também )?pode (lhe )?interessar|te puede interesar|recommended for you|das könnte sie auch interessieren|potrebbe interessarti|vous aimerez aussi)\W*$",
    ),
    rule(
        RelatedLinks,
        30,
        No,
        r"^(related( (stories|articles|links|content|coverage|opinion|posts|reading|topics))?|read more|read also|read next|see also|more (from|on|in|news|stories|videos|galleries|interviews|headlines)\b|most (read|viewed|popular|shared|emailed)|recent( fact checks| posts| stories| articles)?|trending( now)?|recommended( for you| stories)?|you (may|might) also like|up next|watch next|readers'? picks|editors'? picks|top stories|latest (news|stories)|leia (também|mais)|veja também|saiba mais|lea también|lire aussi|mehr zum thema|leggi anche)\b(?:[^.!?]|\d\.\d)*$",
    ),
    rule(RelatedLinks, 8, No, r"(?-i)^MORE [A-Z&' ]+$"),
    rule(
        RelatedLinks,
        25,
        No,
        r"^(\d+\.\s+)?.+\(\d{1,2}:\d{2}\)$|\(\d+ photos\)$",
    ),
    // Navigation: skip links, breadcrumbs, log-in bars.
    rule(
        Navigation,
        20,
        No,
        r"^skip to (the )?(main )?(content|article|story|navigation|search)|^(home|menu|search|log ?in|sign ?in|log ?out|my account|account settings)\b[^.!?]*$|^(‹|«)?\s*(previous|next)\b[^.!?]*$|^back to top$|^view all\b|^start slideshow$|^(tags|topics|categories|filed under|sections?):",
    ),
    // Widgets: tickers, weather, scores, alerts, players, embeds.
    rule(
        Widget,
        40,
        No,
        r"(?-i)^[A-Z][A-Z ]+(ALERT|WARNING|UPDATE)?:\s.*(›|»)\s*$|(?-i)^(WEATHER|TRAFFIC|SEVERE WEATHER|BREAKING|BREAKING NEWS|AMBER|LIVE)( ALERT)?:",
    ),
    rule(
        Widget,
        30,
        No,
        r"[▲▼]|\d\s*°[fc]?\s*/\s*\d|\bh\s*\d+°|\b\d+°[fc]\b|^\d+-day forecast|^air quality|^\d{1,2}\s*/\s*\d{1,3}$|^\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}$|^\[\d{1,2}:\d{2}(:\d{2})?\]|^\[end of transcript\]|^autoplay\b|^listen( to (this )?(article|story))?\b.*$|^\d+ min(ute)?s? read$|^reading time\b|^stocks mentioned:|^(key events|show key events only)|please (turn on|enable) javascript|@\w{2,}\s*$|\b\d[\d.,]*k? (reposts|retweets|likes)\b",
    ),
    rule(
        Widget,
        12,
        No,
        r"^(final|ft|ht):\s|^(attendance|officials):|^(precincts|districts) reporting:|^results dashboard|^(full|statewide|county) results\b|^download (csv|pdf|data)",
    ),
];

/// Rewrites a rule pattern for matching: case-insensitive, with ASCII word
/// boundaries and classes. A Unicode `\b` forces the slow NFA on non-ASCII
/// text, and Unicode `\w` and `\d` blow up the number of DFA states.
fn ascii(p: &str) -> String {
    let p = p
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"\w", "[0-9A-Za-z_]")
        .replace(r"\d", "[0-9]");
    format!("(?i){p}")
}

/// The top-level alternatives of a pattern (split at `|` outside groups,
/// classes and escapes).
fn alternatives(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut class, mut escaped, mut start) = (0usize, false, false, 0usize);
    for (i, c) in pattern.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !class => class = true,
            ']' if class => class = false,
            '(' if !class => depth += 1,
            ')' if !class => depth = depth.saturating_sub(1),
            '|' if !class && depth == 0 => {
                out.push(pattern.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(pattern.get(start..).unwrap_or(""));
    out
}

/// Whether an alternative only matches at the start of the line.
fn is_anchored(alt: &str) -> bool {
    alt.trim_start_matches("(?-i)").starts_with('^')
}

/// One lazy DFA over some alternatives of [`RULES`], with the rule index of
/// each alternative (its pattern id).
struct Set {
    dfa: DFA,
    rules: Vec<usize>,
}

impl Set {
    fn build(pats: &[String], rules: Vec<usize>) -> Option<Set> {
        let config = dfa::Config::new()
            // Every alternative, so an overlapping search can name them all.
            .match_kind(MatchKind::All)
            .cache_capacity(8 << 20)
            // Keep searching after cache clears instead of giving up; with
            // ASCII word boundaries there are no quit bytes either, so a
            // search cannot fail.
            .minimum_cache_clear_count(None);
        let dfa = dfa::Builder::new()
            .configure(config)
            .build_many(pats)
            .ok()?;
        Some(Set { dfa, rules })
    }

    /// The first rule (lowest [`RULES`] index) of this set that matches `head`
    /// and applies to lines of `words` words.
    fn first(&self, cache: &mut Cache, head: &str, words: usize) -> Option<usize> {
        // Most lines match nothing: a plain search, which stops at the first
        // match, is cheaper than the overlapping one that finds them all.
        let hit = self
            .dfa
            .try_search_fwd(cache, &Input::new(head).earliest(true));
        if !matches!(hit, Ok(Some(_))) {
            return None;
        }
        let mut found = PatternSet::new(self.dfa.pattern_len());
        self.dfa
            .try_which_overlapping_matches(cache, &Input::new(head), &mut found)
            .ok()?;
        found
            .iter()
            .filter_map(|id| self.rules.get(id.as_usize()).copied())
            .filter(|&i| RULES.get(i).is_some_and(|r| words <= r.max_words))
            .min()
    }
}

/// The compiled table: every rule's `^`-anchored alternatives in one set and
/// the rest in another.
///
/// Why two lazy DFAs and not `regex::RegexSet`s: most lines are short (about
/// 46 bytes on generated pages, some 280 lines a page) and match nothing, so
/// the cost is the search itself; the bare lazy DFAs with per-thread caches
/// did the same searches 1.7-2.5x faster than the per-band sets (three passes
/// over the lines of 1,000 generated pages, in one process). Anchored alternatives get their own set so
/// that its search stops as soon as no alternative can continue; the floating
/// ones are mostly keywords, which keep the second automaton small. One set
/// over every alternative would keep determinizing new product states.
struct Sets {
    anchored: Set,
    floating: Set,
    /// The largest `max_words` of any rule: longer lines match nothing.
    max_words: usize,
}

static SETS: LazyLock<Option<Sets>> = LazyLock::new(|| {
    let mut anchored = (Vec::new(), Vec::new());
    let mut floating = (Vec::new(), Vec::new());
    for (i, rule) in RULES.iter().enumerate() {
        for alt in alternatives(rule.pattern) {
            let (pats, rules) = if is_anchored(alt) {
                &mut anchored
            } else {
                &mut floating
            };
            pats.push(ascii(alt));
            rules.push(i);
        }
    }
    Some(Sets {
        anchored: Set::build(&anchored.0, anchored.1)?,
        floating: Set::build(&floating.0, floating.1)?,
        max_words: RULES.iter().map(|r| r.max_words).max()?,
    })
});

thread_local! {
    /// This thread's search caches for [`SETS`] (anchored, floating).
    static CACHES: RefCell<Option<(Cache, Cache)>> = const { RefCell::new(None) };
}

/// The first rule that matches `line` (of `words` words), if any.
///
/// Only the first 600 bytes are looked at, so a huge line costs no more than a
/// normal one.
pub fn match_rule(line: &str, words: usize) -> Option<&'static Rule> {
    let sets = SETS.as_ref()?;
    if words > sets.max_words {
        return None;
    }
    let head = prefix(line, 600);
    let i = CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        let (ca, cf) = caches.get_or_insert_with(|| {
            (
                sets.anchored.dfa.create_cache(),
                sets.floating.dfa.create_cache(),
            )
        });
        let a = sets.anchored.first(ca, head, words);
        a.into_iter()
            .chain(sets.floating.first(cf, head, words))
            .min()
    })?;
    RULES.get(i)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> Option<Reason> {
        let words = line.split_whitespace().count();
        match_rule(line, words).map(|r| r.reason)
    }

    #[test]
    fn all_patterns_compile() {
        assert!(SETS.is_some());
        for r in RULES {
            assert!(regex::Regex::new(r.pattern).is_ok(), "{}", r.pattern);
        }
    }

    #[test]
    fn families() {
        assert_eq!(reason("Advertisement"), Some(Advertisement));
        assert_eq!(reason("[aditude-amp id=\"x\"]"), Some(Advertisement));
        assert_eq!(reason("2 thoughts on “China’s Willing"), Some(Comments));
        assert_eq!(reason("blog comments powered by Disqus"), Some(Comments));
        assert_eq!(reason("Pingback: World News | Censorship"), Some(Comments));
        assert_eq!(reason("Subscribe to INQ newsletters"), Some(Promo));
        assert_eq!(
            reason("Will you support The World with a monthly donation?"),
            Some(Promo)
        );
        assert_eq!(
            reason("Related: Zoo raises ticket price to $29.95"),
            Some(RelatedLinks)
        );
        assert_eq!(
            reason("More from GlobalPost: China's army linked"),
            Some(RelatedLinks)
        );
        assert_eq!(reason("INQ Poll"), Some(Poll));
        assert_eq!(reason("Share this:"), Some(Share));
        assert_eq!(
            reason("© 2024 Skyward Notes · Powered by WordPress"),
            Some(Footer)
        );
        assert_eq!(
            reason("[00:09] IMELDA: They float like logs."),
            Some(Widget)
        );
        assert_eq!(reason("Keep reading for just $1 a week."), Some(Paywall));
    }

    #[test]
    fn prose_is_not_cruft() {
        assert_eq!(reason("The council said it would subscribe to the view that the plan, which was debated for hours by members of the public and officials alike, should pass despite objections from several residents who live nearby."), None);
        assert_eq!(reason("The motion passed by 31 votes to 18."), None);
        assert_eq!(reason("VALSECCHI: Because I wrote the ending first."), None);
    }

    #[test]
    fn word_limits_and_rule_order_decide_the_match() {
        // The Promo keyword rule applies up to 25 words; no other rule matches.
        let short = "Sign up for our weekly briefing and subscribe to get the best of our reporting in your inbox every Friday morning";
        let long =
            format!("{short} along with a few extra words that push this line well past the limit");
        assert!(short.split_whitespace().count() <= 25);
        assert!(long.split_whitespace().count() > 25);
        assert_eq!(reason(short), Some(Promo));
        assert_eq!(reason(&long), None);
        // Past every rule's limit nothing is looked up.
        let huge = "cookie ".repeat(100);
        assert_eq!(reason(&huge), None);
        assert_eq!(reason("cookie settings"), Some(Cookie));
        // Two Share rules match "Share this article"; the first (a soft end) wins
        // over the later plain one.
        let r = match_rule("Share this article", 3).map(|r| (r.reason, r.end));
        assert_eq!(r, Some((Share, Soft)));
        let r = match_rule("Share", 1).map(|r| (r.reason, r.end));
        assert_eq!(r, Some((Share, No)));
    }

    #[test]
    fn splits_alternatives() {
        assert_eq!(
            alternatives(r"^a(b|c)|[|]d|\|e"),
            vec![r"^a(b|c)", "[|]d", r"\|e"]
        );
        assert!(is_anchored("(?-i)^MORE"));
        assert!(!is_anchored(r"\bmore"));
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        assert_eq!(prefix("héllo", 2), "h");
        assert_eq!(prefix("abc", 10), "abc");
    }
}
