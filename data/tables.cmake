# SPDX-License-Identifier: MIT
# Compile data/lures/*.tsv and data/brands/brands.tsv into C tables
# (kn_lures_table.inc, kn_brands_table.inc) that src/content/lures.c and
# impersonation.c #include: no file is looked up at run time.
# Included from the top-level CMakeLists.txt after kensa_obj exists.
file(GLOB KN_LURE_TSV CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/data/lures/*.tsv)
set(KN_BRANDS_TSV ${CMAKE_SOURCE_DIR}/data/brands/brands.tsv)
set(KN_TABLES_DIR ${CMAKE_BINARY_DIR}/generated)
add_custom_command(
  OUTPUT ${KN_TABLES_DIR}/kn_lures_table.inc ${KN_TABLES_DIR}/kn_brands_table.inc
  COMMAND ${CMAKE_COMMAND} -DLURES_DIR=${CMAKE_SOURCE_DIR}/data/lures
          -DBRANDS_FILE=${KN_BRANDS_TSV} -DOUT_DIR=${KN_TABLES_DIR}
          -P ${CMAKE_SOURCE_DIR}/data/gen_tables.cmake
  DEPENDS ${KN_LURE_TSV} ${KN_BRANDS_TSV} ${CMAKE_SOURCE_DIR}/data/gen_tables.cmake
  COMMENT "Generating lure and brand tables from data/")
target_sources(kensa_obj PRIVATE ${KN_TABLES_DIR}/kn_lures_table.inc
               ${KN_TABLES_DIR}/kn_brands_table.inc)
target_include_directories(kensa_obj PRIVATE ${KN_TABLES_DIR})
