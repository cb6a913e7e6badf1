-- newsdb schema, version 5: smaller storage (issue 8), same rows through the same
-- views. Described in README.md ("Data dictionary") and ARCHITECTURE.md.

-- Removed lines: a publisher's pages repeat the same stretches of cruft (navigation,
-- footers, share bars), usually at other line numbers. The writer cuts an article's
-- removed lines into blocks (content-defined: a block ends after a line whose text
-- hash is 0 mod 16, at a gap of more than 2 lines, or at 64 lines) and stores each
-- distinct block once, its runs in the V3 format with line numbers counted from the
-- block's first line. `removed_runs.runs` stays a JSON array whose elements are either
-- a V3 run [first_line, reason, step, [text_id | "text", ...]] or a block reference
-- [first_line, block_id] (the block's line 0 is first_line). Rows written before V5
-- hold runs only and read back unchanged. Blocks are never deleted (shared, like
-- `removed_text`).
CREATE TABLE removed_blocks (
    id            INTEGER PRIMARY KEY,
    hash          INTEGER NOT NULL UNIQUE,           -- first 8 bytes of blake3(runs)
    runs          TEXT    NOT NULL                   -- V3 runs, lines relative to the block
) STRICT;

DROP VIEW removed;
CREATE VIEW removed AS
SELECT r.article_id,
       json_extract(j.value, '$[0]') AS line,
       json_extract(j.value, '$[2]') AS text,
       json_extract(j.value, '$[1]') AS reason
FROM removed_lines r, json_each(r.lines) j
UNION ALL
SELECT r.article_id,
       CASE json_array_length(e.value) WHEN 2 THEN json_extract(e.value, '$[0]') ELSE 0 END
           + json_extract(run.value, '$[0]') + json_extract(run.value, '$[2]') * item.key AS line,
       CASE item.type WHEN 'text' THEN item.value
            ELSE (SELECT t.text FROM removed_text t WHERE t.id = item.value) END AS text,
       json_extract(run.value, '$[1]') AS reason
FROM removed_runs r, json_each(r.runs) e,
     json_each(CASE json_array_length(e.value)
                   WHEN 2 THEN (SELECT b.runs FROM removed_blocks b
                                WHERE b.id = json_extract(e.value, '$[1]'))
                   ELSE '[' || e.value || ']' END) run,
     json_each(run.value, '$[3]') item;

-- Body signatures keep the low 32 bits of each MinHash value (64 × u32 little endian,
-- 256 bytes instead of 512; see src/link/minhash.rs) and LSH band keys the low 32
-- bits of the band hash, as a signed 32-bit integer (4 bytes in the record instead
-- of 8). Existing rows are cut the same way, so old and new articles still meet.
UPDATE article_signatures SET minhash = (
    WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 63)
    SELECT unhex(group_concat(substr(hex(article_signatures.minhash), n * 16 + 1, 8), ''
                              ORDER BY n))
    FROM i)
WHERE length(minhash) = 512;
-- One key per (band, article), so the cut keys stay unique.
UPDATE lsh_bands SET key = (key & 4294967295) - ((key & 2147483648) * 2)
WHERE key NOT BETWEEN -2147483648 AND 2147483647;
