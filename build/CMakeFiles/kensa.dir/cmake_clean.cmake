file(REMOVE_RECURSE
  "libkensa.pdb"
  "libkensa.so"
  "libkensa.so.0"
  "libkensa.so.0.1.0"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/kensa.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
