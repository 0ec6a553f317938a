"""Submit admin change forms the way a browser does: every field as rendered, some changed.

Reading the values from the HTML (rather than writing the POST data out by hand) keeps
inline formsets, split date-times and autocomplete selects valid whatever the admin shows.
"""

from html.parser import HTMLParser

from django.urls import reverse


class _FormValues(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
            return
        name = attrs.get("name")
        if not self.in_form or not name or "__prefix__" in name:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "textarea":
            self.textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select":
            self.select = name
            self.data.setdefault(name, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormValues(form_id)
    parser.feed(html)
    return parser.data


def admin_url(obj_or_model, view: str, *args) -> str:
    meta = obj_or_model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def submit_change_form(admin_client, obj, **changes):
    """Open ``obj``'s admin change form, change some fields, save; returns the response."""
    url = admin_url(obj, "change", obj.pk)
    page = admin_client.get(url)
    assert page.status_code == 200
    data = form_data(page.text, f"{obj._meta.model_name}_form")
    assert data, "change form not found"
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    response = admin_client.post(url, data)
    assert response.status_code == 302, _errors(response)
    return response


def _errors(response):
    context = response.context or {}
    errors = [context["adminform"].form.errors] if "adminform" in context else []
    for inline in context.get("inline_admin_formsets", []):
        errors.append(inline.formset.errors)
        errors.append(inline.formset.non_form_errors())
    return errors
