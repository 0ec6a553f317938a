import datetime as dt

import pytest

from people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_named_matches_name_and_aliases():
    person = make_person("林思远", aliases=["林思源"])
    make_person("林思远长")
    assert list(Person.objects.named("林思远")) == [person]
    assert list(Person.objects.named("林思源")) == [person]
    assert not Person.objects.named("林思").exists()


def test_current_position_is_latest_seen():
    person = make_person()
    person.positions.create(
        title="副区长", first_seen=dt.date(2020, 1, 1), last_seen=dt.date(2022, 1, 1)
    )
    person.positions.create(
        title="区长", first_seen=dt.date(2022, 3, 1), last_seen=dt.date(2024, 1, 1)
    )
    assert person.current_position().title == "区长"
    assert str(person.current_position()) == f"{person.name} · 区长"
