/*
 * fuzz-sts-xml.c - libFuzzer target for the STS response parser
 * (aws/sts_xml.c): any bytes must parse or fail cleanly, within the caps.
 */
#include <stddef.h>
#include <stdint.h>

#include "aws/sts.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sts_identity id = STS_IDENTITY_INIT;
	struct sts_error err = STS_ERROR_INIT;
	struct diags d = DIAGS_INIT;
	int r = sts_parse_response((const char *)data, size, "fuzz", &id, &err, &d);

	if (r == 0 && (!id.arn || !id.account))
		__builtin_trap();
	if (r == 1 && !err.code)
		__builtin_trap();
	sts_identity_release(&id);
	sts_error_release(&err);
	diags_release(&d);
	return 0;
}
