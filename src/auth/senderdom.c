/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	senderdom 3
 * SUMMARY
 *	sender domains that real organisations do not send from
 * SYNOPSIS
 *	#include "auth/recorded.h"
 *
 *	void kn_auth_sender_domains(kensa_analysis *a, const kn_recorded *rec);
 *	const char *kn_dynamic_dns_zone(const char *host);
 * DESCRIPTION
 *	freemail-sent-elsewhere: the From domain is a big free-mail
 *	provider (the list of src/message/check.c, kn_message_freemail()),
 *	but the envelope sender (Return-Path, RFC 5321 4.4) is at an
 *	unrelated domain that is no free-mail provider either: the message
 *	did not leave the provider's servers, so the From address is
 *	borrowed. The providers publish DMARC, which such a message fails.
 *	Not raised for the cases where this is normal: a mailing list
 *	(List-Id, List-Post, Mailing-List, X-Mailing-List, X-BeenThere),
 *	a resent or forwarded message (Resent-From, Resent-Sender, an SRS
 *	envelope sender "SRS0=" / "SRS1="), a Sender field at the envelope
 *	domain (an agent that says it sends on the user's behalf, RFC 5322
 *	3.6.2), a DKIM-Signature by the From domain, the null sender, or
 *	when a DMARC result for the From domain is already known (kensa's
 *	own, or the receiver's record: rec).
 *
 *	sender-dynamic-dns: the From or envelope domain lies under a
 *	dynamic-DNS provider's zone (data/domains/dynamic-dns.inc), a free
 *	host name pointing at whatever address its holder reports. The
 *	From domain of list mail is not looked at: a member posting from a
 *	home server is a person, and the list delivered the message (its
 *	own envelope domain still is).
 * STANDARDS
 *	RFC 5321 section 4.4; RFC 5322 section 3.6.2; RFC 7489.
 *--*/
#include "auth/recorded.h"

#include <string.h>
#include <strings.h>

#include "util/domain.h"
#include "util/str.h"
#include "verdict/rules.h"

static const char *const dynamic_dns[] = {
#include "../../data/domains/dynamic-dns.inc"
};

const char *
kn_dynamic_dns_zone(const char *host)
{
	size_t n;

	if (host == NULL)
		return NULL;
	n = strlen(host);
	if (n > 0 && host[n - 1] == '.')
		n--;
	for (size_t i = 0; i < sizeof(dynamic_dns) / sizeof(dynamic_dns[0]); i++) {
		const char *z = dynamic_dns[i];
		size_t zl = strlen(z);
		if (n < zl || strncasecmp(host + n - zl, z, zl) != 0)
			continue;
		if (n == zl || host[n - zl - 1] == '.')
			return z;
	}
	return NULL;
}

static bool
has(const kensa_analysis *a, const char *name)
{
	return kn_header_get(a, name, 1) != NULL;
}

/* A DKIM-Signature field with d= in the organizational domain org. */
static bool
signed_by(kensa_analysis *a, const char *org)
{
	for (size_t i = 0; i < a->msg.header_count; i++) {
		const kensa_header *h = &a->msg.headers[i];
		const char *v = h->value, *d, *e;

		if (h->name == NULL || strcasecmp(h->name, "DKIM-Signature") != 0 ||
		    v == NULL)
			continue;
		for (d = v; (d = strstr(d, "d=")) != NULL; d += 2) {
			if (d != v && d[-1] != ';' && d[-1] != ' ' && d[-1] != '\t')
				continue;
			d += 2;
			while (*d == ' ')
				d++;
			for (e = d; *e != '\0' && *e != ';' && *e != ' '; e++)
				;
			if (kn_org_domain_same(&a->ar,
			    kn_strndup(&a->ar, d, (size_t)(e - d)), org))
				return true;
			break;
		}
	}
	return false;
}

/* Did the message come through a mailing list (RFC 2919, RFC 2369,
 * ezmlm, Mailman)? */
static bool
through_list(const kensa_analysis *a)
{
	static const char *const lists[] = { "List-Id", "List-Post",
		"Mailing-List", "X-Mailing-List", "X-BeenThere" };

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (has(a, lists[i]))
			return true;
	return false;
}

static void
freemail_elsewhere(kensa_analysis *a, const kn_recorded *rec)
{
	const kensa_message_facts *m = &a->msg;
	const char *forg, *eorg, *rp = m->return_path;
	kensa_evidence ev;

	if (m->from.domain == NULL || rp == NULL || rp[0] == '\0' ||
	    m->return_path_domain == NULL)
		return;
	forg = kn_org_domain(&a->ar, m->from.domain);
	if (!kn_message_freemail(forg))
		return;
	eorg = kn_org_domain(&a->ar, m->return_path_domain);
	if (eorg == NULL || strcmp(eorg, forg) == 0 || kn_message_freemail(eorg))
		return;
	if (through_list(a) || has(a, "Resent-From") ||
	    has(a, "Resent-Sender"))
		return;
	if (kn_str_iprefix(rp, strlen(rp), "SRS0=") ||
	    kn_str_iprefix(rp, strlen(rp), "SRS1="))
		return;
	if (m->sender.domain != NULL &&
	    kn_org_domain_same(&a->ar, m->sender.domain, eorg))
		return;
	if (rec != NULL && (rec->dmarc_fail || rec->from_authenticated))
		return;
	if (a->auth.dmarc.result != NULL &&
	    (strcmp(a->auth.dmarc.result, "pass") == 0 ||
	     strcmp(a->auth.dmarc.result, "fail") == 0))
		return;
	if (signed_by(a, forg))
		return;
	ev = kn_ev_header(a, "Return-Path", 1);
	KN_FINDING(a, KN_RULE(auth, freemail_sent_elsewhere), &ev,
		m->from.address, forg, rp, eorg);
}

static void
dynamic_dns_domains(kensa_analysis *a)
{
	const char *doms[2] = { a->msg.from.domain, a->msg.return_path_domain };
	const char *hdrs[2] = { "From", "Return-Path" };

	for (size_t i = 0; i < 2; i++) {
		const char *z = kn_dynamic_dns_zone(doms[i]);
		kensa_evidence ev;

		if (z == NULL)
			continue;
		/* A list member posting from a home server names himself,
		 * not an organisation: the list delivered it. */
		if (i == 0 && through_list(a))
			continue;
		if (i == 1 && doms[0] != NULL && kn_str_ieq(doms[0], doms[1]))
			continue; /* the same name: said once */
		ev = kn_ev_header(a, hdrs[i], 1);
		KN_FINDING(a, KN_RULE(auth, sender_dynamic_dns), &ev, doms[i],
			hdrs[i], z);
	}
}

void
kn_auth_sender_domains(kensa_analysis *a, const kn_recorded *rec)
{
	freemail_elsewhere(a, rec);
	dynamic_dns_domains(a);
}
