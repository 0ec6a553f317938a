"""The three kinds of article a district front page carries, each written with its truth.

- meeting report (会议新闻): who convened what, the chair, directives, who attended;
- inspection visit (调研): a leader visits places, gives directives, is accompanied (陪同) —
  no meeting, so directives have ``meeting = None`` and the leader as issuer;
- community event: a short piece with a place and perhaps a slogan, no people.

Each writer returns (kicker, title, subtitle) candidates; page.py decides the headline layout.
"""

from __future__ import annotations

from articles.ingest.records import MeetingRecord

from . import pools
from .directives import write_directives
from .draft import Draft

SENTENCE_CHARS = 40  # a typical body sentence, for sizing articles to the page budget


def _kicker(d: Draft) -> str:
    rng = d.page.rng
    if rng.random() < 0.3:  # a slogan with 、 and a comma: "A、B,在……"
        a, b = rng.sample(pools.KICKER_CHUNKS, 2)
        return f"{a}、{b}{d.page.p.comma}{rng.choice(pools.SUBTITLES)}"
    return " ".join(rng.sample(pools.KICKER_CHUNKS, rng.randint(2, 4)))


def _headline_parts(d: Draft, title: str) -> tuple[str, str, str]:
    rng = d.page.rng
    kicker = _kicker(d) if rng.random() < 0.6 else ""
    subtitle = rng.choice(pools.SUBTITLES) if rng.random() < 0.4 else ""
    return kicker, title, subtitle


def _group_attendees(d: Draft, verb: str) -> str:
    """区领导甲、乙、丙等参加会议 / 副区长甲、乙,区政协副主席丙出席会议."""
    rng, c = d.page.rng, d.page.p.comma
    if rng.random() < 0.5:
        names = [d.person() for _ in range(rng.randint(2, 6))]
        for name in names:
            d.role(name, "attendee")
        etc = "等" if rng.random() < 0.6 else ""
        return f"{rng.choice(pools.GROUP_WORDS)}{'、'.join(names)}{etc}{verb}"
    groups: list[str] = []
    for title in rng.sample(pools.LIST_TITLES, rng.randint(1, 2)):
        names = [d.person((title,)) for _ in range(rng.randint(1, 3))]
        for name in names:
            d.role(name, "attendee")
        groups.append(title + "、".join(names))
    return c.join(groups) + verb


def _observers_and_guests(d: Draft) -> list[str]:
    """Paragraphs naming guests (到会指导) and observers (列席), and a guest's remarks."""
    rng, c = d.page.rng, d.page.p.comma
    parts: list[str] = []
    remark = ""
    if rng.random() < 0.4:
        positions = rng.sample(pools.GUEST_POSITIONS, rng.randint(1, 2))
        guests = [d.person((pos.format(t=d.term()) if "{t}" in pos else pos,)) for pos in positions]
        for name in guests:
            d.role(name, "guest")
        verb = rng.choice(("到会指导", "莅临指导"))
        parts.append(
            "、".join(d.titled(n) for n in guests) + ("等" if len(guests) > 1 else "") + verb
        )
        if rng.random() < 0.4:
            # A guest's comments: 指出 makes only the chair a speaker, and without a sentence
            # opening with 要 the comments hold no directive.
            remark = f"{guests[0]}在点评中指出{c}{d.framing()}{c}并对下一步工作提出了意见建议。"
    if rng.random() < 0.3:
        observers = [
            d.person((pos,)) for pos in rng.sample(pools.OBSERVER_POSITIONS, rng.randint(1, 2))
        ]
        for name in observers:
            d.role(name, "observer")
        parts.append("、".join(d.titled(n) for n in observers) + "列席会议")
    return [p for p in (c.join(parts) + "。" if parts else "", remark) if p]


def meeting_article(d: Draft, budget: int) -> tuple[str, str, str]:
    rng, page, c = d.page.rng, d.page, d.page.p.comma
    dateline, d.date, d.precision = page.dateline()
    topic = rng.choice(pools.TOPICS)
    organizer = page.district + rng.choice(("", "", "委", "政府"))
    kind = rng.choice(pools.MEETING_KINDS)
    chair = d.person(rng.choice(pools.CHAIR_POSITIONS))
    purposes = c.join(rng.sample(pools.PURPOSES, rng.randint(2, 3)))

    if rng.random() < 0.75:  # "云湖区召开……推进会,……。区委书记、区长甲主持会议并讲话。"
        name = f"{topic}{kind}"
        if rng.random() < 0.3:
            name = "全区" + name
        d.meetings.append(MeetingRecord(name, organizer, d.date))
        first = f"{dateline}{organizer}召开{name}{c}{purposes}。"
        if rng.random() < 0.75:
            d.role(chair, "chair", "speaker")
            first += f"{d.titled(chair)}主持会议并讲话。"
            speaker = chair
        else:  # the chair presides, a senior leader gives the speech
            if "区委书记" in d.people[chair]:  # one 区委书记 per district
                d.people[chair] = ["区委副书记", "区长"]
            speaker = d.person(("区委书记",))
            d.role(chair, "chair")
            d.role(speaker, "attendee", "speaker")
            first += f"{d.titled(speaker)}出席会议并讲话{c}{d.titled(chair)}主持会议。"
        title = f"{organizer}召开{name}"
    else:  # "云湖区委书记、区长甲主持召开会议,研究……工作" (the chair's office names the district)
        name = f"全区{topic}工作会议"
        d.meetings.append(MeetingRecord(name, page.district, d.date))
        # The chair's first office names the district, which is the organizer
        # ("云湖区委书记、区长……主持召开会议研究……" has organizer 云湖区).
        first_position, *rest = d.people[chair]
        if not first_position.startswith("区委"):
            first_position, rest = "区委副书记", ["区长"]
        d.people[chair] = [page.district + first_position[1:], *rest]
        d.role(chair, "chair", "speaker")
        dept = "、".join(rng.sample(pools.DEPARTMENTS, 2))
        first = (
            f"{dateline}{d.titled(chair)}主持召开会议研究{name[:-2]}{c}在听取{dept}工作汇报后指出"
            f"{c}{d.framing()}。"
        )
        speaker = chair
        title = f"全区扎实推进{topic}工作"
    d.paragraphs.append(first)

    d.paragraphs.extend(_observers_and_guests(d))
    if rng.random() < 0.6:
        stems = [page.stem() for _ in range(rng.randint(2, 4))]
        d.places.extend(stems)
        dept = rng.choice(pools.DEPARTMENTS)
        d.paragraphs.append(
            f"会议听取了{dept}关于{topic}工作情况的汇报{c}对{'、'.join(stems)}等街道"
            f"{topic}工作推进情况进行了逐一点评。"
        )
    elif rng.random() < 0.5:
        town, street = page.stem(), page.stem()
        d.places.extend((town, street))
        d.paragraphs.append(f"会上{c}{town}镇、{street}街道分别作了交流发言。{d.sentence()}")

    if rng.random() < 0.9:
        n = rng.randint(2, 5)
        body = max(1, (budget - 300) // (SENTENCE_CHARS * n))
        if speaker and rng.random() < 0.3:
            intro = rng.choice((f"{speaker}强调", f"{speaker}在讲话中强调", f"{speaker}要求"))
            issuer = speaker
        else:
            intro, issuer = rng.choice(("会议强调", "会议要求")), None
        write_directives(d, meeting=0, issuer=issuer, intro=intro, n=n, body=body)
    else:
        d.paragraphs.append(d.sentences(max(1, budget // SENTENCE_CHARS - 4)))

    verb = rng.choice(("参加会议。", "出席会议。"))
    d.paragraphs.append(_group_attendees(d, verb))
    d.pad(budget, rng.choice((f"会议指出{c}{d.framing()}。", f"据了解{c}")))
    return _headline_parts(d, title)


def visit_article(d: Draft, budget: int) -> tuple[str, str, str]:
    rng, page, c = d.page.rng, d.page, d.page.p.comma
    dateline, d.date, d.precision = page.dateline()
    topic = rng.choice(pools.TOPICS)
    leader = d.person(rng.choice(pools.CHAIR_POSITIONS))
    street = page.stem()
    stops = [page.stem() for _ in range(rng.randint(1, 3))]
    d.places.extend([street, *stops])
    sights = "、".join(
        f"{stop}{rng.choice(('社区', '村'))}{rng.choice(pools.VISIT_SIGHTS)}" for stop in stops
    )
    d.paragraphs.append(
        f"{dateline}{d.titled(leader)}到{street}街道调研{topic}工作{c}先后来到{sights}{c}"
        f"{rng.choice(('实地察看', '详细了解'))}{topic}工作开展情况。"
    )
    n = rng.randint(1, 4)
    body = max(1, (budget - 250) // (SENTENCE_CHARS * n))
    intro = rng.choice((f"{leader}强调", f"{leader}要求", f"{leader}指出"))
    write_directives(d, meeting=None, issuer=leader, intro=intro, n=n, body=body)

    # 陪同 people are named but hold no meeting role: there is no meeting (ingest-json.md).
    if rng.random() < 0.5:
        companions = [d.person(p) for p in rng.sample(pools.LEADER_POSITIONS, rng.randint(1, 2))]
        line = c.join(d.titled(n) for n in companions)
    else:
        companions = [d.person() for _ in range(rng.randint(1, 3))]
        line = rng.choice(pools.GROUP_WORDS) + "、".join(companions)
    d.paragraphs.append(line + rng.choice(("陪同调研。", "陪同。")))
    d.pad(budget, f"据了解{c}")
    title = (
        f"{leader}到{street}街道调研{topic}工作"
        if rng.random() < 0.7
        else f"{leader}调研{topic}工作"
    )
    return _headline_parts(d, title)


def event_article(d: Draft, budget: int) -> tuple[str, str, str]:
    rng, page, c = d.page.rng, d.page, d.page.p.comma
    dateline, d.date, d.precision = page.dateline()
    community = page.stem()
    d.places.append(community)
    community += "社区"
    event = rng.choice(pools.EVENT_KINDS)
    d.paragraphs.append(
        f"{dateline}{community}在社区广场举办{event}{c}辖区{rng.randint(2, 9)}00余名居民参加活动。"
        f"活动以{d.term()}为主题{c}{d.clause()}。"
    )
    d.pad(budget, "")
    return "", f"{community}举办{event}", ""


WRITERS = (meeting_article, visit_article, event_article)
WEIGHTS = (6, 3, 1)
