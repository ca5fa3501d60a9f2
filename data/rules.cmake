# SPDX-License-Identifier: MIT
# Compile the rules of every stage (data/rules/*.rules) and the default
# verdict thresholds (data/verdict.conf) into C: kn_rules_table.inc,
# kn_rule_ids.h and kn_verdict_conf.inc, #included by src/verdict/rules.c
# and src/verdict/rules.h. Nothing is read at run time. The generator is
# data/gen_rules.py (python3, build time only); the format is in
# data/rules/README.md. Included from the top-level CMakeLists.txt after
# kensa_obj exists.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(GLOB KN_RULE_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/data/rules/*.rules)
set(KN_RULES_DIR ${CMAKE_BINARY_DIR}/generated/rules)
set(KN_RULES_OUTPUTS ${KN_RULES_DIR}/kn_rules_table.inc
    ${KN_RULES_DIR}/kn_rule_ids.h ${KN_RULES_DIR}/kn_verdict_conf.inc)
add_custom_command(
  OUTPUT ${KN_RULES_OUTPUTS}
  COMMAND Python3::Interpreter ${CMAKE_SOURCE_DIR}/data/gen_rules.py
          ${KN_RULES_DIR} ${CMAKE_SOURCE_DIR}/data/verdict.conf ${KN_RULE_FILES}
  DEPENDS ${KN_RULE_FILES} ${CMAKE_SOURCE_DIR}/data/verdict.conf
          ${CMAKE_SOURCE_DIR}/data/gen_rules.py
  COMMENT "Generating the rule table from data/rules/")
add_custom_target(kensa_rules DEPENDS ${KN_RULES_OUTPUTS})
target_sources(kensa_obj PRIVATE ${KN_RULES_OUTPUTS})
add_dependencies(kensa_obj kensa_rules)
# PUBLIC: unit tests include src/verdict/rules.h, which includes
# kn_rule_ids.h.
target_include_directories(kensa_obj PUBLIC ${KN_RULES_DIR})
