file(REMOVE_RECURSE
  "CMakeFiles/kensa_obj.dir/src/analysis.c.o"
  "CMakeFiles/kensa_obj.dir/src/analysis.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/mailbox.c.o"
  "CMakeFiles/kensa_obj.dir/src/mailbox.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/message/stub_parse.c.o"
  "CMakeFiles/kensa_obj.dir/src/message/stub_parse.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/report/stub_report.c.o"
  "CMakeFiles/kensa_obj.dir/src/report/stub_report.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/trace/stub_trace.c.o"
  "CMakeFiles/kensa_obj.dir/src/trace/stub_trace.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/util/arena.c.o"
  "CMakeFiles/kensa_obj.dir/src/util/arena.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/util/buf.c.o"
  "CMakeFiles/kensa_obj.dir/src/util/buf.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/util/date.c.o"
  "CMakeFiles/kensa_obj.dir/src/util/date.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/util/str.c.o"
  "CMakeFiles/kensa_obj.dir/src/util/str.c.o.d"
  "CMakeFiles/kensa_obj.dir/src/verdict/finding.c.o"
  "CMakeFiles/kensa_obj.dir/src/verdict/finding.c.o.d"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/kensa_obj.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
