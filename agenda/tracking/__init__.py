"""Tracked actions: the action rows of a ratified agenda version followed through the
programme year with progress updates (DESIGN.md §3). ``services`` creates them on
ratification and posts updates; ``selectors`` reads the pages' lists and figures; the
rule of who follows and who updates is in ``agenda.permissions``."""
