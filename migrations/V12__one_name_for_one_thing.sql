-- newsdb schema, version 12: one name for one thing, in tables and views alike.
-- Released migrations are never edited: add V13__… instead.
--
-- Old names stay for one release (until the release after this one) so saved queries
-- keep working: `articles.publisher`, the `quotes_view`/`figures_view` views,
-- `figure_conflicts.article_a`/`article_b`, `speaker_spellings.name`.
--
-- * A page's source is its `outlet` everywhere. `articles.publisher` is renamed to
--   `outlet` (V11 only aliased it); `publisher` is now the alias, a generated column
--   reading `outlet`. RENAME COLUMN rewrites every view and trigger that named it.
-- * A row's own id is `id`; a row it points to is `<thing>_id`, with `_a`/`_b` after
--   it where a view pairs two rows (`figure_conflicts.article_id_a`).
-- * A person is `speaker_id` and `speaker_name` (their canonical spelling) in every view
--   that names one; `speaker` is the spelling as the article wrote it, except in
--   `quote_outlets`, where `speaker` is the old name of `speaker_name`.
-- * Quote and figure text is read through the `quotes` and `figures` views (and the
--   `*_details` views). The tables behind them, `quote_rows` and `figure_rows`, are
--   storage: they keep a text only where it is not the span of its paragraph (`''`
--   otherwise), so the body is not stored twice. They are internal, as are the link
--   indexes: hidden in Datasette and listed last by `newsdb schema`.
ALTER TABLE articles DROP COLUMN outlet;
ALTER TABLE articles RENAME COLUMN publisher TO outlet;
ALTER TABLE articles ADD COLUMN publisher TEXT GENERATED ALWAYS AS (outlet) VIRTUAL;

DROP VIEW figure_conflicts;
CREATE VIEW figure_conflicts AS
SELECT d.id, d.story_id, st.label AS story, d.head, d.rate, d.rel_diff, d.outlets,
       d.figure_a AS figure_id_a, fa.value AS value_a, fa.unit AS unit_a, fa.raw AS raw_a,
       aa.outlet AS outlet_a, fa.sentence AS sentence_a, fa.article_id AS article_id_a,
       d.figure_b AS figure_id_b, fb.value AS value_b, fb.unit AS unit_b, fb.raw AS raw_b,
       ab.outlet AS outlet_b, fb.sentence AS sentence_b, fb.article_id AS article_id_b,
       fa.article_id AS article_a, fb.article_id AS article_b
FROM figure_disagreements d
JOIN stories st ON st.id = d.story_id
JOIN figures fa ON fa.id = d.figure_a JOIN articles aa ON aa.id = fa.article_id
JOIN figures fb ON fb.id = d.figure_b JOIN articles ab ON ab.id = fb.article_id;

DROP VIEW quote_outlets;
CREATE VIEW quote_outlets AS
SELECT c.id AS cluster_id, c.canonical_text, cs.name AS speaker,
       a.outlet, m.spelling AS attributed_to, q.role, q.text,
       m.similarity, a.title, a.published, a.id AS article_id, q.id AS quote_id,
       sa.story_id, c.speaker_id, cs.name AS speaker_name
FROM quote_clusters c
JOIN quote_cluster_members m ON m.cluster_id = c.id
JOIN quotes q ON q.id = m.quote_id
JOIN articles a ON a.id = m.article_id
LEFT JOIN speakers cs ON cs.id = c.speaker_id
LEFT JOIN story_articles sa ON sa.article_id = a.id;

DROP VIEW speaker_spellings;
CREATE VIEW speaker_spellings AS
SELECT s.id AS speaker_id, s.name AS speaker_name, al.alias AS spelling,
       (SELECT count(*) FROM quote_cluster_members m
        WHERE m.speaker_id = s.id AND m.spelling = al.alias) AS quotes,
       (SELECT count(DISTINCT m.article_id) FROM quote_cluster_members m
        WHERE m.speaker_id = s.id AND m.spelling = al.alias) AS articles,
       s.name
FROM speakers s JOIN speaker_aliases al ON al.speaker_id = s.id;
