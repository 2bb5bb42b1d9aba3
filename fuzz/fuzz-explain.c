/*
 * fuzz-explain.c - libFuzzer target for explain's classifier: the input is
 * streamed in chunks whose sizes come from the first byte, then every
 * failure's strings are read (so ASan sees use-after-free), and the
 * normaliser and redactor run on the whole input.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/strbuf.h"
#include "explain/explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct explain x;
	struct strbuf sb = STRBUF_INIT;
	size_t chunk = size ? (size_t)data[0] % 97 + 1 : 1;
	volatile size_t sink = 0;

	explain_init(&x);
	for (size_t i = 0; i < size; i += chunk) {
		size_t n = size - i < chunk ? size - i : chunk;
		explain_feed(&x, (const char *)data + i, n);
	}
	explain_finish(&x);
	for (size_t i = 0; i < x.nfailures; i++) {
		const struct explain_failure *f = x.failures[i];
		const char *s[] = {f->code,	f->operation,  f->request_id, f->region,
				   f->endpoint, f->key_id,     f->tool,	      f->family,
				   f->host,	f->config_file};
		const char *cs[EXPLAIN_MAX_CAUSES];
		size_t nc = explain_failure_causes(f, cs, EXPLAIN_MAX_CAUSES);
		for (size_t k = 0; k < sizeof(s) / sizeof(s[0]); k++)
			sink += s[k] ? strlen(s[k]) : 0;
		for (size_t k = 0; k < f->nev; k++)
			sink += strlen(f->ev[k].text);
		for (size_t k = 0; k < nc; k++)
			sink += strlen(cs[k]);
		if (f->category >= EC_NR || f->stage >= ES_NR)
			__builtin_trap();
	}
	explain_release(&x);
	explain_normalize(&sb, (const char *)data, size);
	sink += sb.len;
	strbuf_reset(&sb);
	explain_redact(&sb, (const char *)data, size);
	sink += sb.len;
	strbuf_release(&sb);
	(void)sink;
	return 0;
}
