/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_trace_trace
 * SUMMARY
 *	hop chain, delays, internal hops, origin choice and trace findings:
 *	the seed message end to end, then hand-built chains
 *--*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "util/date.h"

/* ---- helpers ------------------------------------------------------ */

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A hand-built analysis: headers given newest first as "Name", "value"
 * pairs, an optional Date. */
static kensa_analysis *
make(const char *date, const char *trusted, const char *const *fields,
	size_t nfields)
{
	kensa_analysis *a = calloc(1, sizeof(*a));
	kensa_header *hs;

	assert_non_null(a);
	kn_arena_init(&a->ar);
	a->opts.version = KENSA_OPTIONS_VERSION;
	a->opts.trusted_networks = trusted;
	a->trace.origin_hop = -1;
	hs = kn_calloc(&a->ar, nfields / 2 + 1, sizeof(*hs));
	for (size_t i = 0; i < nfields / 2; i++) {
		hs[i].name = fields[2 * i];
		hs[i].value = fields[2 * i + 1];
		hs[i].raw = fields[2 * i + 1];
		hs[i].length = strlen(fields[2 * i + 1]);
		hs[i].offset = i * 100;
		for (size_t j = 0; j <= i; j++)
			if (strcmp(hs[j].name, hs[i].name) == 0)
				hs[i].occurrence++;
	}
	a->msg.headers = hs;
	a->msg.header_count = nfields / 2;
	if (date != NULL) {
		kn_date d;
		assert_true(kn_date_parse(date, strlen(date), &d));
		a->msg.date_valid = true;
		a->msg.date_utc = d.utc;
		a->msg.date_raw = date;
	}
	return a;
}

#define MAKE(date, trusted, ...) \
	make((date), (trusted), (const char *const[]){ __VA_ARGS__ }, \
		sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *))

static const kensa_finding *
find(const kensa_analysis *a, const char *id)
{
	const kensa_finding *f = a->findings.items;

	for (size_t i = 0; i < a->findings.count; i++)
		if (strcmp(f[i].id, id) == 0)
			return &f[i];
	return NULL;
}

static void
assert_evidence(const kensa_finding *f, unsigned occ, const char *needle)
{
	assert_non_null(f);
	assert_string_equal(f->evidence.header, "Received");
	assert_int_equal(f->evidence.occurrence, occ);
	assert_non_null(f->evidence.text);
	assert_non_null(strstr(f->evidence.text, needle));
	assert_non_null(f->title[KENSA_LANG_EN]);
	assert_non_null(f->title[KENSA_LANG_JA]);
	assert_non_null(f->detail[KENSA_LANG_JA]);
	assert_null(strstr(f->detail[KENSA_LANG_EN], "{"));
}

/* ---- the seed message --------------------------------------------- */

static void
check_seed_trace(const kensa_analysis *a)
{
	const kensa_trace *t = &a->trace;
	const kensa_finding *f;

	assert_int_equal(t->hop_count, 2);
	assert_int_equal(t->origin_hop, 0);
	assert_string_equal(t->origin_ip, "20.188.24.132");
	assert_string_equal(t->hops[0].helo, "[127.0.0.1]");
	assert_string_equal(t->hops[0].rdns, "unknown");
	assert_string_equal(t->hops[0].ip, "20.188.24.132");
	assert_int_equal(t->hops[0].header, 2);
	assert_int_equal(t->hops[0].index, 0);
	assert_false(t->hops[0].internal);
	assert_string_equal(t->hops[1].ip, "127.0.0.1");
	assert_int_equal(t->hops[1].header, 1);
	assert_true(t->hops[1].internal);
	assert_true(t->hops[0].has_delay);
	assert_int_equal(t->hops[0].delay_s, 6);
	assert_true(t->hops[1].has_delay);
	assert_int_equal(t->hops[1].delay_s, 1);
	assert_true(t->has_total_delay);
	assert_int_equal(t->total_delay_s, 7);
	assert_non_null(strstr(t->origin_reason,
		"hop 1 (Received #2): 20.188.24.132 is the first client outside"));
	assert_non_null(strstr(t->origin_reason, "hop 2 (Received #1) is loopback"));
	assert_non_null(strstr(t->origin_reason_ja, "ホップ1(Received #2)"));
	assert_non_null(strstr(t->origin_reason_ja, "ループバック"));

	f = find(a, "helo-address-literal");
	assert_evidence(f, 2, "from [127.0.0.1]");
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "20.188.24.132"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "loopback"));
	f = find(a, "no-reverse-dns");
	assert_evidence(f, 2, "unknown [20.188.24.132]");
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	assert_null(find(a, "helo-rdns-mismatch"));
	assert_null(find(a, "hop-time-reversed"));
	assert_null(find(a, "date-far-from-first-hop"));
	assert_null(find(a, "no-received"));
}

static void
test_seed_end_to_end(void **state)
{
	size_t len;
	char *msg = read_file(KENSA_TEST_SHARED_DIR
		"/cases/seed-kagoya/message.eml", &len);
	kensa_analysis *a = NULL;

	(void)state;
	assert_int_equal(kensa_analyze(&a, msg, len, NULL), 0);
	if (kensa_analysis_message(a)->header_count == 0) {
		/* Message stage not filling headers yet: nothing to trace. */
		kensa_analysis_free(a);
		free(msg);
		skip();
	}
	check_seed_trace(a);
	assert_ptr_equal(kensa_analysis_trace(a), &a->trace);
	kensa_analysis_free(a);
	free(msg);
}

static void
test_seed_by_hand(void **state)
{
	kensa_analysis *a = MAKE("Thu, 14 Oct 2021 07:41:02 +0000", NULL,
		"Return-Path", "<t-nakano@dd-sample.co.jp>",
		"Received", "from mx1.office-sample.jp (localhost [127.0.0.1]) by "
		"mx1.office-sample.jp (Postfix) with ESMTP id 4HVQ5n2Lq8z2xKp for "
		"<info@office-sample.jp>; Thu, 14 Oct 2021 16:41:09 +0900 (JST)",
		"X-Virus-Scanned", "Debian amavisd-new at mx1.office-sample.jp",
		"Received", "from [127.0.0.1] (unknown [20.188.24.132]) by "
		"mx1.office-sample.jp (Postfix) with ESMTP id 4HVQ5m6Wc3z2xKn for "
		"<info@office-sample.jp>; Thu, 14 Oct 2021 16:41:08 +0900 (JST)",
		"Date", "Thu, 14 Oct 2021 07:41:02 +0000");

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	check_seed_trace(a);
	kensa_analysis_free(a);
}

static void
test_trusted_invalid_fails_analysis(void **state)
{
	size_t len;
	char *msg = read_file(KENSA_TEST_SHARED_DIR
		"/cases/seed-kagoya/message.eml", &len);
	kensa_options o = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;

	(void)state;
	o.trusted_networks = "192.0.2.0/24,not-a-network";
	assert_int_equal(kensa_analyze(&a, msg, len, &o), KENSA_EINVAL);
	assert_null(a);
	o.trusted_networks = "20.188.0.0/16";
	assert_int_equal(kensa_analyze(&a, msg, len, &o), 0);
	if (kensa_analysis_message(a)->header_count > 0) {
		/* The seed's client is now inside the receiving side. */
		assert_int_equal(a->trace.origin_hop, -1);
		assert_true(a->trace.hops[0].internal);
		assert_non_null(strstr(a->trace.origin_reason, "trusted_networks"));
	}
	kensa_analysis_free(a);
	free(msg);
}

/* ---- origin selection --------------------------------------------- */

static void
test_origin_m365(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL,
		"Received", "from OS3PR01MB5678.jpnprd01.prod.outlook.com "
		"([fe80::1c2:3d4:5e6:7f80]) by OS3PR01MB5678.jpnprd01.prod.outlook.com "
		"([fe80::1c2:3d4:5e6:7f80%7]) with mapi id 15.20.4608.016; Thu, 14 Oct "
		"2021 07:41:06 +0000",
		"Received", "from TYCPR01CA0001.jpnprd01.prod.outlook.com "
		"(2603:1096:405:1::13) by OS3PR01MB5678.jpnprd01.prod.outlook.com "
		"(2603:1096:604:2::9) with Microsoft SMTP Server (version=TLS1_2, "
		"cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.4608.16; Thu, "
		"14 Oct 2021 07:41:05 +0000",
		"Received", "from TY2JPN01FT003.eop-JPN01.prod.protection.outlook.com "
		"(2603:1096:404:a0:cafe::1) by TYCPR01CA0001.outlook.office365.com "
		"(2603:1096:405:1::13) with Microsoft SMTP Server (version=TLS1_2, "
		"cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.4608.16 via "
		"Frontend Transport; Thu, 14 Oct 2021 07:41:04 +0000",
		"Received", "from mail.sender-corp.co.jp (198.51.100.25) by "
		"TY2JPN01FT003.mail.protection.outlook.com (10.152.1.2) with Microsoft "
		"SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_"
		"SHA384) id 15.20.4608.15 via Frontend Transport; Thu, 14 Oct 2021 "
		"07:41:03 +0000",
		"Received", "from [192.168.10.5] (unknown [192.168.10.5]) by "
		"mail.sender-corp.co.jp (Postfix) with ESMTPSA id 4HVQ; Thu, 14 Oct "
		"2021 16:41:02 +0900");

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.hop_count, 5);
	assert_int_equal(a->trace.origin_hop, 1);
	assert_string_equal(a->trace.origin_ip, "198.51.100.25");
	assert_true(a->trace.hops[0].internal);   /* sender's LAN */
	assert_false(a->trace.hops[1].internal);
	assert_true(a->trace.hops[2].internal);   /* EOP -> frontend */
	assert_true(a->trace.hops[3].internal);   /* frontend -> mailbox */
	assert_true(a->trace.hops[4].internal);   /* link-local mapi */
	assert_non_null(strstr(a->trace.origin_reason,
		"hop 3 (Received #3) is a Microsoft 365 internal relay"));
	assert_non_null(strstr(a->trace.origin_reason,
		"hop 5 (Received #1) is from a link-local address"));
	assert_non_null(strstr(a->trace.origin_reason_ja, "Microsoft 365 内部"));
	/* Exchange's "(ip)" records no rDNS name. */
	assert_int_equal(find(a, "no-reverse-dns")->severity, KENSA_SEV_LOW);
	assert_null(find(a, "helo-address-literal"));
	kensa_analysis_free(a);
}

/* Microsoft 365 to Microsoft 365 (the Received chain of phishing_pot
 * sample-1086, shortened): the sender's tenant, its outbound relay, the
 * recipient's inbound protection and mailbox. below: the oldest field
 * (the sender's side), or NULL for the mapi submission. */
#define M365_TOP \
	"Received", "from DB9PR06CA0014.eurprd06.prod.outlook.com " \
	"(2603:10a6:10:1db::19) by SN7PR19MB4784.namprd19.prod.outlook.com " \
	"(2603:10b6:806:f7::12) with Microsoft SMTP Server (version=TLS1_2, " \
	"cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6678.26; Tue, " \
	"15 Aug 2023 15:25:53 +0000", \
	"Received", "from DB8EUR06FT022.eop-eur06.prod.protection.outlook.com " \
	"(2603:10a6:10:1db:cafe::4c) by DB9PR06CA0014.outlook.office365.com " \
	"(2603:10a6:10:1db::19) with Microsoft SMTP Server (version=TLS1_2, " \
	"cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6652.33 via " \
	"Frontend Transport; Tue, 15 Aug 2023 15:25:51 +0000"
#define M365_HANDOVER(helo, ip, by) \
	"Received", "from " helo " (" ip ") by " by " (10.233.253.31) with " \
	"Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_" \
	"256_GCM_SHA384) id 15.20.6699.15 via Frontend Transport; Tue, 15 Aug " \
	"2023 15:25:51 +0000"
#define M365_SENDER \
	"Received", "from SJ0PR03MB5951.namprd03.prod.outlook.com " \
	"(2603:10b6:a03:2de::13) by LV3PR03MB7359.namprd03.prod.outlook.com " \
	"(2603:10b6:408:1a2::10) with Microsoft SMTP Server (version=TLS1_2, " \
	"cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.6678.26; Tue, " \
	"15 Aug 2023 15:25:46 +0000", \
	"Received", "from SJ0PR03MB5951.namprd03.prod.outlook.com " \
	"([fe80::1f00:2583:f2ad:fccf]) by SJ0PR03MB5951.namprd03.prod.outlook." \
	"com ([fe80::1f00:2583:f2ad:fccf%3]) with mapi id 15.20.6678.025; Tue, " \
	"15 Aug 2023 15:25:46 +0000"
#define OBE "NAM11-BN8-obe.outbound.protection.outlook.com"
#define EOP_IN "DB8EUR06FT022.mail.protection.outlook.com"

static void
test_origin_m365_to_m365(void **state)
{
	kensa_analysis *a = MAKE("Tue, 15 Aug 2023 15:25:45 +0000", NULL,
		M365_TOP, M365_HANDOVER(OBE, "40.92.20.10", EOP_IN), M365_SENDER,
		"X-Originating-IP", "[2001:db8::77]");
	int64_t t = 0;

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.hop_count, 5);
	/* The hand-over is where the receiving side got the message. */
	assert_int_equal(a->trace.origin_hop, 2);
	assert_string_equal(a->trace.origin_ip, "40.92.20.10");
	assert_false(a->trace.hops[2].internal);
	assert_true(a->trace.hops[0].internal);
	assert_true(a->trace.hops[1].internal);
	assert_true(a->trace.hops[3].internal);
	assert_non_null(strstr(a->trace.origin_reason,
		"40.92.20.10 is the sender's Microsoft 365 outbound relay"));
	assert_non_null(strstr(a->trace.origin_reason,
		"submitted inside Microsoft 365 (the sender's tenant)"));
	assert_non_null(strstr(a->trace.origin_reason,
		"hops 1 to 2 were written inside that tenant"));
	assert_non_null(strstr(a->trace.origin_reason,
		"X-Originating-IP gives 2001:db8::77"));
	assert_non_null(strstr(a->trace.origin_reason, "lower-trust hint"));
	assert_non_null(strstr(a->trace.origin_reason_ja, "送信リレー"));
	assert_non_null(strstr(a->trace.origin_reason_ja, "参考情報"));
	/* Microsoft's relay, not the sender's server: no rDNS finding. */
	assert_null(find(a, "no-reverse-dns"));
	/* Arrival: the newest Received. */
	assert_true(kn_trace_arrival(a, &t));
	assert_int_equal(t, 1692113153);
	kensa_analysis_free(a);

	/* Without X-Originating-IP there is no hint. */
	a = MAKE(NULL, NULL, M365_TOP, M365_HANDOVER(OBE, "40.92.20.10",
		EOP_IN), M365_SENDER);
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_string_equal(a->trace.origin_ip, "40.92.20.10");
	assert_null(strstr(a->trace.origin_reason, "X-Originating-IP"));
	kensa_analysis_free(a);
}

/* The hand-over is Microsoft's: a public client below it (mail that
 * came into the sender's tenant from outside, then was forwarded) is
 * still the origin, as before. */
static void
test_origin_m365_forwarded(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL,
		M365_TOP, M365_HANDOVER(OBE, "40.107.21.114", EOP_IN),
		"Received", "from DB1PEPF000509E8.eurprd03.prod.outlook.com "
		"(2603:10a6:10:4b3:cafe::b9) by DUZPR01CA0176.outlook.office365.com "
		"(2603:10a6:10:4b3::12) with Microsoft SMTP Server id 15.20.7677.15 "
		"via Frontend Transport; Sun, 9 Jun 2024 20:23:44 +0000",
		"Received", "from sonic311-43.consmr.mail.bf2.yahoo.com "
		"(74.6.131.217) by DB1PEPF000509E8.mail.protection.outlook.com "
		"(10.167.242.58) with Microsoft SMTP Server (version=TLS1_3, "
		"cipher=TLS_AES_256_GCM_SHA384) id 15.20.7677.15 via Frontend "
		"Transport; Sun, 9 Jun 2024 20:23:43 +0000");

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_string_equal(a->trace.origin_ip, "74.6.131.217");
	assert_int_equal(a->trace.origin_hop, 0);
	assert_true(a->trace.hops[2].internal);
	assert_non_null(strstr(a->trace.origin_reason,
		"hop 3 (Received #3) is a hand-over between Microsoft 365 tenants"));
	assert_null(strstr(a->trace.origin_reason, "submitted inside"));
	kensa_analysis_free(a);
}

/* Not a hand-over: a public IPv4 client of the inbound protection is the
 * origin whatever Microsoft name it announces (and gets the usual rDNS
 * finding); an outbound relay sending to another provider is the origin,
 * with the Microsoft 365 submission note. */
static void
test_origin_m365_not_handover(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL, M365_TOP,
		M365_HANDOVER("SJ0PR03MB5951.namprd03.prod.outlook.com",
			"203.0.113.50", EOP_IN), M365_SENDER);

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_string_equal(a->trace.origin_ip, "203.0.113.50");
	assert_non_null(strstr(a->trace.origin_reason,
		"the first client outside the receiving side"));
	assert_null(strstr(a->trace.origin_reason, "submitted inside"));
	assert_non_null(find(a, "no-reverse-dns"));
	kensa_analysis_free(a);

	/* An outbound relay handing the message to another provider. */
	a = MAKE(NULL, NULL,
		"Received", "from " OBE " (" OBE " [40.92.20.10]) by "
		"mx.example.jp (Postfix) with ESMTPS id 4ABC; Tue, 15 Aug 2023 "
		"15:25:52 +0000", M365_SENDER,
		"X-Originating-IP", "[10.1.2.3]");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_string_equal(a->trace.origin_ip, "40.92.20.10");
	assert_non_null(strstr(a->trace.origin_reason,
		"the first client outside the receiving side"));
	assert_non_null(strstr(a->trace.origin_reason,
		"submitted inside Microsoft 365"));
	assert_non_null(strstr(a->trace.origin_reason,
		"X-Originating-IP gives 10.1.2.3 (private)"));
	kensa_analysis_free(a);
}

/* The arrival time: newest timestamped Received, else Date, else none. */
static void
test_arrival(void **state)
{
	kensa_analysis *a = MAKE("Thu, 14 Oct 2021 16:40:00 +0900", NULL,
		"Received", "by mailbox.example.jp (Postfix, from userid 0) id X",
		"Received", "from mail.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx-in.example.jp (Postfix) with ESMTP id A0; "
		"Thu, 14 Oct 2021 16:41:08 +0900");
	int64_t t = 0;

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_true(kn_trace_arrival(a, &t));
	assert_int_equal(t, 1634197268);
	kensa_analysis_free(a);

	a = MAKE("Thu, 14 Oct 2021 16:40:00 +0900", NULL,
		"Subject", "no trace");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_true(kn_trace_arrival(a, &t));
	assert_int_equal(t, 1634197200);
	kensa_analysis_free(a);

	a = MAKE(NULL, NULL, "Subject", "nothing");
	t = 7;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_false(kn_trace_arrival(a, &t));
	assert_int_equal(t, 7);
	kensa_analysis_free(a);
}

static void
test_origin_gmail(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL,
		"Received", "by 2002:a05:6a10:a0c9:b0:3d4:1f7e:77b5 with SMTP id "
		"x9csp123456pxu; Thu, 14 Oct 2021 00:41:07 -0700 (PDT)",
		"Received", "from mail.sender-corp.co.jp (mail.sender-corp.co.jp. "
		"[203.0.113.9]) by mx.google.com with ESMTPS id a1si123 for "
		"<u@gmail.com> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 "
		"bits=256/256); Thu, 14 Oct 2021 00:41:06 -0700 (PDT)",
		"Received", "from [10.0.0.5] (pc.other-isp.ne.jp [198.51.100.99]) by "
		"mail.sender-corp.co.jp with ESMTPSA id 5; Thu, 14 Oct 2021 16:41:05 "
		"+0900");

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 1);
	assert_string_equal(a->trace.origin_ip, "203.0.113.9");
	assert_true(a->trace.hops[2].internal);
	assert_false(a->trace.hops[0].internal); /* ESMTPSA is not internal */
	assert_non_null(strstr(a->trace.origin_reason,
		"hop 3 (Received #1) is a Google internal relay"));
	assert_null(find(a, "no-reverse-dns"));
	assert_null(find(a, "helo-rdns-mismatch"));
	kensa_analysis_free(a);
}

/* Gmail to Gmail: mail-sor -> mx.google.com "with SMTPS" is Google's own
 * relay; the origin is the client smtp.gmail.com recorded. */
static kensa_analysis *
gmail_to_gmail(const char *relay_rdns, const char *mx, const char *proto)
{
	static char relay[512];

	snprintf(relay, sizeof(relay), "from mail-sor-f65.google.com (%s "
		"[209.85.220.65]) by %s with %s id u1-2023sor1.5.2023.03.14 for "
		"<w@gmail.com> (Google Transport Security); Tue, 14 Mar 2023 "
		"01:30:11 -0700 (PDT)", relay_rdns, mx, proto);
	return MAKE(NULL, NULL,
		"Received", "by 2002:a05:7208:3185:b0:74:8b1e:9a2c with SMTP id "
		"b5csp1234567rbh; Tue, 14 Mar 2023 01:30:12 -0700 (PDT)",
		"Received", relay,
		"Received", "from [192.168.10.4] ([IPv6:::ffff:203.0.113.77]) by "
		"smtp.gmail.com with ESMTPSA id q7sm1234567pfh.12.2023.03.14 "
		"(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128); Tue, "
		"14 Mar 2023 01:30:10 -0700 (PDT)");
}

static void
test_origin_gmail_to_gmail(void **state)
{
	kensa_analysis *a = gmail_to_gmail("mail-sor-f65.google.com.",
		"mx.google.com", "SMTPS");

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.hop_count, 3);
	assert_int_equal(a->trace.origin_hop, 0);
	assert_string_equal(a->trace.origin_ip, "203.0.113.77");
	assert_false(a->trace.hops[0].internal);
	assert_true(a->trace.hops[1].internal);
	assert_true(a->trace.hops[2].internal);
	assert_non_null(strstr(a->trace.origin_reason,
		"hop 2 (Received #2) is a Google internal relay"));
	assert_non_null(find(a, "helo-address-literal"));
	kensa_analysis_free(a);

	/* Tight: both ends Google, rDNS (not HELO) under google.com, and
	 * Google's SMTPS transport; otherwise the relay is the origin. */
	a = gmail_to_gmail("relay.attacker.example", "mx.google.com", "SMTPS");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 1);
	assert_false(a->trace.hops[1].internal);
	kensa_analysis_free(a);
	a = gmail_to_gmail("mail-sor-f65.google.com.", "mx.example.jp", "SMTPS");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 1);
	kensa_analysis_free(a);
	a = gmail_to_gmail("mail-sor-f65.google.com.", "mx.google.com", "ESMTPS");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 1);
	assert_string_equal(a->trace.origin_ip, "209.85.220.65");
	kensa_analysis_free(a);
	a = gmail_to_gmail("mail-sor-f65.google.com.evil.example",
		"mx.google.com", "SMTPS");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 1);
	kensa_analysis_free(a);
}

static void
test_origin_trusted_networks(void **state)
{
	const char *r1 = "from mx-in.example.jp (mx-in.example.jp [192.0.2.10]) "
		"by mailbox.example.jp (Postfix) with ESMTP id A1; Thu, 14 Oct 2021 "
		"16:41:09 +0900";
	const char *r2 = "from mail.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx-in.example.jp (Postfix) with ESMTP id A0; "
		"Thu, 14 Oct 2021 16:41:08 +0900";
	kensa_analysis *a = MAKE(NULL, NULL, "Received", r1, "Received", r2);

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 1);
	assert_string_equal(a->trace.origin_ip, "192.0.2.10");
	kensa_analysis_free(a);

	a = MAKE(NULL, "192.0.2.0/24, 2001:db8::/32", "Received", r1,
		"Received", r2);
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.origin_hop, 0);
	assert_string_equal(a->trace.origin_ip, "198.51.100.25");
	assert_true(a->trace.hops[1].internal);
	assert_non_null(strstr(a->trace.origin_reason,
		"hop 2 (Received #1) is from inside trusted_networks"));
	kensa_analysis_free(a);

	a = MAKE(NULL, "192.0.2.0/24,10.0.0.0/99", "Received", r1);
	assert_int_equal(kn_trace_analyze(a), KENSA_EINVAL);
	kensa_analysis_free(a);
}

static void
test_origin_all_private(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL,
		"Received", "from relay.corp.example (relay.corp.example [10.0.0.2]) "
		"by mbox.corp.example with LMTP id Q1; Thu, 14 Oct 2021 16:41:09 +0900",
		"Received", "from pc12.corp.example ([192.168.1.3]) by "
		"relay.corp.example with ESMTP id Q0; Thu, 14 Oct 2021 16:41:08 +0900",
		"Received", "from cgn.example (cgn.example [100.64.1.1]) by "
		"pc12.corp.example with SMTP id Q; Thu, 14 Oct 2021 16:41:07 +0900");

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.hop_count, 3);
	assert_int_equal(a->trace.origin_hop, -1);
	assert_null(a->trace.origin_ip);
	for (size_t k = 0; k < 3; k++)
		assert_true(a->trace.hops[k].internal);
	assert_non_null(strstr(a->trace.origin_reason,
		"no hop names a public client address"));
	assert_non_null(strstr(a->trace.origin_reason, "CGNAT"));
	assert_non_null(strstr(a->trace.origin_reason_ja, "公開アドレス"));
	/* No origin: no origin findings. */
	assert_null(find(a, "no-reverse-dns"));
	assert_null(find(a, "helo-address-literal"));
	kensa_analysis_free(a);
}

/* ---- findings ----------------------------------------------------- */

static void
test_helo_literal_public(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL, "Received",
		"from [198.51.100.7] (host7.sender-corp.co.jp [198.51.100.7]) by "
		"mx.example.jp (Postfix) with ESMTP id B; Thu, 14 Oct 2021 16:41:08 "
		"+0900");
	const kensa_finding *f;

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	f = find(a, "helo-address-literal");
	assert_evidence(f, 1, "from [198.51.100.7]");
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	assert_null(find(a, "no-reverse-dns"));
	assert_null(find(a, "helo-rdns-mismatch")); /* literal: not compared */
	kensa_analysis_free(a);
}

static void
test_helo_rdns_mismatch(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL, "Received",
		"from mail.sender-corp.co.jp (ec2-198-51-100-25.compute-1."
		"amazonaws.com [198.51.100.25]) by mx.example.jp (Postfix) with "
		"ESMTP id C; Thu, 14 Oct 2021 16:41:08 +0900");
	const kensa_finding *f;

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	f = find(a, "helo-rdns-mismatch");
	assert_evidence(f, 1, "amazonaws.com");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "mail.sender-corp.co.jp"));
	assert_null(find(a, "helo-address-literal"));
	assert_null(find(a, "no-reverse-dns"));
	kensa_analysis_free(a);

	/* Same organisation under a multi-label suffix (co.jp). */
	a = MAKE(NULL, NULL, "Received",
		"from mx1.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx.example.jp (Postfix) with ESMTP id C; Thu, "
		"14 Oct 2021 16:41:08 +0900");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_null(find(a, "helo-rdns-mismatch"));
	assert_int_equal(a->findings.count, 0);
	kensa_analysis_free(a);
}

static void
test_time_findings(void **state)
{
	kensa_analysis *a = MAKE("Thu, 14 Oct 2021 05:00:00 +0000", NULL,
		"Received", "from mx.example.jp (localhost [127.0.0.1]) by "
		"mbox.example.jp with LMTP id D2; Thu, 14 Oct 2021 07:30:00 +0000",
		"Received", "from mail.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx.example.jp with ESMTP id D1; Thu, 14 Oct 2021 "
		"07:41:00 +0000");
	const kensa_finding *f;

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	/* Delays: 2 h 41 m after Date, then -11 min; negative stays. */
	assert_int_equal(a->trace.hops[0].delay_s, 9660);
	assert_int_equal(a->trace.hops[1].delay_s, -660);
	assert_int_equal(a->trace.total_delay_s, 9000);
	f = find(a, "hop-time-reversed");
	assert_evidence(f, 1, "07:30:00");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "660 s before hop 1"));
	f = find(a, "date-far-from-first-hop");
	assert_evidence(f, 2, "07:41:00");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "9660 s"));
	kensa_analysis_free(a);

	/* Date 20 minutes after the first hop; 30 s skew is tolerated. */
	a = MAKE("Thu, 14 Oct 2021 08:01:00 +0000", NULL,
		"Received", "from mx.example.jp (localhost [127.0.0.1]) by "
		"mbox.example.jp with LMTP id E2; Thu, 14 Oct 2021 07:40:30 +0000",
		"Received", "from mail.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx.example.jp with ESMTP id E1; Thu, 14 Oct 2021 "
		"07:41:00 +0000");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_null(find(a, "hop-time-reversed"));
	assert_int_equal(a->trace.hops[1].delay_s, -30);
	assert_non_null(find(a, "date-far-from-first-hop"));
	kensa_analysis_free(a);

	/* Date 10 minutes before: ordinary. */
	a = MAKE("Thu, 14 Oct 2021 07:31:00 +0000", NULL,
		"Received", "from mail.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx.example.jp with ESMTP id E1; Thu, 14 Oct 2021 "
		"07:41:00 +0000");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_null(find(a, "date-far-from-first-hop"));
	assert_int_equal(a->trace.hops[0].delay_s, 600);
	kensa_analysis_free(a);
}

static void
test_no_received_and_unparseable(void **state)
{
	kensa_analysis *a = MAKE(NULL, NULL, "Subject", "hello");
	const kensa_finding *f;

	(void)state;
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_int_equal(a->trace.hop_count, 0);
	assert_int_equal(a->trace.origin_hop, -1);
	f = find(a, "no-received");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_INFO);
	assert_string_equal(f->evidence.header, "Received");
	assert_false(a->trace.has_total_delay);
	kensa_analysis_free(a);

	a = MAKE(NULL, NULL,
		"Received", "from mail.sender-corp.co.jp (mail.sender-corp.co.jp "
		"[198.51.100.25]) by mx.example.jp with ESMTP id E1; Thu, 14 Oct 2021 "
		"07:41:00 +0000",
		"Received", "this is not a trace line");
	assert_int_equal(kn_trace_analyze(a), 0);
	assert_null(find(a, "no-received"));
	assert_int_equal(a->trace.hop_count, 2);
	assert_false(a->trace.hops[0].parsed);
	assert_string_equal(a->trace.hops[0].raw, "this is not a trace line");
	assert_int_equal(a->defects.count, 1);
	f = a->defects.items;
	assert_string_equal(f->id, "received-unparseable");
	assert_int_equal(f->evidence.occurrence, 2);
	assert_string_equal(f->evidence.text, "this is not a trace line");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "this is not a trace"));
	assert_int_equal(a->trace.origin_hop, 1);
	assert_non_null(strstr(a->trace.origin_reason, "198.51.100.25"));
	kensa_analysis_free(a);
}

/* More Received fields than KN_TRACE_MAX_HOPS (256): the newest 256 are
 * hops and the defect says how many there were. 256 exactly: no defect. */
static void
test_received_capped(void **state)
{
	const char *line = "from relay.example.net (relay.example.net "
		"[192.0.2.7]) by mx.example.jp with ESMTP id L; Thu, 14 Oct 2021 "
		"07:41:00 +0000";
	const size_t counts[] = { 256, 300 };

	(void)state;
	for (size_t c = 0; c < 2; c++) {
		size_t n = counts[c];
		const char **fields = calloc(2 * n, sizeof(*fields));
		kensa_analysis *a;
		const kensa_finding *f = NULL;

		assert_non_null(fields);
		for (size_t i = 0; i < n; i++) {
			fields[2 * i] = "Received";
			fields[2 * i + 1] = line;
		}
		a = make(NULL, NULL, fields, 2 * n);
		assert_int_equal(kn_trace_analyze(a), 0);
		assert_int_equal(a->trace.hop_count, 256);
		for (size_t i = 0; i < a->defects.count; i++)
			if (strcmp(((const kensa_finding *)a->defects.items)[i].id,
			    "received-capped") == 0)
				f = &((const kensa_finding *)a->defects.items)[i];
		if (n == 256) {
			assert_null(f);
		} else {
			assert_non_null(f);
			assert_int_equal(f->evidence.occurrence, 257);
			assert_non_null(strstr(f->detail[KENSA_LANG_EN],
				"carries 300 Received fields; only the newest 256"));
			assert_non_null(strstr(f->detail[KENSA_LANG_JA], "300 個"));
		}
		kensa_analysis_free(a);
		free(fields);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_end_to_end),
		cmocka_unit_test(test_seed_by_hand),
		cmocka_unit_test(test_trusted_invalid_fails_analysis),
		cmocka_unit_test(test_origin_m365),
		cmocka_unit_test(test_origin_m365_to_m365),
		cmocka_unit_test(test_origin_m365_forwarded),
		cmocka_unit_test(test_origin_m365_not_handover),
		cmocka_unit_test(test_arrival),
		cmocka_unit_test(test_origin_gmail),
		cmocka_unit_test(test_origin_gmail_to_gmail),
		cmocka_unit_test(test_origin_trusted_networks),
		cmocka_unit_test(test_origin_all_private),
		cmocka_unit_test(test_helo_literal_public),
		cmocka_unit_test(test_helo_rdns_mismatch),
		cmocka_unit_test(test_time_findings),
		cmocka_unit_test(test_no_received_and_unparseable),
		cmocka_unit_test(test_received_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
