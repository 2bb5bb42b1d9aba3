/* fuzz-jwt.c - libFuzzer target for the web identity token decoder (aws/jwt.c). */
#include <stdint.h>
#include <stdlib.h>

#include "aws/jwt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jwt_claims c;
	char *err = NULL;

	jwt_decode((const char *)data, size, "fuzz", &c, &err);
	jwt_claims_release(&c);
	free(err);
	return 0;
}
