"""The meeting an article reports, who organised it and who took part in which role.

Meeting reports follow a fixed pattern: "<organ>召开<name>会" (or "<official>主持召开会议研究
<topic>"), then who chaired (主持), spoke (讲话/发言/作报告), attended (参加/出席), sat in
(列席), came to guide (到会指导/莅临指导) or accompanied (陪同). A visit (调研, 检查, 走访)
without a 会议 is not a meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .lexicon import HAN, strip_lead
from .people import NameFinder, mask_quotes
from .records import MeetingRecord, Participant, PersonMention

_NAME_CHARS = r"[^，,。；;：:！？!?\s]"
_CONVENE_RE = re.compile(
    rf"(?=[组召举])(?:组织)?(?:召开|举行|召集)(?:了|的)?(?P<name>{_NAME_CHARS}{{0,60}}?(?:会议|会))"
    r"(?=[，,。；;：:！？!?\s]|上|中|$)"
)
# Gatherings that end in 会 but are events, not meetings (举办 is left out of _CONVENE_RE for
# the same reason: 举办 introduces festivals and performances).
_EVENT_RE = re.compile("(?:晚会|联欢会|运动会|游园会|音乐会|展销会|博览会|招聘会|庙会|演唱会)$")
_HOSTED_RE = re.compile(
    rf"主持召开(?:了)?(?P<kind>{_NAME_CHARS}{{0,12}}?会议?)"
    r"(?:专题)?(?:研究|听取|部署|调度|推进|安排|分析|传达|学习|审议)+"
    rf"(?P<topic>{_NAME_CHARS}{{2,40}})"
)
# Phrases that only occur when the article reports a meeting.
_MEETING_CUE_RE = re.compile(
    r"(?=[主参出列会])(?:(?:主持|参加|出席|列席)(?:了)?会议"
    r"|会议(?:强调|指出|要求|听取|传达|通报|审议|研究|认为|号召|提出)|会上)"
)
_SUBJECT_LEAD_RE = re.compile(r"^(?:并|随后|还|又|同时|也|当天|会后)+")
_SUBJECT_TAIL_RE = re.compile(r"(?:隆重|及时|再次|专门|紧急|组织|主持|先后|分别|在\S{0,12})+$")
_DISTRICT_RE = re.compile(f"^([{HAN}]{{1,8}}?区)(?=委|政府|人大|政协|纪委|召开|举行|党|各)")
_GENERIC_DISTRICTS = frozenset(
    "全区 我区 本区 该区 各区 城区 辖区 社区 园区 片区 景区 校区 小区 市区".split()
)
_DISTRICT_CLAUSE_RE = re.compile(r"[，,。；;：:！？!?\s、]+")
_LAST_CLAUSE_RE = re.compile(r"[，,。；;：:！？!?\s]")
_SENTENCE_RE = re.compile(r"[^。！？!?；;]+")
_CLAUSE_RE = re.compile(r"[^，,：:]+")

_ESCORTED_RE = re.compile(r"在[^，,。；;]{0,30}?陪同下")

CHAIR, SPEAKER, ATTENDEE, OBSERVER, GUEST, COMPANION = (
    "chair",
    "speaker",
    "attendee",
    "observer",
    "guest",
    "companion",
)
ROLE_ORDER = (CHAIR, SPEAKER, ATTENDEE, OBSERVER, GUEST, COMPANION)
_ROLE_RE = re.compile(
    "(?=[到莅列主讲发致宣作参出陪指强要表提])(?:(?P<guest>到会指导|莅临指导|莅临|到会)|(?P<observer>列席)|(?P<chair>主持)"
    "|(?P<speaker>讲话|发言|致辞|宣讲|作(?:了)?[^，,。；;]{0,12}?报告)|(?P<attendee>参加|出席)"
    "|(?P<companion>陪同)|(?P<speech>指出|强调|要求|表示|提出))"
)


def district_of(text: str) -> str | None:
    """The district an org phrase or position starts with (云湖区委书记 -> 云湖区)."""
    match = _DISTRICT_RE.match(strip_lead(text))
    if match and match.group(1) not in _GENERIC_DISTRICTS:
        return match.group(1)
    return None


def find_district(texts: list[str]) -> str:
    """The paper's own district: the most frequent "<name>区" that opens an org phrase."""
    counts: Counter[str] = Counter()
    for text in texts:
        if "区" not in text:
            continue
        for clause in _DISTRICT_CLAUSE_RE.split(mask_quotes(text)):
            district = district_of(clause) if "区" in clause else None
            if district:
                counts[district] += 1
    return counts.most_common(1)[0][0] if counts else ""


def _organizer(subject: str, people: list[PersonMention], district: str) -> str:
    subject = _SUBJECT_TAIL_RE.sub("", _SUBJECT_LEAD_RE.sub("", strip_lead(subject))).strip()
    for person in people:
        if person.name in subject:  # "区长王一主持召开": an official, so the district convenes
            for position in person.positions:
                found = district_of(position)
                if found:
                    return found
            return district
    return subject or district


def find_meeting(
    title: str,
    paragraphs: list[str],
    people: list[PersonMention],
    district: str,
    date: dt.date,
) -> MeetingRecord | None:
    """The meeting reported by the article, or None (visits, briefs)."""
    for text in [*paragraphs, title]:
        masked = mask_quotes(text)
        convened = _CONVENE_RE.search(masked)
        hosted = _HOSTED_RE.search(masked)
        if hosted and (not convened or hosted.start() < convened.start()):
            # "主持召开会议研究全区春耕生产工作": the topic names the meeting.
            kind = hosted.group("kind")
            name = text[hosted.start("topic") : hosted.end("topic")] + kind
            subject = _LAST_CLAUSE_RE.split(masked[: hosted.start()])[-1]
            return MeetingRecord(name, _organizer(subject, people, district), date)
        if convened and _EVENT_RE.search(convened.group("name")):
            convened = None  # 举行文艺晚会: a community event, not a meeting
        if convened:
            name = text[convened.start("name") : convened.end("name")].lstrip("了的")
            subject = _LAST_CLAUSE_RE.split(masked[: convened.start()])[-1]
            return MeetingRecord(name, _organizer(subject, people, district), date)
    if any(_MEETING_CUE_RE.search(text) for text in paragraphs):
        chair_district = next(
            (d for p in people for pos in p.positions if (d := district_of(pos))), district
        )
        return MeetingRecord("会议", chair_district, date)
    return None


def participants(paragraphs: list[str], people: list[PersonMention]) -> list[Participant]:
    """Roles of the named people, from the verbs that follow them in each clause."""
    finder = NameFinder([p.name for p in people])
    if not finder:
        return []
    roles: dict[str, set[str]] = {p.name: set() for p in people}
    speaks: set[str] = set()
    for paragraph in paragraphs:
        masked = mask_quotes(paragraph)
        if not _ROLE_RE.search(masked):
            continue
        for sentence in _SENTENCE_RE.finditer(masked):
            text = sentence.group()
            if not finder.search(text) or not _ROLE_RE.search(text):
                continue  # the subject carried between clauses never leaves its sentence
            previous: list[str] = []
            waiting: list[str] = []  # "区委常委甲、乙,区政协副主席丙参加会议": one verb for all
            for clause in _CLAUSE_RE.finditer(text):
                text = clause.group()
                found = finder.findall(text)
                verbs = list(_ROLE_RE.finditer(text))
                escorted = [m.span() for m in _ESCORTED_RE.finditer(text)]
                if not verbs:
                    waiting += [n for _, n in found]
                for verb in verbs:
                    role = verb.lastgroup
                    before = [(i, n) for i, n in found if i < verb.start()]
                    if role == COMPANION:  # 在区长王一的陪同下: only the names after 在
                        at = text.rfind("在", 0, verb.start())
                        if at >= 0:
                            before = [(i, n) for i, n in before if i > at]
                    else:  # ……and those names do nothing else: 市长李四在……陪同下出席
                        before = [
                            (i, n) for i, n in before if not any(a < i < b for a, b in escorted)
                        ]
                    if before:
                        subjects = waiting + [n for _, n in before]
                    elif not found and "会议" not in text[: verb.start()]:
                        subjects = previous  # "……主持会议,并讲话": same subject
                    else:
                        subjects = []
                    for name in subjects:
                        if role == "speech":
                            speaks.add(name)
                        else:
                            roles[name].add(role)
                if verbs:
                    waiting = []
                if found:
                    previous = [n for _, n in found]
    # 指出/强调 makes a speaker of the chair (主持召开会议……指出) or of someone with no other
    # role; a guest who 指出 in his comments stays a guest.
    for name in speaks:
        if CHAIR in roles[name] or not roles[name]:
            roles[name].add(SPEAKER)
    return [
        Participant(p.name, [r for r in ROLE_ORDER if r in roles[p.name]])
        for p in people
        if roles[p.name]
    ]
