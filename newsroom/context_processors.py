from django.conf import settings


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Canonical URLs drop the query string but keep pagination (?page=2 is its own page).
        "canonical_url": request.build_absolute_uri(request.path + _page_suffix(request)),
    }


def _page_suffix(request) -> str:
    page = request.GET.get("page", "")
    return f"?page={page}" if page.isdigit() and page != "1" else ""
