/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	combine 3h
 * SUMMARY
 *	findings of the verdict stage that combine other findings (internal)
 * DESCRIPTION
 *	kn_verdict_combine() adds findings whose proof is the presence of
 *	other findings together (data/rules/verdict.rules); it runs before
 *	the score is computed.
 *--*/
#ifndef KN_VERDICT_COMBINE_H
#define KN_VERDICT_COMBINE_H

#include "analysis.h"

/* Add the combined findings of a. Never fails: on OOM the arena's flag
 * is set. */
void kn_verdict_combine(kensa_analysis *a);

#endif
