"""A PostgreSQL backend that starts an embedded server (pgserver) on first connection.

Used when DATABASE_URL is unset, so a fresh machine needs nothing but Python. The server
keeps running after the process exits and is reused by later runs; ``manage.py
embedded_db stop`` stops it. Its data lives in ``settings.EMBEDDED_PGDATA`` (var/pgdata).
"""
