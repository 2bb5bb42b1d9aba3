/*
 * fuzz-accesskey-json.c - libFuzzer target for check-key's reading of the
 * JSON aws iam create-access-key prints (cmd/check_key_read.c,
 * keyin_parse_json): any input is refused with a reason or fills the key.
 */
#include <stdint.h>

#include "cmd/check_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyin k;
	struct strbuf err = STRBUF_INIT;

	keyin_init(&k);
	keyin_parse_json(&k, (const char *)data, size, "fuzz", &err);
	strbuf_release(&err);
	keyin_release(&k);
	return 0;
}
