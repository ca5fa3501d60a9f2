/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	html 3
 * SUMMARY
 *	HTML parts read with an HTML5 parser: text, links, hidden text
 * SYNOPSIS
 *	#include "content/html.h"
 * DESCRIPTION
 *	See html.h. Gumbo builds the tree (its own allocation, freed before
 *	return); one recursive walk, bounded by KN_HTML_DEPTH_MAX, carries
 *	the inherited state (hidden or not and why, text and background
 *	colors) down and copies what we keep into the arena.
 *
 *	A text node's decoded text is aligned with its source bytes to
 *	build the map: equal bytes advance together; a character
 *	reference ("&amp;", "&#x41;") in the source maps to the one code
 *	point it produced; CR and CR LF map to the LF the parser made.
 * LIMITS
 *	See html.h.
 *--*/
#include "content/html.h"

#include <gumbo.h>
#include <kensa/errors.h>
#include <string.h>
#include <strings.h>

/* Longest character reference aligned ("&CounterClockwiseContour...;"
 * is 33; numeric ones are shorter). */
#define KN_HTML_ENTITY_MAX 40
/* Declarations read in one style attribute. */
#define KN_HTML_CSS_DECLS_MAX 64
/* Difference per color channel still read as "the same color". */
#define KN_HTML_COLOR_NEAR 16

typedef struct walker {
	kn_arena *ar;
	const char *src;
	size_t srclen;
	char *out;
	uint32_t *map, *end;
	size_t n, cap;
	kn_vec links, hidden;
	const char *base;
	bool has_style;
	bool truncated;
} walker;

/* Inherited state. */
typedef struct state {
	const char *why;       /* hidden by an ancestor: the reason */
	size_t hoff, hend;     /* source range of the hiding element */
	long fg, bg;           /* 0xRRGGBB, or -1 unknown */
	bool bg_opaque_unknown;/* background set to an image or unknown */
} state;

static size_t
min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

static void
elem_range(const walker *w, const GumboElement *e, size_t *off, size_t *end)
{
	size_t s = min_sz(e->start_pos.offset, w->srclen), x;

	if (e->original_end_tag.length > 0)
		x = e->end_pos.offset + e->original_end_tag.length;
	else if (e->end_pos.offset > s)
		x = e->end_pos.offset;
	else
		x = s + e->original_tag.length;
	*off = s;
	*end = min_sz(x < s ? s : x, w->srclen);
}

/* ---- colors and inline style ---- */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse a small unsigned decimal (with optional fraction) at s[0..n):
 * returns value * 100 or -1. */
static long
num100(const char *s, size_t n, size_t *used)
{
	long v = 0, frac = 0, scale = 100;
	size_t i = 0;
	bool any = false;

	while (i < n && s[i] >= '0' && s[i] <= '9' && v < 100000) {
		v = v * 10 + (s[i++] - '0');
		any = true;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (scale > 1) {
				scale /= 10;
				frac += (s[i] - '0') * scale;
			}
			i++;
			any = true;
		}
	}
	*used = i;
	return any ? v * 100 + frac : -1;
}

/* A CSS or HTML color (lower-case s[0..n)) as 0xRRGGBB; -1 unknown,
 * -2 transparent. */
static long
parse_color(const char *s, size_t n)
{
	static const struct { const char *name; long rgb; } names[] = {
		{ "white", 0xFFFFFF }, { "black", 0x000000 },
		{ "red", 0xFF0000 }, { "green", 0x008000 },
		{ "blue", 0x0000FF }, { "yellow", 0xFFFF00 },
		{ "gray", 0x808080 }, { "grey", 0x808080 },
		{ "silver", 0xC0C0C0 }, { "navy", 0x000080 },
		{ "whitesmoke", 0xF5F5F5 }, { "snow", 0xFFFAFA },
		{ "ivory", 0xFFFFF0 }, { "ghostwhite", 0xF8F8FF },
	};

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 0 && s[0] == '#') {
		int d[6];
		if (n != 4 && n != 7)
			return -1;
		for (size_t i = 1; i < n; i++)
			if ((d[i - 1] = hexval(s[i])) < 0)
				return -1;
		if (n == 4)
			return (long)(d[0] * 17) << 16 | (long)(d[1] * 17) << 8 |
			    (long)(d[2] * 17);
		return (long)(d[0] << 4 | d[1]) << 16 | (long)(d[2] << 4 | d[3])
		    << 8 | (long)(d[4] << 4 | d[5]);
	}
	if (n >= 4 && strncmp(s, "rgb", 3) == 0) {
		long c[4] = { 0, 0, 0, 100 };
		size_t i = 3, k = 0;
		if (i < n && s[i] == 'a')
			i++;
		if (i >= n || s[i] != '(')
			return -1;
		i++;
		while (k < 4 && i < n) {
			size_t used;
			long v;
			while (i < n && (s[i] == ' ' || s[i] == ','))
				i++;
			v = num100(s + i, n - i, &used);
			if (v < 0)
				break;
			i += used;
			if (i < n && s[i] == '%') {
				v = k < 3 ? v * 255 / 100 : v;
				i++;
			}
			c[k] = k < 3 ? v / 100 : v;
			k++;
		}
		if (k < 3)
			return -1;
		if (k == 4 && c[3] == 0)
			return -2;
		for (int j = 0; j < 3; j++)
			if (c[j] > 255)
				c[j] = 255;
		return c[0] << 16 | c[1] << 8 | c[2];
	}
	if (n == 11 && strncmp(s, "transparent", 11) == 0)
		return -2;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && strncmp(s, names[i].name, n) == 0)
			return names[i].rgb;
	return -1;
}

static bool
near_color(long a, long b)
{
	for (int sh = 0; sh <= 16; sh += 8) {
		long d = ((a >> sh) & 0xFF) - ((b >> sh) & 0xFF);
		if (d > KN_HTML_COLOR_NEAR || d < -KN_HTML_COLOR_NEAR)
			return false;
	}
	return true;
}

/* Is a font-size value (lower-case) too small to read? */
static bool
tiny_font(const char *v, size_t n)
{
	size_t used;
	long x = num100(v, n, &used);
	const char *u = v + used;
	size_t un = n - used;

	if (x < 0)
		return false;
	if (x == 0)
		return true;
	if ((un == 2 && (strncmp(u, "px", 2) == 0 || strncmp(u, "pt", 2) == 0)) ||
	    un == 0)
		return x <= 100;
	if ((un == 2 && strncmp(u, "em", 2) == 0) ||
	    (un == 3 && strncmp(u, "rem", 3) == 0))
		return x <= 10;
	if (un == 1 && u[0] == '%')
		return x <= 1000;
	return false;
}

static bool
zero_len(const char *v, size_t n)
{
	size_t used;
	return num100(v, n, &used) == 0;
}

/* Apply the inline style css (NUL-terminated) to st; sets *why when
 * the element hides its content. Also reports a zero size (for img). */
static void
css_apply(const char *css, state *st, const char **why, bool *tiny_box)
{
	char buf[256];
	bool zero_h = false, zero_w = false, ovf_hidden = false;
	const char *p = css;

	for (unsigned d = 0; d < KN_HTML_CSS_DECLS_MAX && *p; d++) {
		const char *semi = strchr(p, ';'), *colon;
		size_t dn = semi ? (size_t)(semi - p) : strlen(p), k = 0, pn, vn;
		const char *v;

		/* lower-cased copy, white space runs as one space */
		for (size_t i = 0; i < dn && k + 1 < sizeof(buf); i++) {
			char c = p[i];
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				if (k > 0 && buf[k - 1] != ' ')
					buf[k++] = ' ';
				continue;
			}
			buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		buf[k] = '\0';
		p += dn + (semi ? 1 : 0);
		if ((colon = strchr(buf, ':')) == NULL)
			continue;
		pn = (size_t)(colon - buf);
		while (pn > 0 && buf[pn - 1] == ' ')
			pn--;
		v = colon + 1;
		while (*v == ' ')
			v++;
		vn = strlen(v);
		if (vn >= 10 && strcmp(v + vn - 10, "!important") == 0)
			vn -= 10;
		while (vn > 0 && v[vn - 1] == ' ')
			vn--;
#define PROP(s) (pn == sizeof(s) - 1 && strncmp(buf, s, pn) == 0)
#define VAL(s) (vn == sizeof(s) - 1 && strncmp(v, s, vn) == 0)
		if (PROP("display") && VAL("none"))
			*why = "display:none";
		else if (PROP("visibility") && (VAL("hidden") || VAL("collapse")))
			*why = "visibility:hidden";
		else if (PROP("opacity") && zero_len(v, vn))
			*why = "opacity:0";
		else if (PROP("font-size") && tiny_font(v, vn))
			*why = "font-size too small to read";
		else if (PROP("color")) {
			long c = parse_color(v, vn);
			if (c == -2)
				*why = "transparent text color";
			else
				st->fg = c;
		} else if (PROP("background-color") || PROP("background")) {
			/* "background: #fff url(x)": the first token */
			long c = parse_color(v, vn);
			if (c == -1 && PROP("background"))
				c = parse_color(v, min_sz(vn, strcspn(v, " ")));
			if (c >= 0) {
				st->bg = c;
				st->bg_opaque_unknown = false;
			} else if (c == -1) {
				st->bg = -1;
				st->bg_opaque_unknown = true;
			}
		} else if ((PROP("max-height") || PROP("height")) &&
		    zero_len(v, vn))
			zero_h = true;
		else if ((PROP("max-width") || PROP("width")) && zero_len(v, vn))
			zero_w = true;
		else if (PROP("overflow") && VAL("hidden"))
			ovf_hidden = true;
		else if ((PROP("width") || PROP("height")) && tiny_font(v, vn))
			*tiny_box = true;
#undef PROP
#undef VAL
	}
	if ((zero_h || zero_w) && ovf_hidden && *why == NULL)
		*why = "zero size with overflow:hidden";
	if (zero_h || zero_w)
		*tiny_box = true;
}

/* ---- text output ---- */

static void
put(walker *w, char c, size_t so, size_t se)
{
	if (w->n + 1 >= w->cap) {
		w->truncated = true;
		return;
	}
	w->out[w->n] = c;
	w->map[w->n] = (uint32_t)so;
	w->end[w->n] = (uint32_t)se;
	w->n++;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
put_break(walker *w, size_t so)
{
	while (w->n > 0 && w->out[w->n - 1] == ' ')
		w->n--;
	if (w->n > 0 && w->out[w->n - 1] != '\n')
		put(w, '\n', so, so);
}

static size_t
utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
	    (c & 0xF8) == 0xF0 ? 4 : 1;
}

/* Source extent of the character reference at o[i] == '&'. */
static size_t
entity_end(const char *o, size_t olen, size_t i)
{
	size_t e = i + 1, lim = min_sz(olen, i + KN_HTML_ENTITY_MAX);

	if (e < lim && o[e] == '#') {
		e++;
		if (e < lim && (o[e] == 'x' || o[e] == 'X'))
			e++;
		while (e < lim && hexval(o[e]) >= 0)
			e++;
	} else {
		while (e < lim && ((o[e] | 0x20) >= 'a' && (o[e] | 0x20) <= 'z'
		    ? true : (o[e] >= '0' && o[e] <= '9')))
			e++;
	}
	if (e < lim && o[e] == ';')
		e++;
	return e;
}

/* Emit (or quote into hidden run h) the text of a text node. */
static void
emit_text(walker *w, const GumboText *t, kn_html_hidden *h, char *hbuf,
	size_t *hlen)
{
	const char *d = t->text;
	size_t dlen = strlen(d);
	const char *o = t->original_text.data;
	size_t olen = t->original_text.length, base, i = 0, j = 0;

	if (o == NULL || o < w->src || o > w->src + w->srclen) {
		o = d;
		olen = 0;
		base = min_sz(t->start_pos.offset, w->srclen);
	} else {
		base = (size_t)(o - w->src);
	}
	while (j < dlen) {
		size_t cl = min_sz(utf8_len((unsigned char)d[j]), dlen - j);
		size_t so = base + min_sz(i, olen), se;

		if (i < olen && o[i] == '&' && entity_end(o, olen, i) > i + 1) {
			size_t e = entity_end(o, olen, i);
			se = base + e;
			i = e;
		} else if (i < olen && o[i] == '\r' && d[j] == '\n') {
			i += (i + 1 < olen && o[i + 1] == '\n') ? 2 : 1;
			se = base + i;
		} else {
			i = min_sz(i + cl, olen);
			se = base + i;
		}
		if (h != NULL) {
			for (size_t k = 0; k < cl; k++)
				if (!is_space(d[j + k]))
					h->chars++;
			if (is_space(d[j])) {
				if (*hlen > 0 && hbuf[*hlen - 1] != ' ' &&
				    *hlen < KN_HTML_HIDDEN_QUOTE_MAX)
					hbuf[(*hlen)++] = ' ';
			} else if (*hlen + cl <= KN_HTML_HIDDEN_QUOTE_MAX) {
				memcpy(hbuf + *hlen, d + j, cl);
				*hlen += cl;
			}
		} else if (is_space(d[j])) {
			if (w->n > 0 && w->out[w->n - 1] != ' ' &&
			    w->out[w->n - 1] != '\n')
				put(w, ' ', so, se);
		} else {
			for (size_t k = 0; k < cl; k++)
				put(w, d[j + k], so, se);
		}
		j += cl;
	}
}

/* ---- the walk ---- */

static bool
is_block(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_BR: case GUMBO_TAG_P: case GUMBO_TAG_DIV:
	case GUMBO_TAG_LI: case GUMBO_TAG_TR: case GUMBO_TAG_TABLE:
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
	case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_HR:
	case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DD:
	case GUMBO_TAG_DT: case GUMBO_TAG_CENTER: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_FORM: case GUMBO_TAG_BODY:
		return true;
	default:
		return false;
	}
}

static bool
no_text(GumboTag t)
{
	return t == GUMBO_TAG_HEAD || t == GUMBO_TAG_SCRIPT ||
	    t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TITLE ||
	    t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE ||
	    t == GUMBO_TAG_TEXTAREA || t == GUMBO_TAG_SELECT ||
	    t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_SVG;
}

static const char *
attr(const GumboElement *e, const char *name)
{
	const GumboAttribute *at = gumbo_get_attribute(&e->attributes, name);
	return at ? at->value : NULL;
}

static long
attr_num(const GumboElement *e, const char *name)
{
	const char *v = attr(e, name);
	size_t used;
	return v ? num100(v, strlen(v), &used) : -1;
}

static kn_html_link *
add_link(walker *w, const char *tag, const char *url, size_t off, size_t len)
{
	kn_html_link *l;

	if (url == NULL)
		return NULL;
	while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r')
		url++;
	if (*url == '\0')
		return NULL;
	if (w->links.count >= KN_HTML_LINKS_MAX) {
		w->truncated = true;
		return NULL;
	}
	if ((l = kn_vec_push(w->ar, &w->links, sizeof(*l))) == NULL)
		return NULL;
	l->tag = tag;
	l->url = kn_strdup(w->ar, url);
	l->off = off;
	l->len = len;
	return l;
}

static void walk(walker *w, const GumboNode *node, const state *in,
	unsigned depth);

static void
walk_text(walker *w, const GumboNode *node, const state *st)
{
	const char *why = st->why;
	size_t hoff = st->hoff, hend = st->hend;
	char hbuf[KN_HTML_HIDDEN_QUOTE_MAX + 4];
	size_t hlen = 0;
	kn_html_hidden *h = NULL;
	long bg = st->bg;

	if (node->type == GUMBO_NODE_WHITESPACE) {
		if (why == NULL && w->n > 0 && w->out[w->n - 1] != ' ' &&
		    w->out[w->n - 1] != '\n')
			put(w, ' ', node->v.text.start_pos.offset,
				node->v.text.start_pos.offset);
		return;
	}
	if (bg < 0 && !st->bg_opaque_unknown && !w->has_style)
		bg = 0xFFFFFF;
	if (why == NULL && st->fg >= 0 && bg >= 0 && near_color(st->fg, bg)) {
		why = "text color equal to the background";
		if (node->parent != NULL && node->parent->type == GUMBO_NODE_ELEMENT)
			elem_range(w, &node->parent->v.element, &hoff, &hend);
	}
	if (why != NULL) {
		kn_html_hidden *last = w->hidden.count > 0 ?
		    (kn_html_hidden *)w->hidden.items + w->hidden.count - 1 : NULL;
		if (last != NULL && last->off == hoff) {
			h = last;
			hlen = strlen(last->text);
			memcpy(hbuf, last->text, hlen);
		} else if (w->hidden.count < KN_HTML_HIDDEN_MAX) {
			h = kn_vec_push(w->ar, &w->hidden, sizeof(*h));
			if (h == NULL)
				return;
			h->off = hoff;
			h->len = hend - hoff;
			h->reason = why;
		} else {
			w->truncated = true;
			return;
		}
	}
	emit_text(w, &node->v.text, h, hbuf, &hlen);
	if (h != NULL) {
		while (hlen > 0 && hbuf[hlen - 1] == ' ')
			hlen--;
		h->text = kn_strndup(w->ar, hbuf, hlen);
	}
}

static void
walk_element(walker *w, const GumboNode *node, const state *in,
	unsigned depth)
{
	const GumboElement *e = &node->v.element;
	state st = *in;
	const char *why = NULL, *v;
	bool tiny = false;
	size_t off, end, text_start, a_idx = 0;
	kn_html_link *a = NULL;

	elem_range(w, e, &off, &end);
	if ((v = attr(e, "style")) != NULL)
		css_apply(v, &st, &why, &tiny);
	if (gumbo_get_attribute(&e->attributes, "hidden") != NULL)
		why = "hidden attribute";
	if ((v = attr(e, "bgcolor")) != NULL) {
		long c = parse_color(v, strlen(v));
		if (c >= 0)
			st.bg = c;
	}
	if (e->tag == GUMBO_TAG_FONT && (v = attr(e, "color")) != NULL) {
		long c = parse_color(v, strlen(v));
		if (c >= 0)
			st.fg = c;
	}
	if (why != NULL && st.why == NULL) {
		st.why = why;
		st.hoff = off;
		st.hend = end;
	}

	switch (e->tag) {
	case GUMBO_TAG_BASE:
		if (w->base == NULL && (v = attr(e, "href")) != NULL && *v)
			w->base = kn_strdup(w->ar, v);
		return;
	case GUMBO_TAG_A:
		/* later pushes may move the vector: keep the index */
		if (add_link(w, "a", attr(e, "href"), off, end - off) != NULL)
			a_idx = w->links.count;
		break;
	case GUMBO_TAG_AREA: {
		kn_html_link *l = add_link(w, "area", attr(e, "href"), off,
			e->original_tag.length);
		if (l != NULL) {
			l->text = kn_strdup(w->ar, attr(e, "alt"));
			l->hidden = st.why != NULL;
		}
		return;
	}
	case GUMBO_TAG_FORM: {
		kn_html_link *l = add_link(w, "form", attr(e, "action"), off,
			e->original_tag.length);
		if (l != NULL)
			l->hidden = st.why != NULL;
		break;
	}
	case GUMBO_TAG_IMG: {
		kn_html_link *l = add_link(w, "img", attr(e, "src"), off,
			e->original_tag.length);
		long wd = attr_num(e, "width"), ht = attr_num(e, "height");
		if (l != NULL) {
			l->text = kn_strdup(w->ar, attr(e, "alt"));
			l->hidden = st.why != NULL;
			l->pixel = st.why != NULL || tiny ||
			    (wd >= 0 && wd <= 100 && ht >= 0 && ht <= 100);
		}
		return;
	}
	default:
		break;
	}
	if (no_text(e->tag) && e->tag != GUMBO_TAG_HEAD) {
		return;
	}
	if (is_block(e->tag) && st.why == NULL)
		put_break(w, off);
	text_start = w->n;
	for (size_t i = 0; i < e->children.length; i++) {
		const GumboNode *c = e->children.data[i];
		if (e->tag == GUMBO_TAG_HEAD && c->type != GUMBO_NODE_ELEMENT)
			continue;
		if (e->tag == GUMBO_TAG_HEAD &&
		    c->v.element.tag != GUMBO_TAG_BASE)
			continue;
		walk(w, c, &st, depth + 1);
	}
	if (is_block(e->tag) && st.why == NULL)
		put_break(w, end > 0 ? end - 1 : 0);
	if (a_idx > 0 && !w->ar->oom) {
		size_t s = text_start, n = w->n;
		a = (kn_html_link *)w->links.items + (a_idx - 1);
		a->hidden = st.why != NULL;
		while (s < n && is_space(w->out[s]))
			s++;
		while (n > s && is_space(w->out[n - 1]))
			n--;
		if (n - s > KN_HTML_LINK_TEXT_MAX)
			n = s + KN_HTML_LINK_TEXT_MAX;
		while (n > s && ((unsigned char)w->out[n] & 0xC0) == 0x80)
			n--; /* keep whole characters */
		a->text = kn_strndup(w->ar, w->out + s, n - s);
	}
}

static void
walk(walker *w, const GumboNode *node, const state *in, unsigned depth)
{
	if (depth > KN_HTML_DEPTH_MAX) {
		w->truncated = true;
		return;
	}
	switch (node->type) {
	case GUMBO_NODE_DOCUMENT:
		for (size_t i = 0; i < node->v.document.children.length; i++)
			walk(w, node->v.document.children.data[i], in, depth + 1);
		break;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		walk_element(w, node, in, depth);
		break;
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_CDATA:
	case GUMBO_NODE_WHITESPACE:
		walk_text(w, node, in);
		break;
	default:
		break;
	}
}

static bool
find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/*
 * See html.h.
 */
int
kn_html_parse(kn_arena *ar, const char *html, size_t len, kn_html_doc *out)
{
	GumboOptions opt = kGumboDefaultOptions;
	GumboOutput *g;
	walker w;
	state st = { NULL, 0, 0, -1, -1, false };

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (len > KN_HTMLTEXT_MAX) {
		len = KN_HTMLTEXT_MAX;
		out->truncated = true;
	}
	w.ar = ar;
	w.src = html;
	w.srclen = len;
	/* The text is never longer than the source: tags give at most one
	 * newline, references are at least as long as what they decode
	 * to; the slack covers a final newline. */
	w.cap = len + 16;
	w.out = kn_alloc(ar, w.cap);
	w.map = kn_calloc(ar, w.cap, sizeof(uint32_t));
	w.end = kn_calloc(ar, w.cap, sizeof(uint32_t));
	if (w.out == NULL || w.map == NULL || w.end == NULL)
		return KENSA_ENOMEM;
	w.has_style = find_ci(html, len, "<style");
	opt.max_errors = 0; /* errors of the markup are not reported */
	if ((g = gumbo_parse_with_options(&opt, html, len)) == NULL)
		return KENSA_ENOMEM;
	walk(&w, g->document, &st, 0);
	gumbo_destroy_output(&opt, g);
	while (w.n > 0 && is_space(w.out[w.n - 1]))
		w.n--;
	w.out[w.n] = '\0';
	out->text.text = w.out;
	out->text.len = w.n;
	out->text.map = w.map;
	out->text.end = w.end;
	out->base = w.base;
	out->links = w.links.items;
	out->link_count = w.links.count;
	out->hidden = w.hidden.items;
	out->hidden_count = w.hidden.count;
	out->truncated |= w.truncated;
	return ar->oom ? KENSA_ENOMEM : 0;
}
