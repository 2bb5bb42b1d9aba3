/*
 * fuzz-cloudtrail.c - the CloudTrail record reader and the failure summary
 * behind `tfauth trail`: plain or gzip input (ct_read_buffer picks by the
 * magic bytes), then the same input through the splitter in small chunks
 * (the first byte picks the chunk size), every record parsed (--strict) and
 * summarised, and the summary rendered as text and JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trail/trail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trail_opts o = {0};
	struct diags d = DIAGS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct trail t;
	struct ct_reader r;
	size_t chunk;
	json_t *j;

	if (size > (1u << 20))
		return 0;
	o.strict = 1;
	o.burst = 2;
	o.threshold = 3;
	o.window = 60;
	trail_init(&t, &o, &d);
	ct_read_buffer((const char *)data, size, "fuzz.json", trail_record, &t, &d, &t.stats);

	chunk = size ? (size_t)data[0] % 17 + 1 : 1;
	ct_reader_init(&r, "fuzz-chunked.json", trail_record, &t, &d, &t.stats);
	for (size_t i = 0; i < size; i += chunk)
		ct_reader_feed(&r, (const char *)data + i, size - i < chunk ? size - i : chunk);
	ct_reader_finish(&r);
	ct_reader_release(&r);

	trail_finish(&t);
	trail_text(&t, &sb, 5);
	j = trail_json(&t, 0);
	json_decref(j);
	strbuf_release(&sb);
	trail_release(&t);
	diags_release(&d);
	return 0;
}
