"""The governance machine of an agenda version: compiled, rough -> feedback ->
definitive concept -> consultation -> established -> decision -> ratified, with a
board's rejection back to the definitive concept.

``machine`` (the table, what each state needs next, why a step waits), ``compiling``
(a new version), ``services`` (steps, responses, decisions), ``selectors`` (a version's
page). Who may take which step is ``agenda.permissions``.
"""
