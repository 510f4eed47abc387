"""The Flask views: one blueprint per surface (``google`` makes ``gmail`` and ``calendar``;
``outlook``, ``workbench``, ``site``), and ``auth``, the checks they run before a view.

The only modules that touch ``request``. A view verifies the caller, hands plain data to the
host's actions and answers what they return; errors become responses in ``addon.app``.
"""
