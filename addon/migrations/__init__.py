"""Alembic migrations of the Raincheck store; ``addon.directory.store`` runs them."""
