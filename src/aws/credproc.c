/*
 * credproc.c - parse credential_process output and, with --allow-exec,
 * run the command with a timeout; see credproc.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aws/cache.h"
#include "aws/credproc.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* Look a key up exactly, else ignoring case (as Go's encoding/json does). */
static json_t *get_key(json_t *o, const char *key, int *case_differs)
{
	json_t *v = json_object_get(o, key);
	const char *k;

	if (v)
		return v;
	json_object_foreach(o, k, v)
	{
		if (!strcasecmp(k, key)) {
			*case_differs = 1;
			return v;
		}
	}
	return NULL;
}

static void problem(struct credproc_output *o, const char *msg)
{
	if (!o->problem)
		o->problem = xstrdup(msg);
}

int credproc_parse(const char *buf, size_t len, const char *name, struct credproc_output *out)
{
	json_error_t jerr;
	json_t *root, *v;

	memset(out, 0, sizeof(*out));
	if (len > CREDPROC_MAX_OUTPUT) {
		problem(out, "the output is larger than 64 KiB");
		return -1;
	}
	root = json_loadb(buf, len, 0, &jerr);
	if (!root || !json_is_object(root)) {
		char *m = xstrfmt("the output is not a JSON object (%s line %d column %d: %s)",
				  name, jerr.line, jerr.column, root ? "not an object" : jerr.text);
		problem(out, m);
		free(m);
		json_decref(root);
		return -1;
	}
	out->json_ok = 1;
	v = get_key(root, "Version", &out->keys_case_differs);
	if (json_is_integer(v))
		out->version = (int)json_integer_value(v);
	else if (json_is_string(v))
		out->version_is_string = 1;
	v = get_key(root, "AccessKeyId", &out->keys_case_differs);
	if (json_is_string(v) && json_string_length(v))
		out->access_key_id = xmemdupz(json_string_value(v), json_string_length(v));
	v = get_key(root, "SecretAccessKey", &out->keys_case_differs);
	out->has_secret = json_is_string(v) && json_string_length(v);
	v = get_key(root, "SessionToken", &out->keys_case_differs);
	out->has_token = json_is_string(v) && json_string_length(v);
	v = get_key(root, "Expiration", &out->keys_case_differs);
	if (json_is_string(v) &&
	    !cache_time_parse(json_string_value(v), &out->expiration, &out->expiration_rfc3339))
		out->has_expiration = 1;
	else if (v && !json_is_null(v))
		problem(out, "Expiration is not an ISO 8601 time");
	json_decref(root);

	if (out->version_is_string)
		problem(out, "Version is the string \"1\"; both tools want the number 1");
	else if (out->version != 1)
		problem(out, "Version is missing or not 1");
	if (!out->access_key_id)
		problem(out, "AccessKeyId is missing or empty");
	if (!out->has_secret)
		problem(out, "SecretAccessKey is missing or empty");
	if (out->keys_case_differs)
		problem(out,
			"key names differ in case from Version/AccessKeyId/SecretAccessKey/"
			"SessionToken/Expiration: Terraform accepts them, the AWS CLI does not");
	if (out->has_expiration && !out->expiration_rfc3339)
		problem(out, "Expiration is not RFC 3339 (2026-11-28T12:00:00Z): the AWS CLI "
			     "accepts it, "
			     "Terraform does not");
	return out->problem ? -1 : 0;
}

void credproc_output_release(struct credproc_output *o)
{
	if (!o)
		return;
	free(o->access_key_id);
	free(o->problem);
	memset(o, 0, sizeof(*o));
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int credproc_exec(const char *cmd, char *const envp[], int timeout_ms, struct credproc_run *r)
{
	struct strbuf sb = STRBUF_INIT;
	int fds[2] = {-1, -1}, status = 0, ret = -1;
	long long deadline;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->exit_status = -1;
	if (pipe2(fds, O_CLOEXEC)) {
		r->error = xstrfmt("cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		r->error = xstrfmt("cannot fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		setpgid(0, 0);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);
		}
		dup2(fds[1], 1);
		execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, envp);
		_exit(127);
	}
	r->started = 1;
	setpgid(pid, pid);
	close(fds[1]);
	deadline = now_ms() + timeout_ms;
	for (;;) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		long long left = deadline - now_ms();
		char buf[4096];
		ssize_t n;

		if (left <= 0) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!pfd.revents)
			continue;
		n = read(fds[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (sb.len + (size_t)n > CREDPROC_MAX_OUTPUT) {
			r->truncated = 1;
			continue;
		}
		strbuf_add(&sb, buf, (size_t)n);
		OPENSSL_cleanse(buf, sizeof(buf));
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status))
		r->exit_status = WEXITSTATUS(status);
	if (!r->timed_out && r->exit_status == 0 && !r->truncated)
		ret = credproc_parse(sb.buf, sb.len, "output", &r->out);
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

void credproc_run_release(struct credproc_run *r)
{
	if (!r)
		return;
	free(r->error);
	credproc_output_release(&r->out);
	memset(r, 0, sizeof(*r));
}
