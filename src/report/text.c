/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	text 3
 * SUMMARY
 *	the text report: the investigation in the order a person does it
 * DESCRIPTION
 *	Nine sections, in English or Japanese (opts->lang):
 *	1. overview: source, size, SHA-256, subject, From, To, recipient,
 *	   Date;
 *	2. the key headers, each with one line on what it can and cannot
 *	   prove (Return-Path, Message-ID, From, Received), and how their
 *	   domains compare with the From domain;
 *	3. the route: the hops as a table, oldest first, the originating
 *	   hop marked and the reason for that choice;
 *	4. authentication: SPF (MAIL FROM and HELO) with the evaluation
 *	   path, DKIM per signature, DMARC with the policy, ARC, and where
 *	   the message's own Authentication-Results disagree;
 *	5. who owns it and where: PTR/FCrDNS and geolocation of the
 *	   originating IP (with the database's attribution), the addresses
 *	   and WHOIS data of each domain;
 *	6. the lookups: each query, its answer, server and time;
 *	7. findings, high severity first (stable within a severity), each
 *	   with its evidence quoted;
 *	8. defects of the mail;
 *	9. the conclusion so far, derived from the findings and the origin.
 *	Every value taken from the mail goes through kn_text_put(): control
 *	characters and bidirectional overrides are shown escaped, never
 *	sent to the terminal. Columns are padded by display width, so
 *	Japanese text (two columns a character) stays aligned. ANSI colour
 *	only when opts->color.
 * LIMITS
 *	Table cells and quoted evidence are cut at KN_TEXT_*_COLS columns;
 *	the JSON report holds the full values.
 *--*/
#include "report/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/date.h"
#include "verdict/rules.h"

/* Widest cells of the hop table, in display columns: keeps a row of a
 * forged 200-character HELO from pushing the table off the screen. */
#define KN_TEXT_CLIENT_COLS 56
#define KN_TEXT_BY_COLS 34
/* The client cell: the rDNS name is cut at this width, the HELO name
 * keeps at least the minimum. */
#define KN_TEXT_RDNS_COLS 40
#define KN_TEXT_HELO_MIN_COLS 16
#define KN_TEXT_PROTO_COLS 12
/* Widest quoted value or evidence line, in columns. */
#define KN_TEXT_VALUE_COLS 200
/* To addresses listed in the overview before "(+N)". */
#define KN_TEXT_MAX_TO 5
/* MIME parts (containers included) listed in the overview line before
 * "... (+N)". */
#define KN_TEXT_MAX_PARTS 8
/* Findings named as the strongest reasons in the conclusion. */
#define KN_TEXT_MAX_REASONS 3

#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

typedef struct ctx {
	kn_buf *b;
	kensa_lang lang;
	bool color;
} ctx;

/* The string of the report language. */
#define L(c, en, ja) ((c)->lang == KENSA_LANG_JA ? (ja) : (en))

static void
adds(ctx *c, const char *s)
{
	kn_buf_adds(c->b, s);
}

static void
color_on(ctx *c, const char *code)
{
	if (c->color)
		adds(c, code);
}

static void
color_off(ctx *c)
{
	if (c->color)
		adds(c, ANSI_RESET);
}

static const char *
sev_color(kensa_severity s)
{
	switch (s) {
	case KENSA_SEV_HIGH: return "\033[1;31m";
	case KENSA_SEV_MEDIUM: return "\033[33m";
	case KENSA_SEV_LOW: return "\033[36m";
	default: return "\033[2m";
	}
}

static const char *
sev_label(const ctx *c, kensa_severity s)
{
	switch (s) {
	case KENSA_SEV_HIGH: return L(c, "HIGH", "高");
	case KENSA_SEV_MEDIUM: return L(c, "MEDIUM", "中");
	case KENSA_SEV_LOW: return L(c, "LOW", "低");
	default: return L(c, "INFO", "情報");
	}
}

static void
heading(ctx *c, const char *title)
{
	adds(c, "\n");
	color_on(c, ANSI_BOLD);
	adds(c, "== ");
	adds(c, title);
	adds(c, " ==");
	color_off(c);
	adds(c, "\n");
}

/* Write s (trusted, from the report itself) padded to width columns. */
static void
cell(ctx *c, const char *s, size_t width)
{
	size_t w = kn_utf8_width(s, strlen(s));

	adds(c, s);
	if (w < width)
		kn_text_pad(c->b, width - w);
}

/* "  label : " with label padded to width columns. */
static void
label(ctx *c, const char *name, size_t width)
{
	adds(c, "  ");
	cell(c, name, width);
	adds(c, " : ");
}

static size_t
max_width(const char *const *names, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		size_t w = kn_utf8_width(names[i], strlen(names[i]));
		if (w > m)
			m = w;
	}
	return m;
}

/* A value from the mail, cleaned; "-" when absent. */
static void
value(ctx *c, const char *s)
{
	if (s == NULL)
		adds(c, "-");
	else
		kn_text_put(c->b, s, KN_TEXT_VALUE_COLS);
}

static void
put_address(ctx *c, const kensa_address *ad)
{
	if (ad->display_name != NULL && ad->display_name[0] != '\0') {
		adds(c, "\"");
		kn_text_put(c->b, ad->display_name, KN_TEXT_VALUE_COLS);
		adds(c, "\" ");
	}
	adds(c, "<");
	if (ad->address != NULL)
		kn_text_put(c->b, ad->address, KN_TEXT_VALUE_COLS);
	adds(c, ">");
}

static void
put_time(ctx *c, bool present, int64_t utc)
{
	char buf[32];

	if (!present) {
		adds(c, "-");
		return;
	}
	kn_date_rfc3339(utc, buf, sizeof(buf));
	adds(c, buf);
}

/* Delay as "6s", "1m05s", "2h03m", "3d04h"; negative keeps its sign. */
static void
format_delay(char *buf, size_t size, bool present, int64_t s)
{
	const char *sign = "";
	uint64_t v;

	if (!present) {
		snprintf(buf, size, "-");
		return;
	}
	if (s < 0) {
		sign = "-";
		v = (uint64_t)(-(s + 1)) + 1;
	} else {
		v = (uint64_t)s;
	}
	if (v < 60)
		snprintf(buf, size, "%s%llus", sign, (unsigned long long)v);
	else if (v < 3600)
		snprintf(buf, size, "%s%llum%02llus", sign,
			(unsigned long long)(v / 60), (unsigned long long)(v % 60));
	else if (v < 86400)
		snprintf(buf, size, "%s%lluh%02llum", sign,
			(unsigned long long)(v / 3600),
			(unsigned long long)(v % 3600 / 60));
	else
		snprintf(buf, size, "%s%llud%02lluh", sign,
			(unsigned long long)(v / 86400),
			(unsigned long long)(v % 86400 / 3600));
}

static bool
same_domain(const char *x, const char *y)
{
	return x != NULL && y != NULL && strcasecmp(x, y) == 0;
}

/* ---- 1. overview ------------------------------------------------------ */

/* How the input is named: kensa(1) passes "-" for the standard input
 * (the JSON keeps "-"); a caller may give no name at all. */
static const char *
source_name(const ctx *c, const char *source)
{
	if (source == NULL)
		return L(c, "(unnamed input)", "(名前のない入力)");
	if (strcmp(source, "-") == 0)
		return L(c, "(standard input)", "(標準入力)");
	return source;
}


/* The MIME parts (the multipart containers marked as such, so the list
 * matches the count), and the attachment inventory, in the overview: a
 * reader sees at once what the message carries. */
static void
overview_parts(ctx *c, const kensa_analysis *a, const char *parts_name,
	const char *att_name, size_t w)
{
	const kensa_message_facts *m = kensa_analysis_message(a);
	const kensa_attachment *at;
	size_t na = kensa_analysis_attachments(a, &at), shown = 0;

	label(c, parts_name, w);
	kn_buf_printf(c->b, "%zu", m->part_count);
	/* Every part the count counts, the multipart containers marked:
	 * "3" and two parts listed would not add up. */
	for (size_t i = 0; i < m->part_count; i++) {
		const kensa_mime_part *p = &m->parts[i];

		if (shown == KN_TEXT_MAX_PARTS) {
			kn_buf_printf(c->b, L(c, ", ... (+%zu)", "、…(ほか %zu)"),
				m->part_count - shown);
			break;
		}
		adds(c, shown == 0 ? " (" : L(c, ", ", "、"));
		kn_buf_printf(c->b, "#%u ", p->index);
		value(c, p->content_type);
		if (p->is_multipart) {
			adds(c, L(c, " (container)", "(コンテナ)"));
		} else {
			if (p->charset != NULL) {
				adds(c, " ");
				value(c, p->charset);
			}
			kn_buf_printf(c->b, " %zu B", p->size_bytes);
		}
		shown++;
	}
	adds(c, shown > 0 ? ")\n" : "\n");
	for (size_t i = 0; i < na; i++) {
		label(c, att_name, w);
		value(c, at[i].filename != NULL ? at[i].filename :
			L(c, "(no name)", "(名前なし)"));
		kn_buf_printf(c->b, "  #%d ", at[i].part);
		value(c, at[i].declared_type);
		if (at[i].sniffed_type != NULL) {
			adds(c, L(c, " (content: ", "(中身: "));
			value(c, at[i].sniffed_type);
			adds(c, L(c, ")", ")"));
		}
		kn_buf_printf(c->b, " %zu B", at[i].size_bytes);
		if (at[i].sha256[0] != '\0')
			kn_buf_printf(c->b, " sha256 %s", at[i].sha256);
		adds(c, "\n");
	}
}

static void
overview(ctx *c, const kensa_analysis *a, const kensa_report_options *o)
{
	const kensa_message_facts *m = kensa_analysis_message(a);
	const char *rdom = NULL;
	const char *rcpt = kensa_analysis_recipient(a, &rdom);
	const char *names[] = {
		L(c, "Source", "入力"), L(c, "Size", "サイズ"), "SHA-256",
		L(c, "Subject", "件名"), L(c, "From", "差出人 (From)"),
		L(c, "To", "宛先 (To)"), L(c, "Recipient", "受信者"),
		L(c, "Date", "日付 (Date)"), L(c, "Parts", "パート"),
		L(c, "Attachment", "添付"),
	};
	size_t w = max_width(names, sizeof(names) / sizeof(names[0]));

	heading(c, L(c, "1. Overview", "1. 概要"));
	label(c, names[0], w);
	value(c, source_name(c, o->source));
	adds(c, "\n");
	label(c, names[1], w);
	kn_buf_printf(c->b, "%zu %s\n", kensa_analysis_size(a),
		L(c, "bytes", "バイト"));
	label(c, names[2], w);
	adds(c, kensa_analysis_sha256(a));
	adds(c, "\n");
	label(c, names[3], w);
	value(c, m->subject);
	adds(c, "\n");
	label(c, names[4], w);
	if (m->from.address == NULL && m->from.display_name == NULL)
		adds(c, L(c, "(none)", "(なし)"));
	else
		put_address(c, &m->from);
	adds(c, "\n");
	label(c, names[5], w);
	if (m->to_count == 0)
		adds(c, L(c, "(none)", "(なし)"));
	for (size_t i = 0; i < m->to_count && i < KN_TEXT_MAX_TO; i++) {
		if (i > 0)
			adds(c, ", ");
		put_address(c, &m->to[i]);
	}
	if (m->to_count > KN_TEXT_MAX_TO)
		kn_buf_printf(c->b, " (+%zu)", m->to_count - KN_TEXT_MAX_TO);
	adds(c, "\n");
	label(c, names[6], w);
	value(c, rcpt);
	if (rdom != NULL) {
		adds(c, L(c, " (domain ", "(ドメイン "));
		value(c, rdom);
		adds(c, L(c, ")", ")"));
	}
	adds(c, "\n");
	label(c, names[7], w);
	if (m->date_valid) {
		put_time(c, true, m->date_utc);
	} else {
		adds(c, L(c, "(unparseable or missing)", "(解析不能または欠落)"));
	}
	if (m->date_raw != NULL) {
		adds(c, L(c, "  as written: ", "  記載値: "));
		value(c, m->date_raw);
	}
	adds(c, "\n");
	overview_parts(c, a, names[8], names[9], w);
}

/* ---- 2. key headers --------------------------------------------------- */

static void
meaning(ctx *c, const char *text)
{
	adds(c, "      ");
	adds(c, text);
	adds(c, "\n");
}

/* One line comparing domain d of header hname with the From domain. */
static void
compare_with_from(ctx *c, const char *hname, const char *d,
	const char *from_domain)
{
	if (d == NULL || from_domain == NULL)
		return;
	adds(c, "      ");
	if (same_domain(d, from_domain)) {
		adds(c, L(c, "Its domain ", "ドメイン "));
		value(c, d);
		adds(c, L(c, " is the From domain (consistent, which a forger "
			     "can also arrange).",
			  " は From のドメインと同じです(偽装者も揃えられます)。"));
	} else {
		adds(c, L(c, "Its domain ", "ドメイン "));
		value(c, d);
		adds(c, L(c, " differs from the From domain ", " は From のドメイン "));
		value(c, from_domain);
		adds(c, L(c, "", " と異なります"));
		adds(c, " (");
		adds(c, hname);
		adds(c, L(c, ").", ")。"));
	}
	adds(c, "\n");
}

/* Does the display name itself look like a domain or an address? Then
 * return the domain-like part (pointer into name), else NULL. */
static const char *
display_domain(const char *name)
{
	const char *at, *dot;

	if (name == NULL)
		return NULL;
	at = strrchr(name, '@');
	if (at != NULL)
		name = at + 1;
	dot = strchr(name, '.');
	if (dot == NULL || dot == name || dot[1] == '\0' || strchr(name, ' '))
		return NULL;
	return name;
}

static size_t
count_received(const kensa_message_facts *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->header_count; i++)
		if (m->headers[i].name != NULL &&
		    strcasecmp(m->headers[i].name, "Received") == 0)
			n++;
	return n;
}

static void
key_headers(ctx *c, const kensa_analysis *a)
{
	const kensa_message_facts *m = kensa_analysis_message(a);
	const kensa_trace *t = kensa_analysis_trace(a);
	const char *names[] = { "Return-Path", "Message-ID", "From", "Received" };
	size_t w = max_width(names, 4), nrec;
	const char *dd;

	heading(c, L(c, "2. Key headers and what they prove",
		"2. 主要ヘッダーとその証明力"));

	label(c, "Return-Path", w);
	if (m->return_path == NULL)
		adds(c, L(c, "(none)", "(なし)"));
	else if (m->return_path[0] == '\0')
		adds(c, L(c, "<> (null sender: a bounce or automatic notice)",
			"<>(ヌル送信者: エラー通知・自動通知)"));
	else {
		adds(c, "<");
		value(c, m->return_path);
		adds(c, ">");
	}
	adds(c, "\n");
	meaning(c, L(c, "The envelope sender (RFC5321.MailFrom) written by the "
		"last server; the sending client chooses it, so it can be forged.",
		"エンベロープ送信者(RFC5321.MailFrom)。最終サーバーが記録しますが、"
		"値は送信側クライアントが決めるため偽装できます。"));
	compare_with_from(c, "Return-Path", m->return_path_domain, m->from.domain);

	label(c, "Message-ID", w);
	if (m->message_id == NULL) {
		adds(c, L(c, "(none)", "(なし)"));
	} else {
		adds(c, "<");
		value(c, m->message_id);
		adds(c, ">");
	}
	adds(c, "\n");
	meaning(c, L(c, "Made up by the sender's software: its domain hints at "
		"the software's host but proves nothing; freely forgeable.",
		"送信側ソフトウェアが生成する識別子。ドメインは送信元の手がかりに"
		"なりますが証明にはならず、自由に偽装できます。"));
	compare_with_from(c, "Message-ID", m->message_id_domain, m->from.domain);

	label(c, "From", w);
	if (m->from.address == NULL && m->from.display_name == NULL)
		adds(c, L(c, "(none)", "(なし)"));
	else
		put_address(c, &m->from);
	adds(c, "\n");
	meaning(c, L(c, "What the reader sees as the sender; set by the sender, "
		"forgeable; the display name is free text.",
		"読み手に見える差出人。送信者が自由に設定でき偽装可能で、表示名は"
		"任意の文字列です。"));
	dd = display_domain(m->from.display_name);
	if (dd != NULL && m->from.domain != NULL && !same_domain(dd, m->from.domain)) {
		adds(c, "      ");
		adds(c, L(c, "The display name reads as the domain ",
			"表示名はドメイン "));
		value(c, dd);
		adds(c, L(c, ", but the address is at ", " に見えますが、アドレスは "));
		value(c, m->from.domain);
		adds(c, L(c, ".", " のものです。"));
		adds(c, "\n");
	}

	nrec = count_received(m);
	if (nrec < t->hop_count)
		nrec = t->hop_count;
	label(c, "Received", w);
	kn_buf_printf(c->b, "%zu", nrec);
	adds(c, L(c, " field(s)", " 件"));
	adds(c, "\n");
	meaning(c, L(c, "Each server adds one on top; only those added by your "
		"own servers are trustworthy, older ones may be forged.",
		"中継サーバーが上に1行ずつ追加します。信頼できるのは自組織の"
		"サーバーが付けたものだけで、それより古い行は偽造され得ます。"));
}

/* ---- 3. route --------------------------------------------------------- */

enum { COL_NUM, COL_TIME, COL_DELAY, COL_CLIENT, COL_BY, COL_PROTO,
	COL_NOTE, NCOLS };

/* "helo / rdns [ip]" within KN_TEXT_CLIENT_COLS: the IP is never cut,
 * the rDNS name is cut first at KN_TEXT_RDNS_COLS, then the HELO name
 * (the client's own claim) takes the room left. */
static void
client_text(kn_buf *b, const kensa_hop *h)
{
	kn_buf tail;
	size_t tail_w = 0, budget;

	kn_buf_init(&tail, 1024);
	if (h->rdns != NULL)
		tail_w += kn_text_put(&tail, h->rdns, KN_TEXT_RDNS_COLS);
	if (h->ip != NULL) {
		kn_buf_adds(&tail, h->rdns != NULL ? " [" : "[");
		tail_w += (h->rdns != NULL ? 2 : 1) + kn_text_put(&tail, h->ip, 0);
		kn_buf_adds(&tail, "]");
		tail_w++;
	}
	budget = KN_TEXT_CLIENT_COLS > tail_w + 3 + KN_TEXT_HELO_MIN_COLS ?
		KN_TEXT_CLIENT_COLS - tail_w - 3 : KN_TEXT_HELO_MIN_COLS;
	if (h->helo != NULL) {
		kn_text_put(b, h->helo, budget);
		if (tail.len > 0)
			kn_buf_adds(b, " / ");
	}
	if (tail.len > 0)
		kn_buf_add(b, kn_buf_cstr(&tail), tail.len);
	else if (h->helo == NULL)
		kn_buf_adds(b, "-");
	kn_buf_dispose(&tail);
}

/* Drop the spaces at the end of the output (padding of empty cells). */
static void
trim_trailing(kn_buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->len--;
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

/* The cell texts of one hop, cleaned, in malloc'd kn_bufs. */
static void
hop_cells(ctx *c, const kensa_trace *t, size_t i, kn_buf cells[NCOLS])
{
	const kensa_hop *h = &t->hops[i];
	char tmp[48];

	for (int k = 0; k < NCOLS; k++)
		kn_buf_init(&cells[k], 4096);
	kn_buf_printf(&cells[COL_NUM], "%zu%s", i + 1,
		(int)i == t->origin_hop ? "*" : "");
	if (h->has_timestamp) {
		kn_date_rfc3339(h->timestamp, tmp, sizeof(tmp));
		kn_buf_adds(&cells[COL_TIME], tmp);
	} else {
		kn_buf_adds(&cells[COL_TIME], "-");
	}
	format_delay(tmp, sizeof(tmp), h->has_delay, h->delay_s);
	kn_buf_adds(&cells[COL_DELAY], tmp);
	client_text(&cells[COL_CLIENT], h);
	if (h->by != NULL)
		kn_text_put(&cells[COL_BY], h->by, 0);
	else
		kn_buf_adds(&cells[COL_BY], "-");
	if (h->protocol != NULL)
		kn_text_put(&cells[COL_PROTO], h->protocol, 0);
	else
		kn_buf_adds(&cells[COL_PROTO], "-");
	if ((int)i == t->origin_hop)
		kn_buf_adds(&cells[COL_NOTE], L(c, "origin", "発信元"));
	else if (h->internal)
		kn_buf_adds(&cells[COL_NOTE], L(c, "internal", "内部"));
	if (!h->parsed) {
		if (cells[COL_NOTE].len > 0)
			kn_buf_adds(&cells[COL_NOTE], ", ");
		kn_buf_adds(&cells[COL_NOTE], L(c, "unparsed", "解析不能"));
	}
}

static const size_t col_max[NCOLS] = {
	0, 0, 0, 0, KN_TEXT_BY_COLS, KN_TEXT_PROTO_COLS, 0,
};

static void
route(ctx *c, const kensa_analysis *a)
{
	const kensa_trace *t = kensa_analysis_trace(a);
	const char *head[NCOLS] = {
		"#", L(c, "Time (UTC)", "時刻 (UTC)"), L(c, "Delay", "遅延"),
		L(c, "Client: HELO / rDNS [IP]", "送信側: HELO / 逆引き [IP]"),
		L(c, "By", "受信サーバー"), L(c, "Protocol", "プロトコル"),
		L(c, "Note", "備考"),
	};
	size_t width[NCOLS];
	char tmp[48];

	heading(c, L(c, "3. Route (oldest hop first)",
		"3. 配送経路(古い順)"));
	if (t->hop_count == 0) {
		size_t n = count_received(kensa_analysis_message(a));
		if (n == 0)
			adds(c, L(c, "  No Received field: the route cannot be "
				"traced.\n",
				"  Received ヘッダーがなく、経路をたどれません。\n"));
		else
			kn_buf_printf(c->b, L(c, "  %zu Received field(s), but no "
				"hop could be read from them.\n",
				"  Received ヘッダーが %zu 件ありますが、ホップを読み"
				"取れませんでした。\n"), n);
		return;
	}
	for (int k = 0; k < NCOLS; k++)
		width[k] = kn_utf8_width(head[k], strlen(head[k]));
	/* First pass: column widths (capped); second pass: the rows. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			adds(c, "  ");
			color_on(c, ANSI_BOLD);
			for (int k = 0; k < NCOLS; k++) {
				cell(c, head[k], k == NCOLS - 1 ? 0 : width[k]);
				if (k < NCOLS - 1)
					adds(c, "  ");
			}
			color_off(c);
			trim_trailing(c->b);
			adds(c, "\n");
		}
		for (size_t i = 0; i < t->hop_count; i++) {
			kn_buf cells[NCOLS];

			hop_cells(c, t, i, cells);
			if (pass == 1)
				adds(c, "  ");
			for (int k = 0; k < NCOLS; k++) {
				const char *s = kn_buf_cstr(&cells[k]);
				if (pass == 0) {
					size_t w = kn_utf8_width(s, strlen(s));
					if (col_max[k] && w > col_max[k])
						w = col_max[k];
					if (w > width[k])
						width[k] = w;
					continue;
				}
				{
					size_t w = kn_text_put(c->b, s, col_max[k]);
					if (k < NCOLS - 1) {
						kn_text_pad(c->b, width[k] - (w < width[k] ? w : width[k]));
						adds(c, "  ");
					}
				}
			}
			if (pass == 1) {
				trim_trailing(c->b);
				adds(c, "\n");
			}
			for (int k = 0; k < NCOLS; k++)
				kn_buf_dispose(&cells[k]);
		}
	}
	if (t->has_total_delay) {
		format_delay(tmp, sizeof(tmp), true, t->total_delay_s);
		adds(c, L(c, "  Total delay: ", "  総遅延: "));
		adds(c, tmp);
		adds(c, "\n");
	}
	if (t->origin_hop >= 0 || t->origin_ip != NULL) {
		const char *reason = L(c, t->origin_reason,
			t->origin_reason_ja ? t->origin_reason_ja : t->origin_reason);
		adds(c, L(c, "  * Origin: ", "  * 発信元: "));
		value(c, t->origin_ip);
		if (t->origin_hop >= 0)
			kn_buf_printf(c->b, L(c, " (hop %d)", "(ホップ %d)"),
				t->origin_hop + 1);
		if (reason != NULL) {
			adds(c, L(c, ": ", ": "));
			kn_text_put(c->b, reason, 0);
		}
		adds(c, "\n");
	} else {
		adds(c, L(c, "  Origin: not determined from the Received chain.\n",
			"  発信元: Received チェーンから特定できませんでした。\n"));
	}
}

/* ---- 4. authentication ------------------------------------------------ */

/* One SPF line and its evaluation path. */
static void
spf_lines(ctx *c, const char *label, const kensa_spf *s)
{
	if (s->result == NULL)
		return;
	adds(c, "  ");
	adds(c, label);
	adds(c, " : ");
	value(c, s->result);
	if (s->domain != NULL) {
		adds(c, L(c, " for ", " ドメイン "));
		value(c, s->domain);
	}
	if (s->ip != NULL) {
		adds(c, L(c, " from ", " 送信元 "));
		value(c, s->ip);
	}
	if (s->mechanism != NULL) {
		adds(c, L(c, "; matched ", "; 一致 "));
		value(c, s->mechanism);
	}
	if (s->reason != NULL) {
		adds(c, L(c, " (", "("));
		value(c, L(c, s->reason, s->reason_ja ? s->reason_ja : s->reason));
		adds(c, L(c, ")", ")"));
	}
	adds(c, "\n");
	for (size_t i = 0; i < s->path_count; i++) {
		const char *p = c->lang == KENSA_LANG_JA && s->path_ja != NULL ?
			s->path_ja[i] : s->path[i];
		size_t ind = strspn(p, " ");

		/* The path's indentation shows include/redirect depth;
		 * kn_text_put() would fold it away. */
		adds(c, "         ");
		kn_text_pad(c->b, ind);
		kn_text_put(c->b, p + ind, KN_TEXT_VALUE_COLS);
		adds(c, "\n");
	}
}

static void
authentication(ctx *c, const kensa_analysis *a)
{
	const kensa_auth *au = kensa_analysis_auth(a);

	heading(c, L(c, "4. Authentication (did the claimed domain send it?)",
		"4. 送信ドメイン認証(差出人ドメインが本当に送ったか)"));
	if (au->spf.result == NULL && au->dmarc.result == NULL) {
		adds(c, L(c, "  Not evaluated.\n", "  評価していません。\n"));
		return;
	}
	if (!au->evaluated) {
		adds(c, L(c, "  Lookups were not allowed (", "  問い合わせを行っていません("));
		value(c, kensa_analysis_lookup_mode(a));
		adds(c, L(c, "): what needs DNS reads \"not_evaluated\".\n",
			"):DNS が必要な項目は「not_evaluated」です。\n"));
	}
	spf_lines(c, L(c, "SPF (MAIL FROM)", "SPF (MAIL FROM)"), &au->spf);
	spf_lines(c, L(c, "SPF (HELO)     ", "SPF (HELO)     "), &au->helo);
	adds(c, "  DKIM            : ");
	value(c, au->dkim_result);
	if (au->dkim_count == 0)
		adds(c, L(c, " (no DKIM-Signature field)", "(DKIM-Signature なし)"));
	adds(c, "\n");
	for (size_t i = 0; i < au->dkim_count; i++) {
		const kensa_dkim *k = &au->dkim[i];
		kn_buf_printf(c->b, "         #%u ", k->header);
		value(c, k->result);
		adds(c, " d=");
		value(c, k->domain);
		adds(c, " s=");
		value(c, k->selector);
		adds(c, " a=");
		value(c, k->algorithm);
		if (k->key_bits > 0)
			kn_buf_printf(c->b, L(c, " key %u bits", " 鍵 %u ビット"),
				k->key_bits);
		adds(c, ": ");
		value(c, L(c, k->reason, k->reason_ja ? k->reason_ja : k->reason));
		adds(c, "\n");
	}
	if (au->dmarc.result != NULL) {
		adds(c, "  DMARC           : ");
		value(c, au->dmarc.result);
		if (au->dmarc.domain != NULL) {
			adds(c, L(c, " for ", " ドメイン "));
			value(c, au->dmarc.domain);
		}
		if (au->dmarc.policy != NULL) {
			adds(c, L(c, "; policy p=", "; ポリシー p="));
			value(c, au->dmarc.policy);
			adds(c, L(c, ", to apply: ", "、適用すべき措置: "));
			value(c, au->dmarc.disposition);
		}
		adds(c, "\n         ");
		value(c, L(c, au->dmarc.reason, au->dmarc.reason_ja ?
			au->dmarc.reason_ja : au->dmarc.reason));
		adds(c, "\n");
		if (au->dmarc.record != NULL) {
			adds(c, "         ");
			value(c, au->dmarc.record_domain);
			adds(c, ": \"");
			value(c, au->dmarc.record);
			adds(c, "\"\n");
		}
	}
	if (au->arc.result != NULL) {
		adds(c, "  ARC             : ");
		value(c, au->arc.result);
		if (au->arc.instances > 0)
			kn_buf_printf(c->b, L(c, " (%u set(s), sealers:",
				"(%u セット、封印者:"), au->arc.instances);
		for (size_t i = 0; au->arc.instances > 0 && i < au->arc.sealer_count; i++) {
			adds(c, " ");
			value(c, au->arc.sealers[i]);
		}
		if (au->arc.instances > 0)
			adds(c, L(c, ")", ")"));
		adds(c, "\n");
	}
	for (size_t i = 0; i < au->disagreement_count; i++) {
		const kensa_auth_disagreement *d = &au->disagreements[i];
		kn_buf_printf(c->b, L(c, "  Authentication-Results #%u says ",
			"  Authentication-Results #%u の記載 "), d->header);
		value(c, d->method);
		adds(c, "=");
		value(c, d->claimed);
		adds(c, L(c, ", kensa finds ", "、kensa の結果 "));
		value(c, d->ours);
		adds(c, "\n");
	}
}

/* ---- 5. who owns it and where ----------------------------------------- */

/* The Japanese of a kensa_domain_intel reason (src/intel/intel.c), or
 * the reason itself when it is not one of these. */
static const char *
domain_reason_ja(const char *en)
{
	static const char *const map[][2] = {
		{ "offline", "オフライン" },
		{ "no RDAP or WHOIS answer in the evidence",
		  "証拠の中に RDAP・WHOIS の応答がありません" },
		{ "no RDAP or WHOIS server gave registration data",
		  "RDAP・WHOIS のどのサーバーからも登録情報を得られませんでした" },
		{ "no RDAP or WHOIS server could be reached (see the lookups)",
		  "RDAP・WHOIS のサーバーに接続できませんでした(問い合わせ記録を"
		  "参照)" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(en, map[i][0]) == 0)
			return map[i][1];
	return en;
}

static void
ownership(ctx *c, const kensa_analysis *a)
{
	const kensa_ip_intel *ip;
	const kensa_domain_intel *d;
	size_t nip = kensa_analysis_ips(a, &ip);
	size_t nd = kensa_analysis_domains(a, &d);

	heading(c, L(c, "5. Who owns it and where", "5. 所有者と所在地"));
	if (nip == 0 && nd == 0) {
		adds(c, L(c, "  Nothing to look up.\n", "  調査対象がありません。\n"));
		return;
	}
	for (size_t i = 0; i < nip; i++) {
		adds(c, L(c, "  IP ", "  IP "));
		value(c, ip[i].ip);
		adds(c, L(c, ": PTR ", ": 逆引き "));
		value(c, ip[i].ptr != NULL ? ip[i].ptr : ip[i].ptr_status);
		adds(c, ", FCrDNS ");
		value(c, ip[i].fcrdns);
		adds(c, "\n");
		adds(c, L(c, "      location: ", "      所在地: "));
		if (ip[i].country != NULL) {
			value(c, ip[i].country);
			if (ip[i].country_name != NULL) {
				adds(c, " (");
				value(c, ip[i].country_name);
				adds(c, ")");
			}
			if (ip[i].city != NULL) {
				adds(c, ", ");
				value(c, ip[i].city);
			}
		} else {
			value(c, ip[i].geo_reason);
		}
		if (ip[i].asn != 0) {
			kn_buf_printf(c->b, ", AS%u ", (unsigned)ip[i].asn);
			value(c, ip[i].as_org);
		}
		adds(c, "\n");
		if (ip[i].geo_source != NULL) {
			adds(c, L(c, "      source: ", "      出典: "));
			value(c, ip[i].geo_source);
			if (ip[i].geo_attribution != NULL) {
				adds(c, " - ");
				value(c, ip[i].geo_attribution);
			}
			adds(c, L(c, " (what the database says, not a fact)\n",
				"(データベースの記載であり事実とは限りません)\n"));
		}
	}
	for (size_t i = 0; i < nd; i++) {
		adds(c, L(c, "  Domain ", "  ドメイン "));
		value(c, d[i].domain);
		adds(c, " [");
		value(c, d[i].role);
		adds(c, "]: ");
		if (strcmp(d[i].status, "found") == 0) {
			if (d[i].registrant_org != NULL) {
				adds(c, L(c, "registrant ", "登録者 "));
				value(c, d[i].registrant_org);
				if (d[i].registrant_org_alt != NULL) {
					adds(c, " / ");
					value(c, d[i].registrant_org_alt);
				}
				adds(c, "; ");
			}
			if (d[i].registrant_country != NULL) {
				adds(c, L(c, "registrant in ", "登録者所在地 "));
				if (d[i].registrant_state != NULL) {
					value(c, d[i].registrant_state);
					adds(c, ", ");
				}
				value(c, d[i].registrant_country);
				adds(c, "; ");
			}
			if (d[i].registrar != NULL) {
				adds(c, L(c, "registrar ", "レジストラ "));
				value(c, d[i].registrar);
				adds(c, "; ");
			}
			adds(c, L(c, "created ", "登録日 "));
			put_time(c, d[i].has_created, d[i].created);
			if (d[i].age_days >= 0)
				kn_buf_printf(c->b, L(c, " (%lld day(s) before the "
					"message)", "(メールの %lld 日前)"),
					(long long)d[i].age_days);
		} else {
			value(c, d[i].status);
			if (d[i].reason != NULL) {
				adds(c, ": ");
				value(c, L(c, d[i].reason,
					domain_reason_ja(d[i].reason)));
			}
		}
		adds(c, "\n");
		if (d[i].address_count > 0) {
			adds(c, L(c, "      addresses: ", "      アドレス: "));
			for (size_t k = 0; k < d[i].address_count; k++) {
				if (k)
					adds(c, ", ");
				value(c, d[i].addresses[k]);
			}
			adds(c, d[i].has_origin ?
				L(c, " (includes the sending IP)", "(送信元 IP を含む)") :
				L(c, " (not the sending IP)", "(送信元 IP ではない)"));
			adds(c, "\n");
		}
		if (d[i].source != NULL) {
			adds(c, L(c, "      source: ", "      出典: "));
			value(c, d[i].source);
			adds(c, "\n");
		}
	}
}

/* ---- 6. lookups ------------------------------------------------------- */

static void
lookup_list(ctx *c, const kensa_analysis *a)
{
	const kensa_lookup *l;
	size_t n = kensa_analysis_lookups(a, &l);

	heading(c, L(c, "6. Lookups", "6. 問い合わせ記録"));
	adds(c, L(c, "  Mode: ", "  方式: "));
	value(c, kensa_analysis_lookup_mode(a));
	kn_buf_printf(c->b, L(c, ", %zu lookup(s)\n", "、%zu 件\n"), n);
	for (size_t i = 0; i < n; i++) {
		char t[32];

		kn_date_rfc3339(l[i].time, t, sizeof(t));
		adds(c, "  ");
		adds(c, t);
		adds(c, " ");
		value(c, l[i].kind);
		adds(c, " ");
		value(c, l[i].query);
		adds(c, " -> ");
		value(c, l[i].status);
		if (l[i].answer != NULL && l[i].status != NULL &&
		    strcmp(l[i].answer, l[i].status) != 0) {
			adds(c, " ");
			kn_text_put(c->b, l[i].answer, KN_TEXT_VALUE_COLS / 2);
		}
		adds(c, L(c, "  [", "  ["));
		value(c, l[i].server);
		kn_buf_printf(c->b, ", %.1f ms%s]\n", l[i].duration_ms,
			l[i].cached ? L(c, ", cached", "、キャッシュ") : "");
	}
}

/* ---- 7/8. findings and defects ---------------------------------------- */

typedef struct {
	const kensa_finding *f;
	size_t order;
} ranked;

static int
cmp_ranked(const void *x, const void *y)
{
	const ranked *p = x, *q = y;

	if (p->f->severity != q->f->severity)
		return p->f->severity > q->f->severity ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

/* Findings sorted by severity, high first, stable; malloc'd or NULL. */
static ranked *
rank(const kensa_finding *f, size_t n)
{
	ranked *r;

	if (n == 0)
		return NULL;
	r = calloc(n, sizeof(*r));
	if (r == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		r[i].f = &f[i];
		r[i].order = i;
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	return r;
}

static void
evidence(ctx *c, const kensa_evidence *ev)
{
	adds(c, L(c, "         evidence: ", "         証拠: "));
	if (ev->header != NULL) {
		value(c, ev->header);
		if (ev->occurrence > 0)
			kn_buf_printf(c->b, " #%u", ev->occurrence);
	} else if (ev->part >= 0) {
		kn_buf_printf(c->b, L(c, "part %d", "パート %d"), ev->part);
		if (ev->length > 0)
			kn_buf_printf(c->b, L(c, " bytes %zu-%zu", " %zu-%zu バイト"),
				ev->offset, ev->offset + ev->length);
	} else {
		adds(c, L(c, "(not located)", "(位置不明)"));
	}
	if (ev->text != NULL) {
		adds(c, ": ");
		kn_text_put(c->b, ev->text, KN_TEXT_VALUE_COLS);
	}
	adds(c, "\n");
}

static void
finding_list(ctx *c, const kensa_finding *f, size_t n, const ranked *r)
{
	for (size_t i = 0; i < n; i++) {
		const kensa_finding *x = r != NULL ? r[i].f : &f[i];

		adds(c, "  ");
		color_on(c, sev_color(x->severity));
		adds(c, "[");
		adds(c, sev_label(c, x->severity));
		adds(c, "]");
		color_off(c);
		adds(c, " ");
		value(c, x->id);
		adds(c, L(c, " - ", " — "));
		value(c, x->title[c->lang]);
		adds(c, "\n");
		if (x->detail[c->lang] != NULL) {
			adds(c, "         ");
			kn_text_put(c->b, x->detail[c->lang], 0);
			adds(c, "\n");
		}
		evidence(c, &x->evidence);
	}
}

/* ---- 9. conclusion ---------------------------------------------------- */

/* The score and how it splits by signal (src/verdict/score.c): the
 * reasons of each signal, and "other" for those of none (malformed
 * mail, spam-category signs), so the parts add up to the score. A
 * rule of two signals (a sales lure: lure and bulk) counts in both;
 * the line then says so instead of writing a sum. */
static void
verdict_split(ctx *c, const kensa_analysis *a, const kensa_verdict *v)
{
	const kensa_finding *fs;
	size_t nf = kensa_analysis_findings(a, &fs);
	unsigned other = 0;
	bool twice = false;

	for (size_t i = 0; i < v->reason_count; i++) {
		const kensa_verdict_reason *r = &v->reasons[i];
		const kn_rule_entry *e = r->finding < nf ?
			kn_rules_find(r->id, fs[r->finding].severity) : NULL;
		unsigned sig = e != NULL ? e->signals : 0;

		if (sig == 0)
			other += r->weight;
		else if ((sig & (sig - 1)) != 0)
			twice = true;
	}
	if (!twice)
		kn_buf_printf(c->b, L(c, " (score %u = deception %u + lure %u "
			"+ bulk mail %u + other %u)\n",
			"(スコア %u = 偽装 %u + 誘導 %u + 大量配信 %u + その他 "
			"%u)\n"), v->score, v->deception, v->lure, v->bulk, other);
	else
		kn_buf_printf(c->b, L(c, " (score %u; by signal: deception %u, "
			"lure %u, bulk mail %u, other %u; a reason of two signals "
			"counts in each)\n",
			"(スコア %u。信号別: 偽装 %u・誘導 %u・大量配信 %u・その他 "
			"%u。二つの信号を持つ根拠は両方に数えています)\n"),
			v->score, v->deception, v->lure, v->bulk, other);
}

/* The verdict (src/verdict/score.c) at the head of the conclusion: the
 * label and score, then the reasons heaviest first, each quoting the
 * evidence of its finding (listed with the findings above). */
static void
verdict_head(ctx *c, const kensa_analysis *a)
{
	static const char *const ja_names[] = { "問題なし", "迷惑メール",
		"要注意", "フィッシング" };
	const kensa_verdict *v = kensa_analysis_verdict(a);

	if (v == NULL)
		return;
	adds(c, L(c, "  Verdict: ", "  判定: "));
	color_on(c, v->label >= KENSA_VERDICT_SUSPICIOUS ? "\033[1;31m" :
		ANSI_BOLD);
	if (c->lang == KENSA_LANG_JA && (unsigned)v->label < 4)
		adds(c, ja_names[v->label]);
	else
		adds(c, kensa_verdict_label_name(v->label));
	color_off(c);
	verdict_split(c, a, v);
	if (v->reason_count > 0)
		adds(c, L(c, "  Reasons, heaviest first (weight, rule, evidence):\n",
			"  判定の根拠(重みの大きい順。重み・規則・証拠):\n"));
	for (size_t i = 0; i < v->reason_count; i++) {
		const kensa_verdict_reason *r = &v->reasons[i];

		kn_buf_printf(c->b, "    %3u  ", r->weight);
		value(c, r->id);
		adds(c, L(c, " - ", " — "));
		value(c, r->title[c->lang]);
		adds(c, "\n");
		if (r->evidence != NULL && r->evidence->text != NULL) {
			adds(c, L(c, "         evidence: ", "         証拠: "));
			kn_text_put(c->b, r->evidence->text, KN_TEXT_VALUE_COLS);
			adds(c, "\n");
		}
	}
}

/* The plain-language summary of the verdict: the last words of the
 * report. */
static void
verdict_summary(ctx *c, const kensa_analysis *a)
{
	const kensa_verdict *v = kensa_analysis_verdict(a);

	if (v == NULL || v->summary[c->lang] == NULL)
		return;
	adds(c, L(c, "  In short: ", "  まとめ: "));
	kn_text_put(c->b, v->summary[c->lang], 0);
	adds(c, "\n");
}

static void
conclusion(ctx *c, const kensa_analysis *a, const ranked *r, size_t nf,
	size_t nd)
{
	const kensa_trace *t = kensa_analysis_trace(a);
	size_t count[4] = { 0 }, strong = 0;

	for (size_t i = 0; i < nf; i++)
		if ((unsigned)r[i].f->severity < 4)
			count[r[i].f->severity]++;

	heading(c, L(c, "9. Conclusion", "9. 結論"));
	verdict_head(c, a);
	adds(c, "  ");
	if (nf == 0) {
		adds(c, L(c, "No finding so far. That is not proof of safety: it "
			"only means no rule matched what the analysis could see.",
			"現時点で所見はありません。これは安全の証明ではなく、解析で"
			"見えた範囲でどの規則にも該当しなかったというだけです。"));
	} else {
		kn_buf_printf(c->b, L(c,
			"%zu finding(s): %zu high, %zu medium, %zu low, %zu info. ",
			"所見 %zu 件(高 %zu・中 %zu・低 %zu・情報 %zu)。"),
			nf, count[KENSA_SEV_HIGH], count[KENSA_SEV_MEDIUM],
			count[KENSA_SEV_LOW], count[KENSA_SEV_INFO]);
		if (count[KENSA_SEV_HIGH] > 0)
			adds(c, L(c, "High-severity findings point to deception: treat "
				"the message as hostile until they are disproved.",
				"重大度「高」の所見は欺瞞を示しています。反証されるまでは"
				"攻撃メールとして扱ってください。"));
		else if (count[KENSA_SEV_MEDIUM] > 0)
			adds(c, L(c, "Nothing conclusive, but the medium-severity "
				"points must be checked before the message is trusted.",
				"決定的な所見はありませんが、信頼する前に重大度「中」の点を"
				"確認する必要があります。"));
		else
			adds(c, L(c, "Only minor or informational points: nothing so "
				"far points clearly to deception.",
				"軽微または参考情報の所見のみで、現時点で欺瞞を明確に示す"
				"ものはありません。"));
	}
	adds(c, "\n  ");
	if (t->origin_ip != NULL) {
		adds(c, L(c, "The first client outside the receiving side was ",
			"受信側の外にある最初の送信元は "));
		value(c, t->origin_ip);
		if (t->origin_hop >= 0)
			kn_buf_printf(c->b, L(c, " (hop %d)", "(ホップ %d)"),
				t->origin_hop + 1);
		adds(c, L(c, ": the mail entered from there, whatever the From "
			"header says.",
			" です。From ヘッダーの記載にかかわらず、メールはここから"
			"入ってきました。"));
		if (t->origin_hop > 0)
			kn_buf_printf(c->b, L(c, " The %d older hop(s) were "
				"written before the mail reached the receiving side "
				"and may be forged.",
				"それより古い %d 個のホップは受信側に届く前に書かれた"
				"もので、偽造の可能性があります。"),
				t->origin_hop);
	} else if (t->hop_count == 0 &&
		   count_received(kensa_analysis_message(a)) == 0) {
		adds(c, L(c, "The message carries no Received field, so where it "
			"came from cannot be told from the headers.",
			"Received ヘッダーがないため、ヘッダーから送信元は分かりません。"));
	} else {
		adds(c, L(c, "The originating address could not be determined "
			"from the Received fields.",
			"Received ヘッダーから発信元アドレスを特定できませんでした。"));
	}
	adds(c, "\n");
	/* With a verdict, its weighted reasons above are the ranking; a
	 * second list by severity would contradict their order. */
	if (kensa_analysis_verdict(a) != NULL &&
	    kensa_analysis_verdict(a)->reason_count > 0)
		nf = 0;
	for (size_t i = 0; i < nf && strong < KN_TEXT_MAX_REASONS; i++) {
		if (r[i].f->severity < KENSA_SEV_MEDIUM)
			break;
		adds(c, strong == 0 ? L(c, "  Strongest reasons:\n",
			"  主な根拠:\n") : "");
		kn_buf_printf(c->b, "    %zu) ", strong + 1);
		value(c, r[i].f->title[c->lang]);
		adds(c, " (");
		value(c, r[i].f->id);
		adds(c, ")\n");
		strong++;
	}
	if (nd > 0) {
		kn_buf_printf(c->b, L(c, "  The parser repaired %zu defect(s) of "
			"the mail; see section 8.\n",
			"  解析時にメールの不備を %zu 件修復しました(8 章参照)。\n"),
			nd);
	}
	verdict_summary(c, a);
}

static int
render_text(kn_buf *out, const kensa_analysis *a,
	const kensa_report_options *opts)
{
	ctx c = { out, opts->lang, opts->color };
	const kensa_finding *fs, *ds;
	size_t nf = kensa_analysis_findings(a, &fs);
	size_t nd = kensa_analysis_defects(a, &ds);
	ranked *r = rank(fs, nf);

	if (nf > 0 && r == NULL)
		return KENSA_ENOMEM;
	color_on(&c, ANSI_BOLD);
	adds(&c, L(&c, "kensa report", "kensa 調査報告"));
	color_off(&c);
	adds(&c, " - ");
	value(&c, source_name(&c, opts->source));
	adds(&c, "\n");

	overview(&c, a, opts);
	key_headers(&c, a);
	route(&c, a);
	authentication(&c, a);
	ownership(&c, a);
	lookup_list(&c, a);

	heading(&c, L(&c, "7. Findings (high severity first)",
		"7. 所見(重大度の高い順)"));
	if (nf == 0)
		adds(&c, L(&c, "  (none)\n", "  (なし)\n"));
	finding_list(&c, fs, nf, r);

	heading(&c, L(&c, "8. Defects of the mail", "8. メールの不備"));
	kn_buf_printf(out, L(&c, "  %zu defect(s)\n", "  %zu 件\n"), nd);
	finding_list(&c, ds, nd, NULL);

	conclusion(&c, a, r, nf, nd);
	free(r);
	return 0;
}

const kn_renderer kn_renderer_text = { "text", render_text };
