"""gunicorn settings from the environment (README "Operations": configuration).

The defaults suit the 2-core server the site is sized for. Measured with `make bench` at
100,000 articles (README, "Performance"): 2 sync workers served home, article, person and
search pages as fast as 3 sync workers or 2 workers of 4 threads, at the lowest CPU per
request; every worker is one more copy of the app's memory (70-100 MB, the part the app
loaded before forking shared) and, on 2 cores, PostgreSQL and the workers already share
the CPU. Threads only help while requests wait on the database; raise GUNICORN_WORKERS
first on a bigger machine (about one or two per core). (bench/pages.py serves the app with
this file since session 18; before, it ran with gunicorn's defaults.)
"""

import os
import sys

# The project's own modules, wherever gunicorn was started: it puts only its working
# directory on sys.path, and a config given as ``--config PATH`` may be read from elsewhere.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from gunicorn.glogging import Logger

from newsroom.env import env_bool, env_int, env_list

bind = env_list("GUNICORN_BIND", "0.0.0.0:8000")
workers = env_int("GUNICORN_WORKERS", 2)
threads = env_int("GUNICORN_THREADS", 1)
# A worker silent for this many seconds is killed and replaced (a stuck request).
timeout = env_int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (docker stop, a deployment), workers get this long to finish their requests.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Recycle each worker after this many requests (0: never), spread by the jitter so that the
# workers do not restart together; bounds the damage of a slow memory leak. A new worker
# pays for its first requests (a database connection, templates compiled, statements
# planned again): under load, replacing workers every 1,000 requests cost the home page a
# fifth of its requests per second and took its p95 from 21 to 112 ms (bench/pages.py at
# 100,000 articles, session 18); every 10,000 cost nothing measurable.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 1000)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Workers forked from a master that has imported the app: a replacement starts at once
# rather than importing Django again (0.4 s of CPU), and the workers share the app's
# memory until they write to it. A deployment restarts the container; gunicorn's HUP
# reload would not load new code with this on.
preload_app = env_bool("GUNICORN_PRELOAD_APP", True)

# Heartbeat files in memory: on a container's overlay file system they can stall workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# The control socket (gunicornc) is not used, and the app user's home is not writable.
control_socket_disable = True


class AppWritesTheAccessLog(Logger):
    """gunicorn's logger without its access log. The access log is written by
    newsroom.middleware.RequestLogMiddleware (a line per request, with the request id);
    with logconfig_dict set, gunicorn wrote a second line for every request as well, built
    and formatted while the worker's next request waited (607,322 of them in one make
    bench, session 18). (With a logger class of its own, gunicorn no longer switches to
    its statsd logger when statsd_host is set: the site sends no statsd metrics.)"""

    def access(self, resp, req, environ, request_time):
        pass


logger_class = AppWritesTheAccessLog
accesslog = None
# gunicorn's own messages go to stdout as JSON lines like the app's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "newsroom.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
