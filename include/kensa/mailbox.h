/* SPDX-License-Identifier: MIT */
/*
 * kensa/mailbox.h - read messages from a file, an mbox, a Maildir or stdin.
 *
 * A path that is a directory with cur/ or new/ is a Maildir (every file in
 * new/ then cur/, sorted by name). A file whose first line is an RFC 4155
 * From_ line ("From ", an envelope sender, then nothing or a date with a
 * time) is an mbox (mboxrd/mboxo: ">From " unquoting is not applied to
 * keep bytes exact; the separator line is not part of the message). A
 * header field written "From : x" (space before the colon) is never a
 * From_ line. Any other file, and "-" (stdin), is one message.
 */
#ifndef KENSA_MAILBOX_H
#define KENSA_MAILBOX_H

#include "common.h"

KENSA_BEGIN_DECLS

typedef struct kensa_mailbox kensa_mailbox;

/**
 * Open a message source.
 * @param[out] out the reader; free with kensa_mailbox_free()
 * @param path a file, a Maildir directory, or "-" for stdin
 * @return 0, KENSA_EINVAL, KENSA_ENOTFOUND (no such path), KENSA_EIO
 *         (unreadable), KENSA_EFORMAT (a directory that is not a Maildir),
 *         KENSA_ETOOBIG (a single message over KENSA_MAX_MESSAGE_BYTES),
 *         KENSA_ENOMEM
 */
KENSA_EXTERN(int) kensa_mailbox_open(kensa_mailbox **out, const char *path)
	KENSA_WARN_UNUSED_RESULT;

/**
 * Next message.
 * @param[out] data points to the message bytes, valid until the next call
 *             or kensa_mailbox_free()
 * @param[out] len their length in bytes
 * @param[out] label a name for the message (path, or "path#N" in an mbox),
 *             valid as long as data
 * @return 1 a message was read, 0 no more messages, KENSA_EIO,
 *         KENSA_ETOOBIG (that message is skipped; the next call goes on),
 *         KENSA_ENOMEM
 */
KENSA_EXTERN(int) kensa_mailbox_next(kensa_mailbox *mb, const char **data,
	size_t *len, const char **label) KENSA_WARN_UNUSED_RESULT;

/** Close the reader. NULL is accepted. */
KENSA_EXTERN(void) kensa_mailbox_free(kensa_mailbox *mb);

KENSA_END_DECLS

#endif
