"""Click's own texts (usage, option help, errors) in the editors' language.

Click looks its texts up with :mod:`gettext` (``_("Usage:")``) and ships no Chinese. We give each of
its modules a lookup of our own: the Chinese below, or Click's English for an English site and for
any text not listed (a newer Click's new texts stay readable, never broken).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable

ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 “{command} {option}” 查看帮助。",
    "Missing option": "缺少选项",
    "Missing argument": "缺少参数",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能跟值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要跟一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要跟 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多了一个参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了几个参数（{args}）",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "integer": "整数",
    "integer range": "整数",
    "text": "文字",
}
"""Click's English texts → Chinese, one entry per text a reformpress command can show."""

PLURALS_ZH: dict[str, str] = {
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要跟值。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice} 之一。",
}
"""Click's singular text of an ``ngettext`` pair → the one Chinese text for both."""

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
"""Click's modules that bind ``_``/``ngettext`` from gettext."""


def lookup(language: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """The ``gettext`` and ``ngettext`` stand-ins for a site language."""
    chinese = not language.lower().startswith("en")

    def one(text: str) -> str:
        return ZH.get(text, text) if chinese else gettext.gettext(text)

    def counted(singular: str, plural: str, count: int) -> str:
        if chinese and singular in PLURALS_ZH:
            return PLURALS_ZH[singular]
        if chinese and singular in ZH:
            return ZH[singular if count == 1 else plural] if plural in ZH else ZH[singular]
        return gettext.ngettext(singular, plural, count)

    return one, counted


def speak(language: str) -> None:
    """Make Click show its texts in ``language`` (Chinese unless it starts with ``en``)."""
    import importlib

    one, counted = lookup(language)
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = one  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = counted  # type: ignore[attr-defined]
