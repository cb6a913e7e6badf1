-- newsdb schema, version 2: cross-source links (stories, quote clusters, speakers,
-- figure disagreements), computed incrementally at ingest by store/link.rs from the
-- pure decisions in src/link/. Every table and column is described in README.md.
-- Link rows hang off articles/quotes/figures with ON DELETE CASCADE; the triggers at
-- the end remove stories, clusters and speakers left empty and keep derived columns
-- (dates, canonical text, spellings) in step when an article goes.

-- Body MinHash signature (64 × u64 little endian) of each article.
CREATE TABLE article_signatures (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash       BLOB    NOT NULL
) STRICT;

-- LSH index: one row per (band, band key) of each signature; candidates are the
-- articles sharing any (band, key).
CREATE TABLE lsh_bands (
    band          INTEGER NOT NULL,
    key           INTEGER NOT NULL,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

CREATE TABLE stories (
    id               INTEGER PRIMARY KEY,
    label            TEXT,                            -- title of the first article
    first_published  TEXT,                            -- min(published) of its articles
    last_published   TEXT,                            -- max(published)
    created_at       TEXT    NOT NULL
) STRICT;

CREATE TABLE story_articles (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score         REAL    NOT NULL                    -- evidence score that joined it (0 = founded the story)
) STRICT;
CREATE INDEX story_articles_story ON story_articles(story_id);

CREATE TABLE speakers (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,                   -- first spelling seen
    role          TEXT                                -- first role seen
) STRICT;

-- Every spelling a speaker was given (including `name`).
CREATE TABLE speaker_aliases (
    speaker_id    INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    alias         TEXT    NOT NULL,
    PRIMARY KEY (speaker_id, alias)
) STRICT, WITHOUT ROWID;

-- Candidate lookup: each lower-cased name word of each spelling.
CREATE TABLE speaker_keys (
    key           TEXT    NOT NULL,
    speaker_id    INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    PRIMARY KEY (key, speaker_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX speaker_keys_speaker ON speaker_keys(speaker_id);

-- Speakers quoted in a story (story evidence and the "same story" speaker test).
CREATE TABLE story_speakers (
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    speaker_id    INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, speaker_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_speakers_speaker ON story_speakers(speaker_id);

CREATE TABLE quote_clusters (
    id                 INTEGER PRIMARY KEY,
    canonical_text     TEXT    NOT NULL,              -- text of the earliest member quote
    canonical_quote_id INTEGER,                       -- that quote (kept in step by trigger)
    speaker_id         INTEGER REFERENCES speakers(id) ON DELETE SET NULL
) STRICT;

-- One row per quote: its cluster, the speaker it resolved to and the spelling used.
CREATE TABLE quote_cluster_members (
    quote_id      INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
    cluster_id    INTEGER NOT NULL REFERENCES quote_clusters(id) ON DELETE CASCADE,
    article_id    INTEGER NOT NULL,
    speaker_id    INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
    spelling      TEXT,                               -- quotes.speaker as written
    similarity    REAL    NOT NULL                    -- to the canonical text when it joined
) STRICT;
CREATE INDEX quote_cluster_members_cluster ON quote_cluster_members(cluster_id);
CREATE INDEX quote_cluster_members_speaker ON quote_cluster_members(speaker_id, spelling);
CREATE INDEX quote_cluster_members_article ON quote_cluster_members(article_id);

-- Candidate lookup: word-trigram hashes of each cluster's first quote.
CREATE TABLE quote_keys (
    key           INTEGER NOT NULL,
    cluster_id    INTEGER NOT NULL REFERENCES quote_clusters(id) ON DELETE CASCADE,
    PRIMARY KEY (key, cluster_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX quote_keys_cluster ON quote_keys(cluster_id);

-- Distinct comparable figure values per story: (head noun, rate, kind, value), with
-- the first figure that cited it.
CREATE TABLE story_figures (
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    rate          TEXT    NOT NULL,                   -- '' when none
    kind          TEXT    NOT NULL,
    rhead         TEXT    NOT NULL,                   -- head noun reversed ("kcatta"): compound lookups are prefix ranges
    value         REAL    NOT NULL,
    head          TEXT    NOT NULL,
    figure_id     INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, rate, kind, rhead, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_figures_figure ON story_figures(figure_id);

CREATE TABLE figure_disagreements (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    figure_a      INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,  -- cited first
    figure_b      INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,  -- the new one
    head          TEXT    NOT NULL,                   -- shared unit head noun ("attack")
    rate          TEXT    NOT NULL,
    rel_diff      REAL    NOT NULL,                   -- |a − b| / max(|a|, |b|)
    UNIQUE (story_id, figure_a, figure_b)
) STRICT;
CREATE INDEX figure_disagreements_a ON figure_disagreements(figure_a);
CREATE INDEX figure_disagreements_b ON figure_disagreements(figure_b);

-- Clean-up when an article (and so its quotes and story membership) goes.
CREATE TRIGGER story_articles_gone AFTER DELETE ON story_articles BEGIN
    DELETE FROM stories WHERE id = old.story_id
        AND NOT EXISTS (SELECT 1 FROM story_articles WHERE story_id = old.story_id);
    UPDATE stories SET
        first_published = (SELECT min(a.published) FROM story_articles s
                           JOIN articles a ON a.id = s.article_id WHERE s.story_id = old.story_id),
        last_published  = (SELECT max(a.published) FROM story_articles s
                           JOIN articles a ON a.id = s.article_id WHERE s.story_id = old.story_id)
        WHERE id = old.story_id;
END;

CREATE TRIGGER quote_cluster_members_gone AFTER DELETE ON quote_cluster_members BEGIN
    DELETE FROM quote_clusters WHERE id = old.cluster_id
        AND NOT EXISTS (SELECT 1 FROM quote_cluster_members WHERE cluster_id = old.cluster_id);
    UPDATE quote_clusters SET
        canonical_quote_id = (SELECT min(m.quote_id) FROM quote_cluster_members m
                              WHERE m.cluster_id = old.cluster_id),
        canonical_text = coalesce((SELECT q.text FROM quote_cluster_members m
                                   JOIN quotes q ON q.id = m.quote_id
                                   WHERE m.cluster_id = old.cluster_id
                                   ORDER BY m.quote_id LIMIT 1), canonical_text)
        WHERE id = old.cluster_id AND canonical_quote_id = old.quote_id;
    DELETE FROM speaker_aliases WHERE speaker_id = old.speaker_id AND alias = old.spelling
        AND NOT EXISTS (SELECT 1 FROM quote_cluster_members
                        WHERE speaker_id = old.speaker_id AND spelling = old.spelling);
    DELETE FROM speakers WHERE id = old.speaker_id
        AND NOT EXISTS (SELECT 1 FROM quote_cluster_members WHERE speaker_id = old.speaker_id);
END;

-- Which outlets carried each quote cluster, and whom each attributed it to.
CREATE VIEW quote_outlets AS
SELECT c.id AS cluster_id, c.canonical_text, cs.name AS speaker,
       a.publisher AS outlet, m.spelling AS attributed_to, q.role, q.text,
       m.similarity, a.title, a.published, a.id AS article_id, q.id AS quote_id,
       sa.story_id
FROM quote_clusters c
JOIN quote_cluster_members m ON m.cluster_id = c.id
JOIN quotes q ON q.id = m.quote_id
JOIN articles a ON a.id = m.article_id
LEFT JOIN speakers cs ON cs.id = c.speaker_id
LEFT JOIN story_articles sa ON sa.article_id = a.id;

-- Every spelling of every speaker, with how often and where it was used.
CREATE VIEW speaker_spellings AS
SELECT s.id AS speaker_id, s.name, al.alias AS spelling,
       (SELECT count(*) FROM quote_cluster_members m
        WHERE m.speaker_id = s.id AND m.spelling = al.alias) AS quotes,
       (SELECT count(DISTINCT m.article_id) FROM quote_cluster_members m
        WHERE m.speaker_id = s.id AND m.spelling = al.alias) AS articles
FROM speakers s JOIN speaker_aliases al ON al.speaker_id = s.id;

-- Figures about the same thing in one story that cite different values.
CREATE VIEW figure_conflicts AS
SELECT d.story_id, st.label AS story, d.head, d.rate, d.rel_diff,
       fa.value AS value_a, fa.unit AS unit_a, fa.raw AS raw_a, aa.publisher AS outlet_a,
       fa.sentence AS sentence_a, fa.article_id AS article_a,
       fb.value AS value_b, fb.unit AS unit_b, fb.raw AS raw_b, ab.publisher AS outlet_b,
       fb.sentence AS sentence_b, fb.article_id AS article_b
FROM figure_disagreements d
JOIN stories st ON st.id = d.story_id
JOIN figures fa ON fa.id = d.figure_a JOIN articles aa ON aa.id = fa.article_id
JOIN figures fb ON fb.id = d.figure_b JOIN articles ab ON ab.id = fb.article_id;

-- Stories and their articles.
CREATE VIEW story_articles_view AS
SELECT st.id AS story_id, st.label, st.first_published, st.last_published,
       (SELECT count(*) FROM story_articles x WHERE x.story_id = st.id) AS articles,
       a.id AS article_id, a.publisher AS outlet, a.title, a.published, sa.score
FROM stories st
JOIN story_articles sa ON sa.story_id = st.id
JOIN articles a ON a.id = sa.article_id;
