file(REMOVE_RECURSE
  "libkensa_static.a"
  "libkensa_static.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/kensa_static.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
