# SPDX-License-Identifier: MIT
# Loopback servers for tests (included from tests/CMakeLists.txt).
#
# Fixture "dns": tests/servers/dns-start runs NSD on 127.0.0.1 at a free
# port serving the case zones of ${KENSA_SHARED_DIR} in place and
# tests/servers/zones/; dns-stop stops it by PID. A test that needs it
# declares FIXTURES_REQUIRED dns and reads the port from the file named
# by KENSA_DNS_PORT_FILE.
find_package(Python3 COMPONENTS Interpreter)
set(KENSA_SERVERS_DIR ${CMAKE_CURRENT_BINARY_DIR}/servers)
set(KENSA_DNS_PORT_FILE ${KENSA_SERVERS_DIR}/dns.port)

if(Python3_Interpreter_FOUND)
  add_test(NAME servers_dns_start
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/servers/dns-start
            ${KENSA_SERVERS_DIR} ${KENSA_SHARED_DIR})
  set_tests_properties(servers_dns_start PROPERTIES FIXTURES_SETUP dns
    TIMEOUT 30)
  add_test(NAME servers_dns_stop
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/servers/dns-stop ${KENSA_SERVERS_DIR})
  set_tests_properties(servers_dns_stop PROPERTIES FIXTURES_CLEANUP dns
    TIMEOUT 30)
endif()

# Unit tests that ask the live server.
foreach(t test_intel_dns_net test_intel_dns_zone)
  if(TEST ${t})
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
      "KENSA_DNS_PORT_FILE=${KENSA_DNS_PORT_FILE}")
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED dns)
  endif()
endforeach()
