"""The matching rules of the acceptance check (docs ingest-json.md, "Matching rules").

- Names, headings, terms and places compare after removing white space.
- Lists compare as sets: credits, people, positions, participants, roles, places, terms.
  Articles, paragraphs and directives compare in order. ``tags`` and ``warnings`` are free.
- A position matches when one string contains the other; so does a meeting name.
- Dates compare exactly.
- ``people`` may or may not include the credited writers: a credited name present on one side
  only is ignored.

``compare_articles`` returns human-readable differences (empty list: a match), so a failing
test shows every mismatching key at once.
"""

from __future__ import annotations

import re
from typing import Any

_WS_RE = re.compile(r"\s+")
FREE_KEYS = frozenset({"tags", "warnings"})


def nows(value: Any) -> Any:
    return _WS_RE.sub("", value) if isinstance(value, str) else value


def _contains_either(a: str, b: str) -> bool:
    a, b = nows(a), nows(b)
    return a in b or b in a


def _set_diff(where: str, actual: set, expected: set) -> list[str]:
    if actual == expected:
        return []
    return [
        f"{where}: missing {sorted(expected - actual)!r}, unexpected {sorted(actual - expected)!r}"
    ]


def _fuzzy_set_diff(where: str, actual: list[str], expected: list[str]) -> list[str]:
    """Sets where an item matches another that contains it or is contained in it."""
    missing = [e for e in expected if not any(_contains_either(e, a) for a in actual)]
    unexpected = [a for a in actual if not any(_contains_either(a, e) for e in expected)]
    if not missing and not unexpected:
        return []
    return [f"{where}: missing {missing!r}, unexpected {unexpected!r}"]


def _people_diff(where: str, actual: list[dict], expected: list[dict], credited: set[str]):
    a = {nows(p["name"]): p for p in actual}
    e = {nows(p["name"]): p for p in expected}
    for name in credited:  # credits may or may not be listed as people
        if (name in a) != (name in e):
            a.pop(name, None)
            e.pop(name, None)
    diffs = _set_diff(f"{where}.people(names)", set(a), set(e))
    for name in sorted(set(a) & set(e)):
        diffs += _fuzzy_set_diff(
            f"{where}.people[{name}].positions", a[name]["positions"], e[name]["positions"]
        )
    return diffs


def _participants_diff(where: str, actual: list[dict], expected: list[dict]) -> list[str]:
    a = {nows(p["name"]): set(p["roles"]) for p in actual}
    e = {nows(p["name"]): set(p["roles"]) for p in expected}
    diffs = _set_diff(f"{where}.participants(names)", set(a), set(e))
    for name in sorted(set(a) & set(e)):
        diffs += _set_diff(f"{where}.participants[{name}].roles", a[name], e[name])
    return diffs


def _meetings_diff(where: str, actual: list[dict], expected: list[dict]) -> list[str]:
    if len(actual) != len(expected):
        return [f"{where}.meetings: {len(actual)} meetings, expected {len(expected)}"]
    diffs = []
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        w = f"{where}.meetings[{i}]"
        if not _contains_either(a["name"], e["name"]):
            diffs.append(f"{w}.name: {a['name']!r}, expected {e['name']!r}")
        if nows(a["organizer"]) != nows(e["organizer"]):
            diffs.append(f"{w}.organizer: {a['organizer']!r}, expected {e['organizer']!r}")
        if a["date"] != e["date"]:
            diffs.append(f"{w}.date: {a['date']!r}, expected {e['date']!r}")
        diffs += _participants_diff(w, a["participants"], e["participants"])
    return diffs


def _directives_diff(where: str, actual: list[dict], expected: list[dict]) -> list[str]:
    diffs = []
    if len(actual) != len(expected):
        diffs.append(
            f"{where}.directives: {len(actual)} directives {[d['heading'] for d in actual]!r},"
            f" expected {len(expected)} {[d['heading'] for d in expected]!r}"
        )
    for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
        w = f"{where}.directives[{i}]"
        if nows(a["heading"]) != nows(e["heading"]):
            diffs.append(f"{w}.heading: {a['heading']!r}, expected {e['heading']!r}")
        if a["text"] != e["text"]:
            diffs.append(f"{w}.text:\n  actual   {a['text']!r}\n  expected {e['text']!r}")
        if a["meeting"] != e["meeting"]:
            diffs.append(f"{w}.meeting: {a['meeting']!r}, expected {e['meeting']!r}")
        if nows(a["issuer"]) != nows(e["issuer"]):
            diffs.append(f"{w}.issuer: {a['issuer']!r}, expected {e['issuer']!r}")
    return diffs


def _paragraphs_diff(where: str, actual: list[str], expected: list[str]) -> list[str]:
    diffs = []
    if len(actual) != len(expected):
        diffs.append(f"{where}.paragraphs: {len(actual)} paragraphs, expected {len(expected)}")
    for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
        if a != e:
            diffs.append(f"{where}.paragraphs[{i}]:\n  actual   {a!r}\n  expected {e!r}")
    return diffs


def compare_article(actual: dict, expected: dict, where: str = "article") -> list[str]:
    """Differences between one parsed article and its expected form, under the rules above."""
    diffs = []
    missing = set(expected) - set(actual) - FREE_KEYS
    if missing:
        diffs.append(f"{where}: keys missing from the output: {sorted(missing)}")
    for key in ("headline", "kicker", "title", "subtitle", "date", "date_precision", "photos"):
        if key in expected and actual.get(key) != expected[key]:
            diffs.append(f"{where}.{key}: {actual.get(key)!r}, expected {expected[key]!r}")
    if "paragraphs" in expected:
        diffs += _paragraphs_diff(where, actual.get("paragraphs", []), expected["paragraphs"])
    credited: set[str] = set()
    if "credits" in expected:
        a = {(nows(c["name"]), c["role"]) for c in actual.get("credits", [])}
        e = {(nows(c["name"]), c["role"]) for c in expected["credits"]}
        credited = {name for name, _ in a | e}
        diffs += _set_diff(f"{where}.credits", a, e)
    if "people" in expected:
        diffs += _people_diff(where, actual.get("people", []), expected["people"], credited)
    if "meetings" in expected:
        diffs += _meetings_diff(where, actual.get("meetings", []), expected["meetings"])
    if "directives" in expected:
        diffs += _directives_diff(where, actual.get("directives", []), expected["directives"])
    for key in ("places", "terms"):
        if key in expected:
            a = {nows(x) for x in actual.get(key, [])}
            diffs += _set_diff(f"{where}.{key}", a, {nows(x) for x in expected[key]})
    return diffs


def compare_articles(actual: list[dict], expected: list[dict]) -> list[str]:
    diffs = []
    if len(actual) != len(expected):
        diffs.append(
            f"{len(actual)} articles {[a.get('title') for a in actual]!r}, "
            f"expected {len(expected)} {[e.get('title') for e in expected]!r}"
        )
    for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
        diffs += compare_article(a, e, f"articles[{i}]")
    return diffs
