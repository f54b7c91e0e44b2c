"""A deterministic, schema-valid synthetic data/ folder of N records, shaped like the real data.

    python bench/synth.py <target data dir> <records> [--project /work/main] [--seed 1]

N counts the records that get pages (actors, agreements, operations, instruments,
events, figures, systems, channels), spread over the collections in the
proportions of the real data. Around them: sources (N/5 + 30), glossary terms
(N/25 + 40) and figure series (N/50 + 2).

Records use the new claims model (data/schema/common.schema.json): every record
has 1-5 claims with bilingual Markdown text (with links to other records), a
status and the sources that status needs (official: an official source;
confirmed: two sources, neither the reviewed article; reported: one named
source; article-only: ardanya-2025 with pages; not-found and contradicted: the
article's words and pages). Cross-references (parents, parties, participants,
instruments, related, about, measured_by, series) point at existing records.

The first ids of each collection are the ids the project's data/ and
hand-written docs/ already use, so the prose pages' links and markers resolve;
the rest are synthetic. The target is always a new folder, never the
project's data/: the script refuses to write into an existing folder.
`validate()` checks every file against data/schema with jsonschema.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGED = ["actors", "agreements", "operations", "instruments", "events", "figures", "systems", "channels"]
# Shares of the real data (November 2026): 26 actors, 14 agreements, 5 operations, 15 instruments,
# 15 events, 44 figures, 6 systems, 3 channels.
SHARE = {"actors": 26, "agreements": 14, "operations": 5, "instruments": 15, "events": 15, "figures": 44,
         "systems": 6, "channels": 3}
SCHEMA_OF = {"actors": "actor", "agreements": "agreement", "operations": "operation", "instruments": "instrument",
             "events": "event", "figures": "figure", "systems": "system", "channels": "channel",
             "sources": "source", "terms": "term", "series": "series"}
ARTICLE = "ardanya-2025"

# Parallel vocabulary: (Indonesian, English).
PLACES = [("Phnom Penh", "Phnom Penh"), ("Sihanoukville", "Sihanoukville"), ("Bavet", "Bavet"),
          ("Poipet", "Poipet"), ("Batam", "Batam"), ("Nusa Tenggara Timur", "East Nusa Tenggara"),
          ("Jakarta", "Jakarta"), ("Medan", "Medan"), ("Kuala Lumpur", "Kuala Lumpur"), ("Bangkok", "Bangkok")]
BODIES = [("Kementerian", "Ministry of"), ("Badan", "Agency for"), ("Direktorat", "Directorate of"),
          ("Komisi", "Commission for"), ("Kantor", "Office of"), ("Dewan", "Council for")]
TOPICS = [("Pelindungan Pekerja Migran", "Migrant Worker Protection"), ("Imigrasi", "Immigration"),
          ("Ketenagakerjaan", "Manpower"), ("Urusan Luar Negeri", "Foreign Affairs"),
          ("Kejahatan Transnasional", "Transnational Crime"), ("Penegakan Hukum", "Law Enforcement"),
          ("Layanan Korban", "Victim Services"), ("Perbatasan", "Border Affairs")]
ACTS = [("menangani", "handled"), ("memulangkan", "repatriated"), ("mendata", "recorded"),
        ("menyelamatkan", "rescued"), ("memeriksa", "screened"), ("mendampingi", "assisted")]
OBJECTS = [("WNI korban penipuan daring", "Indonesian victims of online scams"),
           ("pekerja migran tanpa dokumen", "undocumented migrant workers"),
           ("korban perdagangan orang", "trafficking victims"), ("pengaduan keluarga", "complaints from families"),
           ("permohonan SPLP", "applications for emergency travel documents")]
MONTHS = [("Januari", "January"), ("Februari", "February"), ("Maret", "March"), ("April", "April"),
          ("Mei", "May"), ("Juni", "June"), ("Juli", "July"), ("Agustus", "August"),
          ("September", "September"), ("Oktober", "October"), ("November", "November"), ("Desember", "December")]
KINDS = {
    "actors": ["ministry", "agency", "police", "embassy", "state", "international-organisation",
               "regional-organisation", "development-agency"],
    "agreements": ["mou", "treaty", "partnership", "letter-of-intent", "cooperation"],
    "operations": ["interpol-operation", "joint-operation", "task-force"],
    "instruments": ["law", "regulation", "convention", "protocol", "principle", "goal"],
    "events": ["meeting", "signing", "repatriation", "raid", "crackdown", "forum", "statement",
               "institutional-change", "publication"],
    "systems": ["communication-network", "information-system", "application", "portal"],
    "channels": ["whatsapp", "hotline", "call-centre", "portal", "email"],
}
COUNTS = ["cases", "victims", "arrests", "repatriations", "residents", "complaints", "trainings"]


def thousands(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "id" else text


class Synth:
    def __init__(self, records: int, project: Path = ROOT, seed: int = 1):
        self.rng = random.Random(seed)
        self.project = project
        sizes = {c: max(1, round(records * SHARE[c] / sum(SHARE.values()))) for c in PAGED}
        sizes[PAGED[0]] += records - sum(sizes.values())
        sizes["sources"] = 30 + records // 5
        sizes["terms"] = 40 + records // 25
        sizes["series"] = 2 + records // 50
        known = self.known_ids()
        self.ids: dict[str, list[str]] = {}
        for collection, size in sizes.items():
            first = [i for i in sorted(known.get(collection, ())) if i != ARTICLE][:size]
            self.ids[collection] = first + [f"synth-{collection[:-1]}-{k:05d}" for k in range(size - len(first))]
        # ardanya-2025 is the reviewed article; a fifth of the other sources are official publications.
        self.ids["sources"] = [ARTICLE] + self.ids["sources"][:-1]
        self.official = set(self.ids["sources"][1::5])
        self.names: dict[tuple[str, str], dict] = {}

    def known_ids(self) -> dict[str, set[str]]:
        """Ids the project's data/ and hand-written pages use: keep them so prose links resolve."""
        known: dict[str, set[str]] = {}
        data = self.project / "data"
        for collection in [*PAGED, "sources", "terms", "series"]:
            known[collection] = {p.stem for p in (data / collection).glob("*.yaml")} if (data / collection).is_dir() else set()
        link = re.compile(r"\.\./(" + "|".join(PAGED) + r")/([a-z0-9-]+)\.md")
        anchor = re.compile(r"\.\./(glossary|sources)/index\.md#([a-z0-9-]+)")
        for page in (self.project / "docs").rglob("*.md"):
            if page.relative_to(self.project / "docs").parts[0] in [*PAGED, "sources", "glossary", "timeline"]:
                continue
            text = page.read_text(encoding="utf-8")
            for collection, id in link.findall(text):
                if id != "index":
                    known[collection].add(id)
            for folder, id in anchor.findall(text):
                known["terms" if folder == "glossary" else "sources"].add(id)
        return known

    # ---- small pieces -------------------------------------------------------------------------
    def pick(self, collection: str, k: int = 1, avoid: str | None = None) -> list[str]:
        pool = self.ids[collection]
        chosen = {self.rng.choice(pool) for _ in range(k)}
        chosen.discard(avoid)
        return sorted(chosen)

    def date(self, start: int = 2007, end: int = 2026) -> str:
        year = self.rng.randint(start, end)
        form = self.rng.random()
        if form < 0.2:
            return str(year)
        if form < 0.4:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def pages(self) -> str:
        first = self.rng.randint(1702, 1714)
        return str(first) if self.rng.random() < 0.7 else f"{first}-{first + 1}"

    def name(self, collection: str, id: str) -> dict:
        key = (collection, id)
        if key not in self.names:
            r = self.rng
            n = self.ids[collection].index(id) + 1
            if collection == "actors":
                body, topic, place = r.choice(BODIES), r.choice(TOPICS), r.choice(PLACES)
                value = {"id": f"{body[0]} {topic[0]} {place[0]} {n}", "en": f"{body[1]} {topic[1]}, {place[1]} {n}"}
            elif collection == "figures":
                obj, year = r.choice(OBJECTS), r.randint(2015, 2026)
                count = r.randint(12, 9000)
                value = {"id": f"{thousands(count, 'id')} {obj[0]} (data {n}, {year})",
                         "en": f"{thousands(count, 'en')} {obj[1]} (data {n}, {year})"}
            else:
                words = {"agreements": ("Nota kesepahaman", "Memorandum of understanding"),
                         "operations": ("Operasi gabungan", "Joint operation"),
                         "instruments": ("Peraturan", "Regulation"), "events": ("Pertemuan", "Meeting"),
                         "systems": ("Sistem informasi", "Information system"),
                         "channels": ("Layanan pengaduan", "Complaints line"),
                         "terms": ("Istilah", "Term"), "series": ("Deret angka", "Series")}[collection]
                topic, place = r.choice(TOPICS), r.choice(PLACES)
                value = {"id": f"{words[0]} {topic[0]} {place[0]} {n}", "en": f"{words[1]} on {topic[1]}, {place[1]} {n}"}
            self.names[key] = value
        return self.names[key]

    def link(self, collection: str, id: str, lang: str) -> str:
        return f"[{self.name(collection, id)[lang]}](../{collection}/{id}.md)"

    def sentence(self, subject: tuple[str, str]) -> dict:
        r = self.rng
        act, obj, place, month = r.choice(ACTS), r.choice(OBJECTS), r.choice(PLACES), r.choice(MONTHS)
        year, count = r.randint(2015, 2026), r.randint(3, 4000)
        target = r.choice(PAGED[:5])
        other = r.choice(self.ids[target])
        return {
            "id": f"Pada {month[0]} {year}, {subject[0]} {act[0]} {thousands(count, 'id')} {obj[0]} di {place[0]}. "
                  f"Kegiatan ini terkait dengan {self.link(target, other, 'id')}.",
            "en": f"In {month[1]} {year}, {subject[1]} {act[1]} {thousands(count, 'en')} {obj[1]} in {place[1]}. "
                  f"This work is linked to {self.link(target, other, 'en')}.",
        }

    def claims(self, collection: str, id: str) -> list[dict]:
        r = self.rng
        name = self.name(collection, id)
        subject = (name["id"], name["en"])
        if collection != "actors":  # an actor does things; a figure or an agreement does not
            actor = self.name("actors", r.choice(self.ids["actors"]))
            subject = (actor["id"], actor["en"])
        out = []
        for i in range(r.randint(1, 5)):
            status = r.choices(["official", "confirmed", "reported", "article-only", "not-found", "contradicted"],
                               [2, 3, 5, 3, 1, 1])[0]
            text = self.sentence(subject)
            others = [s for s in self.ids["sources"][1:] if s not in self.official]
            claim: dict = {"text": text, "status": status}
            if status == "official":
                claim["sources"] = [{"source": r.choice(sorted(self.official))}]
            elif status == "confirmed":
                claim["sources"] = [{"source": s} for s in sorted(set(r.sample(others, 2)))]
            elif status == "reported":
                claim["sources"] = [{"source": r.choice(others)}]
            elif status == "article-only":
                claim["sources"] = [{"source": ARTICLE, "pages": self.pages()}]
            else:
                pages = self.pages()
                claim["article"] = {"text": {"id": f"Artikel menyebut {subject[0]} berperan dalam kegiatan ini.",
                                             "en": f"The article says {subject[1]} took part in this work."},
                                    "pages": pages}
                if status == "not-found":
                    claim["text"] = {"id": f"Kami tidak menemukan laporan lain tentang peran {subject[0]} ini.",
                                     "en": f"We found no other report of this role of {subject[1]}."}
                    claim["sources"] = [{"source": ARTICLE, "pages": pages}]
                else:
                    claim["sources"] = [{"source": r.choice(others)}]
            out.append(claim)
        return out

    def refs(self) -> dict:
        return {c: self.pick(c, self.rng.randint(1, 3)) for c in self.rng.sample(["actors", "agreements", "events", "figures"], 2)}

    # ---- records ------------------------------------------------------------------------------
    def record(self, collection: str, id: str) -> dict:
        r = self.rng
        rec: dict = {"id": id}
        if collection in KINDS:
            rec["kind"] = r.choice(KINDS[collection])
        rec["name"] = self.name(collection, id)
        if r.random() < 0.5:
            rec["short"] = {"id": f"{collection[:3].upper()} {self.ids[collection].index(id) + 1}",
                            "en": f"{collection[:3].upper()} {self.ids[collection].index(id) + 1}"}
        if r.random() < 0.3:
            rec["abbr"] = f"{collection[:2].upper()}{self.ids[collection].index(id) + 1}"
        if collection == "actors":
            rec["country"] = r.choice(["ID", "KH", "MY", "AU"])
            if r.random() < 0.4:
                parent = self.pick("actors", 1, avoid=id)
                if parent:
                    rec["parent"] = parent[0]
        elif collection == "agreements":
            if r.random() < 0.1:
                rec["found"] = False
            else:
                rec["parties"] = self.pick("actors", 2) if len(self.pick("actors", 2)) == 2 else self.ids["actors"][:2]
                while len(rec["parties"]) < 2:
                    rec["parties"] = self.pick("actors", 3)
                rec["signed"] = self.date()
            rec["instruments"] = self.pick("instruments", r.randint(1, 3))
        elif collection == "operations":
            rec["period"] = {"start": self.date(2015, 2024)}
            rec["participants"] = self.pick("actors", r.randint(2, 5))
            rec["agreements"] = self.pick("agreements", 1)
        elif collection == "instruments":
            rec["number"] = f"{r.randint(1, 99)}/{r.randint(1990, 2025)}"
            rec["jurisdiction"] = r.choice(["ID", "KH", "ASEAN", "international"])
            rec["enacted" if rec["jurisdiction"] in ("ID", "KH") else "adopted"] = self.date(1990, 2025)
            rec["actors"] = self.pick("actors", r.randint(1, 3))
        elif collection == "events":
            rec["date"] = self.date(2015, 2026)
            rec["participants"] = self.pick("actors", r.randint(1, 4))
            rec["related"] = self.refs()
        elif collection == "figures":
            rec["counts"] = r.choice(COUNTS)
            rec["kind"] = "count"
            rec["value"] = r.randint(12, 9000)
            rec["unit"] = {"id": "kasus", "en": "cases"}
            rec["definition"] = {"id": "Jumlah kasus yang dicatat dalam periode itu, bukan jumlah orang.",
                                 "en": "The number of cases recorded in that period, not the number of people."}
            rec["date"] = str(r.randint(2015, 2026))
            claims = self.claims(collection, id)
            # Who measured a figure is known only when its value (the first claim) is not the article's alone.
            if claims[0]["status"] in ("official", "confirmed", "reported"):
                rec["measured_by"] = self.pick("actors", 1)
            else:
                rec["attributed_to"] = self.pick("actors", 1)
            if r.random() < 0.3:
                rec["series"] = r.choice(self.ids["series"])
            if r.random() < 0.2:
                rec["approximate"] = True
            rec["about"] = self.refs()
        elif collection == "systems":
            rec["operators"] = self.pick("actors", r.randint(1, 2))
            rec["launched"] = self.date(2010, 2025)
        elif collection == "channels":
            rec["operator"] = r.choice(self.ids["actors"])
            rec["contact"] = {"phone": f"+62 21 {r.randint(100, 999)} {r.randint(1000, 9999)}"}
            rec["published"] = {"source": r.choice(self.ids["sources"][1:]), "date": self.date(2020, 2026)}
            rec["checked"] = {"date": "2026-11-29", "against": r.choice(self.ids["sources"][1:]),
                              "what": {"id": "Nomor dan labelnya dicocokkan dengan sumber itu; nomor tidak dihubungi.",
                                       "en": "The number and its label were compared with that source; the number was not called."}}
            rec["audience"] = {"id": "WNI di luar negeri dan keluarganya", "en": "Indonesians abroad and their families"}
        rec["claims"] = claims if collection == "figures" else self.claims(collection, id)
        return rec

    def source(self, id: str, n: int) -> dict:
        r = self.rng
        if id == ARTICLE:
            return {"id": id, "kind": "article", "role": "reviewed-article", "authors": ["Ardanya, C.", "Wulandari, M. E.", "Kustiawan"],
                    "year": 2025, "published": "2025-12-04",
                    "title": "Diplomasi Indonesia dalam Menangani Kasus Perdagangan Manusia di Kamboja",
                    "container": "Jurnal Ilmu Sosial dan Humaniora", "volume": "1", "issue": "4", "pages": "1702-1715",
                    "doi": "10.63822/xspyc527"}
        year = r.randint(2007, 2026)
        place, topic = r.choice(PLACES), r.choice(TOPICS)
        rec: dict = {"id": id, "kind": r.choice(["news", "report", "web", "article"])}
        if id in self.official:
            rec["official"] = True
        if r.random() < 0.5:
            rec["authors"] = [f"Penulis{n}, A."]
        else:
            rec["container"] = f"Media {topic[0]} {n}"
        rec["year"] = year
        rec["published"] = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        rec["title"] = f"Laporan {topic[0]} di {place[0]}, nomor {n}"
        if r.random() < 0.7:
            rec["url"] = f"https://example.org/{year}/{id}"
        else:
            rec["note"] = {"id": "Alamat web karya ini tidak tercatat.", "en": "The web address of this work was not recorded."}
        return rec

    def term(self, id: str, n: int) -> dict:
        r = self.rng
        topic = r.choice(TOPICS)
        return {"id": id, "name": self.name("terms", id), "abbr": f"IST{n}",
                "definition": {"id": f"Istilah untuk kerja {topic[0].lower()} yang dipakai di situs ini. Lihat {self.link('actors', r.choice(self.ids['actors']), 'id')}.",
                               "en": f"A term for {topic[1].lower()} work as this site uses it. See {self.link('actors', r.choice(self.ids['actors']), 'en')}."},
                "avoid": {"id": [f"istilahlama{n}"], "en": [f"oldterm{n}"]},
                "related": self.refs(),
                "sources": [{"source": r.choice(self.ids["sources"][1:])}]}

    def series(self, id: str) -> dict:
        return {"id": id, "name": self.name("series", id), "unit": {"id": "kasus per tahun", "en": "cases per year"},
                "definition": {"id": "Kasus yang dicatat dalam satu tahun penuh. Batasan kasus bisa berbeda antartahun.",
                               "en": "Cases recorded in a full year. The definition of a case may differ between years."}}

    def write(self, target: Path) -> dict[str, int]:
        if target.exists():
            raise SystemExit(f"{target} exists; synth writes only into a new folder")
        if target.resolve() == (self.project / "data").resolve():
            raise SystemExit("refusing to write into the project's data/")
        target.mkdir(parents=True)
        shutil.copytree(self.project / "data" / "schema", target / "schema")
        (target / "removed.yaml").write_text("# yaml-language-server: $schema=schema/removed.schema.json\n[]\n")
        counts = {}
        for collection in [*PAGED, "sources", "terms", "series"]:
            folder = target / collection
            folder.mkdir()
            for n, id in enumerate(self.ids[collection], 1):
                if collection == "sources":
                    rec = self.source(id, n)
                elif collection == "terms":
                    rec = self.term(id, n)
                elif collection == "series":
                    rec = self.series(id)
                else:
                    rec = self.record(collection, id)
                head = f"# yaml-language-server: $schema=../schema/{SCHEMA_OF[collection]}.schema.json\n"
                (folder / f"{id}.yaml").write_text(
                    head + yaml.safe_dump(rec, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
            counts[collection] = len(self.ids[collection])
        return counts


def validate(data: Path) -> list[str]:
    """Every file against its JSON schema (jsonschema, draft 2020-12), plus every x-ref resolving."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text()) for p in (data / "schema").glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    ids = {c: {p.stem for p in (data / c).glob("*.yaml")} for c in [*PAGED, "sources", "terms", "series"]}
    errors = []
    for collection, schema_name in SCHEMA_OF.items():
        validator = Draft202012Validator(schemas[f"{schema_name}.schema.json"], registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        for path in sorted((data / collection).glob("*.yaml")):
            record = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            for error in validator.iter_errors(record):
                errors.append(f"{path.relative_to(data)}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
            for collection_ref, id in _xrefs(record, collection):
                if id not in ids[collection_ref]:
                    errors.append(f"{path.relative_to(data)}: dangling reference {collection_ref}/{id}")
    return errors


_REF_FIELDS = {"parent": "actors", "parties": "actors", "participants": "actors", "operators": "actors",
               "operator": "actors", "measured_by": "actors", "attributed_to": "actors", "instruments": "instruments",
               "agreements": "agreements", "series": "series", "source": "sources", "against": "sources"}


def _xrefs(node, collection, key=None):
    """(collection, id) for every cross-reference in a record (the schema's x-ref fields)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("related", "about") and isinstance(v, dict):
                for c, ids in v.items():
                    yield from ((c, i) for i in ids)
            elif k in _REF_FIELDS and not (k == "instruments" and collection == "terms"):
                values = v if isinstance(v, list) else [v]
                yield from ((_REF_FIELDS[k], i) for i in values if isinstance(i, str))
            else:
                yield from _xrefs(v, collection, k)
    elif isinstance(node, list):
        for item in node:
            yield from _xrefs(item, collection, key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("records", type=int)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    counts = Synth(args.records, args.project, args.seed).write(args.target)
    print(json.dumps(counts))
    if not args.no_validate:
        errors = validate(args.target)
        for e in errors[:50]:
            print(e)
        print(f"{len(errors)} schema error(s)")
        raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
