/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	formrelay 3
 * SUMMARY
 *	a web site's contact form relaying a stranger's text and link
 * SYNOPSIS
 *	#include "content/formrelay.h"
 * DESCRIPTION
 *	Reads the body text parts (not attachments), plain parts first,
 *	HTML reduced to text by content/htmltext.h (line breaks kept);
 *	ASCII is compared without case, and "：" reads ":".
 *
 *	A view is a form notification when it holds a form footer (Contact
 *	Form 7's "This e-mail was sent from a contact form on SITE (URL)",
 *	its Japanese "このメールは SITE (URL) のお問い合わせフォームから
 *	送信されました", and the like); everything above the footer's line
 *	was filled in by whoever used the form, and the links on the
 *	footer's line name the site. A view is a form auto-reply when it
 *	holds an acknowledgement ("お問い合わせを受け付けました", "この
 *	メールは控え", "Thank you for contacting us"...) and at least
 *	KN_FORMRELAY_MIN_FIELDS distinct field labels at line starts
 *	("お名前：", "件名：", "【お問い合わせ内容】", "Name:", "Message:");
 *	the echo runs from the first label's line to the first separator
 *	line (a row of - = _ * ─ ━) or the view's end, the signature below
 *	the separator being the site's own.
 *
 *	A clickable web link (not an image, not an unwrapped redirect
 *	target) inside the echo whose registrable domain is neither the
 *	From domain's, the footer site's, nor the recipient's was written
 *	by the stranger: contact-form-relay.
 * LIMITS
 *	KN_FORMRELAY_TEXT_MAX bytes of a part are read.
 *--*/
#include "content/formrelay.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "content/htmltext.h"
#include "util/domain.h"
#include "verdict/rules.h"

/* Bytes of a part read (a form's mail is short). */
#define KN_FORMRELAY_TEXT_MAX ((size_t)256 * 1024)
/* Bytes of the form's line quoted in the detail. */
#define KN_FORMRELAY_QUOTE_MAX 240
/* A separator line: at least this many rule characters. */
#define KN_FORMRELAY_SEP_MIN 5

/* Footers of a contact-form notification (ASCII lower-case). */
static const char *const footers[] = {
	"this e-mail was sent from a contact form",
	"this email was sent from a contact form",
	"this message was sent from a contact form",
	"this e-mail was sent via a contact form",
	"this email was sent via a contact form",
	"sent via the contact form on",
	"submitted via the contact form on",
	"お問い合わせフォームから送信されました",
	"お問合せフォームから送信されました",
	"お問合わせフォームから送信されました",
	"コンタクトフォームから送信されました",
	"お問い合わせフォームより送信されました",
	"メールフォームから送信されました",
};

/* Acknowledgements opening a contact form's auto-reply. */
static const char *const intros[] = {
	"お問い合わせを受け付けました",
	"お問い合わせを受け付けいたしました",
	"お問い合わせをお受けしました",
	"お問い合わせをお受けいたしました",
	"お問合せを受け付けました",
	"お問合せをお受けしました",
	"お問い合わせを受付けました",
	"以下の内容でお問い合わせを",
	"以下の内容で受け付けました",
	"このメールは控え",
	"thank you for contacting us",
	"thanks for contacting us",
	"thank you for your inquiry",
	"we have received your message",
	"we have received your inquiry",
	"this is a copy of your message",
};

/* Field labels a form echoes, each at a line start. */
static const char *const fields[] = {
	"お名前", "氏名", "メールアドレス", "件名", "題名", "お問い合わせ内容",
	"お問合せ内容", "お問い合わせ項目", "ご用件", "メッセージ本文",
	"本文", "差出人", "電話番号", "会社名", "name", "your name",
	"e-mail", "email", "your email", "subject", "message", "message body",
	"your message", "comments", "phone",
};

/* Bullets skipped before a field label. */
static const char *const bullets[] = {
	"■", "□", "●", "○", "◆", "◇", "・", "*", "-", "[", "【", "<", "《",
};

/* Characters a separator line is made of. */
static const char *const rules_ch[] = {
	"-", "=", "_", "*", "~", "─", "━", "―", "ー", "＝", "—",
};

/* One text part as read: the plain text, or HTML reduced to text. */
typedef struct view {
	int part;
	const char *text;
	size_t len;
	const kn_htmltext *html;  /* map back, or NULL */
} view;

/* Does t[i..] start with p (ASCII without case)? */
static bool
at(const char *t, size_t len, size_t i, const char *p)
{
	size_t n = strlen(p);
	return i + n <= len && strncasecmp(t + i, p, n) == 0;
}

static size_t
find(const char *t, size_t len, const char *p, size_t from)
{
	size_t n = strlen(p);
	int c0 = tolower((unsigned char)p[0]);

	for (size_t i = from; i + n <= len; i++)
		if (tolower((unsigned char)t[i]) == c0 &&
		    strncasecmp(t + i, p, n) == 0)
			return i;
	return (size_t)-1;
}

static void
view_range(const view *v, size_t off, size_t len, size_t *po, size_t *pl)
{
	if (v->html != NULL) {
		kn_htmltext_map(v->html, off, len, po, pl);
	} else {
		*po = off;
		*pl = len;
	}
}

static size_t
line_start(const char *t, size_t i)
{
	while (i > 0 && t[i - 1] != '\n')
		i--;
	return i;
}

static size_t
line_end(const char *t, size_t len, size_t i)
{
	while (i < len && t[i] != '\n')
		i++;
	return i;
}

/* Skip blanks (ASCII and U+3000) from i. */
static size_t
skip_blank(const char *t, size_t len, size_t i)
{
	for (;;) {
		if (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
			i++;
		else if (at(t, len, i, "\xe3\x80\x80"))
			i += 3;
		else
			return i;
	}
}

/* The field label at the line starting at ls, as an index in fields[],
 * or -1. */
static int
field_at(const char *t, size_t len, size_t ls)
{
	size_t i = skip_blank(t, len, ls);
	bool bracket = false;

	for (size_t b = 0; b < sizeof(bullets) / sizeof(bullets[0]); b++)
		if (at(t, len, i, bullets[b])) {
			bracket = strcmp(bullets[b], "[") == 0 ||
			    strcmp(bullets[b], "【") == 0 ||
			    strcmp(bullets[b], "<") == 0 ||
			    strcmp(bullets[b], "《") == 0;
			i = skip_blank(t, len, i + strlen(bullets[b]));
			break;
		}
	for (int f = (int)(sizeof(fields) / sizeof(fields[0])) - 1; f >= 0;
	    f--) {
		size_t j = i;
		if (!at(t, len, j, fields[f]))
			continue;
		j += strlen(fields[f]);
		if (bracket && (at(t, len, j, "]") || at(t, len, j, "】") ||
		    at(t, len, j, ">") || at(t, len, j, "》")))
			return f;
		j = skip_blank(t, len, j);
		if (at(t, len, j, ":") || at(t, len, j, "\xef\xbc\x9a"))
			return f;
	}
	return -1;
}

static bool
separator_line(const char *t, size_t len, size_t ls)
{
	size_t le = line_end(t, len, ls), i = skip_blank(t, len, ls), n = 0;

	while (i < le) {
		bool hit = false;
		for (size_t r = 0; r < sizeof(rules_ch) / sizeof(rules_ch[0]);
		    r++)
			if (at(t, le, i, rules_ch[r])) {
				i += strlen(rules_ch[r]);
				n++;
				hit = true;
				break;
			}
		if (!hit) {
			size_t j = skip_blank(t, le, i);
			if (j == i)
				return false;
			i = j;
		}
	}
	return n >= KN_FORMRELAY_SEP_MIN;
}

/* The first occurrence of any of list in t, or (size_t)-1. */
static size_t
find_any(const char *t, size_t len, const char *const *list, size_t n)
{
	size_t best = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		size_t p = find(t, len, list[i], 0);
		if (p < best)
			best = p;
	}
	return best;
}

/* The form's line [ls, le) of v, blanks trimmed, cut at
 * KN_FORMRELAY_QUOTE_MAX bytes on a character boundary. */
static const char *
quote_line(kensa_analysis *a, const view *v, size_t ls, size_t le)
{
	const char *t = v->text;

	ls = skip_blank(t, le, ls);
	while (le > ls && (t[le - 1] == ' ' || t[le - 1] == '\r' ||
	    t[le - 1] == '\t'))
		le--;
	if (le - ls > KN_FORMRELAY_QUOTE_MAX) {
		le = ls + KN_FORMRELAY_QUOTE_MAX;
		while (le > ls && ((unsigned char)t[le] & 0xC0) == 0x80)
			le--;
	}
	return kn_strndup(&a->ar, t + ls, le - ls);
}

/* Fill out[] from the text parts, plain first. */
static int
collect_views(kensa_analysis *a, view *out, size_t *n)
{
	static const char *const order[] = { "text/plain", "text/html" };

	*n = 0;
	for (size_t o = 0; o < 2; o++) {
		for (size_t i = 0; i < a->msg.part_count; i++) {
			const kensa_mime_part *mp = &a->msg.parts[i];
			view *v;
			if (mp->text == NULL || mp->content_type == NULL ||
			    strcmp(mp->content_type, order[o]) != 0 ||
			    (mp->disposition != NULL &&
			    strcmp(mp->disposition, "attachment") == 0) ||
			    mp->filename != NULL)
				continue;
			v = &out[(*n)++];
			v->part = (int)i;
			v->text = mp->text;
			v->len = mp->text_length > KN_FORMRELAY_TEXT_MAX ?
			    KN_FORMRELAY_TEXT_MAX : mp->text_length;
			v->html = NULL;
			if (o == 1) {
				kn_htmltext *h = kn_alloc(&a->ar, sizeof(*h));
				if (h == NULL || kn_htmltext_strip(&a->ar,
				    v->text, v->len, h) < 0)
					return KENSA_ENOMEM;
				v->html = h;
				v->text = h->text;
				v->len = h->len;
			}
		}
	}
	return 0;
}

static bool
streq(const char *x, const char *y)
{
	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

static bool
web_click(const kensa_link *l)
{
	return l->via < 0 && strcmp(l->source, "img") != 0 &&
	    (streq(l->scheme, "http") || streq(l->scheme, "https"));
}

/* The site's domains for the detail: "a", "a, b" or "-". */
static const char *
sites(kensa_analysis *a, const char *from_org, const char *site)
{
	if (from_org == NULL)
		return site ? site : "-";
	if (site == NULL || streq(site, from_org))
		return from_org;
	return kn_sprintf(&a->ar, "%s, %s", from_org, site);
}

/* Is a link of part in [po, po + pl)? */
static bool
inside(const kensa_link *l, int part, size_t po, size_t pl)
{
	return l->part == part && l->offset >= po && l->offset < po + pl;
}

/*
 * See formrelay.h.
 */
int
kn_formrelay_analyze(kensa_analysis *a)
{
	view *views;
	const kensa_link *links = a->links.items;
	const char *from_org, *rcpt_org;
	size_t nv = 0;
	int rc;

	if (a->msg.list_id != NULL || a->msg.list_unsubscribe != NULL ||
	    a->links.count == 0)
		return 0;
	if ((views = kn_calloc(&a->ar, a->msg.part_count + 1,
	    sizeof(*views))) == NULL)
		return KENSA_ENOMEM;
	if ((rc = collect_views(a, views, &nv)) < 0)
		return rc;
	from_org = kn_org_domain(&a->ar, a->msg.from.domain);
	rcpt_org = kn_org_domain(&a->ar, a->recipient_domain);

	for (size_t vi = 0; vi < nv; vi++) {
		const view *v = &views[vi];
		const char *t = v->text, *site = NULL;
		size_t len = v->len, p, ls, le, rs, re, po, pl, fo, fl;
		const char *kind_en, *kind_ja, *line;
		kensa_evidence ev;

		if (len == 0)
			continue;
		p = find_any(t, len, footers, sizeof(footers) / sizeof(footers[0]));
		if (p != (size_t)-1) {
			ls = line_start(t, p);
			le = line_end(t, len, p);
			rs = 0;
			re = ls;
			kind_en = "notification";
			kind_ja = "通知";
			/* the links on the footer's line name the site */
			view_range(v, ls, le - ls, &fo, &fl);
			for (size_t i = 0; i < a->links.count; i++)
				if (inside(&links[i], v->part, fo, fl) &&
				    links[i].domain != NULL) {
					site = links[i].domain;
					break;
				}
		} else {
			unsigned seen = 0, n = 0;
			size_t first = (size_t)-1;
			p = find_any(t, len, intros,
			    sizeof(intros) / sizeof(intros[0]));
			if (p == (size_t)-1)
				continue;
			for (size_t i = 0; i < len; i = line_end(t, len, i) + 1) {
				int f = field_at(t, len, i);
				if (f < 0)
					continue;
				if (first == (size_t)-1)
					first = i;
				if (!(seen & 1u << f)) {
					seen |= 1u << f;
					n++;
				}
			}
			if (n < KN_FORMRELAY_MIN_FIELDS)
				continue;
			ls = line_start(t, p);
			le = line_end(t, len, p);
			rs = first;
			re = len;
			for (size_t i = first; i < len;
			    i = line_end(t, len, i) + 1)
				if (separator_line(t, len, i)) {
					re = i;
					break;
				}
			kind_en = "auto-reply";
			kind_ja = "自動返信";
		}
		if (re <= rs)
			continue;
		view_range(v, rs, re - rs, &po, &pl);
		for (size_t i = 0; i < a->links.count; i++) {
			const kensa_link *l = &links[i];
			const char *d = l->domain ? l->domain : l->host;
			if (!web_click(l) || !inside(l, v->part, po, pl) ||
			    d == NULL || streq(d, from_org) ||
			    streq(d, rcpt_org) || streq(d, site))
				continue;
			line = quote_line(a, v, ls, le);
			ev = kn_ev_part(a, l->part, l->offset, l->length);
			KN_FINDING(a, KN_RULE(content, contact_form_relay), &ev,
				line, l->url, d, sites(a, from_org, site),
				kind_en, kind_ja);
			return a->ar.oom ? KENSA_ENOMEM : 0;
		}
	}
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
