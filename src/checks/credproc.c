/*
 * credproc.c - credential_process: shell syntax that Terraform does not
 * expand, a command doctor did not run, and the run's failure, bad output
 * or expired credentials.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/credproc.h"
#include "core/env.h"
#include "core/redact.h"
#include "core/banned.h"

void check_credential_process(struct findings *fs, const struct credproc_seen *s, time_t now)
{
	const struct credproc_run *run = &s->run;
	struct finding *f;

	if (strpbrk(s->cmd, "~$|&;<>`")) {
		f = findings_add(fs, F_CREDENTIAL_PROCESS_NO_SHELL, &s->from);
		finding_set(f, "profile", "%s", s->profile);
		finding_set(f, "command", "%s", s->shown);
		finding_set(f, "what", "%s",
			    strchr(s->cmd, '~')	  ? "~"
			    : strchr(s->cmd, '$') ? "$VARIABLES"
						  : "shell syntax");
	}
	if (!s->ran) {
		f = findings_add(fs, F_CREDENTIAL_PROCESS_NOT_RUN, &s->from);
		finding_set(f, "profile", "%s", s->profile);
		finding_set(f, "command", "%s", s->shown);
		return;
	}
	if (run->error || run->timed_out || run->exit_status != 0 || run->truncated) {
		f = findings_add(fs, F_CREDENTIAL_PROCESS_FAILED, &s->from);
		finding_set(f, "profile", "%s", s->profile);
		finding_set(f, "command", "%s", s->shown);
		if (run->error) {
			finding_set(f, "error", "%s", run->error);
			finding_phrase(f, "detail", "not-started");
		} else if (run->timed_out) {
			finding_set(f, "seconds", "%d", s->timeout_s);
			finding_phrase(f, "detail", "timed-out");
		} else if (run->truncated) {
			finding_phrase(f, "detail", "too-much-output");
		} else if (run->exit_status == 127) {
			finding_phrase(f, "detail", "not-found");
		} else {
			finding_set(f, "status", "%d", run->exit_status);
			finding_phrase(f, "detail", "exit-status");
		}
	} else if (run->out.problem) {
		f = findings_add(fs, F_CREDENTIAL_PROCESS_BAD_OUTPUT, &s->from);
		finding_set(f, "profile", "%s", s->profile);
		finding_set(f, "problem", "%s", run->out.problem);
	} else if (run->out.has_expiration && run->out.expiration < now) {
		char when[21], ago[32], *masked = redact_key_id_dup(run->out.access_key_id);

		time_format_iso8601(run->out.expiration, when);
		time_format_duration((long long)(now - run->out.expiration), ago, sizeof(ago));
		f = findings_add(fs, F_CREDENTIAL_PROCESS_EXPIRED, &s->from);
		finding_set(f, "profile", "%s", s->profile);
		finding_set(f, "command", "%s", s->shown);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "when", "%s", when);
		finding_set(f, "ago", "%s", ago);
		free(masked);
	}
}
