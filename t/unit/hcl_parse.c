/*
 * hcl_parse.c - unit tests of the HCL lexer and parser: tokens and
 * positions, literal decoding, precedence leaves as expressions, error
 * positions and recovery, limits, the .tf.json reader, version arithmetic
 * and the key shapes of textkeys.
 */
#include <stdio.h>
#include <string.h>

#include "checks/terraform.h"
#include "checks/textkeys.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "tf/hcl.h"
#include "tf/hcl_lex.h"
#include "tf/tf.h"
#include "tap.h"

static struct hcl_file f;
static struct diags d;

static int parse(const char *src)
{
	hcl_file_release(&f);
	diags_release(&d);
	return hcl_parse(&f, src, strlen(src), "t.tf", &d);
}

static const struct hcl_expr *attr(const char *name)
{
	const struct hcl_attr *a = hcl_body_attr(f.body, name);
	return a ? a->expr : NULL;
}

static const char *str(const char *name)
{
	const struct hcl_expr *e = attr(name);
	return e && e->kind == HCL_STRING ? e->s : NULL;
}

static int kind(const char *name)
{
	const struct hcl_expr *e = attr(name);
	return e ? (int)e->kind : -1;
}

static void test_lexer(void)
{
	static const char src[] = "a = <<-EOT\n  x\n  EOT\nb ... => :: != <= >= && || ~ # c\n";
	struct hcl_file lf = {0};
	struct parser p = {0};
	enum tok_type want[] = {T_IDENT, T_EQ, T_HEREDOC};
	size_t i;

	p.buf = src;
	p.end = strlen(src);
	p.line = 1;
	p.f = &lf;
	for (i = 0; i < 3; i++) {
		hcl_next(&p);
		is_int(p.tok.type, want[i], "lexer: token kind");
	}
	is_int(p.tok.hd_flush, 1, "lexer: <<- is a flush heredoc");
	is_int((int)p.tok.hd_len, 3, "lexer: heredoc delimiter length");
	/* skip the heredoc body by hand to reach line 4 */
	p.pos = (size_t)(strstr(src, "b ...") - src);
	p.line = 4;
	p.bol = p.pos;
	{
		enum tok_type w2[] = {T_IDENT, T_ELLIPSIS, T_FATARROW, T_DCOLON, T_NEQ,	    T_LE,
				      T_GE,    T_AND,	   T_OR,       T_TILDE,	 T_NEWLINE, T_EOF};
		for (i = 0; i < (sizeof(w2) / sizeof(w2[0])); i++) {
			hcl_next(&p);
			if (p.tok.type != w2[i])
				break;
		}
		is_int((int)i, (int)(sizeof(w2) / sizeof(w2[0])),
		       "lexer: operators, comment, newline, end");
	}
	hcl_file_release(&lf);
}

static void test_literals(void)
{
	ok(parse("s = \"a\\tb\\n\\\"q\\\" \\u00e9 \\U0001F600\"\n"
		 "d = \"$${x} %%{y}\"\n"
		 "n = 1.5e3\n"
		 "neg = -2\n"
		 "t = true\n"
		 "z = null\n"
		 "h = <<-EOT\n    one\n      two\n    EOT\n"
		 "f = \"x${\"y\"}z\"\n"
		 "w = \"${42}\"\n") == 0,
	   "literals parse");
	is_str(str("s"), "a\tb\n\"q\" \xc3\xa9 \xf0\x9f\x98\x80", "escapes decoded");
	is_str(str("d"), "${x} %{y}", "$${ and %%{ are literal");
	ok(attr("n") && attr("n")->num == 1500, "number with exponent");
	ok(attr("neg") && attr("neg")->kind == HCL_NUMBER && attr("neg")->num == -2,
	   "-2 folds to a number");
	ok(attr("t") && attr("t")->kind == HCL_BOOL && attr("t")->b, "bool");
	is_int(kind("z"), HCL_NULL, "null");
	is_str(str("h"), "one\n  two\n", "<<- strips the common indentation");
	is_str(str("f"), "xyz", "a template of literals folds");
	ok(attr("w") && attr("w")->kind == HCL_NUMBER, "a lone ${42} keeps its type");
}

static void test_expressions(void)
{
	const struct hcl_expr *e;

	ok(parse("a = 1 + 2 * 3\n"
		 "b = var.x\n"
		 "c = [1, \"two\", var.y]\n"
		 "d = { k = 1, \"q\" : 2 }\n"
		 "e = cond ? x : y\n"
		 "f = [for i in var.l : i if i != \"\"]\n"
		 "g = aws_instance.web[*].id\n"
		 "h = provider::aws::arn_parse(x).account_id\n"
		 "i = concat(a, b...)\n"
		 "j = \"hi ${var.name}\"\n") == 0,
	   "expressions parse");
	is_int(kind("a"), HCL_EXPR, "arithmetic stays an expression");
	e = attr("a");
	ok(e && e->srclen == 9 && !memcmp(e->src, "1 + 2 * 3", 9), "source text of an expression");
	is_int(kind("b"), HCL_EXPR, "a variable reference");
	e = attr("c");
	ok(e && e->kind == HCL_TUPLE && e->items && e->items->next &&
		   e->items->next->kind == HCL_STRING && e->items->next->next->kind == HCL_EXPR,
	   "a tuple keeps literal and non-literal items");
	e = attr("d");
	ok(e && e->kind == HCL_OBJECT && e->keys && !strcmp(e->keys->s, "k") &&
		   !strcmp(e->keys->next->s, "q"),
	   "object keys, bare and quoted, = and :");
	is_int(kind("e"), HCL_EXPR, "conditional");
	is_int(kind("f"), HCL_EXPR, "for expression");
	is_int(kind("g"), HCL_EXPR, "splat");
	is_int(kind("h"), HCL_EXPR, "provider function");
	is_int(kind("i"), HCL_EXPR, "call with ...");
	e = attr("j");
	ok(e && e->kind == HCL_EXPR && e->srclen == 16,
	   "template with interpolation keeps its quotes");
}

static void test_blocks(void)
{
	const struct hcl_block *k;

	ok(parse("provider \"aws\" {\n  region = \"eu-west-1\"\n  assume_role {\n    role_arn = "
		 "\"r\"\n  }\n}\n"
		 "one { a = 1 }\n"
		 "l \"x\" y \"z\" {}\n") == 0,
	   "blocks parse");
	k = hcl_body_block(f.body, "provider", NULL);
	ok(k && k->nlabels == 1 && !strcmp(k->labels->s, "aws"), "provider label");
	ok(k && k->line == 1 && k->col == 1, "block position");
	ok(k && hcl_body_attr(k->body, "region") && hcl_body_attr(k->body, "region")->line == 2 &&
		   hcl_body_attr(k->body, "region")->col == 3,
	   "attribute position");
	ok(k && hcl_body_block(k->body, "assume_role", NULL), "nested block");
	k = hcl_body_block(f.body, "one", NULL);
	ok(k && hcl_body_attr(k->body, "a"), "one-line block");
	k = hcl_body_block(f.body, "l", NULL);
	ok(k && k->nlabels == 3 && !strcmp(k->labels->next->s, "y"), "bare and quoted labels");
}

static void test_skim(void)
{
	static const char *const keep[] = {"provider", "terraform", NULL};
	static const char src[] =
		"resource \"a\" \"b\" {\n  s = \"}{ ${x} }\"\n  p = <<-EOT\n    }\n    EOT\n"
		"  nested { x = [1, {y = 2}] }\n  bad = \"a\" \"b\"\n}\n"
		"provider \"aws\" {\n  region = \"eu-west-1\"\n}\n"
		"output \"o\" { value = 1 + }\n";
	const struct hcl_block *k;
	const char *src2;

	hcl_file_release(&f);
	diags_release(&d);
	hcl_parse_skim(&f, src, strlen(src), "t.tf", &d, keep);
	k = hcl_body_block(f.body, "resource", NULL);
	ok(k && k->nlabels == 2 && !k->body->attrs && !k->body->blocks,
	   "a skimmed block keeps its labels, not its body");
	k = hcl_body_block(f.body, "provider", NULL);
	ok(k && hcl_body_attr(k->body, "region"),
	   "a kept block after braces in strings and a heredoc is read");
	ok(hcl_body_block(f.body, "output", NULL) != NULL, "the block after it is there too");
	is_int(d.nr, 0, "what skimming does not read it does not check ('a' 'b', '1 +')");
	hcl_file_release(&f);
	diags_release(&d);
	hcl_parse_skim(&f, "locals {\n  a = [1, 2\n", 20, "t.tf", &d, keep);
	ok(d.nr && strstr(d.v[d.nr - 1].msg, "not closed"),
	   "an unclosed skimmed block is an error");
	hcl_file_release(&f);
	diags_release(&d);
	src2 = "locals {\n  a = ]\n}\nprovider \"aws\" {}\n";
	hcl_parse_skim(&f, src2, strlen(src2), "t.tf", &d, keep);
	ok(d.nr == 1 && strstr(d.v[0].msg, "unexpected") &&
		   hcl_body_block(f.body, "provider", NULL),
	   "a bracket that closes nothing is an error, and the next block is read");
}

static void test_errors(void)
{
	ok(parse("a = \"open\nb = 2\n") < 0, "unterminated string is an error");
	ok(d.nr >= 1 && d.v[0].line == 1, "error has the line");
	ok(attr("b") != NULL, "parser recovers and reads the next line");
	ok(parse("x {\n  a = 1\n") < 0 && d.nr && strstr(d.v[d.nr - 1].msg, "not closed"),
	   "unclosed block");
	ok(parse("a = 1\na = 2\n") < 0 && d.nr && d.v[0].line == 2,
	   "duplicate attribute at line 2");
	ok(parse("a = \"\\q\"\n") < 0 && d.nr && d.v[0].col == 6, "bad escape at its column");
	{
		struct strbuf deep = STRBUF_INIT;
		strbuf_addstr(&deep, "a = ");
		for (int i = 0; i < 5000; i++)
			strbuf_addch(&deep, '[');
		ok(parse(deep.buf) < 0 && strstr(d.v[0].msg, "levels deep"), "depth limit");
		strbuf_release(&deep);
	}
	ok(parse("\xef\xbb\xbf"
		 "a = 1\n") == 0 &&
		   attr("a"),
	   "byte order mark allowed");
	ok(parse("a = 1\r\nb = \"x\"\r\n") == 0 && str("b"), "CRLF line ends");
	ok(parse("\x01 = 2\n") < 0, "control byte is an error");
}

static void test_json(void)
{
	static const char cfg[] = "{\"provider\": {\"aws\": [{\"region\": \"eu-west-1\", "
				  "\"assume_role\": {\"role_arn\": \"r\"}}]},"
				  " \"terraform\": {\"backend\": {\"s3\": {\"bucket\": \"b\"}}},"
				  " \"variable\": {\"v\": {\"default\": \"${x}\"}}}";
	const struct hcl_block *k, *t;

	hcl_file_release(&f);
	ok(hcl_parse_json(&f, cfg, strlen(cfg), "m.tf.json", NULL) == 0, ".tf.json parses");
	k = hcl_body_block(f.body, "provider", NULL);
	ok(k && k->nlabels == 1 && !strcmp(k->labels->s, "aws") && hcl_body_attr(k->body, "region"),
	   "provider block from JSON");
	ok(k && hcl_body_block(k->body, "assume_role", NULL), "nested assume_role block");
	t = hcl_body_block(f.body, "terraform", NULL);
	ok(t && hcl_body_block(t->body, "backend", NULL) &&
		   !strcmp(hcl_body_block(t->body, "backend", NULL)->labels->s, "s3"),
	   "backend label");
	k = hcl_body_block(f.body, "variable", NULL);
	ok(k && hcl_body_attr(k->body, "default")->expr->kind == HCL_EXPR,
	   "${ in JSON is a template");
	hcl_file_release(&f);
	ok(hcl_parse_json(&f, "[1]", 3, "x.tf.json", &d) < 0, "non-object JSON is refused");
	hcl_file_release(&f);
	ok(hcl_parse_json(&f, "{\"a\": 1, \"a\": 2}", 16, "x.tfvars.json", &d) < 0,
	   "duplicate keys refused");
	hcl_file_release(&f);
	ok(hcl_parse_json(&f, "{\"region\": \"x\"}", 15, "x.tfvars.json", &d) == 0 &&
		   hcl_body_attr(f.body, "region"),
	   ".tfvars.json keys are attributes");
}

static void test_versions(void)
{
	is_int((int)tf_version_parse("5.31.0"), 5031000, "version parse");
	is_int((int)tf_version_parse("99999999999999999.1"), -1, "a major too big is no version");
	is_int((int)tf_version_highest("~> 5.0"), 5999999, "~> 5.0 stays below 6");
	is_int((int)tf_version_highest("~> 3.74.0"), 3074999, "~> 3.74.0 stays below 3.75");
	is_int((int)tf_version_highest(">= 3.0"), -1, ">= has no upper bound");
	is_int((int)tf_version_highest(">= 1.0, < 1.6"), 1005999, "< bound");
	is_int((int)tf_version_highest("1.5.7"), 1005007, "exact version");
	is_int((int)tf_version_highest("~> 5"), -1, "~> 5 has no upper bound");
	{
		long lo, hi;
		ok(tf_version_bounds("~> 1.5", &lo, &hi) == 0 && lo == 1005000 && hi == 1999999,
		   "~> 1.5 is 1.5 to 1.x");
		ok(tf_version_bounds("~> 1.5.0", &lo, &hi) == 0 && lo == 1005000 && hi == 1005999,
		   "~> 1.5.0 is 1.5.x");
		ok(tf_version_bounds(">= 1.6, < 1.10", &lo, &hi) == 0 && lo == 1006000 &&
			   hi == 1009999,
		   ">= 1.6, < 1.10");
		ok(tf_version_bounds("> 1.9.8", &lo, &hi) == 0 && lo == 1009009 && hi == -1,
		   "> has no upper bound");
		ok(tf_version_bounds("!= 1.7.0", &lo, &hi) == 0 && lo == 0 && hi == -1,
		   "!= bounds nothing");
		ok(tf_version_bounds("banana", &lo, &hi) < 0, "unreadable constraint");
	}
	is_int(tf_version_satisfies("~> 5.0", tf_version_parse("4.67.0")), 0, "4.67 is not ~> 5.0");
	is_int(tf_version_satisfies("~> 5.0", tf_version_parse("5.31.0")), 1, "5.31 is ~> 5.0");
	is_int(tf_version_satisfies(">= 4.0, != 5.1.0", tf_version_parse("5.1.0")), 0,
	       "!= excludes");
	is_int(tf_version_satisfies("5.31.0", tf_version_parse("5.31.0")), 1, "exact");
	is_int(tf_version_satisfies("x", 5031000), -1, "unreadable: unknown");
}

/* the Terraform range: required_version, narrowed by .terraform-version */
static void test_terraform_range(void)
{
	struct tf_config c;
	struct tf_versions v;

	tf_config_init(&c, 0);
	c.required_version.v = ">= 1.5, < 2.0";
	tf_versions_init(&v, &c, NULL, NULL, &c.pool);
	ok(v.terraform_lo == 1005000 && v.terraform_hi == 1999999, "required_version alone");
	c.tfenv_version.v = "1.10.2";
	c.tfenv_version.from.name = ".terraform-version";
	tf_versions_init(&v, &c, NULL, NULL, &c.pool);
	ok(v.terraform_lo == 1010002 && v.terraform_hi == 1010002 &&
		   !strcmp(v.terraform_from, "required_version and .terraform-version"),
	   ".terraform-version pins one version");
	c.tfenv_version.v = "min-required";
	tf_versions_init(&v, &c, NULL, NULL, &c.pool);
	ok(v.terraform_lo == 1005000 && v.terraform_hi == 1005000, "min-required is the lowest");
	c.tfenv_version.v = "latest";
	tf_versions_init(&v, &c, NULL, NULL, &c.pool);
	ok(v.terraform_lo == 1005000 && v.terraform_hi == 1999999, "latest says nothing offline");
	tf_versions_init(&v, &c, "1.6.6", NULL, &c.pool);
	ok(v.terraform_lo == 1006006 && v.terraform_hi == 1006006, "--terraform-version wins");
	c.required_version.v = NULL;
	c.tfenv_version.v = NULL;
	tf_versions_init(&v, &c, NULL, NULL, &c.pool);
	ok(v.terraform_lo == 0 && v.terraform_hi == -1 && !v.terraform_from, "nothing known");
	tf_config_release(&c);
}

/* the S3 backend's assume_role: attribute (1.6), block (refused), JSON, top-level */
static void test_backend_assume_role(void)
{
	static const char src[] =
		"terraform {\n"
		"  backend \"s3\" {\n"
		"    assume_role = { role_arn = \"arn:r\", session_name = \"s\" }\n"
		"    role_arn = \"arn:old\"\n"
		"    assume_role_duration_seconds = 900\n"
		"  }\n"
		"  backend \"s3\" {\n"
		"    assume_role {\n"
		"      role_arn = \"arn:b\"\n"
		"    }\n"
		"  }\n"
		"}\n";
	static const char js[] = "{\"terraform\": {\"backend\": {\"s3\": "
				 "{\"assume_role\": {\"role_arn\": \"arn:j\"}}}}}";
	const struct hcl_block *t, *b;
	struct tf_pool pool = {0};
	struct tf_auth_block ab;

	parse(src);
	t = hcl_body_block(f.body, "terraform", NULL);
	b = t ? hcl_body_block(t->body, "backend", NULL) : NULL;
	ok(b != NULL, "backend block");
	if (!b)
		return;
	tf_block_read(&pool, &ab, b, "t.tf", "s3");
	ok(ab.assume_role_attr && !ab.assume_role_blocks, "the attribute form");
	ok(ab.assume_role_arn.v && !strcmp(ab.assume_role_arn.v, "arn:r") &&
		   ab.assume_role_session_name.v && !strcmp(ab.assume_role_session_name.v, "s"),
	   "nested role_arn and session_name");
	is_int((int)ab.assume_role_at.line, 3, "the attribute's line");
	ok(ab.legacy_role_arn.v && !strcmp(ab.legacy_role_arn.v, "arn:old") &&
		   ab.legacy_duration.v && !strcmp(ab.legacy_duration.v, "900"),
	   "top-level role_arn and assume_role_duration_seconds");
	tf_block_read(&pool, &ab, hcl_body_block(t->body, "backend", b), "t.tf", "s3");
	ok(!ab.assume_role_attr && ab.assume_role_blocks == 1 && ab.assume_role_arn.v &&
		   !strcmp(ab.assume_role_arn.v, "arn:b"),
	   "the block form is counted as a block");
	hcl_file_release(&f);
	hcl_parse_json(&f, js, strlen(js), "t.tf.json", &d);
	t = hcl_body_block(f.body, "terraform", NULL);
	b = t ? hcl_body_block(t->body, "backend", NULL) : NULL;
	if (b)
		tf_block_read(&pool, &ab, b, "t.tf.json", "s3");
	ok(b && ab.assume_role_attr && !ab.assume_role_blocks && ab.assume_role_arn.v &&
		   !strcmp(ab.assume_role_arn.v, "arn:j"),
	   "in JSON, the backend's assume_role is the attribute");
	tf_pool_release(&pool);
}

static void test_textkeys(void)
{
	ok(textkeys_is_key_id("AKIAY34FZKBOKTSTVV7A", 20), "AKIA key id");
	ok(!textkeys_is_key_id("AKIAY34FZKBOKTSTVV71", 20), "1 is not base32");
	ok(!textkeys_is_key_id("AIDAY34FZKBOKTSTVV7A", 20), "AIDA is a user id");
	ok(textkeys_is_secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 40), "secret shape");
	ok(!textkeys_is_secret("0123456789abcdef0123456789abcdef01234567", 40),
	   "a git hash is not a secret");

	/* more context lines than the candidate list holds: the rest is searched too */
	{
		struct strbuf sb = STRBUF_INIT;
		struct findings fs = FINDINGS_INIT;
		strbuf_addstr(&sb, "id = AKIAY34FZKBOKTSTVV7A and xAKIAY34FZKBOKTSTVV7A\n");
		for (int i = 0; i < TEXTKEYS_MAX_LINES + 50; i++)
			strbuf_addf(&sb, "# the secret of line %d\n", i);
		strbuf_addstr(&sb, "SECRET=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\n");
		is_int(textkeys_scan("f.env", sb.buf, sb.len, "a .env file", &fs), 2,
		       "a secret past 256 context lines, and one key id (not the one glued to x)");
		is_int(fs.nr, 2, "two findings");
		if (fs.nr == 2) {
			is_int(fs.v[0]->where.line, 1, "the key id's line");
			is_int(fs.v[1]->where.line, TEXTKEYS_MAX_LINES + 52, "the secret's line");
		}
		findings_release(&fs);
		strbuf_release(&sb);
	}
}

int main(void)
{
	test_lexer();
	test_literals();
	test_expressions();
	test_blocks();
	test_errors();
	test_skim();
	test_json();
	test_versions();
	test_terraform_range();
	test_backend_assume_role();
	test_textkeys();
	hcl_file_release(&f);
	diags_release(&d);
	return done_testing();
}
