/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	trace 3
 * SUMMARY
 *	the Received chain as hops: delays, internal hops, originating IP
 * SYNOPSIS
 *	#include "analysis.h"
 *
 *	int kn_trace_analyze(kensa_analysis *a);
 * DESCRIPTION
 *	Every Received field (RFC 5321 4.4) of a->msg.headers is parsed by
 *	kn_received_parse(). Servers prepend the field, so the bottom one
 *	is the oldest: hops are stored oldest first in a->hops and exposed
 *	as a->trace.
 *
 *	Delays: the first timestamped hop minus the Date field, then each
 *	hop minus the previous timestamped one; negative values are kept
 *	(clocks disagree). The total runs from Date (else the first hop)
 *	to the last hop.
 *
 *	A hop is internal when its client address is loopback, private
 *	(RFC 1918), link-local, CGNAT (RFC 6598), unique-local (RFC 4193)
 *	or inside opts.trusted_networks, or when it is a well-known
 *	provider-internal relay: Microsoft 365 server-to-server hops (both
 *	ends under prod.outlook.com, protection.outlook.com,
 *	outlook.office365.com or prod.exchangelabs.com), Google
 *	internal hops (6to4 addresses embedding 10/8, "by 2002:..."), and
 *	Google's own relay to its MX (Gmail to Gmail): a client whose rDNS,
 *	as the receiving server verified it, is under google.com, received
 *	by a host under google.com "with SMTPS" (Google Transport Security;
 *	the HELO alone never counts, anyone can send it).
 *	Authenticated submission (ESMTPSA) is never internal by itself.
 *
 *	Microsoft 365 to Microsoft 365 (another tenant): the sender's
 *	tenant hands the message over inside Microsoft's network, from an
 *	outbound relay (a client named under outbound.protection.outlook.com,
 *	the "-obe" hosts) to the recipient's inbound protection (a server
 *	under mail.protection.outlook.com) over a public address. That hop
 *	is where the receiving side starts: it is the origin, and the hops
 *	below it were written inside the sender's tenant. A public IPv4
 *	client of the inbound protection is never a Microsoft 365 internal
 *	relay, whatever name it announces (Microsoft's own hops there use
 *	private or IPv6 addresses). When the origin is a Microsoft 365
 *	outbound relay, the reason says so: the message was submitted inside
 *	Microsoft 365, so the submitting client's own address is not in any
 *	Received field; X-Originating-IP, when present, is quoted as a
 *	lower-trust hint (the sender's provider writes it, no receiving
 *	server checked it).
 *
 *	The originating hop is found walking from the recipient's side
 *	(newest) back: the first hop whose client is a public address that
 *	is not internal. Hops below it were written by the sender's side
 *	and can be forged, so they are not trusted. origin_reason and
 *	origin_reason_ja explain the choice and every hop skipped.
 *
 *	kn_trace_arrival() gives the time the message arrived: the
 *	timestamp of the topmost (newest) timestamped Received field, which
 *	the receiving side wrote when it delivered the message, else Date.
 *	The authentication stage judges DKIM x= expiry at it.
 *
 *	Findings (stage "trace"): helo-address-literal, no-reverse-dns,
 *	helo-rdns-mismatch (origin hop), hop-time-reversed,
 *	date-far-from-first-hop, no-received. Defects: received-unparseable,
 *	received-capped.
 * LIMITS
 *	At most KN_TRACE_MAX_HOPS Received fields are read (the newest
 *	ones, those written by the receiving side); more raise the
 *	received-capped defect with both counts.
 * DIAGNOSTICS
 *	KENSA_EINVAL when opts.trusted_networks is not a CIDR list,
 *	KENSA_ENOMEM.
 *--*/
#include "analysis.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "trace/received.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/domain.h"
#include "util/ip.h"
#include "verdict/rules.h"

/* RFC 5321 6.3 suggests loop detection at about 100 hops; 256 is ample. */
#define KN_TRACE_MAX_HOPS 256
/* A hop may be this many seconds earlier than the one before it before
 * the clocks are called reversed: skews of a few minutes between
 * servers are common in real mail (seen in the ham corpus). */
#define KN_TRACE_SKEW_TOLERANCE 600
/* Date more than this before the first hop is suspicious (seconds). */
#define KN_TRACE_DATE_BEFORE_MAX 3600
/* Date more than this after the first hop is suspicious (seconds). */
#define KN_TRACE_DATE_AFTER_MAX 900
/* Cap of the explanation texts. */
#define KN_TRACE_REASON_MAX ((size_t)16 * 1024)

/* Why a hop is or is not the origin. */
enum why {
	W_PUBLIC = 0, W_UNPARSED, W_NOIP, W_LOOPBACK, W_PRIVATE, W_LINK_LOCAL,
	W_CGNAT, W_ULA, W_UNSPEC, W_BOGUS, W_TRUSTED, W_M365, W_GOOGLE,
	W_LOCAL, W_M365_HANDOVER
};

static const char *const why_en[] = {
	"the first client outside the receiving side",
	"unparseable",
	"without a client address",
	"loopback traffic (a local content filter or delivery agent)",
	"from a private address (RFC 1918)",
	"from a link-local address",
	"from a shared CGNAT address (RFC 6598)",
	"from a unique-local IPv6 address (RFC 4193)",
	"from the unspecified address",
	"from a reserved or multicast address",
	"from inside trusted_networks",
	"a Microsoft 365 internal relay",
	"a Google internal relay",
	"a local submission on the server",
	("a hand-over between Microsoft 365 tenants (the sender's outbound "
	 "relay to the recipient's inbound protection; Microsoft writes the "
	 "hops on both sides)"),
};

/* The origin when a tenant hand-over is the last public client. */
static const char handover_origin_en[] =
	"the sender's Microsoft 365 outbound relay, which handed the message "
	"to the recipient's inbound protection: the receiving side got the "
	"message from it, and no hop below names a public client outside "
	"Microsoft 365";
static const char handover_origin_ja[] =
	"送信者側 Microsoft 365 の送信リレーで、受信者側の受信保護(inbound "
	"protection)にメールを渡しました。受信側はここからメールを受け取り、"
	"これより下に Microsoft 365 の外の公開アドレスの送信元を示すホップは"
	"ありません";

static const char *const why_ja[] = {
	"受信側の外にある最初の送信元です",
	"解析できませんでした",
	"送信元アドレスの記載がありません",
	"ループバック通信(ローカルのコンテンツフィルタや配送プログラム)です",
	"プライベートアドレス(RFC 1918)からの中継です",
	"リンクローカルアドレスからの中継です",
	"CGNAT 共有アドレス(RFC 6598)からの中継です",
	"ユニークローカル IPv6 アドレス(RFC 4193)からの中継です",
	"未指定アドレスからの中継です",
	"予約済みまたはマルチキャストのアドレスからの中継です",
	"信頼済みネットワーク(trusted_networks)内からの中継です",
	"Microsoft 365 内部の中継です",
	"Google 内部の中継です",
	"サーバー内でのローカル投入です",
	("Microsoft 365 のテナント間の受け渡し(送信者側の送信リレーから受信者側"
	 "の受信保護へ。両側のホップを Microsoft が記録しています)です"),
};

static bool
ends_with_ci(const char *s, const char *suffix)
{
	size_t n, m;

	if (s == NULL)
		return false;
	n = strlen(s);
	m = strlen(suffix);
	while (n > 0 && s[n - 1] == '.')
		n--;
	return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

static bool
m365_host(const char *h)
{
	return ends_with_ci(h, ".prod.outlook.com") ||
		ends_with_ci(h, ".protection.outlook.com") ||
		ends_with_ci(h, ".prod.exchangelabs.com") ||
		ends_with_ci(h, ".outlook.office365.com");
}

/* The sender's Microsoft 365 outbound relays ("NAM11-BN8-obe.outbound.
 * protection.outlook.com", "mail-...outbound.protection.outlook.com"). */
static bool
m365_outbound(const char *h)
{
	return ends_with_ci(h, ".outbound.protection.outlook.com");
}

/* The recipient's inbound protection (Exchange Online Protection
 * frontend, "DB8EUR06FT022.mail.protection.outlook.com"). */
static bool
m365_inbound(const char *h)
{
	return ends_with_ci(h, ".mail.protection.outlook.com");
}

/* The hand-over from the sender's tenant to the recipient's (the client
 * address is checked by the caller). */
static bool
m365_handover(const kensa_hop *h)
{
	return m365_inbound(h->by) &&
		(m365_outbound(h->helo) || m365_outbound(h->rdns));
}

static bool
google_host(const char *h)
{
	return ends_with_ci(h, ".google.com");
}

/* Gmail to Gmail: "from mail-sor-f65.google.com (mail-sor-f65.google.com.
 * [209.85.220.65]) by mx.google.com with SMTPS id ...". */
static bool
google_relay(const kensa_hop *h)
{
	return google_host(h->rdns) && google_host(h->by) &&
		h->protocol != NULL && strcasecmp(h->protocol, "SMTPS") == 0;
}

/* A Google-internal relay: 6to4 client or server address (2002::/16
 * embedding a private IPv4), as Gmail writes between its own hosts. */
static bool
google_internal(const kensa_hop *h, const kn_ip *ip, bool have_ip)
{
	kn_ip by;

	if (have_ip && ip->family == 6 && ip->b[0] == 0x20 && ip->b[1] == 0x02)
		return kn_ip_classify(ip) == KN_IP_PRIVATE;
	if (!have_ip && h->by != NULL &&
	    kn_ip_parse(h->by, strlen(h->by), &by) && by.family == 6 &&
	    by.b[0] == 0x20 && by.b[1] == 0x02 &&
	    kn_ip_classify(&by) == KN_IP_PRIVATE)
		return true;
	return false;
}

static enum why
classify_hop(const kensa_hop *h, const kn_vec *trusted)
{
	kn_ip ip;
	bool have_ip;

	if (!h->parsed)
		return W_UNPARSED;
	have_ip = h->ip != NULL && kn_ip_parse(h->ip, strlen(h->ip), &ip);
	if (google_internal(h, &ip, have_ip))
		return W_GOOGLE;
	if (!have_ip) {
		if (h->helo == NULL && h->software != NULL &&
		    strcmp(h->software, "qmail") == 0)
			return W_LOCAL;
		return W_NOIP;
	}
	switch (kn_ip_classify(&ip)) {
	case KN_IP_LOOPBACK: return W_LOOPBACK;
	case KN_IP_PRIVATE: return W_PRIVATE;
	case KN_IP_LINK_LOCAL: return W_LINK_LOCAL;
	case KN_IP_CGNAT: return W_CGNAT;
	case KN_IP_UNIQUE_LOCAL: return W_ULA;
	case KN_IP_UNSPECIFIED: return W_UNSPEC;
	case KN_IP_MULTICAST:
	case KN_IP_RESERVED: return W_BOGUS;
	case KN_IP_PUBLIC:
	case KN_IP_DOCUMENTATION: break;
	}
	if (kn_cidr_list_match(trusted, &ip))
		return W_TRUSTED;
	if (m365_inbound(h->by)) {
		/* The receiving tenant's edge inside Microsoft. */
		if (m365_handover(h))
			return W_M365_HANDOVER;
		if (ip.family == 4)
			return W_PUBLIC;
	}
	if ((m365_host(h->helo) || m365_host(h->rdns)) && m365_host(h->by))
		return W_M365;
	if (google_relay(h))
		return W_GOOGLE;
	return W_PUBLIC;
}

static bool
why_internal(enum why w)
{
	return w != W_PUBLIC && w != W_UNPARSED && w != W_NOIP && w != W_BOGUS;
}

/* The origin is a Microsoft 365 outbound relay: say that the client who
 * submitted the message is not in Received, and quote X-Originating-IP
 * (the sender's provider writes it; nothing on the receiving side
 * checked it) as a lower-trust hint. below: hops under the origin. */
static void
explain_m365_submission(kensa_analysis *a, kn_buf *en, kn_buf *ja,
	size_t below)
{
	const kensa_header *x = kn_header_get(a, "X-Originating-IP", 1);
	kn_ip ip;
	char txt[KN_IP_TEXT_MAX];

	kn_buf_adds(en, "; the message was submitted inside Microsoft 365 "
		"(the sender's tenant), so the submitting client's own address "
		"is not recorded in Received");
	kn_buf_adds(ja, "。メールは Microsoft 365 の中(送信者側のテナント)で"
		"投入されたため、投入したクライアント自身のアドレスは Received に"
		"記録されていません");
	if (below > 0) {
		kn_buf_printf(en, " (hops 1 to %zu were written inside that "
			"tenant)", below);
		kn_buf_printf(ja, "(ホップ1〜%zuはそのテナント内で記録されたもの"
			"です)", below);
	}
	if (x != NULL && x->value != NULL &&
	    kn_ip_parse(x->value, strlen(x->value), &ip)) {
		kn_ip_class c = kn_ip_classify(&ip);

		kn_ip_format(&ip, txt, sizeof(txt));
		kn_buf_printf(en, "; X-Originating-IP gives %s (%s), a "
			"lower-trust hint: the sender's provider wrote it and no "
			"receiving server checked it", txt, kn_ip_class_name(c));
		kn_buf_printf(ja, "。X-Originating-IP は %s(%s)を示しますが、"
			"送信者側のプロバイダーが書いたもので受信側は確認していない"
			"ため、参考情報です", txt, kn_ip_class_name(c));
	}
}

/* Collect the Received fields, newest last in the input order; fill the
 * hops oldest first. */
static void
build_hops(kensa_analysis *a)
{
	size_t n = 0, total = 0;
	const kensa_header **rf;

	for (size_t i = 0; i < a->msg.header_count; i++)
		if (strcasecmp(a->msg.headers[i].name, "Received") == 0)
			total++;
	if (total == 0)
		return;
	if (total > KN_TRACE_MAX_HOPS) {
		/* Say so: the oldest hops, the sender's end, are not read. */
		kensa_evidence ev = kn_ev_header(a, "Received",
			KN_TRACE_MAX_HOPS + 1);
		char all[24], kept[24];

		snprintf(all, sizeof(all), "%zu", total);
		snprintf(kept, sizeof(kept), "%d", KN_TRACE_MAX_HOPS);
		KN_DEFECT(a, KN_RULE(trace, received_capped), &ev, all, kept);
		total = KN_TRACE_MAX_HOPS;
	}
	rf = kn_calloc(&a->ar, total, sizeof(*rf));
	if (rf == NULL)
		return;
	for (size_t i = 0; i < a->msg.header_count && n < total; i++)
		if (strcasecmp(a->msg.headers[i].name, "Received") == 0)
			rf[n++] = &a->msg.headers[i];
	for (size_t k = 0; k < n; k++) {
		const kensa_header *h = rf[n - 1 - k];
		const char *v = h->value != NULL ? h->value : h->raw;
		kensa_hop *hop = kn_vec_push(&a->ar, &a->hops, sizeof(*hop));

		if (hop == NULL)
			return;
		hop->index = (unsigned)k;
		hop->header = h->occurrence;
		hop->raw = kn_strdup(&a->ar, v != NULL ? v : "");
		if (!kn_received_parse(&a->ar, hop->raw, strlen(hop->raw), hop)) {
			kensa_evidence ev = kn_ev_header(a, "Received", h->occurrence);
			char occ[16];
			snprintf(occ, sizeof(occ), "%u", h->occurrence);
			KN_DEFECT(a, KN_RULE(trace, received_unparseable), &ev, occ, hop->raw);
		}
	}
}

static void
compute_delays(kensa_analysis *a)
{
	kensa_hop *hops = a->hops.items;
	bool have_prev = a->msg.date_valid;
	int64_t prev = a->msg.date_utc, first = 0, last = 0;
	bool have_first = false, have_last = false;

	for (size_t k = 0; k < a->hops.count; k++) {
		kensa_hop *h = &hops[k];
		if (!h->has_timestamp)
			continue;
		if (have_prev) {
			h->has_delay = true;
			h->delay_s = h->timestamp - prev;
		}
		if (!have_first) {
			first = h->timestamp;
			have_first = true;
		}
		prev = h->timestamp;
		have_prev = true;
		last = h->timestamp;
		have_last = true;
	}
	if (have_last && a->msg.date_valid) {
		a->trace.has_total_delay = true;
		a->trace.total_delay_s = last - a->msg.date_utc;
	} else if (have_last && have_first) {
		a->trace.has_total_delay = true;
		a->trace.total_delay_s = last - first;
	}
}

/* Append "; hop N is <why>" for each skipped hop from newest to stop. */
static void
explain_skipped(kn_buf *en, kn_buf *ja, const kensa_hop *hops,
	const enum why *why, size_t n, size_t stop)
{
	for (size_t k = n; k > stop; k--) {
		size_t j = k - 1;
		kn_buf_printf(en, "; hop %zu (Received #%u) is %s", j + 1,
			hops[j].header, why_en[why[j]]);
		kn_buf_printf(ja, "。ホップ%zu(Received #%u)は%s", j + 1,
			hops[j].header, why_ja[why[j]]);
	}
}

static void
choose_origin(kensa_analysis *a, const kn_vec *trusted)
{
	kensa_hop *hops = a->hops.items;
	size_t n = a->hops.count;
	enum why *why;
	kn_buf en, ja;
	int origin = -1, handover = -1;

	if (n == 0) {
		a->trace.origin_reason = "there is no Received field";
		a->trace.origin_reason_ja = "Received ヘッダーがありません";
		return;
	}
	why = kn_calloc(&a->ar, n, sizeof(*why));
	if (why == NULL)
		return;
	for (size_t k = 0; k < n; k++) {
		why[k] = classify_hop(&hops[k], trusted);
		hops[k].internal = why_internal(why[k]);
	}
	for (size_t k = n; k > 0; k--) {
		if (why[k - 1] == W_PUBLIC) {
			origin = (int)(k - 1);
			break;
		}
		if (why[k - 1] == W_M365_HANDOVER && handover < 0)
			handover = (int)(k - 1);
	}
	if (origin < 0 && handover >= 0) {
		/* Microsoft 365 to Microsoft 365: the submitting client is
		 * not recorded; the hand-over is the last public client. */
		origin = handover;
		hops[origin].internal = false;
	}
	kn_buf_init(&en, KN_TRACE_REASON_MAX);
	kn_buf_init(&ja, KN_TRACE_REASON_MAX);
	if (origin >= 0) {
		const kensa_hop *o = &hops[origin];
		bool ho = why[origin] == W_M365_HANDOVER;

		kn_buf_printf(&en, "hop %d (Received #%u): %s is %s", origin + 1,
			o->header, o->ip, ho ? handover_origin_en : why_en[W_PUBLIC]);
		kn_buf_printf(&ja, "ホップ%d(Received #%u):%s は%s", origin + 1,
			o->header, o->ip, ho ? handover_origin_ja : why_ja[W_PUBLIC]);
		explain_skipped(&en, &ja, hops, why, n, (size_t)origin + 1);
		if (m365_outbound(o->helo) || m365_outbound(o->rdns))
			explain_m365_submission(a, &en, &ja, (size_t)origin);
		a->trace.origin_hop = origin;
		a->trace.origin_ip = o->ip;
	} else {
		kn_buf_adds(&en, "no hop names a public client address outside "
			"the receiving side");
		kn_buf_adds(&ja, "受信側の外にある公開アドレスの送信元を示すホップは"
			"ありません");
		explain_skipped(&en, &ja, hops, why, n, 0);
		a->trace.origin_hop = -1;
		a->trace.origin_ip = NULL;
	}
	kn_buf_adds(&ja, "。");
	a->trace.origin_reason = kn_strndup(&a->ar, kn_buf_cstr(&en), en.len);
	a->trace.origin_reason_ja = kn_strndup(&a->ar, kn_buf_cstr(&ja), ja.len);
	kn_buf_dispose(&en);
	kn_buf_dispose(&ja);
}

static bool
is_address_literal(const char *s, kn_ip *ip)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strlen(s);
	return kn_ip_parse(s, n, ip);
}

static void
origin_findings(kensa_analysis *a)
{
	const kensa_hop *o;
	kensa_evidence ev;
	char num[16], occ[16];
	kn_ip lit;

	if (a->trace.origin_hop < 0)
		return;
	o = &a->trace.hops[a->trace.origin_hop];
	ev = kn_ev_header(a, "Received", o->header);
	snprintf(num, sizeof(num), "%d", a->trace.origin_hop + 1);
	snprintf(occ, sizeof(occ), "%u", o->header);

	if (is_address_literal(o->helo, &lit)) {
		kn_ip_class c = kn_ip_classify(&lit);
		const kn_rule *r = kn_ip_class_internal(c)
			? KN_RULE_V(trace, helo_address_literal, private) : KN_RULE(trace, helo_address_literal);
		KN_FINDING(a, r, &ev, num, occ, o->helo, o->ip, kn_ip_class_name(c));
	}
	if (o->rdns == NULL && m365_handover(o) && o->ip != NULL) {
		/* Exchange Online writes no rDNS name, and the client is
		 * Microsoft's relay, not the sender's server: no finding. */
	} else if (o->rdns == NULL) {
		KN_FINDING(a, KN_RULE_V(trace, no_reverse_dns, unrecorded), &ev, num, occ, o->ip);
	} else if (strcasecmp(o->rdns, "unknown") == 0) {
		KN_FINDING(a, KN_RULE(trace, no_reverse_dns), &ev, num, occ, o->ip, o->rdns);
	} else if (o->helo != NULL && !is_address_literal(o->helo, &lit) &&
	    strchr(o->helo, '.') != NULL && strchr(o->rdns, '.') != NULL &&
	    !kn_org_domain_same(&a->ar, o->helo, o->rdns)) {
		KN_FINDING(a, KN_RULE(trace, helo_rdns_mismatch), &ev, num, occ, o->helo, o->rdns,
			o->ip);
	}
}

static void
time_findings(kensa_analysis *a)
{
	const kensa_hop *hops = a->trace.hops;
	const kensa_hop *prev = NULL, *first = NULL;
	char t1[32], t2[32], num[24], occ[16], secs[24], pnum[16];

	for (size_t k = 0; k < a->trace.hop_count; k++) {
		const kensa_hop *h = &hops[k];
		if (!h->has_timestamp)
			continue;
		if (first == NULL)
			first = h;
		if (prev != NULL &&
		    h->timestamp < prev->timestamp - KN_TRACE_SKEW_TOLERANCE) {
			kensa_evidence ev = kn_ev_header(a, "Received", h->header);
			kn_date_rfc3339(h->timestamp, t1, sizeof(t1));
			snprintf(num, sizeof(num), "%zu", k + 1);
			snprintf(occ, sizeof(occ), "%u", h->header);
			snprintf(secs, sizeof(secs), "%lld",
				(long long)(prev->timestamp - h->timestamp));
			snprintf(pnum, sizeof(pnum), "%u", prev->index + 1);
			KN_FINDING(a, KN_RULE(trace, hop_time_reversed), &ev, num, occ, t1, secs, pnum);
		}
		prev = h;
	}
	if (first != NULL && a->msg.date_valid) {
		int64_t d = first->timestamp - a->msg.date_utc;
		if (d > KN_TRACE_DATE_BEFORE_MAX || d < -KN_TRACE_DATE_AFTER_MAX) {
			kensa_evidence ev = kn_ev_header(a, "Received", first->header);
			kn_date_rfc3339(a->msg.date_utc, t1, sizeof(t1));
			kn_date_rfc3339(first->timestamp, t2, sizeof(t2));
			snprintf(occ, sizeof(occ), "%u", first->header);
			snprintf(secs, sizeof(secs), "%lld", (long long)(d < 0 ? -d : d));
			KN_FINDING(a, KN_RULE(trace, date_far_from_first_hop), &ev, t1, occ, t2, secs);
		}
	}
}

bool
kn_trace_arrival(const kensa_analysis *a, int64_t *utc)
{
	for (size_t k = a->trace.hop_count; k > 0; k--) {
		if (a->trace.hops[k - 1].has_timestamp) {
			*utc = a->trace.hops[k - 1].timestamp;
			return true;
		}
	}
	if (a->msg.date_valid) {
		*utc = a->msg.date_utc;
		return true;
	}
	return false;
}

int
kn_trace_analyze(kensa_analysis *a)
{
	kn_vec trusted = { 0 };
	int rc;

	a->trace.origin_hop = -1;
	rc = kn_cidr_list_parse(&a->ar, a->opts.trusted_networks, &trusted);
	if (rc < 0)
		return rc;
	build_hops(a);
	a->trace.hops = a->hops.items;
	a->trace.hop_count = a->hops.count;
	compute_delays(a);
	choose_origin(a, &trusted);
	if (a->trace.hop_count == 0) {
		kensa_evidence ev = kn_ev_header(a, "Received", 1);
		KN_FINDING(a, KN_RULE(trace, no_received), &ev, NULL);
	}
	origin_findings(a);
	time_findings(a);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}
