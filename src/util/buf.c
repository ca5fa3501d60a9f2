/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	buf 3
 * SUMMARY
 *	growable byte buffer with a cap
 * DESCRIPTION
 *	See buf.h.
 *--*/
#include "util/buf.h"

#include <kensa/errors.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
kn_buf_init(kn_buf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
}

void
kn_buf_dispose(kn_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
	b->err = 0;
}

void
kn_buf_reset(kn_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data)
		b->data[0] = '\0';
}

static bool
grow(kn_buf *b, size_t add)
{
	size_t need, n;
	char *p;

	if (b->err)
		return false;
	if (add > b->cap || b->len > b->cap - add) {
		b->err = KENSA_ETOOBIG;
		return false;
	}
	need = b->len + add + 1;
	if (need <= b->alloc)
		return true;
	n = b->alloc ? b->alloc : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = realloc(b->data, n);
	if (p == NULL) {
		b->err = KENSA_ENOMEM;
		return false;
	}
	b->data = p;
	b->alloc = n;
	return true;
}

void
kn_buf_reserve(kn_buf *b, size_t n)
{
	size_t need;
	char *p;

	if (b->err || n > b->cap || b->len > b->cap - n)
		return;
	need = b->len + n + 1;
	if (need <= b->alloc)
		return;
	if ((p = realloc(b->data, need)) == NULL)
		return;
	b->data = p;
	b->alloc = need;
}

void
kn_buf_add(kn_buf *b, const void *p, size_t len)
{
	if (len == 0 || !grow(b, len))
		return;
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
kn_buf_adds(kn_buf *b, const char *s)
{
	if (s != NULL)
		kn_buf_add(b, s, strlen(s));
}

void
kn_buf_addc_slow(kn_buf *b, char c)
{
	kn_buf_add(b, &c, 1);
}

void
kn_buf_printf(kn_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *
kn_buf_cstr(kn_buf *b)
{
	return b->data && !b->err ? b->data : "";
}

char *
kn_buf_detach(kn_buf *b, size_t *len)
{
	char *p;

	if (b->err) {
		kn_buf_dispose(b);
		return NULL;
	}
	if (b->data == NULL && !grow(b, 0))
		return NULL;
	p = b->data;
	if (b->len == 0)
		p[0] = '\0';
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}
