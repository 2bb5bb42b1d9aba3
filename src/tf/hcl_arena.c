/*
 * hcl_arena.c - the arena every HCL tree lives in (one free per chunk
 * instead of one per node: parsing is the hot path of `tfauth scan`), and
 * the small lookups checks use on a body.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "tf/hcl.h"
#include "core/banned.h"

#define CHUNK (64u << 10)
#define SPARE_MAX 64 /* chunks kept for the next file: 4 MiB */

struct hcl_arena_chunk {
	struct hcl_arena_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

/*
 * Released standard chunks wait here for the next file. Scanning parses
 * thousands of files one after the other; handing every chunk back to
 * malloc made its cost depend on glibc's mmap threshold (fresh pages,
 * page faults) and halved the parse rate on some file orders. The
 * program is single-threaded; the spares stay reachable until exit.
 */
static struct hcl_arena_chunk *spare;
static size_t nspare;

void *hcl_arena_alloc(struct hcl_file *f, size_t n)
{
	struct hcl_arena_chunk *c = f->arena;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK ? n : CHUNK;
		if (size == CHUNK && spare) {
			c = spare;
			spare = c->next;
			nspare--;
		} else {
			c = xmalloc(sizeof(*c) + size);
		}
		c->size = size;
		c->used = 0;
		c->next = f->arena;
		f->arena = c;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *hcl_arena_strdup(struct hcl_file *f, const char *s, size_t n)
{
	char *p = hcl_arena_alloc(f, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void hcl_file_release(struct hcl_file *f)
{
	if (!f)
		return;
	while (f->arena) {
		struct hcl_arena_chunk *next = f->arena->next;
		if (f->arena->size == CHUNK && nspare < SPARE_MAX) {
			f->arena->next = spare;
			spare = f->arena;
			nspare++;
		} else {
			free(f->arena);
		}
		f->arena = next;
	}
	f->body = NULL;
}

int hcl_name_is(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len == n && !memcmp(s, name, n);
}

const struct hcl_attr *hcl_body_attr(const struct hcl_body *b, const char *name)
{
	if (!b)
		return NULL;
	for (const struct hcl_attr *a = b->attrs; a; a = a->next)
		if (hcl_name_is(a->name, a->namelen, name))
			return a;
	return NULL;
}

const struct hcl_block *hcl_body_block(const struct hcl_body *b, const char *type,
				       const struct hcl_block *after)
{
	const struct hcl_block *k;

	if (!b)
		return NULL;
	for (k = after ? after->next : b->blocks; k; k = k->next)
		if (hcl_name_is(k->type, k->typelen, type))
			return k;
	return NULL;
}
