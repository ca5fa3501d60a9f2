/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	arena 3h
 * SUMMARY
 *	per-message memory arena with a sticky out-of-memory flag
 * SYNOPSIS
 *	#include "util/arena.h"
 * DESCRIPTION
 *	Everything one analysis allocates lives in one arena and is freed
 *	as one. Allocation never aborts: on failure it returns NULL and sets
 *	arena->oom, which the caller checks once after a run of work
 *	(libgit2's git_str_oom habit). Memory is zeroed.
 *--*/
#ifndef KN_ARENA_H
#define KN_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kn_arena_chunk kn_arena_chunk;

typedef struct kn_arena {
	kn_arena_chunk *head;
	bool oom;            /* sticky: some allocation failed */
	size_t total;        /* bytes handed out, for caps and tests */
} kn_arena;

/* Initialise an empty arena (no allocation). */
void kn_arena_init(kn_arena *ar);
/* Free every chunk; the arena is empty and reusable afterwards. */
void kn_arena_dispose(kn_arena *ar);
/* size zeroed bytes aligned for any type, or NULL (oom set). */
void *kn_alloc(kn_arena *ar, size_t size);
/* n * size with overflow check, zeroed; NULL on overflow/oom. */
void *kn_calloc(kn_arena *ar, size_t n, size_t size);
/* Copy of s (NULL gives NULL). */
char *kn_strdup(kn_arena *ar, const char *s);
/* Copy of len bytes plus a NUL (s may hold NULs; NULL s gives NULL). */
char *kn_strndup(kn_arena *ar, const char *s, size_t len);
/* printf into the arena. */
char *kn_sprintf(kn_arena *ar, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A growable array in the arena. Growth copies into a new block; the old
 * one stays until the arena goes (cheap for per-message sizes).
 */
typedef struct kn_vec {
	void *items;
	size_t count;
	size_t cap;
} kn_vec;

/* Append one zeroed element of elem_size; returns it or NULL (oom). */
void *kn_vec_push(kn_arena *ar, kn_vec *v, size_t elem_size);

#endif
