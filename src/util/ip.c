/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	ip 3
 * SUMMARY
 *	IPv4/IPv6 addresses: parse, canonical text, classify, CIDR lists
 * DESCRIPTION
 *	Parsing copies the candidate into a small stack buffer and hands it
 *	to inet_pton(3); nothing is read past the given length. The classes
 *	follow the IANA special-purpose registries (RFC 6890): RFC 1918
 *	private, RFC 6598 shared (CGNAT), RFC 3927/4291 link-local, RFC 4193
 *	unique-local, RFC 5737/3849/9637 documentation. A 6to4 address
 *	(2002::/16, RFC 3056) is classified by the IPv4 address it embeds:
 *	Google's internal relays use 2002:a05:... (10.5.x.x) this way.
 * LIMITS
 *	Text longer than KN_IP_PARSE_MAX bytes is not an address.
 * DIAGNOSTICS
 *	kn_cidr_list_parse() returns KENSA_EINVAL for a bad item.
 *--*/
#include "util/ip.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <kensa/errors.h>

/* Longest accepted text: "IPv6:" + a full IPv6 with IPv4 tail + zone. */
#define KN_IP_PARSE_MAX 96

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool
kn_ip_parse(const char *s, size_t len, kn_ip *out)
{
	char buf[KN_IP_PARSE_MAX + 1];
	kn_ip ip = { 0 };
	const char *p = s, *e = s + len;
	size_t n;

	if (s == NULL)
		return false;
	while (p < e && is_ws(*p))
		p++;
	while (e > p && is_ws(e[-1]))
		e--;
	if (e - p >= 2 && *p == '[' && e[-1] == ']') {
		p++;
		e--;
	}
	if (e - p >= 5 && strncasecmp(p, "IPv6:", 5) == 0)
		p += 5;
	for (const char *q = p; q < e; q++) {
		if (*q == '%') { /* zone id (RFC 4007 11.2) */
			if (q == p || memchr(p, ':', (size_t)(q - p)) == NULL)
				return false;
			e = q;
			break;
		}
	}
	n = (size_t)(e - p);
	if (n == 0 || n > KN_IP_PARSE_MAX)
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (memchr(buf, ':', n) == NULL) {
		if (inet_pton(AF_INET, buf, ip.b) != 1)
			return false;
		ip.family = 4;
	} else {
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0xff, 0xff };
		if (inet_pton(AF_INET6, buf, ip.b) != 1)
			return false;
		ip.family = 6;
		if (memcmp(ip.b, mapped, sizeof(mapped)) == 0) {
			memmove(ip.b, ip.b + 12, 4);
			memset(ip.b + 4, 0, 12);
			ip.family = 4;
		}
	}
	*out = ip;
	return true;
}

void
kn_ip_format(const kn_ip *ip, char *buf, size_t size)
{
	if (buf == NULL || size == 0)
		return;
	buf[0] = '\0';
	if (ip == NULL)
		return;
	if (inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->b, buf,
	    (socklen_t)size) == NULL)
		buf[0] = '\0';
}

static kn_ip_class
classify4(const uint8_t *b)
{
	if (b[0] == 0)
		return (b[1] | b[2] | b[3]) == 0 ? KN_IP_UNSPECIFIED : KN_IP_RESERVED;
	if (b[0] == 127)
		return KN_IP_LOOPBACK;
	if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
	    (b[0] == 192 && b[1] == 168))
		return KN_IP_PRIVATE;
	if (b[0] == 169 && b[1] == 254)
		return KN_IP_LINK_LOCAL;
	if (b[0] == 100 && (b[1] & 0xc0) == 64)
		return KN_IP_CGNAT;
	if ((b[0] == 192 && b[1] == 0 && b[2] == 2) ||
	    (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
	    (b[0] == 203 && b[1] == 0 && b[2] == 113))
		return KN_IP_DOCUMENTATION;
	if ((b[0] & 0xf0) == 224)
		return KN_IP_MULTICAST;
	if ((b[0] & 0xf0) == 240 || (b[0] == 198 && (b[1] & 0xfe) == 18) ||
	    (b[0] == 192 && b[1] == 0 && b[2] == 0))
		return KN_IP_RESERVED;
	return KN_IP_PUBLIC;
}

kn_ip_class
kn_ip_classify(const kn_ip *ip)
{
	static const uint8_t zero[16] = { 0 };
	const uint8_t *b = ip->b;

	if (ip->family == 4)
		return classify4(b);
	if (memcmp(b, zero, 15) == 0)
		return b[15] == 1 ? KN_IP_LOOPBACK
			: b[15] == 0 ? KN_IP_UNSPECIFIED : KN_IP_RESERVED;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return KN_IP_LINK_LOCAL;
	if ((b[0] & 0xfe) == 0xfc)
		return KN_IP_UNIQUE_LOCAL;
	if (b[0] == 0xff)
		return KN_IP_MULTICAST;
	if ((b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) ||
	    (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0))
		return KN_IP_DOCUMENTATION;
	if (b[0] == 0x20 && b[1] == 0x02) {
		/* 6to4: judge by the embedded IPv4 address. */
		kn_ip_class c = classify4(b + 2);
		return c == KN_IP_DOCUMENTATION ? KN_IP_PUBLIC : c;
	}
	return KN_IP_PUBLIC;
}

const char *
kn_ip_class_name(kn_ip_class c)
{
	switch (c) {
	case KN_IP_PUBLIC: return "public";
	case KN_IP_LOOPBACK: return "loopback";
	case KN_IP_PRIVATE: return "private";
	case KN_IP_LINK_LOCAL: return "link-local";
	case KN_IP_CGNAT: return "cgnat";
	case KN_IP_UNIQUE_LOCAL: return "unique-local";
	case KN_IP_DOCUMENTATION: return "documentation";
	case KN_IP_MULTICAST: return "multicast";
	case KN_IP_UNSPECIFIED: return "unspecified";
	case KN_IP_RESERVED: return "reserved";
	}
	return "public";
}

bool
kn_ip_class_internal(kn_ip_class c)
{
	return c == KN_IP_LOOPBACK || c == KN_IP_PRIVATE ||
		c == KN_IP_LINK_LOCAL || c == KN_IP_CGNAT ||
		c == KN_IP_UNIQUE_LOCAL || c == KN_IP_UNSPECIFIED;
}

static void
clear_host_bits(kn_ip *ip, unsigned prefix)
{
	unsigned bytes = ip->family == 4 ? 4 : 16;

	for (unsigned i = 0; i < bytes; i++) {
		unsigned bit = i * 8;
		if (bit >= prefix)
			ip->b[i] = 0;
		else if (prefix - bit < 8)
			ip->b[i] &= (uint8_t)(0xff << (8 - (prefix - bit)));
	}
}

bool
kn_cidr_parse(const char *s, size_t len, kn_cidr *out)
{
	const char *slash;
	kn_cidr c = { 0 };
	unsigned max, prefix = 0;
	size_t alen;

	if (s == NULL)
		return false;
	slash = memchr(s, '/', len);
	alen = slash ? (size_t)(slash - s) : len;
	if (!kn_ip_parse(s, alen, &c.net))
		return false;
	/* A mapped address parsed as IPv4; a prefix for it would be IPv6. */
	max = c.net.family == 4 ? 32 : 128;
	if (slash != NULL) {
		const char *p = slash + 1, *e = s + len;
		int digits = 0;
		while (e > p && is_ws(e[-1]))
			e--;
		if (p == e)
			return false;
		for (; p < e; p++) {
			if (*p < '0' || *p > '9' || ++digits > 3)
				return false;
			prefix = prefix * 10 + (unsigned)(*p - '0');
		}
		if (prefix > max)
			return false;
	} else {
		prefix = max;
	}
	c.prefix = prefix;
	clear_host_bits(&c.net, prefix);
	*out = c;
	return true;
}

bool
kn_cidr_match(const kn_cidr *net, const kn_ip *ip)
{
	kn_ip t;

	if (net == NULL || ip == NULL || net->net.family != ip->family)
		return false;
	t = *ip;
	clear_host_bits(&t, net->prefix);
	return memcmp(t.b, net->net.b, ip->family == 4 ? 4 : 16) == 0;
}

int
kn_cidr_list_parse(kn_arena *ar, const char *s, kn_vec *out)
{
	const char *p = s;
	size_t items = 0;

	if (s == NULL)
		return 0;
	while (*p != '\0') {
		const char *start;
		kn_cidr c, *slot;

		while (*p == ',' || is_ws(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ',' && !is_ws(*p))
			p++;
		if (++items > KN_CIDR_LIST_MAX)
			return KENSA_EINVAL;
		if (!kn_cidr_parse(start, (size_t)(p - start), &c))
			return KENSA_EINVAL;
		slot = kn_vec_push(ar, out, sizeof(*slot));
		if (slot == NULL)
			return KENSA_ENOMEM;
		*slot = c;
	}
	return 0;
}

bool
kn_cidr_list_match(const kn_vec *list, const kn_ip *ip)
{
	const kn_cidr *items;

	if (list == NULL || ip == NULL)
		return false;
	items = list->items;
	for (size_t i = 0; i < list->count; i++)
		if (kn_cidr_match(&items[i], ip))
			return true;
	return false;
}
