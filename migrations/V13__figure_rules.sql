-- newsdb schema, version 13: which rule read each figure.
-- Released migrations are never edited: add V14__… instead.
--
-- `rule` names the figure rule (`extract::figure_rules::FIGURE_RULES`, the names
-- `newsdb extract --explain` prints): unit, money, counted-noun, of-total, ratio,
-- compound, range, bound-pair, age, multiplier, rank, fraction, bare. NULL for figures
-- stored before this migration. The views that show figures to users (`figures`,
-- `figure_details` and the old name `figures_view`) are recreated with the column, as
-- in V5 and V11; `figure_conflicts` reads `figures` by name and is left as it is.
ALTER TABLE figure_rows ADD COLUMN rule TEXT;

DROP VIEW figures_view;
DROP VIEW figure_details;
DROP VIEW figures;

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
                '') AS sentence,
       f.rule
FROM figure_rows f;

CREATE VIEW figures_view AS
SELECT f.id AS figure_id, f.raw, f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
       f.rate, f.sentence, a.outlet AS outlet, a.title, a.published, a.id AS article_id,
       f.rule
FROM figures f JOIN articles a ON a.id = f.article_id;

CREATE VIEW figure_details AS
SELECT f.id, f.article_id, f.raw, f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
       f.rate, f.sentence, a.outlet AS outlet, a.title, a.published, sa.story_id,
       f.rule
FROM figures f
JOIN articles a ON a.id = f.article_id
LEFT JOIN story_articles sa ON sa.article_id = f.article_id;
