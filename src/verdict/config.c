/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	config 3
 * SUMMARY
 *	read an administrator's weights and thresholds
 * DESCRIPTION
 *	A config is lines of words separated by blanks; '#' starts a
 *	comment that runs to the end of the line:
 *
 *		weight RULE-ID N            (every variant of the rule)
 *		weight RULE-ID/VARIANT N    (one variant)
 *		threshold NAME N            (phishing, deception, lure,
 *		                             suspicious, spam)
 *
 *	N is a whole number, weights 0..KN_CONFIG_WEIGHT_MAX and thresholds
 *	0..KN_CONFIG_THRESHOLD_MAX. A rule must exist in the rule table; a
 *	weight or threshold may be set once per file. The defaults
 *	(data/verdict.conf, compiled in) use the same syntax.
 * ERRORS
 *	KENSA_EINVAL with "NAME:LINE: reason" in err; KENSA_ENOMEM;
 *	kensa_config_load() also KENSA_ENOTFOUND, KENSA_EIO, KENSA_ETOOBIG.
 * LIMITS
 *	KN_CONFIG_MAX_BYTES per file, KN_CONFIG_LINE_MAX bytes per line.
 *--*/
#include "verdict/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A config is a short hand-written file; anything larger is a mistake. */
#define KN_CONFIG_MAX_BYTES ((size_t)1024 * 1024)
#define KN_CONFIG_LINE_MAX 1024
/* Words on one line: directive, name, number; one more to report. */
#define KN_CONFIG_WORDS 4
#define KN_CONFIG_WEIGHT_MAX 1000u
#define KN_CONFIG_THRESHOLD_MAX 100000u

static const char *const thr_names[KN_THR_COUNT] = {
	"phishing", "deception", "lure", "suspicious", "spam",
};

typedef struct word {
	const char *p;
	size_t len;
} word;

static int
error(char *err, size_t errsize, const char *name, unsigned line,
	const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL || errsize == 0)
		return KENSA_EINVAL;
	n = snprintf(err, errsize, "%s:%u: ", name != NULL ? name : "config",
		line);
	if (n >= 0 && (size_t)n < errsize) {
		va_start(ap, fmt);
		vsnprintf(err + n, errsize - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return KENSA_EINVAL;
}

/* A number of up to 6 digits into *out; false if w is not one. */
static bool
number(word w, unsigned max, unsigned *out)
{
	unsigned v = 0;

	if (w.len == 0 || w.len > 6)
		return false;
	for (size_t i = 0; i < w.len; i++) {
		if (w.p[i] < '0' || w.p[i] > '9')
			return false;
		v = v * 10 + (unsigned)(w.p[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

static bool
word_is(word w, const char *s)
{
	return strlen(s) == w.len && memcmp(w.p, s, w.len) == 0;
}

static int
add_weight(kensa_config *cfg, const kn_rule_entry *e, bool all,
	unsigned weight, unsigned line)
{
	kn_weight_override *o;

	if (cfg->nweights == cfg->capweights) {
		size_t cap = cfg->capweights ? cfg->capweights * 2 : 16;
		kn_weight_override *n = realloc(cfg->weights, cap * sizeof(*n));
		if (n == NULL)
			return KENSA_ENOMEM;
		cfg->weights = n;
		cfg->capweights = cap;
	}
	o = &cfg->weights[cfg->nweights++];
	o->id = e->rule.id;
	o->variant = all ? NULL : e->variant;
	o->weight = weight;
	o->line = line;
	return 0;
}

static int
directive(kensa_config *cfg, const word *w, size_t nw, const char *name,
	unsigned line, char *err, size_t errsize)
{
	unsigned n;

	if (word_is(w[0], "weight")) {
		const kn_rule_entry *e;
		bool all;

		if (nw != 3)
			return error(err, errsize, name, line,
				"want 'weight RULE-ID N' (%zu words given)", nw);
		e = kn_rules_find_name(w[1].p, w[1].len);
		if (e == NULL)
			return error(err, errsize, name, line,
				"unknown rule '%.*s'", (int)w[1].len, w[1].p);
		if (!number(w[2], KN_CONFIG_WEIGHT_MAX, &n))
			return error(err, errsize, name, line,
				"weight must be a whole number 0..%u, not '%.*s'",
				KN_CONFIG_WEIGHT_MAX, (int)w[2].len, w[2].p);
		all = memchr(w[1].p, '/', w[1].len) == NULL;
		for (size_t i = 0; i < cfg->nweights; i++) {
			const kn_weight_override *o = &cfg->weights[i];
			if (strcmp(o->id, e->rule.id) == 0 &&
			    (all ? o->variant == NULL : o->variant == e->variant))
				return error(err, errsize, name, line,
					"weight of '%.*s' already set on line %u",
					(int)w[1].len, w[1].p, o->line);
		}
		return add_weight(cfg, e, all, n, line);
	}
	if (word_is(w[0], "threshold")) {
		int t = -1;

		if (nw != 3)
			return error(err, errsize, name, line,
				"want 'threshold NAME N' (%zu words given)", nw);
		for (int i = 0; i < KN_THR_COUNT; i++)
			if (word_is(w[1], thr_names[i]))
				t = i;
		if (t < 0)
			return error(err, errsize, name, line,
				"unknown threshold '%.*s' (want phishing, deception, "
				"lure, suspicious or spam)", (int)w[1].len, w[1].p);
		if (!number(w[2], KN_CONFIG_THRESHOLD_MAX, &n))
			return error(err, errsize, name, line,
				"threshold must be a whole number 0..%u, not '%.*s'",
				KN_CONFIG_THRESHOLD_MAX, (int)w[2].len, w[2].p);
		if (cfg->threshold_line[t] != 0)
			return error(err, errsize, name, line,
				"threshold %s already set on line %u", thr_names[t],
				cfg->threshold_line[t]);
		cfg->threshold[t] = n;
		cfg->threshold_line[t] = line;
		return 0;
	}
	return error(err, errsize, name, line,
		"unknown directive '%.*s' (want weight or threshold)",
		(int)(w[0].len > 40 ? 40 : w[0].len), w[0].p);
}

int
kn_config_parse_into(kensa_config *cfg, const char *text, size_t len,
	const char *name, char *err, size_t errsize)
{
	size_t pos = 0;
	unsigned line = 0;
	int rc;

	if (err != NULL && errsize > 0)
		err[0] = '\0';
	if (text == NULL && len > 0)
		return KENSA_EINVAL;
	while (pos < len) {
		const char *p = text + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t ll = nl != NULL ? (size_t)(nl - p) : len - pos;
		word w[KN_CONFIG_WORDS];
		size_t nw = 0, i = 0;

		pos += ll + (nl != NULL);
		line++;
		if (ll > KN_CONFIG_LINE_MAX)
			return error(err, errsize, name, line,
				"line longer than %d bytes", KN_CONFIG_LINE_MAX);
		if (memchr(p, '\0', ll) != NULL)
			return error(err, errsize, name, line, "NUL byte");
		while (i < ll && p[i] != '#') {
			if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r') {
				i++;
				continue;
			}
			if (nw == KN_CONFIG_WORDS)
				return error(err, errsize, name, line,
					"too many words");
			w[nw].p = p + i;
			while (i < ll && p[i] != ' ' && p[i] != '\t' &&
			       p[i] != '\r' && p[i] != '#')
				i++;
			w[nw].len = (size_t)(p + i - w[nw].p);
			nw++;
		}
		if (nw == 0)
			continue;
		if ((rc = directive(cfg, w, nw, name, line, err, errsize)) < 0)
			return rc;
	}
	return 0;
}

void
kn_config_dispose(kensa_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->weights);
	cfg->weights = NULL;
	cfg->nweights = cfg->capweights = 0;
}

bool
kn_config_weight(const kensa_config *cfg, const kn_rule_entry *e,
	unsigned *out)
{
	bool found = false;

	if (cfg == NULL || e == NULL)
		return false;
	/* A variant's own line wins over the line for every variant. */
	for (size_t i = 0; i < cfg->nweights; i++) {
		const kn_weight_override *o = &cfg->weights[i];
		if (strcmp(o->id, e->rule.id) != 0)
			continue;
		if (o->variant != NULL && o->variant == e->variant) {
			*out = o->weight;
			return true;
		}
		if (o->variant == NULL) {
			*out = o->weight;
			found = true;
		}
	}
	return found;
}

bool
kn_config_threshold(const kensa_config *cfg, kn_threshold t, unsigned *out)
{
	if (cfg == NULL || (unsigned)t >= KN_THR_COUNT ||
	    cfg->threshold_line[t] == 0)
		return false;
	*out = cfg->threshold[t];
	return true;
}

const char *
kn_threshold_name(kn_threshold t)
{
	return (unsigned)t < KN_THR_COUNT ? thr_names[t] : "?";
}

KENSA_EXTERN(int)
kensa_config_parse(kensa_config **out, const char *text, size_t len,
	const char *name, char *err, size_t errsize)
{
	kensa_config *cfg;
	int rc;

	if (out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	cfg = calloc(1, sizeof(*cfg));
	if (cfg == NULL)
		return KENSA_ENOMEM;
	rc = kn_config_parse_into(cfg, text, len, name, err, errsize);
	if (rc < 0) {
		kensa_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

KENSA_EXTERN(int)
kensa_config_load(kensa_config **out, const char *path, char *err,
	size_t errsize)
{
	FILE *fp;
	char *buf;
	size_t n;
	int rc;

	if (out == NULL || path == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		int e = errno;
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: %s", path, strerror(e));
		return e == ENOENT ? KENSA_ENOTFOUND : KENSA_EIO;
	}
	buf = malloc(KN_CONFIG_MAX_BYTES + 1);
	if (buf == NULL) {
		fclose(fp);
		return KENSA_ENOMEM;
	}
	n = fread(buf, 1, KN_CONFIG_MAX_BYTES + 1, fp);
	if (ferror(fp)) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: read error", path);
		rc = KENSA_EIO;
	} else if (n > KN_CONFIG_MAX_BYTES) {
		if (err != NULL && errsize > 0)
			snprintf(err, errsize, "%s: larger than %zu bytes", path,
				KN_CONFIG_MAX_BYTES);
		rc = KENSA_ETOOBIG;
	} else {
		rc = kensa_config_parse(out, buf, n, path, err, errsize);
	}
	fclose(fp);
	free(buf);
	return rc;
}

KENSA_EXTERN(void)
kensa_config_free(kensa_config *cfg)
{
	if (cfg == NULL)
		return;
	kn_config_dispose(cfg);
	free(cfg);
}
