/*
 * fuzz-ini.c - libFuzzer target for the shared-file parser: every input
 * is parsed as botocore, go-v2 and go-v1 would, and every position and
 * section name is exercised (ini_pos, ini_go_header, ini_shlex_split).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/ini.h"
#include "core/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum dialect ds[] = {DIALECT_BOTOCORE, DIALECT_GO_V2, DIALECT_GO_V1};
	const char *buf = (const char *)data;

	for (size_t i = 0; i < 3; i++) {
		struct ini_doc d;
		unsigned line, col;

		ini_parse(&d, buf, size, "fuzz", ds[i]);
		for (size_t s = 0; s < d.nr; s++) {
			char **tok = NULL, *name = NULL;
			int n = ini_shlex_split(d.s[s].name, &tok);
			for (int t = 0; t < n; t++)
				free(tok[t]);
			free(tok);
			ini_pos(&d, d.s[s].off, &line, &col);
			for (size_t v = 0; v < d.s[s].nr; v++) {
				ini_pos(&d, d.s[s].v[v].key_off, &line, &col);
				ini_pos(&d, d.s[s].v[v].val_off, &line, &col);
				(void)ini_section_value(&d.s[s], d.s[s].v[v].key);
			}
			if (d.s[s].off < size) {
				size_t e = d.s[s].off;
				while (e < size && buf[e] != '\n')
					e++;
				ini_go_header(buf + d.s[s].off, e - d.s[s].off, &name);
				free(name);
			}
		}
		if (d.refused)
			ini_pos(&d, d.refusal_off, &line, &col);
		ini_doc_release(&d);
	}
	return 0;
}
