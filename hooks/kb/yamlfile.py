"""Read one YAML record file into plain data, with the line of every field, refusing what is unsafe.

PyYAML keeps the last of two equal keys without a word, turns `2021-07-05`
into a date object, and expands aliases when it builds Python objects (a
324-byte "alias bomb" becomes gigabytes). So we let libyaml (PyYAML's C
parser) compose the node tree, which is fast and keeps every node's line, and
build the data ourselves: refusing duplicate keys, aliases, explicit tags,
non-text keys, runaway nesting, and keeping dates as the text written.

Before parsing, the raw file is checked for what a text editor might hide:
its size, binary content, a byte-order mark, Windows line ends and tabs.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

from .problems import Problem, dotted

MAX_BYTES = 256 * 1024  # a record is a few kilobytes; the largest real one is under 10 KB
MAX_NODES = 20_000
MAX_DEPTH = 30
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}

try:  # libyaml, normally installed with PyYAML's wheels; the pure-Python parser gives the same nodes
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """SafeLoader without the timestamp resolver: dates stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Document:
    """The data of one YAML file and the line (1-based) of each path in it."""

    def __init__(self, data, lines: dict[tuple, int]):
        self.data = data
        self.lines = lines


def read(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Parse one file. Returns the document (None if unreadable) and problems."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(shown_as, 1, "", f"is {size // 1024} KB; expected at most {MAX_BYTES // 1024} KB "
                                             "per record (split it, or shorten the text)")]
    raw = path.read_bytes()
    problem = raw_problem(raw, shown_as)
    if problem:
        return None, [problem]
    return parse(raw.decode("utf-8"), shown_as)


def raw_problem(raw: bytes, shown_as: str) -> Problem | None:
    """What a file's bytes have that a record file must not: binary, BOM, CRLF, tabs, bad UTF-8."""
    if b"\x00" in raw:
        return Problem(shown_as, raw[: raw.index(b"\x00")].count(b"\n") + 1, "",
                       "is a binary file (it holds NUL bytes); expected UTF-8 text")
    if raw.startswith(b"\xef\xbb\xbf"):
        return Problem(shown_as, 1, "", "starts with a byte-order mark; expected UTF-8 without BOM")
    if b"\r" in raw:
        return Problem(shown_as, raw[: raw.index(b"\r")].count(b"\n") + 1, "",
                       "has a Windows line end (CRLF or CR); expected Unix line ends (LF)")
    if b"\t" in raw:
        return Problem(shown_as, raw[: raw.index(b"\t")].count(b"\n") + 1, "",
                       "has a tab character; expected spaces (YAML indents with spaces)")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return Problem(shown_as, raw[: err.start].count(b"\n") + 1, "", f"is not UTF-8 text ({err.reason})")
    return None


def parse(text: str, shown_as: str) -> tuple[Document | None, list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or err.context or "cannot be read"
        return None, [Problem(shown_as, line, "", f"malformed YAML: {what}")]
    except yaml.YAMLError as err:
        return None, [Problem(shown_as, 1, "", f"malformed YAML: {str(err).splitlines()[0]}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(shown_as, 1, "", "is empty; expected a mapping of fields")]
    builder = _Builder(shown_as, loader)
    try:
        data = builder.build(node, ())
    except _Refused as refused:
        return None, [refused.problem]
    return Document(data, builder.lines), builder.problems


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    def __init__(self, shown_as: str, loader):
        self.shown_as = shown_as
        self.loader = loader
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def refuse(self, node, path, message):
        raise _Refused(Problem(self.shown_as, node.start_mark.line + 1, dotted(path), message))

    def build(self, node, path):
        if id(node) in self.seen:
            self.refuse(node, path, "repeats an earlier value through an alias (*name); "
                                    "expected each value written out (anchors and aliases are not used in data)")
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            self.refuse(node, path, f"holds more than {MAX_NODES} values; expected a record of normal size")
        if len(path) > MAX_DEPTH:
            self.refuse(node, path, f"is nested more than {MAX_DEPTH} levels deep; expected a flatter record")
        if node.tag not in _PLAIN_TAGS:
            self.refuse(node, path, f"has the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}'; "
                                    "expected plain values without tags")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                    self.refuse(key_node, path, "has a key that is not a plain name; expected name: value")
                key = str(self.scalar(key_node, path))
                if key in out:
                    first = self.lines[path + (key,)]
                    self.problems.append(Problem(self.shown_as, key_node.start_mark.line + 1, dotted(path + (key,)),
                                                 f"duplicate key (first given on line {first}); "
                                                 "expected each field once"))
                    continue
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node, path):
        try:
            value = self.loader.construct_object(node)
        except (ValueError, yaml.YAMLError) as err:
            self.refuse(node, path, f"cannot be read as a value ({str(err).splitlines()[0][:80]})")
        if isinstance(value, float) and not math.isfinite(value):
            self.refuse(node, path, f"is {value}; expected a finite number")
        return value
