/* SPDX-License-Identifier: MIT */
/*
 * test_content_content - the content stage: weekday and narrative
 * findings on parts filled by hand, on the seed case end to end and over
 * the legitimate Japanese corpus (false-positive ceiling).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <sys/stat.h>

#include "analysis.h"
#include "content/jdate.h"

/* Thu, 14 Oct 2021 07:41:02 +0000, the seed's Date. */
#define SEED_DATE 1634197262

static const char seed_plain[] =
	"office-sample.jpのメールサーバー(office-sample.jpに収容)\n"
	"10月14日早朝から運用が不安定になっています。\n"
	"―――――――――――――――――――――――――――――――――\n"
	"発生日時:2021年10月14日(木)00:00頃\n"
	"復旧日時:2021年10月14日(日)08:10頃\n"
	"失敗の詳細:メールサービス(@office-sample.jp)の動作が不安定でした。\n"
	"メールの送受信ができないことに加えて、メールの到着が遅れる場合があります。\n"
	"―――――――――――――――――――――――――――――――――\n"
	"ウェブメールサービスを回復するには、以下のリンクをクリックしてください。\n"
	"\n"
	"https://webmail.office-sample.jp/recover\n"
	"\n"
	"office-sample.jp メール管理チーム\n";

static const char seed_html[] =
	"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
	"charset=utf-8\"></head>\n<body style=\"font-family:'MS PGothic'\">\n"
	"<p>office-sample.jpのメールサーバー(office-sample.jpに収容)<br>\n"
	"10月14日早朝から運用が不安定になっています。</p>\n"
	"<p>―――――――――――――――――――――――――――――――――<br>\n"
	"発生日時:2021年10月14日(木)00:00頃<br>\n"
	"復旧日時:2021年10月14日(日)08:10頃<br>\n"
	"失敗の詳細:メールサービス(@office-sample.jp)の動作が不安定でした。<br>\n"
	"メールの送受信ができないことに加えて、メールの到着が遅れる場合があります。<br>\n"
	"―――――――――――――――――――――――――――――――――</p>\n"
	"<p>ウェブメールサービスを回復するには、以下のリンクをクリックしてください。</p>\n"
	"<p><a href=\"https://owa-login.comget-sample.net/wp-includes/owa/?email="
	"info@office-sample.jp\" target=\"_blank\"><b>https://webmail."
	"office-sample.jp/recover</b></a></p>\n"
	"<p>office-sample.jp メール管理チーム</p>\n</body></html>\n";

/* An analysis with up to 8 hand-made parts. */
typedef struct fixture {
	kensa_analysis *a;
	kensa_mime_part parts[8];
} fixture;

static kensa_analysis *
new_analysis(bool dated)
{
	kensa_analysis *a = calloc(1, sizeof(*a));

	assert_non_null(a);
	kn_arena_init(&a->ar);
	a->msg.date_valid = dated;
	a->msg.date_utc = SEED_DATE;
	a->msg.date_tz_offset = 0;
	return a;
}

static void
add_part(fixture *f, const char *type, const char *text)
{
	size_t i = f->a->msg.part_count;
	kensa_mime_part *p = &f->parts[i];

	assert_true(i < 8);
	memset(p, 0, sizeof(*p));
	p->index = (unsigned)i;
	p->content_type = type;
	p->parent = i == 0 ? -1 : 0;
	p->depth = i == 0 ? 0 : 1;
	p->is_multipart = strncmp(type, "multipart/", 10) == 0;
	p->text = p->is_multipart ? NULL : text;
	p->text_length = text ? strlen(text) : 0;
	f->a->msg.parts = f->parts;
	f->a->msg.part_count = i + 1;
}

/* Run the stage on one text/plain part (plus an optional html one). */
static void
run(fixture *f, bool dated, const char *plain, const char *html)
{
	f->a = new_analysis(dated);
	if (plain != NULL && html != NULL)
		add_part(f, "multipart/alternative", NULL);
	if (plain != NULL)
		add_part(f, "text/plain", plain);
	if (html != NULL)
		add_part(f, "text/html", html);
	assert_int_equal(kn_content_analyze(f->a), 0);
}

/* The findings this test is about: the date and narrative checks. Other
 * content checks (links, lures, attachments) have their own tests. */
static bool
is_own(const char *id)
{
	return strcmp(id, "weekday-mismatch") == 0 ||
	       strcmp(id, "date-two-weekdays") == 0 ||
	       strcmp(id, "date-far-from-message") == 0 ||
	       strcmp(id, "resolved-yet-action") == 0;
}

static size_t
own_count(const kensa_analysis *a)
{
	const kensa_finding *f = a->findings.items;
	size_t n = 0;

	for (size_t i = 0; i < a->findings.count; i++)
		n += is_own(f[i].id);
	return n;
}

static size_t
count_id(const kensa_analysis *a, const char *id, const kensa_finding **last)
{
	const kensa_finding *f = a->findings.items;
	size_t n = 0;

	for (size_t i = 0; i < a->findings.count; i++)
		if (strcmp(f[i].id, id) == 0) {
			n++;
			if (last != NULL)
				*last = &f[i];
		}
	return n;
}

static void
done(fixture *f)
{
	kensa_analysis_free(f->a);
	f->a = NULL;
}

static void
check_seed_findings(const kensa_analysis *a, int plain_part)
{
	const kensa_finding *f = NULL;

	assert_int_equal(count_id(a, "date-two-weekdays", &f), 1);
	assert_int_equal(f->evidence.part, plain_part);
	assert_string_equal(f->evidence.text, "2021年10月14日(日)");
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "2021-10-14 is a Thursday"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN],
		"\"2021年10月14日(日)\" (Sunday) is wrong"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "2021年10月14日(木)"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "木曜日なので"));
	assert_int_equal(count_id(a, "weekday-mismatch", NULL), 0);
	assert_int_equal(count_id(a, "date-far-from-message", NULL), 0);

	assert_int_equal(count_id(a, "resolved-yet-action", &f), 1);
	assert_int_equal(f->evidence.part, plain_part);
	assert_string_equal(f->evidence.text,
		"回復するには、以下のリンクをクリックしてください");
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "「復旧日時」"));
	assert_non_null(strstr(f->detail[KENSA_LANG_JA], "「不安定でした」"));
	assert_non_null(strstr(f->detail[KENSA_LANG_EN], "\"復旧日時\""));
}

static void
test_content_content__seed_alternative(void **state)
{
	fixture f;

	(void)state;
	run(&f, true, seed_plain, seed_html);
	/* part 0 is the multipart, 1 the plain text: its evidence wins */
	check_seed_findings(f.a, 1);
	assert_int_equal(own_count(f.a), 2);
	done(&f);
}

static void
test_content_content__seed_html_only(void **state)
{
	fixture f;
	const kensa_finding *fd = NULL;

	(void)state;
	run(&f, true, NULL, seed_html);
	assert_int_equal(count_id(f.a, "date-two-weekdays", &fd), 1);
	assert_int_equal(fd->evidence.part, 0);
	/* the range points into the HTML source */
	assert_memory_equal(seed_html + fd->evidence.offset,
		"2021年10月14日(日)", fd->evidence.length);
	assert_int_equal(count_id(f.a, "resolved-yet-action", &fd), 1);
	assert_memory_equal(seed_html + fd->evidence.offset,
		"回復するには、以下のリンクをクリックしてください",
		fd->evidence.length);
	done(&f);
}

static void
test_content_content__weekday_mismatch(void **state)
{
	fixture f;
	const kensa_finding *fd = NULL;
	const char *text = "メンテナンス日:2021年10月15日(木)\n";

	(void)state;
	/* 2021-10-15 is a Friday */
	run(&f, true, text, NULL);
	assert_int_equal(count_id(f.a, "weekday-mismatch", &fd), 1);
	assert_int_equal(count_id(f.a, "date-two-weekdays", NULL), 0);
	assert_int_equal(fd->evidence.offset, strlen("メンテナンス日:"));
	assert_string_equal(fd->evidence.text, "2021年10月15日(木)");
	assert_non_null(strstr(fd->detail[KENSA_LANG_EN],
		"gives 2021-10-15 as a Thursday, but 2021-10-15 is a Friday"));
	assert_non_null(strstr(fd->detail[KENSA_LANG_JA], "金曜日です"));
	done(&f);

	/* English form, and a yearless one noted as such */
	run(&f, true, "Maintenance: Thursday, October 15, 2021.\n"
		"Next window: 10月21日(水)\n", NULL);
	assert_int_equal(count_id(f.a, "weekday-mismatch", NULL), 2);
	fd = &((const kensa_finding *)f.a->findings.items)[1];
	assert_string_equal(fd->evidence.text, "10月21日(水)");
	assert_non_null(strstr(fd->detail[KENSA_LANG_EN], "taken from the"));
	done(&f);

	/* negative: right weekdays in every form */
	run(&f, true, "2021年10月14日(木)、令和3年10月15日（金曜日）、"
		"Thu, 14 Oct 2021、10月16日(土)、2021/10/17(日)\n", NULL);
	assert_int_equal(own_count(f.a), 0);
	done(&f);

	/* the same mistake twice is reported once */
	run(&f, true, "2021年10月15日(木) ... 2021/10/15(木)\n", NULL);
	assert_int_equal(count_id(f.a, "weekday-mismatch", NULL), 1);
	done(&f);
}

static void
test_content_content__two_weekdays(void **state)
{
	fixture f;
	const kensa_finding *fd = NULL;

	(void)state;
	/* negative: the same date twice with the same (right) weekday */
	run(&f, true, "発生日時:2021年10月14日(木)00:00頃\n"
		"復旧日時:2021年10月14日(木)08:10頃\n", NULL);
	assert_int_equal(count_id(f.a, "date-two-weekdays", NULL), 0);
	assert_int_equal(own_count(f.a), 0);
	done(&f);

	/* wrong one first in the text: still named as the wrong one */
	run(&f, false, "Start: Sunday, October 14, 2021\n"
		"End: 2021-10-14 (Thu)\n", NULL);
	assert_int_equal(count_id(f.a, "date-two-weekdays", &fd), 1);
	assert_string_equal(fd->evidence.text, "Sunday, October 14, 2021");
	assert_non_null(strstr(fd->detail[KENSA_LANG_EN],
		"\"2021-10-14 (Thu)\""));
	assert_int_equal(count_id(f.a, "weekday-mismatch", NULL), 0);
	done(&f);
}

static void
test_content_content__date_far(void **state)
{
	fixture f;
	const kensa_finding *fd = NULL;

	(void)state;
	run(&f, true, "このお知らせは2015年4月1日(水)付けです。"
		"2014/1/1 も参照。\n", NULL);
	assert_int_equal(count_id(f.a, "date-far-from-message", &fd), 1);
	assert_int_equal(fd->severity, KENSA_SEV_INFO);
	assert_string_equal(fd->evidence.text, "2015年4月1日(水)");
	assert_non_null(strstr(fd->detail[KENSA_LANG_EN], "(2021-10-14)"));
	assert_non_null(strstr(fd->detail[KENSA_LANG_EN], "holds 2 such"));
	done(&f);

	/* negative: within a year, and no Date to compare with */
	run(&f, true, "期限は2022年3月31日(木)です。\n", NULL);
	assert_int_equal(own_count(f.a), 0);
	done(&f);
	run(&f, false, "このお知らせは2015年4月1日(水)付けです。\n", NULL);
	assert_int_equal(own_count(f.a), 0);
	done(&f);
}

static void
test_content_content__narrative(void **state)
{
	fixture f;
	const kensa_finding *fd = NULL;

	(void)state;
	run(&f, true, "Dear customer,\n\nYour mailbox service has been "
		"restored after the outage.\nTo restore your full access, "
		"please click here and verify your account.\n", NULL);
	assert_int_equal(count_id(f.a, "resolved-yet-action", &fd), 1);
	assert_non_null(strstr(fd->evidence.text, "To restore your"));
	assert_non_null(strstr(fd->detail[KENSA_LANG_EN],
		"\"has been restored\""));
	done(&f);

	/* newsletters: service restored, no action needed */
	run(&f, true, "Service update: we restored service at 10:00 after a "
		"short outage. No action is needed on your part; you do not "
		"need to log in to restore your account.\n", NULL);
	assert_int_equal(own_count(f.a), 0);
	done(&f);
	run(&f, true, "本日発生したメール障害は10時に復旧しました。"
		"お客様による操作は不要です。再ログインしていただく必要は"
		"ありません。\n", NULL);
	assert_int_equal(own_count(f.a), 0);
	done(&f);

	/* both phrases must be in the same part */
	f.a = new_analysis(true);
	add_part(&f, "multipart/mixed", NULL);
	add_part(&f, "text/plain", "メールサービスは復旧しました。\n");
	add_part(&f, "text/plain", "アカウントを回復するには、以下のリンクを"
		"クリックしてください。\n");
	assert_int_equal(kn_content_analyze(f.a), 0);
	assert_int_equal(count_id(f.a, "resolved-yet-action", NULL), 0);
	done(&f);
}

static void
test_content_content__no_parts(void **state)
{
	fixture f;

	(void)state;
	f.a = new_analysis(true);
	assert_int_equal(kn_content_analyze(f.a), 0);
	assert_int_equal(own_count(f.a), 0);
	/* an attachment is not body text */
	add_part(&f, "text/plain", "2021年10月15日(木)\n");
	f.parts[0].disposition = "attachment";
	assert_int_equal(kn_content_analyze(f.a), 0);
	assert_int_equal(own_count(f.a), 0);
	done(&f);
}

/* Random mixes of date and phrase fragments: the stage never fails and
 * every evidence range lies inside its part. */
static void
test_content_content__random_mix(void **state)
{
	static const char *const frag[] = {
		"2021", "年", "10", "月", "14", "日", "(", ")", "（", "）", "木",
		"日", "曜", "令和", "元", "R3", ".", "/", "-", " ", "\n", "。",
		"<p>", "</p>", "<b", ">", "&amp;", "&#x", ";", "Thu", ", ",
		"Oct", "October", "復旧しました", "クリックしてください",
		"回復するには", "has been restored", "click here to restore",
		"please", "不要", "\xe3", "\xff", "２", "０", "\xe6\x97",
	};
	uint32_t seed = 12345;
	char buf[600];

	(void)state;
	for (int round = 0; round < 400; round++) {
		fixture f;
		size_t len = 0;
		const kensa_finding *fd;
		while (len < sizeof(buf) - 40) {
			const char *p;
			seed = seed * 1103515245u + 12345u;
			p = frag[(seed >> 16) % (sizeof(frag) / sizeof(frag[0]))];
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
			if ((seed >> 8) % 50 == 0)
				break;
		}
		buf[len] = '\0';
		run(&f, true, buf, buf);
		fd = f.a->findings.items;
		for (size_t i = 0; i < f.a->findings.count; i++) {
			assert_true(fd[i].evidence.part == 1 ||
				fd[i].evidence.part == 2);
			assert_true(fd[i].evidence.offset + fd[i].evidence.length <=
				len);
			assert_non_null(fd[i].evidence.text);
		}
		done(&f);
	}
}

/* ---- files ---- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	if (buf != NULL) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

static const char *
shared_dir(void)
{
	const char *d = getenv("KENSA_SHARED");
	return d != NULL && *d ? d : KENSA_TEST_SHARED_DIR;
}

static bool
has_text_part(const kensa_analysis *a)
{
	for (size_t i = 0; i < a->msg.part_count; i++)
		if (a->msg.parts[i].text != NULL)
			return true;
	return false;
}

static void
test_content_content__seed_end_to_end(void **state)
{
	char path[1024];
	char *data;
	size_t len = 0;
	kensa_analysis *a = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/cases/seed-kagoya/message.eml",
		shared_dir());
	data = slurp(path, &len);
	assert_non_null(data);
	assert_int_equal(kensa_analyze(&a, data, len, NULL), 0);
	if (!has_text_part(a)) {
		/* the message stage does not fill parts yet */
		kensa_analysis_free(a);
		free(data);
		skip();
	}
	check_seed_findings(a, 1);
	kensa_analysis_free(a);
	free(data);
}

/* ---- the ham corpus, text taken with GMime directly ---- */

/* Depth of nested multiparts walked (RFC 2046 sets none; mail in the
 * corpus nests 4 at most). */
#define WALK_DEPTH_MAX 16

typedef struct loader {
	fixture *f;
	GPtrArray *keep;
} loader;

static void
load_parts(loader *l, GMimeObject *obj, int depth)
{
	GMimeContentType *ct;
	char *type;
	size_t i;

	if (depth > WALK_DEPTH_MAX || obj == NULL ||
	    l->f->a->msg.part_count >= 8)
		return;
	ct = g_mime_object_get_content_type(obj);
	type = ct ? g_mime_content_type_get_mime_type(ct) : g_strdup("text/plain");
	for (char *p = type; *p; p++)
		*p = g_ascii_tolower(*p);
	g_ptr_array_add(l->keep, type);
	i = l->f->a->msg.part_count;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		add_part(l->f, type, NULL);
		for (int k = 0; k < g_mime_multipart_get_count(mp); k++)
			load_parts(l, g_mime_multipart_get_part(mp, k), depth + 1);
		return;
	}
	if (GMIME_IS_TEXT_PART(obj)) {
		char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(obj));
		const char *disp = g_mime_object_get_disposition(obj);
		if (text == NULL)
			return;
		g_ptr_array_add(l->keep, text);
		add_part(l->f, type, text);
		if (disp != NULL && g_ascii_strcasecmp(disp, "attachment") == 0)
			l->f->parts[i].disposition = "attachment";
	}
}

/* What the corpus run saw. */
typedef struct ham_stats {
	size_t files, msgs, parts, dates, weekdays, far, hits;
	size_t pipeline_hits; /* the same, through kensa_analyze() */
} ham_stats;

/* The file through the whole pipeline: content findings other than
 * date-far-from-message, printed. */
static void
ham_pipeline(const char *path, ham_stats *hs)
{
	size_t len = 0, n;
	char *data = slurp(path, &len);
	kensa_analysis *a = NULL;
	const kensa_finding *fd;

	assert_non_null(data);
	assert_int_equal(kensa_analyze(&a, data, len, NULL), 0);
	n = kensa_analysis_findings(a, &fd);
	for (size_t i = 0; i < n; i++) {
		if (!is_own(fd[i].id) ||
		    strcmp(fd[i].id, "date-far-from-message") == 0)
			continue;
		hs->pipeline_hits++;
		print_message("  %s: %s [%s] (pipeline)\n", path, fd[i].id,
			fd[i].evidence.text ? fd[i].evidence.text : "-");
	}
	kensa_analysis_free(a);
	free(data);
}

/* Run the content stage on one file; counts its weekday and narrative
 * findings (printed) and the dates seen. */
static void
ham_one(const char *path, ham_stats *hs)
{
	GMimeStream *st;
	GMimeParser *pa;
	GMimeMessage *m;
	GDateTime *dt;
	fixture f;
	loader l;

	st = g_mime_stream_fs_open(path, O_RDONLY, 0, NULL);
	if (st == NULL)
		return;
	pa = g_mime_parser_new_with_stream(st);
	m = g_mime_parser_construct_message(pa, NULL);
	g_object_unref(pa);
	g_object_unref(st);
	if (m == NULL)
		return;
	hs->msgs++;
	memset(&f, 0, sizeof(f));
	f.a = new_analysis(false);
	if ((dt = g_mime_message_get_date(m)) != NULL) {
		f.a->msg.date_valid = true;
		f.a->msg.date_utc = g_date_time_to_unix(dt);
		f.a->msg.date_tz_offset =
			(int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_SECOND);
	}
	l.f = &f;
	l.keep = g_ptr_array_new_with_free_func(g_free);
	load_parts(&l, g_mime_message_get_mime_part(m), 0);
	assert_int_equal(kn_content_analyze(f.a), 0);
	for (size_t i = 0; i < f.a->msg.part_count; i++) {
		kn_jdate d[64];
		kn_jdate_ref ref = { false, 0, 0, 0 };
		size_t k;
		if (f.parts[i].text == NULL)
			continue;
		hs->parts++;
		if (f.a->msg.date_valid)
			kn_jdate_from_epoch(f.a->msg.date_utc,
				f.a->msg.date_tz_offset, &ref);
		k = kn_jdate_scan(f.parts[i].text, f.parts[i].text_length, &ref,
			d, 64);
		hs->dates += k;
		for (size_t j = 0; j < k; j++)
			hs->weekdays += d[j].wday_written >= 0;
	}
	for (size_t i = 0; i < f.a->findings.count; i++) {
		const kensa_finding *fd =
			&((const kensa_finding *)f.a->findings.items)[i];
		if (!is_own(fd->id))
			continue;
		if (strcmp(fd->id, "date-far-from-message") == 0) {
			hs->far++;
			continue;
		}
		hs->hits++;
		print_message("  %s: %s [%s]\n", path, fd->id,
			fd->evidence.text ? fd->evidence.text : "-");
	}
	done(&f);
	g_ptr_array_free(l.keep, TRUE);
	g_object_unref(m);
}

/* Files walked under corpus/ham-ja (380 messages; slack for growth). */
#define HAM_FILES_MAX 2000

static void
ham_dir(const char *dir, int depth, ham_stats *hs)
{
	DIR *d;
	struct dirent *e;

	if (depth > 4 || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && hs->files < HAM_FILES_MAX) {
		char path[2048];
		struct stat sb;
		size_t nl = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			ham_dir(path, depth + 1, hs);
		} else if (nl > 4 && strcmp(e->d_name + nl - 4, ".eml") == 0) {
			hs->files++;
			ham_one(path, hs);
			ham_pipeline(path, hs);
		}
	}
	closedir(d);
}

static void
test_content_content__ham_ja_false_positives(void **state)
{
	char dir[1024];
	ham_stats hs = { 0 };

	(void)state;
	g_mime_init();
	snprintf(dir, sizeof(dir), "%s/corpus/ham-ja", shared_dir());
	ham_dir(dir, 0, &hs);
	print_message("ham-ja: %zu files, %zu messages, %zu text parts, %zu "
		"dates (%zu with a weekday), %zu weekday/narrative findings, "
		"%zu date-far notes; pipeline: %zu findings\n", hs.files,
		hs.msgs, hs.parts, hs.dates, hs.weekdays, hs.hits, hs.far,
		hs.pipeline_hits);
	assert_true(hs.files >= 300);
	assert_true(hs.msgs >= 300);
	/* the scanner did see real dates and weekdays */
	assert_true(hs.dates > 0);
	assert_true(hs.weekdays > 0);
	/* legitimate mail: contradictions must stay rare */
	assert_true(hs.hits <= 3);
	assert_true(hs.pipeline_hits <= 3);
	g_mime_shutdown();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_content__seed_alternative),
		cmocka_unit_test(test_content_content__seed_html_only),
		cmocka_unit_test(test_content_content__weekday_mismatch),
		cmocka_unit_test(test_content_content__two_weekdays),
		cmocka_unit_test(test_content_content__date_far),
		cmocka_unit_test(test_content_content__narrative),
		cmocka_unit_test(test_content_content__no_parts),
		cmocka_unit_test(test_content_content__random_mix),
		cmocka_unit_test(test_content_content__seed_end_to_end),
		cmocka_unit_test(test_content_content__ham_ja_false_positives),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
