/*
 * fuzz-hcl-lex - the HCL lexer alone: tokenise any input to the end,
 * with and without newline suppression, checking that every token stays
 * inside the buffer and that the lexer always advances.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tf/hcl_lex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int mode = 0; mode < 2; mode++) {
		struct hcl_file f = {0};
		struct parser p = {0};
		size_t guard = 0;

		p.buf = (const char *)data;
		p.end = size;
		p.line = 1;
		p.name = "fuzz.tf";
		p.f = &f;
		p.nl_ignore = mode;
		do {
			size_t before = p.pos;
			hcl_next(&p);
			if (p.tok.off + p.tok.len > size || p.pos > size)
				abort();
			if (p.tok.type != T_EOF && p.pos <= before)
				abort(); /* no progress */
			if (++guard > size + 2)
				abort();
		} while (p.tok.type != T_EOF);
		hcl_file_release(&f);
	}
	return 0;
}
