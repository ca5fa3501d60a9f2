/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_net 3h
 * SUMMARY
 *	network DNS backend over c-ares
 * SYNOPSIS
 *	#include "intel/dns_net.h"
 * DESCRIPTION
 *	A kn_dns_backend (intel/dns.h) that asks real DNS servers: the
 *	system resolver of /etc/resolv.conf, or servers given as
 *	"127.0.0.1:5353,[::1]:53" (c-ares server list syntax).
 *
 *	Each question is sent with RD set and answered within
 *	timeout_ms (all tries together); the answer section is parsed
 *	with ldns, following a CNAME chain from the question name. The
 *	backend's name (kn_dns_backend.name, shown in the lookup log) is
 *	set before every return to "dns <server>" naming the server whose
 *	packet was used, or "dns <servers> (no answer: ...)"; the text is
 *	owned by the backend, which must outlive the lookup logs.
 *
 *	A budget of wall time (budget_ms) bounds one analysis: once spent,
 *	questions answer TIMEOUT without being sent, as they do after
 *	KN_DNS_NET_MAX_SILENT questions in a row got no answer at all (a
 *	machine without network fails fast instead of waiting per query).
 *	kn_dns_net_reset() rearms both for the next analysis.
 * LIMITS
 *	KN_DNS_NET_MAX_RRS records kept per answer, KN_DNS_NET_MAX_CNAME
 *	links followed, KN_DNS_NET_MAX_SOCKETS sockets tracked.
 * ERRORS
 *	KENSA_EINVAL (bad server list or option), KENSA_ENOMEM, KENSA_EIO
 *	(c-ares could not start: unreadable resolv.conf...).
 *--*/
#ifndef KN_DNS_NET_H
#define KN_DNS_NET_H

#include "intel/dns.h"

/* Default time for one question, all tries, in milliseconds. */
#define KN_DNS_NET_TIMEOUT_MS 2000
/* Default tries per server (c-ares ARES_OPT_TRIES). */
#define KN_DNS_NET_TRIES 2
/* Questions in a row without any answer before the backend stops
 * sending (no network): each costs a whole timeout otherwise. */
#define KN_DNS_NET_MAX_SILENT 3

#define KN_DNS_NET_OPTIONS_VERSION 1

typedef struct kn_dns_net_options {
	unsigned version;      /* KN_DNS_NET_OPTIONS_VERSION */
	const char *servers;   /* "host:port,..." or NULL: resolv.conf */
	const char *resolv_conf; /* NULL: /etc/resolv.conf (servers NULL) */
	unsigned timeout_ms;   /* per question, all tries; 0: default */
	unsigned tries;        /* per server; 0: KN_DNS_NET_TRIES */
	unsigned budget_ms;    /* total network time; 0: unlimited */
} kn_dns_net_options;

#define KN_DNS_NET_OPTIONS_INIT { KN_DNS_NET_OPTIONS_VERSION, NULL, NULL, \
	KN_DNS_NET_TIMEOUT_MS, KN_DNS_NET_TRIES, 0 }

typedef struct kn_dns_net kn_dns_net;

/*
 * New network backend in *out (heap; kn_dns_net_free). opt may be NULL
 * (defaults). No packet is sent here. Returns 0, KENSA_EINVAL (server
 * list unparsable, version unknown), KENSA_EVERSION, KENSA_ENOMEM or
 * KENSA_EIO (c-ares failed to initialise).
 */
int kn_dns_net_new(kn_dns_net **out, const kn_dns_net_options *opt);
/* Close sockets and free; NULL is fine. */
void kn_dns_net_free(kn_dns_net *n);
/* The vtable to give kn_dns_init(). */
kn_dns_backend *kn_dns_net_backend(kn_dns_net *n);
/* The configured servers as text ("127.0.0.1:5353"); owned by n. */
const char *kn_dns_net_servers(const kn_dns_net *n);
/* Rearm the time budget and the no-network detector. */
void kn_dns_net_reset(kn_dns_net *n);
/* Milliseconds spent on the network since creation or reset. */
double kn_dns_net_spent_ms(const kn_dns_net *n);

#endif
