"""One Flask blueprint per surface: the only modules that touch ``request``."""
