/*
 * athena.c - `tfauth trail --athena TABLE`: the same selection and grouping
 * as the local summary, as SQL for Amazon Athena (engine version 3, Trino)
 * over a CloudTrail table created as in the CloudTrail documentation
 * (columns eventtime, useridentity.accesskeyid, sourceipaddress, ...).
 *
 * The error codes come from the table in failure.c, so the SQL and the
 * local reader select the same events. The account is decoded from the key
 * id in SQL with the same arithmetic as aws/keyfmt.c: base32 of characters
 * 5-20, the first six bytes as a big-endian number z, (z & 0x7FFFFFFFFF80) >> 7.
 * Every statement is self-contained (it repeats the failures CTE), so each
 * can be run on its own; none writes anything.
 */
#include <string.h>

#include "core/env.h"
#include "trail/trail.h"
#include "core/banned.h"

static void code_list(struct strbuf *out, int sts_only)
{
	const char *sep = "";

	for (size_t i = 0; i < auth_errors_nr; i++) {
		if (auth_errors[i].sts_only != sts_only)
			continue;
		strbuf_addf(out, "%s'%s'", sep, auth_errors[i].code);
		sep = ", ";
	}
}

static void failures_cte(struct strbuf *out, const char *table, const struct trail_opts *o)
{
	char buf[21];

	strbuf_addstr(out, "WITH failures AS (\n"
			   "  SELECT from_iso8601_timestamp(eventtime) AS t,\n"
			   "         useridentity.accesskeyid AS access_key_id,\n"
			   "         useridentity.accountid AS account_id,\n"
			   "         sourceipaddress AS source_ip,\n"
			   "         useragent AS user_agent,\n"
			   "         eventsource AS event_source,\n"
			   "         awsregion AS region,\n"
			   "         CASE WHEN eventname = 'ConsoleLogin' AND errormessage = "
			   "'Failed authentication'\n"
			   "              THEN 'ConsoleLoginFailure'\n"
			   "              ELSE regexp_replace(errorcode, '^Client\\.', '') END AS "
			   "error_code\n");
	strbuf_addf(out, "  FROM %s\n", table);
	strbuf_addstr(out, "  WHERE (regexp_replace(errorcode, '^Client\\.', '') IN (");
	code_list(out, 0);
	strbuf_addstr(out, ")\n         OR (regexp_replace(errorcode, '^Client\\.', '') IN (");
	code_list(out, 1);
	strbuf_addstr(out, ")\n             AND eventsource = 'sts.amazonaws.com')\n"
			   "         OR (eventname = 'ConsoleLogin' AND errormessage = 'Failed "
			   "authentication'))\n");
	if (o->since) {
		time_format_iso8601(o->since, buf);
		strbuf_addf(out,
			    "    AND from_iso8601_timestamp(eventtime) >= "
			    "from_iso8601_timestamp('%s')\n",
			    buf);
	}
	if (o->until) {
		time_format_iso8601(o->until, buf);
		strbuf_addf(out,
			    "    AND from_iso8601_timestamp(eventtime) < "
			    "from_iso8601_timestamp('%s')\n",
			    buf);
	}
	strbuf_addstr(out, ")\n");
}

static void limit(struct strbuf *out, size_t top)
{
	if (top)
		strbuf_addf(out, "\nLIMIT %zu", top);
	strbuf_addstr(out, ";\n");
}

void athena_sql(struct strbuf *out, const char *table, const struct trail_opts *o, size_t top)
{
	static const struct {
		const char *title, *cols, *group;
	} dims[] = {
		{"by source IP", "source_ip", "source_ip"},
		{"by user agent (the raw string; tfauth shortens it to product and version)",
		 "user_agent", "user_agent"},
		{"by service and region", "event_source, region", "event_source, region"},
		{"by error code", "error_code", "error_code"},
	};
	long w = o->window > 0 ? o->window : 300;

	strbuf_addf(out,
		    "-- tfauth trail --athena %s: authentication failures, grouped as tfauth trail "
		    "groups them.\n"
		    "-- Amazon Athena engine version 3 over a CloudTrail table; each statement "
		    "runs on its own.\n"
		    "-- Access key ids are masked in the output; the account is decoded from the "
		    "key id\n"
		    "-- (keys whose fifth character is Q-Z or 2-7), else taken from "
		    "useridentity.accountid.\n\n",
		    table);

	strbuf_addstr(out, "-- 1. by access key (decoded account)\n");
	failures_cte(out, table, o);
	strbuf_addstr(
		out,
		"SELECT CASE WHEN coalesce(access_key_id, '') = '' THEN '(no key id)'\n"
		"            ELSE concat(substr(access_key_id, 1, 4), '...', substr(access_key_id, "
		"-4)) END AS access_key,\n"
		"       CASE WHEN regexp_like(access_key_id, '^A[KS]IA[Q-Z2-7][A-Z2-7]{15}$')\n"
		"            THEN lpad(CAST(bitwise_right_shift(bitwise_and(\n"
		"                   from_big_endian_64(concat(X'0000', "
		"substr(from_base32(substr(access_key_id, 5)), 1, 6))),\n"
		"                   140737488355200), 7) AS varchar), 12, '0')\n"
		"            ELSE arbitrary(account_id) END AS account,\n"
		"       count(*) AS failures, min(t) AS first, max(t) AS last,\n"
		"       array_join(array_sort(array_distinct(array_agg(error_code))), ', ') AS "
		"errors\n"
		"FROM failures\n"
		"GROUP BY access_key_id\n"
		"ORDER BY failures DESC, access_key");
	limit(out, top);

	for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
		strbuf_addf(out, "\n-- %zu. %s\n", i + 2, dims[i].title);
		failures_cte(out, table, o);
		strbuf_addf(out,
			    "SELECT %s, count(*) AS failures, min(t) AS first, max(t) AS last\n"
			    "FROM failures\n"
			    "GROUP BY %s\n"
			    "ORDER BY failures DESC, %s",
			    dims[i].cols, dims[i].group, dims[i].group);
		limit(out, top);
	}

	strbuf_addf(out, "\n-- 6. bursts: the most failures per access key within %ld seconds\n",
		    w);
	failures_cte(out, table, o);
	strbuf_addf(out,
		    ", windows AS (\n"
		    "  SELECT access_key_id, t,\n"
		    "         count(*) OVER (PARTITION BY access_key_id ORDER BY t\n"
		    "                        RANGE BETWEEN CURRENT ROW AND INTERVAL '%ld' SECOND "
		    "FOLLOWING) AS n\n"
		    "  FROM failures\n"
		    ")\n"
		    "SELECT concat(substr(access_key_id, 1, 4), '...', substr(access_key_id, -4)) "
		    "AS access_key,\n"
		    "       max(n) AS max_failures, min_by(t, n * -1) AS burst_start\n"
		    "FROM windows\n"
		    "GROUP BY access_key_id\n"
		    "HAVING max(n) >= %ld\n"
		    "ORDER BY max_failures DESC, access_key",
		    w - 1, o->burst > 0 ? o->burst : 10);
	limit(out, top);
}
