"""Entity states: what every page's reads of an item, tag or edition give, in one digest."""

from __future__ import annotations

import dataclasses

from briefing.build.entity_state import SteadyEntities, found_entities, states
from briefing.build.render_trace import Skeleton, register_entity


class Item:
    def __init__(self, source: str, title: str, related=(), extra=None):
        self.source, self.title, self.related, self.extra = source, title, list(related), extra
        self.unread = "anything"


register_entity(Item, lambda item: item.source)


@dataclasses.dataclass
class Note:
    number: int
    text: str


READS = {"Item": {("a", "title"), ("a", "related"), ("a", "extra"), ("bool",)}}


def state_of(item: Item, *others: Item) -> bytes | None:
    entities = found_entities({"articles": [item, *others]})
    return states(entities, READS).get(("Item", item.source))


def test_a_state_follows_what_pages_read_and_nothing_else():
    first = state_of(Item("a.md", "A"))
    assert first == state_of(Item("a.md", "A"))
    assert first != state_of(Item("a.md", "A, retitled"))
    unread = Item("a.md", "A")
    unread.unread = "changed"
    assert state_of(unread) == first


def test_another_entity_counts_by_its_name_and_changes_in_its_own_state():
    older = Item("older.md", "Older")
    item = Item("a.md", "A", related=[older])
    before = states(found_entities({"articles": [item, older]}), READS)
    older.title = "Older, retitled"
    after = states(found_entities({"articles": [item, older]}), READS)

    assert after[("Item", "a.md")] == before[("Item", "a.md")]
    assert after[("Item", "older.md")] != before[("Item", "older.md")]
    item.related = [Item("other.md", "Other")]  # not one of the build's: no state to rely on
    assert ("Item", "a.md") not in states(found_entities({"articles": [item, older]}), READS)


def test_values_are_taken_whole_down_to_dataclasses_and_dicts():
    item = Item("a.md", "A", extra={"notes": [Note(1, "One")]})
    before = state_of(item)
    item.extra["notes"][0].text = "One, edited"
    assert state_of(item) != before


def test_a_value_that_cannot_be_taken_whole_leaves_no_state():
    assert state_of(Item("a.md", "A", extra=object())) is None
    assert state_of(Item("a.md", "A", extra={"a set", "whose order varies"})) is None


def test_two_objects_of_one_name_leave_that_name_out():
    entities = found_entities({"articles": [Item("a.md", "A")], "drafts": [Item("a.md", "B")],
                               "pages": [Item("b.md", "B")]})
    assert set(entities) == {("Item", "b.md")}


def test_steady_entities_vouch_only_for_skeletons_whose_reads_their_states_cover():
    kept, edited = Item("a.md", "A"), Item("b.md", "B")
    entities = found_entities({"articles": [kept, edited]})
    _, before = SteadyEntities.between(entities, READS, {})
    edited.title = "B, retitled"
    steady, _ = SteadyEntities.between(entities, READS, before)

    def outline(*names, steps=frozenset({("a", "title")})):
        return Skeleton(trace=None, entities=frozenset(("Item", name) for name in names),
                        steps={"Item": steps})
    assert set(steady.entities) == {("Item", "a.md")}
    assert steady.vouch_for(outline("a.md"))
    assert not steady.vouch_for(outline("a.md", "b.md"))  # met the retitled item
    assert not steady.vouch_for(outline("a.md", steps=frozenset({("a", "unread")})))
