/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	formrelay 3h
 * SUMMARY
 *	a web site's contact form relaying a stranger's text and link
 * SYNOPSIS
 *	#include "content/formrelay.h"
 *
 *	int kn_formrelay_analyze(kensa_analysis *a);
 * DESCRIPTION
 *	Spammers type their message into a web site's contact form and give
 *	the victim's address as the sender's: the site's notification or
 *	auto-reply then delivers the spammer's text and link from a real
 *	site, with that site's authentication. kn_formrelay_analyze() finds
 *	a contact-form mail by its well-known wording and reports a link in
 *	the echoed (user-supplied) text that leads away from the site.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#ifndef KN_CONTENT_FORMRELAY_H
#define KN_CONTENT_FORMRELAY_H

#include "analysis.h"

/* Distinct echoed field labels ("お名前：", "Message:") an auto-reply
 * needs besides its intro phrase to count as a contact-form echo. */
#define KN_FORMRELAY_MIN_FIELDS 2

/*
 * Finding contact-form-relay (medium): the message is a contact-form
 * notification (its footer: "This e-mail was sent from a contact form
 * on ...", "...のお問い合わせフォームから送信されました") or a contact
 * form's auto-reply (an intro such as "お問い合わせを受け付けました",
 * "このメールは控え", "Thank you for contacting us" with at least
 * KN_FORMRELAY_MIN_FIELDS echoed field labels), and the echoed part
 * holds a clickable web link whose registrable domain is neither the
 * From domain's, the site's named in the footer, nor the recipient's.
 * Bulk mail (List-Id, List-Unsubscribe) is not read. Once per message;
 * the evidence is the link, the detail quotes the form's line.
 * Reads a->msg.parts and a->links (kn_links_analyze() must have run);
 * memory in a->ar. Returns 0 or KENSA_ENOMEM.
 */
int kn_formrelay_analyze(kensa_analysis *a);

#endif
