/* SPDX-License-Identifier: MIT */
/*
 * kensa/common.h - export and attribute macros shared by the public headers.
 */
#ifndef KENSA_COMMON_H
#define KENSA_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(KENSA_BUILDING_LIBRARY)
#define KENSA_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define KENSA_EXTERN(type) extern type
#endif

#define KENSA_WARN_UNUSED_RESULT __attribute__((warn_unused_result))

#ifdef __cplusplus
#define KENSA_BEGIN_DECLS extern "C" {
#define KENSA_END_DECLS }
#else
#define KENSA_BEGIN_DECLS
#define KENSA_END_DECLS
#endif

/** Report language. */
typedef enum kensa_lang {
	KENSA_LANG_EN = 0, /**< English */
	KENSA_LANG_JA = 1  /**< Japanese */
} kensa_lang;

#define KENSA_LANG_COUNT 2

#endif
