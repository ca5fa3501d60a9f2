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
set(KENSA_CLI_CHECK sh ${KENSA_CASES_DIR}/cli-check.sh)
set(KENSA_SEED ${KENSA_SHARED_DIR}/cases/seed-kagoya/message.eml)
set(KENSA_MBOX ${KENSA_SHARED_DIR}/corpus/mime-edge/mimekit/mbox/issue1189.mbox.txt)

function(kensa_cli_test name)
  add_test(NAME cli_${name} COMMAND ${KENSA_CLI_CHECK} ${ARGN})
endfunction()

kensa_cli_test(help 0 --contains "usage: kensa analyze" -- $<TARGET_FILE:kensa_cli> --help)
kensa_cli_test(analyze_help 0 --contains "--trusted-networks" -- $<TARGET_FILE:kensa_cli> analyze --help)
kensa_cli_test(version 0 --lines 1 --contains "kensa ${PROJECT_VERSION}" -- $<TARGET_FILE:kensa_cli> --version)
kensa_cli_test(no_command 64 --stderr "usage:" -- $<TARGET_FILE:kensa_cli>)
kensa_cli_test(unknown_command 64 --stderr "unknown command" -- $<TARGET_FILE:kensa_cli> inspect ${KENSA_SEED})
kensa_cli_test(bad_option 64 --stderr "unknown option" -- $<TARGET_FILE:kensa_cli> analyze --bogus ${KENSA_SEED})
kensa_cli_test(bad_format 64 --stderr "kensa: --format:" -- $<TARGET_FILE:kensa_cli> analyze --format xml ${KENSA_SEED})
kensa_cli_test(bad_lang 64 -- $<TARGET_FILE:kensa_cli> analyze --lang fr ${KENSA_SEED})
kensa_cli_test(bad_color 64 -- $<TARGET_FILE:kensa_cli> analyze --color sometimes ${KENSA_SEED})
kensa_cli_test(missing_argument 64 --stderr "needs an argument" -- $<TARGET_FILE:kensa_cli> analyze --format)
kensa_cli_test(missing_file 66 --lines 0 --stderr "kensa: /nonexistent/kensa.eml: no such file"
  -- $<TARGET_FILE:kensa_cli> analyze /nonexistent/kensa.eml)
# A missing input does not stop the others; the status still says 66.
kensa_cli_test(missing_then_good 66 --lines 1 --contains "\"schema_version\":1"
  -- $<TARGET_FILE:kensa_cli> analyze -f json /nonexistent/kensa.eml ${KENSA_SEED})
kensa_cli_test(json_one_line 0 --lines 1 --contains "\"sha256\":\"431e531c98909b974193235ae4c2628e6b76bfc2e2e072bb6ed7753a4fd59aae\""
  -- $<TARGET_FILE:kensa_cli> analyze --format json ${KENSA_SEED})
kensa_cli_test(mbox_json_lines 0 --lines 4 --contains "issue1189.mbox.txt#4"
  -- $<TARGET_FILE:kensa_cli> analyze --format=json ${KENSA_MBOX})
kensa_cli_test(mbox_text_rules 0 --contains "------------------------------------------------------------------------"
  --contains "== 6. Conclusion so far =="
  -- $<TARGET_FILE:kensa_cli> analyze --color never ${KENSA_MBOX})
kensa_cli_test(lang_ja 0 --contains "== 1. 概要 ==" --contains "== 6. 現時点の結論 =="
  -- $<TARGET_FILE:kensa_cli> analyze --lang ja ${KENSA_SEED})
kensa_cli_test(lang_from_lang_env 0 --contains "== 1. 概要 ==" --env LANG=ja_JP.UTF-8
  -- $<TARGET_FILE:kensa_cli> analyze ${KENSA_SEED})
# LC_ALL wins over LANG.
kensa_cli_test(lang_lc_all_first 0 --contains "== 1. Overview ==" --env LANG=ja_JP.UTF-8 --env LC_ALL=C
  -- $<TARGET_FILE:kensa_cli> analyze ${KENSA_SEED})
kensa_cli_test(lang_option_over_env 0 --contains "== 1. Overview ==" --env LC_ALL=ja_JP.UTF-8
  -- $<TARGET_FILE:kensa_cli> analyze --lang en ${KENSA_SEED})
kensa_cli_test(stdin_dash 0 --lines 1 --contains "\"source\":\"-\"" --stdin ${KENSA_SEED}
  -- $<TARGET_FILE:kensa_cli> analyze -f json -)
kensa_cli_test(stdin_default 0 --contains "kensa report - -" --contains "dd-sample.co.jp" --stdin ${KENSA_SEED}
  -- $<TARGET_FILE:kensa_cli> analyze)
kensa_cli_test(recipient_domain 0 --contains "\"domain\":\"example.jp\"}"
  -- $<TARGET_FILE:kensa_cli> analyze -f json --recipient-domain example.jp ${KENSA_SEED})
kensa_cli_test(bad_trusted_networks 64 --stderr "kensa: --trusted-networks:"
  -- $<TARGET_FILE:kensa_cli> analyze --trusted-networks not-a-cidr ${KENSA_SEED})
kensa_cli_test(trusted_networks 0 --contains "\"origin\":{\"ip\":null"
  -- $<TARGET_FILE:kensa_cli> analyze -f json --trusted-networks 20.188.24.0/24 ${KENSA_SEED})
kensa_cli_test(color_never_plain 0 --contains "== 1. Overview ==" --env TERM=xterm
  -- $<TARGET_FILE:kensa_cli> analyze --color never --lang en ${KENSA_SEED})
kensa_cli_test(color_always 0 --contains "1m== 1. Overview ==" --env NO_COLOR=1
  -- $<TARGET_FILE:kensa_cli> analyze --color always --lang en ${KENSA_SEED})
