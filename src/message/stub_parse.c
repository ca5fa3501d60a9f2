/* SPDX-License-Identifier: MIT */
/* Temporary stage stubs; replaced by the real modules. */
#include "analysis.h"
int kn_message_parse(kensa_analysis *a) { (void)a; return 0; }
int kn_message_check(kensa_analysis *a) { (void)a; return 0; }
