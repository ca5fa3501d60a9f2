/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	analysis 3
 * SUMMARY
 *	run the pipeline over one message
 * SYNOPSIS
 *	#include <kensa/analysis.h>
 * DESCRIPTION
 *	kensa_analyze() hashes the input, then runs the stages in order:
 *	message (header facts and MIME tree), trace (Received hops and the
 *	originating IP), the recipient, the header consistency checks,
 *	authentication (SPF, DKIM, DMARC, ARC through the lookups the
 *	options allow), content (body text, links, attachments) and
 *	intelligence (reverse DNS, WHOIS of the sender and link domains,
 *	geolocation); the lookups are then closed and logged.
 *	It never modifies the input and never fails because of the mail.
 * DIAGNOSTICS
 *	KENSA_EINVAL, KENSA_EVERSION, KENSA_ETOOBIG, KENSA_ENOMEM.
 *--*/
#include "analysis.h"

#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"
#include "verdict/rules.h"

KENSA_EXTERN(const char *)
kensa_version(void)
{
	return KENSA_VERSION;
}

KENSA_EXTERN(const char *)
kensa_strerror(int code)
{
	switch (code) {
	case KENSA_OK: return "success";
	case KENSA_ENOMEM: return "out of memory";
	case KENSA_EINVAL: return "invalid argument";
	case KENSA_EIO: return "input could not be read";
	case KENSA_ETOOBIG: return "input too large";
	case KENSA_ENOTFOUND: return "no such file or directory";
	case KENSA_EFORMAT: return "not a message, mbox or Maildir";
	case KENSA_EVERSION: return "unsupported options version";
	}
	return "unknown error";
}

KENSA_EXTERN(const char *)
kensa_severity_name(kensa_severity sev)
{
	switch (sev) {
	case KENSA_SEV_INFO: return "info";
	case KENSA_SEV_LOW: return "low";
	case KENSA_SEV_MEDIUM: return "medium";
	case KENSA_SEV_HIGH: return "high";
	}
	return "info";
}

void
kn_recipient_resolve(kensa_analysis *a)
{
	const char *r = NULL;
	const char *at;

	if (a->msg.delivered_to != NULL && strchr(a->msg.delivered_to, '@'))
		r = a->msg.delivered_to;
	for (size_t i = a->trace.hop_count; r == NULL && i > 0; i--) {
		const char *f = a->trace.hops[i - 1].for_addr;
		if (f != NULL && strchr(f, '@'))
			r = f;
	}
	if (r == NULL && a->msg.to_count > 0)
		r = a->msg.to[0].address;
	a->recipient = r;
	a->recipient_domain = NULL;
	if (a->opts.recipient_domain != NULL) {
		a->recipient_domain = kn_str_lower(&a->ar, a->opts.recipient_domain);
	} else if (r != NULL && (at = strrchr(r, '@')) != NULL && at[1] != '\0') {
		a->recipient_domain = kn_str_lower(&a->ar, at + 1);
	}
}

static void
hash_input(kensa_analysis *a, const char *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	GChecksum *ck;
	const char *hex;

	/* OpenSSL's SHA-256 (the one the DKIM code uses) runs several times
	 * faster than GLib's on the CPUs with SHA extensions; GLib's stays
	 * as the fallback should OpenSSL fail (no memory). */
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) == 1 &&
	    mdlen == 32) {
		static const char xd[] = "0123456789abcdef";
		for (unsigned i = 0; i < 32; i++) {
			a->sha256[2 * i] = xd[md[i] >> 4];
			a->sha256[2 * i + 1] = xd[md[i] & 15];
		}
		a->sha256[64] = '\0';
		return;
	}
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	/* g_checksum_update takes gssize: feed in slices. */
	while (len > 0) {
		size_t n = len > (1u << 30) ? (1u << 30) : len;
		g_checksum_update(ck, (const guchar *)data, (gssize)n);
		data += n;
		len -= n;
	}
	hex = g_checksum_get_string(ck);
	snprintf(a->sha256, sizeof(a->sha256), "%s", hex);
	g_checksum_free(ck);
}

KENSA_EXTERN(int)
kensa_analyze(kensa_analysis **out, const char *data, size_t len,
	const kensa_options *opts)
{
	static const kensa_options defaults = KENSA_OPTIONS_INIT;
	kensa_analysis *a;
	int rc;

	if (out == NULL || (data == NULL && len > 0))
		return KENSA_EINVAL;
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != KENSA_OPTIONS_VERSION)
		return KENSA_EVERSION;
	if (len > KENSA_MAX_MESSAGE_BYTES)
		return KENSA_ETOOBIG;
	if (data == NULL)
		data = "";

	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return KENSA_ENOMEM;
	kn_arena_init(&a->ar);
	a->opts = *opts;
	a->data = data;
	a->len = len;
	a->trace.origin_hop = -1;
	hash_input(a, data, len);

	if ((rc = kn_message_parse(a)) < 0)
		goto fail;
	if ((rc = kn_trace_analyze(a)) < 0)
		goto fail;
	kn_recipient_resolve(a);
	if ((rc = kn_message_check(a)) < 0)
		goto fail;
	if ((rc = kn_lookup_open(a)) < 0)
		goto fail;
	if ((rc = kn_auth_analyze(a)) < 0)
		goto fail;
	if ((rc = kn_content_analyze(a)) < 0)
		goto fail;
	/* After content: the link domains are known. */
	if ((rc = kn_intel_analyze(a)) < 0)
		goto fail;
	kn_lookup_close(a);
	if (a->defects.count > 0) {
		char n[24];
		snprintf(n, sizeof(n), "%zu", a->defects.count);
		KN_FINDING(a, KN_RULE(message, message_defects), NULL, n);
	}
	if ((rc = kn_verdict_analyze(a)) < 0)
		goto fail;
	if (a->ar.oom) {
		rc = KENSA_ENOMEM;
		goto fail;
	}
	a->data = NULL;
	*out = a;
	return 0;
fail:
	kensa_analysis_free(a);
	return rc;
}

KENSA_EXTERN(void)
kensa_analysis_free(kensa_analysis *a)
{
	if (a == NULL)
		return;
	kn_lookup_close(a); /* only when the pipeline stopped early */
	kn_attach_dispose(a); /* analyses of forwarded messages */
	kn_arena_dispose(&a->ar);
	free(a);
}

KENSA_EXTERN(const kensa_message_facts *)
kensa_analysis_message(const kensa_analysis *a)
{
	return a ? &a->msg : NULL;
}

KENSA_EXTERN(const kensa_trace *)
kensa_analysis_trace(const kensa_analysis *a)
{
	return a ? &a->trace : NULL;
}

KENSA_EXTERN(const char *)
kensa_analysis_recipient(const kensa_analysis *a, const char **domain_out)
{
	if (domain_out)
		*domain_out = a ? a->recipient_domain : NULL;
	return a ? a->recipient : NULL;
}

KENSA_EXTERN(size_t)
kensa_analysis_findings(const kensa_analysis *a, const kensa_finding **out)
{
	*out = a ? a->findings.items : NULL;
	return a ? a->findings.count : 0;
}

KENSA_EXTERN(size_t)
kensa_analysis_defects(const kensa_analysis *a, const kensa_finding **out)
{
	*out = a ? a->defects.items : NULL;
	return a ? a->defects.count : 0;
}

KENSA_EXTERN(const char *)
kensa_analysis_sha256(const kensa_analysis *a)
{
	return a ? a->sha256 : NULL;
}

KENSA_EXTERN(size_t)
kensa_analysis_size(const kensa_analysis *a)
{
	return a ? a->len : 0;
}
