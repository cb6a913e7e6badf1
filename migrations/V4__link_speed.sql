-- newsdb schema, version 4: indexes that keep cross-source linking bounded per
-- article (store/link.rs). Additive only: two tables, their backfill from V2 rows,
-- and triggers that keep them in step. Described in README.md ("Cross-source links").

-- Which stories carry each quote cluster, with how many member quotes. Replaces a
-- per-cluster walk over recent members joined to story_articles: a new article
-- reads the stories of a matched cluster with one range scan.
CREATE TABLE quote_cluster_stories (
    cluster_id    INTEGER NOT NULL REFERENCES quote_clusters(id) ON DELETE CASCADE,
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    quotes        INTEGER NOT NULL,                   -- members of the cluster in the story
    PRIMARY KEY (cluster_id, story_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX quote_cluster_stories_story ON quote_cluster_stories(story_id);

INSERT INTO quote_cluster_stories (cluster_id, story_id, quotes)
SELECT m.cluster_id, sa.story_id, count(*)
FROM quote_cluster_members m JOIN story_articles sa ON sa.article_id = m.article_id
GROUP BY m.cluster_id, sa.story_id;

-- A member joins: its article's story carries the cluster (the article's story is
-- chosen before its quotes join clusters).
CREATE TRIGGER quote_cluster_stories_add AFTER INSERT ON quote_cluster_members BEGIN
    INSERT INTO quote_cluster_stories (cluster_id, story_id, quotes)
    SELECT new.cluster_id, sa.story_id, 1 FROM story_articles sa WHERE sa.article_id = new.article_id
    ON CONFLICT (cluster_id, story_id) DO UPDATE SET quotes = quotes + 1;
END;

-- An article goes: before the cascades remove its story row and members, take its
-- members off their (cluster, story) counts and drop the counts that reach zero.
CREATE TRIGGER quote_cluster_stories_article_gone BEFORE DELETE ON articles BEGIN
    UPDATE quote_cluster_stories SET quotes = quotes -
        (SELECT count(*) FROM quote_cluster_members m
         WHERE m.article_id = old.id AND m.cluster_id = quote_cluster_stories.cluster_id)
    WHERE story_id = (SELECT story_id FROM story_articles WHERE article_id = old.id)
      AND cluster_id IN (SELECT cluster_id FROM quote_cluster_members WHERE article_id = old.id);
    DELETE FROM quote_cluster_stories
    WHERE story_id = (SELECT story_id FROM story_articles WHERE article_id = old.id)
      AND cluster_id IN (SELECT cluster_id FROM quote_cluster_members WHERE article_id = old.id)
      AND quotes <= 0;
END;

-- Near-duplicate groups: each article's `root` is the root of the earlier article
-- whose body it most nearly duplicates (estimated shingle Jaccard ≥ 0.5, among its
-- LSH candidates), else itself. Syndicated copies share a root, so "independent sources" = distinct roots
-- (used to pick a speaker's canonical spelling).
CREATE TABLE article_copies (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    root          INTEGER NOT NULL                    -- an article id (may since be deleted)
) STRICT;
CREATE INDEX article_copies_root ON article_copies(root);

INSERT INTO article_copies (article_id, root) SELECT article_id, article_id FROM article_signatures;

-- A speaker's name is its canonical spelling (store/link.rs recomputes it when the
-- speaker is quoted). When that spelling's last use goes, fall back to the spelling
-- now used by the most articles.
CREATE TRIGGER speaker_name_gone AFTER DELETE ON speaker_aliases
WHEN old.alias = (SELECT name FROM speakers WHERE id = old.speaker_id) BEGIN
    UPDATE speakers SET name = coalesce(
        (SELECT al.alias FROM speaker_aliases al WHERE al.speaker_id = old.speaker_id
         ORDER BY (SELECT count(DISTINCT m.article_id) FROM quote_cluster_members m
                   WHERE m.speaker_id = old.speaker_id AND m.spelling = al.alias) DESC,
                  al.alias
         LIMIT 1), name)
    WHERE id = old.speaker_id;
END;
