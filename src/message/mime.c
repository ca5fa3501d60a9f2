/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	mime 3
 * SUMMARY
 *	the MIME part tree of a message, through GMime 3
 * DESCRIPTION
 *	kn_mime_parse() gives the input to GMime's parser (a copy; CR-only
 *	line ends are turned into LF first, GMime reads LF and CRLF only),
 *	then walks the tree depth-first: every multipart, leaf and
 *	message/rfc822 part (which is descended into) becomes one
 *	kensa_mime_part. Leaf content is decoded (transfer encoding) to
 *	learn its size; text content is converted to UTF-8 by
 *	kn_charset_decode(), whose repairs become defects. File names and
 *	charsets are read from the raw fields by our own RFC 2231/2047
 *	code (kn_mime_param), not GMime's decoded copies.
 *	When GMime cannot build a message at all, the body after the
 *	header section becomes one text/plain part, so no text vanishes.
 *	g_mime_init() runs once per process, under g_once, which also pins
 *	the gconv modules GMime's 8-bit header decoding opens per header.
 * STANDARDS
 *	RFC 2045, 2046 (sections 5.1, 5.2.1), 2183, 2231.
 * LIMITS
 *	KN_MIME_MAX_DEPTH nesting levels, KN_MIME_MAX_PARTS parts,
 *	KN_MIME_TEXT_MAX bytes of text per part, KN_MIME_MAX_WARNINGS
 *	parser warnings recorded.
 *--*/
#include "message/parse.h"

#include <gmime/gmime.h>
#include <string.h>

#include "util/charset.h"
#include "util/str.h"
#include "verdict/rules.h"

/* Nesting deeper than this is not walked: real mail nests < 10; deep
 * nesting is an attack on parsers (rspamd's max_nested habit). */
#define KN_MIME_MAX_DEPTH 32
/* Parts listed per message (rspamd's max_mime_parts is of this order). */
#define KN_MIME_MAX_PARTS 1024
/* Text converted per part; the rest is cut with a defect. */
#define KN_MIME_TEXT_MAX ((size_t)16 * 1024 * 1024)
/* GMime parser warnings turned into defects per message. */
#define KN_MIME_MAX_WARNINGS 16
/* Bytes of text quoted as evidence of a charset repair. */
#define KN_MIME_QUOTE 120

/* One kind of GMime warning, merged over its repeats. */
struct mime_warning {
	GMimeParserWarning code;
	gint64 offset;          /* first one; < 0 when GMime gave none */
	const char *item;       /* first non-empty item (boundary ...), or NULL */
	size_t count;
};

struct walk {
	kensa_analysis *a;
	kn_buf text;
	unsigned warnings;      /* entries of warn[] in use */
	struct mime_warning warn[KN_MIME_MAX_WARNINGS];
	bool limit_reported;
};

static gpointer
gmime_init_once(gpointer unused)
{
	(void)unused;
	g_mime_init();
	/* GMime decodes 8-bit header text by trying UTF-8, then the locale's
	 * charset, then ISO-8859-1, opening and closing an iconv_t each time;
	 * keep those gconv modules loaded (util/charset.c, MODULE PINS). */
	kn_charset_pin("ISO-8859-1");
	kn_charset_pin(g_mime_locale_charset());
	return NULL;
}

static void
gmime_ensure(void)
{
	static GOnce once = G_ONCE_INIT;

	g_once(&once, gmime_init_once, NULL);
}

static const char *
warning_name(GMimeParserWarning w)
{
	switch (w) {
	case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid Content-Type";
	case GMIME_WARN_MALFORMED_MULTIPART: return "multipart without parts";
	case GMIME_WARN_TRUNCATED_MESSAGE: return "message truncated";
	case GMIME_WARN_MALFORMED_MESSAGE: return "malformed message";
	case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting header";
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart without boundary";
	case GMIME_CRIT_NESTING_OVERFLOW: return "nesting too deep";
	case GMIME_WARN_PART_WITHOUT_CONTENT: return "part without content";
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		return "part without headers or content";
	default: return NULL; /* header-level issues: our own parser reports */
	}
}

static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
	gpointer data)
{
	struct walk *w = data;
	struct mime_warning *m = NULL;

	if (warning_name(code) == NULL)
		return;
	for (unsigned i = 0; i < w->warnings; i++) {
		if (w->warn[i].code == code)
			m = &w->warn[i];
	}
	if (m == NULL) {
		if (w->warnings >= KN_MIME_MAX_WARNINGS)
			return;
		m = &w->warn[w->warnings++];
		m->code = code;
		m->offset = offset;
	}
	m->count++;
	if (m->item == NULL && item != NULL && item[0] != '\0' &&
	    strlen(item) <= KN_MIME_QUOTE)
		m->item = kn_strdup(&w->a->ar, item);
}

/* One mime-structure defect per kind of GMime warning, with its count;
 * the byte offset only when GMime gave one. */
static void
report_warnings(struct walk *w)
{
	for (unsigned i = 0; i < w->warnings; i++) {
		const struct mime_warning *m = &w->warn[i];
		const char *what = warning_name(m->code);
		kensa_evidence ev = { .part = -1, .offset = m->offset > 0 ?
			(size_t)m->offset : 0, .text = what };
		char off[24] = "", times[32] = "";
		char *text;

		if (m->offset >= 0)
			g_snprintf(off, sizeof(off), "%" G_GINT64_FORMAT, m->offset);
		if (m->count > 1)
			g_snprintf(times, sizeof(times), ", %zu times", m->count);
		text = kn_sprintf(&w->a->ar, "%s%s%s%s%s%s%s", what,
			m->item ? " (\"" : "", m->item ? m->item : "",
			m->item ? "\")" : "", m->offset >= 0 ? " near byte " : "",
			off, times);
		KN_DEFECT(w->a, KN_RULE(message, mime_structure), &ev, off,
			text ? text : what);
	}
}

/* Raw value of field name of obj, or NULL. */
static const char *
raw_field(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	GMimeHeader *h = hl ? g_mime_header_list_get_header(hl, name) : NULL;

	return h ? g_mime_header_get_raw_value(h) : NULL;
}

static char *
lower_trim(kn_arena *ar, const char *s)
{
	kn_slice t;
	const char *semi;

	if (s == NULL)
		return NULL;
	t = kn_slice_trim((kn_slice){ s, strlen(s) });
	if ((semi = memchr(t.p, ';', t.len)) != NULL)
		t = kn_slice_trim((kn_slice){ t.p, (size_t)(semi - t.p) });
	if (t.len == 0)
		return NULL;
	return kn_str_lower(ar, kn_strndup(ar, t.p, t.len));
}

static void
quote_ev(struct walk *w, int idx, const kensa_mime_part *p, kensa_evidence *ev)
{
	size_t off = 0, n;
	const char *r;

	if (p->text != NULL && (r = strstr(p->text, "\xEF\xBF\xBD")) != NULL)
		off = (size_t)(r - p->text);
	off = off > 40 ? off - 40 : 0;
	while (off > 0 && ((unsigned char)p->text[off] & 0xC0) == 0x80)
		off--;
	n = p->text_length - off;
	if (n > KN_MIME_QUOTE) {
		n = KN_MIME_QUOTE;
		while (n > 0 && ((unsigned char)p->text[off + n] & 0xC0) == 0x80)
			n--;
	}
	*ev = kn_ev_part(w->a, idx, off, n);
}

/* Decode the content of a leaf; text parts are converted to UTF-8. */
static void
leaf_content(struct walk *w, GMimePart *part, kensa_mime_part *p, int idx)
{
	kensa_analysis *a = w->a;
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	bool is_text = strncmp(p->content_type, "text/", 5) == 0;
	GMimeStream *s;

	if (dw == NULL)
		return;
	if (!is_text) {
		/* decoded bytes for the attachment inventory (content/attach.c) */
		GByteArray *ba;
		s = g_mime_stream_mem_new();
		g_mime_data_wrapper_write_to_stream(dw, s);
		ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
		p->size_bytes = ba ? ba->len : 0;
		kn_attach_observe(a, idx, ba ? ba->data : NULL, ba ? ba->len : 0);
		g_object_unref(s);
		return;
	}
	s = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(dw, s);
	{
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
		const char *bytes = ba && ba->data ? (const char *)ba->data : "";
		size_t n = ba ? ba->len : 0;
		const char *used = NULL;
		unsigned flags;
		char num[16];
		kensa_evidence ev;

		p->size_bytes = n;
		kn_attach_observe(a, idx, (const unsigned char *)bytes, n);
		if (n > KN_MIME_TEXT_MAX) {
			n = KN_MIME_TEXT_MAX;
			KN_DEFECT(a, KN_RULE(message, mime_limit), NULL,
				"a text part is larger than the conversion cap");
		}
		kn_buf_reset(&w->text);
		flags = kn_charset_decode(&w->text, p->charset,
			p->charset ? strlen(p->charset) : 0, bytes, n, &used);
		if (w->text.err == 0) {
			p->text = kn_strndup(&a->ar, w->text.data ? w->text.data : "",
				w->text.len);
			p->text_length = w->text.len;
		}
		g_snprintf(num, sizeof(num), "%d", idx);
		if (flags & (KN_CS_INVALID | KN_CS_GUESSED | KN_CS_MISLABELLED))
			quote_ev(w, idx, p, &ev);
		if (flags & KN_CS_MISLABELLED)
			KN_DEFECT(a, KN_RULE(message, mime_charset_mislabelled), &ev, num,
				p->content_type, p->charset, used);
		else if (flags & KN_CS_GUESSED)
			KN_DEFECT(a, KN_RULE(message, mime_charset_guessed), &ev, num,
				p->content_type, p->charset ? p->charset : "(none)",
				used);
		if (flags & KN_CS_INVALID)
			KN_DEFECT(a, KN_RULE(message, mime_text_invalid_bytes), &ev, num,
				p->content_type, p->charset ? p->charset : "(none)",
				used);
	}
	g_object_unref(s);
}

static int
walk(struct walk *w, GMimeObject *obj, unsigned depth, int parent)
{
	kensa_analysis *a = w->a;
	kensa_mime_part *p;
	GMimeContentType *ct;
	const char *raw;
	int idx;

	if (obj == NULL)
		return 0;
	if (depth > KN_MIME_MAX_DEPTH || a->parts.count >= KN_MIME_MAX_PARTS) {
		if (!w->limit_reported) {
			w->limit_reported = true;
			KN_DEFECT(a, KN_RULE(message, mime_limit), NULL,
				depth > KN_MIME_MAX_DEPTH ? "MIME nesting too deep"
				                          : "too many MIME parts");
		}
		return 0;
	}
	p = kn_vec_push(&a->ar, &a->parts, sizeof(*p));
	if (p == NULL)
		return KENSA_ENOMEM;
	idx = (int)(a->parts.count - 1);
	a->msg.parts = a->parts.items;
	a->msg.part_count = a->parts.count;
	p->index = (unsigned)idx;
	p->depth = depth;
	p->parent = parent;
	ct = g_mime_object_get_content_type(obj);
	if (ct != NULL) {
		char *mt = g_mime_content_type_get_mime_type(ct);
		p->content_type = kn_str_lower(&a->ar, mt);
		g_free(mt);
	}
	if (p->content_type == NULL)
		p->content_type = "text/plain";
	if ((raw = raw_field(obj, "Content-Type")) != NULL) {
		char *cs = kn_mime_param(&a->ar, raw, strlen(raw), "charset", NULL);
		if (cs != NULL) {
			kn_slice t = kn_slice_trim((kn_slice){ cs, strlen(cs) });
			p->charset = kn_str_lower(&a->ar,
				kn_strndup(&a->ar, t.p, t.len));
		}
		if (p->charset != NULL && p->charset[0] == '\0')
			p->charset = NULL;
	}
	p->transfer_encoding = lower_trim(&a->ar,
		raw_field(obj, "Content-Transfer-Encoding"));
	{
		const char *cd = raw_field(obj, "Content-Disposition");
		p->disposition = lower_trim(&a->ar, cd);
		if (cd != NULL)
			p->filename = kn_mime_param(&a->ar, cd, strlen(cd), "filename",
				NULL);
		if (p->filename == NULL && raw != NULL)
			p->filename = kn_mime_param(&a->ar, raw, strlen(raw), "name",
				NULL);
	}

	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		p->is_multipart = true;
		for (int i = 0; i < n; i++) {
			int rc = walk(w, g_mime_multipart_get_part(mp, i), depth + 1, idx);
			if (rc < 0)
				return rc;
		}
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m = g_mime_message_part_get_message(
			GMIME_MESSAGE_PART(obj));
		p->is_multipart = true; /* a container of the inner message */
		if (m != NULL) {
			/* the whole inner message, for its own analysis
			 * (content/attach.c) */
			GMimeStream *ms = g_mime_stream_mem_new();
			GByteArray *ba;
			g_mime_object_write_to_stream(GMIME_OBJECT(m), NULL, ms);
			ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
			kn_attach_observe(a, idx, ba ? ba->data : NULL,
				ba ? ba->len : 0);
			g_object_unref(ms);
			return walk(w, g_mime_message_get_mime_part(m), depth + 1, idx);
		}
	} else if (GMIME_IS_PART(obj)) {
		leaf_content(w, GMIME_PART(obj), p, idx);
	}
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

/* Offset of the body: after the first empty line (any line end). */
static size_t
body_offset(const char *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (d[i] != '\n' && d[i] != '\r')
			continue;
		{
			size_t j = i + (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n' ? 2 : 1);
			if (j < n && (d[j] == '\n' || d[j] == '\r'))
				return j + (d[j] == '\r' && j + 1 < n && d[j + 1] == '\n' ? 2 : 1);
			i = j - 1;
		}
	}
	return n;
}

static int
fallback_part(struct walk *w)
{
	kensa_analysis *a = w->a;
	kensa_mime_part *p = kn_vec_push(&a->ar, &a->parts, sizeof(*p));
	size_t off = body_offset(a->data, a->len);
	size_t n = a->len - off;

	if (p == NULL)
		return KENSA_ENOMEM;
	a->msg.parts = a->parts.items;
	a->msg.part_count = a->parts.count;
	p->parent = -1;
	p->content_type = "text/plain";
	p->size_bytes = n;
	if (n > KN_MIME_TEXT_MAX)
		n = KN_MIME_TEXT_MAX;
	kn_buf_reset(&w->text);
	kn_charset_decode(&w->text, NULL, 0, a->data + off, n, NULL);
	if (w->text.err == 0) {
		p->text = kn_strndup(&a->ar, w->text.data ? w->text.data : "",
			w->text.len);
		p->text_length = w->text.len;
	}
	KN_DEFECT(a, KN_RULE(message, mime_unparseable), NULL);
	return 0;
}

int
kn_mime_parse(kensa_analysis *a)
{
	struct walk w = { .a = a };
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeParserOptions *opts;
	GMimeMessage *msg;
	bool cr_only = false;
	int rc = 0;

	gmime_ensure();
	kn_buf_init(&w.text, KN_MIME_TEXT_MAX * 4 + 16);
	if (memchr(a->data, '\n', a->len) == NULL &&
	    memchr(a->data, '\r', a->len) != NULL)
		cr_only = true;
	if (cr_only) {
		GByteArray *ba = g_byte_array_sized_new((guint)a->len);
		g_byte_array_append(ba, (const guint8 *)a->data, (guint)a->len);
		for (guint i = 0; i < ba->len; i++) {
			if (ba->data[i] == '\r')
				ba->data[i] = '\n';
		}
		stream = g_mime_stream_mem_new_with_byte_array(ba);
	} else {
		stream = g_mime_stream_mem_new_with_buffer(a->data, a->len);
	}
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(opts,
		GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_warning_callback(opts, on_warning, &w);
	msg = g_mime_parser_construct_message(parser, opts);
	if (msg != NULL && g_mime_message_get_mime_part(msg) != NULL)
		rc = walk(&w, g_mime_message_get_mime_part(msg), 0, -1);
	else
		rc = fallback_part(&w);
	report_warnings(&w);
	if (msg != NULL)
		g_object_unref(msg);
	g_mime_parser_options_free(opts);
	g_object_unref(parser);
	kn_buf_dispose(&w.text);
	return rc < 0 ? rc : (a->ar.oom ? KENSA_ENOMEM : 0);
}
