/*
 * trail.c - the findings of tfauth trail: too many authentication
 * failures in a window, a burst from one key, and input that could not be
 * read, from the summary the trail reader built (trail/trail.h).
 */
#include <stdlib.h>

#include "checks/trail.h"
#include "core/env.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "core/banned.h"

void check_trail(const struct trail *t, struct findings *fs)
{
	char dur[32], when[21];
	struct finding *f;

	time_format_duration(t->opts.window, dur, sizeof(dur));
	if (t->opts.threshold && (long)t->window_max >= t->opts.threshold) {
		f = findings_add(fs, F_AUTH_FAILURE_THRESHOLD, NULL);
		time_format_iso8601(t->window_start, when);
		finding_set(f, "count", "%llu", (unsigned long long)t->window_max);
		finding_set(f, "window", "%s", dur);
		finding_set(f, "start", "%s", when);
		finding_set(f, "threshold", "%ld", t->opts.threshold);
	}
	for (size_t i = 0; i < t->dims[DIM_KEY].nr; i++) {
		struct trail_group *g = t->dims[DIM_KEY].sorted[i];
		char *m;

		if ((long)g->burst_max < t->opts.burst)
			continue;
		m = *g->name ? redact_key_id_dup(g->name) : xstrdup("(no key id)");
		f = findings_add(fs, F_AUTH_FAILURE_BURST, NULL);
		time_format_iso8601(g->burst_start, when);
		finding_set(f, "key", "%s", m);
		finding_set(f, "account", "%s", *g->extra ? g->extra : "account unknown");
		finding_set(f, "count", "%llu", (unsigned long long)g->burst_max);
		finding_set(f, "window", "%s", dur);
		finding_set(f, "start", "%s", when);
		finding_set(f, "errors", "%s", g->errors);
		free(m);
	}
	if (t->stats.damaged || t->malformed || t->stats.gz_errors) {
		f = findings_add(fs, F_TRAIL_INPUT_DAMAGED, NULL);
		finding_set(f, "count", "%llu",
			    (unsigned long long)(t->stats.damaged + t->malformed));
		finding_set(f, "damaged", "%llu", (unsigned long long)t->stats.damaged);
		finding_set(f, "malformed", "%llu", (unsigned long long)t->malformed);
		finding_set(f, "gz_errors", "%u", t->stats.gz_errors);
		finding_set(f, "gz_s", "%s", t->stats.gz_errors == 1 ? "" : "s");
		finding_phrase(f, "detail", "counts");
	}
}

