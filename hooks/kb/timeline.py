"""Every dated thing in the knowledge base, in the order it happened.

An entry is one date of one record: an agreement signed, a law adopted or in
force, an operation run, an event. Partial dates sort before the more precise
dates inside them (2021 before 2021-07 before 2021-07-05).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import dates
from .model import KnowledgeBase, Record

# (field, collection kinds it marks) in the order a record's entries are listed.
DATE_FIELDS = ("signed", "adopted", "in_force", "launched", "date", "period")
ON_TIMELINE = ("agreements", "operations", "instruments", "events", "systems")


@dataclass(frozen=True)
class Entry:
    record: Record
    field: str
    start: dates.PartialDate
    end: dates.PartialDate | None  # a range; None for a single date or an open range
    open_ended: bool = False  # a period that has not ended

    @property
    def kind(self) -> str:
        return self.record.collection.name

    def sort_key(self) -> tuple:
        end = self.end or self.start
        return (self.start.sort_key(), end.sort_key(), ON_TIMELINE.index(self.kind), self.record.id, self.field)

    def actors(self) -> list[str]:
        """Ids of the actors involved: the record's own links to actors, both ways."""
        ids = {link.target.id for link in self.record.links_out if link.target.collection.name == "actors"}
        ids |= {link.source.id for link in self.record.links_in if link.source.collection.name == "actors"}
        return sorted(ids)


def record_entries(record: Record) -> list[Entry]:
    found = []
    for field in DATE_FIELDS:
        value = record.get(field)
        if value is None:
            continue
        if field == "period":
            end = dates.parse(value["end"]) if value.get("end") else None
            found.append(Entry(record, field, dates.parse(value["start"]), end, open_ended=end is None))
        else:
            found.append(Entry(record, field, dates.parse(value), None))
    return found


def entries(kb: KnowledgeBase) -> list[Entry]:
    found = [entry for name in ON_TIMELINE for record in kb.collection(name) for entry in record_entries(record)]
    return sorted(found, key=Entry.sort_key)


def by_year(found: list[Entry]) -> list[tuple[int, list[Entry]]]:
    years: dict[int, list[Entry]] = {}
    for entry in found:
        years.setdefault(entry.start.year, []).append(entry)
    return list(years.items())


def by_record(all_entries: list[Entry]) -> dict[tuple, list[Entry]]:
    """For each record, the dated things it took part in: its own dates and those of records linked to it.

    Built from the entries' side in one pass (relations go both ways), so its cost grows with the links,
    not with records x entries.
    """
    found: dict[tuple, list[Entry]] = {}
    for entry in all_entries:
        keys = {entry.record.key} | {r.key for group in entry.record.related().values() for r in group}
        for key in keys:
            found.setdefault(key, []).append(entry)
    return found
