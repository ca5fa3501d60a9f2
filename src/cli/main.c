/* SPDX-License-Identifier: MIT */
#include <kensa/kensa.h>
#include <stdio.h>
int main(void) { printf("kensa %s\n", kensa_version()); return 0; }
