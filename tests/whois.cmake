# SPDX-License-Identifier: MIT
# Loopback WHOIS and RDAP servers as ctest fixtures ("whois", "rdap"),
# and the tests that need them. Included from tests/CMakeLists.txt.
# Debian's own interpreter first: version managers' shims are slow to start.
find_program(KENSA_WHOIS_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(KENSA_WHOIS_PYTHON python3)
if(NOT KENSA_WHOIS_PYTHON)
  message(STATUS "python3 not found: WHOIS/RDAP server tests will skip")
  return()
endif()

set(KENSA_WHOISD_STATE ${CMAKE_CURRENT_BINARY_DIR}/whoisd)
add_test(NAME whoisd_start COMMAND ${KENSA_WHOIS_PYTHON}
  ${CMAKE_CURRENT_SOURCE_DIR}/servers/whoisd start
  --state-dir ${KENSA_WHOISD_STATE}
  --dir ${KENSA_SHARED_DIR}/cases/seed-kagoya/whois
  --dir ${CMAKE_CURRENT_SOURCE_DIR}/servers/whoisd-data)
set_tests_properties(whoisd_start PROPERTIES FIXTURES_SETUP whois)
add_test(NAME whoisd_stop COMMAND ${KENSA_WHOIS_PYTHON}
  ${CMAKE_CURRENT_SOURCE_DIR}/servers/whoisd stop
  --state-dir ${KENSA_WHOISD_STATE})
set_tests_properties(whoisd_stop PROPERTIES FIXTURES_CLEANUP whois)
if(TEST test_intel_whois_client)
  set_tests_properties(test_intel_whois_client PROPERTIES FIXTURES_REQUIRED whois)
  set_property(TEST test_intel_whois_client APPEND PROPERTY ENVIRONMENT
    "KENSA_WHOISD_STATE=${KENSA_WHOISD_STATE}")
endif()

set(KENSA_RDAPD_STATE ${CMAKE_CURRENT_BINARY_DIR}/rdapd)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/servers/rdapd)
  add_test(NAME rdapd_start COMMAND ${KENSA_WHOIS_PYTHON}
    ${CMAKE_CURRENT_SOURCE_DIR}/servers/rdapd start
    --state-dir ${KENSA_RDAPD_STATE}
    --dir ${CMAKE_CURRENT_SOURCE_DIR}/servers/rdap)
  set_tests_properties(rdapd_start PROPERTIES FIXTURES_SETUP rdap)
  add_test(NAME rdapd_stop COMMAND ${KENSA_WHOIS_PYTHON}
    ${CMAKE_CURRENT_SOURCE_DIR}/servers/rdapd stop
    --state-dir ${KENSA_RDAPD_STATE})
  set_tests_properties(rdapd_stop PROPERTIES FIXTURES_CLEANUP rdap)
  if(TEST test_intel_rdap)
    set_tests_properties(test_intel_rdap PROPERTIES FIXTURES_REQUIRED rdap)
    set_property(TEST test_intel_rdap APPEND PROPERTY ENVIRONMENT
      "KENSA_RDAPD_STATE=${KENSA_RDAPD_STATE}")
  endif()
  # RDAP in the pipeline: DNS (servers.cmake), WHOIS and RDAP together.
  if(TEST test_intel_regdata)
    set_tests_properties(test_intel_regdata PROPERTIES
      FIXTURES_REQUIRED "dns;whois;rdap")
    set_property(TEST test_intel_regdata APPEND PROPERTY ENVIRONMENT
      "KENSA_RDAPD_STATE=${KENSA_RDAPD_STATE}"
      "KENSA_WHOISD_STATE=${KENSA_WHOISD_STATE}"
      "KENSA_DNS_PORT_FILE=${KENSA_DNS_PORT_FILE}")
  endif()
endif()
