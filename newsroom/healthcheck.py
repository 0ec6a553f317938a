"""The container's health check: GET /healthz from this container's gunicorn.

``python -m newsroom.healthcheck`` exits 0 when /healthz answers 200, else 1. It sends a Host
header from DJANGO_ALLOWED_HOSTS: Django answers 400 to a request for 127.0.0.1 that the
host list does not name, which would mark a healthy container unhealthy.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    """The first usable name of a DJANGO_ALLOWED_HOSTS value ('.example.cn' allows example.cn)."""
    for host in allowed_hosts.split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def healthy(url: str, host: str, timeout: float = 4.0) -> bool:
    # No proxy: an http_proxy variable in the container must not route a loopback probe.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):  # HTTPError (the 503) is a URLError
        return False


def main() -> int:
    bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").split(",")[0].strip()
    port = bind.rpartition(":")[2] if ":" in bind and not bind.startswith("unix:") else "8000"
    url = f"http://127.0.0.1:{port}/healthz"
    return 0 if healthy(url, probe_host(os.environ.get("DJANGO_ALLOWED_HOSTS", ""))) else 1


if __name__ == "__main__":
    sys.exit(main())
