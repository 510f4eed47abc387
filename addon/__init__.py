"""Raincheck: back out of client meetings without hurting the relationship.

The Flask application lives in ``addon.app`` (``create_app``); everything else in this package
is plain Python that the views, the command line and the tests share.
"""
