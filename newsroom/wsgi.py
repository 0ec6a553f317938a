import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Cached pages for anonymous readers answered before Django handles the request; imported
# once the apps are loaded.
from articles.pagecache import CachedPagesFirst  # noqa: E402

application = CachedPagesFirst(application)
