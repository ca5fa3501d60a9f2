file(REMOVE_RECURSE
  "CMakeFiles/kensa_cli.dir/src/cli/main.c.o"
  "CMakeFiles/kensa_cli.dir/src/cli/main.c.o.d"
  "kensa"
  "kensa.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/kensa_cli.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
