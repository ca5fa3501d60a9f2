/* SPDX-License-Identifier: MIT */
/*
 * test_content_attach - the attachment inventory and its findings, on
 * MIME messages built here around byte strings made by hand: a PE
 * header, zips written entry by entry (encryption bit, vbaProject.bin,
 * a program inside), an OLE2 file with a VBA storage name, a forwarded
 * message, nested forwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <kensa/content.h>

#include "content/attach.h"
#include "unit/message/msgtest.h"

/* ---- byte builders ---- */

typedef struct bytes {
	unsigned char d[8192];
	size_t n;
} bytes;

static void
put(bytes *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->d));
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void
put16(bytes *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	put(b, x, 2);
}

static void
put32(bytes *b, uint32_t v)
{
	put16(b, v & 0xFFFF);
	put16(b, v >> 16);
}

/* A stored (uncompressed) zip of names with content "x"; gpflags for
 * every entry. */
static void
make_zip(bytes *b, const char *const *names, size_t n, unsigned gpflags)
{
	uint32_t offs[16];
	uint32_t cd;

	b->n = 0;
	for (size_t i = 0; i < n; i++) {
		offs[i] = (uint32_t)b->n;
		put(b, "PK\x03\x04", 4);
		put16(b, 20);
		put16(b, gpflags);
		put16(b, 0);           /* stored */
		put16(b, 0); put16(b, 0);
		put32(b, 0x8CDC1683);  /* crc of "x" (not checked) */
		put32(b, 1); put32(b, 1);
		put16(b, (unsigned)strlen(names[i]));
		put16(b, 0);
		put(b, names[i], strlen(names[i]));
		put(b, "x", 1);
	}
	cd = (uint32_t)b->n;
	for (size_t i = 0; i < n; i++) {
		put(b, "PK\x01\x02", 4);
		put16(b, 20); put16(b, 20);
		put16(b, gpflags);
		put16(b, 0);
		put16(b, 0); put16(b, 0);
		put32(b, 0x8CDC1683);
		put32(b, 1); put32(b, 1);
		put16(b, (unsigned)strlen(names[i]));
		put16(b, 0); put16(b, 0); put16(b, 0); put16(b, 0);
		put32(b, 0);
		put32(b, offs[i]);
		put(b, names[i], strlen(names[i]));
	}
	{
		uint32_t cdsize = (uint32_t)b->n - cd;
		put(b, "PK\x05\x06", 4);
		put16(b, 0); put16(b, 0);
		put16(b, (unsigned)n); put16(b, (unsigned)n);
		put32(b, cdsize);
		put32(b, cd);
		put16(b, 0);
	}
}

/* A minimal PE: MZ header whose e_lfanew points at "PE\0\0" and a COFF
 * header for i386. */
static void
make_pe(bytes *b)
{
	b->n = 0;
	memset(b->d, 0, 512);
	b->d[0] = 'M';
	b->d[1] = 'Z';
	b->d[0x3C] = 0x80;
	memcpy(b->d + 0x80, "PE\0\0", 4);
	b->d[0x84] = 0x4C; /* IMAGE_FILE_MACHINE_I386 */
	b->d[0x85] = 0x01;
	b->d[0x86] = 1;    /* one section */
	b->d[0x94] = 0xE0; /* optional header size */
	b->d[0x96] = 0x02; /* executable image */
	b->d[0x98] = 0x0B; /* PE32 magic */
	b->d[0x99] = 0x01;
	memcpy(b->d + 0x4E, "This program cannot be run in DOS mode.", 39);
	b->n = 512;
}

/* A message with a text body and one attachment. */
static char *
make_mail(const char *body, const char *ctype, const char *fname,
	const unsigned char *att, size_t n)
{
	gchar *b64 = g_base64_encode(att, n);
	char *m = g_strdup_printf(
		"From: Sender <s@example.com>\r\n"
		"To: r@example.org\r\n"
		"Subject: documents\r\n"
		"Date: Thu, 14 Oct 2021 07:41:02 +0000\r\n"
		"Message-ID: <a1@example.com>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"BB\"\r\n"
		"\r\n"
		"--BB\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Transfer-Encoding: 8bit\r\n"
		"\r\n"
		"%s\r\n"
		"--BB\r\n"
		"Content-Type: %s; name=\"%s\"\r\n"
		"Content-Disposition: attachment; filename=\"%s\"\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n"
		"%s\r\n"
		"--BB--\r\n", body, ctype, fname, fname, b64);
	g_free(b64);
	return m;
}

static kensa_analysis *
analyze_att(const char *body, const char *ctype, const char *fname,
	const unsigned char *att, size_t n)
{
	char *m = make_mail(body, ctype, fname, att, n);
	kensa_analysis *a = msgtest_analyze_mem(m, strlen(m), NULL);

	g_free(m);
	assert_non_null(a);
	return a;
}

static const kensa_finding *
has(const kensa_analysis *a, const char *id)
{
	return msgtest_finding(a, id);
}

/* ---- tests ---- */

static void
test_attach__pe_double_extension(void **state)
{
	bytes b;
	kensa_analysis *a;
	const kensa_attachment *at;
	const kensa_finding *f;
	gchar *sum;

	(void)state;
	make_pe(&b);
	a = analyze_att("see attached", "application/octet-stream",
		"invoice.pdf.exe", b.d, b.n);
	assert_int_equal(kensa_analysis_attachments(a, &at), 1);
	assert_string_equal(at[0].filename, "invoice.pdf.exe");
	assert_string_equal(at[0].declared_type, "application/octet-stream");
	assert_non_null(at[0].sniffed_type);
	assert_string_equal(at[0].sniffed_type, "application/vnd.microsoft.portable-executable");
	assert_int_equal(at[0].size_bytes, 512);
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, b.d, b.n);
	assert_string_equal(at[0].sha256, sum);
	g_free(sum);
	assert_true(at[0].flags & KENSA_ATTACH_EXECUTABLE);
	f = has(a, "attachment-dangerous-type");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_string_equal(f->evidence.text, "invoice.pdf.exe");
	assert_int_equal(f->evidence.part, at[0].part);
	f = has(a, "attachment-double-extension");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[0], ".pdf"));
	/* an .exe that is an exe is no mismatch */
	assert_null(has(a, "attachment-type-mismatch"));
	assert_null(has(a, "attachment-rtlo"));
	kensa_analysis_free(a);
}

static void
test_attach__pe_named_pdf(void **state)
{
	bytes b;
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	make_pe(&b);
	a = analyze_att("see attached", "application/pdf", "report.pdf", b.d,
		b.n);
	f = has(a, "attachment-type-mismatch");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_non_null(strstr(f->detail[0], "portable-executable"));
	assert_null(has(a, "attachment-dangerous-type"));
	assert_null(has(a, "attachment-double-extension"));
	kensa_analysis_free(a);
}

static void
test_attach__plain_pdf_clean(void **state)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> "
		"endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
	kensa_analysis *a;
	const kensa_attachment *at;
	const kensa_finding *f;
	size_t nf;

	(void)state;
	a = analyze_att("the report", "application/pdf", "report.pdf",
		(const unsigned char *)pdf, sizeof(pdf) - 1);
	assert_int_equal(kensa_analysis_attachments(a, &at), 1);
	assert_string_equal(at[0].sniffed_type, "application/pdf");
	assert_int_equal(at[0].flags, 0);
	nf = kensa_analysis_findings(a, &f);
	for (size_t i = 0; i < nf; i++)
		assert_null(strstr(f[i].id, "attachment"));
	kensa_analysis_free(a);
}

static void
test_attach__rtlo(void **state)
{
	bytes b;
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	make_pe(&b);
	/* shows as "invoiceexe.pdf" */
	a = analyze_att("see attached", "application/octet-stream",
		"invoice\xE2\x80\xAE" "fdp.exe", b.d, b.n);
	f = has(a, "attachment-rtlo");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[0], ".exe"));
	kensa_analysis_free(a);
}

static void
test_attach__encrypted_zip_ppap(void **state)
{
	static const char *const names[] = { "見積書.xlsx" };
	bytes b;
	kensa_analysis *a;
	const kensa_attachment *at;
	const kensa_finding *f;

	(void)state;
	make_zip(&b, names, 1, 1);
	a = analyze_att("お世話になっております。\r\n見積書を送付します。\r\n"
		"解凍パスワードは別途お送りします。", "application/zip",
		"mitsumori.zip", b.d, b.n);
	assert_int_equal(kensa_analysis_attachments(a, &at), 1);
	assert_true(at[0].flags & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	assert_int_equal(at[0].member_count, 1);
	assert_string_equal(at[0].members[0], "見積書.xlsx");
	f = has(a, "attachment-encrypted-archive");
	assert_non_null(f);
	assert_string_equal(f->evidence.text, "mitsumori.zip");
	/* "別途お送りします": no password in this mail */
	assert_null(has(a, "archive-password-in-body"));
	kensa_analysis_free(a);

	a = analyze_att("見積書を送付します。\r\nパスワード：Xk29pQ7z\r\n",
		"application/zip", "mitsumori.zip", b.d, b.n);
	f = has(a, "archive-password-in-body");
	assert_non_null(f);
	assert_string_equal(f->evidence.text, "パスワード：Xk29pQ7z");
	assert_non_null(strstr(f->detail[0], "PPAP"));
	kensa_analysis_free(a);

	a = analyze_att("Here is the file. PW: h7Tq9zLm", "application/zip",
		"files.zip", b.d, b.n);
	assert_non_null(has(a, "archive-password-in-body"));
	kensa_analysis_free(a);
}

static void
test_attach__plain_zip_and_password_without_archive(void **state)
{
	static const char *const names[] = { "a.txt", "b.pdf" };
	bytes b;
	kensa_analysis *a;
	const kensa_attachment *at;

	(void)state;
	make_zip(&b, names, 2, 0);
	a = analyze_att("パスワード：Xk29pQ7z", "application/zip", "docs.zip",
		b.d, b.n);
	assert_int_equal(kensa_analysis_attachments(a, &at), 1);
	assert_true(at[0].flags & KENSA_ATTACH_ARCHIVE);
	assert_false(at[0].flags & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	assert_int_equal(at[0].member_count, 2);
	assert_null(has(a, "attachment-encrypted-archive"));
	assert_null(has(a, "archive-password-in-body"));
	assert_null(has(a, "attachment-dangerous-type"));
	kensa_analysis_free(a);
}

static void
test_attach__zip_with_program(void **state)
{
	static const char *const names[] = { "readme.txt", "scan_0042.js" };
	bytes b;
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	make_zip(&b, names, 2, 0);
	a = analyze_att("scan", "application/zip", "scan.zip", b.d, b.n);
	f = has(a, "attachment-dangerous-type");
	assert_non_null(f);
	assert_non_null(strstr(f->detail[0], "scan_0042.js"));
	kensa_analysis_free(a);
}

static void
test_attach__ooxml_macro(void **state)
{
	static const char *const names[] = { "[Content_Types].xml",
		"word/document.xml", "word/vbaProject.bin" };
	static const char *const clean[] = { "[Content_Types].xml",
		"word/document.xml" };
	bytes b;
	kensa_analysis *a;
	const kensa_finding *f;

	(void)state;
	make_zip(&b, names, 3, 0);
	a = analyze_att("order", "application/vnd.openxmlformats-"
		"officedocument.wordprocessingml.document", "order.docx", b.d,
		b.n);
	f = has(a, "attachment-office-macro");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_HIGH);
	assert_non_null(strstr(f->detail[0], "vbaProject.bin"));
	kensa_analysis_free(a);

	a = analyze_att("order", "application/vnd.ms-word.document."
		"macroEnabled.12", "order.docm", b.d, b.n);
	assert_non_null(has(a, "attachment-office-macro"));
	f = has(a, "attachment-dangerous-type");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_MEDIUM);
	kensa_analysis_free(a);

	make_zip(&b, clean, 2, 0);
	a = analyze_att("order", "application/vnd.openxmlformats-"
		"officedocument.wordprocessingml.document", "order.docx", b.d,
		b.n);
	assert_null(has(a, "attachment-office-macro"));
	assert_null(has(a, "attachment-type-mismatch"));
	kensa_analysis_free(a);
}

static void
test_attach__ole_macro(void **state)
{
	bytes b = { .n = 0 };
	static const char vba[] = "_\0V\0B\0A\0_\0P\0R\0O\0J\0E\0C\0T\0";
	kensa_analysis *a;
	unsigned flags;

	(void)state;
	memset(b.d, 0, 2048);
	memcpy(b.d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	memcpy(b.d + 1024, vba, sizeof(vba) - 1);
	b.n = 2048;
	flags = kn_attach_sniff_archive(b.d, b.n, NULL, NULL, NULL);
	assert_true(flags & KENSA_ATTACH_MACROS);
	a = analyze_att("invoice", "application/msword", "invoice.doc", b.d,
		b.n);
	assert_non_null(has(a, "attachment-office-macro"));
	kensa_analysis_free(a);
	/* the same file without the storage name */
	memset(b.d + 1024, 0, sizeof(vba));
	assert_false(kn_attach_sniff_archive(b.d, b.n, NULL, NULL, NULL) &
		KENSA_ATTACH_MACROS);
}

static void
test_attach__archive_headers(void **state)
{
	/* 7z whose next header holds the AES coder id */
	bytes b = { .n = 0 };
	unsigned char rar4[] = { 'R', 'a', 'r', '!', 0x1A, 0x07, 0x00,
		0x00, 0x00, 0x73, 0x80, 0x00, 0x0D, 0x00, 0, 0, 0, 0, 0, 0 };
	unsigned char rar5[] = { 'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00,
		1, 2, 3, 4, 0x0A, 0x04, 0, 0 };

	(void)state;
	memset(b.d, 0, 64);
	memcpy(b.d, "7z\xBC\xAF\x27\x1C", 6);
	b.d[12] = 0;   /* next header offset 0 */
	b.d[20] = 16;  /* size 16 */
	memcpy(b.d + 32 + 4, "\x06\xF1\x07\x01", 4);
	b.n = 48;
	assert_true(kn_attach_sniff_archive(b.d, b.n, NULL, NULL, NULL) &
		KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	memset(b.d + 36, 0, 4);
	assert_false(kn_attach_sniff_archive(b.d, b.n, NULL, NULL, NULL) &
		KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	assert_true(kn_attach_sniff_archive(rar4, sizeof(rar4), NULL, NULL,
		NULL) & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	rar4[10] = 0;
	assert_false(kn_attach_sniff_archive(rar4, sizeof(rar4), NULL, NULL,
		NULL) & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	assert_true(kn_attach_sniff_archive(rar5, sizeof(rar5), NULL, NULL,
		NULL) & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	rar5[13] = 1;
	assert_false(kn_attach_sniff_archive(rar5, sizeof(rar5), NULL, NULL,
		NULL) & KENSA_ATTACH_ENCRYPTED_ARCHIVE);
	/* truncated inputs never read past their length */
	for (size_t n = 0; n < sizeof(rar4); n++)
		(void)kn_attach_sniff_archive(rar4, n, NULL, NULL, NULL);
}

static void
test_attach__ext(void **state)
{
	char e[16];

	(void)state;
	kn_attach_ext("Invoice.PDF.Exe", e, sizeof(e));
	assert_string_equal(e, "exe");
	kn_attach_ext("invoice.exe. . ", e, sizeof(e));
	assert_string_equal(e, "exe");
	kn_attach_ext("noext", e, sizeof(e));
	assert_string_equal(e, "");
	kn_attach_ext("dir.d/file", e, sizeof(e));
	assert_string_equal(e, "");
	kn_attach_ext(NULL, e, sizeof(e));
	assert_string_equal(e, "");
}

static const char inner_msg[] =
	"From: \"Microsoft 365\" <no-reply@login-check.example>\r\n"
	"To: user@example.org\r\n"
	"Subject: Your password expires today\r\n"
	"Date: Thu, 14 Oct 2021 06:00:00 +0000\r\n"
	"Message-ID: <inner@login-check.example>\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"\r\n"
	"Your password expires today. Verify your account within 24 hours "
	"or your account will be suspended.\r\n";

/* Wrap msg as a message/rfc822 attachment of a report. */
static char *
wrap(const char *msg)
{
	return g_strdup_printf(
		"From: User <user@example.org>\r\n"
		"To: security@example.org\r\n"
		"Subject: Fw: suspicious\r\n"
		"Date: Thu, 14 Oct 2021 07:00:00 +0000\r\n"
		"Message-ID: <w%u@example.org>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"W%u\"\r\n"
		"\r\n"
		"--W%u\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		"Is this real?\r\n"
		"--W%u\r\n"
		"Content-Type: message/rfc822\r\n"
		"Content-Disposition: attachment; filename=\"suspect.eml\"\r\n"
		"\r\n"
		"%s\r\n"
		"--W%u--\r\n",
		(unsigned)strlen(msg), (unsigned)strlen(msg), (unsigned)strlen(msg),
		(unsigned)strlen(msg), msg, (unsigned)strlen(msg));
}

static void
test_attach__forwarded(void **state)
{
	char *m = wrap(inner_msg);
	kensa_analysis *a = msgtest_analyze_mem(m, strlen(m), NULL);
	const kensa_analysis *const *in;
	const kensa_attachment *at;
	const kensa_finding *f;

	(void)state;
	g_free(m);
	assert_non_null(a);
	assert_int_equal(kensa_analysis_inner(a, &in), 1);
	assert_string_equal(kensa_analysis_message(in[0])->subject,
		"Your password expires today");
	assert_non_null(msgtest_finding(in[0], "lure-credential"));
	assert_non_null(msgtest_finding(in[0], "impersonates-brand"));
	assert_int_equal(kensa_analysis_attachments(a, &at), 1);
	assert_true(at[0].flags & KENSA_ATTACH_FORWARDED);
	assert_ptr_equal(at[0].inner, in[0]);
	f = has(a, "forwarded-message");
	assert_non_null(f);
	assert_int_equal(f->severity, KENSA_SEV_INFO);
	assert_non_null(strstr(f->detail[0], "no-reply@login-check.example"));
	kensa_analysis_free(a);
}

static void
test_attach__nesting_bounded(void **state)
{
	char *m = g_strdup(inner_msg);
	kensa_analysis *a;
	const kensa_analysis *cur;
	unsigned depth = 0;

	(void)state;
	for (int i = 0; i < KN_ATTACH_MAX_NESTING + 3; i++) {
		char *w = wrap(m);
		g_free(m);
		m = w;
	}
	a = msgtest_analyze_mem(m, strlen(m), NULL);
	g_free(m);
	assert_non_null(a);
	for (cur = a; cur != NULL; depth++) {
		const kensa_analysis *const *in;
		size_t n = kensa_analysis_inner(cur, &in);
		cur = n > 0 ? in[0] : NULL;
	}
	/* the outer analysis plus KN_ATTACH_MAX_NESTING inner levels */
	assert_int_equal(depth, KN_ATTACH_MAX_NESTING + 1);
	/* only the outermost forward is analyzed here: the deeper ones
	 * belong to its own analysis */
	assert_int_equal(kensa_analysis_inner(a, NULL), 1);
	assert_non_null(msgtest_defect(a, "forwarded-limit"));
	kensa_analysis_free(a);

	/* Within the cap: no defect. */
	m = wrap(inner_msg);
	{
		char *w = wrap(m);
		g_free(m);
		m = w;
	}
	a = msgtest_analyze_mem(m, strlen(m), NULL);
	g_free(m);
	assert_non_null(a);
	assert_int_equal(kensa_analysis_inner(a, NULL), 1);
	assert_null(msgtest_defect(a, "forwarded-limit"));
	assert_non_null(has(a, "forwarded-message"));
	kensa_analysis_free(a);
}

/* 1000 levels of message/rfc822 directly inside message/rfc822: each
 * forwarded message is analyzed once (the work was exponential in the
 * depth: 20 levels took 21 s), the cap is a defect of the top level. */
static void
test_attach__deep_rfc822_linear(void **state)
{
	GString *g = g_string_new(NULL);
	kensa_analysis *a;
	const kensa_analysis *const *in;
	const kensa_finding *d;

	(void)state;
	for (int i = 0; i < 1000; i++)
		g_string_append_printf(g, "From: a%d@example.com\r\nSubject: n%d\r\n"
			"MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n",
			i, i);
	g_string_append(g, "From: z@example.com\r\nSubject: inner\r\n\r\nbody\r\n");
	a = msgtest_analyze_mem(g->str, g->len, NULL);
	g_string_free(g, TRUE);
	assert_non_null(a);
	assert_int_equal(kensa_analysis_inner(a, &in), 1);
	assert_string_equal(kensa_analysis_message(in[0])->subject, "n1");
	assert_int_equal(kensa_analysis_inner(in[0], NULL), 1);
	d = msgtest_defect(a, "forwarded-limit");
	assert_non_null(d);
	assert_non_null(strstr(d->detail[KENSA_LANG_EN], "3 levels deep"));
	assert_non_null(msgtest_defect(a, "mime-limit"));
	kensa_analysis_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attach__pe_double_extension),
		cmocka_unit_test(test_attach__pe_named_pdf),
		cmocka_unit_test(test_attach__plain_pdf_clean),
		cmocka_unit_test(test_attach__rtlo),
		cmocka_unit_test(test_attach__encrypted_zip_ppap),
		cmocka_unit_test(test_attach__plain_zip_and_password_without_archive),
		cmocka_unit_test(test_attach__zip_with_program),
		cmocka_unit_test(test_attach__ooxml_macro),
		cmocka_unit_test(test_attach__ole_macro),
		cmocka_unit_test(test_attach__archive_headers),
		cmocka_unit_test(test_attach__ext),
		cmocka_unit_test(test_attach__forwarded),
		cmocka_unit_test(test_attach__nesting_bounded),
		cmocka_unit_test(test_attach__deep_rfc822_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
