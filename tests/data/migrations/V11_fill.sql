-- Rows as a database at schema version 11 holds them: two outlets' articles in one
-- story, a quote both carried (one cluster, one speaker under two spellings), and a
-- figure each that disagree. Quote and figure texts are spans of their paragraphs
-- (stored as ''). V12 renames articles.publisher to outlet and keeps `publisher`,
-- `quotes_view`, `figure_conflicts.article_a` and `speaker_spellings.name` as old names.
INSERT INTO articles (id, content_hash, title, subtitle, publisher, byline, published, language,
                      body, word_count, encoding, ingested_at)
VALUES (1, 'hash-v11-a', 'Harbour council approves ferry plan', NULL, 'Kessling Courant', 'Ana Ruiz',
        '2024-05-14', 'en',
        'The harbour council approved the ferry plan on Tuesday. The ferry costs 2.5 million euros.'
        || char(10) || char(10) ||
        '"We waited long enough," said harbour master Ole Dahl.', 23, 'utf-8', '2024-05-14T10:00:00Z'),
       (2, 'hash-v11-b', 'New boat for the harbour', NULL, 'Harbour Post', NULL,
        '2024-05-15', 'en',
        'Harbour master Ole Dahl welcomed the decision of the council. The new boat will cost 2.7 million euros.'
        || char(10) || char(10) ||
        '"We waited long enough," Dahl said.', 24, 'utf-8', '2024-05-15T10:00:00Z');
INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles;
INSERT INTO paragraph_spans (article_id, idx, start, length)
VALUES (1, 0, 0, 90), (1, 1, 92, 54), (2, 0, 0, 103), (2, 1, 105, 35);
INSERT INTO quote_rows (id, article_id, idx, text, speaker, role, cue, kind, paragraph, span_start,
                        span_end, text_at_span, rule)
VALUES (1, 1, 0, '', 'Ole Dahl', 'harbour master', 'said', 'direct', 1, 1, 22, 1, 'after-quote'),
       (2, 2, 0, '', 'Dahl', NULL, 'said', 'direct', 1, 1, 22, 1, 'after-quote');
INSERT INTO quotes_fts (rowid, text, speaker) SELECT id, text, speaker FROM quotes;
INSERT INTO figure_rows (id, article_id, idx, raw, value, low, high, unit, qualifier, kind, rate,
                         paragraph, span_start, span_end, sentence_start, sentence_end,
                         sentence_text, raw_at_span)
VALUES (7, 1, 0, '', 2500000, NULL, NULL, 'EUR', NULL, 'money', NULL, 0, 72, 89, 56, 90, NULL, 1),
       (8, 2, 0, '', 2700000, NULL, NULL, 'EUR', NULL, 'money', NULL, 0, 85, 102, 62, 103, NULL, 1);
INSERT INTO removed_text (id, hash, text) VALUES (1, 11, 'Home | News');
INSERT INTO removed_runs (article_id, runs) VALUES (1, '[[1,"navigation",1,[1]]]');
INSERT INTO stories (id, label, first_published, last_published, created_at)
VALUES (3, 'Harbour council approves ferry plan', '2024-05-14', '2024-05-15', '2024-05-14T10:00:00Z');
INSERT INTO story_articles (article_id, story_id, score) VALUES (1, 3, 0), (2, 3, 4.5);
INSERT INTO story_figures (story_id, rate, kind, rhead, value, head, figure_id)
VALUES (3, '', 'money', 'rue', 2500000, 'eur', 7), (3, '', 'money', 'rue', 2700000, 'eur', 8);
INSERT INTO figure_disagreements (id, story_id, figure_a, figure_b, head, rate, rel_diff, outlets)
VALUES (1, 3, 7, 8, 'eur', '', 0.074, 'different');
INSERT INTO speakers (id, name, role) VALUES (5, 'Ole Dahl', 'harbour master');
INSERT INTO speaker_aliases (speaker_id, alias) VALUES (5, 'Ole Dahl'), (5, 'Dahl');
INSERT INTO quote_clusters (id, canonical_text, canonical_quote_id, speaker_id)
VALUES (9, 'We waited long enough', 1, 5);
INSERT INTO quote_cluster_members (quote_id, cluster_id, article_id, speaker_id, spelling, similarity)
VALUES (1, 9, 1, 5, 'Ole Dahl', 1.0), (2, 9, 2, 5, 'Dahl', 1.0);
INSERT INTO quote_cluster_stories (cluster_id, story_id, quotes) VALUES (9, 3, 2);
INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
VALUES ('/data/a.txt', 'hash-v11-a', 180, NULL, 'ingested', NULL, 1, '2024-05-14T10:00:00Z'),
       ('/data/b.txt', 'hash-v11-b', 170, NULL, 'ingested', NULL, 2, '2024-05-15T10:00:00Z');
