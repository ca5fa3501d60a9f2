/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	mailbox 3
 * SUMMARY
 *	read messages from a file, an mbox, a Maildir or stdin
 * SYNOPSIS
 *	#include <kensa/mailbox.h>
 *
 *	int kensa_mailbox_open(kensa_mailbox **out, const char *path);
 *	int kensa_mailbox_next(kensa_mailbox *mb, const char **data,
 *		size_t *len, const char **label);
 *	void kensa_mailbox_free(kensa_mailbox *mb);
 * DESCRIPTION
 *	kensa_mailbox_open() decides what path is:
 *	"-": standard input, read whole, one message.
 *	A directory with cur/ and/or new/: a Maildir. Every regular file of
 *	new/ then of cur/, each directory sorted by name (strcmp); names
 *	starting with "." are skipped, and so is tmp/ (messages still
 *	being delivered).
 *	A file whose first line is an RFC 4155 From_ line: an mbox. A
 *	From_ line is "From ", one envelope sender token (not starting with
 *	':', so a header field "From : x" with the obsolete space before
 *	the colon is never one), then nothing or a date with a time. A
 *	message starts after a From_ line that is at the start of the file
 *	or follows an empty line (LF or CRLF); that separator line is not
 *	part of the message, nor is the empty line that precedes the next
 *	separator. The date rule keeps an unquoted "From Russia with love"
 *	body line from splitting a message. Such a From_ line directly
 *	followed by a header field ("Name:") separates messages even
 *	without the empty line before it. A UTF-8 byte order mark before
 *	the first line is ignored. ">From " lines are not unquoted, so the
 *	bytes stay exact.
 *	Any other file: one message.
 *
 *	Files are read with read(2) into a malloc'd buffer; nothing is
 *	mapped, so a file truncated while it is read cannot fault.
 * LIMITS
 *	One message: KENSA_MAX_MESSAGE_BYTES. An mbox file: KN_MBOX_MAX_BYTES.
 *	A Maildir: KN_MAILDIR_MAX_FILES files.
 * DIAGNOSTICS
 *	kensa_mailbox_open(): KENSA_EINVAL, KENSA_ENOTFOUND, KENSA_EIO,
 *	KENSA_EFORMAT (a directory that is not a Maildir), KENSA_ETOOBIG,
 *	KENSA_ENOMEM. kensa_mailbox_next(): 1, 0 at the end, KENSA_EIO or
 *	KENSA_ETOOBIG for one Maildir file or mbox message (skipped: the
 *	next call goes on with the next one), KENSA_ENOMEM.
 * STANDARDS
 *	RFC 4155 (the application/mbox format); the Maildir layout of
 *	qmail's maildir(5).
 *--*/
#include "analysis.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest mbox file read: an mbox holds many messages, so it may exceed
 * the per-message cap; 1 GiB keeps the whole file in memory reasonable. */
#define KN_MBOX_MAX_BYTES ((size_t)1024 * 1024 * 1024)
/* Largest number of Maildir files listed: bounds the name list memory. */
#define KN_MAILDIR_MAX_FILES ((size_t)1000000)
/* Longest header field name looked at when telling a From_ line from
 * body text; RFC 5322 2.1.1 lines are at most 998 characters. */
#define KN_FIELD_NAME_MAX 998
/* Size of one read(2) chunk when the size is unknown (pipes, stdin). */
#define KN_READ_CHUNK ((size_t)64 * 1024)

typedef enum { MB_SINGLE, MB_MBOX, MB_MAILDIR } mb_kind;

struct kensa_mailbox {
	mb_kind kind;
	char *path;
	char *buf;        /* file contents (single, mbox) or current file */
	size_t len;
	size_t pos;       /* mbox: offset of the next separator line */
	unsigned count;   /* messages returned or skipped so far */
	bool done;
	char *label;      /* label of the current message (malloc'd) */
	char **files;     /* Maildir: full paths, in order */
	size_t nfiles, next_file;
};

static int
errno_to_kensa(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return KENSA_ENOTFOUND;
	case ENOMEM:
		return KENSA_ENOMEM;
	default:
		return KENSA_EIO;
	}
}

/*
 * Read all of fd into a malloc'd buffer (*out, *out_len; NUL appended,
 * not counted). More than cap bytes gives KENSA_ETOOBIG.
 */
static int
read_all(int fd, size_t cap, char **out, size_t *out_len)
{
	size_t len = 0, alloc = KN_READ_CHUNK;
	char *buf;
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > cap)
			return KENSA_ETOOBIG;
		alloc = (size_t)st.st_size + 1;
	}
	buf = malloc(alloc);
	if (buf == NULL)
		return KENSA_ENOMEM;
	for (;;) {
		ssize_t n;

		if (len + 1 == alloc) {
			/* Full: probe for one more byte before growing, so a
			 * file of the stated size is read without a copy. */
			char probe, *nb;
			size_t grow;

			n = read(fd, &probe, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				goto fail_io;
			if (n == 0)
				break;
			if (len >= cap) {
				free(buf);
				return KENSA_ETOOBIG;
			}
			grow = alloc < KN_READ_CHUNK ? KN_READ_CHUNK : alloc;
			if (grow > cap + 1 - alloc)
				grow = cap + 1 - alloc + 1;
			nb = realloc(buf, alloc + grow);
			if (nb == NULL) {
				free(buf);
				return KENSA_ENOMEM;
			}
			buf = nb;
			alloc += grow;
			buf[len++] = probe;
			continue;
		}
		n = read(fd, buf + len, alloc - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_io;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > cap) {
			free(buf);
			return KENSA_ETOOBIG;
		}
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
fail_io:
	free(buf);
	return KENSA_EIO;
}

static int
read_path(const char *path, size_t cap, char **out, size_t *out_len)
{
	int fd, rc;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errno_to_kensa(errno);
	rc = read_all(fd, cap, out, out_len);
	close(fd);
	return rc;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Append the regular, non-dot files of dir/sub to mb->files, sorted. */
static int
list_subdir(kensa_mailbox *mb, const char *sub)
{
	size_t dlen = strlen(mb->path) + 1 + strlen(sub);
	char *dir = malloc(dlen + 1);
	size_t first = mb->nfiles, cap = mb->nfiles;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (dir == NULL)
		return KENSA_ENOMEM;
	snprintf(dir, dlen + 1, "%s/%s", mb->path, sub);
	d = opendir(dir);
	if (d == NULL) {
		rc = errno == ENOENT ? 0 : KENSA_EIO;
		free(dir);
		return rc;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		size_t flen;
		char *full;

		if (de->d_name[0] == '.')
			continue;
		flen = dlen + 1 + strlen(de->d_name);
		full = malloc(flen + 1);
		if (full == NULL) {
			rc = KENSA_ENOMEM;
			break;
		}
		snprintf(full, flen + 1, "%s/%s", dir, de->d_name);
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(full);
			continue;
		}
		if (mb->nfiles >= KN_MAILDIR_MAX_FILES) {
			free(full);
			rc = KENSA_ETOOBIG;
			break;
		}
		if (mb->nfiles == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nf = realloc(mb->files, ncap * sizeof(*nf));
			if (nf == NULL) {
				free(full);
				rc = KENSA_ENOMEM;
				break;
			}
			mb->files = nf;
			cap = ncap;
		}
		mb->files[mb->nfiles++] = full;
	}
	closedir(d);
	free(dir);
	if (rc == 0 && mb->nfiles > first)
		qsort(mb->files + first, mb->nfiles - first,
			sizeof(*mb->files), cmp_names);
	return rc;
}

static int
open_maildir(kensa_mailbox *mb)
{
	size_t plen = strlen(mb->path);
	char *sub = malloc(plen + 5);
	bool has_cur, has_new;
	int rc;

	if (sub == NULL)
		return KENSA_ENOMEM;
	snprintf(sub, plen + 5, "%s/cur", mb->path);
	has_cur = is_dir(sub);
	snprintf(sub, plen + 5, "%s/new", mb->path);
	has_new = is_dir(sub);
	free(sub);
	if (!has_cur && !has_new)
		return KENSA_EFORMAT;
	mb->kind = MB_MAILDIR;
	if (has_new && (rc = list_subdir(mb, "new")) < 0)
		return rc;
	if (has_cur && (rc = list_subdir(mb, "cur")) < 0)
		return rc;
	return 0;
}

/*
 * Does the first line of p (len bytes) start like an mbox "From "
 * separator: "From ", then the envelope sender (one token, not empty)?
 * A header field written with the obsolete space before its colon
 * ("From : x", "From  :x") is not one: the token may not start with ':'.
 */
static bool
is_from_line(const char *p, size_t len)
{
	return len >= 6 && memcmp(p, "From ", 5) == 0 && p[5] != ':' &&
		p[5] != ' ' && p[5] != '\t' && p[5] != '\r' && p[5] != '\n';
}

/* Does the line starting at off follow an empty line (or start the file)? */
static bool
after_blank(const char *buf, size_t off)
{
	if (off == 0)
		return true;
	if (buf[off - 1] != '\n')
		return false;
	if (off >= 2 && buf[off - 2] == '\n')
		return true;
	return off >= 3 && buf[off - 2] == '\r' && buf[off - 3] == '\n';
}

/*
 * Does the line at p (up to end) look like a From_ line of RFC 4155:
 * "From " sender [SP date]? The sender is one token; the rest must be
 * empty or hold a time "hh:mm". This keeps an unquoted body line such as
 * "From Russia with love" (after an empty line) inside its message.
 */
static bool
from_line_ok(const char *p, size_t len)
{
	size_t i = 5;

	if (!is_from_line(p, len))
		return false;
	while (i < len && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
	       p[i] != '\n')
		i++;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= len || p[i] == '\r' || p[i] == '\n')
		return true;
	for (; i + 4 < len && p[i] != '\n'; i++) {
		if (p[i] >= '0' && p[i] <= '9' && p[i + 1] >= '0' &&
		    p[i + 1] <= '9' && p[i + 2] == ':' && p[i + 3] >= '0' &&
		    p[i + 3] <= '9' && p[i + 4] >= '0' && p[i + 4] <= '9')
			return true;
	}
	return false;
}

/* Is the line after the one at p a header field ("name:")? A From_
 * line straight above a header field separates messages even without
 * the empty line mbox writers should put before it. */
static bool
next_is_field(const char *p, size_t len)
{
	const char *nl = memchr(p, '\n', len);
	size_t i, n;

	if (nl == NULL)
		return false;
	i = (size_t)(nl - p) + 1;
	for (n = 0; i < len && n < KN_FIELD_NAME_MAX; i++, n++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == ':')
			return n > 0;
		if (ch <= ' ' || ch >= 127)
			return false;
	}
	return false;
}

/* Offset of the next separator line starting at or after off, or len. */
static size_t
next_separator(const char *buf, size_t len, size_t off)
{
	while (off < len) {
		const char *nl;

		if (from_line_ok(buf + off, len - off) &&
		    (after_blank(buf, off) ||
		     next_is_field(buf + off, len - off)))
			return off;
		nl = memchr(buf + off, '\n', len - off);
		if (nl == NULL)
			return len;
		off = (size_t)(nl - buf) + 1;
	}
	return len;
}

/* Is buf an mbox: its first line (after a UTF-8 byte order mark, which
 * some tools write) is a From_ line, "From " sender [date]? */
static bool
is_mbox(const char *buf, size_t len)
{
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	return from_line_ok(buf, len);
}

KENSA_EXTERN(int)
kensa_mailbox_open(kensa_mailbox **out, const char *path)
{
	kensa_mailbox *mb;
	struct stat st;
	int rc = 0;

	if (out == NULL || path == NULL || path[0] == '\0')
		return KENSA_EINVAL;
	*out = NULL;
	mb = calloc(1, sizeof(*mb));
	if (mb == NULL)
		return KENSA_ENOMEM;
	mb->path = strdup(path);
	if (mb->path == NULL) {
		free(mb);
		return KENSA_ENOMEM;
	}
	if (strcmp(path, "-") == 0) {
		mb->kind = MB_SINGLE;
		rc = read_all(STDIN_FILENO, KENSA_MAX_MESSAGE_BYTES, &mb->buf,
			&mb->len);
	} else if (stat(path, &st) != 0) {
		rc = errno_to_kensa(errno);
	} else if (S_ISDIR(st.st_mode)) {
		rc = open_maildir(mb);
	} else {
		/* Only a regular file may be an mbox of up to 1 GiB; a device
		 * or a pipe (/dev/zero, a FIFO) is read as one message, under
		 * the message cap, so it cannot make us read without bound. */
		rc = read_path(path, S_ISREG(st.st_mode) ? KN_MBOX_MAX_BYTES :
			KENSA_MAX_MESSAGE_BYTES, &mb->buf, &mb->len);
		if (rc == 0 && is_mbox(mb->buf, mb->len)) {
			mb->kind = MB_MBOX;
		} else if (rc == 0) {
			mb->kind = MB_SINGLE;
			if (mb->len > KENSA_MAX_MESSAGE_BYTES)
				rc = KENSA_ETOOBIG;
		}
	}
	if (rc < 0) {
		kensa_mailbox_free(mb);
		return rc;
	}
	*out = mb;
	return 0;
}

static int
set_label(kensa_mailbox *mb, const char *base, unsigned n)
{
	size_t size = strlen(base) + 16;

	free(mb->label);
	mb->label = malloc(size);
	if (mb->label == NULL)
		return KENSA_ENOMEM;
	if (n > 0)
		snprintf(mb->label, size, "%s#%u", base, n);
	else
		snprintf(mb->label, size, "%s", base);
	return 0;
}

static int
next_mbox(kensa_mailbox *mb, const char **data, size_t *len)
{
	const char *nl;
	size_t start, end;

	if (mb->pos >= mb->len)
		return 0;
	/* mb->pos is at a separator line: the message starts after it. */
	nl = memchr(mb->buf + mb->pos, '\n', mb->len - mb->pos);
	start = nl ? (size_t)(nl - mb->buf) + 1 : mb->len;
	end = next_separator(mb->buf, mb->len, start);
	mb->pos = end;
	mb->count++;
	/* The empty line before the next separator belongs to the mbox. */
	if (end < mb->len) {
		if (end - start >= 2 && mb->buf[end - 2] == '\r')
			end -= 2;
		else if (end - start >= 1)
			end -= 1;
	}
	if (set_label(mb, mb->path, mb->count) < 0)
		return KENSA_ENOMEM;
	if (end - start > KENSA_MAX_MESSAGE_BYTES)
		return KENSA_ETOOBIG;
	*data = mb->buf + start;
	*len = end - start;
	return 1;
}

static int
next_maildir(kensa_mailbox *mb, const char **data, size_t *len)
{
	const char *file;
	int rc;

	if (mb->next_file >= mb->nfiles)
		return 0;
	file = mb->files[mb->next_file++];
	mb->count++;
	free(mb->buf);
	mb->buf = NULL;
	mb->len = 0;
	if (set_label(mb, file, 0) < 0)
		return KENSA_ENOMEM;
	rc = read_path(file, KENSA_MAX_MESSAGE_BYTES, &mb->buf, &mb->len);
	if (rc == KENSA_ENOTFOUND)
		rc = KENSA_EIO; /* vanished since the listing */
	if (rc < 0)
		return rc;
	*data = mb->buf;
	*len = mb->len;
	return 1;
}

KENSA_EXTERN(int)
kensa_mailbox_next(kensa_mailbox *mb, const char **data, size_t *len,
	const char **label)
{
	int rc;

	if (mb == NULL || data == NULL || len == NULL)
		return KENSA_EINVAL;
	switch (mb->kind) {
	case MB_SINGLE:
		if (mb->done)
			return 0;
		mb->done = true;
		mb->count++;
		if (set_label(mb, mb->path, 0) < 0)
			return KENSA_ENOMEM;
		*data = mb->buf ? mb->buf : "";
		*len = mb->len;
		rc = 1;
		break;
	case MB_MBOX:
		rc = next_mbox(mb, data, len);
		break;
	case MB_MAILDIR:
	default:
		rc = next_maildir(mb, data, len);
		break;
	}
	if (label != NULL)
		*label = mb->label;
	return rc;
}

KENSA_EXTERN(void)
kensa_mailbox_free(kensa_mailbox *mb)
{
	if (mb == NULL)
		return;
	for (size_t i = 0; i < mb->nfiles; i++)
		free(mb->files[i]);
	free(mb->files);
	free(mb->buf);
	free(mb->label);
	free(mb->path);
	free(mb);
}
