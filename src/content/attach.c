/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	attach 3
 * SUMMARY
 *	attachment inventory, dangerous files, encrypted archives, macros,
 *	forwarded messages
 * SYNOPSIS
 *	#include "content/attach.h"
 * DESCRIPTION
 *	kn_attach_observe() runs inside the message stage, once per leaf
 *	part, while GMime still holds the decoded bytes: for a part that is
 *	an attachment (not text, or marked attachment, or named) it records
 *	the decoded file name, declared type, the type libmagic finds in
 *	the bytes (MAGIC_MIME_TYPE), the size, the SHA-256 (GLib's
 *	GChecksum) and container facts (kn_attach_sniff_archive): zip
 *	central directory names and encryption bits, 7z and rar encrypted
 *	headers, OLE2 macro storages, PE/ELF programs. A message/rfc822
 *	part's bytes are kept (arena copy) for the content stage.
 *
 *	kn_attach_analyze() (content stage) reports, per attachment:
 *	attachment-dangerous-type (high or medium: programs, scripts,
 *	shortcuts, disk images, OneNote, HTML/SVG, macro-enabled Office, and
 *	such names inside a zip), attachment-double-extension (high:
 *	invoice.pdf.exe), attachment-rtlo (high: U+202E in the name),
 *	attachment-type-mismatch (high when the bytes are a program, else
 *	medium), attachment-encrypted-archive (medium),
 *	attachment-office-macro (high); once per message
 *	archive-password-in-body (medium: the Japanese "PPAP" habit); and
 *	forwarded-message (info) for each message/rfc822 attachment, which
 *	is analyzed in full by kensa_analyze() and kept in a->inner.
 * STANDARDS
 *	RFC 2046 section 5.2.1 (message/rfc822), RFC 2183 (filename);
 *	PKWARE APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16 (zip headers, bit 0 of the
 *	general purpose flag = encrypted); 7-Zip 7zFormat.txt (AES coder
 *	06F10701); RAR 4 technote (MHD_PASSWORD 0x80, file flag 0x04), RAR 5
 *	format (header type 4 = archive encryption); [MS-CFB] and [MS-OVBA]
 *	2.2.1 (_VBA_PROJECT stream); [MS-OFFMACRO2] (vbaProject.bin).
 * LIMITS
 *	KN_ATTACH_SNIFF_MAX bytes are given to libmagic;
 *	KN_ATTACH_ZIP_MAX_ENTRIES zip entries read. Only the outermost
 *	message/rfc822 parts of a message are analyzed (and their bytes
 *	kept): a message forwarded inside a forwarded message is analyzed
 *	by the analysis of the one that holds it, so each forwarded message
 *	is analyzed once and the work grows linearly with the nesting.
 *	Forwarded messages are analyzed KN_ATTACH_MAX_NESTING levels deep,
 *	KN_ATTACH_MAX_FORWARDED in all (thread-local counters, since each
 *	level is a fresh kensa_analyze()); what the caps left out is the
 *	defect forwarded-limit of the top-level analysis. Archive contents are
 *	listed, never extracted. RAR 5 files encrypted without encrypted
 *	headers are not recognised.
 * ERRORS
 *	KENSA_ENOMEM.
 *--*/
#include "content/attach.h"

#include <glib.h>
#include <magic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/str.h"
#include "verdict/rules.h"

/* libmagic reads at most this much of an attachment (its own default
 * window is of this order; the rest never changes the verdict). */
#define KN_ATTACH_SNIFF_MAX ((size_t)1024 * 1024)
/* Body text searched for a password per part. */
#define KN_ATTACH_BODY_MAX ((size_t)256 * 1024)
/* A password token's length bounds, in bytes. */
#define KN_ATTACH_PW_MIN 4
#define KN_ATTACH_PW_MAX 64
/* Longest zip member name kept. */
#define KN_ATTACH_NAME_MAX 512
/* The zip end-of-central-directory record lies within its own size plus
 * the largest comment (APPNOTE 4.3.16). */
#define KN_ATTACH_EOCD_SCAN (22 + 65535)
/* Rar 4 blocks walked before giving up. */
#define KN_ATTACH_RAR_MAX_BLOCKS 4096

/* A dangerous extension: how bad, and what it is. */
typedef struct dext {
	const char *ext;
	bool high;
	const char *what_en, *what_ja;
	const char *why_en, *why_ja;
} dext;

#define PROG "program", "プログラム", \
	"Opening it runs code with the reader's rights.", \
	"開くと受信者の権限でコードが実行されます。"
#define SCRIPT "script", "スクリプト", \
	"Windows runs scripts on a double click.", \
	"Windows ではダブルクリックでスクリプトが実行されます。"
#define IMAGE "disk image", "ディスクイメージ", \
	"Disk images are used to carry programs past mail filters and the " \
	"\"downloaded from the Internet\" mark.", \
	"ディスクイメージはメールフィルタやインターネット由来の印を回避して" \
	"プログラムを届けるのに使われます。"
#define WEB "web page", "Web ページ", \
	"An attached page opens locally, outside URL filters: typical of " \
	"credential forms and HTML smuggling.", \
	"添付された Web ページはローカルで開かれ URL フィルタを通りません。" \
	"認証情報入力フォームや HTML スマグリングの典型です。"
#define MACRO "macro-enabled Office document", "マクロ有効 Office 文書", \
	"Its macros run code once enabled.", \
	"マクロを有効にするとコードが実行されます。"

static const dext dexts[] = {
	{ "exe", true, PROG }, { "scr", true, PROG }, { "com", true, PROG },
	{ "pif", true, PROG }, { "msi", true, PROG }, { "dll", true, PROG },
	{ "cpl", true, PROG }, { "xll", true, PROG }, { "jar", true, PROG },
	{ "js", true, SCRIPT }, { "jse", true, SCRIPT }, { "vbs", true, SCRIPT },
	{ "vbe", true, SCRIPT }, { "wsf", true, SCRIPT }, { "hta", true, SCRIPT },
	{ "bat", true, SCRIPT }, { "cmd", true, SCRIPT }, { "ps1", true, SCRIPT },
	{ "lnk", true, "Windows shortcut", "Windows ショートカット",
	  "A shortcut can start any command.",
	  "ショートカットは任意のコマンドを起動できます。" },
	{ "chm", true, "compiled help file", "コンパイル済みヘルプファイル",
	  "Help files can run scripts.",
	  "ヘルプファイルはスクリプトを実行できます。" },
	{ "iso", false, IMAGE }, { "img", false, IMAGE }, { "vhd", false, IMAGE },
	{ "vhdx", false, IMAGE },
	{ "one", false, "OneNote notebook", "OneNote ノートブック",
	  "OneNote files have been used to embed scripts behind a fake button.",
	  "OneNote ファイルは偽のボタンの裏にスクリプトを埋め込む手口に"
	  "使われています。" },
	{ "html", false, WEB }, { "htm", false, WEB }, { "shtml", false, WEB },
	{ "svg", false, "SVG image", "SVG 画像",
	  "SVG images can carry scripts and links that run when opened.",
	  "SVG 画像は開くと動くスクリプトやリンクを含められます。" },
	{ "docm", false, MACRO }, { "xlsm", false, MACRO },
	{ "pptm", false, MACRO }, { "dotm", false, MACRO },
};

/* Extensions of documents a second extension pretends to be. */
static const char *const doc_exts[] = {
	"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf",
	"jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "csv", "zip",
	"mp3", "mp4", "wav", "html", "htm",
};

/* What the bytes of a named type may be sniffed as (prefixes). */
typedef struct family {
	const char *ext;
	const char *sniff[4];
} family;

static const family families[] = {
	{ "pdf", { "application/pdf" } },
	{ "jpg", { "image/jpeg" } },
	{ "jpeg", { "image/jpeg" } },
	{ "png", { "image/png" } },
	{ "gif", { "image/gif" } },
	{ "zip", { "application/zip" } },
	{ "docx", { "application/vnd.openxmlformats", "application/zip",
		    "application/encrypted", "application/cdfv2" } },
	{ "xlsx", { "application/vnd.openxmlformats", "application/zip",
		    "application/encrypted", "application/cdfv2" } },
	{ "pptx", { "application/vnd.openxmlformats", "application/zip",
		    "application/encrypted", "application/cdfv2" } },
	{ "doc", { "application/msword", "application/cdfv2",
		   "application/x-ole-storage", "application/vnd.ms-" } },
	{ "xls", { "application/vnd.ms-excel", "application/cdfv2",
		   "application/x-ole-storage", "application/msword" } },
	{ "ppt", { "application/vnd.ms-powerpoint", "application/cdfv2",
		   "application/x-ole-storage", "application/msword" } },
	{ "txt", { "text/" } },
	{ "rtf", { "text/rtf", "application/rtf" } },
};

static const char *const exe_sniffs[] = {
	"application/x-dosexec", "application/vnd.microsoft.portable-executable",
	"application/x-executable", "application/x-sharedlib",
	"application/x-pie-executable", "application/x-mach-binary",
	"application/x-msdownload",
};

/* Thread-local: kensa_analyze() of a forwarded message runs inside the
 * outer one on the same thread. */
static _Thread_local unsigned nesting;
/* Over one top-level analysis: forwarded messages analyzed, and those
 * left out by the depth cap and by the count cap. */
static _Thread_local unsigned forwarded_done, skipped_deep, skipped_many;

/* ---- libmagic, opened once per process ---- */

static magic_t magic_cookie;
static GMutex magic_lock;

static gpointer
magic_open_once(gpointer unused)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);

	(void)unused;
	if (m != NULL && magic_load(m, NULL) != 0) {
		magic_close(m);
		m = NULL;
	}
	magic_cookie = m;
	return m;
}

static const char *
sniff(kn_arena *ar, const unsigned char *data, size_t len)
{
	static GOnce once = G_ONCE_INIT;
	const char *t;
	char *r = NULL;

	if (len == 0 || g_once(&once, magic_open_once, NULL) == NULL)
		return NULL;
	g_mutex_lock(&magic_lock);
	t = magic_buffer(magic_cookie, data,
		len > KN_ATTACH_SNIFF_MAX ? KN_ATTACH_SNIFF_MAX : len);
	if (t != NULL)
		r = kn_strdup(ar, t);
	g_mutex_unlock(&magic_lock);
	return r;
}

/* ---- names ---- */

void
kn_attach_ext(const char *name, char *buf, size_t n)
{
	size_t len, dot, k = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (name == NULL)
		return;
	len = strlen(name);
	/* Windows drops trailing dots and spaces from file names. */
	while (len > 0 && (name[len - 1] == '.' || name[len - 1] == ' '))
		len--;
	for (dot = len; dot > 0 && name[dot - 1] != '.'; dot--)
		if (name[dot - 1] == '/' || name[dot - 1] == '\\')
			return;
	if (dot == 0)
		return;
	for (size_t i = dot; i < len && k + 1 < n; i++) {
		char c = name[i];
		buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	buf[k] = '\0';
}

static const dext *
dext_find(const char *ext)
{
	for (size_t i = 0; i < sizeof(dexts) / sizeof(dexts[0]); i++)
		if (strcmp(dexts[i].ext, ext) == 0)
			return &dexts[i];
	return NULL;
}

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static bool
is_exe_sniff(const char *t)
{
	return t != NULL && in_list(t, exe_sniffs,
		sizeof(exe_sniffs) / sizeof(exe_sniffs[0]));
}

/* ---- container facts ---- */

static unsigned
rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static uint64_t
rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static bool
name_has_suffix(const unsigned char *n, size_t len, const char *suffix)
{
	size_t k = strlen(suffix);

	return len >= k && kn_str_iprefix((const char *)n + len - k, k, suffix);
}

/* One zip member: flags from its name and general purpose bits. */
static unsigned
zip_member(const unsigned char *name, size_t nlen, unsigned gpflags,
	kn_arena *ar, kn_vec *names)
{
	unsigned f = 0;
	char ext[16];
	char *copy;

	if (nlen > 0 && name[nlen - 1] != '/' && (gpflags & 1u))
		f |= KENSA_ATTACH_ENCRYPTED_ARCHIVE;
	if (name_has_suffix(name, nlen, "vbaProject.bin"))
		f |= KENSA_ATTACH_MACROS;
	if (nlen > KN_ATTACH_NAME_MAX)
		nlen = KN_ATTACH_NAME_MAX;
	copy = ar ? kn_strndup(ar, (const char *)name, nlen) : NULL;
	if (copy != NULL) {
		/* names may be CP437 or Shift_JIS: keep printable ASCII only */
		if (!kn_utf8_valid(copy, nlen))
			for (size_t i = 0; i < nlen; i++)
				if ((unsigned char)copy[i] >= 0x80)
					copy[i] = '?';
		for (size_t i = 0; i < nlen; i++)
			if ((unsigned char)copy[i] < 0x20)
				copy[i] = '?';
		kn_attach_ext(copy, ext, sizeof(ext));
		if (dext_find(ext) != NULL && dext_find(ext)->high)
			f |= KENSA_ATTACH_DANGEROUS_MEMBER;
		{
			const char **slot = kn_vec_push(ar, names, sizeof(*slot));
			if (slot != NULL)
				*slot = copy;
		}
	} else if (ar == NULL) {
		char tmp[KN_ATTACH_NAME_MAX + 1];
		memcpy(tmp, name, nlen);
		tmp[nlen] = '\0';
		kn_attach_ext(tmp, ext, sizeof(ext));
		if (dext_find(ext) != NULL && dext_find(ext)->high)
			f |= KENSA_ATTACH_DANGEROUS_MEMBER;
	}
	return f;
}

/* Zip: central directory when the end record is found, else the local
 * headers from the start (APPNOTE 4.3.7, 4.3.12, 4.3.16). */
static unsigned
zip_scan(const unsigned char *d, size_t len, kn_arena *ar, kn_vec *names)
{
	unsigned f = KENSA_ATTACH_ARCHIVE;
	size_t lo = len > KN_ATTACH_EOCD_SCAN ? len - KN_ATTACH_EOCD_SCAN : 0;
	size_t eocd = SIZE_MAX;

	for (size_t i = len >= 22 ? len - 22 + 1 : 0; i > lo; i--)
		if (memcmp(d + i - 1, "PK\x05\x06", 4) == 0) {
			eocd = i - 1;
			break;
		}
	if (eocd != SIZE_MAX) {
		size_t n = rd16(d + eocd + 10);
		size_t pos = rd32(d + eocd + 16);
		for (size_t e = 0; e < n && e < KN_ATTACH_ZIP_MAX_ENTRIES; e++) {
			size_t nl, el, cl;
			if (pos > len || len - pos < 46 ||
			    memcmp(d + pos, "PK\x01\x02", 4) != 0)
				break;
			nl = rd16(d + pos + 28);
			el = rd16(d + pos + 30);
			cl = rd16(d + pos + 32);
			if (len - pos - 46 < nl)
				break;
			f |= zip_member(d + pos + 46, nl, rd16(d + pos + 8), ar,
				names);
			pos += 46 + nl + el + cl;
		}
		if (names->count > 0 || n == 0)
			return f;
	}
	/* no usable central directory: walk local headers */
	{
		size_t pos = 0;
		for (size_t e = 0; e < KN_ATTACH_ZIP_MAX_ENTRIES; e++) {
			size_t nl, el, cs;
			unsigned gp;
			if (len - pos < 30 || memcmp(d + pos, "PK\x03\x04", 4) != 0)
				break;
			gp = rd16(d + pos + 6);
			cs = rd32(d + pos + 18);
			nl = rd16(d + pos + 26);
			el = rd16(d + pos + 28);
			if (len - pos - 30 < nl)
				break;
			f |= zip_member(d + pos + 30, nl, gp, ar, names);
			if (gp & 8u)
				break; /* sizes in a trailing descriptor */
			if (len - pos - 30 - nl < el || len - pos - 30 - nl - el < cs)
				break;
			pos += 30 + nl + el + cs;
		}
	}
	return f;
}

/* 7z: AES-256 coder id 06 F1 07 01 in the (possibly encoded) header
 * (7zFormat.txt). */
static unsigned
sevenz_scan(const unsigned char *d, size_t len)
{
	unsigned f = KENSA_ATTACH_ARCHIVE;
	uint64_t off, size;

	if (len < 32)
		return f;
	off = rd64(d + 12);
	size = rd64(d + 20);
	if (off > len - 32 || size > len - 32 - off)
		return f;
	if (memmem(d + 32 + off, (size_t)size, "\x06\xF1\x07\x01", 4) != NULL)
		f |= KENSA_ATTACH_ENCRYPTED_ARCHIVE;
	return f;
}

/* RAR 4: main header flag 0x80 (encrypted headers), file header flag
 * 0x04 (encrypted file). RAR 5: an archive encryption header (type 4)
 * right after the signature. */
static unsigned
rar_scan(const unsigned char *d, size_t len)
{
	unsigned f = KENSA_ATTACH_ARCHIVE;

	if (len >= 8 && d[6] == 0x01 && d[7] == 0x00) {
		size_t pos = 8 + 4; /* signature, header CRC32 */
		uint64_t v[2] = { 0, 0 };
		for (int k = 0; k < 2; k++) {
			unsigned shift = 0;
			while (pos < len && shift < 63) {
				v[k] |= (uint64_t)(d[pos] & 0x7F) << shift;
				shift += 7;
				if (!(d[pos++] & 0x80))
					break;
			}
		}
		if (v[1] == 4)
			f |= KENSA_ATTACH_ENCRYPTED_ARCHIVE;
		return f;
	}
	{
		size_t pos = 7;
		for (size_t b = 0; b < KN_ATTACH_RAR_MAX_BLOCKS; b++) {
			unsigned type, flags;
			uint64_t size;
			if (pos > len || len - pos < 7)
				break;
			type = d[pos + 2];
			flags = rd16(d + pos + 3);
			size = rd16(d + pos + 5);
			if (type == 0x73 && (flags & 0x80u))
				f |= KENSA_ATTACH_ENCRYPTED_ARCHIVE;
			if (type == 0x74 && (flags & 0x04u))
				f |= KENSA_ATTACH_ENCRYPTED_ARCHIVE;
			if ((flags & 0x8000u) && len - pos >= 11)
				size += rd32(d + pos + 7);
			if (size < 7 || size > len - pos)
				break;
			pos += (size_t)size;
		}
	}
	return f;
}

unsigned
kn_attach_sniff_archive(const unsigned char *d, size_t len, kn_arena *ar,
	const char *const **members, size_t *count)
{
	/* "_VBA_PROJECT" and "Macros" as UTF-16LE directory names */
	static const char vba16[] = "_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0";
	static const char mac16[] = "M\0a\0c\0r\0o\0s\0";
	kn_vec names = { 0 };
	unsigned f = 0;

	if (members != NULL)
		*members = NULL;
	if (count != NULL)
		*count = 0;
	if (d == NULL || len < 4)
		return 0;
	if (memcmp(d, "PK\x03\x04", 4) == 0 || memcmp(d, "PK\x05\x06", 4) == 0)
		f = zip_scan(d, len, ar, &names);
	else if (len >= 6 && memcmp(d, "7z\xBC\xAF\x27\x1C", 6) == 0)
		f = sevenz_scan(d, len);
	else if (len >= 7 && memcmp(d, "Rar!\x1A\x07", 6) == 0)
		f = rar_scan(d, len);
	else if (len >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		if (memmem(d, len, vba16, sizeof(vba16) - 1) != NULL ||
		    memmem(d, len, mac16, sizeof(mac16) - 1) != NULL)
			f |= KENSA_ATTACH_MACROS;
	} else if (memcmp(d, "\x1F\x8B", 2) == 0) {
		f = KENSA_ATTACH_ARCHIVE;
	} else if (d[0] == 'M' && d[1] == 'Z') {
		f = KENSA_ATTACH_EXECUTABLE;
	} else if (memcmp(d, "\x7F" "ELF", 4) == 0) {
		f = KENSA_ATTACH_EXECUTABLE;
	}
	if (members != NULL)
		*members = names.items;
	if (count != NULL)
		*count = names.count;
	return f;
}

/* ---- observation (message stage) ---- */

/* Is part inside a message/rfc822 part (a message forwarded within a
 * forwarded message)? Bounded by the MIME depth cap. */
static bool
inside_forwarded(const kensa_analysis *a, int part)
{
	int up = a->msg.parts[part].parent;

	for (unsigned hops = 0; up >= 0 && (size_t)up < a->msg.part_count &&
	     hops <= a->msg.part_count; hops++) {
		const kensa_mime_part *q = &a->msg.parts[up];
		if (q->content_type != NULL &&
		    strcmp(q->content_type, "message/rfc822") == 0)
			return true;
		up = q->parent;
	}
	return false;
}

static bool
is_attachment(const kensa_mime_part *p)
{
	if (p->content_type == NULL)
		return false;
	if (strcmp(p->content_type, "message/rfc822") == 0)
		return true;
	if (p->is_multipart || strncmp(p->content_type, "multipart/", 10) == 0)
		return false;
	if (p->disposition != NULL && strcmp(p->disposition, "attachment") == 0)
		return true;
	if (p->filename != NULL)
		return true;
	return strncmp(p->content_type, "text/", 5) != 0;
}

void
kn_attach_observe(kensa_analysis *a, int part, const unsigned char *data,
	size_t len)
{
	const kensa_mime_part *p;
	kensa_attachment *at;
	kn_attach_raw *raw;
	GChecksum *ck;
	size_t left = len;
	const unsigned char *q = data;

	if (a == NULL || part < 0 || (size_t)part >= a->msg.part_count)
		return;
	p = &a->msg.parts[part];
	if (!is_attachment(p))
		return;
	if (data == NULL)
		len = 0;
	at = kn_vec_push(&a->ar, &a->attachments, sizeof(*at));
	raw = kn_vec_push(&a->ar, &a->attach_raw, sizeof(*raw));
	if (at == NULL || raw == NULL)
		return;
	at->part = part;
	at->filename = p->filename;
	at->declared_type = p->content_type;
	at->size_bytes = len;
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	while (left > 0) {
		size_t n = left > (1u << 30) ? (1u << 30) : left;
		g_checksum_update(ck, q, (gssize)n);
		q += n;
		left -= n;
	}
	snprintf(at->sha256, sizeof(at->sha256), "%s",
		g_checksum_get_string(ck));
	g_checksum_free(ck);
	at->sniffed_type = sniff(&a->ar, data, len);
	if (strcmp(p->content_type, "message/rfc822") == 0) {
		at->flags |= KENSA_ATTACH_FORWARDED;
		/* A nested one is analyzed by its holder's analysis. */
		if (inside_forwarded(a, part))
			return;
		raw->data = kn_strndup(&a->ar, (const char *)data, len);
		raw->len = raw->data ? len : 0;
		return;
	}
	at->flags |= kn_attach_sniff_archive(data, len, &a->ar, &at->members,
		&at->member_count);
	if (is_exe_sniff(at->sniffed_type))
		at->flags |= KENSA_ATTACH_EXECUTABLE;
}

/* ---- findings (content stage) ---- */

static const char *
name_of(const kensa_attachment *at)
{
	return at->filename != NULL ? at->filename : "(no name)";
}

static kensa_evidence
att_ev(kensa_analysis *a, const kensa_attachment *at)
{
	kensa_evidence ev = kn_ev_part(a, at->part, 0, 0);

	ev.text = at->filename != NULL ? at->filename : at->declared_type;
	return ev;
}

static void
check_dangerous(kensa_analysis *a, const kensa_attachment *at,
	const char *ext)
{
	const dext *x = dext_find(ext);
	kensa_evidence ev = att_ev(a, at);

	if (x != NULL) {
		KN_FINDING(a, x->high ? KN_RULE(content, attachment_dangerous_type) : KN_RULE_V(content, attachment_dangerous_type, risky),
			&ev, name_of(at), x->what_en, ext, x->why_en, x->what_ja,
			x->why_ja);
		return;
	}
	if (at->flags & KENSA_ATTACH_DANGEROUS_MEMBER) {
		const char *inner = "?";
		char iext[16];
		for (size_t i = 0; i < at->member_count; i++) {
			kn_attach_ext(at->members[i], iext, sizeof(iext));
			if (dext_find(iext) != NULL && dext_find(iext)->high) {
				inner = at->members[i];
				break;
			}
		}
		KN_FINDING(a, KN_RULE(content, attachment_dangerous_type), &ev, name_of(at),
			"archive holding a program or script", ext,
			kn_sprintf(&a->ar, "It contains \"%s\", which runs code "
				"when opened.", inner),
			"プログラムやスクリプトを含む圧縮ファイル",
			kn_sprintf(&a->ar, "中の「%s」は開くとコードを実行します。",
				inner));
	}
}

static void
check_double(kensa_analysis *a, const kensa_attachment *at,
	const char *ext)
{
	const dext *x = dext_find(ext);
	char stem[KN_ATTACH_NAME_MAX], prev[16];
	size_t len, dot;
	kensa_evidence ev;

	if (x == NULL || at->filename == NULL)
		return;
	len = strlen(at->filename);
	while (len > 0 && (at->filename[len - 1] == '.' ||
	    at->filename[len - 1] == ' '))
		len--;
	for (dot = len; dot > 0 && at->filename[dot - 1] != '.'; dot--)
		;
	if (dot < 2 || dot - 1 >= sizeof(stem))
		return;
	memcpy(stem, at->filename, dot - 1);
	stem[dot - 1] = '\0';
	kn_attach_ext(stem, prev, sizeof(prev));
	/* "invoice.pdf   .exe": the padding pushes .exe out of view */
	for (size_t k = strlen(prev); k > 0 && prev[k - 1] == ' '; k--)
		prev[k - 1] = '\0';
	if (prev[0] == '\0' || strcmp(prev, ext) == 0 ||
	    !in_list(prev, doc_exts, sizeof(doc_exts) / sizeof(doc_exts[0])))
		return;
	/* page.htm.html: two names of one web type */
	if (strcmp(x->what_en, "web page") == 0 &&
	    (strcmp(prev, "html") == 0 || strcmp(prev, "htm") == 0))
		return;
	ev = att_ev(a, at);
	KN_FINDING(a, KN_RULE(content, attachment_double_extension), &ev, at->filename, prev, ext);
}

static void
check_mismatch(kensa_analysis *a, const kensa_attachment *at,
	const char *ext)
{
	const family *fam = NULL;
	const char *s = at->sniffed_type;
	bool exe_ext, ok = false;
	kensa_evidence ev;

	if (s == NULL || strcmp(s, "application/octet-stream") == 0 ||
	    strstr(s, "empty") != NULL)
		return;
	exe_ext = dext_find(ext) != NULL && dext_find(ext)->high;
	if ((at->flags & KENSA_ATTACH_EXECUTABLE) || is_exe_sniff(s)) {
		if (exe_ext || strcmp(ext, "sys") == 0 || strcmp(ext, "ocx") == 0 ||
		    strcmp(ext, "efi") == 0 || strcmp(ext, "bin") == 0)
			return;
		ev = att_ev(a, at);
		KN_FINDING(a, KN_RULE_V(content, attachment_type_mismatch, program), &ev, name_of(at),
			at->declared_type, ext[0] ? ext : "-", s);
		return;
	}
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(families[i].ext, ext) == 0)
			fam = &families[i];
	if (fam == NULL)
		return;
	for (size_t k = 0; k < 4 && fam->sniff[k] != NULL; k++)
		if (strncmp(s, fam->sniff[k], strlen(fam->sniff[k])) == 0)
			ok = true;
	if (ok)
		return;
	ev = att_ev(a, at);
	KN_FINDING(a, KN_RULE(content, attachment_type_mismatch), &ev, name_of(at), at->declared_type, ext,
		s);
}

static bool
pw_sep(const char *t, size_t n, size_t *adv)
{
	static const char *const seps[] = { ":", "：", "=", "は", " is ", "「",
		"】", "]" };
	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		size_t k = strlen(seps[i]);
		if (n >= k && kn_str_iprefix(t, n, seps[i])) {
			*adv = k;
			return true;
		}
	}
	return false;
}

/* A password given in text: keyword, separator, then a token. */
static bool
find_password(const char *t, size_t n, size_t *off, size_t *len)
{
	static const char *const keys[] = {
		"パスワード",
		"password", "passcode", "pw", "pass",
		"暗証番号",
	};

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			size_t kl = strlen(keys[k]), p, sep = 0, tok;
			if (n - i < kl || !kn_str_iprefix(t + i, n - i, keys[k]))
				continue;
			if ((unsigned char)keys[k][0] < 0x80 && i > 0 &&
			    g_ascii_isalpha(t[i - 1]))
				continue;
			p = i + kl;
			while (p < n && (t[p] == ' ' || t[p] == '\t'))
				p++;
			if (!pw_sep(t + p, n - p, &sep))
				continue;
			p += sep;
			while (p < n && (t[p] == ' ' || t[p] == '\t'))
				p++;
			for (tok = 0; p + tok < n && tok <= KN_ATTACH_PW_MAX &&
			    (unsigned char)t[p + tok] > 0x20 &&
			    (unsigned char)t[p + tok] < 0x7F; tok++)
				;
			if (tok < KN_ATTACH_PW_MIN || tok > KN_ATTACH_PW_MAX)
				continue;
			*off = i;
			*len = p + tok - i;
			return true;
		}
	}
	return false;
}

static void
check_password(kensa_analysis *a, const kensa_attachment *enc)
{
	for (size_t i = 0; i < a->msg.part_count; i++) {
		const kensa_mime_part *p = &a->msg.parts[i];
		size_t off, len;
		kensa_evidence ev;
		if (p->text == NULL || is_attachment(p))
			continue;
		if (!find_password(p->text, p->text_length > KN_ATTACH_BODY_MAX ?
		    KN_ATTACH_BODY_MAX : p->text_length, &off, &len))
			continue;
		ev = kn_ev_part(a, (int)i, off, len);
		KN_FINDING(a, KN_RULE(content, archive_password_in_body), &ev, ev.text, name_of(enc));
		return;
	}
}

static int
analyze_forwarded(kensa_analysis *a, size_t idx)
{
	kensa_attachment *at = &((kensa_attachment *)a->attachments.items)[idx];
	const kn_attach_raw *raw = &((kn_attach_raw *)a->attach_raw.items)[idx];
	kensa_analysis *in = NULL, **slot;
	const kensa_message_facts *m;
	const kensa_finding *fs;
	kensa_evidence ev;
	char num[16], nf[24];
	int rc;

	if (raw->data == NULL)
		return 0;
	if (nesting >= KN_ATTACH_MAX_NESTING) {
		skipped_deep++;
		return 0;
	}
	if (forwarded_done >= KN_ATTACH_MAX_FORWARDED) {
		skipped_many++;
		return 0;
	}
	forwarded_done++;
	nesting++;
	rc = kensa_analyze(&in, raw->data, raw->len, &a->opts);
	nesting--;
	if (rc == KENSA_ENOMEM)
		return rc;
	if (rc < 0 || in == NULL)
		return 0;
	slot = kn_vec_push(&a->ar, &a->inner, sizeof(*slot));
	if (slot == NULL) {
		kensa_analysis_free(in);
		return KENSA_ENOMEM;
	}
	*slot = in;
	at->inner = in;
	m = kensa_analysis_message(in);
	snprintf(num, sizeof(num), "%d", at->part);
	snprintf(nf, sizeof(nf), "%zu", kensa_analysis_findings(in, &fs));
	ev = kn_ev_part(a, at->part, 0, 0);
	ev.text = m->subject;
	KN_FINDING(a, KN_RULE(content, forwarded_message), &ev, num,
		m->from.address ? m->from.address : "-",
		m->subject ? m->subject : "-", nf);
	return 0;
}

/* The top-level analysis reports what the forwarding caps left out. */
static void
forwarded_limit(kensa_analysis *a)
{
	char depth[24], deep[24], most[24], many[24];

	if (skipped_deep == 0 && skipped_many == 0)
		return;
	snprintf(depth, sizeof(depth), "%d", KN_ATTACH_MAX_NESTING);
	snprintf(deep, sizeof(deep), "%u", skipped_deep);
	snprintf(most, sizeof(most), "%d", KN_ATTACH_MAX_FORWARDED);
	snprintf(many, sizeof(many), "%u", skipped_many);
	KN_DEFECT(a, KN_RULE(content, forwarded_limit), NULL, depth, deep,
		most, many);
}

int
kn_attach_analyze(kensa_analysis *a)
{
	const kensa_attachment *enc = NULL;
	int rc;

	if (nesting == 0)
		forwarded_done = skipped_deep = skipped_many = 0;

	for (size_t i = 0; i < a->attachments.count; i++) {
		const kensa_attachment *at =
			&((const kensa_attachment *)a->attachments.items)[i];
		char ext[16];
		kensa_evidence ev;

		if (at->flags & KENSA_ATTACH_FORWARDED) {
			if ((rc = analyze_forwarded(a, i)) < 0)
				return rc;
			continue;
		}
		kn_attach_ext(at->filename, ext, sizeof(ext));
		check_dangerous(a, at, ext);
		check_double(a, at, ext);
		if (at->filename != NULL && strstr(at->filename, "\xE2\x80\xAE")) {
			ev = att_ev(a, at);
			KN_FINDING(a, KN_RULE(content, attachment_rtlo), &ev, at->filename,
				ext[0] ? ext : "-");
		}
		check_mismatch(a, at, ext);
		if (at->flags & KENSA_ATTACH_ENCRYPTED_ARCHIVE) {
			ev = att_ev(a, at);
			KN_FINDING(a, KN_RULE(content, attachment_encrypted_archive), &ev, name_of(at),
				at->sniffed_type ? at->sniffed_type :
				at->declared_type);
			if (enc == NULL)
				enc = at;
		}
		if (at->flags & KENSA_ATTACH_MACROS) {
			ev = att_ev(a, at);
			KN_FINDING(a, KN_RULE(content, attachment_office_macro), &ev, name_of(at),
				at->member_count > 0 ? "vbaProject.bin" :
				"_VBA_PROJECT / Macros storage");
		}
	}
	if (enc != NULL)
		check_password(a, enc);
	if (nesting == 0)
		forwarded_limit(a);
	return a->ar.oom ? KENSA_ENOMEM : 0;
}

void
kn_attach_dispose(kensa_analysis *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->inner.count; i++)
		kensa_analysis_free(((kensa_analysis **)a->inner.items)[i]);
	a->inner.count = 0;
}

KENSA_EXTERN(size_t)
kensa_analysis_attachments(const kensa_analysis *a,
	const kensa_attachment **out)
{
	if (out != NULL)
		*out = a ? a->attachments.items : NULL;
	return a ? a->attachments.count : 0;
}

KENSA_EXTERN(size_t)
kensa_analysis_inner(const kensa_analysis *a,
	const kensa_analysis *const **out)
{
	if (out != NULL)
		*out = a ? (const kensa_analysis *const *)a->inner.items : NULL;
	return a ? a->inner.count : 0;
}
