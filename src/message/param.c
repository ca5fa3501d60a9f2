/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	param 3
 * SUMMARY
 *	MIME parameter values with RFC 2231 and RFC 2047 decoding
 * DESCRIPTION
 *	kn_mime_param() finds one parameter of a Content-Type or
 *	Content-Disposition value. Extended (name*=charset'lang'%XX) and
 *	continued (name*0=, name*1*=, ...) forms are joined in section
 *	order, percent-decoded where marked and converted from the first
 *	section's charset; they win over a plain name=. A plain value
 *	holding encoded-words (what many mailers write for file names) is
 *	decoded with kn_rfc2047_decode().
 * STANDARDS
 *	RFC 2045 section 5.1, RFC 2231 sections 3-4, RFC 2183.
 * LIMITS
 *	At most KN_PARAM_SECTIONS continuation sections.
 *--*/
#include "message/parse.h"

#include <string.h>
#include <strings.h>

#include "util/charset.h"
#include "util/str.h"

/* Continuation sections kept (RFC 2231 sets no limit; file names need
 * a handful). */
#define KN_PARAM_SECTIONS 64
/* Longest decoded parameter value. */
#define KN_PARAM_MAX ((size_t)64 * 1024)

struct section {
	const char *p;
	size_t len;
	bool ext, set;
};

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
pct_decode(kn_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n &&
		    hexv(p[i + 1]) >= 0 && hexv(p[i + 2]) >= 0) {
			kn_buf_addc(b, (char)(hexv(p[i + 1]) * 16 + hexv(p[i + 2])));
			i += 2;
		} else {
			kn_buf_addc(b, p[i]);
		}
	}
}

/* Unquoted copy of a quoted string (escapes and folds removed). */
static void
unquote_into(kn_buf *b, const char *p, size_t n)
{
	if (n >= 1 && p[0] == '"') {
		p++;
		n--;
		if (n >= 1 && p[n - 1] == '"')
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		if (p[i] != '\r' && p[i] != '\n')
			kn_buf_addc(b, p[i]);
	}
}

char *
kn_mime_param(kn_arena *ar, const char *raw, size_t len, const char *name,
	unsigned *flags)
{
	struct section sec[KN_PARAM_SECTIONS] = { 0 };
	const char *plain = NULL;
	size_t plain_len = 0, nlen = strlen(name), i = 0;
	bool any_sec = false;
	char *res = NULL;
	unsigned dummy = 0;

	if (flags == NULL)
		flags = &dummy;
	/* Skip the type (or disposition) up to the first ';'. */
	while (i < len && raw[i] != ';') {
		if (raw[i] == '"') {
			for (i++; i < len && raw[i] != '"'; i++)
				if (raw[i] == '\\')
					i++;
		}
		i++;
	}
	/* Each pass consumes one parameter. */
	while (i < len) {
		size_t ns, ne, vs, ve;
		int idx = -1;
		bool ext = false;

		i++; /* ';' */
		while (i < len && is_ws(raw[i]))
			i++;
		ns = i;
		while (i < len && raw[i] != '=' && raw[i] != ';' && !is_ws(raw[i]))
			i++;
		ne = i;
		while (i < len && is_ws(raw[i]))
			i++;
		if (i >= len || raw[i] != '=') {
			while (i < len && raw[i] != ';')
				i++;
			continue;
		}
		i++;
		while (i < len && is_ws(raw[i]))
			i++;
		vs = i;
		if (i < len && raw[i] == '"') {
			for (i++; i < len && raw[i] != '"'; i++)
				if (raw[i] == '\\')
					i++;
			if (i < len)
				i++;
		} else {
			while (i < len && raw[i] != ';')
				i++;
		}
		ve = i;
		while (ve > vs && is_ws(raw[ve - 1]))
			ve--;
		while (i < len && raw[i] != ';')
			i++;

		/* name, name*, name*N, name*N* */
		if (ne - ns < nlen || strncasecmp(raw + ns, name, nlen) != 0)
			continue;
		{
			size_t k = ns + nlen;
			if (k == ne) {
				plain = raw + vs;
				plain_len = ve - vs;
				continue;
			}
			if (raw[k] != '*')
				continue;
			k++;
			if (k < ne && raw[k] >= '0' && raw[k] <= '9') {
				idx = 0;
				while (k < ne && raw[k] >= '0' && raw[k] <= '9' &&
				    idx < KN_PARAM_SECTIONS)
					idx = idx * 10 + (raw[k++] - '0');
				if (k < ne && raw[k] == '*') {
					ext = true;
					k++;
				}
			} else {
				idx = 0;
				ext = true;
			}
			if (k != ne || idx >= KN_PARAM_SECTIONS)
				continue;
			sec[idx] = (struct section){ raw + vs, ve - vs, ext, true };
			any_sec = true;
		}
	}

	if (any_sec) {
		kn_buf bytes, out;
		const char *cs = NULL;
		size_t cslen = 0;

		kn_buf_init(&bytes, KN_PARAM_MAX);
		kn_buf_init(&out, KN_PARAM_MAX);
		for (int s = 0; s < KN_PARAM_SECTIONS && sec[s].set; s++) {
			const char *p = sec[s].p;
			size_t n = sec[s].len;
			if (sec[s].ext) {
				if (s == 0) {
					const char *q1 = memchr(p, '\'', n), *q2;
					if (q1 != NULL && (q2 = memchr(q1 + 1, '\'',
					    (size_t)(p + n - q1 - 1))) != NULL) {
						cs = p;
						cslen = (size_t)(q1 - p);
						n -= (size_t)(q2 + 1 - p);
						p = q2 + 1;
					}
				}
				pct_decode(&bytes, p, n);
			} else {
				unquote_into(&bytes, p, n);
			}
		}
		if (cs == NULL && kn_charset_needs_decode(bytes.data ? bytes.data : "",
		    bytes.len))
			*flags |= KN_HDR_RAW8BIT;
		*flags |= kn_charset_decode(&out, cs, cslen,
			bytes.data ? bytes.data : "", bytes.len, NULL);
		if (out.err == 0 && bytes.err == 0)
			res = kn_strndup(ar, out.data ? out.data : "", out.len);
		kn_buf_dispose(&bytes);
		kn_buf_dispose(&out);
		return res;
	}
	if (plain != NULL) {
		kn_buf b;
		kn_buf_init(&b, KN_PARAM_MAX);
		unquote_into(&b, plain, plain_len);
		if (b.err == 0)
			res = kn_rfc2047_dup(ar, b.data ? b.data : "", b.len, flags);
		kn_buf_dispose(&b);
	}
	return res;
}
