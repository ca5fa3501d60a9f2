/* SPDX-License-Identifier: MIT */
/*
 * kensa/errors.h - error codes of the kensa library.
 *
 * Every call that can fail returns int: 0 on success, a negative
 * kensa_error otherwise. The list is append-only; values never change.
 * Defects of the mail itself are not errors: they are findings.
 */
#ifndef KENSA_ERRORS_H
#define KENSA_ERRORS_H

#include "common.h"

KENSA_BEGIN_DECLS

typedef enum kensa_error {
	KENSA_OK = 0,
	KENSA_ENOMEM = -1,   /**< out of memory */
	KENSA_EINVAL = -2,   /**< invalid argument (NULL, bad option) */
	KENSA_EIO = -3,      /**< input could not be read */
	KENSA_ETOOBIG = -4,  /**< input exceeds a documented cap */
	KENSA_ENOTFOUND = -5,/**< path does not exist */
	KENSA_EFORMAT = -6,  /**< input is not a message, mbox or Maildir */
	KENSA_EVERSION = -7  /**< options struct version not supported */
} kensa_error;

/**
 * Describe an error code in English.
 * @param code a kensa_error value (0 or negative)
 * @return a static string; never NULL ("unknown error" for other codes)
 */
KENSA_EXTERN(const char *) kensa_strerror(int code);

KENSA_END_DECLS

#endif
