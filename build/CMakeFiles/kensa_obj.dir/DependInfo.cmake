
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/analysis.c" "CMakeFiles/kensa_obj.dir/src/analysis.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/analysis.c.o.d"
  "/work/main/src/mailbox.c" "CMakeFiles/kensa_obj.dir/src/mailbox.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/mailbox.c.o.d"
  "/work/main/src/message/stub_parse.c" "CMakeFiles/kensa_obj.dir/src/message/stub_parse.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/message/stub_parse.c.o.d"
  "/work/main/src/report/stub_report.c" "CMakeFiles/kensa_obj.dir/src/report/stub_report.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/report/stub_report.c.o.d"
  "/work/main/src/trace/stub_trace.c" "CMakeFiles/kensa_obj.dir/src/trace/stub_trace.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/trace/stub_trace.c.o.d"
  "/work/main/src/util/arena.c" "CMakeFiles/kensa_obj.dir/src/util/arena.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/util/arena.c.o.d"
  "/work/main/src/util/buf.c" "CMakeFiles/kensa_obj.dir/src/util/buf.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/util/buf.c.o.d"
  "/work/main/src/util/date.c" "CMakeFiles/kensa_obj.dir/src/util/date.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/util/date.c.o.d"
  "/work/main/src/util/str.c" "CMakeFiles/kensa_obj.dir/src/util/str.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/util/str.c.o.d"
  "/work/main/src/verdict/finding.c" "CMakeFiles/kensa_obj.dir/src/verdict/finding.c.o" "gcc" "CMakeFiles/kensa_obj.dir/src/verdict/finding.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
