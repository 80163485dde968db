"""The PDF pipeline: HTML from a print template (``html``), WeasyPrint in a
time-limited child process that reads only the project's static files (``rendering``),
stored once per content (``storage``), made by the worker (``tasks``), asked for and
served (``services``, ``downloads``). No web request renders a PDF.
"""
