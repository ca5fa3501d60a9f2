/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	message_fuzzer 1
 * SUMMARY
 *	fuzz the whole pipeline: kensa_analyze() and both report formats
 * DESCRIPTION
 *	The input is one raw message. It is analysed with a fixed "now"
 *	(so runs are reproducible), then rendered as JSON (English) and as
 *	text (Japanese, with colour) and freed.
 *
 *	Oracles besides the sanitizers: kensa_analyze() may only fail with
 *	KENSA_ENOMEM or KENSA_ETOOBIG (never because of the mail); rendering
 *	must succeed; the JSON report must parse (jansson) and be an object;
 *	the reported length must match the string. A failed oracle aborts.
 *--*/
#include <iconv.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <kensa/kensa.h>

#include "fuzz.h"

/*
 * Charsets whose glibc converter modules are kept loaded for the whole
 * run (see LLVMFuzzerInitialize). Unknown names are simply not pinned.
 */
static const char *const pinned_charsets[] = {
	"ISO-2022-JP", "ISO-2022-JP-2", "ISO-2022-JP-3", "SHIFT_JIS", "CP932",
	"EUC-JP", "EUC-KR", "ISO-2022-KR", "GB2312", "GBK", "GB18030", "BIG5",
	"ISO-8859-1", "ISO-8859-2", "ISO-8859-5", "ISO-8859-15", "KOI8-R",
	"WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1252", "UTF-16", "UTF-16LE",
	"UTF-16BE", "UTF-32", "UTF-7", "US-ASCII", "UTF-8",
};

/* Fixed analysis time: 2024-01-01T00:00:00Z. */
#define FUZZ_NOW INT64_C(1704067200)

static void
render(const kensa_analysis *a, kensa_report_format fmt, kensa_lang lang)
{
	kensa_report_options ro = KENSA_REPORT_OPTIONS_INIT;
	char *out = NULL;
	size_t out_len = 0;

	ro.format = fmt;
	ro.lang = lang;
	ro.color = fmt == KENSA_REPORT_TEXT;
	ro.source = "fuzz";
	if (kensa_report_render(&out, &out_len, a, &ro) != 0 || out == NULL)
		abort();
	if (strlen(out) != out_len)
		abort();
	if (fmt == KENSA_REPORT_JSON) {
		json_error_t err;
		json_t *j = json_loadb(out, out_len, 0, &err);
		if (j == NULL || !json_is_object(j))
			abort();
		json_decref(j);
	}
	free(out);
}

/*
 * glibc loads an iconv converter module (dlopen) on iconv_open() and
 * unloads it (dlclose) when its last descriptor closes. Opening one
 * descriptor per charset here and never closing it keeps the modules
 * loaded, so per-conversion open/close in the library stops paying a
 * dlopen/dlclose per input - which under ASan cut throughput ~30x. The
 * library's behaviour is unchanged; only the fuzzer runs faster.
 */
static iconv_t pinned[sizeof(pinned_charsets) / sizeof(*pinned_charsets)];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Kept in a static so LeakSanitizer sees them reachable at exit. */
	for (size_t i = 0; i < sizeof(pinned) / sizeof(*pinned); i++)
		pinned[i] = iconv_open("UTF-8", pinned_charsets[i]);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kensa_options opts = KENSA_OPTIONS_INIT;
	kensa_analysis *a = NULL;
	int rc;

	opts.now = FUZZ_NOW;
	rc = kensa_analyze(&a, (const char *)data, size, &opts);
	if (rc != 0) {
		if (rc != KENSA_ENOMEM && rc != KENSA_ETOOBIG)
			abort();
		return 0;
	}
	render(a, KENSA_REPORT_JSON, KENSA_LANG_EN);
	render(a, KENSA_REPORT_TEXT, KENSA_LANG_JA);
	kensa_analysis_free(a);
	return 0;
}
