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
kensa_cli_test(stdin_default 0 --contains "kensa report - (standard input)" --lacks "kensa report - -"
  --contains "Source     : (standard input)" --contains "dd-sample.co.jp" --stdin ${KENSA_SEED}
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
# The Japanese report has no English sentence left (data excepted): the
# SPF/DMARC paths and reasons, intel reasons and finding details.
kensa_cli_test(replay_ja_no_english 0 --contains "レコード「v=spf1 a mx"
  --contains "不一致(include 先のレコードは pass になりません)"
  --contains "アライメントの取れた pass がありません"
  --contains "自身のサーバーにも含まれません"
  --lacks " the " --lacks "evaluat" --lacks "matched" --lacks "no match"
  --lacks "record \"" --lacks "no aligned" --lacks "not a domain name"
  --lacks "days before" --lacks "answer in the"
  -- $<TARGET_FILE:kensa_cli> analyze --lang ja --color never --replay ${KENSA_SEED_DIR} ${KENSA_SEED})
# The report's wording (tests/unit/report/wording.c for the details):
# lure rules quoted by title, the verdict's parts adding up, a phrase
# score not called a weight, every part listed, in both languages.
kensa_cli_test(replay_wording 0
  --contains "The text asks the reader to act (\"The text threatens that an account"
  --contains "(phrase score " --contains "the phrases' own weights added up"
  --contains "Parts      : 3 (#0 multipart/alternative (container), #1 text/plain"
  --contains " + other " --lacks "of which" --lacks "carries lure-" --lacks "(weight "
  -- $<TARGET_FILE:kensa_cli> analyze --color never --replay ${KENSA_SEED_DIR} ${KENSA_SEED})
kensa_cli_test(replay_wording_ja 0
  --contains "本文が操作を求め(「本文がアカウントの停止・制限をほのめかしています」)"
  --contains "(語句スコア "
  --contains "#0 multipart/alternative(コンテナ)、#1 text/plain"
  --contains " + その他 " --lacks "うち偽装" --lacks "lure-account-suspension があり"
  -- $<TARGET_FILE:kensa_cli> analyze --lang ja --color never --replay ${KENSA_SEED_DIR} ${KENSA_SEED})
# Offline, the SPF record was not looked up: nothing "failed".
kensa_cli_test(offline_spf_wording 0 --contains "dd-sample.co.jp: not looked up (offline)"
  --lacks "record lookup failed"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --color never ${KENSA_SEED})
kensa_cli_test(offline_spf_wording_ja 0 --contains "dd-sample.co.jp: 未問い合わせ(オフライン)"
  --lacks "問い合わせに失敗"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --lang ja --color never ${KENSA_SEED})
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

# Robustness of kensa(1) (fresh-user trial): inputs are generated at test
# time by tests/cases/gen-check.sh (KIND -- cli-check arguments, @INPUT@
# is the generated file, @DIR@ a fresh directory path).
set(KENSA_GEN_CHECK sh ${KENSA_CASES_DIR}/gen-check.sh)
function(kensa_gen_test name kind)
  add_test(NAME cli_${name} COMMAND ${KENSA_GEN_CHECK} ${kind} -- ${ARGN})
endfunction()
set(KENSA_EXAMPLE_SEED ${CMAKE_SOURCE_DIR}/examples/seed-kagoya)
# 1000 levels of message/rfc822: each forwarded message analyzed once
# (it was exponential), the depth cap a defect; timeout(1) catches a hang.
kensa_gen_test(rfc822_nest_1000 rfc822-nest 0 --lines 1
  --contains "\"id\":\"forwarded-limit\"" --contains "\"id\":\"forwarded-message\""
  --contains "\"subject\":\"n0\""
  -- timeout 30 $<TARGET_FILE:kensa_cli> analyze --offline -f json @INPUT@)
# 4100 Received fields cannot hide From, Subject, To and Date; the defect
# says how many Received fields were kept of how many.
kensa_gen_test(received_flood received-flood 0 --lines 1
  --contains "\"address\":\"service@paypal.com\"" --contains "\"subject\":\"verify your account\""
  --contains "\"date\":\"2024-01-01T00:00:00Z\"" --contains "4000 of the 4100 Received"
  --contains "\"id\":\"header-fields-capped\"" --lacks "\"id\":\"from-missing\""
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json @INPUT@)
# "From : x" on the first line is a header field, not an mbox From_ line.
kensa_gen_test(from_space_single from-space 0 --lines 1
  --contains "\"source\":\"@INPUT@\"" --contains "\"address\":\"x@example.com\""
  --lacks "\"id\":\"from-missing\""
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json @INPUT@)
kensa_gen_test(from_space_mbox mbox-from-space 0 --lines 2
  --contains "\"source\":\"@INPUT@#2\"" --contains "\"address\":\"x@example.com\""
  --contains "\"address\":\"y@example.com\""
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json @INPUT@)
# An empty input is not a message: no report, status 65 (EX_DATAERR).
kensa_gen_test(empty_file empty 65 --lines 0 --stderr "empty input (0 bytes): not an e-mail message"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json @INPUT@)
kensa_gen_test(blank_file blank 65 --lines 0 --stderr "empty input (2 bytes, all blank)"
  -- $<TARGET_FILE:kensa_cli> analyze --offline @INPUT@)
kensa_cli_test(empty_stdin 65 --lines 0 --stderr "kensa: -: empty input (0 bytes)"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -)
kensa_cli_test(dev_null 65 --lines 0 --stderr "kensa: /dev/null: empty input"
  -- $<TARGET_FILE:kensa_cli> analyze --offline /dev/null)
# The other inputs are still reported; a missing one (66) wins over 65.
kensa_cli_test(empty_then_good 65 --lines 1 --contains "\"schema_version\":1"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json /dev/null ${KENSA_SEED})
kensa_cli_test(empty_and_missing 66 --lines 0
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json /dev/null /nonexistent/kensa.eml)
kensa_gen_test(too_large_stdin big 66 --lines 0 --stdin @INPUT@
  --stderr "kensa: -: input too large: one message may hold at most 64 MiB"
  -- $<TARGET_FILE:kensa_cli> analyze --offline -)
# --save-evidence: an unusable directory is status 73 (EX_CANTCREAT);
# evidence saved from a replay replays to the same report.
kensa_cli_test(save_evidence_bad_dir 73 --lines 0 --stderr "kensa: --save-evidence: cannot create /proc/nope"
  -- $<TARGET_FILE:kensa_cli> analyze --replay ${KENSA_EXAMPLE_SEED} --save-evidence /proc/nope ${KENSA_SEED})
kensa_gen_test(save_evidence_not_dir empty 73 --stderr "not a directory"
  -- $<TARGET_FILE:kensa_cli> analyze --replay ${KENSA_EXAMPLE_SEED} --save-evidence @INPUT@ ${KENSA_SEED})
kensa_gen_test(save_evidence_spf empty 73 --stderr "kensa: --save-evidence:"
  -- $<TARGET_FILE:kensa_cli> spf --replay ${KENSA_EXAMPLE_SEED} --save-evidence @INPUT@ 20.188.24.132 dd-sample.co.jp)
add_test(NAME cli_save_replay_same_report
  COMMAND sh ${KENSA_CASES_DIR}/save-replay.sh $<TARGET_FILE:kensa_cli> ${KENSA_EXAMPLE_SEED})
# Option validation.
kensa_cli_test(offline_with_replay 64 --lines 0 --stderr "kensa: --offline: cannot be used with --replay"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --replay ${KENSA_EXAMPLE_SEED} ${KENSA_SEED})
kensa_cli_test(replay_with_offline 64 --stderr "kensa: --offline: cannot be used with --replay"
  -- $<TARGET_FILE:kensa_cli> analyze --replay ${KENSA_EXAMPLE_SEED} --offline ${KENSA_SEED})
kensa_cli_test(offline_with_save 64 --stderr "cannot be used with --save-evidence"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --save-evidence /tmp ${KENSA_SEED})
kensa_cli_test(spf_offline_with_dns 64 --stderr "cannot be used with --dns-server"
  -- $<TARGET_FILE:kensa_cli> spf --offline --dns-server 127.0.0.1:53 20.188.24.132 dd-sample.co.jp)
kensa_cli_test(bad_recipient_domain 64 --lines 0 --stderr "kensa: --recipient-domain: not a domain name: \"not a domain\""
  -- $<TARGET_FILE:kensa_cli> analyze --offline --recipient-domain "not a domain" ${KENSA_SEED})
kensa_cli_test(bad_recipient_domain_at 64 --stderr "kensa: --recipient-domain:"
  -- $<TARGET_FILE:kensa_cli> analyze --offline --recipient-domain user@example.jp ${KENSA_SEED})
kensa_cli_test(recipient_domain_idn 0 --lines 1
  -- $<TARGET_FILE:kensa_cli> analyze --offline -f json --recipient-domain "例え.jp" ${KENSA_SEED})
kensa_cli_test(bad_dns_server 64 --stderr "kensa: --dns-server: expected IP:PORT"
  --stderr-lacks "--whois-server" --stderr-lacks "--rdap-server"
  -- $<TARGET_FILE:kensa_cli> analyze --dns-server foo ${KENSA_SEED})
kensa_cli_test(bad_rdap_server 64 --stderr "kensa: --rdap-server:" --stderr-lacks "--dns-server"
  -- $<TARGET_FILE:kensa_cli> analyze --replay ${KENSA_EXAMPLE_SEED} --rdap-server ftp://x ${KENSA_SEED})
# A HELO that is not a domain: "none", as analyze says.
kensa_cli_test(spf_helo_literal 0 --contains "SPF (HELO) [127.0.0.1]: none for 20.188.24.132"
  --contains "the HELO name [127.0.0.1] is not a domain name (RFC 7208 2.3)"
  -- $<TARGET_FILE:kensa_cli> spf --replay ${KENSA_EXAMPLE_SEED} 20.188.24.132 dd-sample.co.jp [127.0.0.1])
kensa_cli_test(spf_helo_literal_json 0 --lines 1 --contains "\"helo\":{\"result\":\"none\""
  -- $<TARGET_FILE:kensa_cli> spf -f json --replay ${KENSA_EXAMPLE_SEED} 20.188.24.132 dd-sample.co.jp [127.0.0.1])
