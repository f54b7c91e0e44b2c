"""The loader refuses each kind of bad input with one message naming file, line and field."""

from __future__ import annotations

import json
import os
import time

import pytest

from conftest import VALID, kb_command
from kb.load import load
from kb.problems import DataError


def problems_for(data_dir, changes):
    with pytest.raises(DataError) as caught:
        load(data_dir(changes))
    return caught.value.problems


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_data_loads_and_links_both_ways(data_dir):
    kb, notices = load(data_dir())
    assert notices == []
    ministry = kb.get("actors", "ministry")
    assert [link.source.id for link in ministry.links_in if link.field == "parties"] == ["mou"]
    assert kb.get("agreements", "mou").related()["actors"] == [ministry, kb.get("actors", "police")]
    assert [s.id for s in kb.get("agreements", "mou").cited_sources()] == ["news"]


def test_malformed_yaml(data_dir):
    problem = only(problems_for(data_dir, {"actors/police.yaml": "id: police\nname: {id: x, en: y\nkind: police\n"}))
    assert problem.file == "data/actors/police.yaml" and problem.line == 3
    assert "malformed YAML" in problem.message


def test_wrong_type(data_dir):
    text = VALID["actors/police.yaml"].replace("name: {id: Kepolisian, en: Police}", "name: Kepolisian")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.file, problem.line, problem.field) == ("data/actors/police.yaml", 4, "name")
    assert "got the text 'Kepolisian'" in problem.message


def test_unknown_field_is_a_typo_with_a_suggestion(data_dir):
    text = VALID["actors/police.yaml"].replace("country: KH", "contry: KH")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field) == (3, "contry")
    assert "unknown field 'contry'; did you mean 'country'?" in problem.message


def test_unknown_field_inside_a_claim(data_dir):
    text = VALID["actors/police.yaml"].replace("status: reported", "status: reported\n            sauces: []")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "claims[0].sauces" and "did you mean 'sources'?" in problem.message


def test_misspelt_required_field_gives_one_line(data_dir):
    text = VALID["actors/police.yaml"].replace("kind: police", "kidn: police")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field) == (2, "kidn")
    assert "unknown field 'kidn'; did you mean 'kind'?" in problem.message


def test_missing_required_field(data_dir):
    text = VALID["agreements/mou.yaml"].replace("        parties: [ministry, police]\n", "")
    problem = only(problems_for(data_dir, {"agreements/mou.yaml": text}))
    assert (problem.file, problem.field) == ("data/agreements/mou.yaml", "parties")


def test_missing_translation_is_an_error_in_a_build_and_a_notice_in_a_preview(data_dir):
    text = VALID["actors/police.yaml"].replace("text: {id: Sebuah kepolisian., en: A police force.}",
                                              "text: {id: Sebuah kepolisian.}")
    data = data_dir({"actors/police.yaml": text})
    with pytest.raises(DataError) as caught:
        load(data)
    problem = only(caught.value.problems)
    assert (problem.field, problem.kind) == ("claims[0].text.en", "translation")
    assert "missing English translation" in problem.message
    _, notices = load(data, strict_translations=False)
    assert [p.field for p in notices] == ["claims[0].text.en"]


def test_id_differs_from_file_name(data_dir):
    text = VALID["actors/police.yaml"].replace("id: police", "id: polisi")
    problem = [p for p in problems_for(data_dir, {"actors/police.yaml": text}) if p.field == "id"][0]
    assert (problem.file, problem.line) == ("data/actors/police.yaml", 1)
    assert "differs from the file name; expected 'police'" in problem.message


def test_duplicate_id(data_dir):
    problems = problems_for(data_dir, {"actors/ministry-copy.yaml": VALID["actors/ministry.yaml"]})
    assert any("differs from the file name" in p.message for p in problems)


def test_two_files_that_differ_only_in_case(data_dir):
    problems = problems_for(data_dir, {"actors/Police.yaml": VALID["actors/police.yaml"]})
    assert any("only in case" in p.message for p in problems), [str(p) for p in problems]


def test_reference_to_unknown_id(data_dir):
    text = VALID["agreements/mou.yaml"].replace("parties: [ministry, police]", "parties: [ministry, polise]")
    problem = only(problems_for(data_dir, {"agreements/mou.yaml": text}))
    assert (problem.file, problem.line, problem.field) == ("data/agreements/mou.yaml", 3, "parties[1]")
    assert "unknown actors id 'polise'; did you mean 'police'?" in problem.message


def test_unknown_source_in_a_claim(data_dir):
    text = VALID["actors/police.yaml"].replace("sources: [{source: news}]", "sources: [{source: newz}]")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field) == (8, "claims[0].sources[0].source")


@pytest.mark.parametrize("date, why", [("2023-02-30", "not a day of the calendar"),
                                       ("2023-13-01", "no month 13"),
                                       ("0000-05", "year 0"),
                                       ("21-08-2023", "expected YYYY, YYYY-MM or YYYY-MM-DD")])
def test_impossible_date(data_dir, date, why):
    text = VALID["agreements/mou.yaml"].replace('signed: "2023-08-21"', f'signed: "{date}"')
    problem = only(problems_for(data_dir, {"agreements/mou.yaml": text}))
    assert (problem.line, problem.field) == (4, "signed")
    assert "impossible date" in problem.message and why in problem.message


def test_period_that_ends_before_it_starts(data_dir):
    text = VALID["agreements/mou.yaml"].replace('signed: "2023-08-21"', 'period: {start: "2023", end: "2021-07"}')
    problem = only(problems_for(data_dir, {"agreements/mou.yaml": text}))
    assert (problem.line, problem.field) == (4, "period.end")


def test_duplicate_key(data_dir):
    text = VALID["actors/police.yaml"].rstrip(" ") + "        kind: ministry\n"
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "kind" and "duplicate key (first given on line 2)" in problem.message


@pytest.mark.parametrize("status, why", [
    ("confirmed", "expected two or more independent sources"),
    ("official", "no source marked official"),
    ("article-only", "cites other sources"),
])
def test_a_status_must_match_its_sources(data_dir, status, why):
    text = VALID["actors/police.yaml"].replace("status: reported", f"status: {status}")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "claims[0].status" and why in problem.message


def test_the_reviewed_article_cannot_confirm_itself(data_dir):
    text = VALID["actors/ministry.yaml"].replace("status: article-only", "status: reported")
    problem = only(problems_for(data_dir, {"actors/ministry.yaml": text}))
    assert "cites the reviewed article" in problem.message


def test_a_contradicted_claim_needs_the_articles_words(data_dir):
    text = VALID["actors/police.yaml"].replace("status: reported", "status: contradicted")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "claims[0].article" and "missing field 'article'" in problem.message


@pytest.mark.parametrize("field, value", [
    ("url", "https://example.org/\\\"> <img src=x onerror=alert(1)>"),
    ("url", "javascript:alert(1)"),
    ("url", "https://kompas.com"),
    ("doi", "10.1234/<svg/onload=alert(1)>"),
])
def test_source_addresses_are_checked_from_end_to_end(data_dir, field, value):
    text = VALID["sources/news.yaml"].replace("url: https://news.example.org/2023/08/22/memorandum",
                                             f'{field}: "{value}"')
    problem = only(problems_for(data_dir, {"sources/news.yaml": text}))
    assert problem.file == "data/sources/news.yaml" and problem.field == field


def test_abbreviation_with_markup_is_refused(data_dir):
    text = VALID["actors/police.yaml"].replace("kind: police", "kind: police\n        abbr: 'BP2MI<img src=x onerror=alert(1)>'")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "abbr"


@pytest.mark.parametrize("link", ["[x](javascript:alert(1))", "[x][y]\n\n[y]: javascript:alert(1)",
                                  "<javascript:alert(1)>", "![x](https://example.org/x.png)",
                                  "[x](data:text/html,hi)", "[x](../actors/nobody.md)"])
def test_unsafe_or_broken_links_in_markdown_are_refused_at_check(tmp_path, link):
    from conftest import mini_project
    from kb.project import Project

    text = VALID["actors/police.yaml"].replace("en: A police force.", f"en: {json.dumps(link)}")
    project = mini_project(tmp_path, {**VALID, "actors/police.yaml": text})
    with pytest.raises(DataError) as caught:
        Project(project).check()
    problem = only(caught.value.problems)
    assert problem.field == "claims[0].text.en" and problem.file == "data/actors/police.yaml"


BAD_FILES = {
    "alias bomb": b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
                  b'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
                  b'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n'
                  b'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n',
    "too big": b"id: police\nnote: '" + b"x" * 300_000 + b"'\n",
    "tab": b"id: police\n\tkind: police\n",
    "byte-order mark": b"\xef\xbb\xbfid: police\n",
    "CRLF": b"id: police\r\nkind: police\r\n",
    "binary": b"id: police\n\x00\x01\x02",
    "python tag": b"id: !!python/object/apply:os.system ['echo hi']\n",
    "python tag on a key": b"? !!python/name:os.system\n: x\n",
    "not UTF-8": b"id: police\nname: \xff\xfe\n",
    "huge number": b"id: police\nvalue: " + b"9" * 5000 + b"\n",
    "deep nesting": b"id: " + b"[" * 200 + b"]" * 200 + b"\n",
}


@pytest.mark.parametrize("what", sorted(BAD_FILES))
def test_bad_files_get_one_line_fast(data_dir, what):
    data = data_dir()
    (data / "actors" / "police.yaml").write_bytes(BAD_FILES[what])
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        load(data)
    assert time.perf_counter() - started < 1
    mine = [p for p in caught.value.problems if p.file == "data/actors/police.yaml"]
    assert len(mine) == 1, [str(p) for p in caught.value.problems]
    assert mine[0].line >= 1


def test_symlink_leaving_data_is_refused(data_dir, tmp_path):
    data = data_dir()
    outside = tmp_path / "outside.yaml"
    outside.write_text(VALID["actors/police.yaml"])
    (data / "actors" / "police.yaml").unlink()
    os.symlink(outside, data / "actors" / "police.yaml")
    problems = problems_for(lambda _: data, None)
    assert any(p.file == "data/actors/police.yaml" and "symbolic link" in p.message for p in problems)


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\u2066"])
def test_invisible_and_direction_changing_characters_are_refused(data_dir, character):
    text = VALID["actors/police.yaml"].replace("A police force.", f"A police{character} force.")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "claims[0].text.en" and "invisible character" in problem.message


def test_every_problem_of_a_run_is_reported_once(data_dir):
    police = VALID["actors/police.yaml"].replace("country: KH", "contry: KH")
    mou = VALID["agreements/mou.yaml"].replace("[ministry, police]", "[ministry, nobody]")
    problems = problems_for(data_dir, {"actors/police.yaml": police, "agreements/mou.yaml": mou})
    assert sorted(p.field for p in problems) == ["contry", "parties[1]"]


def test_check_of_data_without_its_pages_names_the_missing_folder(data_dir):
    data = data_dir()  # data/ alone: no docs/ beside it
    result = kb_command("check", data=data, process=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0].startswith("docs/: folder missing"), result.stderr


def test_check_command_prints_one_line_per_problem_without_traceback(data_dir, tmp_path):
    from conftest import mini_project

    text = VALID["agreements/mou.yaml"].replace("[ministry, police]", "[ministry, nobody]")
    project = mini_project(tmp_path, {**VALID, "agreements/mou.yaml": text})
    result = kb_command("check", data=project / "data", process=True)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "data/agreements/mou.yaml:3: parties[1]: unknown actors id 'nobody'; expected an id from data/actors/"
    assert "Traceback" not in result.stderr
    assert len(lines) == 2  # the problem and the count
