-- newsdb schema, version 6: cheaper link writes (issue 6). Same rows, same meaning;
-- described in ARCHITECTURE.md ("Cross-source links").

-- LSH band rows without a foreign key: each article writes 16 of them in one
-- statement, and checking the parent row for each (with the statement journal a
-- possible foreign-key abort needs) was half the cost of writing them. An article's
-- band rows now go by trigger when the article does, through the same index.
CREATE TABLE lsh_bands_v6 (
    band          INTEGER NOT NULL,
    key           INTEGER NOT NULL,
    article_id    INTEGER NOT NULL,                   -- articles(id); rows go with it (trigger below)
    PRIMARY KEY (band, key, article_id)
) STRICT, WITHOUT ROWID;
INSERT INTO lsh_bands_v6 (band, key, article_id) SELECT band, key, article_id FROM lsh_bands;
DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_v6 RENAME TO lsh_bands;
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);
-- Also drops band rows left behind by articles deleted while foreign keys were off.
DELETE FROM lsh_bands WHERE article_id NOT IN (SELECT id FROM articles);

CREATE TRIGGER lsh_bands_article_gone AFTER DELETE ON articles BEGIN
    DELETE FROM lsh_bands WHERE article_id = old.id;
END;

-- Per-cluster story counts: the writer adds an article's members to
-- `quote_cluster_stories` itself, one upsert per (cluster, story) with the article's
-- count, instead of a trigger running for every member row. Deletion is unchanged
-- (`quote_cluster_stories_article_gone`, V4).
DROP TRIGGER quote_cluster_stories_add;
