/*
 * curl_lazy.h - libcurl is loaded on first use (see curl_lazy.c); callers
 * use <curl/curl.h> as usual. These say whether it could be loaded.
 */
#ifndef TFAUTH_CURL_LAZY_H
#define TFAUTH_CURL_LAZY_H

/* 1 when libcurl.so.4 can be loaded. */
int curl_lazy_available(void);
/* Why loading failed, or NULL. */
const char *curl_lazy_error(void);

#endif
