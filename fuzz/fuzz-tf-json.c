/*
 * fuzz-tf-json - the .tf.json / .tfvars.json reader on any input, as a
 * configuration and as a variables file.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/diag.h"
#include "tf/hcl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"fuzz.tf.json", "fuzz.tfvars.json"};

	for (int i = 0; i < 2; i++) {
		struct diags d = DIAGS_INIT;
		struct hcl_file f;
		hcl_parse_json(&f, (const char *)data, size, names[i], &d);
		if (!f.body)
			abort();
		for (const struct hcl_block *k = f.body->blocks; k; k = k->next)
			(void)hcl_body_attr(k->body, "region");
		hcl_file_release(&f);
		diags_release(&d);
	}
	return 0;
}
