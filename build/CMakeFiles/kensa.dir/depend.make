# Empty dependencies file for kensa.
# This may be replaced when dependencies are built.
