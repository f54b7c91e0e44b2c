"""The knowledge base in memory: collections, records and the links between them."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from .languages import DEFAULT as DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401  (re-exported)


# What the page being rendered has read, so that an edit re-renders only the pages that read the edited
# record (kb.project). Keys: a record's (collection, id), ("collection", name) for a page that lists a
# whole collection, ("all",) for one that lists every record. Empty (nothing collected) outside `reading()`.
_READS: list[set] = []


@contextmanager
def reading():
    """Collect the keys read inside the block; an enclosing block sees them too."""
    frame: set = set()
    _READS.append(frame)
    try:
        yield frame
    finally:
        _READS.pop()
        if _READS:
            _READS[-1].update(frame)


def note_reads(keys) -> None:
    """Count keys as read by the open block (a value computed earlier, reused from a memo)."""
    if _READS:
        _READS[-1].update(keys)


@dataclass(frozen=True)
class Collection:
    """A folder of records in data/ with its schema; its name is also its URL folder."""

    name: str  # folder in data/ and in the site: "actors"
    schema: str  # schema file stem in data/schema: "actor"
    pages: bool = True  # one page per record (glossary terms and sources live on one page each)
    page: str = ""  # for collections without record pages: the page that lists them ("glossary")


COLLECTIONS = (
    Collection("actors", "actor"),
    Collection("agreements", "agreement"),
    Collection("operations", "operation"),
    Collection("instruments", "instrument"),
    Collection("events", "event"),
    Collection("figures", "figure"),
    Collection("systems", "system"),
    Collection("channels", "channel"),
    Collection("series", "series", pages=False, page="figures"),
    Collection("terms", "term", pages=False, page="glossary"),
    Collection("sources", "source", pages=False, page="sources"),
)
BY_NAME = {c.name: c for c in COLLECTIONS}


@dataclass(frozen=True)
class Link:
    """A reference from one record's field to another record."""

    source: "Record"
    field: str  # top-level field that holds the reference: "parties"
    target: "Record"
    path: tuple = ()  # full path of the reference: ("claims", 0, "sources", 1, "source")


@dataclass(eq=False)
class Record:
    collection: Collection
    id: str
    data: dict
    file: str  # as shown to maintainers: data/actors/bp2mi.yaml
    lines: dict = field(default_factory=dict, repr=False)
    links_out: list[Link] = field(default_factory=list, repr=False)
    links_in: list[Link] = field(default_factory=list, repr=False)
    markdown: list[tuple] = field(default_factory=list, repr=False)  # paths of Markdown texts
    digest: str = field(default="", repr=False)  # of the file's bytes: tells an edited record from an unchanged one

    @property
    def key(self) -> tuple[str, str]:
        return (self.collection.name, self.id)

    def __getitem__(self, name):
        if _READS:
            _READS[-1].add((self.collection.name, self.id))
        return self.data[name]

    def get(self, name, default=None):
        if _READS:
            _READS[-1].add((self.collection.name, self.id))
        return self.data.get(name, default)

    def line(self, path: tuple) -> int:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def targets(self, field_name: str) -> list["Record"]:
        """Records this one names in a top-level field, in the order written."""
        return [link.target for link in self.links_out if link.field == field_name]

    def related(self) -> dict[str, list["Record"]]:
        """Records linked to this one in either direction, by collection, each once (not sources)."""
        found: dict[str, dict[str, Record]] = {}
        for link in self.links_out:
            found.setdefault(link.target.collection.name, {})[link.target.id] = link.target
        for link in self.links_in:
            found.setdefault(link.source.collection.name, {})[link.source.id] = link.source
        for name in ("sources", "series"):
            found.pop(name, None)
        found.get(self.collection.name, {}).pop(self.id, None)
        return {name: list(records.values()) for name, records in found.items()}

    def cited_sources(self) -> list["Record"]:
        """Every source the record cites, each once, in the order first cited."""
        seen: dict[str, Record] = {}
        for link in self.links_out:
            if link.target.collection.name == "sources" and link.field in ("claims", "sources"):
                seen.setdefault(link.target.id, link.target)
        return list(seen.values())


@dataclass
class KnowledgeBase:
    records: dict[str, dict[str, Record]]  # collection name -> id -> record

    def collection(self, name: str) -> list[Record]:
        if _READS:
            _READS[-1].add(("collection", name))
        return list(self.records.get(name, {}).values())

    def get(self, collection: str, id: str) -> Record:
        return self.records[collection][id]

    def find(self, collection: str, id: str) -> Record | None:
        return self.records.get(collection, {}).get(id)

    def all(self):
        if _READS:
            _READS[-1].add(("all",))
        for records in self.records.values():
            yield from records.values()
