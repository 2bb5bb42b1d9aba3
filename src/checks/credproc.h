/*
 * credproc.h - the credential_process checks: a command a profile names,
 * what doctor saw of it (shell syntax, whether it ran with --allow-exec)
 * and what the run gave. The command (cmd/doctor_chain.c) collects, this
 * judges (catalogue: core/findings/chain.def).
 */
#ifndef TFAUTH_CHECKS_CREDPROC_H
#define TFAUTH_CHECKS_CREDPROC_H

#include <time.h>

#include "aws/credproc.h"
#include "core/finding.h"

struct credproc_seen {
	const char *profile;
	const char *shown; /* the command as it may be shown (arguments that look secret masked) */
	const char *cmd;   /* the command itself, only looked at, never printed */
	struct origin from;
	int ran;		 /* --allow-exec: run is filled in */
	int timeout_s;		 /* the limit the run had */
	struct credproc_run run;
};

void check_credential_process(struct findings *fs, const struct credproc_seen *s, time_t now);

#endif
