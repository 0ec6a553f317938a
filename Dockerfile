# Newsroom's image: gunicorn serving the Django app as a non-root user, with the static files
# collected at build time. README "Operations".
#
# PYTHON_IMAGE may name any Debian-based Python 3.11 image; scripts/local-base-images builds
# one from Debian's packages where no registry can be reached. With wheels in wheels/
# (scripts/fetch-wheels) the build downloads nothing.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python3 -m venv /venv
COPY requirements.txt /tmp/requirements.txt
COPY wheels/ /wheels/
RUN if ls /wheels/*.whl >/dev/null 2>&1; then \
        /venv/bin/pip install --no-index --find-links /wheels -r /tmp/requirements.txt; \
    else \
        /venv/bin/pip install -r /tmp/requirements.txt; \
    fi

FROM ${PYTHON_IMAGE}
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONIOENCODING=utf-8 \
    NEWSROOM_VAR_DIR=/app/var
RUN useradd --user-group --uid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin newsroom
COPY --from=build /venv /venv
WORKDIR /app
# The code stays owned by root: the app user can write only var/media (the media volume).
COPY . .
RUN DJANGO_DEBUG=0 \
    DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=postgres://build.invalid/build \
    python manage.py collectstatic --noinput --verbosity 0 \
 && mkdir -p var/media \
 && chown newsroom:newsroom var/media
USER newsroom
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "newsroom.wsgi:application"]
