/*
 * ci.c - checks on how credentials reach Terraform in containers and CI:
 * the facts the collectors listed (GitHub workflow env: blocks, jobs and
 * configure-aws-credentials steps, GitLab jobs and variables, Dockerfile
 * ENV/ARG), the container model (compose services and docker run lines)
 * and the comparison of GitHub workflows with the IAM trust policies in the
 * repository. Pure functions of the models in ci/ci.h; the host
 * environment is read only to say whether passed-through keys are
 * temporary. The only place CI findings are added.
 */
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/keyfmt.h"
#include "aws/jwt.h"
#include "checks/ci.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static const struct ci_env *env_find(const struct ci_container *c, const char *name)
{
	for (size_t i = c->nenv; i-- > 0;)
		if (!strcmp(c->env[i].name, name))
			return &c->env[i];
	return NULL;
}

/* "${AWS_ACCESS_KEY_ID}", "$AWS_ACCESS_KEY_ID", "${AWS_ACCESS_KEY_ID:-}": from the host. */
static int is_passthrough(const struct ci_env *e)
{
	return !e->value || e->value[0] == '$';
}

static void key_verdict(const struct ci_ctx *cx, const struct ci_env *k, struct strbuf *out)
{
	const char *v = NULL, *from = NULL;
	char *masked;

	if (!is_passthrough(k)) {
		v = k->value;
		from = "written in the file";
	} else if (cx->env) {
		v = env_get_nonempty(cx->env, "AWS_ACCESS_KEY_ID");
		from = "from this shell";
	}
	if (!v) {
		strbuf_addstr(out, "fine for long-term AKIA keys, fatal for temporary ASIA keys "
				   "(InvalidClientTokenId inside the container)");
		return;
	}
	masked = redact_key_id_dup(v);
	switch (keyid_kind(v, strlen(v))) {
	case KEYID_TEMPORARY:
		strbuf_addf(out,
			    "the key %s %s is temporary, so every call from the container fails "
			    "with InvalidClientTokenId",
			    masked, from);
		break;
	case KEYID_LONG_TERM:
		strbuf_addf(out,
			    "the key %s %s is long-term, so this works today, but fails as soon "
			    "as a temporary ASIA key is passed",
			    masked, from);
		break;
	default:
		strbuf_addstr(out, "fine for long-term AKIA keys, fatal for temporary ASIA keys "
				   "(InvalidClientTokenId inside the container)");
		break;
	}
	free(masked);
}

/* The home directory part of a mount target ".../.aws[/...]", or NULL. */
static char *aws_target_home(const char *target)
{
	const char *p = strstr(target, "/.aws");

	if (!p || (p[5] && p[5] != '/'))
		return NULL;
	return p == target ? xstrdup("/") : xmemdupz(target, (size_t)(p - target));
}

static int is_aws_mount(const struct ci_mount *m)
{
	const char *p = strstr(m->target, "/.aws");
	return p && (!p[5] || p[5] == '/');
}

/* The HOME the SDK sees for a --user / user: value. */
static char *user_home(const char *user, int *numeric)
{
	size_t n = strcspn(user, ":");
	int digits = n && strspn(user, "0123456789") == n;

	*numeric = 0;
	if ((n == 4 && !strncmp(user, "root", 4)) || (digits && n == 1 && user[0] == '0'))
		return xstrdup("/root");
	if (digits || user[0] == '$') {
		*numeric = 1; /* a uid with no passwd entry: Docker sets HOME=/ */
		return xstrdup("/");
	}
	return xstrfmt("/home/%.*s", (int)n, user);
}

/*
 * Would the SDK in the container miss a mount at thome/.aws? A numeric uid's
 * home is only known not to be /root (the image's passwd may name one).
 */
static int home_mismatch(const char *home, const char *thome, int numeric, int from_env)
{
	if (from_env || !strcmp(home, "/root"))
		return strcmp(home, thome) != 0;
	if (numeric)
		return !strcmp(thome, "/root");
	return !strcmp(thome, "/root") || (!strncmp(thome, "/home/", 6) && strcmp(home, thome));
}

static const char *container_what(const struct ci_container *c, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (c->from_compose)
		strbuf_addf(sb, "service '%s'", c->name);
	else
		strbuf_addf(sb, "docker run of %s", c->image);
	return sb->buf;
}

void check_ci_container(const struct ci_ctx *cx, const struct ci_container *c, struct findings *fs)
{
	const struct ci_env *key = env_find(c, "AWS_ACCESS_KEY_ID");
	const struct ci_env *secret = env_find(c, "AWS_SECRET_ACCESS_KEY");
	const struct ci_env *token = env_find(c, "AWS_SESSION_TOKEN");
	const struct ci_env *profile = env_find(c, "AWS_PROFILE");
	const struct ci_env *home_env = env_find(c, "HOME");
	int explicit_files =
		env_find(c, "AWS_CONFIG_FILE") || env_find(c, "AWS_SHARED_CREDENTIALS_FILE");
	struct strbuf sb = STRBUF_INIT, what = STRBUF_INIT;
	const char *user = c->user.v ? c->user.v : c->dockerfile;
	char *home = NULL;
	int numeric = 0, has_mount = 0;
	struct finding *f;

	if (!token)
		token = env_find(c, "AWS_SECURITY_TOKEN");
	if (!profile)
		profile = env_find(c, "AWS_DEFAULT_PROFILE");
	if (user)
		home = user_home(user, &numeric);
	if (home_env && home_env->value && home_env->value[0] == '/') {
		free(home);
		home = xstrdup(home_env->value);
		numeric = 0;
	}

	if (key && secret && !token && !c->env_file) {
		f = findings_add(fs,
				 c->from_compose ? F_COMPOSE_ENV_MISSING_SESSION_TOKEN
						 : F_DOCKER_RUN_ENV_MISSING_SESSION_TOKEN,
				 &ORIGIN_AT(c->file, key->line, key->col));
		key_verdict(cx, key, &sb);
		finding_set(f, "service", "%s", c->name);
		finding_set(f, "image", "%s", c->image ? c->image : c->name);
		finding_set(f, "passed", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		finding_set(f, "verdict", "%s", sb.buf);
	}

	for (size_t i = 0; i < c->nmounts; i++) {
		const struct ci_mount *m = &c->mounts[i];
		char *thome;

		if (!is_aws_mount(m))
			continue;
		has_mount = 1;
		thome = aws_target_home(m->target);
		if (home && thome && !explicit_files &&
		    home_mismatch(home, thome, numeric, home_env != NULL)) {
			int under_root = !strcmp(thome, "/root");

			f = findings_add(fs,
					 c->from_compose ? F_COMPOSE_AWS_DIR_WRONG_HOME
							 : F_DOCKER_RUN_AWS_DIR_WRONG_HOME,
					 &ORIGIN_AT(c->file, m->line, m->col));
			finding_set(f, "service", "%s", c->name);
			finding_set(f, "image", "%s", c->image ? c->image : c->name);
			finding_set(f, "source", "%s", m->source);
			finding_set(f, "target", "%s", m->target);
			finding_set(f, "user", "%s%s", home_env ? "HOME set to " : user,
				    home_env	? home
				    : c->user.v ? ""
						: " (the Dockerfile's USER)");
			if (home_env)
				finding_set(f, "home", "%s", "the SDKs look in $HOME/.aws");
			else if (numeric)
				finding_set(f, "home", "%s",
					    "a uid other than 0 gets HOME from the image's "
					    "passwd entry for it, or / when there is none, never "
					    "/root");
			else if (!strcmp(home, "/root"))
				finding_set(f, "home", "%s", "its home is /root");
			else
				finding_set(f, "home",
					    "its home is %s (the usual home of a named user; "
					    "docker run --rm --entrypoint sh IMAGE -c 'echo $HOME' "
					    "says for sure)",
					    home);
			if (numeric) {
				finding_set(f, "want", "%s", "/tmp/aws-home/.aws");
				finding_case(f, "set-home");
			} else {
				finding_set(f, "want", "%s/.aws", home);
				if (!under_root) {
					finding_set(f, "mount_home", "%s", thome);
					finding_case(f, "or-set-home");
				}
			}
		}
		if (!m->read_only) {
			f = findings_add(fs, F_AWS_DIR_NOT_READ_ONLY,
					 &ORIGIN_AT(c->file, m->line, m->col));
			finding_set(f, "what", "%s", container_what(c, &what));
			finding_set(f, "source", "%s", m->source);
			finding_set(f, "target", "%s", m->target);
			if (c->from_compose)
				finding_case(f, "compose");
		}
		free(thome);
	}

	if (profile && !has_mount && !explicit_files) {
		f = findings_add(fs,
				 c->from_compose ? F_COMPOSE_PROFILE_WITHOUT_FILES
						 : F_DOCKER_RUN_PROFILE_WITHOUT_FILES,
				 &ORIGIN_AT(c->file, profile->line, profile->col));
		finding_set(f, "service", "%s", c->name);
		finding_set(f, "image", "%s", c->image ? c->image : c->name);
		if (profile->value && !is_passthrough(profile))
			finding_set(f, "profile", " to '%s'", profile->value);
		else
			finding_set(f, "profile", "%s", "");
		finding_set(f, "home", "%s",
			    home && strcmp(home, "/") ? home
			    : home		      ? ""
						      : "/root");
	}

	if (c->has_command_aws && !key && !secret && !profile && !has_mount && !explicit_files &&
	    !c->env_file && !c->host_network && !env_find(c, "AWS_WEB_IDENTITY_TOKEN_FILE") &&
	    !env_find(c, "AWS_CONTAINER_CREDENTIALS_FULL_URI") &&
	    !env_find(c, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
		f = findings_add(fs, F_IMDS_HOP_LIMIT, &ORIGIN_AT(c->file, c->line, c->col));
		finding_set(f, "what", "%s", container_what(c, &what));
	}
	free(home);
	strbuf_release(&sb);
	strbuf_release(&what);
}

/*
 * ---- the facts of workflows, pipelines and Dockerfiles ----
 *
 * The messages of these findings end in a {{detail}} (or {{what}}, {{role}})
 * whose wording depends on what the file shows. The catalogue has variants
 * for fixes (FIX_CASE) but not for messages, so the few message variants
 * sit in the small tables below, next to the decision that picks one; the
 * ids and the rendered text are the ones users have seen.
 */

/* gha-*-missing-id-token-permission {{detail}}: why the job has no id-token: write. */
static const char *const perms_detail[] = {
	"neither the workflow nor the job has a permissions block, and the default "
	"GITHUB_TOKEN permissions never include id-token: write",
	"permissions at line %u is '%s', which does not include id-token: write",
	"id-token is '%s' at line %u; it must be write",
	"the permissions block at line %u does not grant id-token: write",
	"the job's own permissions block (line %u) replaces the workflow's, and it does not "
	"grant id-token: write",
};

/* gha-web-identity-missing-id-token-permission {{role}}: where AWS_ROLE_ARN is set. */
static const char *const set_in_words[] = {
	[CI_SET_WORKFLOW_ENV] = "the workflow's env",
	[CI_SET_JOB_ENV] = "the job's env",
	[CI_SET_STEP_ENV] = "a step's env",
	[CI_SET_GITHUB_ENV] = "$GITHUB_ENV",
};
static const char role_asked[] = "a role (the step asks ACTIONS_ID_TOKEN_REQUEST_URL)";

/* gha-static-keys-missing-session-token {{why}}: what makes the key temporary. */
static const char *const temporary_why[] = {
	"a temporary ASIA key id",
	"an output of an earlier step, which is a temporary key",
	"the secret's name says it holds temporary credentials",
};

/* gha-role-duration {{detail}}: chained, or the role's MaxSessionDuration (%ld). */
static const char *const duration_detail[] = {
	"; role-chaining is on, and a chained role session lasts at most one hour whatever "
	"MaxSessionDuration says",
	"; the role's MaxSessionDuration must be at least %ld, or AssumeRole is refused",
};

/* gitlab-oidc-missing-id-tokens {{detail}}: what the job does that needs a token. */
static const char *const gitlab_oidc_detail[] = {
	"uses CI_JOB_JWT, which GitLab 17.0 removed,",
	"sets AWS_ROLE_ARN",
	"exports AWS_ROLE_ARN in %s",
	"sets AWS_WEB_IDENTITY_TOKEN_FILE",
	"exports AWS_WEB_IDENTITY_TOKEN_FILE in %s",
	"calls aws sts assume-role-with-web-identity",
};

/* gitlab-static-keys {{detail}}: a literal key (masked), or where it comes from. */
static const char *const gitlab_keys_detail[] = {
	"to the literal key %s, committed to the repository: deactivate it",
	"from %s, long-lived keys",
};

/* gitlab-aud-mismatch {{detail}}: no aud at all, or one the trust policy refuses. */
static const char *const gitlab_aud_detail[] = {
	"has no aud, and GitLab issues no token without one",
	"aud is '%s', but the trust policy at %s:%u:%u accepts only '%s'",
};

/* dockerfile-baked-credentials {{what}}. */
static const char *const cred_what[] = {
	[CI_CRED_KEY_ID] = "an access key id",
	[CI_CRED_SECRET] = "a secret access key",
	[CI_CRED_TOKEN] = "a session token",
};

/* Does a permissions value grant id-token: write? */
static int perms_grant(const struct ci_gha_perms *p)
{
	return p->kind == CI_PERMS_WRITE_ALL ||
	       (p->kind == CI_PERMS_MAP && p->has_id_token && !strcmp(p->value, "write"));
}

/*
 * The permissions in force for a job (its own block replaces the
 * workflow's): 1 when they grant id-token: write, else 0 with why in detail.
 */
static int id_token_granted(const struct ci_gha_perms *job, const struct ci_gha_perms *wf,
			    struct finding *f)
{
	const struct ci_gha_perms *p = job->kind != CI_PERMS_ABSENT ? job : wf;

	if (perms_grant(p))
		return 1;
	if (!f)
		return 0;
	if (p == job && perms_grant(wf))
		finding_set(f, "detail", perms_detail[4], job->line);
	else if (p->kind == CI_PERMS_ABSENT)
		finding_set(f, "detail", "%s", perms_detail[0]);
	else if (p->kind == CI_PERMS_SCALAR)
		finding_set(f, "detail", perms_detail[1], p->line, p->value);
	else if (p->has_id_token)
		finding_set(f, "detail", perms_detail[2], p->value, p->id_line);
	else
		finding_set(f, "detail", perms_detail[3], p->line);
	return 0;
}

/*
 * Is the key id temporary? A literal ASIA key, an output of an earlier
 * step or job (an assumed role), or a secret named like a session. The
 * index into temporary_why[], or -1.
 */
static int temporary_reason(const char *v)
{
	if (keyid_kind(v, strlen(v)) == KEYID_TEMPORARY)
		return 0;
	if (strstr(v, "steps.") || strstr(v, "needs."))
		return 1;
	if (strstr(v, "secrets.") || strstr(v, "vars.")) {
		const char *p = strstr(v, "secrets.") ? strstr(v, "secrets.") : strstr(v, "vars.");
		size_t n = strcspn(p, " }");
		char *name = xmemdupz(p, n);
		int tmp = strcasestr(name, "SESSION") || strcasestr(name, "TEMP") ||
			  strcasestr(name, "STS") || strcasestr(name, "ASSUMED");
		free(name);
		if (tmp)
			return 2;
	}
	return -1;
}

/* Where a key comes from, for {{source}}: masked when literal, else the ${{ }} expression. */
static void key_source(struct finding *f, const char *name, const char *v)
{
	const char *p = strstr(v, "${{");

	if (keyid_kind(v, strlen(v)) != KEYID_UNKNOWN) {
		char *m = redact_key_id_dup(v);
		finding_set(f, name, "the literal key %s written in the workflow", m);
		free(m);
	} else if (p) {
		const char *e = strstr(p, "}}");
		finding_set(f, name, "%.*s", (int)(e ? (size_t)(e + 2 - p) : strlen(p)), p);
	} else {
		finding_set(f, name, "%s", "a value written in the workflow");
	}
}

static void keys_where(struct finding *f, const struct ci_gha_keys *k)
{
	switch (k->in) {
	case CI_KEYS_WORKFLOW_ENV:
		finding_set(f, "where", "%s", "the workflow's env");
		break;
	case CI_KEYS_JOB_ENV:
		finding_set(f, "where", "the env of job '%s'", k->job);
		break;
	case CI_KEYS_STEP_ENV:
		finding_set(f, "where", "step %zu of job '%s'", k->step, k->job);
		break;
	case CI_KEYS_ACTION:
		finding_set(f, "where", "the step in job '%s'", k->job);
		break;
	}
}

/*
 * The one GitHub rule on AWS keys, for env: blocks and the action's with:
 * alike: temporary keys without a session token fail (error), long-lived
 * ones work but OIDC would do (warning). An env: block needs the secret
 * next to the key to be keys at all; the action takes aws-access-key-id as
 * keys (it refuses a missing secret itself).
 */
static void check_gha_keys(struct findings *fs, const char *file, const struct ci_gha_keys *k)
{
	int action = k->in == CI_KEYS_ACTION, why;
	struct finding *f;

	if (!k->key || (!action && !k->has_secret) || k->has_token)
		return;
	why = temporary_reason(k->key);
	if (why >= 0 && k->token_above)
		return;
	if (why >= 0) {
		f = findings_add(fs, F_GHA_STATIC_KEYS_MISSING_SESSION_TOKEN,
				 &ORIGIN_AT(file, k->line, k->col));
		keys_where(f, k);
		key_source(f, "key_source", k->key);
		finding_set(f, "why", "%s", temporary_why[why]);
		if (action)
			finding_case(f, "action");
		return;
	}
	f = findings_add(fs, F_GHA_STATIC_KEYS, &ORIGIN_AT(file, k->line, k->col));
	keys_where(f, k);
	finding_set(f, "keys", "%s",
		    action ? "aws-access-key-id and aws-secret-access-key"
			   : "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
	key_source(f, "source", k->key);
	finding_set(f, "region", "%s", k->region ? k->region : "us-east-1");
}

static void check_gha_step(struct findings *fs, const struct ci_fact *fact)
{
	const struct ci_gha_step *st = &fact->u.step;
	const char *ref = strchr(st->uses, '@');
	const struct origin at = ORIGIN_AT(fact->file, fact->line, fact->col);
	struct finding *f;

	ref = ref ? ref + 1 : "";
	/* versions */
	if (ref[0] == 'v' && ref[1] >= '0' && ref[1] <= '9' && strtol(ref + 1, NULL, 10) < 6) {
		f = findings_add(fs, F_GHA_ACTION_OUTDATED, &at);
		finding_set(f, "uses", "%s", st->uses);
		finding_set(f, "major", "v%ld", strtol(ref + 1, NULL, 10));
	}
	if (!(strlen(ref) == 40 && strspn(ref, "0123456789abcdef") == 40)) {
		f = findings_add(fs, F_GHA_ACTION_UNPINNED, &at);
		finding_set(f, "uses", "%s", st->uses);
		finding_set(f, "kind", "%s",
			    ref[0] == 'v' && ref[1] >= '0' && ref[1] <= '9' ? "tag"
									    : "branch or tag");
		finding_set(f, "ref", "%s", *ref ? ref : "v6");
	}
	if (!st->region) {
		f = findings_add(fs, F_GHA_REGION_MISSING, &at);
		finding_set(f, "job", "%s", st->job);
		finding_set(f, "region", "%s",
			    st->default_region ? st->default_region : "us-east-1");
	}
	if (st->audience && strcmp(st->audience, "sts.amazonaws.com")) {
		f = findings_add(fs, F_GHA_AUDIENCE_MISMATCH,
				 &ORIGIN_AT(fact->file, st->aud_line, st->aud_col));
		finding_set(f, "audience", "%s", st->audience);
	}
	if (st->duration && strtol(st->duration, NULL, 10) > 3600) {
		long secs = strtol(st->duration, NULL, 10);
		const char *rn = st->role && strstr(st->role, ":role/") ? strrchr(st->role, '/') + 1
									: "<role name>";
		f = findings_add(fs, F_GHA_ROLE_DURATION,
				 &ORIGIN_AT(fact->file, st->dur_line, st->dur_col));
		finding_set(f, "seconds", "%ld", secs);
		finding_set(f, "human", "%.1f hours", (double)secs / 3600.0);
		if (st->chaining) {
			finding_set(f, "detail", "%s", duration_detail[0]);
			finding_case(f, "chained");
		} else {
			finding_set(f, "detail", duration_detail[1], secs);
			finding_set(f, "role_name", "%s", rn);
		}
	}
	check_gha_keys(fs, fact->file, &st->keys);
	if (st->oidc && !id_token_granted(&st->perms, &st->wf_perms, NULL)) {
		f = findings_add(fs, F_GHA_OIDC_MISSING_ID_TOKEN_PERMISSION, &at);
		finding_set(f, "job", "%s", st->job);
		finding_set(f, "role", "%s", st->role);
		id_token_granted(&st->perms, &st->wf_perms, f);
	}
}

/*
 * A job that points the SDK at a web identity token with AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE, or fetches the token from
 * ACTIONS_ID_TOKEN_REQUEST_URL itself, needs id-token: write like
 * configure-aws-credentials does: without it the runner sets no
 * ACTIONS_ID_TOKEN_REQUEST_* and the token file stays empty.
 */
static void check_gha_job(struct findings *fs, const struct ci_fact *fact)
{
	const struct ci_gha_job *j = &fact->u.job;
	struct finding *f;

	if (j->reusable || j->has_action)
		return; /* its own jobs say what they need; the action's checks cover it */
	if (!j->asks_token && !(j->role.value && j->token_file.value))
		return;
	/* a Kubernetes service account token (EKS IRSA on a self-hosted runner): not GitHub's */
	if (!j->asks_token && strstr(j->token_file.value, "/var/run/secrets/"))
		return;
	/* the workflow's env reaches every job; judge only the jobs that use AWS */
	if (!j->asks_token && j->role.in == CI_SET_WORKFLOW_ENV &&
	    j->token_file.in == CI_SET_WORKFLOW_ENV && !j->aws_run)
		return;
	if (id_token_granted(&j->perms, &j->wf_perms, NULL))
		return;
	if (j->role.value) {
		f = findings_add(fs, F_GHA_WEB_IDENTITY_MISSING_ID_TOKEN_PERMISSION,
				 &ORIGIN_AT(fact->file, j->role.line, j->role.col));
		finding_set(f, "role", "%s (AWS_ROLE_ARN from %s)", j->role.value,
			    set_in_words[j->role.in]);
	} else {
		f = findings_add(fs, F_GHA_WEB_IDENTITY_MISSING_ID_TOKEN_PERMISSION,
				 &ORIGIN_AT(fact->file, j->ask_line, j->ask_col));
		finding_set(f, "role", "%s", role_asked);
	}
	finding_set(f, "job", "%s", j->job);
	id_token_granted(&j->perms, &j->wf_perms, f);
}

static void check_gitlab_keys(struct findings *fs, const struct ci_fact *fact)
{
	const struct ci_gitlab_keys *k = &fact->u.glkeys;
	const char *v = k->value;
	struct finding *f;

	if (k->inherited)
		return; /* reported once, for the global variables */
	f = findings_add(fs, F_GITLAB_STATIC_KEYS, &ORIGIN_AT(fact->file, fact->line, fact->col));
	if (k->job) {
		finding_set(f, "where", "job '%s'", k->job);
		finding_set(f, "job", "%s", k->job);
	} else {
		finding_set(f, "where", "%s", "the global variables");
		finding_set(f, "job", "%s", "<each job that runs terraform>");
	}
	finding_set(f, "vars", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
	if (v && keyid_kind(v, strlen(v)) != KEYID_UNKNOWN) {
		char *m = redact_key_id_dup(v);
		finding_set(f, "detail", gitlab_keys_detail[0], m);
		free(m);
	} else {
		finding_set(f, "detail", gitlab_keys_detail[1], v && *v ? v : "CI/CD variables");
	}
}

static void check_gitlab_job(struct findings *fs, const struct ci_fact *fact)
{
	const struct ci_gitlab_job *j = &fact->u.gljob;
	const struct ci_gitlab_at *at = NULL;
	struct finding *f;
	int which = -1;

	if (j->token_file && strstr(j->token_file, "/var/run/secrets/"))
		return; /* a Kubernetes service account token (EKS IRSA on the runner): not GitLab's */
	if (j->nids) {
		if ((j->token_var || j->token_export.set) && j->first_id && !j->token_written) {
			f = findings_add(
				fs, F_GITLAB_TOKEN_FILE_NOT_WRITTEN,
				j->token_export.set && j->token_export.file
					? &ORIGIN_AT(j->token_export.file, j->token_export.line,
						     j->token_export.col)
				: j->token_var ? &ORIGIN_AT(j->token_var_file, j->token_var_line,
							    j->token_var_col)
					       : &ORIGIN_AT(fact->file, fact->line, fact->col));
			finding_set(f, "job", "%s", j->job);
			finding_set(f, "file", "%s", j->token_file ? j->token_file : "?");
			finding_set(f, "token", "%s", j->first_id);
		}
		return;
	}
	if (j->jwt.set) {
		which = 0;
		at = &j->jwt;
	} else if (j->role_var) {
		which = 1;
	} else if (j->role_export.set) {
		which = 2;
		at = &j->role_export;
	} else if (j->token_var) {
		which = 3;
	} else if (j->token_export.set) {
		which = 4;
		at = &j->token_export;
	} else if (j->calls_assume) {
		which = 5;
	}
	if (which < 0)
		return;
	f = findings_add(fs, F_GITLAB_OIDC_MISSING_ID_TOKENS,
			 at && at->file ? &ORIGIN_AT(at->file, at->line, at->col)
					: &ORIGIN_AT(fact->file, fact->line, fact->col));
	finding_set(f, "job", "%s", j->job);
	if (which == 2 || which == 4)
		finding_set(f, "detail", gitlab_oidc_detail[which], at->key);
	else
		finding_set(f, "detail", "%s", gitlab_oidc_detail[which]);
	finding_set(f, "aud", "https://gitlab.com");
}

static void check_docker_var(struct findings *fs, const struct ci_fact *fact)
{
	const struct ci_docker_var *v = &fact->u.dvar;
	struct finding *f = findings_add(fs, F_DOCKERFILE_BAKED_CREDENTIALS,
					 &ORIGIN_AT(fact->file, fact->line, fact->col));

	finding_set(f, "instr", "%s", v->is_env ? "ENV" : "ARG");
	finding_set(f, "var", "%s", v->name);
	if (v->is_env)
		finding_set(f, "what", "%s%s", cred_what[v->what],
			    v->literal ? " (a literal value: treat it as leaked)" : "");
	else
		finding_set(f, "what", "%s (build arguments are recorded in the image history)",
			    cred_what[v->what]);
}

static void check_fact(const struct ci_fact *fact, struct findings *fs)
{
	struct finding *f;

	switch (fact->kind) {
	case CI_FACT_GHA_KEYS:
		check_gha_keys(fs, fact->file, &fact->u.keys);
		break;
	case CI_FACT_GHA_JOB:
		check_gha_job(fs, fact);
		break;
	case CI_FACT_GHA_STEP:
		check_gha_step(fs, fact);
		break;
	case CI_FACT_GITLAB_KEYS:
		check_gitlab_keys(fs, fact);
		break;
	case CI_FACT_GITLAB_JOB:
		check_gitlab_job(fs, fact);
		break;
	case CI_FACT_GITLAB_NO_AUD:
		f = findings_add(fs, F_GITLAB_AUD_MISMATCH,
				 &ORIGIN_AT(fact->file, fact->line, fact->col));
		finding_set(f, "token", "%s", fact->u.token);
		finding_set(f, "detail", "%s", gitlab_aud_detail[0]);
		finding_set(f, "want", "https://gitlab.com");
		break;
	case CI_FACT_DOCKER_VAR:
		check_docker_var(fs, fact);
		break;
	}
}

/* ---- OIDC token claims against trust policies ---- */

int ci_glob_match(const char *pat, const char *s, int icase)
{
	const char *star = NULL, *ss = NULL;

	while (*s) {
		char a = *pat, b = *s;
		if (icase) {
			a = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
			b = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
		}
		if (*pat == '*') {
			star = pat++;
			ss = s;
		} else if (*pat == '?' || (*pat && a == b)) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++ss;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

struct claims {
	const char *sub, *aud, *repository, *owner, *ref, *environment;
};

static const char *claim_for(const struct claims *cl, const char *key)
{
	const char *c = strrchr(key, ':');

	if (!c)
		return NULL;
	c++;
	if (!strcmp(c, "sub"))
		return cl->sub;
	if (!strcmp(c, "aud"))
		return cl->aud;
	if (!strcmp(c, "repository"))
		return cl->repository;
	if (!strcmp(c, "repository_owner"))
		return cl->owner;
	if (!strcmp(c, "ref"))
		return cl->ref;
	if (!strcmp(c, "environment"))
		return cl->environment;
	return NULL; /* a claim we cannot know offline: not judged */
}

/* Does one condition hold? -1 when it cannot be judged. */
static int cond_holds(const struct ci_cond *c, const struct claims *cl)
{
	const char *op = c->op, *v = claim_for(cl, c->key);
	int neg = 0, like = 0, icase = 0, any = 0;
	size_t n;

	if (c->unknown)
		return -1;
	if (!v)
		return strstr(c->key, ":environment") && !cl->environment ? 0 : -1;
	if (!strncmp(op, "ForAnyValue:", 12))
		op += 12;
	else if (!strncmp(op, "ForAllValues:", 13))
		op += 13;
	n = strlen(op);
	if (n > 8 && !strcmp(op + n - 8, "IfExists"))
		n -= 8;
	if (n == 12 && !strncmp(op, "StringEquals", 12)) {
	} else if (n == 22 && !strncmp(op, "StringEqualsIgnoreCase", 22)) {
		icase = 1;
	} else if (n == 10 && !strncmp(op, "StringLike", 10)) {
		like = 1;
	} else if (n == 15 && !strncmp(op, "StringNotEquals", 15)) {
		neg = 1;
	} else if (n == 13 && !strncmp(op, "StringNotLike", 13)) {
		neg = like = 1;
	} else {
		return -1;
	}
	for (size_t i = 0; i < c->nvalues; i++) {
		const char *pv = c->values[i];
		if (like ? ci_glob_match(pv, v, 0) : icase ? !strcasecmp(pv, v) : !strcmp(pv, v))
			any = 1;
	}
	return neg ? !any : any;
}

/* The first condition of p that rejects the claims, or NULL when p accepts. */
static const struct ci_cond *policy_rejects(const struct ci_policy *p, const struct claims *cl)
{
	for (size_t i = 0; i < p->nconds; i++)
		if (cond_holds(&p->conds[i], cl) == 0)
			return &p->conds[i];
	return NULL;
}

/* "octo@123/repo@456" from a policy value, for the immutable form. */
static char *policy_ids(const struct ci_policy *p, const char *owner, const char *repo)
{
	char *pfx = xstrfmt("repo:%s@", owner);
	char *ret = NULL;

	for (size_t i = 0; i < p->nconds && !ret; i++)
		for (size_t j = 0; j < p->conds[i].nvalues && !ret; j++) {
			const char *v = p->conds[i].values[j], *a, *b;
			size_t on, rn = strlen(repo);
			if (strncasecmp(v, pfx, strlen(pfx)))
				continue;
			a = v + strlen(pfx);
			on = strspn(a, "0123456789");
			if (!on || a[on] != '/' || strncasecmp(a + on + 1, repo, rn) ||
			    a[on + 1 + rn] != '@')
				continue;
			b = a + on + 1 + rn + 1;
			ret = xstrfmt("%s@%.*s/%s@%.*s", owner, (int)on, a, repo,
				      (int)strspn(b, "0123456789"), b);
		}
	free(pfx);
	return ret;
}

static void describe_cond(struct strbuf *sb, const struct ci_cond *c, const struct claims *cl,
			  const char *file)
{
	const char *v = claim_for(cl, c->key);
	int star = 0, icase_ok = 0;

	strbuf_addf(sb, "the condition %s %s [", c->op, c->key);
	for (size_t i = 0; i < c->nvalues; i++) {
		strbuf_addf(sb, "%s\"%s\"", i ? ", " : "", c->values[i]);
		if (strchr(c->values[i], '*') && v && ci_glob_match(c->values[i], v, 0))
			star = 1;
		if (v && ci_glob_match(c->values[i], v, 1))
			icase_ok = 1;
	}
	strbuf_addf(sb, "] at %s:%u:%u rejects it", file, c->line, c->col);
	if (v && !strstr(c->key, ":sub"))
		strbuf_addf(sb, " (the token's %s is '%s')", strrchr(c->key, ':') + 1, v);
	if (star && strstr(c->op, "StringEquals"))
		strbuf_addstr(sb, "; StringEquals takes * literally, use StringLike");
	else if (icase_ok)
		strbuf_addstr(sb,
			      "; it differs only in case, and the comparison is case-sensitive");
}

static int role_matches(const struct ci_policy *p, const char *role_arn)
{
	const char *r = strstr(role_arn, ":role/");
	const char *name;

	if (!r || !p->role)
		return 0;
	name = strrchr(r, '/') + 1;
	return !strcmp(p->role, name) || strstr(p->role, name) || strstr(name, p->role);
}

static void check_gitlab_aud(const struct ci_ctx *cx, const struct ci_oidc_use *u,
			     struct findings *fs)
{
	const struct ci_cond *want = NULL;
	const struct ci_policy *wp = NULL;

	for (size_t i = 0; i < cx->npolicies; i++) {
		const struct ci_policy *p = &cx->policies[i];
		struct claims cl = {NULL, u->audience, NULL, NULL, NULL, NULL};
		if (p->deny || !strstr(p->provider, "gitlab"))
			continue;
		for (size_t j = 0; j < p->nconds; j++) {
			const struct ci_cond *c = &p->conds[j];
			if (!strstr(c->key, ":aud"))
				continue;
			if (cond_holds(c, &cl) != 0)
				return; /* some policy accepts this audience */
			if (!want) {
				want = c;
				wp = p;
			}
		}
	}
	if (want && want->nvalues) {
		struct finding *f = findings_add(fs, F_GITLAB_AUD_MISMATCH,
						 &ORIGIN_AT(u->file, u->line, u->col));
		finding_set(f, "token", "%s", u->job);
		finding_set(f, "detail", gitlab_aud_detail[1], u->audience, wp->file, want->line,
			    want->col, want->values[0]);
		finding_set(f, "want", "%s", want->values[0]);
	}
}

void check_ci_trust(const struct ci_ctx *cx, struct findings *fs)
{
	for (size_t i = 0; i < cx->nuses; i++) {
		const struct ci_oidc_use *u = &cx->uses[i];
		const struct ci_policy *cand[16];
		size_t nc = 0, ngh = 0;
		const struct ci_policy *only = NULL;

		if (u->gitlab) {
			check_gitlab_aud(cx, u, fs);
			continue;
		}
		if (!cx->owner || !cx->repo)
			continue;
		for (size_t j = 0; j < cx->npolicies; j++) {
			const struct ci_policy *p = &cx->policies[j];
			if (p->deny || strcmp(p->provider, "token.actions.githubusercontent.com"))
				continue;
			ngh++;
			only = p;
			if (role_matches(p, u->role) && nc < ARRAY_SIZE(cand))
				cand[nc++] = p;
		}
		if (!nc && ngh == 1)
			cand[nc++] = only;
		if (!nc)
			continue;
		for (size_t e = 0; e < u->nevents; e++) {
			const char *label = u->events[e], *tab = strchr(label, '\t');
			struct strbuf sub = STRBUF_INIT, isub = STRBUF_INIT, reason = STRBUF_INIT;
			struct strbuf repo = STRBUF_INIT, ref = STRBUF_INIT, ev = STRBUF_INIT;
			const struct ci_cond *rej = NULL;
			const struct ci_policy *rp = NULL, *legacy_only = NULL;
			char *ids = NULL;
			int accepted = 0;
			struct finding *f;

			if (!tab)
				continue;
			strbuf_addf(&repo, "%s/%s", cx->owner, cx->repo);
			if (!strncmp(tab + 1, "ref:", 4))
				strbuf_addstr(&ref, tab + 5);
			strbuf_addf(&ev, "%.*s", (int)(tab - label), label);
			for (size_t k = 0; k < nc && !accepted; k++) {
				const struct ci_policy *p = cand[k];
				const char *suffix = tab + 1;
				struct strbuf es = STRBUF_INIT;
				struct claims cl;
				const struct ci_cond *r1, *r2;

				if (u->environment) {
					strbuf_addf(&es, "environment:%s", u->environment);
					suffix = es.buf;
				}
				free(ids);
				ids = policy_ids(p, cx->owner, cx->repo);
				strbuf_reset(&sub);
				strbuf_addf(&sub, "repo:%s:%s", repo.buf, suffix);
				strbuf_reset(&isub);
				if (ids)
					strbuf_addf(&isub, "repo:%s:%s", ids, suffix);
				else
					strbuf_addf(&isub, "repo:%s@OWNER_ID/%s@REPO_ID:%s",
						    cx->owner, cx->repo, suffix);
				cl = (struct claims){sub.buf,
						     u->audience ? u->audience
								 : "sts.amazonaws.com",
						     repo.buf,
						     cx->owner,
						     ref.len ? ref.buf : NULL,
						     u->environment};
				r1 = policy_rejects(p, &cl);
				cl.sub = isub.buf;
				r2 = policy_rejects(p, &cl);
				if (!r1 && r2 && !ids)
					legacy_only = p;
				if (!r1 || (!r2 && ids)) {
					accepted = 1;
				} else if (!rej) {
					rej = ids ? r2 : r1;
					rp = p;
					if (ids) {
						strbuf_reset(&sub);

						strbuf_addstr(&sub, isub.buf);
					}
				}
				strbuf_release(&es);
			}
			if (!accepted && rej) {
				struct claims cl = {sub.buf,
						    u->audience ? u->audience : "sts.amazonaws.com",
						    repo.buf,
						    cx->owner,
						    ref.len ? ref.buf : NULL,
						    u->environment};
				describe_cond(&reason, rej, &cl, rp->file);
				f = findings_add(fs, F_GHA_TRUST_POLICY_MISMATCH,
						 &ORIGIN_AT(u->file, u->line, u->col));
				finding_set(f, "job", "%s", u->job);
				finding_set(f, "event", "%s%s%s", ev.buf,
					    u->environment ? " in environment " : "",
					    u->environment ? u->environment : "");
				finding_set(f, "sub", "%s", sub.buf);
				if (strstr(ev.buf, "pull_request"))
					strbuf_addstr(&reason,
						      "; runs from forks get no OIDC token at all");
				finding_set(f, "reason", "%s", reason.buf);
				finding_set(f, "policy", "trust policy of %s in %s",
					    rp->role ? rp->role : "the role", rp->file);
				finding_set(f, "want", "%s", sub.buf);
			} else if (accepted && legacy_only) {
				char *imm = xstrfmt("repo:%s@<owner id>/%s@<repo id>:%s", cx->owner,
						    cx->repo, strchr(sub.buf + 5, ':') + 1);
				f = findings_add(fs, F_GHA_TRUST_POLICY_LEGACY_SUB,
						 &ORIGIN_AT(legacy_only->file, legacy_only->line,
							    legacy_only->col));
				finding_set(f, "policy", "the trust policy of %s",
					    legacy_only->role ? legacy_only->role : "the role");
				finding_set(f, "sub", "%s", sub.buf);
				finding_set(f, "immutable", "%s", imm);
				finding_set(f, "legacy", "repo:%s/%s:*", cx->owner, cx->repo);
				finding_set(f, "wanted", "repo:%s@<owner id>/%s@<repo id>:*",
					    cx->owner, cx->repo);
				free(imm);
			}
			free(ids);
			strbuf_release(&sub);
			strbuf_release(&isub);
			strbuf_release(&reason);
			strbuf_release(&repo);
			strbuf_release(&ref);
			strbuf_release(&ev);
			if (!accepted && rej)
				break; /* one finding per step is enough to act on */
		}
	}
}

/* "repo:acme/infra:environment:prod" -> the claims GitHub puts in sub. */
static void claims_from_sub(struct claims *cl, const char *sub, struct strbuf *repo,
			    struct strbuf *ref, struct strbuf *envname)
{
	const char *p = sub && !strncmp(sub, "repo:", 5) ? sub + 5 : NULL;
	const char *colon = p ? strchr(p, ':') : NULL;

	if (!colon)
		return;
	strbuf_add(repo, p, (size_t)(colon - p));
	cl->repository = repo->buf;
	if (!strncmp(colon, ":ref:", 5)) {
		strbuf_addstr(ref, colon + 5);
		cl->ref = ref->buf;
	} else if (!strncmp(colon, ":environment:", 13)) {
		strbuf_addstr(envname, colon + 13);
		cl->environment = envname->buf;
	}
}

void check_ci_env_token(const struct ci_ctx *cx, const struct env *env, time_t now,
			struct findings *fs)
{
	const char *path = env_get_nonempty(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
	const char *role = env_get_nonempty(env, "AWS_ROLE_ARN");
	struct strbuf buf = STRBUF_INIT, repo = STRBUF_INIT, ref = STRBUF_INIT,
		      envname = STRBUF_INIT, detail = STRBUF_INIT;
	struct jwt_claims jc;
	struct claims cl = {0};
	char *err = NULL;
	struct finding *f;

	memset(&jc, 0, sizeof(jc));
	/* missing, unreadable, malformed and expired tokens are the chain's findings */
	if (!path || strbuf_read_file(&buf, path, JWT_MAX_BYTES) ||
	    jwt_decode(buf.buf, buf.len, path, &jc, &err))
		goto done;
	if (jc.has_exp && jc.exp > now && jc.exp - now < 300) {
		char when[21], left[32];
		time_format_iso8601(jc.exp, when);
		time_format_duration((long long)(jc.exp - now), left, sizeof(left));
		f = findings_add(fs, F_WEB_IDENTITY_TOKEN_EXPIRING,
				 &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"));
		finding_set(f, "path", "%s", path);
		finding_set(f, "sub", "%s", jc.sub ? jc.sub : "(none)");
		finding_set(f, "when", "%s", when);
		finding_set(f, "left", "%s", left);
	}
	if (!role || !jc.sub)
		goto done;
	cl.sub = jc.sub;
	cl.aud = jc.aud;
	claims_from_sub(&cl, jc.sub, &repo, &ref, &envname);
	if (cl.repository && strchr(cl.repository, '/')) {
		strbuf_addstr(&detail, cl.repository); /* reuse detail as scratch for the owner */
		strbuf_setlen(&detail, (size_t)(strchr(cl.repository, '/') - cl.repository));
		cl.owner = detail.buf;
	}
	for (size_t i = 0; i < cx->npolicies; i++) {
		const struct ci_policy *p = &cx->policies[i];
		const struct ci_cond *c;
		struct strbuf why = STRBUF_INIT;

		if (p->deny || !role_matches(p, role) ||
		    (jc.iss && p->provider && !strstr(jc.iss, p->provider)))
			continue;
		c = policy_rejects(p, &cl);
		if (!c)
			continue;
		describe_cond(&why, c, &cl, p->file);
		f = findings_add(fs, F_WEB_IDENTITY_TOKEN_REJECTED,
				 &ORIGIN_AT(p->file, c->line, c->col));
		finding_set(f, "path", "%s", path);
		finding_set(f, "iss", "%s", jc.iss ? jc.iss : "(none)");
		finding_set(f, "sub", "%s", jc.sub);
		finding_set(f, "aud", "%s", jc.aud ? jc.aud : "(none)");
		finding_set(f, "role", "%s", role);
		finding_set(f, "detail", "%s", why.buf);
		finding_set(f, "cond_at", "%s:%u:%u", p->file, c->line, c->col);
		strbuf_release(&why);
		break;
	}
done:
	OPENSSL_cleanse(buf.buf, buf.len);
	strbuf_release(&buf);
	strbuf_release(&repo);
	strbuf_release(&ref);
	strbuf_release(&envname);
	strbuf_release(&detail);
	jwt_claims_release(&jc);
	free(err);
}

void check_ci(const struct ci_ctx *cx, struct findings *fs)
{
	for (size_t i = 0; i < cx->nfacts; i++)
		check_fact(&cx->facts[i], fs);
	for (size_t i = 0; i < cx->ncontainers; i++)
		check_ci_container(cx, cx->containers[i], fs);
	check_ci_trust(cx, fs);
}
