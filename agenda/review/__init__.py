"""The review machine of a chapter (and of the motto and the manifesto): concept ->
submitted -> approved, returned or reopened by a coordinator.

``machine`` (the table), ``services`` (taking a step), ``selectors`` (where a chapter
stands), ``pages`` (a step posted from a page). Who may take which step is
``agenda.permissions``.
"""
