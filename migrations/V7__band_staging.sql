-- newsdb schema, version 7: LSH band rows are staged before they join `lsh_bands`
-- (issue 8, bulk throughput); described in ARCHITECTURE.md ("Cross-source links").
--
-- Band keys are random, so a batch's band rows landed on pages all over the big
-- `lsh_bands` b-tree and every commit rewrote thousands of its pages (at 100,000
-- articles, about half of its leaves per batch of 256 articles). New band rows now go
-- into this small table, with the same key; once it holds 65,536 rows the writer
-- moves them into `lsh_bands` in key order in one statement, which rewrites each page
-- of `lsh_bands` at most once for all of them. A lookup reads both tables.
CREATE TABLE lsh_bands_recent (
    band          INTEGER NOT NULL,
    key           INTEGER NOT NULL,
    article_id    INTEGER NOT NULL,                   -- articles(id); rows go with it (trigger below)
    PRIMARY KEY (band, key, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX lsh_bands_recent_article ON lsh_bands_recent(article_id);

CREATE TRIGGER lsh_bands_recent_article_gone AFTER DELETE ON articles BEGIN
    DELETE FROM lsh_bands_recent WHERE article_id = old.id;
END;
