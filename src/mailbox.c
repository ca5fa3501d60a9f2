/* SPDX-License-Identifier: MIT */
#include "analysis.h"
KENSA_EXTERN(int) kensa_mailbox_open(kensa_mailbox **out, const char *path) { (void)out; (void)path; return KENSA_EIO; }
KENSA_EXTERN(int) kensa_mailbox_next(kensa_mailbox *mb, const char **d, size_t *l, const char **lb) { (void)mb; (void)d; (void)l; (void)lb; return 0; }
KENSA_EXTERN(void) kensa_mailbox_free(kensa_mailbox *mb) { (void)mb; }
