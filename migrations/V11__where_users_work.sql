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
