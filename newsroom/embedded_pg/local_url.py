"""Print the URL of a PostgreSQL server on 127.0.0.1:5432 if one answers, else nothing.

``make test`` uses it to prefer the machine's running server over the embedded one.
"""

import os

import psycopg


def local_url() -> str:
    host = os.environ.get("NEWSROOM_LOCAL_PG", "127.0.0.1:5432")
    name, _, port = host.partition(":")
    try:
        psycopg.connect(
            host=name, port=int(port or 5432), user="postgres", dbname="postgres", connect_timeout=2
        ).close()
    except psycopg.OperationalError:
        return ""
    return f"postgres://postgres@{name}:{port or 5432}/newsroom"


if __name__ == "__main__":
    print(local_url())
