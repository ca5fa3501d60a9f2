# SPDX-License-Identifier: MIT
# Case tests and kensa(1) command tests; included by tests/CMakeLists.txt.
#
# Case tests: every tests/cases/<name>/expected.json is compared with the
# JSON report of <name>/message.eml, or, when the case keeps no copy, of
# $KENSA_SHARED/cases/<name>/message.eml (read in place). An optional
# <name>/options.json gives analysis options. Runner: tests/tools/kensa_case.c.

set(KENSA_CASES_DIR ${CMAKE_CURRENT_SOURCE_DIR}/cases)
file(GLOB KENSA_CASE_EXPECTED CONFIGURE_DEPENDS ${KENSA_CASES_DIR}/*/expected.json)
foreach(expected ${KENSA_CASE_EXPECTED})
  get_filename_component(case_dir ${expected} DIRECTORY)
  get_filename_component(case_name ${case_dir} NAME)
  if(EXISTS ${case_dir}/message.eml)
    set(case_msg ${case_dir}/message.eml)
  else()
    set(case_msg ${KENSA_SHARED_DIR}/cases/${case_name}/message.eml)
  endif()
  set(case_args ${case_msg} ${expected})
  if(EXISTS ${case_dir}/options.json)
    list(APPEND case_args ${case_dir}/options.json)
  endif()
  add_test(NAME case_${case_name} COMMAND kensa_case ${case_args})
endforeach()

# Command tests: tests/cases/cli-check.sh RC [checks] -- kensa ARGS.
# kensa(1) looks things up live by default: every test here passes
# --offline or --replay (never the machine's own resolver).
set(KENSA_CLI_CHECK sh ${KENSA_CASES_DIR}/cli-check.sh)
set(KENSA_SEED ${KENSA_SHARED_DIR}/cases/seed-kagoya/message.eml)
set(KENSA_MBOX ${KENSA_SHARED_DIR}/corpus/mime-edge/mimekit/mbox/issue1189.mbox.txt)

function(kensa_cli_test name)
  add_test(NAME cli_${name} COMMAND ${KENSA_CLI_CHECK} ${ARGN})
endfunction()

kensa_cli_test(help 0 --contains "usage: kensa analyze" -- $<TARGET_FILE:kensa_cli> --help)
kensa_cli_test(analyze_help 0 --contains "--trusted-networks" -- $<TARGET_FILE:kensa_cli> analyze --offline --help)
kensa_cli_test(version 0 --lines 1 --contains "kensa ${PROJECT_VERSION}" -- $<TARGET_FILE:kensa_cli> --version)
kensa_cli_test(no_command 64 --stderr "usage:" -- $<TARGET_FILE:kensa_cli>)
kensa_cli_test(unknown_command 64 --stderr "unknown command" -- $<TARGET_FILE:kensa_cli> inspect ${KENSA_SEED})
kensa_cli_test(bad_option 64 --stderr "unknown option" -- $<TARGET_FILE:kensa_cli> analyze --offline --bogus ${KENSA_SEED})
kensa_cli_test(bad_format 64 --stderr "kensa: --format:" -- $<TARGET_FILE:kensa_cli> analyze --offline --format xml ${KENSA_SEED})
kensa_cli_test(bad_lang 64 -- $<TARGET_FILE:kensa_cli> analyze --offline --lang fr ${KENSA_SEED})
kensa_cli_test(bad_color 64 -- $<TARGET_FILE:kensa_cli> analyze --offline --color sometimes ${KENSA_SEED})
kensa_cli_test(missing_argument 64 --stderr "needs an argument" -- $<TARGET_FILE:kensa_cli> analyze --offline --format)
kensa_cli_test(missing_file 66 --lines 0 --stderr "kensa: /nonexistent/kensa.eml: no such file"
  -- $<TARGET_FILE:kensa_cli> analyze --offline /nonexistent/kensa.eml)
# A missing input does not stop the others; the status still says 66.
kensa_cli_test(missing_then_good 66 --lines 1 --contains "\"schema_version\":1"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json /nonexistent/kensa.eml ${KENSA_SEED})
kensa_cli_test(json_one_line 0 --lines 1 --contains "\"sha256\":\"431e531c98909b974193235ae4c2628e6b76bfc2e2e072bb6ed7753a4fd59aae\""
  -- $<TARGET_FILE:kensa_cli> analyze --offline --format json ${KENSA_SEED})
kensa_cli_test(mbox_json_lines 0 --lines 4 --contains "issue1189.mbox.txt#4"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --format=json ${KENSA_MBOX})
kensa_cli_test(mbox_text_rules 0 --contains "------------------------------------------------------------------------"
  --contains "== 9. Conclusion =="
  -- $<TARGET_FILE:kensa_cli> analyze --offline --color never ${KENSA_MBOX})
kensa_cli_test(lang_ja 0 --contains "== 1. 概要 ==" --contains "== 9. 結論 =="
  -- $<TARGET_FILE:kensa_cli> analyze --offline --lang ja ${KENSA_SEED})
kensa_cli_test(lang_from_lang_env 0 --contains "== 1. 概要 ==" --env LANG=ja_JP.UTF-8
  -- $<TARGET_FILE:kensa_cli> analyze --offline ${KENSA_SEED})
# LC_ALL wins over LANG.
kensa_cli_test(lang_lc_all_first 0 --contains "== 1. Overview ==" --env LANG=ja_JP.UTF-8 --env LC_ALL=C
  -- $<TARGET_FILE:kensa_cli> analyze --offline ${KENSA_SEED})
kensa_cli_test(lang_option_over_env 0 --contains "== 1. Overview ==" --env LC_ALL=ja_JP.UTF-8
  -- $<TARGET_FILE:kensa_cli> analyze --offline --lang en ${KENSA_SEED})
kensa_cli_test(stdin_dash 0 --lines 1 --contains "\"source\":\"-\"" --stdin ${KENSA_SEED}
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json -)
kensa_cli_test(stdin_default 0 --contains "kensa report - -" --contains "dd-sample.co.jp" --stdin ${KENSA_SEED}
  -- $<TARGET_FILE:kensa_cli> analyze --offline)
kensa_cli_test(recipient_domain 0 --contains "\"domain\":\"example.jp\"}"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json --recipient-domain example.jp ${KENSA_SEED})
kensa_cli_test(bad_trusted_networks 64 --stderr "kensa: --trusted-networks:"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --trusted-networks not-a-cidr ${KENSA_SEED})
kensa_cli_test(trusted_networks 0 --contains "\"origin\":{\"ip\":null"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json --trusted-networks 20.188.24.0/24 ${KENSA_SEED})
kensa_cli_test(color_never_plain 0 --contains "== 1. Overview ==" --env TERM=xterm
  -- $<TARGET_FILE:kensa_cli> analyze --offline --color never --lang en ${KENSA_SEED})
kensa_cli_test(color_always 0 --contains "1m== 1. Overview ==" --env NO_COLOR=1
  -- $<TARGET_FILE:kensa_cli> analyze --offline --color always --lang en ${KENSA_SEED})

# Lookups: replay of the seed's recorded evidence, offline, and the
# single-check commands (issue 3).
set(KENSA_SEED_DIR ${KENSA_SHARED_DIR}/cases/seed-kagoya)
kensa_cli_test(replay_text 0 --contains "SPF (MAIL FROM) : softfail for dd-sample.co.jp from 20.188.24.132" --contains "matched ~all"
  --contains "DMARC           : fail for dd-sample.co.jp" --contains "policy p=quarantine, to apply: quarantine"
  --contains "DKIM            : none" --contains "PTR NXDOMAIN"
  --contains "== 5. Who owns it and where ==" --contains "== 6. Lookups =="
  --contains "spf-softfail - SPF softfail"
  -- $<TARGET_FILE:kensa_cli> analyze --replay ${KENSA_SEED_DIR} --color never --lang en ${KENSA_SEED})
kensa_cli_test(replay_json 0 --lines 1 --contains "\"policy\":\"quarantine\""
  --contains "\"id\":\"ip-not-domains\"" --contains "\"id\":\"ptr-missing\""
  --contains "\"id\":\"domain-young\"" --contains "\"id\":\"spoofed-sender-victim\""
  --contains "\"age_days\":4"
  -- $<TARGET_FILE:kensa_cli> analyze -f json --replay ${KENSA_SEED_DIR} ${KENSA_SEED})
kensa_cli_test(replay_ja 0 --contains "== 4. 送信ドメイン認証" --contains "== 5. 所有者と所在地 =="
  -- $<TARGET_FILE:kensa_cli> analyze --lang ja --replay ${KENSA_SEED_DIR} ${KENSA_SEED})
kensa_cli_test(offline_not_evaluated 0 --contains "\"spf\":{\"result\":\"not_evaluated\",\"reason\":\"not evaluated: offline\""
  --contains "\"lookups\":[]" --contains "\"mode\":\"offline\"" --lacks "\"id\":\"spf-softfail\""
  --contains "\"geo_reason\":\"geolocation disabled\""
  -- $<TARGET_FILE:kensa_cli> analyze -f json --offline --geoip-db= ${KENSA_SEED})
kensa_cli_test(bad_replay 64 --stderr "kensa: --replay:"
  -- $<TARGET_FILE:kensa_cli> analyze --replay /nonexistent/evidence ${KENSA_SEED})
kensa_cli_test(bad_now 64 --stderr "kensa: --now:"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --now yesterday ${KENSA_SEED})
kensa_cli_test(bad_dns_timeout 64 --stderr "kensa: --dns-timeout:"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --dns-timeout 0 ${KENSA_SEED})
kensa_cli_test(spf_replay 0 --contains "SPF (MAIL FROM) dd-sample.co.jp: softfail for 20.188.24.132"
  --contains "matched: ~all (record of dd-sample.co.jp)"
  --contains "_spf.hosting-sample.net: record" --contains "DNS lookups counted: 3"
  --contains "TXT dd-sample.co.jp"
  -- $<TARGET_FILE:kensa_cli> spf --replay ${KENSA_SEED_DIR} 20.188.24.132 dd-sample.co.jp)
kensa_cli_test(spf_replay_pass 0 --contains "pass for 203.0.113.26"
  -- $<TARGET_FILE:kensa_cli> spf --replay ${KENSA_SEED_DIR} 203.0.113.26 dd-sample.co.jp)
kensa_cli_test(spf_json 0 --lines 1 --contains "{\"spf\":{\"result\":\"softfail\""
  --contains "\"mechanism\":\"~all\"" --contains "\"kind\":\"dns\""
  -- $<TARGET_FILE:kensa_cli> spf --format json --replay ${KENSA_SEED_DIR} 20.188.24.132 dd-sample.co.jp)
kensa_cli_test(spf_offline 69 --contains "not_evaluated"
  -- $<TARGET_FILE:kensa_cli> spf --offline 20.188.24.132 dd-sample.co.jp)
kensa_cli_test(spf_bad_ip 64 --stderr "kensa: spf:"
  -- $<TARGET_FILE:kensa_cli> spf --offline not-an-ip dd-sample.co.jp)
kensa_cli_test(spf_usage 64 --stderr "usage: kensa spf"
  -- $<TARGET_FILE:kensa_cli> spf --offline 20.188.24.132)
kensa_cli_test(dkim_none 0 --contains "DKIM: none (0 signatures)"
  -- $<TARGET_FILE:kensa_cli> dkim --replay ${KENSA_SEED_DIR} ${KENSA_SEED})
kensa_cli_test(dkim_json 0 --lines 1 --contains "{\"result\":\"none\",\"signatures\":[]"
  -- $<TARGET_FILE:kensa_cli> dkim -f json --offline ${KENSA_SEED})
kensa_cli_test(dkim_missing 66 --stderr "kensa: /nonexistent/m.eml:"
  -- $<TARGET_FILE:kensa_cli> dkim --offline /nonexistent/m.eml)
# The bundled sample is an evidence directory of its own (make demo).
kensa_cli_test(demo_bundled 0 --contains "softfail" --contains "quarantine"
  -- $<TARGET_FILE:kensa_cli> analyze --color never --lang en --replay ${CMAKE_SOURCE_DIR}/examples/seed-kagoya
     ${CMAKE_SOURCE_DIR}/examples/seed-kagoya/message.eml)

# Stage tests that also run live against the loopback servers
# (tests/servers.cmake: fixture "dns"; tests/whois.cmake: "whois").
foreach(t test_auth_auth_stage test_intel_intel_stage)
  if(TEST ${t})
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
      "KENSA_DNS_PORT_FILE=${CMAKE_CURRENT_BINARY_DIR}/servers/dns.port"
      "KENSA_WHOISD_STATE=${CMAKE_CURRENT_BINARY_DIR}/whoisd")
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED dns whois)
  endif()
endforeach()
