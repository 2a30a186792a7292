"""What a traced rendering records, and when replaying it says the page still holds."""

from __future__ import annotations

import pickle

import pytest
from jinja2 import DictLoader, Environment

from briefing.build.render_trace import instrument, register_entity, render, replays, skeleton


class Item:
    def __init__(self, title: str, related=(), tags=()):
        self.title = title
        self.related = list(related)
        self.tags = list(tags)


def environment(templates: dict[str, str], **filters) -> Environment:
    env = Environment(loader=DictLoader(templates), autoescape=True)
    env.filters.update(filters)
    instrument(env)
    return env


def rendered(templates: dict[str, str], context: dict, **filters):
    env = environment(templates, **filters)
    return render(env.get_template("page.html"), context, {})


def test_a_read_two_references_away_is_checked():
    a, b = Item("A"), Item("B")
    c = Item("C", related=[b])
    b.related = [a]
    context = {"articles": [c]}
    output, trace = rendered({"page.html": "{% for x in articles %}{{ x.related[0].related[0]"
                              ".title }}{% endfor %}"}, context)

    assert output == "A"
    assert replays(trace, context)
    a.title = "A, retitled"
    assert not replays(trace, context)


def test_what_the_template_did_not_read_does_not_count():
    first, second, third = Item("1"), Item("2"), Item("3")
    context = {"articles": [first, second, third]}
    output, trace = rendered({"page.html": "{{ (articles|first).title }}"}, context)

    assert output == "1"
    second.title = "two"
    context["articles"].append(Item("4"))  # the loop never reached the end
    assert replays(trace, context)
    first.title = "one"
    assert not replays(trace, context)


def test_a_name_the_context_lacked_is_checked_too():
    output, trace = rendered({"page.html": "{{ banner|default('none') }}"}, {})

    assert output == "none"
    assert replays(trace, {})
    assert not replays(trace, {"banner": "Sale"})


def test_lengths_comparisons_and_membership_are_reads():
    tag = "Energy"
    context = {"article": Item("A", tags=[tag]), "other": Item("B", tags=[tag])}
    _, trace = rendered({"page.html": "{{ article.tags|length }}"
                         "{% if 'Energy' in other.tags %}yes{% endif %}"
                         "{{ article == other }}"}, context)

    assert replays(trace, context)
    context["other"].tags = ["Grain"]
    assert not replays(trace, context)


def test_mappings_look_like_mappings_and_print_as_json():
    context = {"data": {"b": 1, "a": [1, 2]}}
    output, trace = rendered({"page.html": "{{ data is mapping }} {{ data|tojson }} "
                              "{% for k, v in data|dictsort %}{{ k }}{% endfor %}"}, context)

    assert output == 'True {"a": [1, 2], "b": 1} ab'
    assert replays(trace, context)
    context["data"]["a"] = [1, 3]
    assert not replays(trace, context)


@pytest.mark.parametrize("template", [
    "{{ 'note.txt'|read_file }}",  # a filter of the site's own, even on a constant
    "{% set _ = articles.append(1) %}",  # a method that changes what it is called on
    "{{ [1, 2]|random }}",  # Jinja's own, but another answer each time
])
def test_what_replaying_cannot_vouch_for_taints_the_page(template):
    _, trace = rendered({"page.html": template}, {"articles": []},
                        read_file=lambda name: "text")

    assert trace.tainted
    assert not replays(trace, {"articles": []})


def test_macros_and_included_templates_record_into_the_same_trace():
    context = {"article": Item("A", related=[Item("B")])}
    output, trace = rendered({
        "page.html": "{% from 'macros.html' import card %}{{ card(article.related[0]) }}"
                     "{% include 'footer.html' %}",
        "macros.html": "{% macro card(item) %}[{{ item.title }}]{% endmacro %}",
        "footer.html": "<{{ article.title }}>",
    }, context)

    assert output == "[B]<A>"
    context["article"].related[0].title = "B2"
    assert not replays(trace, context)


def test_a_trace_kept_in_the_record_replays_as_before_with_each_step_once():
    items = [Item(f"Item {n}") for n in range(3)]
    context = {"articles": items}
    _, trace = rendered({"page.html": "{% for x in articles %}{{ x.title }}{{ x.title|length }}"
                         "{% endfor %}"}, context)
    kept = pickle.loads(pickle.dumps(trace, protocol=pickle.HIGHEST_PROTOCOL))

    assert list(kept.nodes) == list(trace.nodes)
    title_reads = [step for step in kept.steps if step == ("a", "title")]
    assert len(title_reads) == 3 and len({id(step) for step in title_reads}) == 1
    assert replays(kept, context)
    items[2].title = "Item two"
    assert not replays(kept, context)


def test_a_tainted_trace_kept_in_the_record_stays_tainted():
    _, trace = rendered({"page.html": "{{ articles|shout }}"}, {"articles": []},
                        shout=lambda value: "!")
    kept = pickle.loads(pickle.dumps(trace))

    assert kept.tainted == trace.tainted and kept.nodes is None
    assert not replays(kept, {"articles": []})


class Story:
    """An entity of these tests: named by its slug in every build."""

    def __init__(self, slug: str, title: str, related=()):
        self.slug, self.title, self.related = slug, title, list(related)

    def shout(self) -> str:
        return self.title.upper()


register_entity(Story, lambda story: story.slug)


def test_a_skeleton_leaves_out_what_was_read_through_an_entity():
    older = Story("older", "Older")
    stories = [Story("a", "A", related=[older]), Story("b", "B")]
    context = {"stories": stories, "heading": "Today"}
    _, trace = rendered({"page.html": "{{ heading }}{% for s in stories %}{{ s.title }}"
                         "{% for r in s.related %}{{ r.title }}{% endfor %}{% endfor %}"},
                        context)
    outline = skeleton(trace)

    assert outline.entities == {("Story", "a"), ("Story", "b"), ("Story", "older")}
    assert outline.steps == {"Story": {("a", "title"), ("a", "related")}}
    assert len(list(outline.trace.nodes)) < len(list(trace.nodes))
    steady = {("Story", story.slug): story for story in [*stories, older]}
    assert replays(outline.trace, context, entities=steady)
    assert not replays(outline.trace, {**context, "stories": stories[::-1]}, entities=steady)
    assert not replays(outline.trace, context, entities={**steady, ("Story", "b"): Story("b", "B")})


@pytest.mark.parametrize("template", [
    "{% for s in stories %}{{ s.related.count(2) }}{% endfor %}",  # a method called on its values
    "{% for s in stories %}{{ s == lead }}{% endfor %}",  # an item against the page's own
])
def test_no_skeleton_where_an_entitys_reads_depend_on_the_page(template):
    lead = Story("lead", "Lead")
    _, trace = rendered({"page.html": template},
                        {"stories": [Story("a", "A", related=[lead])], "lead": lead})
    assert trace.tainted is None and skeleton(trace) is None
