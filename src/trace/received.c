/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	received 3
 * SUMMARY
 *	parse one Received header field (RFC 5321 section 4.4)
 * SYNOPSIS
 *	#include "trace/received.h"
 * DESCRIPTION
 *	RFC 5321 4.4 defines
 *
 *	    Received: from HELO-name (TCP-info) by host via link with proto
 *	              id queue-id for <rcpt> ; date-time
 *
 *	and every MTA bends it. The parser reads the field as a stream of
 *	words, comments and ";" and fills the clauses it recognises,
 *	keeping the first value of each:
 *
 *	from	the HELO name; the comments after it carry the server's
 *		view of the client: Postfix/Sendmail "(rdns [ip])",
 *		"(unknown [ip])", "([ip])", "(user@rdns [ip])",
 *		"(IDENT:user@host [ip])"; Exim "(rdns [ip] helo=name
 *		ident=user)" and "from [ip] (helo=name)"; qmail "from rdns
 *		(HELO name) (user@ip)"; Exchange "(10.1.2.3)" and
 *		"([fe80::1%6])"; XMail "(ip:port)". When a comment names the
 *		HELO, the word after "from" is the server's name for the
 *		client (its rDNS) instead. Exim omits helo= when the HELO
 *		equals the verified host name, so when the field is Exim's
 *		("(Exim x.y)", or a lower-case protocol with an Exim id)
 *		"from host ([ip])" gives host as HELO and rDNS; from other
 *		MTAs (Sendmail, Domino, SMTPSVC) the same form means no
 *		rDNS. "from user@host" (Sendmail's "(from carol@localhost)")
 *		and Exim's "from user by host with local" (a name without
 *		a dot) name a local submitter: kept as the ident, never as
 *		the HELO.
 *	by	the receiving host; its first comment that names no
 *		address is the software (Postfix, "8.15.2/8.15.2" Sendmail,
 *		Domino, MDaemon; amavisd's "(host [127.0.0.1])" is skipped
 *		for its "(amavisd-new, port 10024)").
 *	with	the protocol, upper-cased; "Microsoft SMTP Server" and
 *		"Microsoft SMTPSVC" read as SMTP, "ESMTP/TLS/cipher" splits.
 *	via, id, for
 *		one word each; <> are removed.
 *
 *	TLS facts come from any comment: Postfix "(using TLSv1.3 with
 *	cipher X)", Exchange and Gmail "(version=TLS1_2, cipher=X)",
 *	Exim "(TLS1.2:cipher:256)", "(TLS1.3) tls cipher", CommuniGate and
 *	Courier "(TLS: version, bits, cipher)", qmail-tls "with (cipher
 *	encrypted) SMTP", IIS SMTPSVC "by host over TLS secured channel".
 *
 *	The timestamp is the date after the last ";" outside comments, or,
 *	when there is no ";" (SendGrid and some gateways), the earliest of
 *	the last KN_RECEIVED_DATE_TOKENS tokens from which kn_date_parse()
 *	reads a date; failing that, kn_date_parse_iso() is tried the same
 *	way (SendGrid's filterdrecv writes Go's time.String(), "2023-03-13
 *	22:10:51.601285139 +0000 UTC m=+3216401.254366207", with no ";"). "(from host [ip]) by ..." and "(qmail 1234 invoked
 *	by uid 0)" are read too.
 * LIMITS
 *	No recursion beyond one level (a leading "(from ...)" comment);
 *	comment nesting is counted, not recursed. Work is O(len), the
 *	trailing-date search O(KN_RECEIVED_DATE_TOKENS * len). Nothing is
 *	read past len.
 *--*/
#include "trace/received.h"

#include <string.h>
#include <strings.h>

#include "util/date.h"
#include "util/ip.h"

/* Tokens tried as the start of a trailing date when there is no ";":
 * "for <a@b> Thu, 02 Apr 2020 07:53:55.516 +0000 (UTC)" needs 8. */
#define KN_RECEIVED_DATE_TOKENS 12

typedef struct slice {
	const char *p;
	size_t n;
} slice;

enum tok_kind { TOK_END, TOK_WORD, TOK_COMMENT, TOK_SEMI };

typedef struct tok {
	enum tok_kind kind;
	slice s;        /* the word, or the inside of the comment */
	const char *start;
} tok;

typedef struct lexer {
	const char *p, *end;
} lexer;

enum clause { C_NONE, C_FROM, C_BY, C_VIA, C_WITH, C_ID, C_FOR, C_COUNT };

typedef struct state {
	kn_arena *ar;
	kensa_hop *hop;
	kn_received_extra x;
	enum clause clause;
	bool want_value;
	bool seen[C_COUNT];
	slice from_value;
	slice helo_c;          /* HELO named in a comment */
	slice rdns;
	bool have_ip;
	kn_ip ip;
	slice with_value;
	slice tls_version, tls_cipher;
	slice ident;
	const char *software;
	const char *protocol;
	bool prev_tls_word;    /* the previous word was "tls" (Exim 4.9x) */
	bool prev_over_word;   /* the previous word was "over" (SMTPSVC) */
	bool from_user;        /* "from user@host": a local submitter */
	bool from_c_ip_only;   /* a from comment held only "[ip]" or
	                          "[ip]:port" (Exim: HELO == rDNS name) */
	bool recognised;       /* a known clause-less form (qmail) */
} state;

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
s_ieq(slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n == n && strncasecmp(s.p, lit, n) == 0;
}

static bool
s_iprefix(slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n >= n && strncasecmp(s.p, lit, n) == 0;
}

static const char *
s_dup(state *st, slice s)
{
	return s.p != NULL ? kn_strndup(st->ar, s.p, s.n) : NULL;
}

static slice
s_trim(slice s)
{
	while (s.n > 0 && is_ws(*s.p)) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && is_ws(s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Remove one pair of <> and trailing ",;." punctuation. */
static slice
s_unangle(slice s)
{
	while (s.n > 0 && (s.p[s.n - 1] == ',' || s.p[s.n - 1] == ';'))
		s.n--;
	if (s.n >= 2 && s.p[0] == '<' && s.p[s.n - 1] == '>') {
		s.p++;
		s.n -= 2;
	}
	return s;
}

static const char *
s_memchr(slice s, char c)
{
	return s.n ? memchr(s.p, c, s.n) : NULL;
}

/* Next top-level token. Comments nest; their depth is only counted. */
static tok
lex_next(lexer *lx)
{
	tok t = { TOK_END, { NULL, 0 }, NULL };

	while (lx->p < lx->end && is_ws(*lx->p))
		lx->p++;
	if (lx->p >= lx->end)
		return t;
	t.start = lx->p;
	if (*lx->p == ';') {
		t.kind = TOK_SEMI;
		lx->p++;
		return t;
	}
	if (*lx->p == '(') {
		size_t depth = 1;
		const char *q = lx->p + 1;
		t.kind = TOK_COMMENT;
		t.s.p = q;
		while (q < lx->end) {
			if (*q == '\\' && q + 1 < lx->end) {
				q += 2;
				continue;
			}
			if (*q == '(')
				depth++;
			else if (*q == ')' && --depth == 0)
				break;
			q++;
		}
		t.s.n = (size_t)(q - t.s.p);
		lx->p = q < lx->end ? q + 1 : q;
		return t;
	}
	t.kind = TOK_WORD;
	t.s.p = lx->p;
	if (*lx->p == '[') {
		/* An address literal may hold "(" or spaces: "[(1.2.3.4)]",
		 * "[unix socket]"; read to its "]" when it closes before ";". */
		const char *q = lx->p + 1;
		while (q < lx->end && *q != ']' && *q != ';' && *q != '\n')
			q++;
		if (q < lx->end && *q == ']')
			lx->p = q + 1;
	}
	while (lx->p < lx->end && !is_ws(*lx->p) && *lx->p != '(' &&
	    *lx->p != ';')
		lx->p++;
	t.s.n = (size_t)(lx->p - t.s.p);
	return t;
}

/* Words of a comment's inside at nesting depth 0; separators are white
 * space and ","; nested comments are skipped. */
static bool
cword_next(const char **pp, const char *end, slice *out)
{
	const char *p = *pp;
	size_t depth = 0;

	for (;;) {
		while (p < end && (is_ws(*p) || *p == ','))
			p++;
		if (p >= end) {
			*pp = p;
			return false;
		}
		if (*p == '(' || depth > 0) {
			if (*p == '(')
				depth++;
			else if (*p == ')' && depth > 0)
				depth--;
			p++;
			continue;
		}
		if (*p == ')') {
			p++;
			continue;
		}
		break;
	}
	out->p = p;
	while (p < end && !is_ws(*p) && *p != ',' && *p != '(' && *p != ')')
		p++;
	out->n = (size_t)(p - out->p);
	*pp = p;
	return true;
}

/* An address in s: "[ip]", "ip", "[ip]:port", "ip:port", "(ip)",
 * "[IPv6:...]" with or without a zone id. */
static bool
ip_candidate(slice s, kn_ip *out)
{
	const char *close, *colon;

	s = s_trim(s);
	for (int i = 0; i < 2 && s.n >= 2; i++) {
		if (s.p[0] == '[' && (close = s_memchr(s, ']')) != NULL) {
			s.n = (size_t)(close - s.p - 1);
			s.p++;
		} else if (s.p[0] == '(' && s.p[s.n - 1] == ')') {
			s.p++;
			s.n -= 2;
		}
	}
	if (s.n == 0)
		return false;
	if (kn_ip_parse(s.p, s.n, out))
		return true;
	/* IPv4 with a port: exactly one ":" followed by digits. */
	colon = s_memchr(s, ':');
	if (colon != NULL) {
		slice port = { colon + 1, (size_t)(s.p + s.n - colon - 1) };
		if (port.n == 0 || s_memchr(port, ':') != NULL)
			return false;
		for (size_t i = 0; i < port.n; i++)
			if (port.p[i] < '0' || port.p[i] > '9')
				return false;
		if (kn_ip_parse(s.p, (size_t)(colon - s.p), out) && out->family == 4)
			return true;
	}
	return false;
}

static bool
hostname_like(slice s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

static bool
tls_version_like(slice s)
{
	return s_iprefix(s, "TLS") || s_iprefix(s, "SSL");
}

/* "V:C:bits" (Exim): version and cipher. */
static void
tls_colon_form(state *st, slice w)
{
	const char *c1 = s_memchr(w, ':');
	slice rest;
	const char *c2;

	if (c1 == NULL)
		return;
	st->tls_version = (slice){ w.p, (size_t)(c1 - w.p) };
	rest = (slice){ c1 + 1, (size_t)(w.p + w.n - c1 - 1) };
	c2 = s_memchr(rest, ':');
	if (c2 != NULL)
		rest.n = (size_t)(c2 - rest.p);
	if (rest.n > 0)
		st->tls_cipher = rest;
}

/* Look for TLS facts in a comment's inside; true when some were found. */
static bool
tls_scan(state *st, slice c)
{
	const char *p = c.p, *end = c.p + c.n;
	slice w, prev = { NULL, 0 };
	bool found = false, tls_list = false, want_version = false,
	     want_cipher = false, want_colon = false;
	size_t words = 0;

	while (cword_next(&p, end, &w)) {
		words++;
		if (want_version) {
			st->tls_version = w;
			want_version = false;
			found = true;
		} else if (want_cipher) {
			st->tls_cipher = w;
			want_cipher = false;
			found = true;
		} else if (want_colon) {
			tls_colon_form(st, w);
			want_colon = false;
			found = true;
		} else if (s_iprefix(w, "version=")) {
			st->tls_version = (slice){ w.p + 8, w.n - 8 };
			found = true;
		} else if (s_iprefix(w, "cipher=")) {
			st->tls_cipher = (slice){ w.p + 7, w.n - 7 };
			found = true;
		} else if (s_ieq(w, "using") && words == 1) {
			want_version = true;
		} else if (s_ieq(w, "cipher") && prev.p != NULL &&
		    s_ieq(prev, "with")) {
			want_cipher = true;
		} else if (s_ieq(w, "TLS:")) {
			tls_list = true;
			want_version = true;
		} else if (s_ieq(w, "Cipher") || s_ieq(w, "tls_cipher")) {
			want_colon = true;
		} else if (tls_version_like(w) && s_memchr(w, ':') != NULL) {
			tls_colon_form(st, w);
			found = true;
		} else if (tls_list && (s_memchr(w, '_') || s_memchr(w, '-')) &&
		    !s_memchr(w, '=')) {
			st->tls_cipher = w;
		}
		prev = w;
	}
	if (!found && words == 2 && prev.p != NULL &&
	    s_ieq(prev, "encrypted")) {
		/* qmail-tls "with (DHE-RSA-AES256-SHA encrypted) SMTP" */
		p = c.p;
		if (cword_next(&p, end, &w) && hostname_like(w)) {
			st->tls_cipher = w;
			found = true;
		}
	}
	if (!found && words == 1 && tls_version_like(c) && c.n <= 12 &&
	    hostname_like(s_trim(c))) {
		st->tls_version = s_trim(c); /* Exim 4.9x "(TLS1.3)" */
		found = true;
	}
	return found;
}

/* The software named in a comment: text up to "(", ",", ";" or " #". */
static const char *
software_text(state *st, slice c)
{
	slice s = s_trim(c);
	size_t n = 0;

	while (n < s.n && s.p[n] != '(' && s.p[n] != ',' && s.p[n] != ';' &&
	    !(s.p[n] == '#' && n > 0 && s.p[n - 1] == ' '))
		n++;
	s.n = n;
	s = s_trim(s);
	if (s.n == 0)
		return NULL;
	if (s.p[0] >= '0' && s.p[0] <= '9' && s_memchr(s, '/') != NULL)
		return kn_sprintf(st->ar, "Sendmail %.*s", (int)s.n, s.p);
	return s_dup(st, s);
}

/* A comment after "from": the server's view of the client. */
static void
from_comment(state *st, slice c)
{
	const char *p = c.p, *end = c.p + c.n;
	slice w, rdns_cand = { NULL, 0 };
	bool first = true, want_helo = false, got_ip = false,
	     only_literal = true;
	size_t words = 0;
	kn_ip ip;

	while (cword_next(&p, end, &w)) {
		const char *br, *at;
		if (++words > 1 || w.n == 0 || w.p[0] != '[' ||
		    !ip_candidate(w, &ip))
			only_literal = false;
		if (want_helo) {
			want_helo = false;
			if (!s_iprefix(w, "HELO") && !s_iprefix(w, "EHLO")) {
				st->helo_c = w;
				continue;
			}
		}
		if (s_ieq(w, "HELO") || s_ieq(w, "EHLO") || s_ieq(w, "LHLO")) {
			st->x.helo_cmd = s_dup(st, w);
			want_helo = true;
			first = false;
			continue;
		}
		if (s_iprefix(w, "helo=")) {
			st->helo_c = (slice){ w.p + 5, w.n - 5 };
			st->x.helo_cmd = "HELO";
			first = false;
			continue;
		}
		if (s_iprefix(w, "ident=") || s_iprefix(w, "IDENT:")) {
			slice id = { w.p + 6, w.n - 6 };
			const char *a = s_memchr(id, '@');
			if (a != NULL) {
				slice host = { a + 1, (size_t)(id.p + id.n - a - 1) };
				if (ip_candidate(host, &ip)) {
					if (!got_ip) {
						st->ip = ip;
						got_ip = true;
					}
				} else if (first && hostname_like(host)) {
					/* Sendmail "(IDENT:user@rdns [ip])" */
					rdns_cand = host;
				}
				id.n = (size_t)(a - id.p);
			}
			if (id.n >= 2 && id.p[0] == '[' && id.p[id.n - 1] == ']') {
				id.p++;
				id.n -= 2;
			}
			st->ident = id;
			first = false;
			continue;
		}
		br = s_memchr(w, '[');
		at = s_memchr(w, '@');
		if (at != NULL && (br == NULL || at < br)) {
			/* user@host, user@ip or user@[ip] */
			slice user = { w.p, (size_t)(at - w.p) };
			slice host = { at + 1, (size_t)(w.p + w.n - at - 1) };
			user = s_unangle(user);
			if (user.n > 0 && user.p[0] == '<') {
				user.p++;
				user.n--;
			}
			st->ident = user;
			host = s_unangle(host);
			if (host.n > 0 && host.p[host.n - 1] == '>')
				host.n--;
			if (ip_candidate(host, &ip)) {
				if (!got_ip) {
					st->ip = ip;
					got_ip = true;
				}
			} else if (first && hostname_like(host)) {
				rdns_cand = host;
			}
			first = false;
			continue;
		}
		if (br != NULL) {
			slice pre = { w.p, (size_t)(br - w.p) };
			slice lit = { br, (size_t)(w.p + w.n - br) };
			if (ip_candidate(lit, &ip) && !got_ip) {
				st->ip = ip;
				got_ip = true;
			}
			pre = s_unangle(pre);
			if (first && hostname_like(pre))
				rdns_cand = pre;
			first = false;
			continue;
		}
		if (ip_candidate(w, &ip)) {
			if (!got_ip) {
				st->ip = ip;
				got_ip = true;
			}
			first = false;
			continue;
		}
		if (first && hostname_like(w))
			rdns_cand = w;
		first = false;
	}
	if (got_ip)
		st->have_ip = true;
	if (words == 1 && only_literal)
		st->from_c_ip_only = true;
	if (rdns_cand.p != NULL && st->rdns.p == NULL) {
		/* A bare word is the rDNS name only when it looks like one. */
		while (rdns_cand.n > 1 && rdns_cand.p[rdns_cand.n - 1] == '.')
			rdns_cand.n--;
		if (got_ip || s_memchr(rdns_cand, '.') != NULL ||
		    s_ieq(rdns_cand, "unknown") || s_ieq(rdns_cand, "localhost"))
			st->rdns = rdns_cand;
	}
}

static void process(state *st, const char *p, const char *end, bool nested);

/* A comment outside any clause: "(qmail 1234 invoked ...)", "(from ...)". */
static void
lead_comment(state *st, slice c, bool nested)
{
	slice t = s_trim(c);

	if (s_iprefix(t, "qmail ")) {
		st->software = "qmail";
		st->recognised = true;
		return;
	}
	if (!nested && s_iprefix(t, "from ")) {
		process(st, t.p, t.p + t.n, true);
		return;
	}
}

/* Save the first from_comment() address without losing an earlier one. */
static void
from_comment_keep(state *st, slice c)
{
	kn_ip before = st->ip;
	bool had = st->have_ip;

	from_comment(st, c);
	if (had)
		st->ip = before;
}

static int
keyword(slice w)
{
	static const char *const kw[C_COUNT] = { NULL, "from", "by", "via",
		"with", "id", "for" };
	for (int i = 1; i < C_COUNT; i++)
		if (s_ieq(w, kw[i]))
			return i;
	return 0;
}

static void
with_value(state *st, slice w)
{
	const char *slash;

	st->with_value = w;
	if (w.n > 0 && w.p[0] == '[') {
		/* XMail: "with [XMail 1.20 ESMTP Server]" */
		const char *p = w.p + 1, *end = w.p + w.n - 1;
		slice inner = { p, (size_t)(end - p) }, iw;
		st->software = s_dup(st, inner);
		while (cword_next(&p, end, &iw))
			if (s_ieq(iw, "ESMTP") || s_ieq(iw, "SMTP") || s_ieq(iw, "LMTP"))
				st->protocol = s_dup(st, iw);
		return;
	}
	if (s_ieq(w, "Microsoft"))
		return; /* decided by the next word */
	slash = s_memchr(w, '/');
	if (slash != NULL) {
		/* "ESMTP/TLS/DHE-RSA-AES256-GCM-SHA384" */
		slice rest = { slash + 1, (size_t)(w.p + w.n - slash - 1) };
		const char *s2 = s_memchr(rest, '/');
		w.n = (size_t)(slash - w.p);
		if (s_iprefix(rest, "TLS") && s2 != NULL)
			st->tls_cipher = (slice){ s2 + 1,
				(size_t)(rest.p + rest.n - s2 - 1) };
	}
	st->protocol = s_dup(st, w);
}

static void
on_word(state *st, slice w)
{
	int kw = keyword(w);
	kn_ip ip;

	if (kw != 0 && !st->seen[kw]) {
		st->seen[kw] = true;
		st->clause = (enum clause)kw;
		st->want_value = true;
		st->prev_tls_word = false;
		return;
	}
	if (st->want_value) {
		st->want_value = false;
		switch (st->clause) {
		case C_FROM:
			/* "[192.0.2.1]:50999": the port is not part of the name. */
			if (w.n > 0 && w.p[0] == '[' && s_memchr(w, ']') != NULL)
				w.n = (size_t)(s_memchr(w, ']') - w.p) + 1;
			st->from_value = w;
			/* Sendmail local submission "(from carol@localhost)": a
			 * user, not a HELO name (a HELO never holds "@"). */
			if (w.n > 0 && w.p[0] != '[' && w.p[0] != '<' &&
			    s_memchr(w, '@') != NULL) {
				st->from_user = true;
				st->ident = (slice){ w.p,
					(size_t)(s_memchr(w, '@') - w.p) };
			}
			break;
		case C_BY: st->hop->by = s_dup(st, s_unangle(w)); break;
		case C_VIA: st->hop->via = s_dup(st, s_unangle(w)); break;
		case C_WITH: with_value(st, w); break;
		case C_ID: st->hop->id = s_dup(st, s_unangle(w)); break;
		case C_FOR: st->hop->for_addr = s_dup(st, s_unangle(w)); break;
		default: break;
		}
		return;
	}
	switch (st->clause) {
	case C_FROM:
		/* "from host [ip] by", "from x [(1.2.3.4)] by" */
		if (!st->have_ip && ip_candidate(w, &ip)) {
			st->ip = ip;
			st->have_ip = true;
		}
		break;
	case C_WITH:
		if (s_ieq(st->with_value, "Microsoft") && st->protocol == NULL) {
			if (s_ieq(w, "SMTP")) {
				st->protocol = "SMTP";
				st->software = "Microsoft SMTP Server";
			} else if (s_iprefix(w, "SMTPSVC")) {
				st->protocol = "SMTP";
				st->software = "Microsoft SMTPSVC";
			}
		} else if (st->prev_tls_word && st->tls_cipher.p == NULL) {
			st->tls_cipher = w; /* Exim 4.9x: "tls CIPHER" */
		}
		st->prev_tls_word = s_ieq(w, "tls");
		break;
	case C_BY:
		/* IIS SMTPSVC: "by host over TLS secured channel with ..." */
		if (st->prev_over_word && s_ieq(w, "TLS") &&
		    st->tls_version.p == NULL)
			st->tls_version = w;
		st->prev_over_word = s_ieq(w, "over");
		break;
	default:
		break;
	}
}

/* A comment naming a host by address, "(host [ip])" (amavisd's view of
 * itself after "by"): an address literal among its words. */
static bool
names_address(slice c)
{
	const char *p = c.p, *end = c.p + c.n;
	slice w;
	kn_ip ip;

	while (cword_next(&p, end, &w))
		if (w.n > 0 && w.p[0] == '[' && ip_candidate(w, &ip))
			return true;
	return false;
}

static void
on_comment(state *st, slice c, bool nested)
{
	kn_ip ip;

	if (tls_scan(st, c))
		return;
	switch (st->clause) {
	case C_NONE:
		lead_comment(st, c, nested);
		break;
	case C_FROM:
		from_comment_keep(st, c);
		break;
	case C_BY:
		if (st->software == NULL && !ip_candidate(c, &ip) &&
		    !names_address(c) && s_trim(c).n > 0 &&
		    !s_iprefix(s_trim(c), "envelope-from"))
			st->software = software_text(st, c);
		break;
	case C_WITH: {
		slice t = s_trim(c);
		if (st->software == NULL && t.n > 0 &&
		    ((t.p[0] >= 'A' && t.p[0] <= 'Z') ||
		    (t.p[0] >= 'a' && t.p[0] <= 'z')) &&
		    !s_iprefix(t, "envelope-from") && !s_iprefix(t, "peer "))
			st->software = software_text(st, c);
		break;
	}
	default:
		break;
	}
}

static void
process(state *st, const char *p, const char *end, bool nested)
{
	lexer lx = { p, end };
	tok t;

	while ((t = lex_next(&lx)).kind != TOK_END) {
		if (t.kind == TOK_WORD)
			on_word(st, t.s);
		else if (t.kind == TOK_COMMENT)
			on_comment(st, t.s, nested);
	}
}

/* Where the date starts: after the last top-level ";", else the earliest
 * of the last tokens that parses as a date. Sets *clauses_end. */
static bool
find_date(const char *v, size_t len, kn_date *d, const char **clauses_end)
{
	lexer lx = { v, v + len };
	const char *last_semi = NULL;
	const char *starts[KN_RECEIVED_DATE_TOKENS];
	size_t nstarts = 0;
	tok t;

	while ((t = lex_next(&lx)).kind != TOK_END) {
		if (t.kind == TOK_SEMI) {
			last_semi = t.start;
			nstarts = 0;
			continue;
		}
		if (nstarts < KN_RECEIVED_DATE_TOKENS) {
			starts[nstarts++] = t.start;
		} else {
			memmove(starts, starts + 1, sizeof(starts) - sizeof(starts[0]));
			starts[KN_RECEIVED_DATE_TOKENS - 1] = t.start;
		}
	}
	*clauses_end = v + len;
	if (last_semi != NULL) {
		size_t n = (size_t)(v + len - last_semi - 1);
		*clauses_end = last_semi;
		return kn_date_parse(last_semi + 1, n, d) ||
			kn_date_parse_iso(last_semi + 1, n, d);
	}
	for (size_t i = 0; i < nstarts; i++) {
		if (kn_date_parse(starts[i], (size_t)(v + len - starts[i]), d)) {
			*clauses_end = starts[i];
			return true;
		}
	}
	/* SendGrid filterdrecv: Go's "2023-03-13 22:10:51.6 +0000 UTC m=+1.2". */
	for (size_t i = 0; i < nstarts; i++) {
		if (kn_date_parse_iso(starts[i], (size_t)(v + len - starts[i]), d)) {
			*clauses_end = starts[i];
			return true;
		}
	}
	return false;
}

/* Exim's message id: base-62 "1pYaBb-0007Gh-1x" (6-6-2, before 4.97)
 * or "1qtBH1-00000000FiK-0bsH" (6-11-4, 4.97 and later). */
static bool
exim_id(const char *id)
{
	static const size_t old_form[3] = { 6, 6, 2 }, new_form[3] = { 6, 11, 4 };
	const size_t *forms[2] = { old_form, new_form };
	size_t len;

	if (id == NULL)
		return false;
	len = strlen(id);
	for (int f = 0; f < 2; f++) {
		const char *p = id;
		bool ok = len == forms[f][0] + forms[f][1] + forms[f][2] + 2;
		for (int part = 0; ok && part < 3; part++) {
			for (size_t i = 0; i < forms[f][part]; i++, p++)
				if (!((*p >= '0' && *p <= '9') || (*p >= 'a' &&
				    *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
					ok = false;
			if (ok && part < 2 && *p++ != '-')
				ok = false;
		}
		if (ok)
			return true;
	}
	return false;
}

/* The field was written by Exim: its "(Exim 4.96)" comment, or the
 * protocol in Exim's lower case ("esmtps", "local") with an Exim id. */
static bool
exim_written(const state *st)
{
	const char *p = st->protocol;
	bool lower = p != NULL && *p != '\0';

	if (st->software != NULL && strncasecmp(st->software, "Exim", 4) == 0)
		return true;
	for (; p != NULL && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			lower = false;
	return lower && exim_id(st->hop->id);
}

static const char *
tls_text(state *st)
{
	if (st->tls_version.p != NULL && st->tls_cipher.p != NULL)
		return kn_sprintf(st->ar, "%.*s %.*s", (int)st->tls_version.n,
			st->tls_version.p, (int)st->tls_cipher.n, st->tls_cipher.p);
	if (st->tls_version.p != NULL)
		return s_dup(st, st->tls_version);
	if (st->tls_cipher.p != NULL)
		return s_dup(st, st->tls_cipher);
	return NULL;
}

bool
kn_received_parse_ex(kn_arena *ar, const char *value, size_t len,
	kensa_hop *hop, kn_received_extra *extra)
{
	state st;
	kn_date d;
	const char *clauses_end;
	kn_ip ip;

	if (hop == NULL)
		return false;
	if (value == NULL)
		len = 0;
	memset(&st, 0, sizeof(st));
	st.ar = ar;
	st.hop = hop;
	if (hop->raw == NULL)
		hop->raw = kn_strndup(ar, value != NULL ? value : "", len);

	if (len > 0 && find_date(value, len, &d, &clauses_end)) {
		hop->has_timestamp = true;
		hop->timestamp = d.utc;
	} else {
		clauses_end = value + len;
	}
	if (len > 0)
		process(&st, value, clauses_end, false);

	/* HELO: a comment's HELO wins; then "from X" names the rDNS.
	 * Exim leaves out helo= when the HELO equals the verified host
	 * name: "from host ([ip])" is then HELO and rDNS at once (Sendmail
	 * and Domino write the same form for a client without rDNS). Exim's
	 * "from user by host with local" names the submitting user. */
	if (st.from_value.p != NULL) {
		slice fv = st.from_value;
		bool exim = exim_written(&st);
		st.x.from_name = s_dup(&st, fv);
		if (exim && !st.have_ip && st.protocol != NULL &&
		    strncasecmp(st.protocol, "local", 5) == 0 &&
		    s_memchr(fv, '.') == NULL && s_memchr(fv, '[') == NULL) {
			st.from_user = true;
			st.ident = fv;
		}
		if (st.from_user) {
			/* a user, neither HELO nor host name */
		} else if (st.helo_c.p != NULL) {
			if (st.rdns.p == NULL && !ip_candidate(fv, &ip) &&
			    hostname_like(fv))
				st.rdns = fv;
		} else {
			hop->helo = s_dup(&st, fv);
			if (exim && st.from_c_ip_only && st.rdns.p == NULL &&
			    !ip_candidate(fv, &ip) && hostname_like(fv))
				st.rdns = fv;
		}
		if (!st.have_ip && !st.from_user && ip_candidate(fv, &ip)) {
			st.ip = ip;
			st.have_ip = true;
		}
	}
	if (st.helo_c.p != NULL && st.helo_c.n > 0)
		hop->helo = s_dup(&st, st.helo_c);
	if (st.rdns.p != NULL)
		hop->rdns = s_dup(&st, st.rdns);
	if (st.have_ip) {
		char buf[KN_IP_TEXT_MAX];
		kn_ip_format(&st.ip, buf, sizeof(buf));
		hop->ip = kn_strdup(ar, buf);
	}
	if (st.protocol != NULL) {
		char *up = kn_strdup(ar, st.protocol);
		for (char *q = up; q != NULL && *q; q++)
			if (*q >= 'a' && *q <= 'z')
				*q = (char)(*q - 'a' + 'A');
		hop->protocol = up;
	}
	hop->tls = tls_text(&st);
	if (st.software != NULL)
		hop->software = kn_strdup(ar, st.software);

	if (extra != NULL) {
		st.x.ident = s_dup(&st, st.ident);
		st.x.tls_version = s_dup(&st, st.tls_version);
		st.x.tls_cipher = s_dup(&st, st.tls_cipher);
		*extra = st.x;
	}
	hop->parsed = hop->helo != NULL || hop->ip != NULL || hop->by != NULL ||
		hop->rdns != NULL || st.recognised;
	return hop->parsed;
}

bool
kn_received_parse(kn_arena *ar, const char *value, size_t len,
	kensa_hop *hop)
{
	return kn_received_parse_ex(ar, value, len, hop, NULL);
}
