/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	ip 3h
 * SUMMARY
 *	IPv4/IPv6 addresses: parse, canonical text, classify, CIDR lists
 * SYNOPSIS
 *	#include "util/ip.h"
 * DESCRIPTION
 *	An address is held as 16 bytes (IPv4 in the first 4). Parsing
 *	accepts the forms Received fields use: "[1.2.3.4]", "IPv6:2001:db8::1"
 *	(RFC 5321 4.1.3 address literal), a zone id ("fe80::1%eth0",
 *	dropped), and an IPv4-mapped IPv6 address ("::ffff:1.2.3.4"), which
 *	is reported as the IPv4 address it carries.
 *--*/
#ifndef KN_IP_H
#define KN_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* Longest canonical text form, with its NUL (INET6_ADDRSTRLEN). */
#define KN_IP_TEXT_MAX 46

typedef struct kn_ip {
	int family;        /* 4 or 6 */
	uint8_t b[16];     /* network order; IPv4 uses b[0..3] */
} kn_ip;

/* What kind of address: which ranges it falls in (RFC 6890 registry). */
typedef enum kn_ip_class {
	KN_IP_PUBLIC = 0,
	KN_IP_LOOPBACK,       /* 127/8, ::1 */
	KN_IP_PRIVATE,        /* RFC 1918; 6to4 (2002::/16) of such an address */
	KN_IP_LINK_LOCAL,     /* 169.254/16, fe80::/10 */
	KN_IP_CGNAT,          /* 100.64/10 (RFC 6598) */
	KN_IP_UNIQUE_LOCAL,   /* fc00::/7 (RFC 4193) */
	KN_IP_DOCUMENTATION,  /* 192.0.2/24, 198.51.100/24, 203.0.113/24,
	                         2001:db8::/32, 3fff::/20 */
	KN_IP_MULTICAST,      /* 224/4, ff00::/8 */
	KN_IP_UNSPECIFIED,    /* 0.0.0.0, :: */
	KN_IP_RESERVED        /* 0/8, 240/4, 198.18/15, 192.0.0/24 */
} kn_ip_class;

/*
 * Parse the address in s (len bytes, no NUL needed). Surrounding white
 * space and one pair of brackets are allowed, then an optional "IPv6:"
 * prefix (any case); a "%zone" suffix is dropped. IPv4-mapped IPv6
 * addresses come out as family 4. Returns false (out untouched) when s
 * is not an address. Pure.
 */
bool kn_ip_parse(const char *s, size_t len, kn_ip *out);

/* Canonical text (RFC 5952 for IPv6) into buf of >= KN_IP_TEXT_MAX. */
void kn_ip_format(const kn_ip *ip, char *buf, size_t size);

/* The class of ip. */
kn_ip_class kn_ip_classify(const kn_ip *ip);

/* Static English name of a class: "public", "loopback", "private", ... */
const char *kn_ip_class_name(kn_ip_class c);

/* Is an address of class c internal to a network (loopback, private,
 * link-local, CGNAT, unique-local, unspecified)? */
bool kn_ip_class_internal(kn_ip_class c);

/* One network: address and prefix length in bits. */
typedef struct kn_cidr {
	kn_ip net;         /* host bits cleared */
	unsigned prefix;   /* 0..32 or 0..128 */
} kn_cidr;

/* Parse "addr" or "addr/prefix" (len bytes). A bare address is a host
 * route (/32 or /128). Host bits are cleared. False when invalid. */
bool kn_cidr_parse(const char *s, size_t len, kn_cidr *out);

/* Does net contain ip (same family)? */
bool kn_cidr_match(const kn_cidr *net, const kn_ip *ip);

/*
 * Parse a comma- (or space-) separated list such as
 * "10.0.0.0/8, 2001:db8::/32" into out (a kn_vec of kn_cidr in ar).
 * NULL or empty s gives an empty list. Returns 0, KENSA_EINVAL when an
 * item is not a network (out then holds the items before it), or
 * KENSA_ENOMEM. At most KN_CIDR_LIST_MAX items.
 */
int kn_cidr_list_parse(kn_arena *ar, const char *s, kn_vec *out);

/* Items accepted by kn_cidr_list_parse (a configuration, not mail). */
#define KN_CIDR_LIST_MAX 1024

/* Is ip inside any network of list (a kn_vec of kn_cidr)? */
bool kn_cidr_list_match(const kn_vec *list, const kn_ip *ip);

#endif
