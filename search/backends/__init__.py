"""Search backends: Wagtail's, with what this site needs changed (see database.py)."""
