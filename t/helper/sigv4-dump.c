/*
 * sigv4-dump - test helper: signs requests described on stdin and prints
 * what the signer computed, for the differential test against botocore
 * (t/live-sigv4.t).
 *
 * Input, one request per line, fields separated by one space; every string
 * is "x" followed by its bytes in hex ("x" alone is the empty string), the
 * session token is "-" when there is none, counts are decimal:
 *   method host path region service when key secret token body
 *   nquery (name value)... nheaders (name value)...
 * Output, per request, three lines: hex(canonical request),
 * hex(string to sign), signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static char *next_field(char **p)
{
	char *s = *p, *e;

	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	e = strchr(s, ' ');
	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

static int unhex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "x<hex>" -> malloc'd bytes (NUL-terminated), length in *len; "-" -> NULL */
static char *decode(const char *f, size_t *len)
{
	size_t n;
	char *out;

	if (!f || !strcmp(f, "-"))
		return NULL;
	if (f[0] != 'x')
		return NULL;
	f++;
	n = strlen(f) / 2;
	out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(unhex(f[2 * i]) << 4 | unhex(f[2 * i + 1]));
	out[n] = '\0';
	if (len)
		*len = n;
	return out;
}

static void put_hex(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		printf("%02x", *p);
	putchar('\n');
}

/* Every decoded string of one request, freed together. */
struct owned {
	char *v[1024];
	size_t nr;
};

static char *own(struct owned *o, char *s)
{
	if (o->nr < sizeof(o->v) / sizeof(o->v[0]))
		o->v[o->nr++] = s;
	return s;
}

int main(void)
{
	struct strbuf line = STRBUF_INIT;
	int c, status = 0;

	for (;;) {
		char *p, *f[10], *tmp;
		size_t body_len = 0, nq, nh;
		struct sigv4_pair *q = NULL, *h = NULL;
		struct sigv4_request req = {0};
		struct sigv4_creds cr = {0};
		struct sigv4_signed out = SIGV4_SIGNED_INIT;
		struct owned o = {{0}, 0};
		const char *field;

		strbuf_reset(&line);
		while ((c = getchar()) != EOF && c != '\n')
			strbuf_addch(&line, (char)c);
		if (c == EOF && !line.len)
			break;
		p = line.buf;
		for (int i = 0; i < 10; i++)
			f[i] = next_field(&p);
		req.method = own(&o, decode(f[0], NULL));
		req.host = own(&o, decode(f[1], NULL));
		req.path = own(&o, decode(f[2], NULL));
		req.region = own(&o, decode(f[3], NULL));
		req.service = own(&o, decode(f[4], NULL));
		tmp = own(&o, decode(f[5], NULL));
		req.when = (time_t)strtoll(tmp ? tmp : "0", NULL, 10);
		cr.access_key_id = own(&o, decode(f[6], NULL));
		cr.secret_access_key = own(&o, decode(f[7], NULL));
		cr.session_token = own(&o, decode(f[8], NULL));
		req.body = own(&o, decode(f[9], &body_len));
		req.body_len = body_len;
		field = next_field(&p);
		nq = field ? strtoul(field, NULL, 10) : 0;
		q = xcalloc(nq + 1, sizeof(*q));
		for (size_t i = 0; i < nq; i++) {
			q[i].name = own(&o, decode(next_field(&p), NULL));
			q[i].value = own(&o, decode(next_field(&p), NULL));
		}
		field = next_field(&p);
		nh = field ? strtoul(field, NULL, 10) : 0;
		h = xcalloc(nh + 1, sizeof(*h));
		for (size_t i = 0; i < nh; i++) {
			h[i].name = own(&o, decode(next_field(&p), NULL));
			h[i].value = own(&o, decode(next_field(&p), NULL));
		}
		req.query = q;
		req.nquery = nq;
		req.headers = h;
		req.nheaders = nh;
		if (sigv4_sign(&req, &cr, &out)) {
			printf("error\nerror\nerror\n");
			status = 1;
		} else {
			put_hex(out.canonical_request);
			put_hex(out.string_to_sign);
			printf("%s\n", out.signature);
		}
		sigv4_signed_release(&out);
		for (size_t i = 0; i < o.nr; i++)
			free(o.v[i]);
		free(q);
		free(h);
	}
	strbuf_release(&line);
	fflush(stdout);
	return status;
}
