/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	render 3
 * SUMMARY
 *	kensa_report_render(): pick a renderer and collect its output
 * SYNOPSIS
 *	#include <kensa/report.h>
 *
 *	int kensa_report_render(char **out, size_t *out_len,
 *		const kensa_analysis *a, const kensa_report_options *opts);
 * DESCRIPTION
 *	The renderers (text.c, json.c) sit behind one vtable, indexed by
 *	kensa_report_format. Output goes to a kn_buf capped at
 *	KN_REPORT_MAX_BYTES and is handed to the caller as a malloc'd
 *	string.
 * DIAGNOSTICS
 *	KENSA_EINVAL: a NULL argument, an unknown format, language or
 *	options version. KENSA_ENOMEM: out of memory, or the report would
 *	pass KN_REPORT_MAX_BYTES (the public contract has no other code).
 *--*/
#include "report/render.h"

#include <stdlib.h>

static const kn_renderer *const renderers[] = {
	[KENSA_REPORT_TEXT] = &kn_renderer_text,
	[KENSA_REPORT_JSON] = &kn_renderer_json,
};

KENSA_EXTERN(int)
kensa_report_render(char **out, size_t *out_len, const kensa_analysis *a,
	const kensa_report_options *opts)
{
	kn_buf b;
	char *res;
	size_t len = 0;
	int rc;

	if (out == NULL)
		return KENSA_EINVAL;
	*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	if (a == NULL || opts == NULL)
		return KENSA_EINVAL;
	if (opts->version != KENSA_REPORT_OPTIONS_VERSION)
		return KENSA_EINVAL;
	if ((unsigned)opts->format >= sizeof(renderers) / sizeof(renderers[0]) ||
	    (unsigned)opts->lang >= KENSA_LANG_COUNT)
		return KENSA_EINVAL;

	kn_buf_init(&b, KN_REPORT_MAX_BYTES);
	rc = renderers[opts->format]->render(&b, a, opts);
	if (rc == 0 && b.err != 0)
		rc = KENSA_ENOMEM;
	if (rc < 0) {
		kn_buf_dispose(&b);
		return rc == KENSA_ETOOBIG ? KENSA_ENOMEM : rc;
	}
	kn_buf_cstr(&b);
	res = kn_buf_detach(&b, &len);
	if (res == NULL) {
		res = calloc(1, 1);
		if (res == NULL)
			return KENSA_ENOMEM;
		len = 0;
	}
	*out = res;
	if (out_len != NULL)
		*out_len = len;
	return 0;
}
