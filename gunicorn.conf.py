"""gunicorn settings from the environment (README "Operations": configuration).

The defaults suit the 2-core server the site is sized for. Measured with `make bench` at
100,000 articles (README, "Performance"): 2 sync workers served home, article, person and
search pages as fast as 3 sync workers or 2 workers of 4 threads, at the lowest CPU per
request; every worker is one more copy of the app's memory (about 100 MB) and, on 2 cores,
PostgreSQL and the workers already share the CPU. Threads only help while requests wait on
the database; raise GUNICORN_WORKERS first on a bigger machine (about one or two per core).
"""

import os

from newsroom.env import env_int, env_list  # gunicorn puts the working directory on sys.path

bind = env_list("GUNICORN_BIND", "0.0.0.0:8000")
workers = env_int("GUNICORN_WORKERS", 2)
threads = env_int("GUNICORN_THREADS", 1)
# A worker silent for this many seconds is killed and replaced (a stuck request).
timeout = env_int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (docker stop, a deployment), workers get this long to finish their requests.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Recycle each worker after this many requests (0: never), spread by the jitter so that the
# workers do not restart together; bounds the damage of a slow memory leak.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Heartbeat files in memory: on a container's overlay file system they can stall workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# The control socket (gunicornc) is not used, and the app user's home is not writable.
control_socket_disable = True

# The access log is written by newsroom.middleware.RequestLogMiddleware (with the request id);
# gunicorn's own messages go to stdout as JSON lines like the app's.
accesslog = None
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
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
