-- newsdb schema, version 3: store each piece of text once.
-- V1 kept every body paragraph twice (articles.body and paragraphs.text), every
-- figure's sentence beside it, and every removed line in full for every article,
-- although navigation and footer lines repeat across a publisher's pages. V3 keeps
-- the user-facing names and columns (`paragraphs`, `figures`, `removed`) as views over
-- compact tables, so queries written for V1 keep working. Released migrations are
-- never edited: add V4__… instead.

-- Full-text indexing moves from per-row insert triggers to the writer, which indexes a
-- batch's new articles and quotes in one statement each at the end of the batch
-- (FTS5 flushes its pending index at every statement savepoint, so per-row triggers
-- wrote one index segment per article). The delete triggers stay.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER quotes_fts_insert;

-- Paragraphs: spans into articles.body (paragraphs joined by a blank line).
-- `text` is set only when a paragraph is not found at its span (never for rows
-- written by newsdb; kept so an upgrade can never lose a paragraph).
CREATE TABLE paragraph_spans (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    start         INTEGER NOT NULL,                  -- character offset into articles.body
    length        INTEGER NOT NULL,                  -- characters
    text          TEXT,                              -- only when not at its span
    PRIMARY KEY (article_id, idx)
) STRICT, WITHOUT ROWID;

INSERT INTO paragraph_spans (article_id, idx, start, length)
SELECT article_id, idx,
       coalesce(sum(length(text) + 2) OVER (PARTITION BY article_id ORDER BY idx
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
       length(text)
FROM paragraphs;
UPDATE paragraph_spans AS s SET text = p.text
FROM paragraphs p, articles a
WHERE p.article_id = s.article_id AND p.idx = s.idx AND a.id = s.article_id
  AND substr(a.body, s.start + 1, s.length) IS NOT p.text;

-- Figures: the sentence is a span of its paragraph (`sentence_start`..`sentence_end`,
-- characters); `sentence_text` holds it only when it is not found in the paragraph.
DROP VIEW figures_view;
DROP VIEW figure_conflicts;
ALTER TABLE figures ADD COLUMN sentence_start INTEGER;
ALTER TABLE figures ADD COLUMN sentence_end INTEGER;
ALTER TABLE figures ADD COLUMN sentence_text TEXT;
UPDATE figures AS f SET
    sentence_start = CASE WHEN instr(p.text, f.sentence) > 0
                          THEN instr(p.text, f.sentence) - 1 END,
    sentence_end = CASE WHEN instr(p.text, f.sentence) > 0
                        THEN instr(p.text, f.sentence) - 1 + length(f.sentence) END
FROM paragraphs p
WHERE p.article_id = f.article_id AND p.idx = f.paragraph;
UPDATE figures SET sentence_text = sentence WHERE sentence_start IS NULL;
ALTER TABLE figures DROP COLUMN sentence;
ALTER TABLE figures RENAME TO figure_rows;

DROP TABLE paragraphs;
CREATE VIEW paragraphs AS
SELECT s.article_id, s.idx, coalesce(s.text, substr(a.body, s.start + 1, s.length)) AS text
FROM paragraph_spans s JOIN articles a ON a.id = s.article_id;

CREATE VIEW figures AS
SELECT f.id, f.article_id, f.idx, f.raw, f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
       f.rate, f.paragraph, f.span_start, f.span_end,
       coalesce(f.sentence_text,
                (SELECT substr(p.text, f.sentence_start + 1, f.sentence_end - f.sentence_start)
                 FROM paragraphs p WHERE p.article_id = f.article_id AND p.idx = f.paragraph),
                '') AS sentence
FROM figure_rows f;

CREATE VIEW figures_view AS
SELECT f.id AS figure_id, f.raw, f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
       f.rate, f.sentence, a.publisher AS outlet, a.title, a.published, a.id AS article_id
FROM figures f JOIN articles a ON a.id = f.article_id;

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

-- Removed lines: each distinct line text is stored once in `removed_text`; an
-- article's removed lines are runs of lines with one reason and a fixed line step,
-- [[first_line, reason, step, [text_id | "text", ...]], ...]: item k is line
-- first_line + step * k (a string stands for itself, used when two texts share a
-- hash). Articles stored before V3 keep their rows in `removed_lines`; the `removed`
-- view reads both. Texts are never deleted: they are shared, like template evidence.
CREATE TABLE removed_text (
    id            INTEGER PRIMARY KEY,
    hash          INTEGER NOT NULL UNIQUE,           -- first 8 bytes of blake3(text)
    text          TEXT    NOT NULL
) STRICT;
CREATE TABLE removed_runs (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    runs          TEXT    NOT NULL
) STRICT;

DROP VIEW removed;
CREATE VIEW removed AS
SELECT r.article_id,
       json_extract(j.value, '$[0]') AS line,
       json_extract(j.value, '$[2]') AS text,
       json_extract(j.value, '$[1]') AS reason
FROM removed_lines r, json_each(r.lines) j
UNION ALL
SELECT r.article_id,
       json_extract(run.value, '$[0]') + json_extract(run.value, '$[2]') * item.key AS line,
       CASE item.type WHEN 'text' THEN item.value
            ELSE (SELECT t.text FROM removed_text t WHERE t.id = item.value) END AS text,
       json_extract(run.value, '$[1]') AS reason
FROM removed_runs r, json_each(r.runs) run, json_each(run.value, '$[3]') item;
