/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	charset 3
 * SUMMARY
 *	legacy charset to UTF-8 conversion with Japanese repairs
 * DESCRIPTION
 *	See charset.h. Labels are mapped to decoder kinds; Japanese labels
 *	go to the Microsoft supersets (CP932 for Shift_JIS, EUC-JP-MS for
 *	EUC-JP, our own JIS decoder feeding CP932 for ISO-2022-JP), Latin-1
 *	goes to windows-1252 (what senders mean in practice), the rest to
 *	glibc iconv under the label's own name.
 * STANDARDS
 *	RFC 1468 (ISO-2022-JP), RFC 2046 section 4.1.2 (charset parameter),
 *	RFC 2231 section 5 (language suffix), RFC 3629 (UTF-8).
 * CONVERTER CACHE
 *	iconv_open() costs far more than converting a header: glibc finds
 *	the gconv module and dlopen()s it, and iconv_close() dlclose()s it
 *	again, so opening per conversion took about half the analysis time
 *	of a small message. Each thread therefore keeps its last
 *	KN_CS_CACHE converters (to UTF-8, keyed by the source name; a name
 *	iconv does not know is remembered as such too), reset to the
 *	initial shift state before each use. An iconv_t is never shared
 *	between threads (it holds conversion state). The cache is freed
 *	when its thread exits (a pthread key destructor); the main thread's
 *	lives as long as the process. Without memory for a cache, a
 *	converter is opened and closed per conversion as before.
 * MODULE PINS
 *	GMime converts the same encoded words and 8-bit headers with its
 *	own iconv_open()/iconv_close() per call; when nothing else holds the
 *	module, glibc unloads it after a few such closes and loads it again
 *	at the next open (about 4% of the offline analysis time, more on
 *	Japanese mail). kn_charset_pin() therefore holds one converter for
 *	every label this decoder is asked about (and mime.c pins
 *	ISO-8859-1, GMime's 8-bit header fallback), up to KN_CS_PINS labels
 *	per process, never closed. The table is append-only: an entry is
 *	written under a mutex and then published by an atomic count, so
 *	lookups take no lock.
 * LIMITS
 *	Labels longer than KN_CS_LABEL_MAX are treated as unknown.
 *--*/
#include "util/charset.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

/* Longest charset label we look up (IANA names are under 45 bytes). */
#define KN_CS_LABEL_MAX 64
/* Bytes converted per iconv call (stack buffer). */
#define KN_CS_CHUNK 4096

/* Converters kept open per thread (a message uses one or two). */
#define KN_CS_CACHE 8

/* Charset labels whose gconv module is held loaded (kn_charset_pin). */
#define KN_CS_PINS 32

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* One cached converter: name to UTF-8; cd (iconv_t)-1 when iconv lacks it. */
struct cs_conv {
	char name[KN_CS_LABEL_MAX];
	iconv_t cd;
	bool used;
};

struct cs_cache {
	struct cs_conv e[KN_CS_CACHE];
	unsigned next; /* slot replaced next (round robin) */
};

static pthread_key_t cs_key;
static pthread_once_t cs_once = PTHREAD_ONCE_INIT;
static bool cs_key_ok;

static void
cs_cache_free(void *p)
{
	struct cs_cache *c = p;

	for (size_t i = 0; i < KN_CS_CACHE; i++)
		if (c->e[i].used && c->e[i].cd != (iconv_t)-1)
			iconv_close(c->e[i].cd);
	free(c);
}

static void
cs_key_init(void)
{
	cs_key_ok = pthread_key_create(&cs_key, cs_cache_free) == 0;
}

/* This thread's cache, made on first use; NULL without memory. */
static struct cs_cache *
cs_cache_get(void)
{
	struct cs_cache *c;

	pthread_once(&cs_once, cs_key_init);
	if (!cs_key_ok)
		return NULL;
	if ((c = pthread_getspecific(cs_key)) != NULL)
		return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if (pthread_setspecific(cs_key, c) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

/*
 * A converter from name to UTF-8 in its initial state, or (iconv_t)-1
 * when iconv lacks name. *owned: not cached, the caller closes it
 * (cs_release).
 */
static iconv_t
cs_acquire(const char *name, bool *owned)
{
	struct cs_cache *c = cs_cache_get();
	struct cs_conv *slot;

	*owned = false;
	if (c == NULL || strlen(name) >= sizeof(c->e[0].name)) {
		*owned = true;
		return iconv_open("UTF-8", name);
	}
	for (size_t i = 0; i < KN_CS_CACHE; i++) {
		slot = &c->e[i];
		if (slot->used && strcmp(slot->name, name) == 0) {
			if (slot->cd != (iconv_t)-1)
				iconv(slot->cd, NULL, NULL, NULL, NULL);
			return slot->cd;
		}
	}
	slot = &c->e[c->next];
	c->next = (c->next + 1) % KN_CS_CACHE;
	if (slot->used && slot->cd != (iconv_t)-1)
		iconv_close(slot->cd);
	slot->cd = iconv_open("UTF-8", name);
	memcpy(slot->name, name, strlen(name) + 1);
	slot->used = true;
	return slot->cd;
}

static void
cs_release(iconv_t cd, bool owned)
{
	if (owned && cd != (iconv_t)-1)
		iconv_close(cd);
}

/* Pinned labels: entries [0, pin_count) are complete and never change. */
static struct cs_pin {
	char name[KN_CS_LABEL_MAX];
	iconv_t cd; /* (iconv_t)-1: iconv does not know the name */
} pins[KN_CS_PINS];
static atomic_uint pin_count;
static pthread_mutex_t pin_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
pinned(const char *name, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(pins[i].name, name) == 0)
			return true;
	return false;
}

void
kn_charset_pin(const char *name)
{
	char label[KN_CS_LABEL_MAX];
	size_t len = name != NULL ? strlen(name) : 0;
	unsigned n;

	if (len == 0 || len >= sizeof(label))
		return;
	for (size_t i = 0; i <= len; i++)
		label[i] = (name[i] >= 'A' && name[i] <= 'Z') ?
			(char)(name[i] + 32) : name[i];
	n = atomic_load_explicit(&pin_count, memory_order_acquire);
	if (n >= KN_CS_PINS || pinned(label, n))
		return;
	if (pthread_mutex_lock(&pin_lock) != 0)
		return;
	n = atomic_load_explicit(&pin_count, memory_order_relaxed);
	if (n < KN_CS_PINS && !pinned(label, n)) {
		memcpy(pins[n].name, label, len + 1);
		pins[n].cd = iconv_open("UTF-8", label);
		atomic_store_explicit(&pin_count, n + 1, memory_order_release);
	}
	pthread_mutex_unlock(&pin_lock);
}

enum cs_kind {
	CS_NONE,  /* undeclared: guess */
	CS_ASCII, /* us-ascii: 8-bit bytes mean undeclared */
	CS_UTF8,
	CS_JIS,   /* ISO-2022-JP family: our decoder */
	CS_ICONV  /* an iconv name (CP932, EUC-JP-MS, CP1252, ...) */
};

struct cs_alias {
	const char *label;
	enum cs_kind kind;
	const char *iconv_name;
};

/* Label -> decoder. Japanese labels map to the Microsoft supersets. */
static const struct cs_alias aliases[] = {
	{ "utf-8", CS_UTF8, "UTF-8" },
	{ "utf8", CS_UTF8, "UTF-8" },
	{ "uft-8", CS_UTF8, "UTF-8" },        /* seen in real bounces */
	{ "unicode-1-1-utf-8", CS_UTF8, "UTF-8" },
	{ "us-ascii", CS_ASCII, NULL },
	{ "ascii", CS_ASCII, NULL },
	{ "ansi_x3.4-1968", CS_ASCII, NULL },
	{ "iso646-us", CS_ASCII, NULL },
	{ "us", CS_ASCII, NULL },
	{ "iso-2022-jp", CS_JIS, NULL },
	{ "iso-2022-jp-1", CS_JIS, NULL },
	{ "iso-2022-jp-2", CS_JIS, NULL },
	{ "iso-2022-jp-3", CS_JIS, NULL },
	{ "iso-2022-jp-ms", CS_JIS, NULL },
	{ "csiso2022jp", CS_JIS, NULL },
	{ "cp50220", CS_JIS, NULL },
	{ "cp50221", CS_JIS, NULL },
	{ "cp50222", CS_JIS, NULL },
	{ "jis", CS_JIS, NULL },
	{ "shift_jis", CS_ICONV, "CP932" },
	{ "shift-jis", CS_ICONV, "CP932" },
	{ "sjis", CS_ICONV, "CP932" },
	{ "x-sjis", CS_ICONV, "CP932" },
	{ "ms_kanji", CS_ICONV, "CP932" },
	{ "csshiftjis", CS_ICONV, "CP932" },
	{ "windows-31j", CS_ICONV, "CP932" },
	{ "cp932", CS_ICONV, "CP932" },
	{ "ms932", CS_ICONV, "CP932" },
	{ "x-ms-cp932", CS_ICONV, "CP932" },
	{ "shift_jisx0213", CS_ICONV, "CP932" },
	{ "euc-jp", CS_ICONV, "EUC-JP-MS" },
	{ "x-euc-jp", CS_ICONV, "EUC-JP-MS" },
	{ "eucjp", CS_ICONV, "EUC-JP-MS" },
	{ "ujis", CS_ICONV, "EUC-JP-MS" },
	{ "cseucpkdfmtjapanese", CS_ICONV, "EUC-JP-MS" },
	{ "euc-jp-ms", CS_ICONV, "EUC-JP-MS" },
	{ "iso-8859-1", CS_ICONV, "CP1252" },
	{ "iso8859-1", CS_ICONV, "CP1252" },
	{ "iso_8859-1", CS_ICONV, "CP1252" },
	{ "latin1", CS_ICONV, "CP1252" },
	{ "l1", CS_ICONV, "CP1252" },
	{ "windows-1252", CS_ICONV, "CP1252" },
	{ "cp1252", CS_ICONV, "CP1252" },
	{ "ks_c_5601-1987", CS_ICONV, "CP949" },
	{ "ks_c_5601", CS_ICONV, "CP949" },
	{ "euc-kr", CS_ICONV, "CP949" },
	{ "gb2312", CS_ICONV, "GB18030" },
	{ "gbk", CS_ICONV, "GB18030" },
	{ "x-gbk", CS_ICONV, "GB18030" },
	{ "euc-cn", CS_ICONV, "GB18030" },
	{ "unicode-1-1-utf-7", CS_ICONV, "UTF-7" },
	{ "x-unknown", CS_NONE, NULL },
	{ "unknown-8bit", CS_NONE, NULL },
	{ "x-user-defined", CS_NONE, NULL },
	{ "default", CS_NONE, NULL },
};

bool
kn_charset_needs_decode(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x80 || c == 0x1b)
			return true;
	}
	return false;
}

/* Length of the valid UTF-8 sequence at p (rem bytes left), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t rem)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return rem >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (rem < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (rem < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* Append p as UTF-8, replacing invalid sequences; returns flags. */
static unsigned
utf8_append(kn_buf *out, const char *p, size_t len)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, run = 0;
	unsigned flags = 0;

	while (i < len) {
		size_t n = utf8_seq(u + i, len - i);
		if (n == 0) {
			kn_buf_add(out, p + run, i - run);
			kn_buf_add(out, replacement, 3);
			flags |= KN_CS_INVALID;
			i++;
			run = i;
		} else {
			i += n;
		}
	}
	kn_buf_add(out, p + run, i - run);
	return flags;
}

/* Convert through iconv; undecodable bytes become U+FFFD. */
static unsigned
iconv_append(kn_buf *out, iconv_t cd, const char *p, size_t len)
{
	char chunk[KN_CS_CHUNK];
	char *in = (char *)p;
	size_t inleft = len;
	unsigned flags = 0;

	/* Each pass consumes input or skips one byte: bounded by len. */
	while (inleft > 0 && out->err == 0) {
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);

		kn_buf_add(out, chunk, sizeof(chunk) - oleft);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated sequence): one byte is lost. */
		kn_buf_add(out, replacement, 3);
		flags |= KN_CS_INVALID;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush a stateful decoder. */
	{
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		iconv(cd, NULL, NULL, &o, &oleft);
		kn_buf_add(out, chunk, sizeof(chunk) - oleft);
	}
	return flags;
}

/* Convert with the iconv decoder name; false if iconv lacks it. */
static bool
iconv_named(kn_buf *out, const char *name, const char *p, size_t len,
	unsigned *flags)
{
	bool owned;
	iconv_t cd = cs_acquire(name, &owned);

	if (cd == (iconv_t)-1)
		return false;
	*flags |= iconv_append(out, cd, p, len);
	cs_release(cd, owned);
	return true;
}

/*
 * ISO-2022-JP to CP932 bytes. JIS X 0208 (ESC $ B, ESC $ @) pairs are
 * mapped arithmetically to Shift_JIS, which CP932 extends with rows 13
 * and 89-92; half-width katakana (ESC ( I, SO/SI) to 0xA1-0xDF; JIS X
 * 0212 (ESC $ ( D) has no CP932 form and becomes GETA MARK (0x81AC).
 * 8-bit bytes outside a double-byte mode pass through (mislabelled
 * Shift_JIS). Returns flags.
 */
static unsigned
jis_to_cp932(kn_buf *sj, const char *p, size_t len)
{
	enum { M_ASCII, M_KANJI, M_KANA, M_X0212 } mode = M_ASCII;
	const unsigned char *u = (const unsigned char *)p;
	bool shifted = false;
	unsigned flags = 0;
	size_t i = 0;

	while (i < len) {
		unsigned char c = u[i];

		if (c == 0x1b) {
			size_t rem = len - i;
			if (rem >= 3 && u[i + 1] == '$' &&
			    (u[i + 2] == 'B' || u[i + 2] == '@')) {
				mode = M_KANJI;
				i += 3;
			} else if (rem >= 4 && u[i + 1] == '$' && u[i + 2] == '(' &&
			    (u[i + 3] == 'B' || u[i + 3] == 'Q' || u[i + 3] == 'O')) {
				mode = M_KANJI; /* JIS X 0213 plane 1 ~ 0208 */
				i += 4;
			} else if (rem >= 4 && u[i + 1] == '$' && u[i + 2] == '(' &&
			    u[i + 3] == 'D') {
				mode = M_X0212;
				i += 4;
			} else if (rem >= 3 && u[i + 1] == '(' &&
			    (u[i + 2] == 'B' || u[i + 2] == 'J' || u[i + 2] == 'H')) {
				mode = M_ASCII;
				i += 3;
			} else if (rem >= 3 && u[i + 1] == '(' && u[i + 2] == 'I') {
				mode = M_KANA;
				i += 3;
			} else {
				/* Unknown escape: keep the byte visible. */
				kn_buf_addc(sj, '?');
				flags |= KN_CS_INVALID;
				i++;
			}
			continue;
		}
		if (c == 0x0e) { /* SO: katakana (CP50221) */
			shifted = true;
			i++;
			continue;
		}
		if (c == 0x0f) {
			shifted = false;
			i++;
			continue;
		}
		if (c >= 0x80) {
			kn_buf_addc(sj, (char)c);
			flags |= KN_CS_MISLABELLED;
			i++;
			continue;
		}
		if (c == '\r' || c == '\n') {
			/* RFC 1468: a line ends in ASCII; repair if not. */
			mode = M_ASCII;
			shifted = false;
			kn_buf_addc(sj, (char)c);
			i++;
			continue;
		}
		if ((shifted || mode == M_KANA) && c >= 0x21 && c <= 0x5f) {
			kn_buf_addc(sj, (char)(c + 0x80));
			i++;
			continue;
		}
		if ((mode == M_KANJI || mode == M_X0212) && c >= 0x21 && c <= 0x7e) {
			unsigned char c2 = i + 1 < len ? u[i + 1] : 0;
			if (c2 < 0x21 || c2 > 0x7e) {
				kn_buf_addc(sj, '?');
				flags |= KN_CS_INVALID;
				i++;
				continue;
			}
			if (mode == M_X0212) {
				kn_buf_add(sj, "\x81\xac", 2);
				flags |= KN_CS_INVALID;
			} else {
				unsigned s1 = ((c + 1u) >> 1) + (c <= 0x5e ? 0x70u : 0xb0u);
				unsigned s2 = c2 + ((c & 1) ? (c2 >= 0x60 ? 0x20u : 0x1fu)
				                            : 0x7eu);
				char pair[2] = { (char)s1, (char)s2 };
				kn_buf_add(sj, pair, 2);
			}
			i += 2;
			continue;
		}
		kn_buf_addc(sj, (char)c);
		i++;
	}
	return flags;
}

static unsigned
jis_append(kn_buf *out, const char *p, size_t len)
{
	kn_buf sj;
	unsigned flags;

	kn_buf_init(&sj, len + 16);
	flags = jis_to_cp932(&sj, p, len);
	if (sj.err) {
		out->err = sj.err;
	} else if (!iconv_named(out, "CP932", sj.data ? sj.data : "", sj.len,
	    &flags)) {
		flags |= utf8_append(out, sj.data ? sj.data : "", sj.len);
	}
	kn_buf_dispose(&sj);
	return flags;
}

/* Japanese double-byte scores of the text read as EUC-JP and CP932. */
struct jp_score {
	size_t pairs, kana_like, invalid, singles;
};

static void
score_euc(const unsigned char *u, size_t len, struct jp_score *s)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		if (c < 0x80)
			continue;
		if (c >= 0xa1 && c <= 0xfe && i + 1 < len && u[i + 1] >= 0xa1 &&
		    u[i + 1] <= 0xfe) {
			s->pairs++;
			if (c == 0xa4 || c == 0xa5)
				s->kana_like++;
			i++;
		} else if (c == 0x8e && i + 1 < len && u[i + 1] >= 0xa1 &&
		    u[i + 1] <= 0xdf) {
			s->singles++;
			i++;
		} else if (c == 0x8f && i + 2 < len && u[i + 1] >= 0xa1 &&
		    u[i + 2] >= 0xa1) {
			s->pairs++;
			i += 2;
		} else {
			s->invalid++;
		}
	}
}

static void
score_sjis(const unsigned char *u, size_t len, struct jp_score *s)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		if (c < 0x80)
			continue;
		if (c >= 0xa1 && c <= 0xdf) {
			s->singles++;
		} else if (((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) &&
		    i + 1 < len && ((u[i + 1] >= 0x40 && u[i + 1] <= 0x7e) ||
		    (u[i + 1] >= 0x80 && u[i + 1] <= 0xfc))) {
			s->pairs++;
			if ((c == 0x82 && u[i + 1] >= 0x9f) ||
			    (c == 0x83 && u[i + 1] <= 0x96))
				s->kana_like++;
			i++;
		} else {
			s->invalid++;
		}
	}
}

/* Does iconv read p (len bytes) as name without any error? */
static bool
converts_clean(const char *name, const char *p, size_t len)
{
	bool owned;
	iconv_t cd = cs_acquire(name, &owned);
	char chunk[KN_CS_CHUNK];
	char *in = (char *)p;
	size_t inleft = len;
	bool ok = true;

	if (cd == (iconv_t)-1)
		return false;
	/* Each pass fills the chunk or ends: bounded by len. */
	while (inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
			break;
		if (errno != E2BIG) {
			ok = false;
			break;
		}
	}
	cs_release(cd, owned);
	return ok;
}

static const char *guess_japanese_raw(const char *p, size_t len);

/* "EUC-JP", "CP932" or NULL when neither reading is clean. */
static const char *
guess_japanese(const char *p, size_t len)
{
	const char *g = guess_japanese_raw(p, len);

	if (g == NULL)
		return NULL;
	if (converts_clean(strcmp(g, "EUC-JP") == 0 ? "EUC-JP-MS" : g, p, len))
		return g;
	/* the other reading, if it is clean */
	g = strcmp(g, "EUC-JP") == 0 ? "CP932" : "EUC-JP";
	return converts_clean(strcmp(g, "EUC-JP") == 0 ? "EUC-JP-MS" : g, p, len)
		? g : NULL;
}

static const char *
guess_japanese_raw(const char *p, size_t len)
{
	const unsigned char *u = (const unsigned char *)p;
	struct jp_score e = { 0 }, s = { 0 };

	score_euc(u, len, &e);
	score_sjis(u, len, &s);
	if (e.invalid == 0 && s.invalid == 0) {
		/* Both readable: hiragana/katakana rows decide; half-width
		 * katakana (single bytes) are rare in real Shift_JIS text. */
		if (s.kana_like > e.kana_like && s.singles <= s.pairs)
			return "CP932";
		return e.pairs > 0 ? "EUC-JP" : "CP932";
	}
	if (e.invalid == 0 && e.pairs > 0)
		return "EUC-JP";
	if (s.invalid == 0 && s.pairs > 0)
		return "CP932";
	return NULL;
}

static bool
has_jis_escape(const char *p, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++) {
		if (p[i] == 0x1b && (p[i + 1] == '$' || p[i + 1] == '('))
			return true;
	}
	return false;
}

const char *
kn_charset_guess(const char *p, size_t len)
{
	const char *jp;
	bool eight = false;

	for (size_t i = 0; i < len && !eight; i++)
		eight = (unsigned char)p[i] >= 0x80;
	if (!eight)
		return has_jis_escape(p, len) ? "ISO-2022-JP" : "UTF-8";
	if (kn_utf8_valid(p, len))
		return "UTF-8";
	if (has_jis_escape(p, len))
		return "ISO-2022-JP"; /* JIS with stray Shift_JIS bytes */
	jp = guess_japanese(p, len);
	return jp != NULL ? jp : "CP1252";
}

/* Decode by a guessed name from kn_charset_guess(). */
static unsigned
decode_guessed(kn_buf *out, const char *name, const char *p, size_t len,
	const char **used)
{
	unsigned flags = 0;

	if (strcmp(name, "UTF-8") == 0) {
		*used = "UTF-8";
		return utf8_append(out, p, len);
	}
	if (strcmp(name, "ISO-2022-JP") == 0) {
		*used = "ISO-2022-JP(CP932)";
		return jis_append(out, p, len) & ~KN_CS_MISLABELLED;
	}
	if (strcmp(name, "EUC-JP") == 0)
		name = "EUC-JP-MS";
	*used = name;
	if (!iconv_named(out, name, p, len, &flags))
		flags |= utf8_append(out, p, len);
	return flags;
}

/* Lower-case label without quotes, blanks or an RFC 2231 "*lang". */
static bool
normalize_label(const char *cs, size_t cslen, char *buf, size_t size)
{
	size_t n = 0;
	kn_slice s = kn_slice_trim((kn_slice){ cs, cslen });

	while (s.len > 0 && (s.p[0] == '"' || s.p[0] == '\'')) {
		s.p++;
		s.len--;
	}
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];
		if (c == '*' || c == '"' || c == '\'' || c == ' ' || c == '\t')
			break;
		if (n + 1 >= size)
			return false;
		buf[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	buf[n] = '\0';
	return n > 0;
}

static bool
ascii_compatible(const char *label)
{
	return strncmp(label, "utf-16", 6) != 0 && strncmp(label, "utf-32", 6) != 0 &&
	       strncmp(label, "ucs", 3) != 0 && strstr(label, "utf-7") == NULL &&
	       strcmp(label, "hz-gb-2312") != 0 && strncmp(label, "iso-2022", 8) != 0;
}

unsigned
kn_charset_decode(kn_buf *out, const char *cs, size_t cslen, const char *p,
	size_t len, const char **used)
{
	char label[KN_CS_LABEL_MAX];
	const char *dummy;
	const struct cs_alias *al = NULL;
	enum cs_kind kind = CS_NONE;
	const char *iname = NULL;
	unsigned flags = 0;
	bool known = false;

	if (used == NULL)
		used = &dummy;
	if (cs != NULL && cslen > 0 &&
	    normalize_label(cs, cslen, label, sizeof(label))) {
		known = true;
		kn_charset_pin(label);
		for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
			if (strcmp(aliases[i].label, label) == 0) {
				al = &aliases[i];
				break;
			}
		}
		if (al != NULL) {
			kind = al->kind;
			iname = al->iconv_name;
		} else {
			kind = CS_ICONV;
			iname = label;
		}
	} else if (cs != NULL && cslen > 0) {
		flags |= KN_CS_UNKNOWN;
	}

	/* Plain ASCII is the same in every ASCII-compatible charset. */
	if (!kn_charset_needs_decode(p, len) &&
	    (!known || kind != CS_ICONV || ascii_compatible(label))) {
		*used = "US-ASCII";
		kn_buf_add(out, p, len);
		return flags;
	}

	switch (kind) {
	case CS_UTF8:
		if (kn_utf8_valid(p, len)) {
			*used = "UTF-8";
			kn_buf_add(out, p, len);
			return flags;
		}
		{
			const char *jp = guess_japanese(p, len);
			if (jp != NULL)
				return decode_guessed(out, jp, p, len, used) |
				       KN_CS_MISLABELLED | flags;
		}
		*used = "UTF-8";
		return utf8_append(out, p, len) | flags;
	case CS_JIS: {
		bool eight = false;
		for (size_t i = 0; i < len && !eight; i++)
			eight = (unsigned char)p[i] >= 0x80;
		if (eight && !has_jis_escape(p, len)) {
			/* 8-bit "JIS" without escapes: another charset. */
			const char *g = kn_charset_guess(p, len);
			return decode_guessed(out, g, p, len, used) |
			       KN_CS_MISLABELLED | flags;
		}
		*used = "ISO-2022-JP(CP932)";
		return jis_append(out, p, len) | flags;
	}
	case CS_ICONV:
		if (iname != NULL && strcmp(iname, "CP1252") == 0 &&
		    kn_utf8_valid(p, len)) {
			/* UTF-8 labelled Latin-1: a common mislabel. */
			*used = "UTF-8";
			kn_buf_add(out, p, len);
			return flags | KN_CS_MISLABELLED;
		}
		if (iname != NULL && strcmp(iname, "CP932") == 0 &&
		    has_jis_escape(p, len)) {
			*used = "ISO-2022-JP(CP932)";
			return jis_append(out, p, len) | KN_CS_MISLABELLED | flags;
		}
		if (iname != NULL) {
			unsigned f = 0;
			if (iconv_named(out, iname, p, len, &f)) {
				*used = al != NULL ? al->iconv_name : "iconv";
				return f | flags;
			}
		}
		flags |= KN_CS_UNKNOWN;
		/* fall through: guess */
		/* FALLTHROUGH */
	case CS_ASCII:
	case CS_NONE:
	default:
		return decode_guessed(out, kn_charset_guess(p, len), p, len, used) |
		       KN_CS_GUESSED | flags;
	}
}
