/*
 * ini_v1_lex.c - the rune lexer of aws-sdk-go v1's internal/ini (also
 * aws-sdk-go-v2's before 2023): whitespace, comma, comment, newline,
 * [ ], = :, and literals - "quoted strings", numbers (with the SDK's own
 * number grammar, which decides whether a value lexes at all), booleans
 * and plain words. The parser is in ini_v1.c.
 */
#include <string.h>

#include "aws/ini_int.h"
#include "aws/ini_v1_int.h"
#include "core/banned.h"

int ini_v1_is_ws(uint32_t c)
{
	return ini_go_space(c) && c != '\n' && c != '\r';
}

int ini_v1_is_nl(const uint32_t *b, size_t n)
{
	return n && (b[0] == '\n' || (n >= 2 && b[0] == '\r' && b[1] == '\n'));
}

int ini_v1_is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

int ini_v1_is_hex(uint32_t c)
{
	return ini_v1_is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

enum { NF_NONE, NF_BINARY, NF_OCTAL, NF_DECIMAL, NF_HEX, NF_EXPONENT };

struct numhelp {
	int fmt, negative, negexp;
};

static int nh_determine(struct numhelp *h, uint32_t c)
{
	if (h->fmt != NF_NONE)
		return -1;
	switch (c) {
	case 'b':
		h->fmt = NF_BINARY;
		break;
	case 'o':
		h->fmt = NF_OCTAL;
		break;
	case 'x':
		h->fmt = NF_HEX;
		break;
	case 'e':
	case 'E':
		h->fmt = NF_EXPONENT;
		break;
	case '-':
		if (h->fmt != NF_EXPONENT)
			h->negative = 1;
		else
			h->negexp = 1;
		break;
	case '.':
		h->fmt = NF_DECIMAL;
		break;
	default:
		return -1;
	}
	return 0;
}

static int nh_correct(const struct numhelp *h, uint32_t c)
{
	switch (h->fmt) {
	case NF_BINARY:
		return c == '0' || c == '1';
	case NF_OCTAL:
		return c >= '0' && c <= '7';
	case NF_HEX:
		return ini_v1_is_hex(c);
	default:
		return ini_v1_is_digit(c);
	}
}

static int is_number(const uint32_t *b, size_t n)
{
	struct numhelp h = {0, 0, 0};
	int neg_index = 0, need = 0;

	for (size_t i = 0; i < n; i++) {
		neg_index++;
		switch (b[i]) {
		case '-':
			if (h.negative || h.negexp || neg_index != 1)
				return 0;
			nh_determine(&h, b[i]);
			need = 1;
			continue;
		case 'e':
		case 'E':
			if (nh_determine(&h, b[i]))
				return 0;
			neg_index = 0;
			need = 1;
			continue;
		case 'b':
			if (h.fmt == NF_HEX)
				break;
			/* fallthrough */
		case 'o':
		case 'x':
			need = 1;
			if (i == 0)
				return 0;
			/* fallthrough */
		case '.':
			if (nh_determine(&h, b[i]))
				return 0;
			need = 1;
			continue;
		}
		if (i > 0 && (ini_v1_is_nl(b + i, n - i) || ini_v1_is_ws(b[i])))
			return !need;
		if (!nh_correct(&h, b[i]))
			return 0;
		need = 0;
	}
	return !need;
}

/* getNumericalValue: length and base, or -1. */
static long get_number(const uint32_t *b, size_t n, int *base)
{
	struct numhelp h = {0, 0, 0};
	size_t i = 0;
	int neg_index = 0;

	if (!ini_v1_is_digit(b[0]))
		return -1;
	for (; i < n; i++) {
		neg_index++;
		if (ini_v1_is_digit(b[i]))
			continue;
		switch (b[i]) {
		case '-': {
			size_t k = 1;
			if (h.negative || h.negexp || neg_index != 1)
				return -1;
			while (i + k < n && ini_v1_is_digit(b[i + k]))
				k++;
			i += k - 1;
			nh_determine(&h, b[i]);
			continue;
		}
		case '.':
			if (nh_determine(&h, b[i]))
				return -1;
			break;
		case 'e':
		case 'E':
			if (nh_determine(&h, b[i]))
				return -1;
			neg_index = 0;
			break;
		case 'b':
			if (h.fmt == NF_HEX)
				break;
			/* fallthrough */
		case 'o':
		case 'x':
			if (i == 0 && b[i] != '0')
				return -1;
			if (i != 1)
				return -1;
			if (nh_determine(&h, b[i]))
				return -1;
			break;
		default:
			if (ini_v1_is_ws(b[i]) || ini_v1_is_nl(b + i, n - i))
				goto out;
			if (!(h.fmt == NF_HEX && ini_v1_is_hex(b[i]))) {
				if (i + 2 < n && !ini_v1_is_nl(b + i, 2))
					return -1;
				else if (!ini_v1_is_nl(b + i, 1))
					return -1;
				goto out;
			}
		}
	}
out:
	*base = h.fmt == NF_BINARY ? 2 : h.fmt == NF_OCTAL ? 8 : h.fmt == NF_HEX ? 16 : 10;
	return (long)i;
}

static int caseless_prefix(const uint32_t *b, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		uint32_t c = b[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		if (c != (uint32_t)w[i])
			return 0;
	}
	return 1;
}

int ini_v1_is_escaped(const uint32_t *v, size_t i, uint32_t c)
{
	if (!i)
		return 0;
	if (c != '\'' && c != '"' && c != 'n' && c != 't' && c != '\\')
		return 0;
	return v[i - 1] == '\\';
}

/* One token at b; returns its length, or -1 on a lexing error. */
long ini_v1_lex_one(const uint32_t *b, size_t n, struct ini_v1_tok *t)
{
	size_t i = 0;

	t->vtype = V_NONE;
	t->base = 10;
	if (ini_v1_is_ws(b[0])) {
		while (i < n && ini_v1_is_ws(b[i]))
			i++;
		t->type = T_WS;
		return (long)i;
	}
	if (b[0] == ',') {
		t->type = T_COMMA;
		return 1;
	}
	if (b[0] == ';' || b[0] == '#') {
		for (; i < n; i++) {
			if (b[i] == '\n')
				break;
			if (n - i > 2 && b[i] == '\r' && b[i + 1] == '\n')
				break;
		}
		t->type = T_COMMENT;
		return (long)i;
	}
	if (ini_v1_is_nl(b, n)) {
		t->type = T_NL;
		return b[0] == '\r' && ini_v1_is_nl(b + 1, n - 1) ? 2 : 1;
	}
	if (b[0] == '[' || b[0] == ']') {
		t->type = T_SEP;
		return 1;
	}
	if (b[0] == '=' || b[0] == ':') {
		t->type = T_OP;
		return 1;
	}
	t->type = T_LIT;
	if (b[0] == '"') {
		for (i = 1; i < n; i++)
			if (b[i] == '"' && !ini_v1_is_escaped(b, i, b[i]))
				break;
		if (i >= n)
			return -1; /* missing '"' in string value */
		t->vtype = V_QUOTED;
		return (long)i + 1;
	}
	if (is_number(b, n)) {
		long k = get_number(b, n, &t->base);
		if (k < 0)
			return -1;
		t->vtype = V_INTEGER;
		for (long j = 0; j < k; j++)
			if (b[j] == '.' || b[j] == 'e' || b[j] == 'E')
				t->vtype = V_DECIMAL;
		return k;
	}
	if (caseless_prefix(b, n, "true") || caseless_prefix(b, n, "false")) {
		t->vtype = V_BOOL;
		return caseless_prefix(b, n, "false") ? 5 : 4;
	}
	t->vtype = V_STRING;
	while (i < n) {
		uint32_t c = b[i];
		if (ini_v1_is_nl(b + i, n - i) || c == '=' || c == ':' || c == '[' || c == ']' ||
		    c == ' ' || c == '\n')
			break;
		i++;
	}
	return (long)i;
}
