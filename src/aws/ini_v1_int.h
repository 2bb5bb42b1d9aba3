/*
 * ini_v1_int.h - what the two halves of the go-v1 INI port share: the
 * rune lexer (ini_v1_lex.c) and the parser and visitor (ini_v1.c).
 */
#ifndef TFAUTH_INI_V1_INT_H
#define TFAUTH_INI_V1_INT_H

#include <stddef.h>
#include <stdint.h>

enum { T_NONE, T_LIT, T_SEP, T_COMMA, T_OP, T_WS, T_NL, T_COMMENT };
enum { V_NONE, V_DECIMAL, V_INTEGER, V_STRING, V_QUOTED, V_BOOL };

struct ini_v1_tok {
	int type, vtype, base;
	size_t a, b; /* rune range */
};

/* isWhitespace: unicode.IsSpace except \n and \r */
int ini_v1_is_ws(uint32_t c);
int ini_v1_is_nl(const uint32_t *b, size_t n);
int ini_v1_is_digit(uint32_t c);
int ini_v1_is_hex(uint32_t c);
int ini_v1_is_escaped(const uint32_t *v, size_t i, uint32_t c);
/* One token at b: its length, or -1 on a lexing error. */
long ini_v1_lex_one(const uint32_t *b, size_t n, struct ini_v1_tok *t);

#endif
