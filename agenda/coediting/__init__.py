"""Co-editing: writers of a chapter typing in one shared Yjs document over WebSockets.

``document`` (the stored updates and the texts read from them), ``yhtml`` (Yjs <->
HTML), ``services`` (joining, storing an update, "Versie opslaan", the idle save),
``consumer`` (the socket).
"""
