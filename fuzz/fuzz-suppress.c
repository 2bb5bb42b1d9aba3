/*
 * fuzz-suppress.c - tfauth:ignore comments (report/suppress.c) in any
 * file: findings on every line of it, the directives applied. It must never
 * crash, never hide a finding on another file, and leave every finding
 * either kept or hidden (none lost, none doubled).
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/finding.h"
#include "report/suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct findings fs = FINDINGS_INIT;
	size_t lines = 1, before, hidden, other = 0;
	/* .tf also gets block scope */
	const char *name = size && (data[0] & 1) ? "f.tf" : "f.sh";

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (lines > 200)
		lines = 200;
	for (unsigned l = 1; l <= lines; l++) {
		findings_add(&fs, F_TF_HARDCODED_ACCESS_KEY, &ORIGIN_AT(name, l, 1));
		findings_add(&fs, F_ACCOUNT_ID, &ORIGIN_AT(name, l, 2));
	}
	findings_add(&fs, F_TF_HARDCODED_ACCESS_KEY, &ORIGIN_AT("other.sh", 1, 1));
	before = fs.nr;
	hidden = suppress_apply_buf(&fs, name, (const char *)data, size, "2026-11-28");
	if (hidden > before - 1)
		abort();
	for (size_t i = 0; i < fs.nr; i++) {
		if (!fs.v[i])
			abort();
		other += fs.v[i]->where.name[0] == 'o';
	}
	if (other != 1)
		abort(); /* the other file's finding is never hidden */
	if (fs.nr < before - hidden)
		abort();
	findings_release(&fs);
	return 0;
}
