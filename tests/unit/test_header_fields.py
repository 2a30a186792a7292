"""Every header field is known: unknown ones are errors with a suggestion.

The known set is the contract's table (``FIELD_NAMES``) and the site's
``BRIEFING_EXTRA_FIELDS``, read at each parse, so a field added to the
table is accepted at once.
"""

from __future__ import annotations

import pytest
from test_contract import PATH, item_text, only_error_of, parse

from briefing.content import contract


@pytest.mark.parametrize(("typed", "meant"), [
    ("Tag", "Tags"), ("Stauts", "Status"), ("Catgory", "Category"), ("Vai", "Via"),
    ("Source_Url", None), ("SourceURL", "Source_URL"), ("Titel", "Title"),
    ("Authour", "Authors"), ("Corection", "Correction"),
])
def test_a_misspelt_field_is_an_error_naming_the_field_it_resembles(typed, meant):
    text = item_text(extra=[f"{typed}: something"])
    parsed = parse(text)
    if meant is None:  # field names are read without regard to case: Source_Url is Source_URL
        assert not [p for p in parsed.problems if "header field" in p.message]
        return
    problem = only_error_of(parsed, typed)
    line = text.split("\n").index(f"{typed}: something") + 1
    assert str(problem) == (f"{PATH}:{line}: {typed}: is not a known header field: "
                            f"did you mean '{meant}'?")


def test_a_misspelt_required_field_is_reported_once_not_also_as_missing():
    parsed = parse(item_text(extra=["Tag: China"], drop=("Tags",)))
    assert [str(p) for p in parsed.problems] == [
        f"{PATH}:5: Tag: is not a known header field: did you mean 'Tags'?"]


def test_a_field_like_none_says_where_a_sites_own_fields_go():
    problem = only_error_of(parse(item_text(extra=["Xyzzy: 1"])), "Xyzzy")
    assert problem.message == ("is not a known header field (a site's own fields are "
                               "listed in BRIEFING_EXTRA_FIELDS)")


def test_every_unknown_field_is_reported_at_once_each_on_its_line():
    text = item_text(extra=["Stauts: draft", "Catgory: Trade", "Vai: Yonhap"])
    problems = [str(p) for p in parse(text).errors]
    assert problems == [f"{PATH}:6: Stauts: is not a known header field: did you mean 'Status'?",
                        f"{PATH}:7: Catgory: is not a known header field: did you mean "
                        "'Category'?",
                        f"{PATH}:8: Vai: is not a known header field: did you mean 'Via'?"]


def test_a_sites_own_fields_are_accepted_in_any_case():
    parsed = parse(item_text(extra=["Region: Baltic", "desk: Foreign"]),
                   extra_fields=["Region", "Desk"])
    assert parsed.problems == []
    assert parsed.value("region") == "Baltic"


def test_the_known_fields_are_read_from_the_contracts_table(monkeypatch):
    text = item_text(extra=["Rubric: Analysis"])
    assert only_error_of(parse(text), "Rubric")
    monkeypatch.setitem(contract.FIELD_NAMES, "rubric", "Rubric")
    assert parse(text).problems == []


def test_a_page_knows_the_same_fields():
    parsed = parse("Title: About\nSlug: about-us\nStatus: hidden\nSumary: x\n\nText\n",
                   is_page=True)
    assert [str(p) for p in parsed.problems] == [
        f"{PATH}:4: Sumary: is not a known header field: did you mean 'Summary'?"]


def test_a_misspelt_status_value_suggests_the_one_meant():
    problem = only_error_of(parse(item_text(extra=["Status: drafts"])), "Status")
    assert problem.message == "must be one of published, draft, hidden: did you mean 'draft'?"


def test_the_notes_heading_line_is_found_for_messages():
    text = item_text(body="Text.\n\n### Not it\n\n## Editor’s notes\n\n")
    parsed = parse(text)
    assert contract.notes_heading_line(parsed) == text.split("\n").index("## Editor’s notes") + 1
