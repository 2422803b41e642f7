"""Scenes: one screen each (title, sandbox, results...), stacked by the app.

The scene protocol and the registry of screens by name are in `base.py`;
nothing is re-exported here, so each name has one home.
"""
