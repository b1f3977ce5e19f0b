"""The web explorer: pages for people who read task lists in a browser (see app.py)."""
