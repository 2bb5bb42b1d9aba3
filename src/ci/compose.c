/*
 * compose.c - docker-compose / compose files into ci_container models:
 * environment (map or list form), env_file, volumes (short and long
 * syntax), user, image, build context and host networking.
 */
#include <stdlib.h>
#include <string.h>

#include "ci/ci.h"
#include "ci/yaml.h"
#include "core/xalloc.h"
#include "core/banned.h"

static int looks_like_terraform(const char *s)
{
	return s && (strstr(s, "terraform") || strstr(s, "terragrunt") || strstr(s, "aws-cli") ||
		     strstr(s, "atlantis") || strstr(s, "opentofu") || strstr(s, "tofu") ||
		     !strncmp(s, "aws ", 4));
}

static void compose_env(struct ci_container *c, const struct ynode *env, int depth)
{
	if (!env || depth > 4)
		return;
	if (env->kind == YNODE_MAP) {
		for (size_t i = 0; i < ymap_nr(env); i++) {
			const struct ynode *k = ymap_key(env, i), *v = ymap_val(env, i);
			if (ynode_is(k, "<<") && k->plain) { /* a merged x-aws: &aws block */
				if (v->kind == YNODE_SEQ)
					for (size_t j = 0; j < v->nr; j++)
						compose_env(c, v->v[j], depth + 1);
				else
					compose_env(c, v, depth + 1);
				continue;
			}
			if (!ynode_str(k))
				continue;
			ci_container_env(c, k->val, k->len, ynode_is_null(v) ? NULL : ynode_str(v),
					 k->line, k->col);
		}
	} else if (env->kind == YNODE_SEQ) {
		for (size_t i = 0; i < env->nr; i++) {
			const struct ynode *it = env->v[i];
			const char *s = ynode_str(it), *eq;
			if (!s)
				continue;
			eq = strchr(s, '=');
			ci_container_env(c, s, eq ? (size_t)(eq - s) : strlen(s),
					 eq ? eq + 1 : NULL, it->line, it->col);
		}
	}
}

/* "SRC:DST[:MODE]"; a Windows drive letter "C:\..." is not a separator. */
static void short_volume(struct ci_container *c, const struct ynode *it)
{
	const char *s = ynode_str(it), *p, *q;
	char *src, *dst;
	int ro = 0;

	if (!s)
		return;
	p = s;
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
		p += 2;
	p = strchr(p, ':');
	if (!p)
		return; /* an anonymous volume */
	q = strchr(p + 1, ':');
	src = xmemdupz(s, (size_t)(p - s));
	dst = q ? xmemdupz(p + 1, (size_t)(q - p - 1)) : xstrdup(p + 1);
	if (q)
		ro = strstr(q + 1, "ro") != NULL && !strstr(q + 1, "rw");
	ci_container_mount(c, src, dst, ro, it->line, it->col);
	free(src);
	free(dst);
}

static void compose_volumes(struct ci_container *c, const struct ynode *vols)
{
	for (size_t i = 0; i < yseq_nr(vols); i++) {
		const struct ynode *it = vols->v[i];

		if (it->kind == YNODE_SCALAR) {
			short_volume(c, it);
		} else if (it->kind == YNODE_MAP) {
			const char *src = ynode_str(ymap_get(it, "source", NULL));
			const char *dst = ynode_str(ymap_get(it, "target", NULL));
			if (src && dst)
				ci_container_mount(c, src, dst,
						   ynode_is_true(ymap_get(it, "read_only", NULL)),
						   it->line, it->col);
		}
	}
}

static char *build_dir(const char *file, const char *context)
{
	const char *slash = strrchr(file, '/');
	size_t n = slash ? (size_t)(slash - file) : 0;
	char *ret;

	/* only contexts relative to the compose file's directory are followed */
	if (!context || context[0] == '/' || strstr(context, "://"))
		return NULL;
	while (!strncmp(context, "./", 2))
		context += 2;
	if (!strcmp(context, "."))
		context = "";
	if (n && *context)
		ret = xstrfmt("%.*s/%s", (int)n, file, context);
	else if (n)
		ret = xmemdupz(file, n);
	else
		ret = xstrdup(context);
	n = strlen(ret);
	while (n && ret[n - 1] == '/')
		ret[--n] = '\0';
	return ret;
}

void ci_compose_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	struct ydoc d = YDOC_INIT;
	const struct ynode *services;

	ydoc_parse(&d, buf, len, file, &cx->diags);
	services = ymap_get(d.root, "services", NULL);
	for (size_t i = 0; i < ymap_nr(services); i++) {
		const struct ynode *k = ymap_key(services, i), *s = ymap_val(services, i);
		const struct ynode *u, *b, *cmd;
		struct ci_container *c;

		if (!ynode_str(k) || s->kind != YNODE_MAP)
			continue;
		c = ci_container_new(cx, 1, file);
		c->name = xstrdup(k->val);
		c->line = k->line;
		c->col = k->col;
		if (ynode_str(ymap_get(s, "image", NULL)))
			c->image = xstrdup(ynode_str(ymap_get(s, "image", NULL)));
		if ((u = ymap_get(s, "user", NULL)) && ynode_str(u)) {
			c->user.v = xstrdup(u->val);
			c->user.line = u->line;
			c->user.col = u->col;
		}
		if ((b = ymap_get(s, "build", NULL))) {
			c->uses_build = 1;
			c->build_dir = build_dir(
				file, b->kind == YNODE_MAP ? ynode_str(ymap_get(b, "context", NULL))
							   : ynode_str(b));
			if (b->kind == YNODE_MAP && !ymap_get(b, "context", NULL))
				c->build_dir = build_dir(file, ".");
		}
		c->host_network = ynode_is(ymap_get(s, "network_mode", NULL), "host");
		c->env_file = ymap_get(s, "env_file", NULL) != NULL;
		compose_env(c, ymap_get(s, "environment", NULL), 0);
		compose_volumes(c, ymap_get(s, "volumes", NULL));
		cmd = ymap_get(s, "command", NULL);
		if (!cmd)
			cmd = ymap_get(s, "entrypoint", NULL);
		c->has_command_aws = looks_like_terraform(c->image) ||
				     looks_like_terraform(ynode_str(cmd)) ||
				     (yseq_nr(cmd) && looks_like_terraform(ynode_str(cmd->v[0])));
	}
	ydoc_release(&d);
}
