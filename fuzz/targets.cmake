# SPDX-License-Identifier: MIT
# The fuzz targets: fuzz/<name>_fuzzer.c. Included by fuzz/CMakeLists.txt
# (libFuzzer build) and tests/sweep.cmake (standalone replay in the test
# build). Sets KENSA_FUZZ_TARGETS.
#
# A target whose function under test is not implemented yet (declared in
# a header, no definition in src/) is left out rather than breaking the
# link: received needs a definition of kn_received_parse in src/trace/.
# whois: kn_whois_parse + kn_rdap_parse; spf: check_host over dns_memory.
set(KENSA_FUZZ_TARGETS message date mailbox whois spf)

file(GLOB _kn_trace_sources ${CMAKE_SOURCE_DIR}/src/trace/*.c)
set(_kn_have_received OFF)
foreach(_kn_src ${_kn_trace_sources})
  file(STRINGS ${_kn_src} _kn_def REGEX "^kn_received_parse[ \t]*\\(")
  if(_kn_def)
    set(_kn_have_received ON)
  endif()
endforeach()
if(_kn_have_received)
  list(APPEND KENSA_FUZZ_TARGETS received)
else()
  message(STATUS "fuzz: kn_received_parse not defined yet; received target skipped")
endif()
