# Empty compiler generated dependencies file for kensa_cli.
# This may be replaced when dependencies are built.
