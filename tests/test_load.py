"""The loader refuses each kind of bad input with one message naming file, line and field."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, VALID
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


def test_malformed_yaml(data_dir):
    problem = only(problems_for(data_dir, {"actors/police.yaml": "id: police\nname: {id: x, en: y\nkind: police\n"}))
    assert problem.file.endswith("data/actors/police.yaml")
    assert problem.line == 3
    assert "malformed YAML" in problem.message


def test_wrong_type(data_dir):
    text = VALID["actors/police.yaml"].replace("name: {id: Kepolisian, en: Police}", "name: Kepolisian")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.file, problem.line, problem.field) == ("data/actors/police.yaml", 4, "name")
    assert "expected a text in both languages" in problem.message
    assert "got the text 'Kepolisian'" in problem.message


def test_unknown_field_is_a_typo_with_a_suggestion(data_dir):
    text = VALID["actors/police.yaml"].replace("country: KH", "contry: KH")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field) == (3, "contry")
    assert "unknown field 'contry'; did you mean 'country'?" in problem.message


def test_misspelt_required_field_gives_one_line(data_dir):
    text = VALID["actors/police.yaml"].replace("kind: police", "kidn: police")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field) == (2, "kidn")
    assert "unknown field 'kidn'; did you mean 'kind'?" in problem.message


def test_missing_required_field(data_dir):
    text = VALID["agreements/mou.yaml"].replace("        parties: [ministry, police]\n", "")
    problem = only(problems_for(data_dir, {"agreements/mou.yaml": text}))
    assert (problem.file, problem.line, problem.field) == ("data/agreements/mou.yaml", 1, "parties")
    assert "missing required field 'parties'" in problem.message


def test_missing_translation(data_dir):
    text = VALID["actors/police.yaml"].replace("summary: {id: Sebuah kepolisian., en: A police force.}",
                                              "summary:\n          id: Sebuah kepolisian.")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field, problem.kind) == (5, "summary.en", "translation")
    assert "missing English translation" in problem.message


def test_missing_translation_is_a_notice_in_a_preview(data_dir):
    text = VALID["actors/police.yaml"].replace("summary: {id: Sebuah kepolisian., en: A police force.}",
                                              "summary:\n          id: Sebuah kepolisian.")
    kb, notices = load(data_dir({"actors/police.yaml": text}), strict_translations=False)
    assert [p.field for p in notices] == ["summary.en"]


def test_id_differs_from_file_name(data_dir):
    text = VALID["actors/police.yaml"].replace("id: police", "id: polisi")
    problems = problems_for(data_dir, {"actors/police.yaml": text})
    problem = [p for p in problems if p.field == "id"][0]
    assert (problem.file, problem.line) == ("data/actors/police.yaml", 1)
    assert "differs from the file name; expected 'police'" in problem.message


def test_duplicate_id(data_dir):
    # A copy of the ministry under another file name: two records claim one id.
    problems = problems_for(data_dir, {"actors/ministry-copy.yaml": VALID["actors/ministry.yaml"]})
    duplicate = [p for p in problems if "duplicate id" in p.message]
    assert len(duplicate) == 1
    assert duplicate[0].file == "data/actors/ministry.yaml" or duplicate[0].file == "data/actors/ministry-copy.yaml"
    assert duplicate[0].field == "id" and duplicate[0].line == 1


def test_reference_to_unknown_id(data_dir):
    text = VALID["agreements/mou.yaml"].replace("parties: [ministry, police]", "parties: [ministry, polise]")
    problem = only(problems_for(data_dir, {"agreements/mou.yaml": text}))
    assert (problem.file, problem.line, problem.field) == ("data/agreements/mou.yaml", 3, "parties[1]")
    assert "unknown actors id 'polise'; did you mean 'police'?" in problem.message


def test_unknown_source_in_a_citation(data_dir):
    text = VALID["actors/police.yaml"].replace("source: article", "source: artikel")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert (problem.line, problem.field) == (7, "sources[0].source")


@pytest.mark.parametrize("date, why", [("2023-02-30", "not a day of the calendar"),
                                       ("2023-13", "no month 13"),
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
    assert (problem.line, problem.field) == (8, "kind")
    assert "duplicate key (first given on line 2)" in problem.message


def test_unsafe_link_in_text(data_dir):
    text = VALID["actors/police.yaml"].replace("A police force.", "'[x](javascript:alert(1))'")
    problem = only(problems_for(data_dir, {"actors/police.yaml": text}))
    assert problem.field == "summary.en" and "javascript:" in problem.message


def test_every_problem_of_a_run_is_reported_once(data_dir):
    police = VALID["actors/police.yaml"].replace("country: KH", "contry: KH")
    mou = VALID["agreements/mou.yaml"].replace("[ministry, police]", "[ministry, nobody]")
    problems = problems_for(data_dir, {"actors/police.yaml": police, "agreements/mou.yaml": mou})
    assert sorted(p.field for p in problems) == ["contry", "parties[1]"]


def test_check_command_prints_one_line_per_problem_without_traceback(data_dir, tmp_path):
    text = VALID["agreements/mou.yaml"].replace("[ministry, police]", "[ministry, nobody]")
    data = data_dir({"agreements/mou.yaml": text})
    result = subprocess.run([sys.executable, "-m", "kb", "--data", str(data), "check"],
                            cwd=ROOT / "hooks", capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "data/agreements/mou.yaml:3: parties[1]: unknown actors id 'nobody'; expected an id from data/actors/"
    assert "Traceback" not in result.stderr
    assert len(lines) == 2  # the problem and the count
