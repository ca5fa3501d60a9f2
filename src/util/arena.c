/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	arena 3
 * SUMMARY
 *	per-message memory arena
 * DESCRIPTION
 *	Chunks of at least KN_ARENA_CHUNK bytes; larger requests get their
 *	own chunk. See arena.h. kn_alloc() zeroes what it hands out; the
 *	copies (kn_strndup, kn_sprintf) and a vector's growth write every
 *	byte themselves and skip the zeroing (it showed in profiles of big
 *	decoded bodies).
 *--*/
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KN_ARENA_CHUNK ((size_t)16 * 1024)
#define KN_ALIGN ((size_t)16)

struct kn_arena_chunk {
	kn_arena_chunk *next;
	size_t used;
	size_t size;
	_Alignas(16) unsigned char mem[];
};

void
kn_arena_init(kn_arena *ar)
{
	ar->head = NULL;
	ar->oom = false;
	ar->total = 0;
}

void
kn_arena_dispose(kn_arena *ar)
{
	kn_arena_chunk *c = ar->head;

	while (c != NULL) {
		kn_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	kn_arena_init(ar);
}

/* size bytes, aligned, NOT zeroed (callers that fill every byte). */
static void *
arena_take(kn_arena *ar, size_t size)
{
	kn_arena_chunk *c = ar->head;
	size_t need;
	void *p;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - KN_ALIGN) {
		ar->oom = true;
		return NULL;
	}
	need = (size + KN_ALIGN - 1) & ~(KN_ALIGN - 1);
	if (c == NULL || c->size - c->used < need) {
		size_t csize = need > KN_ARENA_CHUNK ? need : KN_ARENA_CHUNK;

		c = malloc(sizeof(*c) + csize);
		if (c == NULL) {
			ar->oom = true;
			return NULL;
		}
		c->used = 0;
		c->size = csize;
		/* A big private chunk goes behind the head so the head's
		 * free space keeps serving small requests. */
		if (ar->head != NULL && csize == need && need > KN_ARENA_CHUNK) {
			c->next = ar->head->next;
			ar->head->next = c;
		} else {
			c->next = ar->head;
			ar->head = c;
		}
	}
	p = c->mem + c->used;
	c->used += need;
	ar->total += need;
	return p;
}

void *
kn_alloc(kn_arena *ar, size_t size)
{
	void *p = arena_take(ar, size);

	if (p != NULL)
		memset(p, 0, size == 0 ? 1 : size);
	return p;
}

void *
kn_calloc(kn_arena *ar, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		ar->oom = true;
		return NULL;
	}
	return kn_alloc(ar, n * size);
}

char *
kn_strndup(kn_arena *ar, const char *s, size_t len)
{
	char *p;

	if (s == NULL)
		return NULL;
	if (len == SIZE_MAX) {
		ar->oom = true;
		return NULL;
	}
	p = arena_take(ar, len + 1); /* every byte written below */
	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
kn_strdup(kn_arena *ar, const char *s)
{
	return s == NULL ? NULL : kn_strndup(ar, s, strlen(s));
}

char *
kn_sprintf(kn_arena *ar, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_take(ar, (size_t)n + 1); /* vsnprintf writes n + 1 bytes */
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *
kn_vec_push(kn_arena *ar, kn_vec *v, size_t elem_size)
{
	if (v->count == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 8;
		unsigned char *n;

		if (elem_size != 0 && ncap > SIZE_MAX / elem_size) {
			ar->oom = true;
			return NULL;
		}
		/* the old items are copied, only the free tail is zeroed */
		if ((n = arena_take(ar, ncap * elem_size)) == NULL)
			return NULL;
		if (v->count)
			memcpy(n, v->items, v->count * elem_size);
		memset(n + v->count * elem_size, 0,
			(ncap - v->count) * elem_size);
		v->items = n;
		v->cap = ncap;
	}
	return (unsigned char *)v->items + elem_size * v->count++;
}
