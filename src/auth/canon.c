/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	canon 3
 * SUMMARY
 *	raw header fields, tag-lists, base64 and DKIM canonicalization
 * SYNOPSIS
 *	#include "auth/canon.h"
 * DESCRIPTION
 *	Line ends: a bare LF becomes CRLF in the working copy; a CR not
 *	followed by LF is data (RFC 5322 forbids it; it is hashed as is).
 *	Everything else is described in canon.h and cites RFC 6376 3.2,
 *	3.4.1-3.4.4.
 * LIMITS
 *	KN_RAWMSG_MAX_FIELDS, KN_RAWMSG_MAX_BYTES, KN_TAGLIST_MAX.
 *--*/
#include "auth/canon.h"

#include <string.h>

#include <kensa/errors.h>

static bool
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Does data need a CRLF copy: is there an LF not preceded by CR? */
static bool
has_bare_lf(const char *d, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (d[i] == '\n' && (i == 0 || d[i - 1] != '\r'))
			return true;
	return false;
}

/* Append a field spanning [start, end) of m->data (end before CRLF). */
static int
add_field(kn_rawmsg *m, kn_arena *ar, size_t start, size_t end,
	size_t orig_off)
{
	kn_rawfield *f;
	const char *p = m->data + start;
	size_t n = end - start, colon = 0;

	if (m->fields.count >= KN_RAWMSG_MAX_FIELDS)
		return 0;
	while (colon < n && p[colon] != ':')
		colon++;
	f = kn_vec_push(ar, &m->fields, sizeof(*f));
	if (f == NULL)
		return KENSA_ENOMEM;
	f->field.p = p;
	f->field.len = n;
	f->offset = orig_off;
	f->index = m->fields.count - 1;
	if (colon == n) {
		/* Not a field (no colon): kept with an empty name so that
		 * it can never be selected by h=. */
		f->name.p = p;
		f->name.len = 0;
		f->value.p = p + n;
		f->value.len = 0;
		return 0;
	}
	f->name.p = p;
	f->name.len = colon;
	while (f->name.len > 0 && is_wsp(p[f->name.len - 1]))
		f->name.len--;
	f->value.p = p + colon + 1;
	f->value.len = n - colon - 1;
	return 0;
}

/* Input offset of copy offset off: off minus the CRs inserted before
 * it (ins: ascending copy offsets of the inserted CRs). */
static size_t
orig_offset(const size_t *ins, size_t nins, size_t off)
{
	size_t lo = 0, hi = nins;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ins[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return off - lo;
}

int
kn_rawmsg_split(kn_rawmsg *out, kn_arena *ar, const char *data, size_t len)
{
	size_t *ins = NULL;     /* copy offsets of the CRs we inserted */
	size_t nins = 0;
	size_t pos, field_start = 0;
	bool in_field = false;
	char *copy;

	if (out == NULL || ar == NULL || (data == NULL && len > 0))
		return KENSA_EINVAL;
	if (len > KN_RAWMSG_MAX_BYTES)
		return KENSA_ETOOBIG;
	memset(out, 0, sizeof(*out));
	out->data = data;
	out->len = len;
	if (has_bare_lf(data, len)) {
		size_t bare = 0, j = 0;

		for (size_t i = 0; i < len; i++)
			if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
				bare++;
		copy = kn_alloc(ar, len + bare + 1);
		ins = kn_calloc(ar, bare, sizeof(*ins));
		if (copy == NULL || ins == NULL)
			return KENSA_ENOMEM;
		for (size_t i = 0; i < len; i++) {
			if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
				ins[nins++] = j;
				copy[j++] = '\r';
			}
			copy[j++] = data[i];
		}
		out->data = copy;
		out->len = j;
		out->converted = true;
	}
	data = out->data;
	len = out->len;
	pos = 0;
	out->body_off = len;
	while (pos < len) {
		size_t eol = pos, next;

		while (eol + 1 < len && !(data[eol] == '\r' && data[eol + 1] == '\n'))
			eol++;
		if (eol + 1 >= len) {
			eol = len;
			next = len;
		} else {
			next = eol + 2;
		}
		if (eol == pos && next > eol) {
			/* The empty line: header fields end here. */
			if (in_field && add_field(out, ar, field_start,
			    pos - 2, orig_offset(ins, nins, field_start)) < 0)
				return KENSA_ENOMEM;
			in_field = false;
			out->body_off = next;
			out->has_body = true;
			break;
		}
		if (is_wsp(data[pos]) && in_field) {
			/* continuation line of the field above */
		} else {
			if (in_field && add_field(out, ar, field_start,
			    pos - 2, orig_offset(ins, nins, field_start)) < 0)
				return KENSA_ENOMEM;
			field_start = pos;
			in_field = true;
		}
		if (next == len && eol == len) {
			if (add_field(out, ar, field_start, len,
			    orig_offset(ins, nins, field_start)) < 0)
				return KENSA_ENOMEM;
			in_field = false;
		}
		pos = next;
	}
	if (in_field && add_field(out, ar, field_start, len >= 2 &&
	    data[len - 1] == '\n' ? len - 2 : len,
	    orig_offset(ins, nins, field_start)) < 0)
		return KENSA_ENOMEM;
	return ar->oom ? KENSA_ENOMEM : 0;
}

size_t
kn_rawmsg_count(const kn_rawmsg *m)
{
	return m->fields.count;
}

const kn_rawfield *
kn_rawmsg_field(const kn_rawmsg *m, size_t i)
{
	return i < m->fields.count ? (const kn_rawfield *)m->fields.items + i : NULL;
}

const char *
kn_canon_name(kn_canon_alg alg)
{
	return alg == KN_CANON_RELAXED ? "relaxed" : "simple";
}

void
kn_canon_header(kn_buf *b, kn_canon_alg alg, kn_slice field, bool crlf)
{
	size_t colon = 0, i;
	bool pending_sp = false, started = false;

	if (alg == KN_CANON_SIMPLE) {
		kn_buf_add(b, field.p, field.len);
		if (crlf)
			kn_buf_add(b, "\r\n", 2);
		return;
	}
	while (colon < field.len && field.p[colon] != ':')
		colon++;
	/* name: lower case, WSP before the colon dropped (3.4.2). */
	for (i = 0; i < colon; i++) {
		char c = field.p[i];

		if (is_wsp(c) || c == '\r' || c == '\n')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		kn_buf_addc(b, c);
	}
	kn_buf_addc(b, ':');
	/* value: unfold, WSP runs to one SP, leading/trailing WSP gone. */
	for (i = colon + 1; i < field.len; i++) {
		char c = field.p[i];

		if (c == '\r' && i + 1 < field.len && field.p[i + 1] == '\n') {
			i++;
			continue;
		}
		if (is_wsp(c)) {
			pending_sp = started;
			continue;
		}
		if (pending_sp)
			kn_buf_addc(b, ' ');
		pending_sp = false;
		started = true;
		kn_buf_addc(b, c);
	}
	if (crlf)
		kn_buf_add(b, "\r\n", 2);
}

void
kn_canon_body(kn_buf *b, kn_canon_alg alg, kn_slice body)
{
	size_t pos = 0, empty = 0;
	bool any = false;

	while (pos < body.len) {
		size_t eol = pos, next;

		while (eol < body.len && !(body.p[eol] == '\r' &&
		    eol + 1 < body.len && body.p[eol + 1] == '\n'))
			eol++;
		next = eol < body.len ? eol + 2 : body.len;
		if (alg == KN_CANON_SIMPLE) {
			if (eol == pos) {
				empty++;
			} else {
				for (; empty > 0; empty--)
					kn_buf_add(b, "\r\n", 2);
				kn_buf_add(b, body.p + pos, eol - pos);
				kn_buf_add(b, "\r\n", 2);
				any = true;
			}
		} else {
			bool sp = false, content = false;

			for (size_t i = pos; i < eol; i++) {
				char c = body.p[i];

				if (is_wsp(c)) {
					sp = true;
					continue;
				}
				if (!content)
					for (; empty > 0; empty--)
						kn_buf_add(b, "\r\n", 2);
				/* a WSP run inside the line (or leading) is one
				 * SP; at the end of the line it is dropped. */
				if (sp)
					kn_buf_addc(b, ' ');
				sp = false;
				content = true;
				kn_buf_addc(b, c);
			}
			if (content) {
				kn_buf_add(b, "\r\n", 2);
				any = true;
			} else {
				empty++;
			}
		}
		pos = next;
	}
	if (!any && alg == KN_CANON_SIMPLE)
		kn_buf_add(b, "\r\n", 2);
}

bool
kn_taglist_parse(const char *s, size_t len, kn_tag *tags, size_t max,
	size_t *count, const char **why)
{
	size_t pos = 0, n = 0;

	*count = 0;
	*why = NULL;
	while (pos < len) {
		size_t end = pos, a, b, name_s, name_e, eq;

		while (end < len && s[end] != ';')
			end++;
		/* [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS] */
		a = pos;
		b = end;
		while (a < b && (is_wsp(s[a]) || s[a] == '\r' || s[a] == '\n'))
			a++;
		while (b > a && (is_wsp(s[b - 1]) || s[b - 1] == '\r' ||
		    s[b - 1] == '\n'))
			b--;
		if (a == b) {
			/* An empty spec is legal only after the last ";"
			 * (tag-list = tag-spec *(";" tag-spec) [";"]). */
			if (end < len) {
				*why = "empty tag-spec between two \";\"";
				return false;
			}
			pos = end + 1;
			continue;
		}
		name_s = a;
		if (!((s[a] >= 'a' && s[a] <= 'z') || (s[a] >= 'A' && s[a] <= 'Z'))) {
			*why = "tag name does not start with a letter";
			return false;
		}
		while (a < b && ((s[a] >= 'a' && s[a] <= 'z') ||
		    (s[a] >= 'A' && s[a] <= 'Z') || (s[a] >= '0' && s[a] <= '9') ||
		    s[a] == '_'))
			a++;
		name_e = a;
		while (a < b && (is_wsp(s[a]) || s[a] == '\r' || s[a] == '\n'))
			a++;
		if (a >= b || s[a] != '=') {
			*why = "tag without \"=\"";
			return false;
		}
		eq = a;
		a++;
		while (a < b && (is_wsp(s[a]) || s[a] == '\r' || s[a] == '\n'))
			a++;
		for (size_t i = a; i < b; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
				continue;
			if (c < 0x21 || c > 0x7e) {
				*why = "tag value holds a character outside VALCHAR";
				return false;
			}
		}
		for (size_t k = 0; k < n; k++)
			if (tags[k].name.len == name_e - name_s &&
			    memcmp(tags[k].name.p, s + name_s, name_e - name_s) == 0) {
				*why = "duplicate tag";
				return false;
			}
		if (n >= max) {
			*why = "too many tags";
			return false;
		}
		tags[n].name.p = s + name_s;
		tags[n].name.len = name_e - name_s;
		tags[n].value.p = s + a;
		tags[n].value.len = b - a;
		tags[n].value_off = eq + 1;
		tags[n].value_end = b;
		tags[n].spec_end = end;
		n++;
		pos = end + 1;
	}
	*count = n;
	return true;
}

const kn_tag *
kn_taglist_get(const kn_tag *tags, size_t count, const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < count; i++)
		if (tags[i].name.len == nl && memcmp(tags[i].name.p, name, nl) == 0)
			return &tags[i];
	return NULL;
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+') return 62;
	if (c == '/') return 63;
	return -1;
}

bool
kn_base64_decode(kn_arena *ar, kn_slice in, unsigned char **out,
	size_t *outlen)
{
	unsigned char *o = kn_alloc(ar, in.len / 4 * 3 + 3);
	size_t n = 0, chars = 0, pad = 0;
	unsigned acc = 0;

	*out = NULL;
	*outlen = 0;
	if (o == NULL)
		return false;
	for (size_t i = 0; i < in.len; i++) {
		unsigned char c = (unsigned char)in.p[i];
		int v;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0)
			return false;   /* data after padding */
		v = b64val(c);
		if (v < 0)
			return false;
		acc = (acc << 6) | (unsigned)v;
		chars++;
		if (chars % 4 == 0) {
			o[n++] = (unsigned char)(acc >> 16);
			o[n++] = (unsigned char)(acc >> 8);
			o[n++] = (unsigned char)acc;
			acc = 0;
		}
	}
	switch (chars % 4) {
	case 0:
		if (pad != 0)
			return false;
		break;
	case 1:
		return false;
	case 2:
		if (pad != 0 && pad != 2)
			return false;
		o[n++] = (unsigned char)(acc >> 4);
		break;
	case 3:
		if (pad > 1)
			return false;
		o[n++] = (unsigned char)(acc >> 10);
		o[n++] = (unsigned char)(acc >> 2);
		break;
	}
	*out = o;
	*outlen = n;
	return true;
}
