"""Read a YAML file into plain data and remember the line of every field.

PyYAML keeps the last of two equal keys without a word and turns `2021-07-05`
into a date object. Building the data from PyYAML's node tree ourselves lets
us refuse duplicate keys, keep dates as the text the maintainer wrote, and
know the line of each value for error messages.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem, dotted


class _Loader(yaml.SafeLoader):
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

    def line(self, path: tuple) -> int:
        """Line of the path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def read(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Parse one file. Returns the document (None if unreadable) and problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(shown_as, 1, "", f"is not UTF-8 text ({err.reason})")]
    return parse(text, shown_as)


def parse(text: str, shown_as: str) -> tuple[Document | None, list[Problem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = err.problem or err.context or "cannot be read"
        return None, [Problem(shown_as, line, "", f"malformed YAML: {what}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(shown_as, 1, "", "is empty; expected a mapping of fields")]
    problems: list[Problem] = []
    lines: dict[tuple, int] = {}
    data = _build(node, (), lines, problems, shown_as, loader)
    return Document(data, lines), problems


def _build(node, path, lines, problems, shown_as, loader):
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                first = lines[path + (key,)]
                problems.append(Problem(shown_as, key_node.start_mark.line + 1, dotted(path + (key,)),
                                        f"duplicate key (first given on line {first}); "
                                        "expected each field once"))
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), lines, problems, shown_as, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, problems, shown_as, loader)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node)
