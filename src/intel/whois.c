/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	whois 3
 * SUMMARY
 *	WHOIS client (RFC 3912): IANA referral, registry, registrar
 * SYNOPSIS
 *	#include "intel/whois.h"
 * DESCRIPTION
 *	RFC 3912 section 2: the client connects to TCP port 43, sends one
 *	line (the query, CRLF) and reads until the server closes. There is
 *	no status code: the answer is free text (parsed in whois_parse.c).
 *
 *	kn_whois_lookup() asks IANA first when so configured: its answer
 *	names the TLD's server on a "refer:" line. The TLD (registry)
 *	server answers; a thin registry (.com, .net) names the registrar's
 *	server on "Registrar WHOIS Server:", which is asked once, and its
 *	answer (registrant data) is merged in. For whois.jprs.jp the query
 *	may end in "/e" to get the English form of the answer.
 *
 *	Each exchange has one deadline (c->timeout_ms) covering name
 *	resolution (getaddrinfo_a, so that a dead resolver cannot block),
 *	connect, send and read, and a byte cap (c->answer_max); the answer
 *	is converted to UTF-8 (JPRS sends ISO-2022-JP) with util/charset.
 *	Every exchange, successful or not, is appended to c->log with its
 *	server, query, answer, status and time.
 *
 *	For tests, kn_whois_client_map() sends a host's connections to a
 *	loopback address and port: the referral chain is followed exactly
 *	as in production, only the addresses differ.
 * LIMITS
 *	KN_WHOIS_MAX_EXCHANGES per client; KN_WHOIS_ANSWER_MAX bytes per
 *	answer (truncated answers are still parsed); KN_WHOIS_MAX_ADDRS
 *	addresses tried per server.
 * ERRORS
 *	KENSA_EINVAL, KENSA_ENOMEM, KENSA_ETOOBIG (host map full).
 *	Network failures are statuses in the log, never errors.
 * BUGS
 *	When the deadline passes while glibc's resolver thread is still
 *	running and cannot be cancelled, its request block (a few hundred
 *	bytes) is left to it rather than freed under it.
 *--*/
#include "intel/whois.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <kensa/errors.h>

#include "util/buf.h"
#include "util/charset.h"
#include "util/str.h"

/* Addresses of one server name tried in turn. */
#define KN_WHOIS_MAX_ADDRS 4
/* Longest host name or query we send (RFC 1035 2.3.4 name + "/e"). */
#define KN_WHOIS_QUERY_MAX 300
/* Read chunk. */
#define KN_WHOIS_CHUNK 4096

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int
remaining(double deadline)
{
	double r = deadline - now_ms();
	return r <= 0 ? 0 : (int)(r + 0.999);
}

int
kn_whois_client_init(kn_whois_client *c, kn_arena *ar)
{
	if (c == NULL || ar == NULL)
		return KENSA_EINVAL;
	memset(c, 0, sizeof(*c));
	c->ar = ar;
	c->server = "whois.iana.org";
	c->port = 43;
	c->server_is_iana = true;
	c->timeout_ms = KN_WHOIS_TIMEOUT_MS;
	c->answer_max = KN_WHOIS_ANSWER_MAX;
	c->follow_referral = true;
	return 0;
}

int
kn_whois_client_map(kn_whois_client *c, const char *host, const char *addr,
	unsigned port)
{
	unsigned char tmp[16];
	if (c == NULL || host == NULL || addr == NULL || port == 0 || port > 65535)
		return KENSA_EINVAL;
	if (inet_pton(AF_INET, addr, tmp) != 1 && inet_pton(AF_INET6, addr, tmp) != 1)
		return KENSA_EINVAL;
	if (c->map_count >= KN_WHOIS_MAX_HOSTMAP)
		return KENSA_ETOOBIG;
	kn_whois_hostmap *m = &c->map[c->map_count];
	m->host = kn_strdup(c->ar, host);
	m->addr = kn_strdup(c->ar, addr);
	m->port = port;
	if (m->host == NULL || m->addr == NULL)
		return KENSA_ENOMEM;
	c->map_count++;
	return 0;
}

const char *
kn_whois_status_name(kn_whois_status st)
{
	switch (st) {
	case KN_WHOIS_OK: return "ok";
	case KN_WHOIS_TRUNCATED: return "truncated";
	case KN_WHOIS_TIMEOUT: return "timeout";
	case KN_WHOIS_REFUSED: return "refused";
	case KN_WHOIS_NOHOST: return "nohost";
	case KN_WHOIS_OFFLINE: return "offline";
	case KN_WHOIS_LIMIT: return "limit";
	case KN_WHOIS_NETERR: return "neterr";
	}
	return "?";
}

/* Resolved addresses of one server. */
typedef struct addr_list {
	struct sockaddr_storage sa[KN_WHOIS_MAX_ADDRS];
	socklen_t salen[KN_WHOIS_MAX_ADDRS];
	size_t count;
} addr_list;

static void
take_addrs(addr_list *al, const struct addrinfo *res)
{
	for (const struct addrinfo *ai = res; ai != NULL
	     && al->count < KN_WHOIS_MAX_ADDRS; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof(al->sa[0]))
			continue;
		memcpy(&al->sa[al->count], ai->ai_addr, ai->ai_addrlen);
		al->salen[al->count] = ai->ai_addrlen;
		al->count++;
	}
}

/* Request block for getaddrinfo_a, kept together so that it can be
 * left to the resolver thread if it cannot be cancelled. */
typedef struct gai_req {
	struct gaicb cb;
	struct addrinfo hints;
	char host[KN_WHOIS_QUERY_MAX];
	char port[8];
} gai_req;

/* Resolve host:port within the deadline. */
static kn_whois_status
resolve(const char *host, unsigned port, double deadline, addr_list *al)
{
	struct addrinfo hints, *res = NULL;
	char portstr[8];
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(portstr, sizeof(portstr), "%u", port);
	al->count = 0;
	/* A numeric address needs no resolver. */
	if (getaddrinfo(host, portstr, &hints, &res) == 0) {
		take_addrs(al, res);
		freeaddrinfo(res);
		return al->count ? KN_WHOIS_OK : KN_WHOIS_NOHOST;
	}
	size_t hl = strlen(host);
	gai_req *rq = calloc(1, sizeof(*rq));
	if (rq == NULL || hl >= sizeof(rq->host)) {
		free(rq);
		return KN_WHOIS_NETERR;
	}
	memcpy(rq->host, host, hl + 1);
	memcpy(rq->port, portstr, sizeof(rq->port));
	rq->hints.ai_family = AF_UNSPEC;
	rq->hints.ai_socktype = SOCK_STREAM;
	rq->hints.ai_flags = AI_NUMERICSERV;
	rq->cb.ar_name = rq->host;
	rq->cb.ar_service = rq->port;
	rq->cb.ar_request = &rq->hints;
	struct gaicb *list[1] = { &rq->cb };
	if (getaddrinfo_a(GAI_NOWAIT, list, 1, NULL) != 0) {
		free(rq);
		return KN_WHOIS_NETERR;
	}
	for (;;) {
		int ms = remaining(deadline);
		struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
		int rc = gai_suspend((const struct gaicb *const *)list, 1, &ts);
		int st = gai_error(&rq->cb);
		if (st != EAI_INPROGRESS) {
			kn_whois_status out = KN_WHOIS_NOHOST;
			if (st == 0 && rq->cb.ar_result != NULL) {
				take_addrs(al, rq->cb.ar_result);
				if (al->count)
					out = KN_WHOIS_OK;
			}
			if (rq->cb.ar_result != NULL)
				freeaddrinfo(rq->cb.ar_result);
			free(rq);
			return out;
		}
		if (ms == 0 || (rc != 0 && rc != EAI_INTR && rc != EAI_AGAIN
		    && rc != EAI_ALLDONE)) {
			if (gai_cancel(&rq->cb) == EAI_CANCELED) {
				free(rq);
			} else if (gai_error(&rq->cb) != EAI_INPROGRESS) {
				if (rq->cb.ar_result != NULL)
					freeaddrinfo(rq->cb.ar_result);
				free(rq);
			}
			/* else: still running in glibc's thread; see BUGS */
			return KN_WHOIS_TIMEOUT;
		}
	}
}

/* Connect to one address before the deadline; fd or -1 with *st. */
static int
connect_one(const struct sockaddr *sa, socklen_t salen, double deadline,
	kn_whois_status *st)
{
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*st = KN_WHOIS_NETERR;
		return -1;
	}
	if (connect(fd, sa, salen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*st = errno == ECONNREFUSED ? KN_WHOIS_REFUSED : KN_WHOIS_NETERR;
		close(fd);
		return -1;
	}
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int n;
	do {
		n = poll(&p, 1, remaining(deadline));
	} while (n < 0 && errno == EINTR);
	if (n == 0) {
		*st = KN_WHOIS_TIMEOUT;
		close(fd);
		return -1;
	}
	int err = 0;
	socklen_t el = sizeof(err);
	if (n < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err != 0) {
		*st = err == ECONNREFUSED ? KN_WHOIS_REFUSED : KN_WHOIS_NETERR;
		close(fd);
		return -1;
	}
	return fd;
}

/* Send all of p before the deadline. */
static kn_whois_status
send_all(int fd, const char *p, size_t len, double deadline)
{
	while (len > 0) {
		ssize_t w = send(fd, p, len, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			len -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return errno == ECONNRESET || errno == EPIPE
				? KN_WHOIS_REFUSED : KN_WHOIS_NETERR;
		struct pollfd pf = { .fd = fd, .events = POLLOUT };
		int ms = remaining(deadline);
		if (ms == 0 || poll(&pf, 1, ms) == 0)
			return KN_WHOIS_TIMEOUT;
	}
	return KN_WHOIS_OK;
}

/* Read until EOF, the cap or the deadline. */
static kn_whois_status
read_all(int fd, kn_buf *raw, size_t cap, double deadline)
{
	char chunk[KN_WHOIS_CHUNK];
	for (;;) {
		ssize_t r = recv(fd, chunk, sizeof(chunk), 0);
		if (r == 0)
			return KN_WHOIS_OK;
		if (r > 0) {
			size_t take = (size_t)r;
			if (raw->len + take > cap)
				take = cap - raw->len;
			kn_buf_add(raw, chunk, take);
			if (raw->err)
				return KN_WHOIS_NETERR;
			if (raw->len >= cap)
				return KN_WHOIS_TRUNCATED;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errno == ECONNRESET ? (raw->len ? KN_WHOIS_OK
				: KN_WHOIS_REFUSED) : KN_WHOIS_NETERR;
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		int ms = remaining(deadline);
		int n = ms == 0 ? 0 : poll(&pf, 1, ms);
		if (n == 0)
			return KN_WHOIS_TIMEOUT;
		if (n < 0 && errno != EINTR)
			return KN_WHOIS_NETERR;
	}
}

static const kn_whois_hostmap *
map_find(const kn_whois_client *c, const char *host)
{
	for (size_t i = 0; i < c->map_count; i++)
		if (kn_str_ieq(c->map[i].host, host))
			return &c->map[i];
	return NULL;
}

int
kn_whois_exchange_run(kn_whois_client *c, const char *host, unsigned port,
	const char *query, const char *role, const kn_whois_exchange **out)
{
	if (c == NULL || c->ar == NULL || host == NULL || query == NULL
	    || strlen(query) > KN_WHOIS_QUERY_MAX || strlen(host) >= KN_WHOIS_QUERY_MAX
	    || strpbrk(query, "\r\n") != NULL)
		return KENSA_EINVAL;
	kn_whois_exchange *ex = kn_vec_push(c->ar, &c->log, sizeof(*ex));
	if (ex == NULL)
		return KENSA_ENOMEM;
	ex->server = kn_strdup(c->ar, host);
	ex->query = kn_strdup(c->ar, query);
	ex->role = role ? role : "";
	ex->answer = "";
	ex->port = port;
	ex->at = (int64_t)time(NULL);
	if (out)
		*out = ex;
	if (ex->server == NULL || ex->query == NULL)
		return KENSA_ENOMEM;

	const kn_whois_hostmap *m = map_find(c, host);
	const char *addr = m ? m->addr : host;
	if (m)
		ex->port = port = m->port;
	if (c->offline) {
		ex->status = KN_WHOIS_OFFLINE;
		return 0;
	}
	if (c->exchanges >= KN_WHOIS_MAX_EXCHANGES) {
		ex->status = KN_WHOIS_LIMIT;
		return 0;
	}
	c->exchanges++;

	double t0 = now_ms();
	double deadline = t0 + (c->timeout_ms > 0 ? c->timeout_ms : KN_WHOIS_TIMEOUT_MS);
	size_t cap = c->answer_max ? c->answer_max : KN_WHOIS_ANSWER_MAX;
	addr_list al;
	kn_whois_status st = resolve(addr, port, deadline, &al);
	int fd = -1;
	for (size_t i = 0; st == KN_WHOIS_OK && i < al.count; i++) {
		fd = connect_one((struct sockaddr *)&al.sa[i], al.salen[i],
			deadline, &st);
		if (fd >= 0)
			break;
		if (st == KN_WHOIS_TIMEOUT)
			break;
		if (i + 1 < al.count)
			st = KN_WHOIS_OK;
	}
	kn_buf raw;
	kn_buf_init(&raw, cap + 1);
	if (fd >= 0) {
		char line[KN_WHOIS_QUERY_MAX + 3];
		int n = snprintf(line, sizeof(line), "%s\r\n", query);
		st = send_all(fd, line, (size_t)n, deadline);
		if (st == KN_WHOIS_OK)
			st = read_all(fd, &raw, cap, deadline);
		close(fd);
	}
	ex->ms = now_ms() - t0;
	ex->status = st;
	ex->raw_len = raw.len;
	if (raw.len > 0) {
		kn_buf utf8;
		/* UTF-8 may be 3 bytes for each 2-byte JIS character. */
		kn_buf_init(&utf8, raw.len * 2 + 16);
		const char *used = "US-ASCII";
		if (kn_charset_needs_decode(raw.data, raw.len))
			kn_charset_decode(&utf8, NULL, 0, raw.data, raw.len, &used);
		else
			kn_buf_add(&utf8, raw.data, raw.len);
		ex->charset = used;
		if (utf8.err == 0) {
			ex->answer = kn_strndup(c->ar, kn_buf_cstr(&utf8), utf8.len);
			ex->answer_len = utf8.len;
		}
		kn_buf_dispose(&utf8);
		if (ex->answer == NULL) {
			ex->answer = "";
			ex->answer_len = 0;
			kn_buf_dispose(&raw);
			return c->ar->oom ? KENSA_ENOMEM : 0;
		}
	}
	kn_buf_dispose(&raw);
	return 0;
}

/* Is the answer usable (something was read)? */
static bool
answered(const kn_whois_exchange *ex)
{
	return (ex->status == KN_WHOIS_OK || ex->status == KN_WHOIS_TRUNCATED)
		&& ex->answer_len > 0;
}

/* The query to send to host for domain. */
static const char *
query_for(kn_whois_client *c, const char *host, const char *domain)
{
	if (c->jprs_english && kn_str_ieq(host, "whois.jprs.jp"))
		return kn_sprintf(c->ar, "%s/e", domain);
	return domain;
}

/*
 * The host of a "Registrar WHOIS Server:" value: some registries write
 * a URL ("http://whois.example.com/"). NULL when what is left is not a
 * host name (letters, digits, '-', '.').
 */
static const char *
referral_host(kn_arena *ar, const char *ref)
{
	if (ref == NULL)
		return NULL;
	const char *p = strstr(ref, "://");
	p = p ? p + 3 : ref;
	size_t n = strcspn(p, "/:");
	if (n == 0 || n > 253)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
		    || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.'))
			return NULL;
	}
	return kn_strndup(ar, p, n);
}

int
kn_whois_lookup(kn_whois_client *c, const char *domain, kn_whois_record *out,
	bool *found)
{
	if (c == NULL || domain == NULL || out == NULL || found == NULL)
		return KENSA_EINVAL;
	*found = false;
	kn_whois_record_init(out);
	size_t dl = strlen(domain);
	if (dl == 0 || dl > 253 || strpbrk(domain, " \t\r\n/") != NULL)
		return KENSA_EINVAL;
	char *name = kn_str_lower(c->ar, domain);
	if (name == NULL)
		return KENSA_ENOMEM;
	if (name[dl - 1] == '.')
		name[dl - 1] = '\0';

	const kn_whois_exchange *ex;
	const char *server = c->server;
	unsigned port = c->port ? c->port : 43;
	int rc;
	if (c->server_is_iana) {
		if ((rc = kn_whois_exchange_run(c, server, port, name, "iana", &ex)) != 0)
			return rc;
		if (!answered(ex))
			return 0;
		server = kn_whois_iana_refer(c->ar, ex->answer, ex->answer_len);
		if (server == NULL)
			return c->ar->oom ? KENSA_ENOMEM : 0;
		port = 43; /* RFC 3912 section 2 */
	}
	const char *q = query_for(c, server, name);
	if (q == NULL)
		return KENSA_ENOMEM;
	if ((rc = kn_whois_exchange_run(c, server, port, q, "registry", &ex)) != 0)
		return rc;
	if (!answered(ex))
		return 0;
	*found = kn_whois_parse(c->ar, ex->answer, ex->answer_len, out);
	out->source = ex->server;
	const char *ref = referral_host(c->ar, out->referral);
	if (c->follow_referral && ref != NULL && !kn_str_ieq(ref, server)) {
		const char *rq = query_for(c, ref, name);
		if (rq == NULL)
			return KENSA_ENOMEM;
		if ((rc = kn_whois_exchange_run(c, ref, 43, rq,
		    "registrar", &ex)) != 0)
			return rc;
		if (answered(ex)) {
			kn_whois_record rr;
			if (kn_whois_parse(c->ar, ex->answer, ex->answer_len, &rr)) {
				kn_whois_merge(out, &rr);
				*found = true;
			}
		}
	}
	return c->ar->oom ? KENSA_ENOMEM : 0;
}
