-- Which attribution rule gave each quote its speaker (`extract::quote_rules::ATTRIBUTION_RULES`
-- names: cue_after, cue_before, trailing_cue, preceding_tail, colon_lead_in,
-- preceding_sentence, continuation, later_in_paragraph, qa_label); NULL when no rule named
-- a speaker, and for quotes stored before this migration. The `quotes` view is recreated
-- with the column; the views and triggers that read it by name keep working.
ALTER TABLE quote_rows ADD COLUMN rule TEXT;

DROP VIEW quotes;
CREATE VIEW quotes AS
SELECT q.id, q.article_id, q.idx,
       CASE WHEN q.text_at_span THEN
            coalesce((SELECT substr(p.text, q.span_start + 1, q.span_end - q.span_start)
                      FROM paragraphs p WHERE p.article_id = q.article_id AND p.idx = q.paragraph),
                     '')
            ELSE q.text END AS text,
       q.speaker, q.role, q.cue, q.kind, q.paragraph, q.span_start, q.span_end, q.rule
FROM quote_rows q;
