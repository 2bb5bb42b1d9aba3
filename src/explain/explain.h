/*
 * explain.h - classify Terraform / AWS CLI / CI error output and TF_LOG
 * files into authentication failures.
 *
 * The knowledge is data (signatures.c): categories with their explanation
 * and ranked likely causes (doctor finding ids), error signatures (literals
 * that must all occur in one diagnostic, a category, a code, a stage hint),
 * tool/version-family markers and stage markers. The classifier (classify.c)
 * streams its input through a fixed-size window: a multi-literal prefilter
 * (scan.c) finds the few lines worth looking at; only around those does it
 * rebuild the diagnostic (Terraform's box, a TF_LOG entry, a paragraph),
 * normalised: CR, ANSI colour codes, timestamps, `│` prefixes removed,
 * wrapped lines joined. Memory is constant whatever the input size.
 *
 * Ownership: struct explain owns every failure and string in it;
 * explain_release() frees all of it and accepts NULL. Nothing stored here is
 * a secret: key ids are masked (core/redact.h) and evidence lines have long
 * base64-looking runs (secrets, session tokens) replaced before storage.
 */
#ifndef TFAUTH_EXPLAIN_H
#define TFAUTH_EXPLAIN_H

#include <stddef.h>

#include "core/strbuf.h"
#include "explain/prefilter.h"

enum explain_category {
	EC_NOT_AUTH,
	EC_INVALID_CLIENT_TOKEN_ID,
	EC_SIGNATURE_DOES_NOT_MATCH,
	EC_EXPIRED_TOKEN,
	EC_NO_CREDENTIALS,
	EC_PROFILE_NOT_FOUND,
	EC_ASSUME_ROLE_DENIED,
	EC_WEB_IDENTITY_FAILURE,
	EC_CLOCK_SKEW,
	EC_UNRECOGNIZED_CLIENT,
	EC_AUTH_FAILURE_EC2,
	EC_IMDS_UNREACHABLE,
	EC_OPT_IN_REGION,
	EC_SSO_EXPIRED,
	EC_MFA,		      /* an MFA code was wanted, missing or refused */
	EC_PLATFORM_TOKEN,    /* HCP Terraform / TFE / Scalr / registry host token */
	EC_CONFIG_UNPARSABLE, /* a shared config or credentials file does not parse */
	EC_NR
};

enum explain_stage {
	ES_UNKNOWN,
	ES_PROVIDER_CONFIG,
	ES_BACKEND,
	ES_STATE_REFRESH,
	ES_RESOURCE_OPERATION,
	ES_CLI,
	ES_CI_ACTION,
	ES_REGISTRY,	/* terraform init installing modules or providers from a host */
	ES_IAM_ROLE,	/* Terragrunt assuming its iam_role before running Terraform */
	ES_EXEC_PLUGIN, /* kubectl / helm running aws eks get-token as credential plugin */
	ES_NR
};

#define EXPLAIN_MAX_CAUSES 8

struct explain_category_info {
	const char *name;			/* "invalid_client_token_id" */
	const char *title;			/* one line */
	const char *explanation;		/* a paragraph */
	const char *fix;			/* what to do first */
	const char *causes[EXPLAIN_MAX_CAUSES]; /* ranked doctor finding ids, NULL-ended */
};

struct explain_sig {
	const char *id; /* stable signature id, "sts-invalid-client-token-id" */
	enum explain_category category;
	int priority;		  /* the highest matching signature of a diagnostic wins */
	const char *all[4];	  /* literals that must all occur (NULL-ended) */
	const char *none[3];	  /* literals that must not occur (NULL-ended) */
	const char *code;	  /* the AWS error code it implies, or NULL */
	enum explain_stage stage; /* default stage when no marker says more */
	const char *note;	  /* what this particular text means, or NULL */
};

/* A literal in a diagnostic that decides the tool, version family or stage. */
struct explain_marker {
	const char *text;
	const char *also;	  /* a second literal that must occur too, or NULL */
	const char *tool;	  /* NULL: does not decide the tool */
	const char *family;	  /* NULL: does not decide the family */
	enum explain_stage stage; /* ES_UNKNOWN: does not decide the stage */
};

/*
 * A prefilter literal. Every signature's first literal contains a
 * signature anchor; the other kinds are lines worth noticing on their own.
 */
enum explain_anchor_kind {
	EA_SIGNATURE, /* look at the diagnostic around the line */
	EA_PHASE,     /* the run enters a phase (Initializing the backend...) */
	EA_REMOTE,    /* what follows ran on HCP Terraform / TFE / Scalr */
	EA_PROGRAM,   /* names the program (OpenTofu) */
	EA_SCOPE,     /* a SigV4 credential scope: key id and region in use */
};

struct explain_anchor {
	const char *text;
	enum explain_anchor_kind kind;
	enum explain_stage stage; /* EA_PHASE */
	const char *program;	  /* EA_PROGRAM */
};

/*
 * A literal in the lines around a diagnostic (the command that was run, a
 * stack trace, a wrapper's log prefix) that tells the tool or the stage when
 * the diagnostic itself does not. The first match in the context wins.
 */
struct explain_context {
	const char *text;
	const char *tool;	  /* NULL: does not decide the tool */
	enum explain_stage stage; /* ES_UNKNOWN: does not decide the stage */
	int weak; /* a language or format hint: only when Terraform's stage said nothing */
};

extern const struct explain_category_info explain_categories[EC_NR];
extern const char *const explain_stage_names[ES_NR];
extern const struct explain_sig explain_sigs[];
extern const size_t explain_sigs_nr;
extern const struct explain_marker explain_markers[];
extern const size_t explain_markers_nr;
extern const struct explain_anchor explain_anchors[];
extern const size_t explain_anchors_nr;
extern const struct explain_context explain_contexts[];
extern const size_t explain_contexts_nr;

const char *explain_category_name(enum explain_category c);
int explain_category_parse(const char *name, enum explain_category *out);
const char *explain_stage_name(enum explain_stage s);

#define EXPLAIN_MAX_EVIDENCE 6

struct explain_evidence {
	unsigned long long line; /* 1-based */
	char *text;		 /* normalised, redacted, capped */
};

struct explain_failure {
	enum explain_category category;
	enum explain_stage stage;
	const struct explain_sig *sig;
	const char *tool, *family; /* static strings; "unknown" when unknown */
	const char *program;	   /* "terraform", "opentofu", ... or NULL */
	int remote;		   /* ran on a remote platform (HCP Terraform, Scalr) */
	char *code, *operation, *request_id, *region, *endpoint, *key_id; /* owned or NULL */
	int status; /* HTTP status, 0 when unknown */
	struct explain_evidence ev[EXPLAIN_MAX_EVIDENCE];
	size_t nev;
	unsigned long long occurrences;
	unsigned long long first_line, last_line;
	int stage_from_marker;	     /* stage decided by the diagnostic's own text */
	char *host;		     /* the Terraform service host a platform token is for */
	char *config_file;	     /* the shared file that does not parse, or NULL */
	unsigned config_line;	     /* its line when the text names one, else 0 */
	long wait_seconds;	     /* Signature expired: server time minus signing time */
	const char *first_causes[3]; /* causes this text puts before the category's */
	size_t nfirst;
};

#define EXPLAIN_MAX_FAILURES 64

struct explain {
	/* results */
	struct explain_failure *failures[EXPLAIN_MAX_FAILURES];
	size_t nfailures;
	unsigned long long lines, bytes;
	int binary; /* NUL bytes in the first 64 KiB, or control bytes in a diagnostic */

	/* streaming state (classify.c) */
	char *buf;
	size_t len, cap, done;		    /* bytes in buf; bytes of buf already classified */
	size_t counted;			    /* bytes of buf whose newlines are counted */
	unsigned long long line_at_counted; /* lines before buf[counted] */
	size_t last_block_end;		    /* offset after the last classified diagnostic */
	enum explain_stage phase;
	int remote;
	const char *program;
	char *last_key_id; /* masked; from a Credential= scope */
	char *last_region;
	struct explain_failure *last;
	struct explain_scanner *scanner;
	struct scan_hits hits; /* prefilter hits of the region being classified */
};

void explain_init(struct explain *x);
void explain_release(struct explain *x);
/*
 * Streaming input: explain_space() returns where up to *n bytes may be
 * written; explain_commit() says how many were. explain_feed() copies.
 * explain_finish() classifies what is left; call it once at the end.
 */
char *explain_space(struct explain *x, size_t *n);
void explain_commit(struct explain *x, size_t n);
void explain_feed(struct explain *x, const char *data, size_t len);
void explain_finish(struct explain *x);
/* Classify a whole buffer (tests, fuzzing): init + feed + finish. */
void explain_buffer(struct explain *x, const char *data, size_t len);

/*
 * The likely causes of a failure, most likely first: what its own text
 * points at, then its category's list. Only ids the finding catalogue knows
 * are returned (a list may name entries another area adds later).
 */
size_t explain_failure_causes(const struct explain_failure *f, const char **out, size_t max);
size_t explain_category_causes(enum explain_category c, const char **out, size_t max);

/* The primary failure: the first authentication failure, else the first one. */
const struct explain_failure *explain_primary(const struct explain *x);
/* Number of failures that are authentication failures (not not_auth). */
size_t explain_auth_count(const struct explain *x);

/*
 * Normalise one raw line into out: drop CR, ANSI escapes, a leading
 * GitHub Actions / TF_LOG timestamp, `##[error]`, Terraform's box
 * characters and surrounding blanks; control bytes become spaces.
 * Flags: what the line was.
 */
#define EXPLAIN_LINE_BOX 1	 /* started with │ */
#define EXPLAIN_LINE_BOX_OPEN 2	 /* ╷ */
#define EXPLAIN_LINE_BOX_CLOSE 4 /* ╵ */
#define EXPLAIN_LINE_LOG_START 8 /* [TRACE] [DEBUG] ... after a timestamp */
#define EXPLAIN_LINE_BLANK 16
#define EXPLAIN_LINE_ERROR 32	 /* starts a diagnostic: "Error:", "error:", "##[error]" */
#define EXPLAIN_LINE_INDENTED 64 /* began with blanks or a tab (continuation) */
#define EXPLAIN_LINE_BINARY 128	 /* had NUL or other non-text bytes */
unsigned explain_normalize(struct strbuf *out, const char *line, size_t len);

/* Replace secret-looking runs and mask key ids in place of s. */
void explain_redact(struct strbuf *out, const char *s, size_t len);

#endif
