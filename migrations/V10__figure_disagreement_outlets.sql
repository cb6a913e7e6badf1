-- newsdb schema, version 10: figure disagreements are between articles, and say whose.
-- Linking (store/link.rs, link/figures.rs) now records a disagreement only between
-- figures of different articles of one story, and labels each row with how the two
-- articles' publishers compare: 'different' outlets, the 'same' outlet (an update
-- against its original, a reprint), or 'unknown' (a publisher is missing).
-- Rows written before this version that compare two figures of one article (a
-- recipe's 30 g against its own 25 g) are removed; the rest are labelled as linking
-- labels new ones (publishers compared on letters and digits, case folded; the SQL
-- below folds case and drops spaces and common punctuation, close enough for rows
-- written once).

ALTER TABLE figure_disagreements ADD COLUMN outlets TEXT NOT NULL DEFAULT 'unknown'
    CHECK (outlets IN ('different', 'same', 'unknown'));

DELETE FROM figure_disagreements
WHERE (SELECT article_id FROM figure_rows WHERE id = figure_a)
    = (SELECT article_id FROM figure_rows WHERE id = figure_b);

UPDATE figure_disagreements AS d SET outlets = CASE
    WHEN trim(coalesce(aa.publisher, '')) = '' OR trim(coalesce(ab.publisher, '')) = '' THEN 'unknown'
    WHEN lower(replace(replace(replace(replace(aa.publisher, ' ', ''), '.', ''), '-', ''), '''', ''))
       = lower(replace(replace(replace(replace(ab.publisher, ' ', ''), '.', ''), '-', ''), '''', ''))
        THEN 'same'
    ELSE 'different' END
FROM figure_rows fa, articles aa, figure_rows fb, articles ab
WHERE fa.id = d.figure_a AND aa.id = fa.article_id
  AND fb.id = d.figure_b AND ab.id = fb.article_id;

DROP VIEW figure_conflicts;
CREATE VIEW figure_conflicts AS
SELECT d.story_id, st.label AS story, d.head, d.rate, d.rel_diff, d.outlets,
       fa.value AS value_a, fa.unit AS unit_a, fa.raw AS raw_a, aa.publisher AS outlet_a,
       fa.sentence AS sentence_a, fa.article_id AS article_a,
       fb.value AS value_b, fb.unit AS unit_b, fb.raw AS raw_b, ab.publisher AS outlet_b,
       fb.sentence AS sentence_b, fb.article_id AS article_b
FROM figure_disagreements d
JOIN stories st ON st.id = d.story_id
JOIN figures fa ON fa.id = d.figure_a JOIN articles aa ON aa.id = fa.article_id
JOIN figures fb ON fb.id = d.figure_b JOIN articles ab ON ab.id = fb.article_id;
