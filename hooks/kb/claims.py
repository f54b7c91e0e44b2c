"""Claims: each statement of fact with its own status, and the rules that make a status honest.

The vocabulary (defined for readers on the About page, and in common.schema.json):
official, confirmed, reported, article-only, not-found, contradicted. A status
must match the sources the claim cites; the reviewed article (the source with
`role: reviewed-article`) can never confirm itself.
"""

from __future__ import annotations

from collections import Counter

from .model import Record
from .problems import Problem, dotted

STATUSES = ("official", "confirmed", "reported", "article-only", "not-found", "contradicted")
# Figures whose value is only the article's say-so cannot name who measured them.
UNMEASURED = ("article-only", "not-found", "contradicted")


def is_reviewed(source: Record) -> bool:
    return source.get("role") == "reviewed-article"


def cited(record: Record, index: int) -> list[Record]:
    """The sources a claim cites (resolved), each once."""
    found = {}
    for link in record.links_out:
        if link.path[:2] == ("claims", index) and link.path[2:3] == ("sources",):
            found.setdefault(link.target.id, link.target)
    return list(found.values())


def rule_broken(status: str, sources: list[Record]) -> str | None:
    """Why a status does not fit its sources, or None when it does."""
    reviewed = [s for s in sources if is_reviewed(s)]
    others = [s for s in sources if not is_reviewed(s)]
    if status == "official" and not any(s.get("official") for s in sources):
        return "is 'official' but cites no source marked official: true; expected the body's own text or page"
    if status == "confirmed" and (reviewed or len(others) < 2):
        return ("is 'confirmed' but cites " + ("the reviewed article" if reviewed else f"{len(others)} source")
                + "; expected two or more independent sources, not the reviewed article")
    if status == "reported" and (reviewed or not others):
        return "is 'reported' but cites the reviewed article; expected article-only, or another source"
    if status == "article-only" and (others or not reviewed):
        return "is 'article-only' but cites other sources; expected reported or confirmed"
    if status == "not-found" and not reviewed:
        return "is 'not-found' but does not cite the reviewed article; expected the article's pages"
    if status == "contradicted" and not others:
        return "is 'contradicted' but cites no source for the correction; expected the source that says otherwise"
    return None


def check_claims(record: Record) -> list[Problem]:
    problems = []
    claims = record.get("claims")
    if not isinstance(claims, list):
        return problems
    for index, claim in enumerate(claims):
        if not isinstance(claim, dict) or claim.get("status") not in STATUSES:
            continue  # the schema reports it
        sources = cited(record, index)
        if not sources:
            continue  # unknown or missing sources are reported on their own
        why = rule_broken(claim["status"], sources)
        if why:
            path = ("claims", index, "status")
            problems.append(Problem(record.file, record.line(path), dotted(path), why))
    if record.collection.name == "figures" and record.get("measured_by") and claims and \
            isinstance(claims[0], dict) and claims[0].get("status") in UNMEASURED:
        problems.append(Problem(record.file, record.line(("measured_by",)), "measured_by",
                                f"names who measured a figure whose value is {claims[0]['status']}; "
                                "expected attributed_to (who the article credits) instead"))
    return problems


def tally(record: Record) -> list[tuple[str, int]]:
    """(status, count) of a record's claims, in the vocabulary's order."""
    counts = Counter(claim["status"] for claim in record.get("claims") or [])
    return [(status, counts[status]) for status in STATUSES if counts[status]]
