/* SPDX-License-Identifier: MIT */
/*
 * test_verdict_score - the verdict logic on finding sets built by hand:
 * for each label a set that must get it and a near miss that must not;
 * info findings weigh 0; a rule counts once; reasons heaviest first and
 * pointing at their findings' evidence; the config's weights and
 * thresholds change the outcome.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "verdict/config.h"

static kensa_analysis *
analysis(const kensa_config *cfg)
{
	static const kensa_options init = KENSA_OPTIONS_INIT;
	kensa_analysis *a = calloc(1, sizeof(*a));

	assert_non_null(a);
	kn_arena_init(&a->ar);
	a->opts = init;
	a->opts.config = cfg;
	a->trace.origin_hop = -1;
	return a;
}

/* Add a finding of each rule (NULL-terminated), evidence quoting its id. */
static void
add(kensa_analysis *a, const kn_rule *const *rules)
{
	for (size_t i = 0; rules[i] != NULL; i++) {
		kensa_evidence ev = { 0 };
		ev.part = -1;
		ev.header = "X-Test";
		ev.occurrence = 1;
		ev.text = rules[i]->id;
		KN_FINDING(a, rules[i], &ev, "a", "b", "c");
	}
}

static kensa_verdict_label
judge(const kensa_config *cfg, const kn_rule *const *rules,
	const kensa_verdict **vout, kensa_analysis **aout)
{
	kensa_analysis *a = analysis(cfg);
	kensa_verdict_label l;

	add(a, rules);
	assert_int_equal(kn_verdict_analyze(a), 0);
	l = kensa_analysis_verdict(a)->label;
	if (aout != NULL) {
		*aout = a;
		*vout = kensa_analysis_verdict(a);
	} else {
		kensa_analysis_free(a);
	}
	return l;
}

#define LABEL(...) judge(NULL, (const kn_rule *const[]){ __VA_ARGS__, NULL }, \
	NULL, NULL)

static void
test_phishing(void **state)
{
	(void)state;
	/* Deception (impersonation, a lying link) plus a lure. */
	assert_int_equal(LABEL(KN_RULE(message, display_name_is_recipient_domain),
		KN_RULE(content, link_text_domain_mismatch),
		KN_RULE(content, lure_credential)), KENSA_VERDICT_PHISHING);
	/* Spoofed sender with an auth failure, plus resolved-yet-action. */
	assert_int_equal(LABEL(KN_RULE_V(auth, dmarc_fail, relaxed_policy),
		KN_RULE(auth, spf_fail), KN_RULE(content, resolved_yet_action)),
		KENSA_VERDICT_PHISHING);
	/* Near miss: the same deception with no lure is not phishing. */
	assert_int_equal(LABEL(KN_RULE(message, display_name_is_recipient_domain),
		KN_RULE(content, link_text_domain_mismatch)),
		KENSA_VERDICT_SUSPICIOUS);
	/* Near miss: lures with no deception. */
	assert_int_equal(LABEL(KN_RULE(content, lure_credential),
		KN_RULE(content, lure_account_suspension),
		KN_RULE(content, resolved_yet_action)), KENSA_VERDICT_SUSPICIOUS);
}

static void
test_spam(void **state)
{
	(void)state;
	assert_int_equal(LABEL(KN_RULE(message, spam_tagged),
		KN_RULE(message, return_path_domain_mismatch)), KENSA_VERDICT_SPAM);
	assert_int_equal(LABEL(KN_RULE(content, lure_prize),
		KN_RULE(content, link_redirect),
		KN_RULE(trace, helo_rdns_mismatch)), KENSA_VERDICT_SPAM);
	/* Near miss: bulk signs with a spoofed sender are more than spam. */
	assert_int_equal(LABEL(KN_RULE(message, spam_tagged),
		KN_RULE(auth, spf_fail)), KENSA_VERDICT_SUSPICIOUS);
	/* Near miss: too little weight. */
	assert_int_equal(LABEL(KN_RULE(content, link_redirect),
		KN_RULE(trace, helo_rdns_mismatch)), KENSA_VERDICT_CLEAN);
}

static void
test_suspicious(void **state)
{
	(void)state;
	assert_int_equal(LABEL(KN_RULE(content, link_ip_literal),
		KN_RULE(trace, no_reverse_dns)), KENSA_VERDICT_SUSPICIOUS);
	/* Many malformed signs alone, no deception or lure. */
	assert_int_equal(LABEL(KN_RULE(message, message_defects),
		KN_RULE(message, from_multiple), KN_RULE(message, date_in_future)),
		KENSA_VERDICT_SUSPICIOUS);
	/* Near miss: one link shortener and an unrecorded rDNS. */
	assert_int_equal(LABEL(KN_RULE(content, link_shortener),
		KN_RULE_V(trace, no_reverse_dns, unrecorded)), KENSA_VERDICT_CLEAN);
	/* Near miss: a mailing list's marks (Return-Path, Reply-To). */
	assert_int_equal(LABEL(KN_RULE(message, return_path_domain_mismatch),
		KN_RULE(message, reply_to_other_domain),
		KN_RULE_V(trace, no_reverse_dns, unrecorded)), KENSA_VERDICT_CLEAN);
}

static void
test_clean_and_info(void **state)
{
	const kensa_verdict *v;
	kensa_analysis *a;

	(void)state;
	assert_int_equal(judge(NULL, (const kn_rule *const[]){
		KN_RULE(message, no_spam_tag), KN_RULE(auth, dkim_none),
		KN_RULE(content, link_unrelated_domain),
		KN_RULE(content, forwarded_message), NULL }, &v, &a),
		KENSA_VERDICT_CLEAN);
	assert_int_equal(v->score, 0);
	assert_int_equal(v->reason_count, 0);
	assert_non_null(strstr(v->summary[KENSA_LANG_EN], "clean"));
	assert_non_null(strstr(v->summary[KENSA_LANG_JA], "問題なし"));
	kensa_analysis_free(a);
	/* Nothing at all. */
	assert_int_equal(judge(NULL, (const kn_rule *const[]){ NULL }, &v, &a),
		KENSA_VERDICT_CLEAN);
	kensa_analysis_free(a);
	/* Near miss of clean: one heavy finding. */
	assert_int_equal(LABEL(KN_RULE(content, attachment_rtlo)),
		KENSA_VERDICT_SUSPICIOUS);
}

static void
test_reasons(void **state)
{
	const kensa_verdict *v;
	const kensa_finding *fs;
	kensa_analysis *a;

	(void)state;
	judge(NULL, (const kn_rule *const[]){ KN_RULE(trace, helo_rdns_mismatch),
		KN_RULE(content, link_text_domain_mismatch),
		KN_RULE(content, link_text_domain_mismatch),
		KN_RULE(message, no_spam_tag),
		KN_RULE(message, display_name_is_recipient_domain),
		KN_RULE(content, lure_credential), NULL }, &v, &a);
	assert_int_equal(v->label, KENSA_VERDICT_PHISHING);
	kensa_analysis_findings(a, &fs);
	/* The repeated link rule counts once; info is not a reason. */
	assert_int_equal(v->reason_count, 4);
	assert_int_equal(v->score, 8 + 6 + 3 + 1);
	assert_string_equal(v->reasons[0].id, "display-name-is-recipient-domain");
	assert_int_equal(v->reasons[0].finding, 4);
	assert_ptr_equal(v->reasons[0].evidence, &fs[4].evidence);
	assert_string_equal(v->reasons[0].evidence->text,
		"display-name-is-recipient-domain");
	assert_string_equal(v->reasons[1].id, "link-text-domain-mismatch");
	assert_int_equal(v->reasons[1].finding, 1);
	for (size_t i = 1; i < v->reason_count; i++)
		assert_true(v->reasons[i - 1].weight >= v->reasons[i].weight);
	assert_string_equal(v->reasons[3].category, "spam");
	assert_int_equal(v->deception, 14);
	assert_int_equal(v->lure, 3);
	assert_non_null(strstr(v->summary[KENSA_LANG_EN], "phishing"));
	assert_non_null(strstr(v->summary[KENSA_LANG_JA], "フィッシング"));
	kensa_analysis_free(a);
}

static void
test_config_changes_outcome(void **state)
{
	static const char text[] = "weight lure-credential 0\n";
	static const char text2[] = "threshold phishing 100\n";
	kensa_config *cfg;
	char err[128];
	const kn_rule *const set[] = {
		KN_RULE(message, display_name_is_recipient_domain),
		KN_RULE(content, link_text_domain_mismatch),
		KN_RULE(content, lure_credential), NULL };

	(void)state;
	assert_int_equal(judge(NULL, set, NULL, NULL), KENSA_VERDICT_PHISHING);
	assert_int_equal(kensa_config_parse(&cfg, text, sizeof(text) - 1, NULL,
		err, sizeof(err)), 0);
	assert_int_equal(judge(cfg, set, NULL, NULL), KENSA_VERDICT_SUSPICIOUS);
	kensa_config_free(cfg);
	assert_int_equal(kensa_config_parse(&cfg, text2, sizeof(text2) - 1, NULL,
		err, sizeof(err)), 0);
	assert_int_equal(judge(cfg, set, NULL, NULL), KENSA_VERDICT_SUSPICIOUS);
	kensa_config_free(cfg);
	assert_string_equal(kensa_verdict_label_name(KENSA_VERDICT_SPAM), "spam");
	assert_null(kensa_analysis_verdict(NULL));
}

static bool
has_finding(const kensa_analysis *a, const char *id)
{
	const kensa_finding *fs;
	size_t n = kensa_analysis_findings(a, &fs);

	for (size_t i = 0; i < n; i++)
		if (strcmp(fs[i].id, id) == 0)
			return true;
	return false;
}

static void
test_combined_lure_link(void **state)
{
	const kensa_verdict *v;
	kensa_analysis *a;

	(void)state;
	/* A credential lure and links to an unrelated domain. */
	judge(NULL, (const kn_rule *const[]){ KN_RULE(content, lure_credential),
		KN_RULE(content, link_unrelated_domain), NULL }, &v, &a);
	assert_true(has_finding(a, "lure-link-elsewhere"));
	assert_int_equal(v->deception, 3);
	assert_int_equal(v->score, 6);
	assert_int_equal(v->label, KENSA_VERDICT_SUSPICIOUS);
	kensa_analysis_free(a);
	/* Near misses: a sales pitch is not a harmful lure; no link. */
	judge(NULL, (const kn_rule *const[]){ KN_RULE(content, lure_prize),
		KN_RULE(content, link_unrelated_domain), NULL }, &v, &a);
	assert_false(has_finding(a, "lure-link-elsewhere"));
	kensa_analysis_free(a);
	judge(NULL, (const kn_rule *const[]){ KN_RULE(content, lure_payment),
		NULL }, &v, &a);
	assert_false(has_finding(a, "lure-link-elsewhere"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phishing),
		cmocka_unit_test(test_spam),
		cmocka_unit_test(test_suspicious),
		cmocka_unit_test(test_clean_and_info),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_config_changes_outcome),
		cmocka_unit_test(test_combined_lure_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
