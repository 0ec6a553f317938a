"""Directives (工作要求) in the forms district meeting news prints them.

Each writer appends paragraphs to the draft and the DirectiveRecords the parser must find:
``heading`` is the short lead phrase, ``text`` the directive as printed from its lead (要…,
抓项目,要…, 一是…, 第一,…, (一)…) to its end. Where several directives share one paragraph the
texts are consecutive slices of it; the semicolon between 一是……;二是…… items belongs to neither.

The forms (all common in 区县报 meeting reports):
- 要-paragraphs: "会议强调,要A。……" then one "要B,……" paragraph per directive; a further
  "。要C,……" inside a paragraph opens another directive.
- heading-first: "会议要求,抓项目,要……" then "促消费,……" paragraphs; a 要 sentence inside
  such a paragraph belongs to the heading's directive.
- 一是/二是, 第一/第二 and (一)/(二) enumerations, inline or one per paragraph.
"""

from __future__ import annotations

from collections.abc import Callable

from articles.ingest.records import DirectiveRecord

from . import pools
from .draft import Draft

CN = "一二三四五六七八九"


def _headings(d: Draft, n: int, pool: tuple[str, ...] | list[str]) -> list[str]:
    return d.page.rng.sample(list(pool), n)


def _clauses(d: Draft, n: int) -> str:
    return d.page.p.comma.join(dict.fromkeys(d.clause() for _ in range(n)))


def _add(d: Draft, heading: str, text: str, meeting: int | None, issuer: str | None) -> None:
    d.directives.append(DirectiveRecord(heading, text, meeting, issuer))


def _yao_paragraphs(
    d: Draft, intro: str, n: int, body: int, meeting: int | None, issuer: str | None
) -> None:
    rng, c = d.page.rng, d.page.p.comma
    paragraphs: list[str] = []
    for k, heading in enumerate(_headings(d, n, pool=pools.HEADINGS)):
        if rng.random() < 0.5:  # 要提高站位、凝聚共识。全区上下……
            text = f"要{heading}。" + d.sentences(body)
        else:  # 要强化责任落实,统筹好……
            text = f"要{heading}{c}{_clauses(d, 2)}。" + d.sentences(body - 1)
        if k == 0:
            framing = d.framing() + "。" if rng.random() < 0.4 else ""
            paragraphs.append(intro + c + framing + text)
        elif rng.random() < 0.2:  # "……。要筑牢防火之基,……" in the same paragraph
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        _add(d, heading, text, meeting, issuer)
    d.paragraphs.extend(paragraphs)


def _heading_first(
    d: Draft, intro: str, n: int, body: int, meeting: int | None, issuer: str | None
) -> None:
    rng, c = d.page.rng, d.page.p.comma
    for k, heading in enumerate(_headings(d, n, pool=pools.SHORT_HEADINGS)):
        lead = "要" if k == 0 or rng.random() < 0.6 else ""
        text = f"{heading}{c}{lead}{_clauses(d, rng.randint(2, 3))}。"
        if rng.random() < 0.35:  # "。要进一步……" stays inside the heading's directive
            text += f"要{_clauses(d, 2)}。"
        text += d.sentences(max(0, body - 1))
        prefix = ""
        if k == 0:
            prefix = rng.choice(("针对下一步工作", "就做好下一步工作")) + c if not issuer else ""
            prefix += intro + c
        d.paragraphs.append(prefix + text)
        _add(d, heading, text, meeting, issuer)


def _enumerated(
    d: Draft, intro: str, n: int, body: int, meeting: int | None, issuer: str | None
) -> None:
    """一是/二是, 第一/第二 or (一)/(二), one per paragraph or all in one paragraph."""
    rng, p = d.page.rng, d.page.p
    c = p.comma
    kind = rng.choice(("shi", "di", "paren"))
    inline = kind != "paren" and rng.random() < 0.5
    headings = _headings(d, n, pool=pools.HEADINGS)
    texts: list[str] = []
    separators = [""] * n  # printed after each item but part of none
    for k, heading in enumerate(headings):
        marker = {
            "shi": f"{CN[k]}是",
            "di": f"第{CN[k]}{c}",
            "paren": f"{p.lparen}{CN[k]}{p.rparen}",
        }
        lead = marker[kind] + ("要" if kind != "paren" and rng.random() < 0.6 else "")
        if inline:
            # Items of a 一是……;二是……。 sentence are separated by semicolons, which belong to no
            # item (the text ends before the separator); 第一,……。第二,……。 items are sentences.
            item = f"{lead}{heading}{c}{_clauses(d, rng.randint(2, 3))}"
            if k == n - 1 or kind != "shi":
                texts.append(item + "。")
            else:
                texts.append(item)
                separators[k] = p.semi
        elif kind == "paren" or rng.random() < 0.5:  # (一)坚持问题导向。……
            texts.append(f"{lead}{heading}。" + d.sentences(body))
        else:
            texts.append(f"{lead}{heading}{c}{_clauses(d, 2)}。" + d.sentences(body - 1))
        _add(d, heading, texts[-1], meeting, issuer)
    if kind == "paren":
        # "(一)……" items follow a paragraph of their own that introduces them.
        d.paragraphs.append(intro + c + d.framing() + "。")
        d.paragraphs.extend(texts)
    elif inline:
        d.paragraphs.append(
            intro + c + "".join(t + sep for t, sep in zip(texts, separators, strict=True))
        )
    else:
        d.paragraphs.append(intro + c + texts[0])
        d.paragraphs.extend(texts[1:])


FORMS: tuple[Callable[..., None], ...] = (_yao_paragraphs, _heading_first, _enumerated)


def write_directives(
    d: Draft, *, meeting: int | None, issuer: str | None, intro: str, n: int, body: int
) -> None:
    """Append ``n`` directives of one randomly chosen form, each with ~``body`` sentences."""
    # A lone 一是 or a lone heading-first paragraph is no enumeration: those forms need two.
    form = d.page.rng.choices(FORMS, weights=(5, 2, 3))[0] if n > 1 else _yao_paragraphs
    form(d, intro, n, max(1, body), meeting, issuer)
