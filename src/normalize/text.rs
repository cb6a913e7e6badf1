//! Plain-text page dumps: one block per line, blank lines between blocks.
//!
//! The page is read in passes, each linear in the number of lines:
//! 1. every line is measured ([`features::measure`]) and matched against the
//!    cruft table ([`cruft::RULES`]); prose-like lines are marked *good*;
//! 2. context smoothing: a promo or poll header takes its short heading and
//!    buttons with it, an embedded post takes its text;
//! 3. comment sections, paywalls and footers cut the page ([`cruft::End`]);
//! 4. the article body is the run of lines with the best score (good prose
//!    counts for, cruft and short lines against: a maximum-sum subarray);
//! 5. the headline is picked just above the body, and the lines between it and
//!    the body give byline, date, dek and lead image;
//! 6. inside the body, captions, credits, pull quotes and non-prose lines are
//!    taken out. Every non-body line is recorded in `removed` with a reason.

use super::cruft::{self, End, Rule};
use super::features::{self, Features, Lang};
use super::meta;
use super::metadata::lines::{self as meta_lines, PageLine};
use super::metadata::{byline, dates, language, title as titles};
use super::text_byline;
use super::trim_line;
use crate::model::{Article, Image, MetaSource, Reason, Removed};
/// How far above the body (in non-empty lines) the headline is looked for.
const TITLE_WINDOW: usize = 40;
/// [`restated_above`]: how far above a restated headline is looked for.
const RESTATED_WINDOW: usize = 12;
/// [`restated_above`]: how much less than the picked line the headline may score.
const RESTATED_MARGIN: i32 = 25;
/// How far above the body a repeat of the headline (breadcrumb, share text) counts.
const REPEAT_WINDOW: usize = 15;
/// End marks some sites put after the last paragraph.
const END_MARKS: &[char] = &['µ', '■', '□', '▪', '◆', '●', '∎', '¶'];

/// One non-empty line of the page.
struct Line<'a> {
    /// 1-based line number in the input.
    no: usize,
    /// Trimmed text.
    text: &'a str,
    f: Features,
    /// Cruft reason from the table or from structure.
    cruft: Option<Reason>,
    /// Whether this line ends the article.
    end: End,
    /// Looks like a prose paragraph.
    good: bool,
    /// Final decision: `None` = body.
    label: Option<Reason>,
}

/// Splits a text page into body and removed lines.
pub fn normalize_text(text: &str) -> Article {
    // One pass measures every line; the stop-word count of the page language
    // is filled in once the language is identified.
    let mut measured: Vec<(usize, &str, Features, [usize; features::N_LANGS])> =
        // Room for a typical page's lines up front (bounded: blank lines take none).
        Vec::with_capacity((memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1).min(4096));
    for (i, raw) in text.lines().enumerate() {
        let t = trim_line(raw);
        if t.is_empty() {
            continue;
        }
        let (f, stops) = features::measure_all(strip_end_mark(t));
        measured.push((i + 1, t, f, stops));
    }
    // Stop words decide a plainly English, Portuguese, … page; the identifier
    // reads the rest (other languages and scripts, mixed text).
    let mut stops = [0usize; features::N_LANGS];
    let mut prose_words = 0;
    for m in measured.iter().filter(|m| m.2.eff_words >= 8) {
        prose_words += m.2.words;
        for (total, n) in stops.iter_mut().zip(m.3) {
            *total += n;
        }
    }
    let code = features::clear_language(&stops, prose_words)
        .and_then(features::lang_code)
        .or_else(|| {
            language::identify(&language::sample(
                measured.iter().filter(|m| m.2.eff_words >= 8).map(|m| m.1),
            ))
        })
        .unwrap_or("en");
    let lang = features::lang_index(code);
    let mut lines: Vec<Line> = measured
        .into_iter()
        .map(|(no, t, mut f, stops)| {
            f.stops = lang.and_then(|l| stops.get(l).copied()).unwrap_or(0);
            classify_line(no, t, f, lang)
        })
        .collect();
    let mut article = Article {
        language: code.to_owned(),
        ..Article::default()
    };
    if lines.is_empty() {
        return article;
    }
    smooth(&mut lines);
    let cut = find_cut(&lines);
    for line in lines.iter_mut().skip(cut.0) {
        line.label = Some(line.cruft.unwrap_or(cut.1));
    }
    let (start, end, _) = best_region(&lines[..cut.0]);
    let title = find_title(&lines, start);
    let mut body_start = start;
    if let Some(t) = title {
        read_header(&mut lines, t, &mut body_start, end, &mut article);
    } else {
        for line in lines.iter_mut().take(start) {
            line.label = Some(line.cruft.unwrap_or(Reason::Navigation));
        }
    }
    let headline = title.map(|t| lines[t].text);
    read_body(&mut lines, headline, body_start, end, &mut article);
    for line in lines.iter_mut().skip(end).take(cut.0.saturating_sub(end)) {
        let credit = (line.cruft.is_none() && line.f.words <= 12)
            .then(|| meta::split_credit(line.text, false))
            .flatten();
        line.label = Some(match credit {
            Some((cap, who)) => {
                // "Chinese flag image via Shutterstock" credits the photo above.
                match article.images.last_mut().filter(|im| im.credit.is_none()) {
                    Some(im) => im.credit = Some(who),
                    None => article.images.push(Image {
                        caption: cap,
                        credit: Some(who),
                    }),
                }
                Reason::Credit
            }
            None => line.cruft.unwrap_or(Reason::Boilerplate),
        });
    }
    if let Some(no) = read_metadata(&lines, title.unwrap_or(body_start), &mut article) {
        if let Some(l) = lines.iter_mut().find(|l| l.no == no && l.label.is_some()) {
            l.label = Some(Reason::Byline);
        }
    }
    for line in &lines {
        match line.label {
            None => article.body.push(strip_end_mark(line.text).to_owned()),
            Some(reason) => article.removed.push(Removed {
                line: line.no,
                text: line.text.to_owned(),
                reason,
            }),
        }
    }
    article
}

/// A measured line (`f` from [`features::measure`] of the line without its end
/// mark) with its cruft rule and prose verdict.
fn classify_line(no: usize, text: &str, f: Features, lang: Lang) -> Line<'_> {
    let rule: Option<&Rule> = cruft::match_rule(text, f.words);
    let mut cruft = rule.map(|r| r.reason);
    let menu = f.separators >= 3 && !f.ends_sentence;
    if cruft.is_none() || (menu && matches!(cruft, Some(Reason::Promo | Reason::Share))) {
        cruft = structural_cruft(&f);
    }
    let good = cruft.is_none()
        && f.eff_words >= 10
        && (f.ends_sentence || (f.eff_words >= 25 && f.sentence_marks >= 1))
        && (lang.is_none() || f.stop_density() >= 0.08)
        && f.cap_ratio() <= 0.6
        && f.separators < 2;
    Line {
        no,
        text,
        f,
        cruft,
        end: rule.map_or(End::No, |r| r.end),
        good,
        label: None,
    }
}

/// Menus, tables and tickers recognised by shape alone.
fn structural_cruft(f: &Features) -> Option<Reason> {
    if f.separators >= 2 && f.numeric >= 2 {
        return Some(Reason::Widget);
    }
    if f.separators >= 3 && !f.ends_sentence {
        return Some(Reason::Navigation);
    }
    if f.words >= 3 && f.numeric * 2 >= f.words && !f.ends_sentence {
        return Some(Reason::Widget);
    }
    if f.words >= 8 && f.lowercase == 0 && !f.ends_sentence {
        return Some(Reason::Navigation);
    }
    None
}

/// A Title Case headline that [`structural_cruft`] took for a row of menu
/// links: its function words are capitalised too ("How To Design A Room Like
/// An Interior Designer" has four; "Home News Sports Opinion Weather
/// Obituaries" none), with at most one bar ("… | Guides"). Still a headline
/// candidate, never body.
fn is_title_case_headline(l: &Line) -> bool {
    let f = &l.f;
    l.cruft == Some(Reason::Navigation)
        && f.lowercase == 0
        && f.separators <= 1
        && f.words <= 25
        && f.stops >= 2
        && f.stops * 8 >= f.words
        && l.text.chars().any(char::is_lowercase)
}

/// A short line that is neither prose nor sentence: a heading or a button.
fn is_heading(l: &Line) -> bool {
    !l.good && l.cruft.is_none() && !l.f.ends_sentence && l.f.words <= 6
}

/// Context smoothing around cruft blocks.
fn smooth(lines: &mut [Line]) {
    for i in 0..lines.len() {
        let Some(reason) = lines[i].cruft else {
            continue;
        };
        let blocky = matches!(
            reason,
            Reason::Promo
                | Reason::Poll
                | Reason::RelatedLinks
                | Reason::Paywall
                | Reason::Comments
        );
        let heading_above = matches!(reason, Reason::Promo | Reason::Poll | Reason::Paywall);
        if heading_above && i > 0 && is_heading(&lines[i - 1]) && lines[i].f.separators < 2 {
            lines[i - 1].cruft = Some(reason);
        }
        let list_below = matches!(
            reason,
            Reason::Poll | Reason::RelatedLinks | Reason::Comments
        );
        if blocky && list_below {
            let mut taken = 0;
            let mut j = i + 1;
            while j < lines.len() && taken < 3 {
                let l = &lines[j];
                let poll_item = reason == Reason::Poll && l.cruft.is_none() && l.f.words <= 25;
                if !(is_heading(l) || poll_item) {
                    break;
                }
                lines[j].cruft = Some(reason);
                taken += 1;
                j += 1;
            }
        }
        // An embedded social post: the handle line, then the post text.
        let handle = lines[i]
            .text
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with('@'));
        if reason == Reason::Widget && handle && lines[i].f.words <= 8 {
            if let Some(next) = lines.get_mut(i + 1) {
                if next.cruft.is_none() && next.f.words <= 80 {
                    next.cruft = Some(Reason::Widget);
                    next.good = false;
                }
            }
        }
    }
    for l in lines.iter_mut() {
        if l.cruft.is_some() {
            l.good = false;
        }
    }
}

/// Where the article ends for good (comments, paywall, footer), and the reason
/// for what follows. Returns `(lines.len(), _)` when nothing cuts the page.
///
/// A terminator is trusted when the prose above it outweighs what follows: a
/// "Comments" link in the top menu must not cut the page before the article.
fn find_cut(lines: &[Line]) -> (usize, Reason) {
    const MAX_TRIES: usize = 6;
    let mut tries = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.end == End::No {
            continue;
        }
        tries += 1;
        if tries > MAX_TRIES {
            break;
        }
        let before = best_region(&lines[..i]).2;
        let after = best_region(&lines[i + 1..]).2;
        let trusted = match l.end {
            End::Hard => before >= 150 && !article_goes_on(&lines[i + 1..], before, after),
            _ => before >= 150 && before >= after,
        };
        if trusted {
            let fallback = if l.end == End::Hard {
                Reason::Comments
            } else {
                Reason::Footer
            };
            return (i, l.cruft.unwrap_or(fallback));
        }
    }
    (lines.len(), Reason::Footer)
}

/// Whether the prose after a hard end (a "124 Comments" link, an "Already a
/// subscriber?" box) is the rest of the article rather than a thread: it
/// outweighs the prose above [`CUT_OUTWEIGHS`] times, runs paragraph after
/// paragraph, and no comment lines ("Reply", "riverfan88 says:") follow.
fn article_goes_on(rest: &[Line], before: i64, after: i64) -> bool {
    if after <= CUT_OUTWEIGHS * before {
        return false;
    }
    let (s, e, _) = best_region(rest);
    let run = rest.get(s..e).unwrap_or_default();
    let paragraph_pairs = run.windows(2).filter(|w| w[0].good && w[1].good).count();
    let thread_lines = rest
        .iter()
        .take(THREAD_WINDOW)
        .filter(|l| l.cruft == Some(Reason::Comments))
        .count();
    paragraph_pairs >= MIN_PARAGRAPH_PAIRS && thread_lines < MIN_THREAD_LINES
}

/// [`article_goes_on`]: how many times the prose above a hard end the prose
/// after it must weigh.
const CUT_OUTWEIGHS: i64 = 3;
/// [`article_goes_on`]: pairs of consecutive prose paragraphs after the end.
const MIN_PARAGRAPH_PAIRS: usize = 3;
/// [`article_goes_on`]: comment lines within [`THREAD_WINDOW`] lines that make
/// it a thread.
const MIN_THREAD_LINES: usize = 3;
const THREAD_WINDOW: usize = 40;

/// Score of one line for the body search.
fn weight(l: &Line) -> i64 {
    let chars = l.f.chars as i64;
    if l.good {
        chars
    } else if l.cruft.is_some() {
        -(30 + (chars / 3).min(150))
    } else if l.f.ends_sentence && l.f.eff_words >= 4 && l.f.lowercase > 0 {
        chars / 4
    } else if l.f.ends_sentence && l.f.eff_words >= 3 {
        -5
    } else {
        -(15 + (chars / 4).min(60))
    }
}

/// The maximum-sum run of lines `[start, end)` and its score; empty when
/// nothing is prose.
fn best_region(lines: &[Line]) -> (usize, usize, i64) {
    let mut best = (0i64, 0usize, 0usize);
    let mut sum = 0i64;
    let mut from = 0usize;
    for (i, l) in lines.iter().enumerate() {
        if sum <= 0 {
            sum = 0;
            from = i;
        }
        sum += weight(l);
        if sum > best.0 {
            best = (sum, from, i + 1);
        }
    }
    if best.0 == 0 {
        return (lines.len(), lines.len(), 0);
    }
    (best.1, best.2, best.0)
}

/// Headline evidence, each a named weight (in tenths) with an example.
mod headline {
    /// Share of its words (4+ letters; at least four counted) that recur in the
    /// opening paragraphs, times this: "Bridge reopens after repairs" over
    /// "The bridge reopened …".
    pub const SHARED_WORDS: i32 = 50;
    /// A dateline or byline within five lines below ("By Jane Roe").
    pub const BYLINE_BELOW: i32 = 30;
    /// A dateline within two lines above ("March 3, 2025 / Local").
    pub const DATE_ABOVE: i32 = 20;
    /// The same line again near the body (breadcrumb, share text).
    pub const REPEATED: i32 = 20;
    /// 4 to 25 words long.
    pub const HEADLINE_LENGTH: i32 = 10;
    /// Ends with a period, like a dek or a caption.
    pub const ENDS_WITH_PERIOD: i32 = -10;
    /// Starts lower-case or has no lower-case letter ("read more", "MENU ITEM").
    pub const ODD_CASE: i32 = -30;
    /// An image's alt text or a logo ("Cleveland Clinic logo").
    pub const ALT_TEXT: i32 = -30;
    /// Ends with a link arrow ("Corvane Materials Inc. →").
    pub const LINK_ARROW: i32 = -30;
    /// A numbered item: a list entry or an in-article section ("3. Pick a
    /// carrier"), not the headline.
    pub const NUMBERED: i32 = -30;
    /// Per line between the candidate and the body.
    pub const DISTANCE: i32 = -1;
    /// A headline comes before its dek: the line right above the best one wins
    /// when it scores at most this much less.
    pub const DEK_MARGIN: i32 = 10;
}

/// Lower-cased words of 4+ letters: the words a headline shares with its text.
fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
}

/// Picks the headline among the lines just above the body, by the weights in
/// [`headline`]; on a tie the line nearer the body wins.
fn find_title(lines: &[Line], start: usize) -> Option<usize> {
    let from = start.saturating_sub(TITLE_WINDOW);
    let opening: std::collections::HashSet<String> = lines
        .iter()
        .skip(start)
        .take(8)
        .flat_map(|l| content_words(l.text))
        .collect();
    let mut best: Option<(i32, usize)> = None;
    let mut scores: Vec<(usize, i32)> = Vec::new();
    for i in from..start.min(lines.len()) {
        let l = &lines[i];
        if l.cruft.is_some() && !is_title_case_headline(l) || l.good && l.f.words > 30 {
            continue;
        }
        if l.f.eff_words < 3 || l.f.eff_words > 30 || is_dateline(l) || is_byline(l) {
            continue;
        }
        let (mut shared, mut all) = (0, 0);
        for w in content_words(l.text) {
            all += 1;
            shared += i32::from(opening.contains(&w));
        }
        let mut score = headline::SHARED_WORDS * shared / all.max(4);
        score += headline::DISTANCE * (start - i) as i32;
        if lines[i + 1..start.min(i + 6)]
            .iter()
            .any(|o| is_dateline(o) || is_byline(o))
        {
            score += headline::BYLINE_BELOW;
        }
        if lines[i.saturating_sub(2).max(from)..i]
            .iter()
            .any(is_dateline)
        {
            score += headline::DATE_ABOVE;
        }
        if lines[start.saturating_sub(REPEAT_WINDOW)..start]
            .iter()
            .filter(|o| o.text == l.text)
            .count()
            > 1
        {
            score += headline::REPEATED;
        }
        if (4..=25).contains(&l.f.words) {
            score += headline::HEADLINE_LENGTH;
        }
        if l.text.ends_with('.') {
            score += headline::ENDS_WITH_PERIOD;
        }
        if l.text.starts_with(|c: char| c.is_lowercase()) || !l.text.chars().any(char::is_lowercase)
        {
            score += headline::ODD_CASE;
        }
        if is_alt_text(l.text) {
            score += headline::ALT_TEXT;
        }
        if l.text.ends_with(['→', '»', '›', '>']) {
            score += headline::LINK_ARROW;
        }
        if is_numbered(l.text) {
            score += headline::NUMBERED;
        }
        tracing::debug!(line = l.no, score, text = l.text, "headline candidate");
        scores.push((i, score));
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, i));
        }
    }
    let (score, i) = best?;
    let pick = match scores.iter().find(|(j, _)| j + 1 == i) {
        Some(&(j, a)) if a > 0 && a >= score - headline::DEK_MARGIN => j,
        _ => i,
    };
    Some(restated_above(lines, &scores, pick).unwrap_or(pick))
}

/// The headline that a picked line restates: a section heading or a shorter
/// repeat just above the body ("Top 10 Shoe Companies in the World" under
/// "Top 10 Shoe Companies in the World You Should Know About") gives way to the
/// best-scoring candidate at most [`RESTATED_WINDOW`] lines above it that has
/// as many content words or up to twice as many, shares two and half of the
/// picked line's,
/// and scores at most [`RESTATED_MARGIN`] less.
fn restated_above(lines: &[Line], scores: &[(usize, i32)], pick: usize) -> Option<usize> {
    let picked = scores
        .iter()
        .find(|(j, _)| *j == pick)
        .map_or(0, |&(_, s)| s);
    let below: std::collections::HashSet<String> = content_words(lines[pick].text).collect();
    scores
        .iter()
        .filter(|&&(j, s)| {
            j < pick && pick - j <= RESTATED_WINDOW && s > 0 && s >= picked - RESTATED_MARGIN
        })
        .filter(|&&(j, _)| {
            let above: std::collections::HashSet<String> = content_words(lines[j].text).collect();
            let shared = above.intersection(&below).count();
            (below.len()..=2 * below.len()).contains(&above.len())
                && shared >= 2
                && shared * 2 >= below.len()
        })
        .max_by_key(|&&(j, s)| (s, j))
        .map(|&(j, _)| j)
}

/// Words of an image's alt text or a logo, not a headline ("Cleveland Clinic
/// logo", "Picture of Jane Roe").
const ALT_TEXT_WORDS: &[&str] = &[
    "logo",
    "icon",
    "picture of",
    "photo of",
    "image of",
    "avatar",
    "hero image",
    "featured image",
    "thumbnail",
];

/// Starts with a list number: "3. ", "11) ".
fn is_numbered(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && matches!(
            text.as_bytes().get(digits..digits + 2),
            Some([b'.' | b')', b' '])
        )
}

fn is_alt_text(text: &str) -> bool {
    let lower = text.to_lowercase();
    ALT_TEXT_WORDS.iter().any(|w| lower.contains(w))
}

fn is_dateline(l: &Line) -> bool {
    l.f.words <= 20 && !l.good && dates::find_date(l.text).is_some()
}

fn is_byline(l: &Line) -> bool {
    l.f.words <= 15 && byline::from_line(l.text, is_dateline(l)).is_some()
}

/// A line of names ("Ellen Gathwaite (now) and Rohan Pillai (earlier)").
fn is_name_line(l: &Line) -> bool {
    let f = &l.f;
    (2..=10).contains(&f.words)
        && f.numeric == 0
        && !f.ends_sentence
        && l.text.split_whitespace().all(|w| {
            let c = w.chars().next().unwrap_or(' ');
            c.is_uppercase()
                || c == '('
                || matches!(
                    w,
                    "and" | "&" | "de" | "da" | "van" | "von" | "der" | "e" | "y"
                )
        })
}

/// Reads the lines above the body: masthead, headline, dek, byline, date and
/// lead image. May move `body_start` past a dek.
fn read_header(
    lines: &mut [Line],
    t: usize,
    body_start: &mut usize,
    end: usize,
    article: &mut Article,
) {
    let title = lines[t].text;
    article.title = Some(drop_bar_suffix(title).to_owned());
    article.sources.title = Some(rule(meta_lines::rule::HEADLINE, lines[t].no));
    lines[t].label = Some(Reason::Title);
    // Above the headline: masthead, then navigation.
    for l in lines.iter_mut().take(t) {
        let label = if l.text == title {
            Reason::Title
        } else if article.publisher.is_none()
            && l.cruft.is_none()
            && l.f.words <= 6
            && !l.good
            && l.text.chars().count() <= 60
            && !is_dateline(l)
        {
            article.publisher = Some(drop_home(&titles::masthead(l.text)).to_owned());
            article.sources.publisher = Some(rule(meta_lines::rule::MASTHEAD, l.no));
            Reason::Publisher
        } else {
            l.cruft.unwrap_or(Reason::Navigation)
        };
        l.label = Some(label);
    }
    // A dek that the body search took for prose.
    let mut s = t + 1;
    while s < *body_start && lines[s].text == title {
        s += 1;
    }
    if s == *body_start && s < end && lines[s].f.words <= 45 {
        let next_is_prose = lines.get(s + 1).is_some_and(|n| n.good);
        if !next_is_prose && s + 1 < end {
            *body_start = s + 1;
            while *body_start < end && !lines[*body_start].good {
                *body_start += 1;
            }
        }
    }
    let mut first = true;
    let mut last_alt: Option<usize> = None;
    for i in t + 1..*body_start {
        let l = &lines[i];
        let dated = is_dateline(l);
        let label = if l.text == title {
            Reason::Title
        } else if let Some(r) = l
            .cruft
            .filter(|r| !matches!(r, Reason::Widget | Reason::Navigation) || !dated)
        {
            r
        } else if article.byline.is_none()
            && l.f.words <= 15
            && byline::from_line(l.text, dated).is_some()
        {
            article.byline = byline::from_line(l.text, dated);
            article.sources.byline = Some(rule(meta_lines::rule::BYLINE_LINE, l.no));
            if dated {
                set_date(article, l);
            }
            Reason::Byline
        } else if dated {
            set_date(article, l);
            Reason::Dateline
        } else if let Some((cap, credit)) = meta::split_credit(l.text, true) {
            let caption = cap.or_else(|| last_alt.map(|a| lines[a].text.to_owned()));
            article.images.push(Image {
                caption: caption.map(|c| meta::drop_file_prefix(&c).to_owned()),
                credit: Some(credit),
            });
            last_alt = None;
            Reason::Caption
        } else if article.byline.is_none()
            && is_name_line(l)
            && (lines.get(i + 1).is_some_and(is_dateline) || is_dateline(&lines[i - 1]))
        {
            article.byline = Some(l.text.to_owned());
            article.sources.byline = Some(rule(meta_lines::rule::NAME_LINE, l.no));
            Reason::Byline
        } else if first && l.f.words >= 5 && article.subtitle.is_none() {
            article.subtitle = Some(l.text.to_owned());
            Reason::Subtitle
        } else if article.publisher.is_none()
            && l.f.words <= 3
            && !l.f.ends_sentence
            && article.byline.is_none()
            && i == t + 1
        {
            article.publisher = Some(titles::masthead(l.text));
            article.sources.publisher = Some(rule(meta_lines::rule::MASTHEAD, l.no));
            Reason::Publisher
        } else if (2..=10).contains(&l.f.words) && !l.f.ends_sentence {
            last_alt = Some(i);
            Reason::Credit
        } else {
            Reason::Boilerplate
        };
        first &= label == Reason::Title;
        lines[i].label = Some(label);
    }
    // An alt line just above the body with no caption line: the only text of the image.
    if let Some(a) = last_alt {
        if a + 1 == *body_start {
            article.images.push(Image {
                caption: Some(lines[a].text.to_owned()),
                credit: None,
            });
        }
    }
}

/// A headline without the section or site name a bar adds: "Bridge reopens
/// after repairs | Opinion" (at most four words after the last " | ", and
/// fewer than before it).
fn drop_bar_suffix(title: &str) -> &str {
    match title.rsplit_once(" | ") {
        Some((head, tail))
            if tail.split_whitespace().count() <= 4
                && head.split_whitespace().count() > tail.split_whitespace().count() =>
        {
            head.trim_end()
        }
        _ => title,
    }
}

/// A masthead that is the home link: "The Courant-Home", "The Courant | Home".
fn drop_home(masthead: &str) -> &str {
    let t = masthead.trim_end();
    match t.strip_suffix("Home").or_else(|| t.strip_suffix("home")) {
        Some(rest) if rest.trim_end().ends_with(['-', '–', '|', ':']) => {
            let name = rest
                .trim_end()
                .trim_end_matches(['-', '–', '|', ':'])
                .trim_end();
            if name.is_empty() {
                t
            } else {
                name
            }
        }
        _ => t,
    }
}

/// A [`MetaSource`] for a named rule on input line `line`.
fn rule(rule: &'static str, line: usize) -> MetaSource {
    MetaSource::Rule { rule, line }
}

fn set_date(article: &mut Article, l: &Line) {
    if let Some((date, published)) = dates::publication_date(l.text) {
        if article.published.is_none() || published {
            article.published = Some(date);
            article.sources.published = Some(rule(meta_lines::rule::DATELINE, l.no));
        }
    }
}

/// What the header left unread: byline, date and publisher from the lines
/// around the headline (`anchor`) and the footer, through the shared reader,
/// then a writer named without a "By" ([`text_byline`]). Returns the input
/// line of a name found that way.
fn read_metadata(lines: &[Line], anchor: usize, article: &mut Article) -> Option<usize> {
    let page: Vec<PageLine<'_>> = lines
        .iter()
        .filter(|l| l.cruft != Some(Reason::Cookie))
        .map(|l| PageLine {
            text: l.text,
            line: l.no,
        })
        .collect();
    if let Some((name, line)) = meta_lines::site_name(&page) {
        article.publisher = Some(name);
        article.sources.publisher = Some(rule(meta_lines::rule::SITE_NAME, line));
    }
    let anchor_no = lines.get(anchor).map_or(0, |l| l.no);
    let at = page.iter().position(|p| p.line >= anchor_no).unwrap_or(0);
    meta_lines::fill(article, &page, at);
    let mut name_line = None;
    if article.byline.is_none() {
        if let Some((name, by, i)) = text_byline::find(&page, at) {
            let no = page.get(i).map_or(0, |p| p.line);
            article.byline = Some(name);
            article.sources.byline = Some(rule(by, no));
            name_line = Some(no);
        }
    }
    if article.published.is_none() {
        article.published = lines
            .iter()
            .take(anchor + 3)
            .filter(|l| l.f.words <= 20 && l.cruft != Some(Reason::Cookie))
            .find_map(|l| dates::publication_date(l.text).map(|d| (d.0, l.no)))
            .map(|(d, line)| {
                article.sources.published = Some(rule(meta_lines::rule::DATELINE, line));
                d
            });
    }
    if article.published.is_none() {
        article.published = lines
            .iter()
            .skip(anchor + 3)
            .take(LATE_DATE_WINDOW)
            .filter(|l| l.f.words <= LATE_DATE_WORDS && l.cruft != Some(Reason::Cookie))
            .filter(|l| opens_with_date(l.text))
            .find_map(|l| dates::publication_date(l.text).map(|d| (d.0, l.no)))
            .map(|(d, line)| {
                article.sources.published = Some(rule(LATE_DATELINE, line));
                d
            });
    }
    name_line
}

/// Rule: with no date near the headline, the first short dateline below it
/// ("Published: Nov 24, 2025" under a table of contents, "Apr 21, 2021" at
/// the article's foot), within [`LATE_DATE_WINDOW`] lines. The line opens with
/// the date or a word of [`DATE_WORDS`]; a date after other text is a comment's
/// or a linked post's ("Jane Roe January 23, 2025 10:01 am").
const LATE_DATELINE: &str = "short dateline below the headline";
/// [`LATE_DATELINE`]: lines below the headline searched.
const LATE_DATE_WINDOW: usize = 150;
/// [`LATE_DATELINE`]: longest line read, in words.
const LATE_DATE_WORDS: usize = 8;
/// Words that open a dateline, lowercase. Example: "Posted by Jane Roe on August 21, 2019".
const DATE_WORDS: &[&str] = &["published", "posted", "updated", "last updated", "date"];

/// Whether a line opens with its date or a word of [`DATE_WORDS`].
fn opens_with_date(text: &str) -> bool {
    let lower = text
        .get(..text.len().min(16))
        .unwrap_or(text)
        .to_lowercase();
    DATE_WORDS.iter().any(|w| lower.starts_with(w))
        || dates::find_date(text).is_some_and(|(at, _)| at == 0)
}

/// Decides the lines of the body run: prose stays; captions, credits, pull
/// quotes, cruft and non-prose lines go.
fn read_body(
    lines: &mut [Line],
    headline: Option<&str>,
    start: usize,
    end: usize,
    article: &mut Article,
) {
    let mut counter_before = false;
    let mut in_list = false;
    // `split_credit` of the last line asked for: each line is asked as the next
    // line, then as the current one.
    let mut memo: Option<(usize, Credit)> = None;
    for i in start..end.min(lines.len()) {
        if lines[i].label.is_some() {
            continue;
        }
        let l = &lines[i];
        let strict = if l.f.words <= 60 {
            strict_credit(&mut memo, lines, i)
        } else {
            None
        };
        let next_credit_only = lines.get(i + 1).is_some_and(|n| n.f.words <= 12)
            && strict_credit(&mut memo, lines, i + 1).is_some_and(|(cap, _)| cap.is_none());
        let label = if headline == Some(l.text) {
            Some(Reason::Title)
        } else if let Some((cap, credit)) = strict {
            match cap {
                Some(c) => {
                    article.images.push(Image {
                        caption: Some(meta::drop_file_prefix(&c).to_owned()),
                        credit: Some(credit),
                    });
                    Some(Reason::Caption)
                }
                None => {
                    match article.images.last_mut().filter(|im| im.credit.is_none()) {
                        Some(im) => im.credit = Some(credit),
                        None => article.images.push(Image {
                            caption: None,
                            credit: Some(credit),
                        }),
                    }
                    Some(Reason::Credit)
                }
            }
        } else if l.cruft.is_none() && (counter_before || next_credit_only) && l.f.words <= 60 {
            article.images.push(Image {
                caption: Some(l.text.to_owned()),
                credit: None,
            });
            Some(Reason::Caption)
        } else if let Some(r) = l.cruft {
            Some(r)
        } else if l.good || (l.f.ends_sentence && l.f.eff_words >= 3 && l.f.cap_ratio() < 0.8) {
            is_pull_quote(lines, i, start, end).then_some(Reason::Boilerplate)
        } else {
            let next_good = lines.get(i + 1).is_some_and(|n| n.good);
            let kept = is_heading_in_body(l, next_good) || (in_list && is_list_item(l));
            (!kept).then_some(Reason::Boilerplate)
        };
        counter_before = l.cruft == Some(Reason::Widget) && l.text.contains('/') && l.f.words <= 3;
        in_list = label.is_none() && (l.text.ends_with(':') || (in_list && !l.good));
        lines[i].label = label;
    }
}

/// A section heading inside the body: a short line that is not a sentence,
/// not a menu and not an image's alt text, above a prose paragraph ("How the
/// Canal Is Paid For" over "The growers agreed to …"; a third of its cased
/// words capitalised, which leaves out most alt text: "dough resting in a bowl").
fn is_heading_in_body(l: &Line, next_is_prose: bool) -> bool {
    next_is_prose
        && (2..=15).contains(&l.f.words)
        && l.f.separators == 0
        && l.f.numeric == 0
        && l.f.cap_ratio() >= 0.3
        && !is_alt_text(l.text)
}

/// An item of a list that a kept line ending in ':' introduces ("You will
/// need:" then "two cups of flour", "a pinch of salt").
fn is_list_item(l: &Line) -> bool {
    l.f.words <= 30 && l.f.separators == 0 && l.f.numeric * 3 < l.f.words.max(1)
}

/// A caption/credit split: `(caption, credit)`, or `None`.
type Credit = Option<(Option<String>, String)>;

/// `meta::split_credit(lines[i].text, false)`, remembering the last answer.
fn strict_credit(memo: &mut Option<(usize, Credit)>, lines: &[Line], i: usize) -> Credit {
    if let Some((j, c)) = memo {
        if *j == i {
            return c.clone();
        }
    }
    let c = lines.get(i).and_then(|l| meta::split_credit(l.text, false));
    *memo = Some((i, c.clone()));
    c
}

/// A short quoted line whose words are printed again in another paragraph.
fn is_pull_quote(lines: &[Line], i: usize, start: usize, end: usize) -> bool {
    let l = &lines[i];
    if l.f.words > 30 || l.f.chars > 300 {
        return false;
    }
    let quote_marks: &[char] = &['"', '“', '”', '‘', '’', '\'', '«', '»'];
    if !l.text.starts_with(quote_marks) {
        return false;
    }
    let inner = l
        .text
        .trim_matches(quote_marks)
        .trim_end_matches(['.', ',']);
    if inner.chars().count() < 15 {
        return false;
    }
    let hi = end.min(start + 400);
    lines[start..hi]
        .iter()
        .enumerate()
        .any(|(j, o)| j + start != i && o.f.chars > l.f.chars && o.text.contains(inner))
}

/// Drops a trailing end mark (" µ", " ■") and surrounding spaces.
fn strip_end_mark(text: &str) -> &str {
    let t = text.trim_end();
    if let Some(rest) = t.strip_suffix(END_MARKS) {
        if rest.ends_with(|c: char| c.is_whitespace()) {
            return trim_line(rest);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Daily Planet\n\nHome | News | Sport | Weather | Opinion\n\nCouncil votes to close the old bridge for repairs\n\nBy Lois Lane\n\nPublished 14 May 2024 · Updated 15 May 2024\n\nThe city council voted on Tuesday to close the old bridge for six months while engineers repair its rusted supports, officials said.\n\nAdvertisement\n\nThe mayor said the work would cost about $3 million and that traffic would be sent over the new bridge downtown. ■\n\nRelated: Bridge inspections found rust in 2023\n\n3 Comments\n\nI think this is a great idea and the council should have done it years ago, honestly.\n\n© 2024 Daily Planet\n";

    /// A guide page: a Title Case headline, a category, a date, then a first
    /// section heading that restates the headline just above the text.
    const GUIDE: &str = "Skip to content\n\nGreenfield Garden Notes\n\nHome\n\nBlog\n\nHow To Plan A Vegetable Bed In Your Backyard For The Spring | Guides\n\nGardening\n\nMarch 2, 2025\n\nHow to plan a vegetable bed\n\nA vegetable bed needs six hours of sun a day, soil that drains well and a path wide enough for a wheelbarrow, so start by walking the yard at noon.\n\nMark the corners with sticks and string before you dig, and keep the bed narrow enough to reach its middle from either side without stepping on the soil.\n\nTurn the soil over to a spade's depth, mix in two inches of compost and rake the top flat before the first seeds go in.\n";

    #[test]
    fn a_title_case_headline_over_a_restating_section_heading() {
        let a = normalize_text(GUIDE);
        assert_eq!(
            a.title.as_deref(),
            Some("How To Plan A Vegetable Bed In Your Backyard For The Spring")
        );
        assert_eq!(a.published.as_deref(), Some("2025-03-02"));
        assert_eq!(a.body.len(), 3);
        assert!(a.body[0].starts_with("A vegetable bed needs"));
    }

    #[test]
    fn a_late_dateline_opens_with_its_date() {
        assert!(opens_with_date("Apr 21, 2021"));
        assert!(opens_with_date("Published: Nov 24, 2025"));
        assert!(!opens_with_date("Jane Roe January 23, 2025 10:01 am"));
        assert!(!opens_with_date(
            "Next Steps In The Garden - December 16, 2019"
        ));
    }

    #[test]
    fn drops_a_short_bar_suffix_only() {
        assert_eq!(
            drop_bar_suffix("Bridge reopens after repairs | Opinion"),
            "Bridge reopens after repairs"
        );
        assert_eq!(
            drop_bar_suffix("Rates | What the council decided on Tuesday"),
            "Rates | What the council decided on Tuesday"
        );
        assert_eq!(
            drop_bar_suffix("Bridge reopens - tips for drivers"),
            "Bridge reopens - tips for drivers"
        );
    }

    #[test]
    fn reads_a_simple_page() {
        let a = normalize_text(PAGE);
        assert_eq!(
            a.title.as_deref(),
            Some("Council votes to close the old bridge for repairs")
        );
        assert_eq!(a.publisher.as_deref(), Some("Daily Planet"));
        assert_eq!(a.byline.as_deref(), Some("Lois Lane"));
        assert_eq!(a.published.as_deref(), Some("2024-05-14"));
        assert_eq!(a.language, "en");
        assert_eq!(a.body.len(), 2);
        assert!(a.body[1].ends_with("downtown."));
        let reason = |n: usize| a.removed.iter().find(|r| r.line == n).map(|r| r.reason);
        assert_eq!(reason(13), Some(Reason::Advertisement));
        assert_eq!(reason(17), Some(Reason::RelatedLinks));
        assert_eq!(reason(21), Some(Reason::Comments));
        assert_eq!(
            a.body.len() + a.removed.len(),
            PAGE.lines().filter(|l| !l.trim().is_empty()).count()
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        assert!(normalize_text("").body.is_empty());
        assert!(normalize_text("\n\n \u{a0}\n").removed.is_empty());
        let nav = normalize_text("Home | News | Sport\nLog in\nSubscribe\n");
        assert!(nav.body.is_empty());
        assert_eq!(nav.removed.len(), 3);
        let long = "word ".repeat(200_000);
        let a = normalize_text(&long);
        assert_eq!(a.body.len() + a.removed.len(), 1);
        let unicode = "é".repeat(5000);
        let _ = normalize_text(&unicode);
    }

    #[test]
    fn a_comment_count_link_above_the_article_does_not_cut_it() {
        let para = |n: usize| {
            format!("Paragraph {n} of the report says the orchard growers met the council on Monday and agreed to share the cost of the new irrigation canal that runs past the village.")
        };
        let mut page =
            String::from("Orchard growers agree to share canal costs\n\nBy Mira Tolan\n\n");
        page += &para(1);
        page += "\n\n48 Comments\n\n";
        for n in 2..=9 {
            page += &para(n);
            page += "\n\n";
        }
        page += "Leave a Reply\n\nriverfan88 says:\n\nI do not think the canal will ever be finished, to be honest with you all.\n";
        let a = normalize_text(&page);
        assert_eq!(a.body.len(), 9, "{:?}", a.body);
        assert!(a.body[8].starts_with("Paragraph 9"));
        // The same link under a long article, with a thread below, still cuts.
        let mut page = String::from("Orchard growers agree to share canal costs\n\n");
        for n in 1..=4 {
            page += &para(n);
            page += "\n\n";
        }
        page += "48 Comments\n\n";
        for n in 0..24 {
            page += &format!("grower{n} says:\n\n{}\n\nReply\n\n", para(n));
        }
        let a = normalize_text(&page);
        assert_eq!(a.body.len(), 4);
    }

    #[test]
    fn keeps_headings_and_lists_inside_the_body() {
        let page = "Orchard growers agree to share canal costs\n\nBy Mira Tolan\n\n\
            The orchard growers of the valley met the council on Monday and agreed to share the cost of the new canal.\n\n\
            Who Pays for the Canal\n\n\
            The council will pay for the pumps, and the growers will pay for the channel that runs past their farms.\n\n\
            The plan lists three stages:\n\n\
            digging the main channel\n\n\
            lining it with clay\n\n\
            building the sluice gates\n\n\
            Work on the first stage starts in the spring, once the ground has thawed and the river is low again.\n";
        let a = normalize_text(page);
        assert!(
            a.body.iter().any(|p| p == "Who Pays for the Canal"),
            "{:?}",
            a.body
        );
        assert!(a.body.iter().any(|p| p == "lining it with clay"));
        assert_eq!(a.body.len(), 8);
    }

    #[test]
    fn strips_end_marks() {
        assert_eq!(drop_home("The Courant-Home"), "The Courant");
        assert_eq!(drop_home("The Courant | Home"), "The Courant");
        assert_eq!(drop_home("Home"), "Home");
        assert_eq!(drop_home("Mobile Home"), "Mobile Home");
        assert_eq!(strip_end_mark("the United States. µ"), "the United States.");
        assert_eq!(strip_end_mark("price 5µ"), "price 5µ");
    }
}
