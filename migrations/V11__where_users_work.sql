-- newsdb schema, version 11: a database the tools users open it with understand.
-- Released migrations are never edited: add V12__… instead.

-- Full-text indexes declared the way Datasette and sqlite-utils detect them
-- (`content="articles"`: they match the double-quoted or bracketed form only, so with
-- `content = 'articles'` Datasette showed no search box and `sqlite-utils search`
-- said the table was not configured for full-text search). Same columns, same
-- external content, same rowids: the writer's inserts and the delete triggers are
-- unchanged. The indexes are rebuilt from their content.
DROP TRIGGER articles_fts_delete;
DROP TRIGGER quotes_fts_article_gone;
DROP TABLE articles_fts;
DROP TABLE quotes_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content="articles", content_rowid="id");
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, content="quotes", content_rowid="id");
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');
CREATE TRIGGER quotes_fts_article_gone BEFORE DELETE ON articles BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker)
    SELECT 'delete', id, text, speaker FROM quotes WHERE article_id = old.id;
END;

-- One name for one thing. The views call a page's source `outlet`; `articles` now
-- has it too (the same value as `publisher`, which stays: the writer fills it and old
-- queries read it). A view's own row is `id`, another row it points to `<thing>_id`:
-- `quote_details` and `figure_details` follow that (`quotes_view.quote_id` and
-- `figures_view.figure_id` are the old names, kept for one release). They add what a
-- reader otherwise joins four tables for: the person a spelling resolved to
-- (`speaker_id`, `speaker_name`: every spelling of one person shares them) and the
-- story. Each quote's `text` comes from the `quotes` view (`quote_rows.text` is ''
-- when the text is a span of its paragraph).
ALTER TABLE articles ADD COLUMN outlet TEXT GENERATED ALWAYS AS (publisher) VIRTUAL;

CREATE VIEW quote_details AS
SELECT q.id, q.article_id, q.speaker, m.speaker_id, s.name AS speaker_name,
       q.role, q.cue, q.kind, q.text, a.publisher AS outlet, a.title, a.published,
       sa.story_id, m.cluster_id
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN quote_cluster_members m ON m.quote_id = q.id
LEFT JOIN speakers s ON s.id = m.speaker_id
LEFT JOIN story_articles sa ON sa.article_id = q.article_id;

CREATE VIEW figure_details AS
SELECT f.id, f.article_id, f.raw, f.value, f.low, f.high, f.unit, f.qualifier, f.kind,
       f.rate, f.sentence, a.publisher AS outlet, a.title, a.published, sa.story_id
FROM figures f
JOIN articles a ON a.id = f.article_id
LEFT JOIN story_articles sa ON sa.article_id = f.article_id;
