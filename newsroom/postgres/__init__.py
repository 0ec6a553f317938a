"""Django's PostgreSQL backend, with a health check that asks the server only when the
connection has something to tell (see base.DatabaseWrapper.close_if_health_check_failed).

``DATABASE_URL`` selects it (settings.py), and the embedded server's backend builds on it.
"""
