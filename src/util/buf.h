/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	buf 3h
 * SUMMARY
 *	growable byte buffer with a cap and a sticky error
 * SYNOPSIS
 *	#include "util/buf.h"
 * DESCRIPTION
 *	kn_buf grows on the heap up to its cap (bytes). Appends after an
 *	error (out of memory or over the cap) do nothing; check buf->err
 *	once at the end. The content is always NUL-terminated when
 *	buf->len > 0 or after kn_buf_cstr(). curl's dynbuf habit.
 *--*/
#ifndef KN_BUF_H
#define KN_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kn_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;   /* maximum len in bytes */
	int err;      /* 0, KENSA_ENOMEM or KENSA_ETOOBIG; sticky */
} kn_buf;

/* Initialise with a cap in bytes (no allocation). */
void kn_buf_init(kn_buf *b, size_t cap);
/* Free the contents; the buffer is empty afterwards. */
void kn_buf_dispose(kn_buf *b);
/* Empty the buffer, keep the allocation, clear the error. */
void kn_buf_reset(kn_buf *b);
/* Make room for n more bytes without changing the contents (a hint:
 * failure sets no error; the next add reports it). */
void kn_buf_reserve(kn_buf *b, size_t n);
void kn_buf_add(kn_buf *b, const void *p, size_t len);
void kn_buf_adds(kn_buf *b, const char *s);
/* Slow path of kn_buf_addc (growth, cap, sticky error). */
void kn_buf_addc_slow(kn_buf *b, char c);

/* Append one byte; inline since text walkers call it per character. */
static inline void
kn_buf_addc(kn_buf *b, char c)
{
	if (b->err == 0 && b->len < b->cap && b->len + 2 <= b->alloc) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return;
	}
	kn_buf_addc_slow(b, c);
}
void kn_buf_printf(kn_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* NUL-terminated contents ("" when empty); never NULL. */
const char *kn_buf_cstr(kn_buf *b);
/* Hand the malloc'd contents to the caller (NULL on error); b is reset. */
char *kn_buf_detach(kn_buf *b, size_t *len);

#endif
