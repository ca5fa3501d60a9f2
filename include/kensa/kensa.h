/* SPDX-License-Identifier: MIT */
/*
 * kensa/kensa.h - umbrella header of libkensa, the e-mail forensic analyzer.
 */
#ifndef KENSA_H
#define KENSA_H

#include "common.h"
#include "errors.h"
#include "finding.h"
#include "message.h"
#include "trace.h"
#include "analysis.h"
#include "report.h"
#include "mailbox.h"
#include "content.h"
#include "auth.h"
#include "intel.h"
#include "verdict.h"

KENSA_BEGIN_DECLS

/** Library version, e.g. "0.1.0"; a static string. */
KENSA_EXTERN(const char *) kensa_version(void);

KENSA_END_DECLS

#endif
