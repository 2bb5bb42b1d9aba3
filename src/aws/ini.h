/*
 * ini.h - the AWS shared files (~/.aws/config, ~/.aws/credentials) parsed
 * the way one SDK parses them, quirks included. Three dialects share one
 * document model so that their differences can be compared line by line:
 *
 *   botocore  Python configparser (RawConfigParser, strict) + botocore's
 *             nested values: universal newlines, no inline comments,
 *             quotes kept, indentation continues the previous value,
 *             duplicates and junk refuse the whole file.
 *   go-v2     aws-sdk-go-v2 internal/ini (the 2023 line parser): split
 *             on \n only, inline comments after a space/tab, quotes
 *             removed, orphaned indented keys promoted, last key wins.
 *   go-v1     aws-sdk-go v1 internal/ini (the lexer/AST parser that
 *             go-v2 used before 2023 as well).
 *
 * Positions are byte offsets into the input; ini_pos() turns one into a
 * 1-based line and column counted with universal newlines (\r\n, \r, \n),
 * as editors count, whichever way the dialect itself splits lines.
 *
 * Ownership: struct ini_doc owns every string in it; ini_doc_release()
 * frees it all and accepts NULL. The input buffer is only borrowed while
 * ini_parse() runs. Caps: INI_MAX_INPUT bytes, INI_MAX_SECTIONS sections,
 * INI_MAX_KEYS keys per section; past a cap the parser stops adding and
 * records a note.
 */
#ifndef TFAUTH_INI_H
#define TFAUTH_INI_H

#include <stddef.h>

#include "aws/facts.h"

struct ini_index;

#define INI_MAX_INPUT (16u << 20)
#define INI_MAX_SECTIONS 100000
#define INI_MAX_KEYS 10000

enum ini_flag {
	INI_QUOTED = 1 << 0,	   /* go: surrounding quotes removed; botocore: quotes kept */
	INI_COMMENT_CUT = 1 << 1,  /* go: an inline comment was cut off */
	INI_INDENTED = 1 << 2,	   /* the key's line starts with whitespace */
	INI_PROMOTED = 1 << 3,	   /* go: indented sub-property promoted to a key */
	INI_CONTINUED = 1 << 4,	   /* the value spans continuation lines */
	INI_NESTED = 1 << 5,	   /* a map of sub-values (s3 = / services) */
	INI_OVERRIDES = 1 << 6,	   /* go: replaced an earlier value of the same key */
	INI_FROM_DEFAULT = 1 << 7, /* botocore: inherited from [DEFAULT] */
};

struct ini_value {
	char *key; /* as stored (lower-cased by every dialect) */
	char *val; /* processed value, NUL-terminated, may hold NULs */
	size_t len;
	char *raw; /* the line's bytes after the separator (first line) */
	size_t raw_len;
	size_t key_off, val_off, raw_off;
	unsigned flags;
	struct ini_value *sub; /* INI_NESTED: the sub-values, in order */
	size_t nsub, asub;
};

struct ini_section {
	char *name;	  /* the section name as the dialect reads the header */
	size_t off;	  /* the first header's '[' */
	unsigned headers; /* how many headers opened it */
	struct ini_value *v;
	size_t nr, alloc;
};

enum ini_note_kind {
	INI_NOTE_IGNORED_LINE,	  /* go: a line that is neither header nor key */
	INI_NOTE_OUTSIDE_SECTION, /* a key before any header (or in [] for go) */
	INI_NOTE_DUP_SECTION,	  /* a header for a section seen before */
	INI_NOTE_DUP_KEY,	  /* a key seen before in the same section */
	INI_NOTE_CONTINUATION,	  /* botocore: an indented line joined the value above;
				     text "=" when it looks like a key, "[" like a header */
	INI_NOTE_NOT_A_HEADER,	  /* a line with [ that the dialect does not take as header */
	INI_NOTE_CAP,		  /* a size cap was reached */
};

struct ini_note {
	enum ini_note_kind kind;
	size_t off;
	char *text; /* the key or section name concerned, owned */
};

struct ini_doc {
	const char *name; /* borrowed: the path for messages */
	enum dialect dialect;
	struct ini_section *s;
	size_t nr, alloc;
	struct ini_section defaults; /* botocore: [DEFAULT]; name NULL when absent */
	struct ini_note *notes;
	size_t nnotes, anotes;
	/* the dialect refuses the whole file */
	int refused;
	char *refusal; /* "DuplicateSectionError: ...", "panic: ..." */
	size_t refusal_off;
	/* what the bytes look like */
	int has_bom, has_crlf, has_lone_cr, utf16, has_nul;
	long bad_utf8_off; /* first invalid UTF-8 byte, or -1 */
	/* universal line starts, for ini_pos() */
	size_t *line_start;
	size_t nlines;
	size_t len;
	struct ini_index *index; /* section lookup, private */
	unsigned flags;		 /* INI_GO_V2_LEGACY */
};

/* Parse buf as dialect dl would. Never fails; a refusal is recorded in doc. */
void ini_parse(struct ini_doc *d, const char *buf, size_t len, const char *name, enum dialect dl);

/*
 * INI_GO_V2_LEGACY with DIALECT_GO_V2 (dl): aws-sdk-go-v2 before its 2023 parser
 * rewrite (internal/ini < v1.7.0, config < v1.24.0: Terraform provider 4.x
 * to early 5.x, S3 backend 1.6): the go-v1 lexer/parser with lower-cased
 * keys, trimmed section names and repeated sections merged.
 */
#define INI_GO_V2_LEGACY 1u
void ini_parse_flags(struct ini_doc *d, const char *buf, size_t len, const char *name,
		     enum dialect dl, unsigned flags);
void ini_doc_release(struct ini_doc *doc);
void ini_pos(const struct ini_doc *doc, size_t off, unsigned *line, unsigned *col);

const struct ini_section *ini_section_get(const struct ini_doc *doc, const char *name);
const struct ini_value *ini_section_value(const struct ini_section *s, const char *key);

/*
 * go-v2's asProfile on one line: 1 and the section name in *out (owned)
 * when it is a header, -1 when it starts with '[' but is not, else 0.
 */
int ini_go_header(const char *line, size_t len, char **out);

/* shlex.split (POSIX mode): number of tokens, or -1 when it raises. */
int ini_shlex_split(const char *s, char ***tokens);

#endif
