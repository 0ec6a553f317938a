"""Links that list pages print many times over.

A list page prints about two hundred tag links; written out in the template each costs three
variable lookups and escapes, and they were half of the home page's rendering time
(bench/pages.py). ``tag_links`` writes an article's tag links in one node, escaped by
format_html as the template would have escaped them.
"""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def tag_links(tags):
    """``<a class="tag tag-KIND" href="URL">NAME</a>`` for each tag, in order."""
    return format_html_join(
        "",
        '<a class="tag tag-{}" href="{}">{}</a>',
        ((tag.kind, tag.get_absolute_url(), tag.name) for tag in tags),
    )
