/* SPDX-License-Identifier: MIT */
/*++
 * NAME
 *	fuzz 3h
 * SUMMARY
 *	entry points every kensa fuzz target defines
 * SYNOPSIS
 *	#include "fuzz.h"
 * DESCRIPTION
 *	Each fuzz/<target>_fuzzer.c defines LLVMFuzzerTestOneInput(). Linked
 *	with -fsanitize=fuzzer it is driven by libFuzzer; linked with
 *	fuzz/standalone.c it replays files given on the command line, so the
 *	plain test build (gcc, ASan) replays the seed corpora as ctest tests.
 *
 *	A target aborts (through abort()) when an oracle fails, e.g. the
 *	JSON report does not parse: the sanitizers and libFuzzer then report
 *	the input. The library itself never aborts.
 *--*/
#ifndef KN_FUZZ_H
#define KN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Run one input (data, size bytes; not NUL-terminated, not modified).
 * Returns 0 always (libFuzzer's contract); a bug shows as a crash.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Optional one-time setup, called before the first input with the
 * program's argument vector; returns 0. Targets that need none omit it.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
