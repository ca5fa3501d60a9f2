# Empty dependencies file for kensa_obj.
# This may be replaced when dependencies are built.
