-- Rows as a database at schema version 1 holds them (written with V1's columns, not
-- through today's code). The upgrade test applies this to a V1 database, migrates
-- to the latest version and checks every row is still there and searchable.
INSERT INTO articles (id, content_hash, title, subtitle, publisher, byline, published, language,
                      body, word_count, encoding, ingested_at)
VALUES (1, 'hash-v1-a', 'Harbour council approves ferry plan', NULL, 'Kessling Courant', 'Ana Ruiz',
        '2024-05-14', 'en',
        'The harbour council approved the ferry plan on Tuesday.' || char(10) || char(10) ||
        '"We waited long enough," said harbour master Ole Dahl.', 17, 'utf-8', '2024-05-14T10:00:00Z');
INSERT INTO paragraphs (article_id, idx, text) VALUES
  (1, 0, 'The harbour council approved the ferry plan on Tuesday.'),
  (1, 1, '"We waited long enough," said harbour master Ole Dahl.');
INSERT INTO quotes (article_id, idx, text, speaker, role, cue, kind, paragraph, span_start, span_end)
VALUES (1, 0, 'We waited long enough', 'Ole Dahl', 'harbour master', 'said', 'direct', 1, 1, 22);
INSERT INTO figures (article_id, idx, raw, value, low, high, unit, qualifier, kind, rate, paragraph,
                     span_start, span_end, sentence)
VALUES (1, 0, '2.5 million euros', 2500000, NULL, NULL, 'EUR', NULL, 'money', NULL, 0, 0, 17,
        'The ferry costs 2.5 million euros.');
INSERT INTO images (article_id, idx, caption, credit) VALUES (1, 0, 'The old ferry', 'Courant');
INSERT INTO removed_lines (article_id, lines) VALUES (1, '[[1,"navigation","Home | News"]]');
INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
VALUES ('/data/a.txt', 'hash-v1-a', 123, NULL, 'ingested', NULL, 1, '2024-05-14T10:00:00Z'),
       ('/data/bad.txt', NULL, 0, NULL, 'rejected', 'empty file', NULL, '2024-05-14T10:00:00Z');
