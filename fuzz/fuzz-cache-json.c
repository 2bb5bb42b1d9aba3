/* fuzz-cache-json.c - libFuzzer target for the SSO token and CLI cache readers (aws/cache.c). */
#include <stdint.h>
#include <string.h>

#include "aws/cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sso_token t;
	struct cli_cache_entry e;

	memset(&t, 0, sizeof(t));
	memset(&e, 0, sizeof(e));
	sso_token_parse((const char *)data, size, "fuzz", &t);
	sso_token_release(&t);
	cli_cache_parse((const char *)data, size, "fuzz", &e);
	cli_cache_entry_release(&e);
	return 0;
}
