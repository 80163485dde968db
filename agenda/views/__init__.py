"""The agenda app's pages, one module per concept (``agenda/urls.py`` names them)."""
