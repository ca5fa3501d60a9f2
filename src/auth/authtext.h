/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	authtext 3h
 * SUMMARY
 *	Japanese text of the authentication stage's explanations
 * SYNOPSIS
 *	#include "auth/authtext.h"
 *
 *	const char *kn_auth_ja(kn_arena *ar, const char *en);
 *	const char *kn_spf_path_line(kn_arena *ar, const kn_spf_step *s,
 *		bool ja);
 *--*/
#ifndef KN_AUTH_AUTHTEXT_H
#define KN_AUTH_AUTHTEXT_H

#include <stdbool.h>

#include "auth/spf.h"
#include "util/arena.h"

/*
 * The Japanese text of an English explanation made by auth/ (an SPF step
 * note or problem, a DMARC or DKIM reason, a not-evaluated reason), in
 * the manner of a gettext catalogue keyed by the English text: exact
 * messages, and messages that carry data after a fixed start ("DNS
 * TIMEOUT for x", "example.com: no SPF record"), whose data is kept as
 * it is. A text not in the catalogue is returned unchanged (English
 * rather than nothing). NULL gives NULL; on oom the English text.
 */
const char *kn_auth_ja(kn_arena *ar, const char *en);

/*
 * One line of an SPF evaluation path (kensa_spf.path), in ar: the record
 * of a domain ("example.com: record "v=spf1 ..."") or a term and its
 * result ("~all -> softfail: match"), indented two spaces per
 * include/redirect level; notes in Japanese when ja. NULL on oom.
 */
const char *kn_spf_path_line(kn_arena *ar, const kn_spf_step *s, bool ja);

/* The note of an SPF record step whose lookup was not made (offline):
 * kn_spf_path_line() writes "example.com: not looked up (offline)"
 * rather than "no record (...)". */
#define KN_SPF_NOT_LOOKED_UP "not looked up (offline)"

#endif
