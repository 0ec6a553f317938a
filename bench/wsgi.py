"""The app as bench/pages.py serves it through the baseline's run.sh: newsroom.wsgi, plus an
answer at /plain, which run.sh polls to know that gunicorn is up (our site has no such page).
Every other path goes to the app untouched."""

from newsroom.wsgi import application as newsroom

READY_PATH = "/plain"


def application(environ, start_response):
    if environ.get("PATH_INFO") == READY_PATH:
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    return newsroom(environ, start_response)
