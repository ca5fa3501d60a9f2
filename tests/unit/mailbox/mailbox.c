/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	test_mailbox_mailbox
 * SUMMARY
 *	kensa_mailbox_*: single files, mbox (corpus and hand-made CRLF),
 *	Maildir built in a temporary directory, stdin, errors
 *--*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kensa/kensa.h>

#define MBOX_DIR KENSA_TEST_SHARED_DIR "/corpus/mime-edge/mimekit/mbox"

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

/* Count the messages of path; the first one's bytes go to *first. */
static int
count_messages(const char *path, char **first)
{
	kensa_mailbox *mb = NULL;
	const char *data, *label;
	size_t len;
	int n = 0, rc;

	assert_int_equal(kensa_mailbox_open(&mb, path), 0);
	while ((rc = kensa_mailbox_next(mb, &data, &len, &label)) == 1) {
		assert_non_null(label);
		if (n == 0 && first != NULL) {
			*first = malloc(len + 1);
			assert_non_null(*first);
			memcpy(*first, data, len);
			(*first)[len] = '\0';
		}
		n++;
	}
	assert_int_equal(rc, 0);
	kensa_mailbox_free(mb);
	return n;
}

/* issue1189-summary.txt lists one "From " block per message. */
static void
test_mailbox_mailbox__issue1189_count(void **state)
{
	FILE *fp = fopen(MBOX_DIR "/issue1189-summary.txt", "r");
	char line[512], *first = NULL;
	int expected = 0;

	(void)state;
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "From ", 5) == 0)
			expected++;
	fclose(fp);
	assert_int_equal(expected, 4);
	assert_int_equal(count_messages(MBOX_DIR "/issue1189.mbox.txt", &first),
		expected);
	/* The From_ line is not part of the message. */
	assert_string_equal(strncmp(first, "MIME-Version: 1.0\n", 18) == 0 ?
		"ok" : first, "ok");
	free(first);
}

static void
test_mailbox_mailbox__simple_and_unmunged(void **state)
{
	char *first = NULL;

	(void)state;
	/* Separators without the empty line before them, header follows. */
	assert_int_equal(count_messages(MBOX_DIR "/simple.mbox.txt", &first), 3);
	assert_true(strncmp(first, "From: fejj@gnome.org\n", 21) == 0);
	free(first);
	first = NULL;
	/* BOM before the first From_ line; "From Russia with love" in the
	 * bodies is text, not a separator. */
	assert_int_equal(count_messages(MBOX_DIR "/unmunged.mbox.txt", &first), 2);
	assert_non_null(strstr(first, "From Russia with love\n\nWhat does"));
	free(first);
}

static void
test_mailbox_mailbox__crlf_mbox(void **state)
{
	char dir[] = "/tmp/kensa-mbox-XXXXXX", path[64];
	kensa_mailbox *mb = NULL;
	const char *data, *label;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/box", dir);
	write_file(path,
		"From a@example.org Thu Oct 14 07:41:02 2021\r\n"
		"Subject: one\r\n\r\nbody 1\r\nFrom here, not a separator\r\n"
		"\r\n"
		"From b@example.org Thu Oct 14 07:42:02 2021\r\n"
		"Subject: two\r\n\r\nbody 2\r\n");
	assert_int_equal(kensa_mailbox_open(&mb, path), 0);
	assert_int_equal(kensa_mailbox_next(mb, &data, &len, &label), 1);
	assert_int_equal(len, strlen("Subject: one\r\n\r\nbody 1\r\n"
		"From here, not a separator\r\n"));
	assert_memory_equal(data, "Subject: one\r\n\r\nbody 1\r\nFrom here", 33);
	assert_true(strstr(label, "#1") != NULL);
	assert_int_equal(kensa_mailbox_next(mb, &data, &len, &label), 1);
	assert_int_equal(len, strlen("Subject: two\r\n\r\nbody 2\r\n"));
	assert_memory_equal(data, "Subject: two\r\n\r\nbody 2\r\n", len);
	assert_true(strstr(label, "#2") != NULL);
	assert_int_equal(kensa_mailbox_next(mb, &data, &len, &label), 0);
	kensa_mailbox_free(mb);
	unlink(path);
	rmdir(dir);
}

static void
test_mailbox_mailbox__maildir(void **state)
{
	char dir[] = "/tmp/kensa-maildir-XXXXXX", p[128];
	const char *names[] = { "new/b", "new/a", "cur/c:2,S", "cur/.hidden",
		"tmp/x" };
	const char *want[] = { "new/a", "new/b", "cur/c:2,S" };
	kensa_mailbox *mb = NULL;
	const char *data, *label;
	size_t len;
	int n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, (const char *[]){
			"new", "cur", "tmp" }[i]);
		assert_int_equal(mkdir(p, 0700), 0);
	}
	for (size_t i = 0; i < 5; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		write_file(p, names[i]);
	}
	assert_int_equal(kensa_mailbox_open(&mb, dir), 0);
	while (kensa_mailbox_next(mb, &data, &len, &label) == 1) {
		assert_true(n < 3);
		snprintf(p, sizeof(p), "%s/%s", dir, want[n]);
		assert_string_equal(label, p);
		assert_int_equal(len, strlen(want[n]));
		assert_memory_equal(data, want[n], len);
		n++;
	}
	assert_int_equal(n, 3);
	kensa_mailbox_free(mb);

	/* A directory without cur/ or new/ is not a Maildir. */
	snprintf(p, sizeof(p), "%s/tmp", dir);
	assert_int_equal(kensa_mailbox_open(&mb, p), KENSA_EFORMAT);
	assert_null(mb);

	for (size_t i = 0; i < 5; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, (const char *[]){
			"new", "cur", "tmp" }[i]);
		rmdir(p);
	}
	rmdir(dir);
}

static void
test_mailbox_mailbox__single_and_stdin(void **state)
{
	char dir[] = "/tmp/kensa-single-XXXXXX", path[64];
	const char *msg = "Subject: hi\n\nFrom the start\n";
	kensa_mailbox *mb = NULL;
	const char *data, *label;
	size_t len;
	int saved, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.eml", dir);
	write_file(path, msg);
	assert_int_equal(kensa_mailbox_open(&mb, path), 0);
	assert_int_equal(kensa_mailbox_next(mb, &data, &len, &label), 1);
	assert_string_equal(label, path);
	assert_int_equal(len, strlen(msg));
	assert_memory_equal(data, msg, len);
	assert_int_equal(kensa_mailbox_next(mb, &data, &len, &label), 0);
	kensa_mailbox_free(mb);

	/* "-" reads standard input whole, as one message. */
	saved = dup(STDIN_FILENO);
	fd = open(path, O_RDONLY);
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_int_equal(kensa_mailbox_open(&mb, "-"), 0);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_int_equal(kensa_mailbox_next(mb, &data, &len, &label), 1);
	assert_string_equal(label, "-");
	assert_int_equal(len, strlen(msg));
	assert_memory_equal(data, msg, len);
	kensa_mailbox_free(mb);

	/* An empty file is one empty message. */
	write_file(path, "");
	assert_int_equal(count_messages(path, NULL), 1);
	unlink(path);
	rmdir(dir);
}

/* A message whose first field is written "From : x" (the obsolete space
 * before the colon, RFC 5322 4.5; phishing_pot sample-400) is one
 * message with its first line kept; a From_ line with a sender and a
 * date still makes an mbox. */
static void
test_mailbox_mailbox__from_space_colon(void **state)
{
	static const char *const single[] = {
		"From : x@example.com\r\nTo: y@example.org\r\nSubject: t\r\n"
		"\r\nbody\r\n",
		"From  : John Doe <jdoe@example.com>\nSubject: t\n\nbody\n",
		"From :x@example.com\nSubject: t\n\nbody\n",
	};
	char dir[] = "/tmp/kensa-fromsp-XXXXXX", path[64];
	char *first = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.eml", dir);
	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		write_file(path, single[i]);
		assert_int_equal(count_messages(path, &first), 1);
		assert_string_equal(first, single[i]);
		free(first);
		first = NULL;
	}
	/* A real mbox still splits, and its From_ line is dropped. */
	write_file(path, "From x@example.com Mon Jan  1 00:00:00 2024\n"
		"From : x@example.com\nSubject: one\n\nbody 1\n\n"
		"From y@example.com Mon Jan  1 00:00:01 2024\n"
		"From: y@example.com\nSubject: two\n\nbody 2\n");
	assert_int_equal(count_messages(path, &first), 2);
	assert_true(strncmp(first, "From : x@example.com\n", 21) == 0);
	free(first);
	unlink(path);
	rmdir(dir);
}

static void
test_mailbox_mailbox__errors(void **state)
{
	kensa_mailbox *mb = (kensa_mailbox *)1;

	(void)state;
	assert_int_equal(kensa_mailbox_open(&mb, "/nonexistent/kensa/x.eml"),
		KENSA_ENOTFOUND);
	assert_null(mb);
	assert_int_equal(kensa_mailbox_open(&mb, ""), KENSA_EINVAL);
	assert_int_equal(kensa_mailbox_open(NULL, "x"), KENSA_EINVAL);
	kensa_mailbox_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailbox_mailbox__issue1189_count),
		cmocka_unit_test(test_mailbox_mailbox__simple_and_unmunged),
		cmocka_unit_test(test_mailbox_mailbox__from_space_colon),
		cmocka_unit_test(test_mailbox_mailbox__crlf_mbox),
		cmocka_unit_test(test_mailbox_mailbox__maildir),
		cmocka_unit_test(test_mailbox_mailbox__single_and_stdin),
		cmocka_unit_test(test_mailbox_mailbox__errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
