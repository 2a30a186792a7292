"""The content contract (CONTENT-FORMAT.md) as ``briefing.content.contract`` implements it."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from briefing.content import contract
from briefing.content.contract import (
    ContractError,
    Problem,
    canonical_source_url,
    decode,
    is_http_url,
    is_notes_heading,
    parse_correction,
    parse_datetime,
    parse_file,
    parse_source_date,
    split_header,
    split_list,
    text_direction,
)

SITE_ZONE = "Europe/Berlin"
BERLIN = ZoneInfo(SITE_ZONE)
PATH = "content/item.md"

VALID_HEADER = {
    "Title": "CIA releases Mandarin videos to recruit Chinese officials",
    "Date": "2026-11-26 09:30",
    "Tags": "CIA, China, espionage",
    "Source": "RT",
    "Source_URL": "https://www.rt.com/news/example-cia-mandarin-videos/",
}
BODY = "The Central Intelligence Agency launched a new recruitment campaign.\n"


def item_text(header: dict[str, str] | None = None, *, extra: list[str] = (),
              drop: tuple[str, ...] = (), body: str = BODY) -> str:
    """A content file: VALID_HEADER with changes, a blank line, then ``body``."""
    fields = dict(VALID_HEADER)
    fields.update(header or {})
    lines = [f"{key}: {value}" for key, value in fields.items() if key not in drop]
    lines += list(extra)
    return "\n".join(lines) + "\n\n" + body


def parse(text: str, **kwargs) -> contract.ParsedFile:
    return parse_file(text.encode("utf-8"), PATH, timezone=SITE_ZONE, **kwargs)


def problems_of(parsed: contract.ParsedFile, field: str) -> list[Problem]:
    return [p for p in parsed.problems if p.field == field]


def only_error_of(parsed: contract.ParsedFile, field: str) -> Problem:
    errors = [p for p in parsed.errors if p.field == field]
    assert len(errors) == 1, parsed.problems
    return errors[0]


def line_of(text: str, prefix: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(prefix))


# -- a valid item ------------------------------------------------------------


def test_valid_item_has_no_problems():
    parsed = parse(item_text())
    assert parsed.problems == []
    assert parsed.value("title") == VALID_HEADER["Title"]
    assert parsed.body == BODY


def test_every_optional_field_in_its_valid_form_raises_no_problem():
    text = item_text(extra=[
        "Category: Intelligence", "Via: Bloomberg", "Source_Date: 2026-11-25",
        "Summary: The agency's second Mandarin-language push.", "Authors: Ann, Bo",
        "Status: hidden", "Slug: cia-mandarin", "Lang: zh", "Modified: 2026-11-27 10:00",
        "Id: tag:example.org,2026:cia", "Correction: 2026-11-27: Fixed the view count",
        "Aliases: /2026/11/25/cia-videos/, https://briefing.example.org/old.html",
    ])
    assert parse(text).problems == []


# -- header split --------------------------------------------------------------


def test_header_is_every_line_before_the_first_blank_line():
    text = "Title: A headline\nDate: 2026-11-26 09:30\n\nUpdate: this line is article text\n"
    parsed = split_header(text, PATH)
    assert set(parsed.fields) == {"title", "date"}
    assert parsed.body == "Update: this line is article text\n"


def test_a_line_of_spaces_ends_the_header():
    parsed = split_header("Title: A headline\n   \nBody: text\n", PATH)
    assert set(parsed.fields) == {"title"}
    assert parsed.body == "Body: text\n"


def test_header_values_keep_later_colons_and_lose_surrounding_spaces():
    parsed = split_header(
        "Title:   Breaking: talks resume  \nSource_URL: https://example.com/a\n\nText", PATH)
    assert parsed.value("title") == "Breaking: talks resume"
    assert parsed.value("source_url") == "https://example.com/a"


def test_header_keys_are_case_insensitive():
    parsed = split_header("TITLE: A\nsource_url: https://example.com/\n\nText", PATH)
    assert parsed.value("title") == "A"
    assert parsed.value("source_url") == "https://example.com/"


def test_header_fields_remember_their_line_numbers():
    parsed = split_header("Title: A\nDate: 2026-11-26 09:30\nTags: x\n\nText", PATH)
    assert parsed.line_of("title") == 1
    assert parsed.line_of("date") == 2
    assert parsed.line_of("tags") == 3


@pytest.mark.parametrize(("header_lines", "body_line"), [(1, 3), (5, 7), (8, 10)])
def test_body_line_is_the_line_after_the_blank_line(header_lines, body_line):
    header = "\n".join(f"X{n}: value" for n in range(header_lines))
    parsed = split_header(header + "\n\nFirst body line\n", PATH)
    assert parsed.body_line == body_line
    assert parsed.body.split("\n")[0] == "First body line"


def test_header_line_without_colon_is_an_error_naming_the_line():
    text = item_text(extra=["This line has no colon"])
    parsed = parse(text)
    [problem] = [p for p in parsed.errors if p.line == line_of(text, "This line")]
    assert problem.line == 6
    assert problem.value == "This line has no colon"
    assert str(problem).startswith(f"{PATH}:6: ")
    assert str(problem).endswith("(got 'This line has no colon')")


def test_header_line_without_colon_does_not_hide_the_fields_after_it():
    text = "Title: A\nno colon here\nDate: 2026-11-26 09:30\n\nText"
    parsed = split_header(text, PATH)
    assert parsed.value("date") == "2026-11-26 09:30"
    assert [p.line for p in parsed.problems] == [2]


# -- required fields -------------------------------------------------------------

ITEM_REQUIRED = ["Title", "Date", "Tags", "Source", "Source_URL"]


@pytest.mark.parametrize("field", ITEM_REQUIRED)
def test_missing_required_item_field_is_an_error(field):
    parsed = parse(item_text(drop=(field,)))
    problem = only_error_of(parsed, field)
    assert problem.message == "is missing"
    assert problem.line is None
    assert str(problem) == f"{PATH}: {field}: is missing"


@pytest.mark.parametrize("field", ITEM_REQUIRED)
def test_empty_required_item_field_is_an_error_on_its_line(field):
    text = item_text(drop=(field,), extra=[f"{field}:"])
    parsed = parse(text)
    problem = only_error_of(parsed, field)
    assert problem.message == "is required but empty"
    assert problem.line == 5


@pytest.mark.parametrize("field", ITEM_REQUIRED)
def test_required_field_of_only_spaces_is_empty(field):
    text = item_text(drop=(field,), extra=[f"{field}:    "])
    problem = only_error_of(parse(text), field)
    assert problem.message == "is required but empty"


def test_every_missing_required_field_is_reported_not_only_the_first():
    parsed = parse("Lang: en\n\nText\n")
    assert {p.field for p in parsed.errors} == set(ITEM_REQUIRED)


def test_page_requires_only_a_title():
    parsed = parse("Title: About\n\nWho we are.\n", is_page=True)
    assert parsed.problems == []


def test_page_without_title_is_an_error():
    parsed = parse("Slug: about\n\nWho we are.\n", is_page=True)
    assert [p.field for p in parsed.errors] == ["Title"]
    assert parsed.errors[0].message == "is missing"


@pytest.mark.parametrize("tags", [",", ", ,", " , , ,  "])
def test_tags_need_at_least_one_tag(tags):
    text = item_text({"Tags": tags})
    problem = only_error_of(parse(text), "Tags")
    assert "at least one tag" in problem.message
    assert problem.line == 3
    assert problem.value == tags.strip()


def test_a_single_tag_is_enough():
    assert parse(item_text({"Tags": "China"})).problems == []


def test_split_list_strips_and_drops_empty_entries():
    assert split_list(" CIA, China ,, espionage , ") == ["CIA", "China", "espionage"]


# -- dates --------------------------------------------------------------------------


def test_local_date_is_read_in_the_site_time_zone():
    moment = parse_datetime("2026-11-26 09:30", SITE_ZONE)
    assert moment == dt.datetime(2026, 11, 26, 9, 30, tzinfo=BERLIN)
    assert moment.utcoffset() == dt.timedelta(hours=1)


def test_local_summer_date_gets_the_summer_offset():
    moment = parse_datetime("2026-07-01 12:00", SITE_ZONE)
    assert moment.utcoffset() == dt.timedelta(hours=2)
    assert moment.astimezone(dt.UTC) == dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-25T23:30:00-05:00", dt.datetime(2026, 11, 26, 5, 30)),
    ("2026-11-25T23:30-05:00", dt.datetime(2026, 11, 26, 5, 30)),
    ("2026-11-26T04:30:00Z", dt.datetime(2026, 11, 26, 5, 30)),
    ("2026-11-26T10:00:00+05:30", dt.datetime(2026, 11, 26, 5, 30)),
    ("2026-11-26T05:30:00+01:00", dt.datetime(2026, 11, 26, 5, 30)),
])
def test_iso_date_with_offset_is_converted_to_the_site_time_zone(value, expected):
    moment = parse_datetime(value, SITE_ZONE)
    assert moment.replace(tzinfo=None) == expected
    assert moment.utcoffset() == dt.timedelta(hours=1)
    assert moment.tzinfo == BERLIN


def test_offset_date_that_crosses_midnight_falls_on_the_site_calendar_day():
    moment = parse_datetime("2026-11-25T23:30:00-05:00", SITE_ZONE)
    assert moment.date() == dt.date(2026, 11, 26)


@pytest.mark.parametrize("value", [
    "2026-11-26 09:30", "2026-11-25T23:30:00-05:00", "2026-11-26T08:30:00Z",
])
def test_valid_dates_raise_no_problem(value):
    assert parse(item_text({"Date": value})).problems == []


@pytest.mark.parametrize("value", [
    "2026-02-30 10:00", "2026-13-01 10:00", "2026-11-26 25:00", "2026-11-26 10:61",
    "2026-02-30T10:00:00+01:00",
])
def test_impossible_date_is_not_a_real_date(value):
    assert parse_datetime(value, SITE_ZONE) is None
    problem = only_error_of(parse(item_text({"Date": value})), "Date")
    assert "is not a real date" in problem.message
    assert problem.line == 2
    assert problem.value == value


@pytest.mark.parametrize("value", [
    "tomorrow", "26.11.2026 09:30", "26/11/2026", "2026-11-26 9:30am", "Nov 26, 2026",
    "2026-11-26 09:30 CET",
])
def test_garbage_date_is_not_a_date(value):
    assert parse_datetime(value, SITE_ZONE) is None
    problem = only_error_of(parse(item_text({"Date": value})), "Date")
    assert problem.message.startswith("is not a date")
    assert problem.value == value


def test_modified_is_checked_like_date():
    text = item_text(extra=["Modified: last Tuesday"])
    problem = only_error_of(parse(text), "Modified")
    assert problem.message.startswith("is not a date")
    assert problem.line == 6


def test_source_date_accepts_an_iso_date():
    assert parse_source_date("2026-11-25", SITE_ZONE) == dt.date(2026, 11, 25)
    assert parse(item_text(extra=["Source_Date: 2026-11-25"])).problems == []


def test_source_date_of_a_datetime_is_its_day_in_the_site_time_zone():
    assert parse_source_date("2026-11-25T23:30:00-05:00", SITE_ZONE) == dt.date(2026, 11, 26)


@pytest.mark.parametrize(("value", "message"), [
    ("2026-02-30", "is not a real date"),
    ("last week", "is not an ISO date"),
    ("25.11.2026", "is not an ISO date"),
])
def test_bad_source_date_is_an_error(value, message):
    text = item_text(extra=[f"Source_Date: {value}"])
    problem = only_error_of(parse(text), "Source_Date")
    assert message in problem.message
    assert problem.line == 6
    assert problem.value == value


# -- Source_URL ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://www.rt.com/news/example/",
    "http://example.com/a?b=1",
    "HTTPS://EXAMPLE.COM/Path",
    "https://example.com:8443/a",
])
def test_absolute_http_urls_are_valid_source_urls(url):
    assert is_http_url(url)
    assert parse(item_text({"Source_URL": url})).problems == []


@pytest.mark.parametrize("url", [
    "/news/example/",
    "news/example",
    "www.rt.com/news/example/",
    "//www.rt.com/news/example/",
    "ftp://rt.com/news/example",
    "javascript:alert(1)",
    "mailto:desk@example.com",
    "https://",
    "https:///news/example",
    "http:/example.com",
    "https://exa mple.com/",
    "https://[broken/news/example",
    "https://example.com:99999999/news/example",
    "https://example.com:port/news/example",
])
def test_source_url_that_is_not_absolute_http_is_an_error(url):
    assert not is_http_url(url)
    problem = only_error_of(parse(item_text({"Source_URL": url})), "Source_URL")
    assert "absolute http(s) URL" in problem.message
    assert problem.line == 5
    assert problem.value == url


# -- Status and Correction ------------------------------------------------------------


@pytest.mark.parametrize("status", ["published", "draft", "hidden", "Draft", "HIDDEN"])
def test_known_status_values_are_valid(status):
    assert parse(item_text(extra=[f"Status: {status}"])).problems == []


@pytest.mark.parametrize("status", ["archived", "publish", "drafts", "private"])
def test_unknown_status_is_an_error(status):
    problem = only_error_of(parse(item_text(extra=[f"Status: {status}"])), "Status")
    assert all(name in problem.message for name in ("published", "draft", "hidden"))
    assert problem.value == status


def test_correction_reads_date_and_text():
    assert parse_correction("2026-11-27: Fixed the view count") == (
        dt.date(2026, 11, 27), "Fixed the view count")


def test_correction_may_be_repeated_without_a_warning():
    text = item_text(extra=["Correction: 2026-11-27: Fixed the view count",
                            "Correction: 2026-11-28: Fixed the agency's name"])
    parsed = parse(text)
    assert parsed.problems == []
    assert [f.value for f in parsed.fields["correction"]] == [
        "2026-11-27: Fixed the view count", "2026-11-28: Fixed the agency's name"]


@pytest.mark.parametrize("value", [
    "Fixed the view count", "2026-11-27", "2026-11-27:", "2026-11-27:   ",
    "27.11.2026: Fixed", "2026-02-30: Fixed",
])
def test_malformed_correction_is_an_error_on_its_own_line(value):
    assert parse_correction(value) is None
    text = item_text(extra=["Correction: 2026-11-27: Fine", f"Correction: {value}"])
    problem = only_error_of(parse(text), "Correction")
    assert problem.line == 7
    assert "YYYY-MM-DD: what was corrected" in problem.message


def test_correction_text_may_hold_colons_and_has_named_parts():
    correction = parse_correction(" 2026-11-27 : Fixed: the view count ")
    assert (correction.date, correction.text) == (dt.date(2026, 11, 27), "Fixed: the view count")


@pytest.mark.parametrize(("value", "message"), [
    ("Fixed the view count", "must read 'YYYY-MM-DD: what was corrected'"),
    ("27.11.2026: Fixed", "must read 'YYYY-MM-DD: what was corrected'"),
    ("2026-11-27", "must read 'YYYY-MM-DD: what was corrected'"),
    ("2026-02-30: Fixed", "is not a real date: write 'YYYY-MM-DD: what was corrected'"),
    ("2026-11-27:   ", "says nothing after the date: write 'YYYY-MM-DD: what was corrected'"),
])
def test_a_bad_correction_says_what_is_wrong_with_it(value, message):
    problem = only_error_of(parse(item_text(extra=[f"Correction: {value}"])), "Correction")
    assert problem.message == message
    assert problem.value == value.strip()
    assert str(problem) == f"{PATH}:6: Correction: {message} (got {value.strip()!r})"


@pytest.mark.parametrize(("date", "correction"), [
    ("2026-11-26 09:30", "2026-11-25"),
    ("2026-11-26T00:30:00+01:00", "2026-11-25"),
    ("2026-11-25T23:30:00-05:00", "2026-11-25"),  # 26 November on the site's clock
])
def test_a_correction_dated_before_the_items_date_is_an_error(date, correction):
    text = item_text({"Date": date}, extra=[f"Correction: {correction}: Fixed"])
    problem = only_error_of(parse(text), "Correction")
    assert problem.message == "is dated before the item's Date (2026-11-26)"
    assert problem.line == 6


def test_a_correction_on_the_items_own_day_is_valid():
    text = item_text({"Date": "2026-11-26 23:59"}, extra=["Correction: 2026-11-26: Fixed"])
    assert parse(text).problems == []


def test_start_of_day_is_midnight_on_the_sites_clock():
    moment = contract.start_of_day(dt.date(2026, 11, 27), SITE_ZONE)
    assert moment == dt.datetime(2026, 11, 27, tzinfo=BERLIN)
    assert moment.isoformat() == "2026-11-27T00:00:00+01:00"


# -- encoding, BOM, line endings ----------------------------------------------------------


def test_file_that_is_not_utf8_raises_contract_error_with_the_line_of_the_bad_byte():
    raw = item_text({"Source": "Le Monde"}).encode("utf-8").replace(b"Le Monde", b"L\xe9 Monde")
    with pytest.raises(ContractError) as caught:
        parse_file(raw, PATH, timezone=SITE_ZONE)
    assert caught.value.problem.line == 4
    assert str(caught.value).startswith(f"{PATH}:4: ")


def test_bad_byte_in_the_body_is_reported_on_its_body_line():
    raw = item_text(body="First line.\nSecond line.\nCaf\xe9 third.\n").encode("latin-1")
    with pytest.raises(ContractError) as caught:
        parse_file(raw, PATH, timezone=SITE_ZONE)
    assert caught.value.problem.line == 9


def test_contract_error_is_a_value_error():
    with pytest.raises(ValueError, match="not UTF-8"):
        decode(b"\xff\xfe", PATH)


@pytest.mark.parametrize("spelling", ["bom", "crlf", "bom+crlf", "cr"])
def test_bom_and_crlf_decode_like_plain_lf(spelling):
    text = item_text(body="First paragraph.\n\n## Editor's notes\n\nA note.\n")
    raw = text.encode("utf-8")
    if "crlf" in spelling:
        raw = raw.replace(b"\n", b"\r\n")
    if spelling == "cr":
        raw = raw.replace(b"\n", b"\r")
    if "bom" in spelling:
        raw = b"\xef\xbb\xbf" + raw
    plain = parse_file(text.encode("utf-8"), PATH, timezone=SITE_ZONE)
    other = parse_file(raw, PATH, timezone=SITE_ZONE)
    assert other.fields == plain.fields
    assert other.body == plain.body
    assert other.body_line == plain.body_line
    assert other.problems == plain.problems == []


def test_bom_is_not_part_of_the_first_key():
    parsed = parse_file(b"\xef\xbb\xbf" + item_text().encode("utf-8"), PATH, timezone=SITE_ZONE)
    assert parsed.value("title") == VALID_HEADER["Title"]


# -- body ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "\n", "   \n\n\t\n"])
def test_item_body_without_text_is_an_error(body):
    text = item_text(body=body)
    problem = only_error_of(parse(text), "body")
    assert problem.line == 7


def test_item_that_is_only_a_header_is_an_error():
    text = "\n".join(f"{k}: {v}" for k, v in VALID_HEADER.items())
    assert len(parse(text).errors) == 1
    assert parse(text).errors[0].field == "body"


# -- duplicates ---------------------------------------------------------------------------


def test_duplicate_single_valued_field_is_a_warning_and_the_first_counts():
    text = item_text(extra=["Title: A second title"])
    parsed = parse(text)
    assert parsed.errors == []
    [warning] = parsed.problems
    assert warning.severity == "warning"
    assert warning.field == "Title"
    assert warning.line == 6
    assert parsed.value("title") == VALID_HEADER["Title"]


# -- problem format ---------------------------------------------------------------------


def test_problem_prints_path_line_field_message_and_value():
    problem = Problem("content/a.md", 3, "Date", "is not a date", "tomorrow")
    assert str(problem) == "content/a.md:3: Date: is not a date (got 'tomorrow')"


def test_problem_without_line_or_value_prints_neither():
    assert str(Problem("content/a.md", None, "Source", "is missing")) == (
        "content/a.md: Source: is missing")


def test_problem_from_a_parsed_file_follows_the_format():
    [problem] = parse(item_text({"Date": "tomorrow"})).problems
    assert re.fullmatch(rf"{re.escape(PATH)}:2: Date: is not a date.* \(got 'tomorrow'\)",
                        str(problem))


def test_problem_value_with_quote_is_printed_as_a_python_literal():
    problem = Problem("a.md", 1, "Status", "is unknown", "editor's")
    assert str(problem) == "a.md:1: Status: is unknown (got \"editor's\")"


# -- notes heading ------------------------------------------------------------------------


@pytest.mark.parametrize("heading", [
    "Editor's notes", "Editor\u2019s notes", "Editors\u2019 notes", "Editors' notes",
    "Editors notes", "editor's note", "Editor's Note", "EDITORS NOTES", "EDITOR'S NOTES",
    "Editor's   notes", "  Editor's notes  ", "Editor\u2018s notes", "Editor's\u00a0notes",
])
def test_notes_heading_variants_start_the_notes(heading):
    assert is_notes_heading(heading)


@pytest.mark.parametrize("heading", [
    "Editor notes", "Notes", "Editor's notes:", "Editorial notes", "Editor's notebook",
    "Editor's notes and sources", "From the editor's notes", "Editors", "",
])
def test_other_headings_do_not_start_the_notes(heading):
    assert not is_notes_heading(heading)


# -- text direction -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", [
    "fa", "ar", "he", "ur", "ps", "yi", "dv", "fa-IR", "ar-EG", "ar_EG", "FA", "he-IL",
    "ckb", "iw",
])
def test_right_to_left_languages(lang):
    assert text_direction(lang) == "rtl"


@pytest.mark.parametrize("lang", [
    "en", "zh", "ko", "de", "en-GB", "zh-Hant", None, "", "az-Latn", "fa-Latn", "ur-Latn",
    "far", "arn", "hei",
])
def test_left_to_right_languages(lang):
    assert text_direction(lang) == "ltr"


@pytest.mark.parametrize(("lang", "direction"), [
    ("fa-Latn-IR", "ltr"),
    ("ku-Arab-IQ", "rtl"),
    ("az-Arab", "rtl"),
])
def test_script_subtag_decides_direction(lang, direction):
    assert text_direction(lang) == direction


# -- canonical source URL -----------------------------------------------------------------

CANONICAL = "https://example.com/news/cia-videos"


@pytest.mark.parametrize("url", [
    "https://example.com/news/cia-videos",
    "https://example.com/news/cia-videos/",
    "http://example.com/news/cia-videos",
    "https://www.example.com/news/cia-videos",
    "https://EXAMPLE.com/news/cia-videos",
    "https://example.com:443/news/cia-videos",
    "http://example.com:80/news/cia-videos",
    "https://example.com/news/cia-videos#comments",
    "https://example.com/news/cia-videos?utm_source=x&utm_medium=social&utm_campaign=y",
    "https://example.com/news/cia-videos?UTM_Source=x",
    "https://example.com/news/cia-videos?fbclid=IwAR0abc",
    "https://example.com/news/cia-videos?gclid=Cj0KCQ",
    "http://www.example.com/news/cia-videos/?utm_source=tw&fbclid=1&gclid=2#top",
    "  https://example.com/news/cia-videos  ",
])
def test_canonical_source_url_drops_tracking_and_spelling(url):
    assert canonical_source_url(url) == CANONICAL


def test_canonical_source_url_keeps_real_query_parameters_sorted():
    assert canonical_source_url(
        "https://example.com/article?id=42&utm_source=x&lang=en&page=2") == (
        "https://example.com/article?id=42&lang=en&page=2")


def test_canonical_source_url_is_the_same_whatever_the_parameter_order():
    assert canonical_source_url("https://example.com/a?b=2&a=1") == (
        canonical_source_url("https://example.com/a?a=1&b=2"))


def test_canonical_source_url_keeps_a_non_default_port():
    assert canonical_source_url("https://example.com:8443/a/") == "https://example.com:8443/a"


def test_canonical_source_url_keeps_path_case():
    assert canonical_source_url("https://example.com/News/A") == "https://example.com/News/A"


def test_canonical_source_url_of_a_site_root():
    assert canonical_source_url("https://example.com") == "https://example.com/"
    assert canonical_source_url("http://www.example.com/") == "https://example.com/"


@pytest.mark.parametrize(("one", "other"), [
    ("https://example.com/a", "https://example.com/b"),
    ("https://example.com/a?id=1", "https://example.com/a?id=2"),
    ("https://example.com/a", "https://example.org/a"),
])
def test_canonical_source_url_keeps_different_articles_apart(one, other):
    assert canonical_source_url(one) != canonical_source_url(other)


# -- explicit slugs -------------------------------------------------------------

@pytest.mark.parametrize("slug", ["cia-videos", "CIA_Videos", "v1.2", "a~b", "2026"])
def test_url_safe_explicit_slug_is_valid(slug):
    assert problems_of(parse(item_text({"Slug": slug})), "Slug") == []


@pytest.mark.parametrize("slug", ["../outside", "a/b", "<b>x</b>", ".hidden", "two words",
                                  "caf\u00e9", "x?y=1"])
def test_explicit_slug_that_is_not_url_safe_is_an_error(slug):
    error = only_error_of(parse(item_text({"Slug": slug})), "Slug")
    assert error.value == slug and error.line == line_of(item_text({"Slug": slug}), "Slug")


# -- aliases --------------------------------------------------------------------

@pytest.mark.parametrize("alias", ["old/path/", "/../etc/passwd", "/a/?q=1", "/a/#top", "/",
                                   "ftp://example.org/x", "https://", "javascript:alert(1)"])
def test_an_alias_that_is_no_path_on_the_site_is_an_error(alias):
    text = item_text({"Aliases": f"/fine/, {alias}"})
    error = only_error_of(parse(text), "Aliases")
    assert error.value == alias and error.line == line_of(text, "Aliases")
