-- newsdb schema, version 5: smaller storage (issue 8), same rows through the same
-- views. Described in README.md ("Data dictionary") and ARCHITECTURE.md.

-- Removed lines: a publisher's pages repeat the same stretches of cruft (navigation,
-- footers, share bars), usually at other line numbers. The writer cuts an article's
-- removed lines into blocks (content-defined: a block ends after a line whose text
-- hash is 0 mod 16, at a gap of more than 2 lines, or at 64 lines) and stores each
-- distinct block once, its runs in the V3 format with line numbers counted from the
-- block's first line. `removed_runs.runs` stays a JSON array whose elements are either
-- a V3 run [first_line, reason, step, [text_id | "text", ...]] or a block reference
-- [first_line, block_id] (the block's line 0 is first_line). Rows written before V5
-- hold runs only and read back unchanged. Blocks are never deleted (shared, like
-- `removed_text`).
CREATE TABLE removed_blocks (
    id            INTEGER PRIMARY KEY,
    hash          INTEGER NOT NULL UNIQUE,           -- first 8 bytes of blake3(runs)
    runs          TEXT    NOT NULL                   -- V3 runs, lines relative to the block
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
       CASE json_array_length(e.value) WHEN 2 THEN json_extract(e.value, '$[0]') ELSE 0 END
           + json_extract(run.value, '$[0]') + json_extract(run.value, '$[2]') * item.key AS line,
       CASE item.type WHEN 'text' THEN item.value
            ELSE (SELECT t.text FROM removed_text t WHERE t.id = item.value) END AS text,
       json_extract(run.value, '$[1]') AS reason
FROM removed_runs r, json_each(r.runs) e,
     json_each(CASE json_array_length(e.value)
                   WHEN 2 THEN (SELECT b.runs FROM removed_blocks b
                                WHERE b.id = json_extract(e.value, '$[1]'))
                   ELSE '[' || e.value || ']' END) run,
     json_each(run.value, '$[3]') item;

-- Body signatures keep the low 32 bits of each MinHash value (64 × u32 little endian,
-- 256 bytes instead of 512; see src/link/minhash.rs) and LSH band keys the low 32
-- bits of the band hash, as a signed 32-bit integer (4 bytes in the record instead
-- of 8). Existing rows are cut the same way, so old and new articles still meet.
UPDATE article_signatures SET minhash = (
    WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 63)
    SELECT unhex(group_concat(substr(hex(article_signatures.minhash), n * 16 + 1, 8), ''
                              ORDER BY n))
    FROM i)
WHERE length(minhash) = 512;
-- One key per (band, article), so the cut keys stay unique.
UPDATE lsh_bands SET key = (key & 4294967295) - ((key & 2147483648) * 2)
WHERE key NOT BETWEEN -2147483648 AND 2147483647;

-- Quotes: most quotes are exactly a span of their paragraph (`span_start`..`span_end`,
-- characters), so their text is not stored twice. The table is now `quote_rows`, with
-- `text` '' and `text_at_span` 1 for such quotes; the `quotes` view gives the text
-- back (`quotes_fts` reads its external content through the view). Views and the
-- trigger that read quote text are recreated over the view; the full-text delete runs
-- before an article goes, while the body its quotes are cut from is still there
-- (quotes are only ever deleted with their article).
DROP VIEW quotes_view;
DROP VIEW quote_outlets;
DROP TRIGGER quotes_fts_delete;
DROP TRIGGER quote_cluster_members_gone;
ALTER TABLE quotes RENAME TO quote_rows;
ALTER TABLE quote_rows ADD COLUMN text_at_span INTEGER;  -- 1: the text is its span ('' stored)

UPDATE quote_rows AS q SET text = '', text_at_span = 1
FROM paragraphs p
WHERE p.article_id = q.article_id AND p.idx = q.paragraph
  AND q.text <> '' AND substr(p.text, q.span_start + 1, q.span_end - q.span_start) = q.text;

CREATE VIEW quotes AS
SELECT q.id, q.article_id, q.idx,
       CASE WHEN q.text_at_span THEN
            coalesce((SELECT substr(p.text, q.span_start + 1, q.span_end - q.span_start)
                      FROM paragraphs p WHERE p.article_id = q.article_id AND p.idx = q.paragraph),
                     '')
            ELSE q.text END AS text,
       q.speaker, q.role, q.cue, q.kind, q.paragraph, q.span_start, q.span_end
FROM quote_rows q;

CREATE TRIGGER quotes_fts_article_gone BEFORE DELETE ON articles BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker)
    SELECT 'delete', id, text, speaker FROM quotes WHERE article_id = old.id;
END;

-- As in V2, over the `quotes` view.
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

-- As in V1 and V2.
CREATE VIEW quotes_view AS
SELECT q.id AS quote_id, q.speaker, q.role, q.cue, q.kind, q.text,
       a.publisher AS outlet, a.title, a.published, a.id AS article_id
FROM quotes q JOIN articles a ON a.id = q.article_id;

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

-- No query looks figures up by exact unit (the documented ones match `unit LIKE
-- '%…%'`, which scans anyway); the index cost a quarter of the figure rows' size.
DROP INDEX figures_unit;

-- Figures: `raw` is the figure's span of its paragraph (`span_start`..`span_end`), so
-- like the sentence (V3) it is not stored twice: `raw` '' and `raw_at_span` 1, and the
-- `figures` view cuts it from the body. The views over `figures` are recreated as in V3.
DROP VIEW figures_view;
DROP VIEW figure_conflicts;
DROP VIEW figures;
ALTER TABLE figure_rows ADD COLUMN raw_at_span INTEGER;  -- 1: raw is its span ('' stored)

UPDATE figure_rows AS f SET raw = '', raw_at_span = 1
FROM paragraphs p
WHERE p.article_id = f.article_id AND p.idx = f.paragraph
  AND f.raw <> '' AND substr(p.text, f.span_start + 1, f.span_end - f.span_start) = f.raw;

CREATE VIEW figures AS
SELECT f.id, f.article_id, f.idx,
       CASE WHEN f.raw_at_span THEN
            coalesce((SELECT substr(p.text, f.span_start + 1, f.span_end - f.span_start)
                      FROM paragraphs p WHERE p.article_id = f.article_id AND p.idx = f.paragraph),
                     '')
            ELSE f.raw END AS raw,
       f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
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
