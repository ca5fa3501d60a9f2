# Empty dependencies file for kensa_static.
# This may be replaced when dependencies are built.
