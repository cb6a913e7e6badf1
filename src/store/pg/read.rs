//! The read-only side on PostgreSQL: `query` and `status`.
//!
//! Every query runs in a `READ ONLY` transaction with `statement_timeout` set from
//! `query.timeout_ms`, and must be one `SELECT`, `VALUES` or `WITH … SELECT`
//! statement (the extended protocol refuses a second statement). Rows are read as
//! `row_to_json` of the statement, so every PostgreSQL type arrives as the JSON
//! value PostgreSQL itself gives it (numbers as numbers, dates as text), streamed
//! to the [`RowSink`] and cut at the row cap. Parameters are positional (`$1`, given
//! as `-p 1=VALUE`) and text: cast them in the statement (`$1::bigint`).

use std::time::{Duration, Instant};

use postgres::types::Type;
use postgres::Client;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::store::{LinkFindings, QueryEnd, QueryLimits, RowSink, Status, StoreError};

/// A read-only connection to a PostgreSQL database.
pub struct PgReader {
    client: Client,
}

impl PgReader {
    /// Connects to `url`. Nothing is created or migrated: a database `migrate`
    /// never ran on is reported as such.
    pub fn open(url: &str) -> Result<PgReader, StoreError> {
        let mut client = super::connect(url)?;
        let migrated: bool = client
            .query_one(
                "SELECT to_regclass('refinery_schema_history') IS NOT NULL",
                &[],
            )?
            .get(0);
        if !migrated {
            return Err(StoreError::Refused(
                "no newsdb schema in this database (run `newsdb migrate` or `newsdb ingest` first)"
                    .into(),
            ));
        }
        Ok(PgReader { client })
    }

    /// Runs one read-only statement and hands each row to `sink` as it comes. Past
    /// `limits.timeout` (server time, and the whole run including the sink) the query
    /// stops with [`StoreError::Timeout`].
    pub fn query_each(
        &mut self,
        sql: &str,
        params: &[(String, String)],
        limits: QueryLimits,
        sink: &mut impl RowSink,
    ) -> Result<QueryEnd, StoreError> {
        let sql = sql.trim().trim_end_matches(';').trim_end();
        let values = positional(params)?;
        let mut tx = self.client.build_transaction().read_only(true).start()?;
        let timeout = limits.timeout;
        if !timeout.is_zero() {
            tx.batch_execute(&format!(
                "SET LOCAL statement_timeout = {}",
                millis(timeout)
            ))?;
        }
        let text_params = vec![Type::TEXT; values.len()];
        let stmt = tx
            .prepare_typed(sql, &text_params)
            .map_err(|e| failure(e, timeout))?;
        if stmt.columns().is_empty() {
            return Err(StoreError::Refused(
                "on PostgreSQL the query command takes one SELECT, VALUES or WITH … SELECT statement"
                    .into(),
            ));
        }
        let columns: Vec<String> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        let wrapped = tx
            .prepare_typed(
                &format!("SELECT row_to_json(newsdb_row)::text FROM ({sql}) AS newsdb_row"),
                &text_params,
            )
            .map_err(|e| failure(e, timeout))?;
        sink.columns(&columns).map_err(StoreError::Output)?;
        let deadline = (!timeout.is_zero()).then(|| Instant::now() + timeout);
        let mut end = QueryEnd::default();
        let mut rows = tx
            .query_raw(&wrapped, values.iter())
            .map_err(|e| failure(e, timeout))?;
        use postgres::fallible_iterator::FallibleIterator;
        while let Some(row) = rows.next().map_err(|e| failure(e, timeout))? {
            if limits.max_rows > 0 && end.rows >= limits.max_rows {
                end.truncated = true;
                break;
            }
            let json: &str = row.get(0);
            sink.row(ordered_values(json)?)
                .map_err(StoreError::Output)?;
            end.rows += 1;
            if deadline.is_some_and(|d| Instant::now() > d) {
                return Err(StoreError::Timeout(millis(timeout)));
            }
        }
        drop(rows);
        tx.rollback()?;
        Ok(end)
    }

    /// Of the files stored under `paths` (path keys), those rejected and why.
    pub fn rejected_among(
        &mut self,
        paths: &[String],
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.client.query(
            "SELECT path, coalesce(error, '') FROM files
             WHERE status = 'rejected' AND path = ANY($1) ORDER BY path",
            &[&paths],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Counts, last ingest and recent rejects (in one read-only snapshot).
    pub fn status(&mut self) -> Result<Status, StoreError> {
        let mut tx = self
            .client
            .build_transaction()
            .read_only(true)
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .start()?;
        let rejected = tx
            .query(
                "SELECT path, coalesce(error, '') FROM files WHERE status = 'rejected'
                 ORDER BY updated_at DESC LIMIT 20",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let r = tx.query_one(
            "SELECT (SELECT coalesce(max(version), 0)::bigint FROM refinery_schema_history),
                    (SELECT count(*) FROM articles), (SELECT count(*) FROM quote_rows),
                    (SELECT count(*) FROM figure_rows),
                    count(*) FILTER (WHERE status = 'ingested'),
                    count(*) FILTER (WHERE status = 'rejected'),
                    count(*) FILTER (WHERE status = 'deleted'),
                    max(updated_at) FILTER (WHERE status <> 'deleted')
             FROM files",
            &[],
        )?;
        let links = link_findings(&mut tx)?;
        tx.rollback()?;
        Ok(Status {
            schema_version: r.get(0),
            articles: r.get(1),
            quotes: r.get(2),
            figures: r.get(3),
            files_ingested: r.get(4),
            files_rejected: r.get(5),
            files_deleted: r.get(6),
            last_ingest: r.get(7),
            rejected,
            links,
        })
    }
}

/// The same counts as the SQLite reader's `link_findings`.
fn link_findings(tx: &mut postgres::Transaction) -> Result<LinkFindings, StoreError> {
    let r = tx.query_one(
        "SELECT
             (SELECT count(*) FROM (SELECT 1 FROM story_articles GROUP BY story_id
                                    HAVING count(*) > 1) x),
             (SELECT count(*) FROM (SELECT 1 FROM story_articles sa
                                    JOIN articles a ON a.id = sa.article_id
                                    GROUP BY sa.story_id
                                    HAVING count(DISTINCT lower(a.outlet)) > 1) x),
             (SELECT count(*) FROM (SELECT 1 FROM quote_cluster_members GROUP BY cluster_id
                                    HAVING count(DISTINCT article_id) > 1) x),
             (SELECT count(*) FROM (SELECT 1 FROM quote_cluster_members m
                                    JOIN articles a ON a.id = m.article_id
                                    GROUP BY m.cluster_id
                                    HAVING count(DISTINCT lower(a.outlet)) > 1) x),
             (SELECT count(*) FROM figure_disagreements),
             (SELECT count(*) FROM figure_disagreements WHERE outlets = 'different')",
        &[],
    )?;
    Ok(LinkFindings {
        stories_with_several_articles: r.get(0),
        stories_with_several_outlets: r.get(1),
        quotes_in_several_articles: r.get(2),
        quotes_in_several_outlets: r.get(3),
        figure_disagreements: r.get(4),
        figure_disagreements_between_outlets: r.get(5),
    })
}

/// `-p N=VALUE` pairs as the values of `$1`, `$2`, … (each given once, none missing).
fn positional(params: &[(String, String)]) -> Result<Vec<&str>, StoreError> {
    let mut values: Vec<Option<&str>> = Vec::new();
    for (name, value) in params {
        let n: usize = name
            .parse()
            .ok()
            .filter(|&n| (1..=1000).contains(&n))
            .ok_or_else(|| {
                StoreError::Refused(format!(
                    "on PostgreSQL parameters are positional: write $1 in the query and pass \
                     -p 1=VALUE (got -p {name}=…)"
                ))
            })?;
        if values.len() < n {
            values.resize(n, None);
        }
        values[n - 1] = Some(value);
    }
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.ok_or_else(|| {
                StoreError::Refused(format!("no value for ${} (pass -p {}=VALUE)", i + 1, i + 1))
            })
        })
        .collect()
}

/// A query error: the statement timeout as [`StoreError::Timeout`], a write in the
/// read-only transaction as a refusal, others as they are.
fn failure(e: postgres::Error, timeout: Duration) -> StoreError {
    use postgres::error::SqlState;
    match e.code() {
        Some(c) if *c == SqlState::QUERY_CANCELED => StoreError::Timeout(millis(timeout)),
        Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => StoreError::Refused(
            "the query command is read-only (INSERT, UPDATE, DELETE, CREATE, DROP … are not allowed)"
                .into(),
        ),
        _ => StoreError::Postgres(e),
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The values of a `row_to_json` object in column order, duplicates kept (two
/// columns may share a name).
fn ordered_values(json: &str) -> Result<Vec<serde_json::Value>, StoreError> {
    struct Values;
    impl<'de> Visitor<'de> for Values {
        type Value = Vec<serde_json::Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((_, v)) = map.next_entry::<serde::de::IgnoredAny, serde_json::Value>()? {
                out.push(v);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Values)
        .map_err(|e| StoreError::Refused(format!("unreadable row from PostgreSQL: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_values_keep_their_order_and_duplicate_names() {
        let v = ordered_values(r#"{"b":1,"a":"x","b":null,"c":[1,2]}"#).expect("object");
        assert_eq!(
            v,
            vec![
                serde_json::json!(1),
                serde_json::json!("x"),
                serde_json::Value::Null,
                serde_json::json!([1, 2])
            ]
        );
        assert!(ordered_values("[1]").is_err());
    }

    #[test]
    fn parameters_are_positional_and_complete() {
        let p = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            positional(&p(&[("2", "b"), ("1", "a")])).expect("ok"),
            vec!["a", "b"]
        );
        assert!(positional(&p(&[("2", "b")])).is_err(), "$1 missing");
        assert!(positional(&p(&[("name", "b")])).is_err(), "named");
        assert!(positional(&p(&[("0", "b")])).is_err(), "no $0");
    }
}
