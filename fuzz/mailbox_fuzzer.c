/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	mailbox_fuzzer 1
 * SUMMARY
 *	fuzz the message source reader (kensa_mailbox_*) on mbox input
 * DESCRIPTION
 *	The input is the content of a file: an mbox when it starts with
 *	"From ", else a single message. It is written to an anonymous
 *	memory file (memfd_create) and read back through
 *	kensa_mailbox_open("/proc/self/fd/N") and kensa_mailbox_next() until
 *	the end. Oracles besides the sanitizers: at most one message per
 *	input byte plus one; every byte of each message is read (so ASan
 *	checks it is live) and each has a label; the bytes returned never
 *	exceed the input size in total.
 *--*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <kensa/kensa.h>

#include "fuzz.h"

/* Reading every byte of each message makes ASan check it is live. */
static volatile unsigned sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kensa_mailbox *mb = NULL;
	char path[64];
	size_t messages = 0, total = 0;
	int fd, rc;

	fd = memfd_create("kensa-fuzz", 0);
	if (fd < 0)
		return 0;
	for (size_t off = 0; off < size;) {
		ssize_t n = write(fd, data + off, size - off);
		if (n <= 0) {
			close(fd);
			return 0;
		}
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (kensa_mailbox_open(&mb, path) != 0) {
		close(fd);
		return 0;
	}
	for (unsigned calls = 0;; calls++) {
		const char *msg = NULL, *label = NULL;
		size_t len = 0;

		rc = kensa_mailbox_next(mb, &msg, &len, &label);
		if (rc <= 0 && rc != KENSA_ETOOBIG)
			break;
		if (calls > size + 1)
			abort(); /* more results than the input could hold */
		if (rc == KENSA_ETOOBIG)
			continue;
		if (label == NULL || (len > 0 && msg == NULL))
			abort();
		for (size_t i = 0; i < len; i++)
			sink += (unsigned char)msg[i];
		total += len;
		if (++messages > size + 1 || total > size)
			abort();
	}
	kensa_mailbox_free(mb);
	close(fd);
	return 0;
}
