/*
 * sts_xml.c - the STS response parser (expat): GetCallerIdentityResponse
 * and ErrorResponse (also the EC2-style <Response><Errors><Error>), with
 * caps on depth and text length, no DOCTYPE (so no entities), and every
 * complaint reported as name:line:col. Fuzzed by fuzz/fuzz-sts-xml.c.
 */
#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sts.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define XML_MAX_DEPTH 16
#define XML_MAX_TEXT 4096

enum root_kind { ROOT_NONE, ROOT_IDENTITY, ROOT_ERROR, ROOT_OTHER };

struct xml_state {
	XML_Parser p;
	const char *stack[XML_MAX_DEPTH]; /* local names, static strings or "" */
	int depth;
	enum root_kind root;
	char *root_name;
	struct strbuf text;
	int text_over;
	const char *failure; /* our own reason to stop */
	struct sts_identity *id;
	struct sts_error *err;
	char *request_id;
};

static const char *const known[] = {
	"GetCallerIdentityResponse",
	"GetCallerIdentityResult",
	"Arn",
	"UserId",
	"Account",
	"ResponseMetadata",
	"RequestId",
	"RequestID",
	"ErrorResponse",
	"Response",
	"Errors",
	"Error",
	"Code",
	"Message",
	"Type",
};

static const char *local_name(const char *name)
{
	const char *bar = strrchr(name, '|');

	name = bar ? bar + 1 : name;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(name, known[i]))
			return known[i];
	return "";
}

static void stop(struct xml_state *s, const char *why)
{
	if (!s->failure)
		s->failure = why;
	XML_StopParser(s->p, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_state *s = ud;
	const char *ln = local_name(name);

	(void)attrs;
	if (s->depth >= XML_MAX_DEPTH) {
		stop(s, "elements nested too deep");
		return;
	}
	if (s->depth == 0) {
		const char *bar = strrchr(name, '|');
		free(s->root_name);
		s->root_name = xstrdup(bar ? bar + 1 : name);
		s->root = !strcmp(ln, "GetCallerIdentityResponse")		    ? ROOT_IDENTITY
			  : !strcmp(ln, "ErrorResponse") || !strcmp(ln, "Response") ? ROOT_ERROR
										    : ROOT_OTHER;
	}
	s->stack[s->depth++] = ln;
	strbuf_reset(&s->text);
	s->text_over = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *t, int len)
{
	struct xml_state *s = ud;

	if (s->text.len + (size_t)len > XML_MAX_TEXT) {
		stop(s, "an element's text is too long");
		return;
	}
	strbuf_add(&s->text, t, (size_t)len);
}

static void set(char **slot, const struct strbuf *t)
{
	size_t a = 0, b = t->len;

	while (a < b && strchr(" \t\r\n", t->buf[a]))
		a++;
	while (b > a && strchr(" \t\r\n", t->buf[b - 1]))
		b--;
	free(*slot);
	*slot = xmemdupz(t->buf + a, b - a);
	/* an answer is printed: no control characters (escape sequences) get through */
	for (char *p = *slot; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
			*p = ' ';
}

/* Does the stack (below the element that ends) read path[0]/.../path[n-1]? */
static int at(const struct xml_state *s, int n, const char *const *path)
{
	if (s->depth != n)
		return 0;
	for (int i = 0; i < n; i++)
		if (strcmp(s->stack[i], path[i]))
			return 0;
	return 1;
}

#define AT(...)                                                                                    \
	at(s, (int)ARRAY_SIZE(((const char *const[]){__VA_ARGS__})),                               \
	   (const char *const[]){__VA_ARGS__})

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xml_state *s = ud;

	(void)name;
	if (s->root == ROOT_IDENTITY) {
		if (AT("GetCallerIdentityResponse", "GetCallerIdentityResult", "Arn"))
			set(&s->id->arn, &s->text);
		else if (AT("GetCallerIdentityResponse", "GetCallerIdentityResult", "UserId"))
			set(&s->id->user_id, &s->text);
		else if (AT("GetCallerIdentityResponse", "GetCallerIdentityResult", "Account"))
			set(&s->id->account, &s->text);
		else if (AT("GetCallerIdentityResponse", "ResponseMetadata", "RequestId"))
			set(&s->request_id, &s->text);
	} else if (s->root == ROOT_ERROR) {
		/*
		 * STS: ErrorResponse/Error/Code; EC2 and moto:
		 * Response/Errors/Error/Code and ErrorResponse/Errors/Error/Code.
		 */
		int in_error = (s->depth == 3 && !strcmp(s->stack[1], "Error")) ||
			       (s->depth == 4 && !strcmp(s->stack[1], "Errors") &&
				!strcmp(s->stack[2], "Error"));
		const char *leaf = s->stack[s->depth - 1];

		if (in_error && !strcmp(leaf, "Code"))
			set(&s->err->code, &s->text);
		else if (in_error && !strcmp(leaf, "Message"))
			set(&s->err->message, &s->text);
		else if (in_error && !strcmp(leaf, "Type"))
			set(&s->err->type, &s->text);
		else if (s->depth == 2 &&
			 (!strcmp(leaf, "RequestId") || !strcmp(leaf, "RequestID")))
			set(&s->request_id, &s->text);
	}
	strbuf_reset(&s->text);
	if (s->depth > 0)
		s->depth--;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	stop(ud, "a DOCTYPE is not allowed in an STS response");
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *entityName, int is_parameter_entity,
				   const XML_Char *value, int value_length, const XML_Char *base,
				   const XML_Char *systemId, const XML_Char *publicId,
				   const XML_Char *notationName)
{
	(void)entityName, (void)is_parameter_entity, (void)value, (void)value_length;
	(void)base, (void)systemId, (void)publicId, (void)notationName;
	stop(ud, "an entity declaration is not allowed in an STS response");
}

int sts_parse_response(const char *buf, size_t len, const char *name, struct sts_identity *id,
		       struct sts_error *err, struct diags *d)
{
	struct xml_state s;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	s.id = id;
	s.err = err;
	strbuf_init(&s.text, 0);
	if (!name)
		name = "response";
	if (!buf || !len) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "the answer is empty");
		goto done;
	}
	if (len > (size_t)HTTP_DEFAULT_MAX_BODY * 16) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "the answer is too large (%zu bytes)", len);
		goto done;
	}
	s.p = XML_ParserCreateNS(NULL, '|');
	if (!s.p) {
		diags_add(d, DIAG_ERROR, name, 0, 0, "cannot create an XML parser");
		goto done;
	}
	XML_SetUserData(s.p, &s);
	XML_SetElementHandler(s.p, on_start, on_end);
	XML_SetCharacterDataHandler(s.p, on_text);
	XML_SetStartDoctypeDeclHandler(s.p, on_doctype);
	XML_SetEntityDeclHandler(s.p, on_entity_decl);
	XML_SetParamEntityParsing(s.p, XML_PARAM_ENTITY_PARSING_NEVER);
	if (XML_Parse(s.p, buf, (int)len, XML_TRUE) != XML_STATUS_OK) {
		unsigned line = (unsigned)XML_GetCurrentLineNumber(s.p);
		unsigned col = (unsigned)XML_GetCurrentColumnNumber(s.p) + 1;

		if (s.failure)
			diags_add(d, DIAG_ERROR, name, line, col, "%s", s.failure);
		else
			diags_add(d, DIAG_ERROR, name, line, col, "not well-formed XML: %s",
				  XML_ErrorString(XML_GetErrorCode(s.p)));
		goto done;
	}
	if (s.root == ROOT_IDENTITY) {
		if (!id->arn || !*id->arn || !id->account || !*id->account) {
			diags_add(d, DIAG_ERROR, name, 0, 0, "GetCallerIdentityResult has no %s",
				  !id->arn || !*id->arn ? "Arn" : "Account");
			goto done;
		}
		if (s.request_id) {
			free(id->meta.request_id);
			id->meta.request_id = s.request_id;
			s.request_id = NULL;
		}
		ret = 0;
	} else if (s.root == ROOT_ERROR) {
		if (!err->code || !*err->code) {
			diags_add(d, DIAG_ERROR, name, 0, 0, "the error response has no Code");
			goto done;
		}
		if (s.request_id) {
			free(err->meta.request_id);
			err->meta.request_id = s.request_id;
			s.request_id = NULL;
		}
		ret = 1;
	} else {
		diags_add(d, DIAG_ERROR, name, 1, 1, "<%s> is not an STS response",
			  s.root_name ? s.root_name : "?");
	}
done:
	if (s.p)
		XML_ParserFree(s.p);
	free(s.root_name);
	free(s.request_id);
	strbuf_release(&s.text);
	return ret;
}
