-- Rows as a database at schema version 2 holds them (V1 tables plus link tables),
-- written with V2's columns. V3 moves paragraphs, figure sentences and removed lines
-- into compact tables behind views of the same names; the upgrade test checks that
-- every row is still there, still searchable and reads back the same text.
INSERT INTO articles (id, content_hash, title, subtitle, publisher, byline, published, language,
                      body, word_count, encoding, ingested_at)
VALUES (1, 'hash-v2-a', 'Harbour council approves ferry plan', NULL, 'Kessling Courant', 'Ana Ruiz',
        '2024-05-14', 'en',
        'The harbour council approved the ferry plan on Tuesday. The ferry costs 2.5 million euros.'
        || char(10) || char(10) ||
        '"We waited long enough," said harbour master Ole Dahl.', 23, 'utf-8', '2024-05-14T10:00:00Z');
INSERT INTO paragraphs (article_id, idx, text) VALUES
  (1, 0, 'The harbour council approved the ferry plan on Tuesday. The ferry costs 2.5 million euros.'),
  (1, 1, '"We waited long enough," said harbour master Ole Dahl.');
INSERT INTO quotes (article_id, idx, text, speaker, role, cue, kind, paragraph, span_start, span_end)
VALUES (1, 0, 'We waited long enough', 'Ole Dahl', 'harbour master', 'said', 'direct', 1, 1, 22);
INSERT INTO figures (id, article_id, idx, raw, value, low, high, unit, qualifier, kind, rate, paragraph,
                     span_start, span_end, sentence)
VALUES (7, 1, 0, '2.5 million euros', 2500000, NULL, NULL, 'EUR', NULL, 'money', NULL, 0, 72, 89,
        'The ferry costs 2.5 million euros.');
INSERT INTO images (article_id, idx, caption, credit) VALUES (1, 0, 'The old ferry', 'Courant');
INSERT INTO removed_lines (article_id, lines)
VALUES (1, '[[1,"navigation","Home | News"],[2,"navigation","Sport"],[9,"footer","© Courant"]]');
INSERT INTO stories (id, label, first_published, last_published, created_at)
VALUES (3, 'Harbour council approves ferry plan', '2024-05-14', '2024-05-14', '2024-05-14T10:00:00Z');
INSERT INTO story_articles (article_id, story_id, score) VALUES (1, 3, 0);
INSERT INTO story_figures (story_id, rate, kind, rhead, value, head, figure_id)
VALUES (3, '', 'money', 'rue', 2500000, 'eur', 7);
INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
VALUES ('/data/a.txt', 'hash-v2-a', 180, NULL, 'ingested', NULL, 1, '2024-05-14T10:00:00Z'),
       ('/data/bad.txt', NULL, 0, NULL, 'rejected', 'empty file', NULL, '2024-05-14T10:00:00Z');
