/*
 * hcl-bench - parse throughput of the HCL parser alone, for bench/hcl.sh:
 * reads each file named on stdin (one path a line) into one reused buffer
 * and parses it, timing only the parsing (CPU time: the figure is per core and
 * does not depend on other load). Prints "bytes seconds MB/s
 * errors".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "tf/hcl.h"
#include "core/banned.h"

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	char line[4096];
	double secs = 0;
	size_t bytes = 0, errors = 0;

	while (fgets(line, sizeof(line), stdin)) {
		struct timespec a, b;
		struct hcl_file f;
		struct diags d = DIAGS_INIT;

		line[strcspn(line, "\n")] = '\0';
		strbuf_reset(&sb);
		if (strbuf_read_file(&sb, line, 1u << 30) < 0)
			continue;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
		if (hcl_parse(&f, sb.buf, sb.len, line, &d))
			errors++;
		hcl_file_release(&f);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
		secs += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		bytes += sb.len;
		diags_release(&d);
	}
	printf("%zu %.3f %.1f %zu\n", bytes, secs, secs > 0 ? (double)bytes / 1e6 / secs : 0.0,
	       errors);
	strbuf_release(&sb);
	return 0;
}
