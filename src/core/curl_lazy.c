/*
 * curl_lazy.c - libcurl, loaded when first used.
 *
 * Linking libcurl pulls in some thirty shared libraries (TLS, HTTP/2, IDN,
 * Kerberos, LDAP, ...) whose loading costs about 3 ms at every start, more
 * than everything doctor does. Only whoami and --live talk to the network,
 * so the binary does not link libcurl: these definitions of the libcurl
 * functions we use dlopen("libcurl.so.4") on first call and forward. The
 * rest of the code includes <curl/curl.h> and calls libcurl as usual.
 * When the library cannot be loaded, the calls fail the way libcurl does
 * (NULL handle, CURLE_FAILED_INIT) and curl_lazy_error() says why.
 */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "core/curl_lazy.h"
#include "core/banned.h"

static void *lib;
static int tried;
static char why[256];

static void *sym(const char *name)
{
	if (!tried) {
		const char *err;
		tried = 1;
		/* lazy: binding all of libcurl and its thirty libraries up front
		 * costs more than the call itself */
		lib = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
		if (!lib && (err = dlerror()))
			snprintf(why, sizeof(why), "%s", err);
	}
	if (!lib)
		return NULL;
	return dlsym(lib, name);
}

const char *curl_lazy_error(void)
{
	return why[0] ? why : NULL;
}

int curl_lazy_available(void)
{
	return sym("curl_easy_init") != NULL;
}

/* Function pointers from dlsym: POSIX guarantees the conversion works. */

CURLcode curl_global_init(long flags)
{
	CURLcode (*f)(long);
	*(void **)(&f) = sym("curl_global_init");
	return f ? f(flags) : CURLE_FAILED_INIT;
}

void curl_global_cleanup(void)
{
	void (*f)(void);
	*(void **)(&f) = lib ? dlsym(lib, "curl_global_cleanup") : NULL;
	if (f)
		f();
}

CURL *curl_easy_init(void)
{
	CURL *(*f)(void);
	*(void **)(&f) = sym("curl_easy_init");
	return f ? f() : NULL;
}

void curl_easy_cleanup(CURL *h)
{
	void (*f)(CURL *);
	*(void **)(&f) = sym("curl_easy_cleanup");
	if (f && h)
		f(h);
}

void curl_easy_reset(CURL *h)
{
	void (*f)(CURL *);
	*(void **)(&f) = sym("curl_easy_reset");
	if (f && h)
		f(h);
}

CURLcode curl_easy_perform(CURL *h)
{
	CURLcode (*f)(CURL *);
	*(void **)(&f) = sym("curl_easy_perform");
	return f ? f(h) : CURLE_FAILED_INIT;
}

/* libcurl's option numbers encode the argument's type (curl.h CURLOPTTYPE_*). */
CURLcode curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
	CURLcode (*f)(CURL *, CURLoption, ...);
	CURLcode r = CURLE_FAILED_INIT;
	va_list ap;

	*(void **)(&f) = sym("curl_easy_setopt");
	if (!f)
		return r;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT) {
		long v = va_arg(ap, long);
		r = f(h, opt, v);
	} else if (opt < CURLOPTTYPE_FUNCTIONPOINT) {
		void *v = va_arg(ap, void *);
		r = f(h, opt, v);
	} else if (opt < CURLOPTTYPE_OFF_T) {
		void (*v)(void) = va_arg(ap, void (*)(void));
		r = f(h, opt, v);
	} else if (opt < CURLOPTTYPE_BLOB) {
		curl_off_t v = va_arg(ap, curl_off_t);
		r = f(h, opt, v);
	} else {
		void *v = va_arg(ap, void *);
		r = f(h, opt, v);
	}
	va_end(ap);
	return r;
}

CURLcode curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
	CURLcode (*f)(CURL *, CURLINFO, ...);
	CURLcode r = CURLE_FAILED_INIT;
	va_list ap;
	void *p;

	*(void **)(&f) = sym("curl_easy_getinfo");
	if (!f)
		return r;
	va_start(ap, info);
	p = va_arg(ap, void *);
	r = f(h, info, p);
	va_end(ap);
	return r;
}

const char *curl_easy_strerror(CURLcode code)
{
	const char *(*f)(CURLcode);
	*(void **)(&f) = sym("curl_easy_strerror");
	return f ? f(code) : "libcurl could not be loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
	struct curl_slist *(*f)(struct curl_slist *, const char *);
	*(void **)(&f) = sym("curl_slist_append");
	return f ? f(l, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *l)
{
	void (*f)(struct curl_slist *);
	*(void **)(&f) = sym("curl_slist_free_all");
	if (f && l)
		f(l);
}

char *curl_version(void)
{
	char *(*f)(void);
	static char none[] = "libcurl/(not loaded)";
	*(void **)(&f) = sym("curl_version");
	return f ? f() : none;
}

curl_version_info_data *curl_version_info(CURLversion v)
{
	curl_version_info_data *(*f)(CURLversion);
	*(void **)(&f) = sym("curl_version_info");
	return f ? f(v) : NULL;
}

void curl_free(void *p)
{
	void (*f)(void *);
	*(void **)(&f) = sym("curl_free");
	if (f && p)
		f(p);
}
