/* fuzz-credproc-json.c - libFuzzer target for credential_process output validation (aws/credproc.c). */
#include <stdint.h>

#include "aws/credproc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct credproc_output o;

	credproc_parse((const char *)data, size, "fuzz", &o);
	credproc_output_release(&o);
	return 0;
}
