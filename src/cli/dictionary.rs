//! What the user-facing tables and views are for: one row of data per table or view
//! (description, column meanings, facets), the internal tables, and the questions the
//! tool answers as named SQL over the views. `newsdb schema` prints it beside the
//! live schema, `newsdb datasette-metadata` turns it into a Datasette metadata file
//! (descriptions, hidden internal tables, facets, canned queries), and the `search`,
//! `quotes` and `conflicts` commands run the same SQL as the canned queries.

/// A user-facing table or view.
pub struct Entry {
    /// Its name in the database.
    pub name: &'static str,
    /// One sentence: what a row is.
    pub description: &'static str,
    /// Column meanings (columns not listed are self-explanatory).
    pub columns: &'static [(&'static str, &'static str)],
    /// Columns worth faceting on in Datasette.
    pub facets: &'static [&'static str],
    /// The full-text index that searches it, if any.
    pub fts: Option<&'static str>,
}

const OUTLET: (&str, &str) = ("outlet", "the site or publication the page came from");
const PUBLISHED: (&str, &str) = ("published", "publication date, YYYY-MM-DD");
const STORY: (&str, &str) = ("story_id", "the story (event) the article was linked to");

/// The tables and views users query, most useful first.
pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "articles",
        description: "One row per distinct page content: title, outlet, date, body text.",
        columns: &[
            ("id", "article id; other tables' article_id"),
            OUTLET,
            (
                "publisher",
                "old name of outlet (until the next release; same value)",
            ),
            PUBLISHED,
            ("body", "body paragraphs joined by blank lines"),
            ("language", "ISO 639-1 code guessed from the text"),
        ],
        facets: &["outlet", "language"],
        fts: Some("articles_fts"),
    },
    Entry {
        name: "quote_details",
        description: "Every quote with its speaker as written, the person that spelling \
                      resolved to, the outlet, date and story.",
        columns: &[
            ("id", "quote id (quotes.id)"),
            ("speaker", "the speaker as the article wrote it"),
            (
                "speaker_id",
                "the person: the same for every spelling of one speaker",
            ),
            ("speaker_name", "that person's canonical spelling"),
            ("role", "the speaker's role or title as written"),
            ("cue", "the attribution verb (said, told, according to)"),
            ("kind", "direct, partial or indirect"),
            OUTLET,
            PUBLISHED,
            STORY,
            ("cluster_id", "the same quote in other outlets shares it"),
        ],
        facets: &["speaker_name", "outlet", "kind"],
        fts: Some("quotes_fts"),
    },
    Entry {
        name: "figure_details",
        description: "Every number an article cites, parsed, with its sentence, outlet, \
                      date and story.",
        columns: &[
            ("id", "figure id (figures.id)"),
            ("raw", "the figure as written"),
            ("value", "the number (low..high for ranges)"),
            ("unit", "what is counted or measured"),
            ("qualifier", "about, more than, up to …"),
            ("rate", "per what (a month, a year), if any"),
            ("sentence", "the sentence it appears in"),
            OUTLET,
            PUBLISHED,
            STORY,
            (
                "rule",
                "the rule that read it, as extract --explain names it",
            ),
        ],
        facets: &["outlet", "unit", "kind"],
        fts: None,
    },
    Entry {
        name: "figure_conflicts",
        description: "Pairs of figures about the same thing in one story that disagree.",
        columns: &[
            ("id", "disagreement id"),
            ("story", "the story's label (its first article's title)"),
            ("head", "the unit's head noun both figures count"),
            ("rel_diff", "|a - b| / max(|a|, |b|)"),
            (
                "outlets",
                "different, same (an update or reprint) or unknown (an outlet missing)",
            ),
            ("raw_a", "the figure cited first, as written"),
            ("raw_b", "the figure that disagrees, as written"),
            ("figure_id_a", "the first figure (figure_details.id)"),
            (
                "figure_id_b",
                "the figure that disagrees (figure_details.id)",
            ),
            ("article_id_a", "the article citing the first figure"),
            ("article_id_b", "the article citing the second figure"),
            (
                "article_a",
                "old name of article_id_a (until the next release)",
            ),
            (
                "article_b",
                "old name of article_id_b (until the next release)",
            ),
        ],
        facets: &["head", "outlet_a", "outlet_b"],
        fts: None,
    },
    Entry {
        name: "speaker_spellings",
        description: "Every spelling of every speaker, with how often each was used.",
        columns: &[
            ("speaker_id", "the person"),
            ("speaker_name", "that person's canonical spelling"),
            ("spelling", "one way an article wrote it"),
            ("name", "old name of speaker_name (until the next release)"),
        ],
        facets: &[],
        fts: None,
    },
    Entry {
        name: "quote_outlets",
        description: "The same quote across outlets: one row per outlet that carried it.",
        columns: &[
            ("canonical_text", "the earliest version of the quote"),
            (
                "attributed_to",
                "whom this outlet attributed it to, as written",
            ),
            (
                "speaker_id",
                "the person the quote's cluster is attributed to",
            ),
            ("speaker_name", "that person's canonical spelling"),
            (
                "speaker",
                "old name of speaker_name (until the next release)",
            ),
            ("similarity", "to the canonical text, 0..1"),
        ],
        facets: &["outlet", "speaker_name"],
        fts: None,
    },
    Entry {
        name: "story_articles_view",
        description: "Stories (articles about one event) and their articles.",
        columns: &[(
            "score",
            "evidence that joined the article to the story (0: founded it)",
        )],
        facets: &["outlet"],
        fts: None,
    },
    Entry {
        name: "quotes",
        description: "Quotes, one row each, with their text (see quote_details for outlet \
                      and person).",
        columns: &[
            ("paragraph", "index of the body paragraph"),
            (
                "span_start",
                "character offset of the text in the paragraph",
            ),
        ],
        facets: &["speaker", "kind"],
        fts: Some("quotes_fts"),
    },
    Entry {
        name: "figures",
        description: "Figures, one row each, with their text and sentence (see figure_details \
                      for outlet and story).",
        columns: &[],
        facets: &["unit", "kind"],
        fts: None,
    },
    Entry {
        name: "paragraphs",
        description: "Body paragraphs of each article, in order.",
        columns: &[],
        facets: &[],
        fts: None,
    },
    Entry {
        name: "stories",
        description: "Articles about one event, linked across outlets.",
        columns: &[("label", "title of the story's first article")],
        facets: &[],
        fts: None,
    },
    Entry {
        name: "files",
        description: "Every path ever seen: ingested, rejected (and why) or deleted.",
        columns: &[("error", "why a file was rejected")],
        facets: &["status"],
        fts: None,
    },
    Entry {
        name: "removed",
        description: "Every line the normalizer cut from a page, and the rule that cut it.",
        columns: &[("reason", "the cruft rule")],
        facets: &["reason"],
        fts: None,
    },
    Entry {
        name: "images",
        description: "Image captions and credits.",
        columns: &[],
        facets: &[],
        fts: None,
    },
    Entry {
        name: "quotes_view",
        description: "Old name (until the next release): use quote_details.",
        columns: &[],
        facets: &[],
        fts: None,
    },
    Entry {
        name: "figures_view",
        description: "Old name (until the next release): use figure_details.",
        columns: &[],
        facets: &[],
        fts: None,
    },
];

/// What the internal tables behind the views hold, for a reader who opens one by hand
/// (`newsdb schema` lists them after the user-facing ones; Datasette hides them).
const INTERNAL: &[(&str, &str)] = &[
    (
        "quote_rows",
        "internal: storage behind the quotes view; text is '' where the quote is a span of \
         its paragraph (not stored twice): read quotes or quote_details",
    ),
    (
        "figure_rows",
        "internal: storage behind the figures view; raw and sentence only where not a \
         span of the paragraph: read figures or figure_details",
    ),
    (
        "paragraph_spans",
        "internal: storage behind the paragraphs view (offsets into articles.body)",
    ),
    ("removed_lines", "internal: storage behind the removed view"),
    ("removed_runs", "internal: storage behind the removed view"),
    ("removed_text", "internal: storage behind the removed view"),
    (
        "removed_blocks",
        "internal: storage behind the removed view",
    ),
    (
        "template_lines",
        "internal: lines learned as an outlet's template (publisher: the outlet, folded)",
    ),
    (
        "figure_disagreements",
        "internal: the rows behind figure_conflicts",
    ),
];

/// What an internal table is (a generic note for link indexes and storage).
pub fn internal_note(name: &str) -> &'static str {
    if name.ends_with("_fts") {
        return "full-text index (FTS5; see README)";
    }
    INTERNAL
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("internal (storage or link index; see README)", |(_, d)| d)
}

/// A question the tool exists for, as SQL over the views (named parameters).
pub struct Question {
    /// Datasette's name for it (also the command that runs it).
    pub name: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// All quotes by one person, every spelling of the name merged.
pub const QUOTES_BY: Question = Question {
    name: "quotes_by",
    title: "Everything one person was quoted saying, under any spelling of the name",
    sql: "SELECT published, outlet, speaker, role, kind, text, title, article_id, id AS quote_id
FROM quote_details
WHERE speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias = :name COLLATE NOCASE
                     UNION SELECT id FROM speakers WHERE name = :name COLLATE NOCASE)
   OR speaker = :name COLLATE NOCASE
ORDER BY published, outlet, article_id, quote_id",
};

/// Figures that disagree, per story.
pub const CONFLICTS: Question = Question {
    name: "conflicts",
    title: "Figures that disagree within a story",
    sql: "SELECT story_id, story, head, rate, round(rel_diff, 3) AS diff,
       raw_a, outlet_a, raw_b, outlet_b, sentence_a, sentence_b, article_id_a, article_id_b
FROM figure_conflicts
ORDER BY story_id, head, rel_diff DESC",
};

/// Full-text search over articles and quotes, with snippets.
pub const SEARCH: Question = Question {
    name: "search",
    title: "Articles and quotes matching a full-text search",
    sql: "SELECT * FROM (
  SELECT 'article' AS hit, a.id AS article_id, NULL AS quote_id, a.outlet,
         a.published, a.title AS title,
         snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet
  FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
  WHERE articles_fts MATCH :query ORDER BY rank LIMIT coalesce(nullif(:limit, ''), 20))
UNION ALL
SELECT * FROM (
  SELECT 'quote', q.article_id, q.id, q.outlet, q.published, q.speaker,
         snippet(quotes_fts, 0, '[', ']', '…', 16)
  FROM quotes_fts JOIN quote_details q ON q.id = quotes_fts.rowid
  WHERE quotes_fts MATCH :query ORDER BY rank LIMIT coalesce(nullif(:limit, ''), 20))",
};

/// Who quoted whom: the speakers quoted most, with their spellings merged.
pub const SPEAKERS: Question = Question {
    name: "speakers",
    title: "Speakers quoted most, every spelling merged",
    sql: "SELECT coalesce(speaker_name, speaker) AS speaker, count(*) AS quotes,
       count(DISTINCT outlet) AS outlets, group_concat(DISTINCT speaker) AS spellings
FROM quote_details WHERE speaker IS NOT NULL
GROUP BY coalesce(speaker_id, speaker) ORDER BY quotes DESC",
};

/// The canned queries, in the order Datasette lists them.
pub const QUESTIONS: &[&Question] = &[&QUOTES_BY, &SPEAKERS, &CONFLICTS, &SEARCH];

/// The description of `name`, or None for an internal table.
pub fn describe(name: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.name == name)
}

/// A Datasette metadata document for a database Datasette calls `db_name` (the
/// file's stem): descriptions, column meanings, facets, full-text search for the
/// views, the canned queries, and every table in `internal` hidden.
pub fn datasette_metadata(db_name: &str, internal: &[String]) -> serde_json::Value {
    let mut tables = serde_json::Map::new();
    for e in ENTRIES {
        let columns: serde_json::Map<String, serde_json::Value> = e
            .columns
            .iter()
            .map(|(c, d)| ((*c).to_owned(), (*d).into()))
            .collect();
        let mut t = serde_json::json!({
            "description": e.description,
            "columns": columns,
            "facets": e.facets,
        });
        if let Some(fts) = e.fts {
            // Views have no rowid: Datasette matches the index's rowid against `id`.
            t["fts_table"] = fts.into();
            t["fts_pk"] = "id".into();
        }
        // What Datasette shows for a row that another row points to.
        match e.name {
            "articles" => t["label_column"] = "title".into(),
            "stories" => t["label_column"] = "label".into(),
            _ => {}
        }
        tables.insert(e.name.to_owned(), t);
    }
    for name in internal {
        let what = internal_note(name);
        tables.insert(
            name.clone(),
            serde_json::json!({"hidden": true, "description": what}),
        );
    }
    let queries: serde_json::Map<String, serde_json::Value> = QUESTIONS
        .iter()
        .map(|q| {
            (
                q.name.to_owned(),
                serde_json::json!({"title": q.title, "sql": q.sql}),
            )
        })
        .collect();
    serde_json::json!({
        "title": "newsdb",
        "description": "Articles, quotes and figures from scraped news pages, linked across outlets.",
        "databases": {
            db_name: {
                "tables": tables,
                "queries": queries,
            }
        }
    })
}
