# SPDX-License-Identifier: MIT
# Corpus sweep and fuzz seed replay, in the normal and the sanitizer test
# builds (included from tests/CMakeLists.txt).
#
# corpus_sweep (built from tests/tools/corpus_sweep.c by tests/CMakeLists.txt)
# analyses and renders every message of the shared corpora.
# fuzz_replay_<target>: fuzz/<target>_fuzzer.c linked with fuzz/standalone.c
# (no libFuzzer) replays fuzz/corpora/<target>/.

add_test(NAME corpus_sweep COMMAND corpus_sweep)
set_tests_properties(corpus_sweep PROPERTIES
  ENVIRONMENT "KENSA_SHARED=${KENSA_SHARED_DIR};G_SLICE=always-malloc"
  TIMEOUT 600)

include(${CMAKE_SOURCE_DIR}/fuzz/targets.cmake)
foreach(t ${KENSA_FUZZ_TARGETS})
  add_executable(fuzz_replay_${t} ${CMAKE_SOURCE_DIR}/fuzz/${t}_fuzzer.c
                 ${CMAKE_SOURCE_DIR}/fuzz/standalone.c)
  target_link_libraries(fuzz_replay_${t} PRIVATE kensa_static)
  target_include_directories(fuzz_replay_${t} PRIVATE ${CMAKE_SOURCE_DIR}/src
                             ${CMAKE_SOURCE_DIR}/fuzz)
  add_test(NAME fuzz_replay_${t}
           COMMAND fuzz_replay_${t} ${CMAKE_SOURCE_DIR}/fuzz/corpora/${t})
  set_tests_properties(fuzz_replay_${t} PROPERTIES
    ENVIRONMENT "G_SLICE=always-malloc" TIMEOUT 120)
endforeach()
