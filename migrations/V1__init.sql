-- newsdb schema, version 1. Released migrations are never edited: add V2__… instead.
-- Every table and column is described in README.md ("Data dictionary").

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT    NOT NULL UNIQUE,           -- blake3 of the file's bytes
    title         TEXT,
    subtitle      TEXT,
    publisher     TEXT,
    byline        TEXT,
    published     TEXT,                              -- YYYY-MM-DD
    language      TEXT    NOT NULL,
    body          TEXT    NOT NULL,                  -- paragraphs joined by blank lines
    word_count    INTEGER NOT NULL,
    encoding      TEXT    NOT NULL,                  -- utf-8 | windows-1252
    ingested_at   TEXT    NOT NULL                   -- RFC 3339 UTC
) STRICT;

CREATE TABLE files (
    id            INTEGER PRIMARY KEY,
    path          TEXT    NOT NULL UNIQUE,
    content_hash  TEXT,
    size          INTEGER NOT NULL,
    modified_at   TEXT,                              -- file mtime, RFC 3339 UTC
    status        TEXT    NOT NULL CHECK (status IN ('ingested', 'rejected', 'deleted')),
    error         TEXT,                              -- why a file was rejected
    article_id    INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX files_article ON files(article_id);

-- Rowid tables (not WITHOUT ROWID) for rows holding long text: SQLite packs
-- those far better; the UNIQUE index keeps lookups by (article_id, idx) fast.
CREATE TABLE paragraphs (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    UNIQUE (article_id, idx)
) STRICT;

CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    speaker       TEXT,
    role          TEXT,
    cue           TEXT,
    kind          TEXT    NOT NULL CHECK (kind IN ('direct', 'partial', 'indirect')),
    paragraph     INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    UNIQUE (article_id, idx)
) STRICT;
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE TABLE figures (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    raw           TEXT    NOT NULL,
    value         REAL,
    low           REAL,
    high          REAL,
    unit          TEXT,
    qualifier     TEXT,
    kind          TEXT    NOT NULL,
    rate          TEXT,
    paragraph     INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    sentence      TEXT    NOT NULL,
    UNIQUE (article_id, idx)
) STRICT;
CREATE INDEX figures_unit ON figures(unit);

CREATE TABLE images (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    caption       TEXT,
    credit        TEXT,
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

-- What the normalizer cut: pages carry many short cruft lines, so they are kept as
-- one JSON array per article ([[line, reason, text], ...]) instead of a row each
-- (a third of the size); the `removed` view gives one row per line.
CREATE TABLE removed_lines (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    lines         TEXT    NOT NULL CHECK (json_valid(lines))
) STRICT;
CREATE VIEW removed AS
SELECT r.article_id,
       json_extract(j.value, '$[0]') AS line,
       json_extract(j.value, '$[2]') AS text,
       json_extract(j.value, '$[1]') AS reason
FROM removed_lines r, json_each(r.lines) j;

-- Template learning: per publisher, how many articles carried each short body line.
-- Lines seen in 5 or more articles of the publisher are removed from later articles
-- (reason 'template'). Counts only grow; they are evidence, not a copy of the data.
CREATE TABLE template_lines (
    publisher     TEXT    NOT NULL,                  -- publisher, case and spacing folded
    line_hash     INTEGER NOT NULL,                  -- 64-bit hash of the folded line
    articles      INTEGER NOT NULL,                  -- distinct articles that had it
    sample        TEXT    NOT NULL,                  -- the line as first seen
    PRIMARY KEY (publisher, line_hash)
) STRICT, WITHOUT ROWID;

-- Full-text search. External content: the text lives once, in articles/quotes;
-- triggers keep the indexes in step.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content = 'articles', content_rowid = 'id'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, content = 'quotes', content_rowid = 'id'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker)
        VALUES ('delete', old.id, old.text, old.speaker);
END;

-- Who said what, where.
CREATE VIEW quotes_view AS
SELECT q.id AS quote_id, q.speaker, q.role, q.cue, q.kind, q.text,
       a.publisher AS outlet, a.title, a.published, a.id AS article_id
FROM quotes q JOIN articles a ON a.id = q.article_id;

-- Every figure with the sentence it stands in and the outlet that cited it.
CREATE VIEW figures_view AS
SELECT f.id AS figure_id, f.raw, f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
       f.rate, f.sentence, a.publisher AS outlet, a.title, a.published, a.id AS article_id
FROM figures f JOIN articles a ON a.id = f.article_id;
