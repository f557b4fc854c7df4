"""Upgrading a deployment's data from an earlier version of teamkit (docs/upgrading.md): the
command `python -m teamkit.migrate` (`__main__`), the migration (`migration`) and the registry of
every stored document's model (`registry`)."""
