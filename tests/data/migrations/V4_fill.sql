-- Rows as a database at schema version 4 holds them: paragraphs as spans, figure
-- sentences as spans, removed lines as V3 runs (no blocks), 64-bit MinHash values
-- (512-byte signatures) and 64-bit LSH band keys. V5 reads the V3 runs through the
-- new `removed` view unchanged and cuts signatures and band keys to 32 bits.
INSERT INTO articles (id, content_hash, title, subtitle, publisher, byline, published, language,
                      body, word_count, encoding, ingested_at)
VALUES (1, 'hash-v4-a', 'Harbour council approves ferry plan', NULL, 'Kessling Courant', 'Ana Ruiz',
        '2024-05-14', 'en',
        'The harbour council approved the ferry plan on Tuesday. The ferry costs 2.5 million euros.'
        || char(10) || char(10) ||
        '"We waited long enough," said harbour master Ole Dahl.', 23, 'utf-8', '2024-05-14T10:00:00Z');
INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles;
INSERT INTO paragraph_spans (article_id, idx, start, length) VALUES (1, 0, 0, 90), (1, 1, 92, 54);
INSERT INTO quotes (article_id, idx, text, speaker, role, cue, kind, paragraph, span_start, span_end)
VALUES (1, 0, 'We waited long enough', 'Ole Dahl', 'harbour master', 'said', 'direct', 1, 1, 22);
INSERT INTO quotes_fts (rowid, text, speaker) SELECT id, text, speaker FROM quotes;
INSERT INTO figure_rows (id, article_id, idx, raw, value, low, high, unit, qualifier, kind, rate,
                         paragraph, span_start, span_end, sentence_start, sentence_end, sentence_text)
VALUES (7, 1, 0, '2.5 million euros', 2500000, NULL, NULL, 'EUR', NULL, 'money', NULL, 0, 72, 89,
        56, 90, NULL);
INSERT INTO images (article_id, idx, caption, credit) VALUES (1, 0, 'The old ferry', 'Courant');
-- V3 runs: a text id, a step-2 run and a text stored inline (hash collision).
INSERT INTO removed_text (id, hash, text) VALUES (1, 11, 'Home | News'), (2, 22, 'Sport'),
                                                (3, 33, '© Courant');
INSERT INTO removed_runs (article_id, runs)
VALUES (1, '[[1,"navigation",1,[1,2]],[5,"share",2,["Share this","Tweet",2]],[9,"footer",1,[3]]]');
INSERT INTO stories (id, label, first_published, last_published, created_at)
VALUES (3, 'Harbour council approves ferry plan', '2024-05-14', '2024-05-14', '2024-05-14T10:00:00Z');
INSERT INTO story_articles (article_id, story_id, score) VALUES (1, 3, 0);
INSERT INTO story_figures (story_id, rate, kind, rhead, value, head, figure_id)
VALUES (3, '', 'money', 'rue', 2500000, 'eur', 7);
INSERT INTO article_copies (article_id, root) VALUES (1, 1);
-- value k = 0x0807060504030201 little endian: V5 keeps its low 32 bits, bytes 01020304.
INSERT INTO article_signatures (article_id, minhash) VALUES (1, X'0102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708010203040506070801020304050607080102030405060708');
INSERT INTO lsh_bands (band, key, article_id)
VALUES (0, 578437695752307201, 1), (1, -1, 1), (2, 4294967295, 1), (3, 2147483648, 1);
INSERT INTO files (path, content_hash, size, modified_at, status, error, article_id, updated_at)
VALUES ('/data/a.txt', 'hash-v4-a', 180, NULL, 'ingested', NULL, 1, '2024-05-14T10:00:00Z'),
       ('/data/bad.txt', NULL, 0, NULL, 'rejected', 'empty file', NULL, '2024-05-14T10:00:00Z');
