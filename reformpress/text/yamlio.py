"""Safe YAML reading that remembers the line of every key.

Only plain data is accepted: mappings, lists, strings, numbers, booleans and
null.  Tags, anchors and aliases are refused (they can run code or explode in
size), duplicate keys are reported, and dates stay strings so that we parse them
ourselves in the site's time zone.  Uses libyaml's parser when available.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..problems import Problem, problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without the implicit timestamp type (dates stay text)."""


_DECIMAL_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")
"""YAML 1.1's integers without its octal form: ``016`` stays the text an editor typed, never 14."""

_Loader.yaml_implicit_resolvers = {
    first: [(tag, _DECIMAL_INT if tag == "tag:yaml.org,2002:int" else rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_BOOL = "tag:yaml.org,2002:bool"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
_MAX_DEPTH = 20

Lines = dict[str, int]
"""Dotted key path (``highlights.0.value``) → 1-based line in the file."""


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, Lines, list[Problem]]:
    """Parse one YAML document into plain data, its key lines and any problems.

    ``first_line`` is the file line on which ``text`` starts (front matter
    starts on line 2).  On a syntax error the value is ``None``.
    """
    wide = _wide_colons(text, path, first_line)
    if wide:
        return None, {}, wide
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        # An unclosed [ or { is noticed lines later: point at where it was opened.
        opened = error.context_mark if error.context and "flow" in error.context else None
        mark = opened or error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        detail = _in_chinese((error.problem or error.context or "").strip())
        return None, {}, [problem("yaml-syntax", path, line, detail=detail)]
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        return None, {}, [problem("yaml-syntax", path, first_line, detail=str(error).splitlines()[0])]
    except RecursionError:
        return None, {}, [problem("yaml-syntax", path, first_line, detail="nesting too deep")]
    finally:
        loader.dispose()
    if node is None:
        return None, {}, []
    builder = _Builder(loader, path, first_line)
    value = builder.build(node, "", 0)
    return value, builder.lines, builder.problems


_PROBLEMS_ZH = {
    "did not find expected ',' or ']'": "方括号 [ ] 里的列表没有正确结束：缺少“]”，或两项之间少了半角逗号“,”",
    "did not find expected ',' or '}'": "花括号 { } 没有正确结束：缺少“}”，或两项之间少了半角逗号“,”",
    "mapping values are not allowed here": "这里不能出现“: ”（文字中含冒号时请给整段文字加引号）",
    "could not find expected ':'": "缺少“键: 值”中的半角冒号“:”",
    "found unexpected end of stream": "引号没有成对（文件在引号结束前就结束了）",
    "did not find expected key": "缩进不对齐，或上一行没有正确结束",
    "did not find expected '-' indicator": "列表项的缩进不对齐（每项以“- ”开头且对齐）",
    "found character '\\t' that cannot start any token": "用了 Tab 制表符缩进，请改用空格",
}
"""PyYAML's commonest problem texts → what they mean, for the Chinese message (others stay as they are)."""


def _in_chinese(detail: str) -> str:
    """PyYAML's problem text, in Chinese when it is one of the common ones."""
    return _PROBLEMS_ZH.get(detail, detail)


_WIDE_COLON_RE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*(?P<colon>：|:\u3000)")


def _wide_colons(text: str, path: str, first_line: int) -> list[Problem]:
    """A problem for each ``key：`` (full-width colon) or ``key:\u3000`` (ideographic space) line."""
    found = []
    for offset, line in enumerate(text.split("\n")):
        match = _WIDE_COLON_RE.match(line)
        if match:
            code = "yaml-wide-colon" if match["colon"] == "：" else "yaml-wide-space"
            found.append(problem(code, path, first_line + offset))
    return found


class _Builder:
    """Turns a composed node tree into plain values, recording lines and problems."""

    def __init__(self, loader: Any, path: str, first_line: int):
        self.loader = loader
        self.path = path
        self.first_line = first_line
        self.lines: Lines = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, prefix: str, depth: int) -> Any:
        if id(node) in self.seen:  # an alias: the composer hands back the anchored node
            self.problems.append(problem("yaml-alias", self.path, self.line_of(node)))
            return None
        self.seen.add(id(node))
        if depth > _MAX_DEPTH:
            self.problems.append(problem("yaml-syntax", self.path, self.line_of(node), detail="nesting too deep"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, prefix, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self.bad_tag(node)
            items = []
            for index, item in enumerate(node.value):
                key = f"{prefix}{index}"
                self.lines[key] = self.line_of(item)
                items.append(self.build(item, key + ".", depth + 1))
            self.booleans_in_list(node, prefix)
            return items
        if node.tag not in _PLAIN_TAGS:
            return self.bad_tag(node)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            detail = getattr(error, "problem", None) or str(error)
            self.problems.append(problem("yaml-syntax", self.path, self.line_of(node), detail=detail))
            return None

    def mapping(self, node: yaml.MappingNode, prefix: str, depth: int) -> dict[str, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            return self.bad_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(problem("yaml-alias", self.path, self.line_of(key_node)))
                continue
            key = str(key_node.value)
            dotted = prefix + key
            if key in result:
                self.problems.append(
                    problem("yaml-duplicate-key", self.path, self.line_of(key_node), key=key, first=self.lines[dotted])
                )
                continue
            self.lines[dotted] = self.line_of(key_node)
            result[key] = self.build(value_node, dotted + ".", depth + 1)
        return result

    def booleans_in_list(self, node: yaml.SequenceNode, prefix: str) -> None:
        """``tags: [no, yes, off]``: YAML 1.1 reads the words as 是/否 values; said at the first, with the quoted list to write."""
        words = [item for item in node.value if isinstance(item, yaml.ScalarNode) and item.tag == _BOOL and not item.style]
        if not words:
            return
        key = prefix.rstrip(".").rsplit(".", 1)[-1] or "…"
        quoted = ", ".join(f'"{item.value}"' if item in words else str(item.value) if isinstance(item, yaml.ScalarNode) else "…" for item in node.value)
        typed = "、".join(item.value for item in words)
        self.problems.append(problem("yaml-bool-in-list", self.path, self.line_of(words[0]), key=key, typed=typed, fixed=f"{key}: [{quoted}]"))

    def bad_tag(self, node: yaml.Node) -> Any:
        """Report a tag we refuse; the value becomes ``None``."""
        self.problems.append(problem("yaml-tag", self.path, self.line_of(node), tag=node.tag))
        return None
