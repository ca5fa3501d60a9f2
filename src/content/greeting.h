/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	greeting 3h
 * SUMMARY
 *	a body that greets the reader by e-mail address
 * SYNOPSIS
 *	#include "content/greeting.h"
 * DESCRIPTION
 *	Bulk and phishing mail that knows only the address it was sent to
 *	greets with it: "Dear user@example.com", "Prezado(a): user@...",
 *	"こんにちは、user@...", or opens with the bare address. A correspondent
 *	who knows the reader uses a name. kn_greeting_scan() looks at the
 *	opening KN_GREETING_WINDOW characters of a text only, so footers
 *	("This email was sent to user@example.com") never count.
 *
 *	An address counts when it is a greeting: right after a greeting
 *	word (Dear, Hello, Prezado(a), Hallo, こんにちは, 尊敬的, ... with
 *	only punctuation or white space between, at most one line break),
 *	or the first token of the text followed by punctuation or a line
 *	end, or followed by a Japanese/Korean honorific (様, さま, 殿, 님).
 *	It must be one of the recipients' addresses; when no recipient is
 *	known (undisclosed recipients) any address with a dotted domain
 *	after a greeting word or before an honorific counts.
 * ERRORS
 *	kn_greeting_scan(): none, pure, no allocation.
 *	kn_greeting_analyze(): KENSA_ENOMEM.
 *--*/
#ifndef KN_CONTENT_GREETING_H
#define KN_CONTENT_GREETING_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"

/* Characters (UTF-8 code points) of the opening of a text searched. */
#define KN_GREETING_WINDOW 300

typedef struct kn_greeting {
	size_t offset, length;      /* the greeting, word to address end */
	size_t addr_off, addr_len;  /* the address */
	bool recipient;             /* equals one of the recipients */
} kn_greeting;

/*
 * Scan the opening of text (len bytes of UTF-8, no NUL needed) for a
 * greeting by address. rcpt: the nrcpt recipient addresses (NULL items
 * skipped; nrcpt 0: undisclosed). Fills *out and returns true on the
 * first greeting found; false (out untouched) otherwise.
 */
bool kn_greeting_scan(const char *text, size_t len, const char *const *rcpt,
	size_t nrcpt, kn_greeting *out);

/*
 * The content check: scans the main text (the first text/plain part
 * that is not an attachment and holds text, else the first text/html
 * part reduced to text) with the To, Cc, Delivered-To and resolved
 * recipient addresses, and raises greeting-by-address with the
 * greeting as evidence. Returns 0 or KENSA_ENOMEM.
 */
int kn_greeting_analyze(kensa_analysis *a);

#endif
