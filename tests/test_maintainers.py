"""Maintainer tools: scaffold, fast check, translation report, field reference, workflow lint."""

from __future__ import annotations

import re
import shutil
import subprocess

from conftest import ROOT, VALID, kb_command
from kb import fields
from kb.load import load
from kb.problems import DataError
from kb.schema import load as load_schemas

import pytest


@pytest.mark.parametrize("collection", ["actors", "agreements", "operations", "instruments", "events",
                                        "figures", "systems", "channels", "terms"])
def test_scaffold_has_every_field_and_is_refused_until_filled(data_dir, collection):
    data = data_dir()
    result = kb_command("new", collection, "new-record", data=data)
    assert result.returncode == 0, result.stderr
    path = data / collection / "new-record.yaml"
    text = path.read_text()
    schemas = load_schemas(str(data / "schema"))
    for field in fields.fields(schemas, fields.BY_NAME[collection].schema):
        assert re.search(rf"^(# )?{field.name}:", text, re.MULTILINE), field.name
    assert text.count("  id: TODO") == text.count("  en: TODO") >= 2
    with pytest.raises(DataError) as caught:
        load(data)
    assert caught.value.problems and all(p.file == f"data/{collection}/new-record.yaml" for p in caught.value.problems)
    assert kb_command("new", collection, "new-record", data=data).returncode == 2  # never overwrites


def test_filled_scaffold_passes(data_dir):
    data = data_dir()
    kb_command("new", "actors", "filled", data=data)
    path = data / "actors" / "filled.yaml"
    text = path.read_text().replace("  id: TODO", "  id: Teks").replace("  en: TODO", "  en: Text")
    text = text.replace("status: TODO", "status: article-only").replace("source: TODO", "source: article")
    text = text.replace('pages: "TODO"', 'pages: "1703"').replace("kind: TODO", "kind: agency")
    path.write_text(text)
    kb, _ = load(data)
    assert kb.get("actors", "filled")["kind"] == "agency"


def test_fast_check_of_the_real_data_builds_nothing(tmp_path):
    # Its speed is measured by make bench (kb check, first run and after an edit), not here.
    docs_before = sorted(p.name for p in (ROOT / "docs").rglob("*"))
    result = kb_command("check", process=True)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ records checked in [0-9.]+ s: no problems \(\d+ pages to render: make build\)\.\n",
                        result.stdout)
    assert sorted(p.name for p in (ROOT / "docs").rglob("*")) == docs_before


def test_translation_report_lists_fields_and_pages(data_dir, tmp_path):
    text = VALID["actors/police.yaml"].replace("text: {id: Sebuah kepolisian., en: A police force.}",
                                              "text: {id: Sebuah kepolisian.}")
    data = data_dir({"actors/police.yaml": text})
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# Tentang\n")
    result = kb_command("translations", data=data)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert "data/actors/police.yaml:6: claims[0].text.en: missing English translation; expected both id and en" in lines
    assert "docs/about.md: missing English translation; expected docs/about.en.md" in lines
    assert lines[-1] == "2 missing translation(s)."


def test_translation_report_of_the_real_site_is_empty():
    result = kb_command("translations")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "0 missing translation(s)."


def test_contributing_field_reference_matches_the_schema():
    document = (ROOT / "CONTRIBUTING.md").read_text()
    schemas = load_schemas(str(ROOT / "data" / "schema"))
    assert fields.with_reference(document, schemas) == document, "run `make fields` after changing data/schema"
    assert "| `parties` |" in document and "| `claims` | yes |" in document


def test_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or str(ROOT / ".venv" / "bin" / "actionlint")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run([actionlint, *workflows], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_typo(tmp_path):
    actionlint = shutil.which("actionlint") or str(ROOT / ".venv" / "bin" / "actionlint")
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github" / "workflows" / "site.yml").read_text().replace("runs-on:", "run-on:", 1))
    assert subprocess.run([actionlint, str(broken)], capture_output=True).returncode != 0


def test_workflow_publishes_only_after_the_checks_pass():
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text()
    assert "needs: check" in workflow and "make test" in workflow and "make build" in workflow
    assert "actions/deploy-pages@" in workflow and "actions/upload-pages-artifact@" in workflow
    assert "cache: pip" in workflow
