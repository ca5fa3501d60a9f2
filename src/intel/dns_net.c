/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	dns_net 3
 * SUMMARY
 *	network DNS backend: c-ares transport, ldns answer parsing
 * SYNOPSIS
 *	#include "intel/dns_net.h"
 * DESCRIPTION
 *	net_query() sends one question with ares_query() and runs the
 *	c-ares event loop (ares_getsock, poll, ares_process_fd) until the
 *	callback fires or the question's deadline passes; then the
 *	question is cancelled and answered TIMEOUT. The deadline is
 *	min(timeout_ms, what is left of budget_ms). c-ares gets
 *	timeout_ms / tries per try, so its own retries fit in the deadline.
 *
 *	c-ares statuses map to the resolver's (intel/dns.h): SUCCESS,
 *	ENODATA and ENOTFOUND come with the packet, whose RCODE and answer
 *	section decide (RFC 1035 4.1.1); ESERVFAIL, EREFUSED, ENOTIMP,
 *	EFORMERR, EBADRESP give SERVFAIL; ETIMEOUT, ECANCELLED (our
 *	deadline) give TIMEOUT. ECONNREFUSED is SERVFAIL when some server
 *	sent a packet (c-ares 1.18 reports a server's SERVFAIL or REFUSED
 *	so), TIMEOUT when none did (closed port, no network).
 *
 *	The answer section is read with ldns: records of the asked type
 *	owned by the question name, or by the last name of the CNAME chain
 *	that starts there (RFC 1034 3.6.2), in packet order. A CNAME
 *	question returns the CNAME record itself. TXT records keep their
 *	character-strings apart (RFC 1035 3.3.14).
 *
 *	To name the server that answered, c-ares runs on our socket
 *	functions: connect() records each socket's peer, and a successful
 *	recv marks that peer as the one used.
 * LIMITS
 *	KN_DNS_NET_MAX_RRS, KN_DNS_NET_MAX_CNAME, KN_DNS_NET_MAX_SOCKETS,
 *	KN_DNS_NET_MAX_SILENT (dns_net.h).
 * ERRORS
 *	Only KENSA_ENOMEM from a question; DNS failures are statuses.
 *--*/
#include "intel/dns_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <ares.h>
#include <ldns/ldns.h>

#include <kensa/errors.h>

/* Records kept from one answer: a 64 KiB message holds about 4000 A
 * records; no mail check needs more than a few dozen. */
#define KN_DNS_NET_MAX_RRS 256
/* CNAME links followed in one answer section (as dns_memory.c). */
#define KN_DNS_NET_MAX_CNAME 8
/* Sockets whose peer is remembered: c-ares opens one UDP and at most
 * one TCP socket per server. */
#define KN_DNS_NET_MAX_SOCKETS 32
/* Text of one server: "[ffff:...:ffff]:65535". */
#define KN_DNS_NET_ADDR_MAX 64
/* Text of the configured server list kept for the log. */
#define KN_DNS_NET_LIST_MAX 512

typedef struct net_sock {
	ares_socket_t fd;
	char peer[KN_DNS_NET_ADDR_MAX];
} net_sock;

struct kn_dns_net {
	kn_dns_backend be;          /* first: the vtable */
	ares_channel ch;
	bool lib_init;
	unsigned timeout_ms;
	unsigned budget_ms;
	double spent_ms;
	unsigned silent;            /* questions in a row with no answer */
	net_sock socks[KN_DNS_NET_MAX_SOCKETS];
	char used[KN_DNS_NET_ADDR_MAX]; /* peer of the last packet read */
	char servers[KN_DNS_NET_LIST_MAX];
	kn_arena ar;                /* interned log names */
	kn_vec names;               /* const char *, distinct be.name texts */
};

/* State of one question in flight. */
typedef struct net_req {
	bool done;
	int status;                 /* ARES_* */
	unsigned char *abuf;        /* copy of the answer, malloc'd */
	int alen;
} net_req;

static int net_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out);

/*
 * The backend name for the log, interned in n (a few distinct texts:
 * one per server and failure), so that log entries may keep the pointer
 * for as long as the backend lives. NULL on oom.
 */
static const char *
intern_name(kn_dns_net *n, const char *fmt, const char *a, const char *b)
{
	char buf[KN_DNS_NET_LIST_MAX + 128];
	const char **names = n->names.items, **slot;

	snprintf(buf, sizeof(buf), fmt, a, b);
	for (size_t i = 0; i < n->names.count; i++)
		if (strcmp(names[i], buf) == 0)
			return names[i];
	slot = kn_vec_push(&n->ar, &n->names, sizeof(*slot));
	if (slot == NULL)
		return NULL;
	*slot = kn_strdup(&n->ar, buf);
	return *slot;
}

static double
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* "192.0.2.1:53" or "[2001:db8::1]:53" of sa into buf. */
static void
addr_text(const struct sockaddr *sa, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	buf[0] = '\0';
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		if (inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip)) != NULL)
			snprintf(buf, len, "%s:%u", ip, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		if (inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip)) != NULL)
			snprintf(buf, len, "[%s]:%u", ip, ntohs(in6->sin6_port));
	}
}

/* Socket functions given to c-ares (it then leaves the socket options
 * to us: non-blocking and close-on-exec are set here). */
static ares_socket_t
sock_open(int family, int type, int proto, void *data)
{
	kn_dns_net *n = data;
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return ARES_SOCKET_BAD;
	for (size_t i = 0; i < KN_DNS_NET_MAX_SOCKETS; i++) {
		if (n->socks[i].fd == ARES_SOCKET_BAD) {
			n->socks[i].fd = fd;
			n->socks[i].peer[0] = '\0';
			break;
		}
	}
	return fd;
}

static net_sock *
sock_find(kn_dns_net *n, ares_socket_t fd)
{
	for (size_t i = 0; i < KN_DNS_NET_MAX_SOCKETS; i++)
		if (n->socks[i].fd == fd)
			return &n->socks[i];
	return NULL;
}

static int
sock_close(ares_socket_t fd, void *data)
{
	net_sock *s = sock_find(data, fd);

	if (s != NULL)
		s->fd = ARES_SOCKET_BAD;
	return close(fd);
}

static int
sock_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len,
	void *data)
{
	net_sock *s = sock_find(data, fd);

	if (s != NULL)
		addr_text(sa, s->peer, sizeof(s->peer));
	return connect(fd, sa, len);
}

static ares_ssize_t
sock_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
	struct sockaddr *from, ares_socklen_t *fromlen, void *data)
{
	kn_dns_net *n = data;
	ssize_t r = recvfrom(fd, buf, len, flags, from, fromlen);
	net_sock *s;

	if (r > 0 && (s = sock_find(n, fd)) != NULL && s->peer[0] != '\0')
		memcpy(n->used, s->peer, sizeof(n->used));
	return r;
}

static ares_ssize_t
sock_sendv(ares_socket_t fd, const struct iovec *iov, int iovcnt, void *data)
{
	return writev(fd, iov, iovcnt);
}

static const struct ares_socket_functions net_sock_funcs = {
	sock_open, sock_close, sock_connect, sock_recvfrom, sock_sendv
};

/* The configured servers as "a:53,b:53" into n->servers. */
static void
list_servers(kn_dns_net *n)
{
	struct ares_addr_port_node *head = NULL;
	size_t len = 0;

	n->servers[0] = '\0';
	if (ares_get_servers_ports(n->ch, &head) != ARES_SUCCESS)
		return;
	for (struct ares_addr_port_node *s = head; s != NULL; s = s->next) {
		char ip[INET6_ADDRSTRLEN];
		int w;

		if (ares_inet_ntop(s->family, &s->addr, ip, sizeof(ip)) == NULL)
			continue;
		w = snprintf(n->servers + len, sizeof(n->servers) - len,
			s->family == AF_INET6 ? "%s[%s]:%d" : "%s%s:%d",
			len ? "," : "", ip, s->udp_port ? s->udp_port : 53);
		if (w < 0 || (size_t)w >= sizeof(n->servers) - len)
			break; /* the list is cut; it is only shown */
		len += (size_t)w;
	}
	ares_free_data(head);
}

int
kn_dns_net_new(kn_dns_net **out, const kn_dns_net_options *opt)
{
	static const kn_dns_net_options defaults = KN_DNS_NET_OPTIONS_INIT;
	struct ares_options ao;
	int optmask, rc;
	kn_dns_net *n;
	unsigned tries;

	if (out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	if (opt == NULL)
		opt = &defaults;
	if (opt->version != KN_DNS_NET_OPTIONS_VERSION)
		return KENSA_EVERSION;
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return KENSA_ENOMEM;
	for (size_t i = 0; i < KN_DNS_NET_MAX_SOCKETS; i++)
		n->socks[i].fd = ARES_SOCKET_BAD;
	n->be.name = "dns";
	n->be.query = net_query;
	kn_arena_init(&n->ar);
	n->timeout_ms = opt->timeout_ms ? opt->timeout_ms : KN_DNS_NET_TIMEOUT_MS;
	n->budget_ms = opt->budget_ms;
	tries = opt->tries ? opt->tries : KN_DNS_NET_TRIES;

	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
		free(n);
		return KENSA_EIO;
	}
	n->lib_init = true;
	memset(&ao, 0, sizeof(ao));
	/* Per try: the tries share the question's time. */
	ao.timeout = (int)(n->timeout_ms / tries ? n->timeout_ms / tries : 1);
	ao.tries = (int)tries;
	/* No search list: questions are always fully qualified. */
	ao.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES | ARES_FLAG_EDNS;
	ao.ednspsz = 1232; /* DNS flag day 2020: no IP fragmentation */
	optmask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS |
		ARES_OPT_EDNSPSZ;
	if (opt->resolv_conf != NULL) {
		ao.resolvconf_path = (char *)(uintptr_t)opt->resolv_conf;
		optmask |= ARES_OPT_RESOLVCONF;
	}
	rc = ares_init_options(&n->ch, &ao, optmask);
	if (rc != ARES_SUCCESS) {
		n->ch = NULL;
		kn_dns_net_free(n);
		return rc == ARES_ENOMEM ? KENSA_ENOMEM : KENSA_EIO;
	}
	if (opt->servers != NULL) {
		rc = ares_set_servers_ports_csv(n->ch, opt->servers);
		if (rc != ARES_SUCCESS) {
			kn_dns_net_free(n);
			return rc == ARES_ENOMEM ? KENSA_ENOMEM : KENSA_EINVAL;
		}
	}
	ares_set_socket_functions(n->ch, &net_sock_funcs, n);
	list_servers(n);
	*out = n;
	return 0;
}

void
kn_dns_net_free(kn_dns_net *n)
{
	if (n == NULL)
		return;
	if (n->ch != NULL)
		ares_destroy(n->ch);
	if (n->lib_init)
		ares_library_cleanup();
	kn_arena_dispose(&n->ar);
	free(n);
}

kn_dns_backend *
kn_dns_net_backend(kn_dns_net *n)
{
	return n ? &n->be : NULL;
}

const char *
kn_dns_net_servers(const kn_dns_net *n)
{
	return n ? n->servers : NULL;
}

void
kn_dns_net_reset(kn_dns_net *n)
{
	if (n == NULL)
		return;
	n->spent_ms = 0;
	n->silent = 0;
}

double
kn_dns_net_spent_ms(const kn_dns_net *n)
{
	return n ? n->spent_ms : 0;
}

static void
on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	net_req *q = arg;

	q->done = true;
	q->status = status;
	if (abuf != NULL && alen > 0) {
		q->abuf = malloc((size_t)alen);
		if (q->abuf != NULL) {
			memcpy(q->abuf, abuf, (size_t)alen);
			q->alen = alen;
		}
	}
}

/* Run c-ares until q is done or deadline (monotonic ms) passes. */
static void
run_loop(kn_dns_net *n, net_req *q, double deadline)
{
	while (!q->done) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		struct pollfd pfd[ARES_GETSOCK_MAXNUM];
		struct timeval maxtv, tv, *tvp;
		double left = deadline - now_ms();
		int bits, nfd = 0, wait, pr;

		if (left <= 0) {
			/* Calls on_answer with ARES_ECANCELLED. */
			ares_cancel(n->ch);
			break;
		}
		maxtv.tv_sec = (time_t)(left / 1000);
		maxtv.tv_usec = (suseconds_t)((left - (double)maxtv.tv_sec * 1000) * 1000);
		tvp = ares_timeout(n->ch, &maxtv, &tv);
		wait = (int)(tvp->tv_sec * 1000 + (tvp->tv_usec + 999) / 1000);
		bits = ares_getsock(n->ch, socks, ARES_GETSOCK_MAXNUM);
		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			short ev = 0;

			/* ARES_GETSOCK_WRITABLE shifts a signed 1 into the
			 * sign bit for the 16th socket; test unsigned bits. */
			if (((unsigned)bits >> i) & 1u)
				ev |= POLLIN;
			if (((unsigned)bits >> (i + ARES_GETSOCK_MAXNUM)) & 1u)
				ev |= POLLOUT;
			if (ev == 0)
				continue;
			pfd[nfd].fd = socks[i];
			pfd[nfd].events = ev;
			pfd[nfd].revents = 0;
			nfd++;
		}
		pr = poll(pfd, (nfds_t)nfd, wait);
		if (pr < 0 && errno != EINTR) {
			ares_cancel(n->ch);
			break;
		}
		if (pr <= 0) {
			/* Timeouts of c-ares's own tries. */
			ares_process_fd(n->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
			continue;
		}
		for (int i = 0; i < nfd && !q->done; i++) {
			short re = pfd[i].revents;

			if (re == 0)
				continue;
			ares_process_fd(n->ch,
				(re & (POLLIN | POLLERR | POLLHUP)) ? pfd[i].fd : ARES_SOCKET_BAD,
				(re & POLLOUT) ? pfd[i].fd : ARES_SOCKET_BAD);
		}
	}
}

/* The text of the wire-form domain name rdf (kn_dns_wire_name); NULL when not a name. */
static char *
wire_name(kn_arena *ar, const ldns_rdf *rdf)
{
	if (rdf == NULL || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
		return NULL;
	return kn_dns_wire_name(ar, ldns_rdf_data(rdf), ldns_rdf_size(rdf));
}

/* Fill rr (type) from the ldns record r; false when r is malformed. */
static bool
convert_rr(kn_arena *ar, const ldns_rr *r, kn_dns_type type, kn_dns_rr *rr,
	int *err)
{
	const ldns_rdf *f = ldns_rr_rdf(r, 0);

	memset(rr, 0, sizeof(*rr));
	rr->type = type;
	switch (type) {
	case KN_DNS_A:
		if (f == NULL || ldns_rdf_size(f) != 4)
			return false;
		memcpy(rr->u.addr, ldns_rdf_data(f), 4);
		return true;
	case KN_DNS_AAAA:
		if (f == NULL || ldns_rdf_size(f) != 16)
			return false;
		memcpy(rr->u.addr, ldns_rdf_data(f), 16);
		return true;
	case KN_DNS_MX:
		if (f == NULL || ldns_rdf_size(f) != 2 || ldns_rr_rd_count(r) < 2)
			return false;
		rr->u.mx.pref = ldns_rdf2native_int16(f);
		rr->u.mx.exchange = wire_name(ar, ldns_rr_rdf(r, 1));
		if (rr->u.mx.exchange == NULL)
			*err = KENSA_ENOMEM;
		return rr->u.mx.exchange != NULL;
	case KN_DNS_PTR:
	case KN_DNS_CNAME:
		rr->u.name = wire_name(ar, f);
		if (rr->u.name == NULL)
			*err = KENSA_ENOMEM;
		return rr->u.name != NULL;
	case KN_DNS_TXT:
	case KN_DNS_SPF: {
		size_t count = ldns_rr_rd_count(r);
		kn_slice *sv = NULL;

		if (count > 0) {
			sv = kn_calloc(ar, count, sizeof(*sv));
			if (sv == NULL) {
				*err = KENSA_ENOMEM;
				return false;
			}
		}
		for (size_t i = 0; i < count; i++) {
			const ldns_rdf *s = ldns_rr_rdf(r, i);
			const uint8_t *d = ldns_rdf_data(s);

			/* LDNS_RDF_TYPE_STR: a length octet, then the bytes. */
			if (ldns_rdf_size(s) < 1 || (size_t)d[0] + 1 != ldns_rdf_size(s))
				return false;
			sv[i].len = d[0];
			sv[i].p = kn_strndup(ar, (const char *)d + 1, d[0]);
			if (sv[i].p == NULL) {
				*err = KENSA_ENOMEM;
				return false;
			}
		}
		rr->u.txt.count = count;
		rr->u.txt.strings = sv;
		return true;
	}
	}
	return false;
}

/* Is the owner of r the normalised name want? */
static bool
owner_is(kn_arena *ar, const ldns_rr *r, const char *want)
{
	const char *s = wire_name(ar, ldns_rr_owner(r));

	return s != NULL && strcmp(s, want) == 0;
}

/* Read the packet into out: RCODE, then the answer section. */
static int
parse_answer(kn_arena *ar, const unsigned char *abuf, int alen,
	const char *qname, kn_dns_type type, kn_dns_answer *out)
{
	ldns_pkt *pkt = NULL;
	ldns_rr_list *an;
	kn_dns_rr *rrs;
	const char *owner = qname;
	size_t count = 0;
	int err = 0;

	if (ldns_wire2pkt(&pkt, abuf, (size_t)alen) != LDNS_STATUS_OK) {
		out->status = KN_DNS_SERVFAIL;
		return 0;
	}
	switch (ldns_pkt_get_rcode(pkt)) {
	case LDNS_RCODE_NOERROR:
		break;
	case LDNS_RCODE_NXDOMAIN:
		out->status = KN_DNS_NXDOMAIN;
		ldns_pkt_free(pkt);
		return 0;
	default:
		out->status = KN_DNS_SERVFAIL;
		ldns_pkt_free(pkt);
		return 0;
	}
	rrs = kn_calloc(ar, KN_DNS_NET_MAX_RRS, sizeof(*rrs));
	if (rrs == NULL) {
		ldns_pkt_free(pkt);
		return KENSA_ENOMEM;
	}
	an = ldns_pkt_answer(pkt);
	for (int hop = 0; hop <= KN_DNS_NET_MAX_CNAME && count == 0; hop++) {
		const char *next = NULL;

		for (size_t i = 0; an != NULL && i < ldns_rr_list_rr_count(an); i++) {
			const ldns_rr *r = ldns_rr_list_rr(an, i);
			ldns_rr_type t = ldns_rr_get_type(r);

			if (ldns_rr_get_class(r) != LDNS_RR_CLASS_IN ||
			    !owner_is(ar, r, owner))
				continue;
			if ((unsigned)t == (unsigned)type) {
				if (count < KN_DNS_NET_MAX_RRS &&
				    convert_rr(ar, r, type, &rrs[count], &err))
					count++;
				if (err)
					break;
			} else if (t == LDNS_RR_TYPE_CNAME && next == NULL) {
				next = wire_name(ar, ldns_rr_rdf(r, 0));
				if (next == NULL)
					err = KENSA_ENOMEM;
			}
		}
		if (err || count > 0 || next == NULL)
			break;
		owner = next;
	}
	ldns_pkt_free(pkt);
	if (err)
		return err;
	out->status = count ? KN_DNS_NOERROR : KN_DNS_NODATA;
	out->count = count;
	out->rrs = count ? rrs : NULL;
	return 0;
}

static kn_dns_status
map_status(int status)
{
	switch (status) {
	case ARES_ETIMEOUT:
	case ARES_ECONNREFUSED:
	case ARES_ECANCELLED:
	case ARES_EDESTRUCTION:
		return KN_DNS_TIMEOUT;
	case ARES_ENOTFOUND:
		return KN_DNS_NXDOMAIN;
	case ARES_ENODATA:
		return KN_DNS_NODATA;
	default:
		return KN_DNS_SERVFAIL;
	}
}

static int
net_query(kn_dns_backend *be, kn_arena *ar, const char *qname,
	kn_dns_type type, kn_dns_answer *out)
{
	kn_dns_net *n = (kn_dns_net *)be;
	net_req q = { false, ARES_ETIMEOUT, NULL, 0 };
	double t0 = now_ms(), deadline;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	n->used[0] = '\0';
	deadline = t0 + n->timeout_ms;
	if (n->budget_ms && t0 + ((double)n->budget_ms - n->spent_ms) < deadline)
		deadline = t0 + ((double)n->budget_ms - n->spent_ms);
	if (deadline <= t0 || n->silent >= KN_DNS_NET_MAX_SILENT) {
		out->status = KN_DNS_TIMEOUT;
		be->name = intern_name(n, "dns %s (not sent: %s)", n->servers,
			n->silent >= KN_DNS_NET_MAX_SILENT ?
			"no server answered the last questions" :
			"time budget spent");
		if (be->name == NULL) {
			be->name = "dns";
			return KENSA_ENOMEM;
		}
		return 0;
	}

	ares_query(n->ch, qname, 1 /* class IN */, (int)type, on_answer, &q);
	run_loop(n, &q, deadline);
	n->spent_ms += now_ms() - t0;

	if (q.abuf != NULL &&
	    (q.status == ARES_SUCCESS || q.status == ARES_ENODATA ||
	     q.status == ARES_ENOTFOUND))
		rc = parse_answer(ar, q.abuf, q.alen, qname, type, out);
	else if (q.status == ARES_ECONNREFUSED && n->used[0] != '\0')
		/* c-ares 1.18 ends with ECONNREFUSED after every server
		 * answered SERVFAIL, REFUSED or NOTIMP: a packet came back. */
		out->status = KN_DNS_SERVFAIL;
	else
		out->status = map_status(q.status);
	free(q.abuf);

	if (n->used[0] != '\0') {
		n->silent = 0;
		be->name = intern_name(n, "dns %s%s", n->used, "");
	} else {
		n->silent++;
		be->name = intern_name(n, "dns %s (no answer: %s)", n->servers,
			ares_strerror(q.status));
	}
	if (be->name == NULL) {
		be->name = "dns";
		return KENSA_ENOMEM;
	}
	return rc;
}
