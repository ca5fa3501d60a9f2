file(REMOVE_RECURSE
  "libkensa_static.a"
)
