/*
 * doctor_live.c - doctor's last stage, only with --live: one signed
 * sts:GetCallerIdentity with the credentials the provider would use (and
 * the labelled second call when the region may be the cause), folded into
 * the report next to the offline findings. No verdict (network, server)
 * makes doctor exit 3.
 */
#include <string.h>

#include "cmd/doctor.h"
#include "cmd/sts_call.h"
#include "core/banned.h"

void doctor_stage_live(struct doctor *d)
{
	struct live_probe p = {0};
	struct live_verdict v;
	struct strbuf block = STRBUF_INIT;

	if (!d->live)
		return;
	p.facts = &d->facts;
	p.target = TARGET_PROVIDER;
	p.dialect = d->facts.provider_dialect;
	p.region = d->c->region ? d->c->region : d->facts.provider.region.v;
	p.sts_region = d->facts.provider.sts_region.v;
	p.http.connect_timeout_ms = d->live_connect_timeout_ms;
	p.http.timeout_ms = d->live_timeout_ms;
	if (d->c->endpoint_url) {
		p.endpoint_url = d->c->endpoint_url;
		p.endpoint_from = "--endpoint-url";
	} else if (d->facts.provider.sts_endpoint.v) {
		p.endpoint_url = d->facts.provider.sts_endpoint.v;
		p.endpoint_from = "sts_endpoint in the provider block";
	}
	live_probe_run(&p);
	live_probe_verdict(&p, &v, &d->findings);
	check_live(&v, &d->findings);

	live_probe_text(&p, &block);
	strbuf_addstr(&d->text, "\nlive check (one signed sts:GetCallerIdentity call):\n");
	for (const char *s = block.buf; *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s + 1) : strlen(s);
		strbuf_addstr(&d->text, "  ");
		strbuf_add(&d->text, s, n);
		s += n;
	}
	json_object_set_new(d->resolution, "live", live_probe_json(&p));
	if (p.result == LIVE_FAILED)
		d->exit_override = EXIT_RUNTIME;
	strbuf_release(&block);
	live_probe_release(&p);
}
