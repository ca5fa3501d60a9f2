/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	canon 3h
 * SUMMARY
 *	raw header fields and DKIM canonicalization, RFC 6376 3.4
 * SYNOPSIS
 *	#include "auth/canon.h"
 * DESCRIPTION
 *	DKIM and ARC sign exact bytes, so they do not use the MIME tree:
 *	kn_rawmsg_split() reads the raw message itself. Line ends are made
 *	CRLF first (a bare LF, or a bare CR, becomes CRLF: messages stored
 *	with LF endings verify as they were sent, as the stalwart vectors
 *	require); the header fields are the lines up to the first empty
 *	line, a line starting with WSP continuing the field above (RFC 5322
 *	2.2.3); the body is everything after that empty line.
 *
 *	kn_canon_header() and kn_canon_body() implement the "simple" and
 *	"relaxed" algorithms of RFC 6376 3.4.1 to 3.4.4, with the errata
 *	reading of relaxed for an empty body (no CRLF added, 3.4.4 and
 *	erratum 3192 context).
 * LIMITS
 *	KN_RAWMSG_MAX_FIELDS header fields are read; more are ignored (a
 *	signature over them then fails, which is the honest result).
 * ERRORS
 *	KENSA_ENOMEM, KENSA_EINVAL, KENSA_ETOOBIG (input over
 *	KN_RAWMSG_MAX_BYTES).
 *--*/
#ifndef KN_CANON_H
#define KN_CANON_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

/* Header fields kept per message: far above real mail (a few hundred),
 * bounds the work of h= selection on hostile input. */
#define KN_RAWMSG_MAX_FIELDS 4096
/* Messages larger than this are not verified (64 MiB, twice the size
 * any mail system accepts). */
#define KN_RAWMSG_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef enum kn_canon_alg {
	KN_CANON_SIMPLE = 0,
	KN_CANON_RELAXED = 1
} kn_canon_alg;

/* One header field of the CRLF-normalised copy. */
typedef struct kn_rawfield {
	kn_slice name;   /* field name as written (no trailing WSP) */
	kn_slice field;  /* whole field: name, colon, value, folding; no
			  * final CRLF */
	kn_slice value;  /* after the colon, with folding, no final CRLF */
	size_t offset;   /* byte offset of the field in the original input */
	size_t index;    /* position among the header fields, from 0 */
} kn_rawfield;

typedef struct kn_rawmsg {
	const char *data;   /* CRLF-normalised copy (or the input itself) */
	size_t len;
	bool converted;     /* some line end was not CRLF */
	kn_vec fields;      /* kn_rawfield, top to bottom */
	size_t body_off;    /* offset of the body in data; len if none */
	bool has_body;      /* an empty line separated a body */
} kn_rawmsg;

/*
 * Split data (len bytes, any line ends) into header fields and body.
 * out and its copy live in ar. Returns 0, KENSA_EINVAL, KENSA_ETOOBIG
 * or KENSA_ENOMEM.
 */
int kn_rawmsg_split(kn_rawmsg *out, kn_arena *ar, const char *data,
	size_t len);

/* Number of fields; the i-th (0-based) field. */
size_t kn_rawmsg_count(const kn_rawmsg *m);
const kn_rawfield *kn_rawmsg_field(const kn_rawmsg *m, size_t i);

/*
 * Append field canonicalized by alg to b (RFC 6376 3.4.1 simple: as
 * is; 3.4.2 relaxed: name lower-cased, unfolded, WSP runs to one SP,
 * WSP around the colon and at the end removed). crlf adds the final
 * CRLF (the DKIM-Signature field itself is hashed without it).
 */
void kn_canon_header(kn_buf *b, kn_canon_alg alg, kn_slice field, bool crlf);

/*
 * Append the body canonicalized by alg to b (RFC 6376 3.4.3 simple,
 * 3.4.4 relaxed). body is CRLF-normalised.
 */
void kn_canon_body(kn_buf *b, kn_canon_alg alg, kn_slice body);

/* "simple" / "relaxed". */
const char *kn_canon_name(kn_canon_alg alg);

/*
 * Parse an RFC 6376 3.2 tag-list (len bytes). Tag names and values are
 * returned trimmed of surrounding FWS; values keep inner FWS. Returns
 * true when the list is well formed with no duplicate tag; on false,
 * *why says what is wrong (static English). Up to max tags are stored
 * in names/values (more is a syntax error).
 */
typedef struct kn_tag {
	kn_slice name;
	kn_slice value;
	size_t value_off;  /* offset of the value start inside the list */
	size_t value_end;  /* offset just past the value (before FWS/';') */
	size_t spec_end;   /* offset of the ';' ending the spec, or len */
} kn_tag;

/* Tags of one list: RFC 6376 defines 14 signature tags; unknown tags
 * are allowed, 64 is far above any real record. */
#define KN_TAGLIST_MAX 64

bool kn_taglist_parse(const char *s, size_t len, kn_tag *tags, size_t max,
	size_t *count, const char **why);

/* The tag named name (ASCII case-sensitive, 3.2), or NULL. */
const kn_tag *kn_taglist_get(const kn_tag *tags, size_t count,
	const char *name);

/*
 * Decode base64 (RFC 4648 4) ignoring FWS (RFC 6376 3.2 base64string).
 * Result in ar. Returns true when well formed (padding right, no
 * other characters).
 */
bool kn_base64_decode(kn_arena *ar, kn_slice in, unsigned char **out,
	size_t *outlen);

#endif
