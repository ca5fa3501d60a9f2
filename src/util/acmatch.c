/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	acmatch 3
 * SUMMARY
 *	Aho-Corasick multi-pattern search
 * DESCRIPTION
 *	See acmatch.h. The automaton is the pattern trie with its failure
 *	links folded in: a full transition table over byte classes (bytes
 *	that occur in no pattern share class 0 and always lead back to the
 *	root), so a scan step is one table read. Each state lists the
 *	patterns ending there (out_head/out_next) and, through rep/dict,
 *	the nearest states on its failure chain that end patterns too, so
 *	reporting costs only the occurrences found.
 *
 *	Build: the trie is laid out in a table of (1 + total pattern bytes)
 *	rows, then a breadth-first walk sets each state's failure link and
 *	fills its missing transitions from its failure state's row (already
 *	complete, being nearer the root), then the table is shrunk to the
 *	states used.
 * LIMITS
 *	KN_AC_MAX_STATES states.
 *--*/
#include "util/acmatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kensa/errors.h>

/* "no state" / "no pattern" in the 32-bit tables. */
#define AC_NONE UINT32_MAX

struct kn_ac {
	uint16_t cls[256];  /* byte -> class (0: in no pattern) */
	size_t nclass;
	size_t nstates;
	uint32_t *delta;    /* nstates * nclass: next state */
	uint32_t *rep;      /* first state on s's failure chain (s included)
	                     * that ends a pattern, or AC_NONE */
	uint32_t *dict;     /* for a reporting state: the next one on its
	                     * failure chain, or AC_NONE */
	uint32_t *out_head; /* first pattern ending in the state, or AC_NONE */
	uint32_t *out_next; /* per pattern: next pattern of the same state */
	size_t *plen;       /* per pattern: its length */
	size_t npat;
};

void
kn_ac_free(kn_ac *ac)
{
	if (ac == NULL)
		return;
	free(ac->delta);
	free(ac->rep);
	free(ac->dict);
	free(ac->out_head);
	free(ac->out_next);
	free(ac->plen);
	free(ac);
}

/* Lay out the trie of the patterns; ac->nstates states used. */
static int
build_trie(kn_ac *ac, const char *const *pats, const size_t *lens, size_t n)
{
	ac->nstates = 1;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)pats[i];
		uint32_t s = 0;

		ac->plen[i] = lens[i];
		ac->out_next[i] = AC_NONE;
		if (lens[i] == 0)
			continue; /* never reported */
		for (size_t k = 0; k < lens[i]; k++) {
			uint32_t *slot = &ac->delta[(size_t)s * ac->nclass +
				ac->cls[p[k]]];
			if (*slot == 0) /* no edge leads back to the root */
				*slot = (uint32_t)ac->nstates++;
			s = *slot;
		}
		/* append, so duplicates report in index order */
		if (ac->out_head[s] == AC_NONE) {
			ac->out_head[s] = (uint32_t)i;
		} else {
			uint32_t q = ac->out_head[s];
			while (ac->out_next[q] != AC_NONE)
				q = ac->out_next[q];
			ac->out_next[q] = (uint32_t)i;
		}
	}
	return 0;
}

/* Failure links, completed transitions, report chains (breadth first). */
static int
build_links(kn_ac *ac)
{
	size_t nc = ac->nclass, head = 0, tail = 0;
	uint32_t *queue = malloc(ac->nstates * sizeof(*queue));
	uint32_t *fail = malloc(ac->nstates * sizeof(*fail));

	if (queue == NULL || fail == NULL) {
		free(queue);
		free(fail);
		return KENSA_ENOMEM;
	}
	fail[0] = 0;
	ac->rep[0] = ac->out_head[0]; /* AC_NONE: empty patterns skipped */
	ac->dict[0] = AC_NONE;
	for (size_t c = 0; c < nc; c++) {
		uint32_t t = ac->delta[c];
		if (t != 0) {
			fail[t] = 0;
			queue[tail++] = t;
		}
	}
	/* Each state is queued once (by its trie parent): bounded by nstates. */
	while (head < tail) {
		uint32_t s = queue[head++];
		uint32_t *row = &ac->delta[(size_t)s * nc];
		const uint32_t *frow = &ac->delta[(size_t)fail[s] * nc];

		ac->dict[s] = ac->rep[fail[s]];
		ac->rep[s] = ac->out_head[s] != AC_NONE ? s : ac->dict[s];
		for (size_t c = 0; c < nc; c++) {
			if (row[c] != 0) {
				fail[row[c]] = frow[c];
				queue[tail++] = row[c];
			} else {
				row[c] = frow[c];
			}
		}
	}
	free(queue);
	free(fail);
	return 0;
}

int
kn_ac_build(kn_ac **out, const char *const *pats, const size_t *lens,
	size_t n)
{
	kn_ac *ac;
	size_t total = 1;
	int rc;

	if (out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	if (n > 0 && (pats == NULL || lens == NULL))
		return KENSA_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (pats[i] == NULL && lens[i] > 0)
			return KENSA_EINVAL;
		if (lens[i] > KN_AC_MAX_STATES - total)
			return KENSA_EINVAL;
		total += lens[i];
	}
	if ((ac = calloc(1, sizeof(*ac))) == NULL)
		return KENSA_ENOMEM;
	/* classes: 0 for bytes in no pattern, 1.. in order of first use */
	ac->nclass = 1;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < lens[i]; k++) {
			unsigned char b = (unsigned char)pats[i][k];
			if (ac->cls[b] == 0)
				ac->cls[b] = (uint16_t)ac->nclass++;
		}
	ac->npat = n;
	ac->delta = calloc(total * ac->nclass, sizeof(*ac->delta));
	ac->rep = malloc(total * sizeof(*ac->rep));
	ac->dict = malloc(total * sizeof(*ac->dict));
	ac->out_head = malloc(total * sizeof(*ac->out_head));
	ac->out_next = malloc((n ? n : 1) * sizeof(*ac->out_next));
	ac->plen = malloc((n ? n : 1) * sizeof(*ac->plen));
	if (ac->delta == NULL || ac->rep == NULL || ac->dict == NULL ||
	    ac->out_head == NULL || ac->out_next == NULL || ac->plen == NULL) {
		kn_ac_free(ac);
		return KENSA_ENOMEM;
	}
	for (size_t s = 0; s < total; s++)
		ac->out_head[s] = AC_NONE;
	if ((rc = build_trie(ac, pats, lens, n)) < 0 ||
	    (rc = build_links(ac)) < 0) {
		kn_ac_free(ac);
		return rc;
	}
	if (ac->nstates < total) {
		/* shrink to the states used (shared prefixes) */
		uint32_t *d = realloc(ac->delta,
			ac->nstates * ac->nclass * sizeof(*d));
		if (d != NULL)
			ac->delta = d;
	}
	*out = ac;
	return 0;
}

bool
kn_ac_scan(const kn_ac *ac, const char *text, size_t len, kn_ac_cb cb,
	void *payload)
{
	const unsigned char *u = (const unsigned char *)text;
	const uint32_t *delta = ac->delta;
	size_t nc = ac->nclass;
	uint32_t s = 0;

	for (size_t i = 0; i < len; i++) {
		s = delta[(size_t)s * nc + ac->cls[u[i]]];
		/* Each step down the chain is a shorter suffix: bounded by
		 * the pattern length. */
		for (uint32_t r = ac->rep[s]; r != AC_NONE; r = ac->dict[r]) {
			for (uint32_t p = ac->out_head[r]; p != AC_NONE;
			    p = ac->out_next[p])
				if (!cb(p, i + 1 - ac->plen[p], payload))
					return false;
		}
	}
	return true;
}
