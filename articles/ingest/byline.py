"""Bylines (署名): who wrote the article and who took the pictures.

District papers print the byline on its own line(s) after the body (``记者 许文静`` /
``通讯员 方晓 文/图``), on one line (``记者 甲 乙 通讯员 丙``), run on after the last sentence
(``……参加会议。记者 王一 通讯员 李二``) or in the dateline (``本报讯（记者 王一）``). ``文/图``
means the writers also took the photos; ``摄影 X``, ``图 X`` or ``X 摄`` credit a photographer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import COMPOUND_SURNAMES, HAN, SURNAMES
from .records import Credit

REPORTER, CORRESPONDENT, PHOTOGRAPHER = "reporter", "correspondent", "photographer"

_LABELS = {
    "记者": REPORTER,
    "本报记者": REPORTER,
    "文": REPORTER,
    "通讯员": CORRESPONDENT,
    "本报通讯员": CORRESPONDENT,
    "摄影": PHOTOGRAPHER,
    "摄影记者": PHOTOGRAPHER,
    "图": PHOTOGRAPHER,
    "图片": PHOTOGRAPHER,
}
_TEXT_AND_PHOTO = "文/图"
_POSTFIX_PHOTO = "摄"

_TEXT_AND_PHOTO_RE = re.compile(r"(?:文\s*[/／]\s*图|图\s*[/／]\s*文)")
_POSTFIX_PHOTO_RE = re.compile(r"\s*[/／]?\s*摄$")
# Labels typed without a space before the name: 记者王一 -> 记者 王一.
_GLUED_RE = re.compile(f"(本报记者|本报通讯员|摄影记者|记者|通讯员|摄影)(?=[{HAN}])")
_BRACKETED_RE = re.compile(r"^[（(【\[](.*)[）)】\]]$")
_SPLIT_RE = re.compile(r"[\s、，,：:]+")
_NAME_RE = re.compile(f"[{HAN}]{{2,4}}|[{HAN}]{{1,8}}[·•][{HAN}]{{1,10}}")
_MAX_LINE = 60


@dataclass
class Byline:
    credits: list[Credit] = field(default_factory=list)
    photos: bool = False

    def merge(self, other: Byline) -> None:
        for credit in other.credits:
            if all((c.name, c.role) != (credit.name, credit.role) for c in self.credits):
                self.credits.append(credit)
        self.photos = self.photos or other.photos


def _is_name(token: str) -> bool:
    if not _NAME_RE.fullmatch(token) or token in _LABELS:
        return False
    # The surname test keeps ordinary sentences such as "记者 了解到" from being read as a
    # byline (and silently dropped from the body).
    return token[0] in SURNAMES or token[:2] in COMPOUND_SURNAMES or "·" in token or "•" in token


# Every label (记者, 通讯员, 摄影, 文, 图, 摄 …) has one of these characters, and a byline has a
# label: a line with none of them is no byline, known without splitting it (every line of a
# page is asked).
_LABEL_CHARS = "记通摄文图"


def parse_byline(line: str) -> Byline | None:
    """The credits of a line that is nothing but a byline, else None."""
    s = line.strip()
    if not s or len(s) > _MAX_LINE or not any(char in s for char in _LABEL_CHARS):
        return None
    bracketed = _BRACKETED_RE.match(s)
    if bracketed:
        s = bracketed.group(1).strip()
    s = _TEXT_AND_PHOTO_RE.sub(f" {_TEXT_AND_PHOTO} ", s)
    s = _POSTFIX_PHOTO_RE.sub(f" {_POSTFIX_PHOTO}", s)
    s = _GLUED_RE.sub(r"\1 ", s)
    tokens = [t for t in _SPLIT_RE.split(s) if t]
    if not tokens:
        return None

    result = Byline()
    role: str | None = None
    pending: list[str] = []  # names before any label: "王一 摄", "王一 文/图"
    group: list[Credit] = []  # the names of the current label, for a trailing "摄"
    labelled = False
    for token in tokens:
        if token in _LABELS:
            role, group, labelled = _LABELS[token], [], True
            result.photos = result.photos or role == PHOTOGRAPHER
        elif token == _TEXT_AND_PHOTO:
            labelled, result.photos = True, True
            if pending:
                group = [Credit(name, REPORTER) for name in pending]
                result.credits.extend(group)
                pending = []
            role = role or REPORTER  # "文/图 王一": the names after it wrote and photographed
        elif token == _POSTFIX_PHOTO:
            labelled, result.photos = True, True
            if pending:
                result.credits.extend(Credit(name, PHOTOGRAPHER) for name in pending)
                pending = []
            else:  # "记者 王一 摄": the reporter took the picture
                for credit in group:
                    credit.role = PHOTOGRAPHER
        elif _is_name(token):
            if role is None:
                pending.append(token)
            else:
                credit = Credit(token, role)
                result.credits.append(credit)
                group.append(credit)
        else:
            return None
    if pending or not labelled or not result.credits:
        return None
    deduped = Byline()
    deduped.merge(result)
    return deduped


_TAIL_START_RE = re.compile(r"[。！？!?…”）)]\s*(?=[（(【\[]?(?:本报记者|记者|通讯员|摄影|文|图))")


def split_tail_byline(paragraph: str) -> tuple[str, Byline | None]:
    """Split a byline run on after the last sentence: "……参加会议。记者 王一" -> text, byline."""
    if len(paragraph) < 4:
        return paragraph, None
    window_start = max(0, len(paragraph) - _MAX_LINE - 2)
    for match in _TAIL_START_RE.finditer(paragraph, window_start):
        byline = parse_byline(paragraph[match.end() :])
        if byline:
            return paragraph[: match.start() + 1], byline
    return paragraph, None


_DATELINE_CREDIT_RE = re.compile(r"^[【\[]?本报(?:讯|消息)[】\]]?\s*[（(]([^）)]{2,40})[）)]")


def dateline_byline(paragraph: str) -> Byline | None:
    """Credits given in the dateline: "本报讯（记者 王一 通讯员 李二）3月11日……"."""
    match = _DATELINE_CREDIT_RE.match(paragraph)
    return parse_byline(match.group(1)) if match else None
