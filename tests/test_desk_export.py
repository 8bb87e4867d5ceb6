"""The desk for a GitLab or Gitea server (``reformpress edit --export``): its JavaScript format writes what casefile.py writes.

With Decap's git backends no Python stands behind the desk: ``desk/casefile.js`` converts form and
file in the browser.  The contract is that both sides write the same bytes, so every check here runs
the exported format in Chromium (the registered formatter, as Decap calls it: ``fromFile(text)``,
``toFile(form)``) and compares it with :mod:`reformpress.desk.casefile` on the same inputs, for every
example report.  No GitLab here and no network: the export's own scripts are loaded into a blank
page with a stand-in for Decap's ``CMS`` that records what is registered.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from reformpress.content.config import load_config
from reformpress.desk.api import _Text, _with_pictures
from reformpress.desk.casefile import from_form, new_case_text, to_form
from reformpress.desk.export import FORMAT, GitServer, export_desk
from tests.kit.cli import run_cli
from tests.kit.site import REPO, copy_example

SERIES = "content/ningde-reform"
ORIGINAL = "desk_original"
GITLAB = "https://git.example.gov.cn"

STAND_IN = """
window.registered = {formats: {}, listeners: [], init: null};
window.CMS = {
  registerCustomFormat: function (name, extension, formatter) { registered.formats[name] = {extension: extension, formatter: formatter}; },
  registerEventListener: function (listener) { registered.listeners.push(listener.name); },
  init: function (options) { registered.init = options; }
};
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_example(tmp_path_factory.mktemp("export") / "site")
    folder = root / "admin"
    export_desk(root, folder, GitServer.checked("gitlab", "reform-office/site", GITLAB, None, "main", "0123abcd"))
    return root, folder


@pytest.fixture
def desk(page: Page, exported: tuple[Path, Path]) -> Iterator[Page]:
    """A blank page running the export's scripts in the order index.html loads them (Decap stood in for)."""
    folder = exported[1]
    page.set_content("<!doctype html><html lang='zh-CN'><head></head><body></body></html>")
    page.add_script_tag(content=STAND_IN)
    for script in re.findall(r'<script src="([^"]+)"', (folder / "index.html").read_text(encoding="utf-8")):
        if not script.startswith("decap/"):
            page.add_script_tag(path=str(folder / script))
    assert page.evaluate("() => Object.keys(registered.formats)") == [FORMAT]
    yield page


def specs():
    return load_config(REPO / "site.yaml").sections


def reports() -> list[Path]:
    return sorted((REPO / SERIES).glob("*.md"))


def from_file(page: Page, raw: str) -> dict[str, Any]:
    return page.evaluate(f"raw => registered.formats[{FORMAT!r}].formatter.fromFile(raw)", raw)  # type: ignore[no-any-return]


def to_files(page: Page, forms: list[dict[str, Any]]) -> list[str]:
    """``toFile`` of each form, each through a fresh format (as each would be one desk's first save)."""
    return page.evaluate("forms => forms.map(form => ReformpressCasefile.format(REFORMPRESS_DESK.casefile).toFile(form))", forms)  # type: ignore[no-any-return]


def test_every_example_report_reads_as_python_reads_it_and_saves_back_byte_for_byte(desk: Page) -> None:
    assert len(reports()) == 9
    for path in reports():
        text = path.read_text(encoding="utf-8")
        form = from_file(desk, text)
        assert form.pop(ORIGINAL) == text and form.pop("pictures") == []
        assert form == json.loads(json.dumps(to_form(text, specs()), ensure_ascii=False)), path.name
        unchanged = desk.evaluate(f"raw => {{ const f = registered.formats[{FORMAT!r}].formatter; return f.toFile(f.fromFile(raw)); }}", text)
        assert unchanged == text, path.name


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "title": lambda form: form.update(title="蕉城区新标题：含冒号 # 和引号'的标题"),
    "a section": lambda form: form.update(section_results=form["section_results"] + "\n\n四是群众满意度明显提升。"),
    "a new section": lambda form: form.update(section_editor_note="编者按：这是新写的编者按。"),
    "an emptied optional section": lambda form: form.update(section_intro=""),
    "an emptied required section": lambda form: form.update(section_lessons="  \n"),
    "a section with hint lines": lambda form: form.update(section_background="【待填写】改革背景\n新的背景。"),
    "tags": lambda form: form.update(tags=["乡村振兴", "", "yes", "a, b", "#号", "2022-10-12", "016", "10", " 空格 "]),
    "highlights": lambda form: form.update(highlights=[
        {"value": "3.20", "unit": "%", "label": "比例：提高"}, {"value": 126, "unit": "", "label": "项"}, {"value": "", "unit": "个", "label": "- 开头"},
        *form.get("highlights", [])[1:],
    ]),
    "review": lambda form: form.update(review={"初审": "张三 2022-10-25 09:00", "复审": "", "签发": "李四"}),
    "summary": lambda form: form.update(summary="第一行摘要，\n第二行: 带冒号。"),
    "number, date, draft": lambda form: form.update(number="19", date="2022-11-20 10:00", draft=True),
    "cover removed, units emptied": lambda form: form.update(cover=None, units=[]),
    "editor with spaces": lambda form: form.update(editor=" 王芳 "),
    "unchanged in meaning": lambda form: form.update(editor=form["editor"] + " ", draft=False, number=str(form["number"])),
    "slug and regions": lambda form: form.update(slug="new-slug", regions=["古田县", "市直部门"]),
}


def test_each_edit_writes_the_same_bytes_as_casefile_py(desk: Page) -> None:
    cases, expected = [], []
    for path in reports():
        text = path.read_text(encoding="utf-8")
        for name, edit in EDITS.items():
            form = to_form(text, specs())
            edit(form)
            expected.append((path.name, name, from_form(text, form, specs())))
            cases.append({**copy.deepcopy(form), ORIGINAL: text, "pictures": [], "file": path.stem})
    written = to_files(desk, cases)
    differ = [(report, name) for (report, name, want), got in zip(expected, written, strict=True) if got != want]
    assert differ == [], differ
    assert len(written) == 9 * len(EDITS)
    assert sum(want != case[ORIGINAL] for (_, _, want), case in zip(expected, cases, strict=True)) >= 9 * (len(EDITS) - 1)  # the edits did change the files


def test_all_edits_at_once_and_a_new_report_write_the_same_bytes(desk: Page) -> None:
    cases, expected = [], []
    for path in reports():
        text = path.read_text(encoding="utf-8")
        form = to_form(text, specs())
        for edit in EDITS.values():
            edit(form)
        expected.append(from_form(text, form, specs()))
        cases.append({**copy.deepcopy(form), ORIGINAL: text})
    new = {"title": "古田县试行“一窗通办”", "number": 19, "date": "2022-11-20 10:00", "regions": ["古田县"], "tags": ["营商环境"],
           "section_background": "背景。", "section_results": "成效。\n\n### 小标题\n\n更多。", "draft": False, "file": "19-yi-chuang", "pictures": []}
    expected.append(new_case_text({k: v for k, v in new.items() if k not in ("file", "pictures")}, specs()))
    cases.append(new)
    assert to_files(desk, cases) == expected


HAND_WRITTEN = (
    "---\r\n"
    "title: 手写的稿件   # 标题后的注释\r\n"
    "date: 2022-10-27 09:00\r\n"
    "# 一行注释\r\n"
    "regions: [古田县]\r\n"
    "custom_key: 保留我\r\n"
    "tags:\r\n  - 乡村振兴\r\n  - '引号'\r\n"
    "review:\r\n  初审: 张三 2022-10-25 09:00\r\n  终审:\r\n"
    "summary: |\r\n  两行的\r\n  摘要\r\n"
    "odd: &anchor {a: 1}\r\n"
    "---\r\n"
    "\r\n## 一、改革背景：\r\n\r\n背景。\r\n"
    "\r\n## 附：相关政策\r\n\r\n不在栏目表里的一节。\r\n"
    "\r\n## 主要做法\r\n\r\n```\r\n## 代码里的不是标题\r\n```\r\n\r\n## 取得成效\r\n\r\n成效。\r\n\r\n## 启示\r\n\r\n启示。\r\n"
)


def test_what_the_form_does_not_show_line_ends_and_a_bom_are_kept_as_python_keeps_them(desk: Page) -> None:
    raw = "\ufeff" + HAND_WRITTEN
    file = _Text.read(raw.encode("utf-8"))
    form = from_file(desk, raw)
    assert form["section_practices"] == "```\n## 代码里的不是标题\n```" and form["review"] == {"初审": "张三 2022-10-25 09:00", "终审": None}
    assert "odd" not in form  # an anchor: not read, and so never rewritten
    assert {k: v for k, v in form.items() if k not in (ORIGINAL, "pictures")} == {k: v for k, v in to_form(file.text, specs()).items() if k != "odd"}
    edits = [{}, {"section_background": "新的背景。", "tags": ["一窗通办"]}, {"review": {"初审": "张三", "终审": "李四"}, "summary": "一行摘要"}, {"section_editor_note": "新编者按。", "title": "手写的稿件"}]
    cases, expected = [], []
    for edit in edits:
        cases.append({**form, **edit})
        values = {**to_form(file.text, specs()), **edit}
        expected.append("\ufeff" + from_form(file.text, values, specs()).replace("\n", "\r\n"))
    assert to_files(desk, cases) == expected
    assert expected[0] == raw


def test_a_file_the_desk_cannot_read_is_saved_unchanged_and_a_value_it_cannot_read_is_kept(desk: Page) -> None:
    for raw in ("没有前言的文件\n", "---\ntags: [yes, no]\n---\n\n## 改革背景\n\n背景。\n", "---\ntitle：全角冒号\n---\n"):  # casefile.py refuses these too
        form = from_file(desk, raw)
        form.update(title="改了标题", section_background="改了背景")
        assert to_files(desk, [form]) == [raw]
    raw = "---\ntitle: 甲\ntags: [未闭合, 乙\ncover: !!binary abc\nunits: [a: b]\n---\n\n## 改革背景\n\n背景。\n"
    form = from_file(desk, raw)
    assert "tags" not in form and "cover" not in form and "units" not in form
    form.update(title="乙", tags=[], cover="", units=None)  # what Decap may send for a field it shows empty
    assert to_files(desk, [form]) == [raw.replace("title: 甲", "title: 乙")]
    form.update(tags=["新标签"])  # a new value typed: it replaces the lines
    assert to_files(desk, [form]) == [raw.replace("title: 甲", "title: 乙").replace("tags: [未闭合, 乙", "tags: [新标签]")]


def test_pictures_from_the_form_become_figures_as_the_local_desk_writes_them(desk: Page, exported: tuple[Path, Path]) -> None:
    root = exported[0]
    path = root / SERIES / "15-shouning-xiadang-zhenxing.md"
    text = path.read_text(encoding="utf-8")
    (root / SERIES / "images" / "xiadang.jpg").write_bytes(b"\xff\xd8\xff")
    pictures = [{"image": "images/xiadang.jpg", "caption": "下党乡“便民”中心", "section": "主要成效"}, {"image": "images/xiadang.jpg", "caption": "重复", "section": ""}]
    form = to_form(text, specs())
    values = _with_pictures({**form, "pictures": pictures}, load_config(root / "site.yaml"), path.parent)
    want = from_form(text, {k: v for k, v in values.items() if k != "pictures"}, specs())
    assert '![下党乡“便民”中心](images/xiadang.jpg "下党乡“便民”中心")' in want
    assert to_files(desk, [{**form, "pictures": pictures, ORIGINAL: text}]) == [want]


def test_the_export_names_its_git_server_and_talks_to_no_other_host(exported: tuple[Path, Path], desk: Page) -> None:
    folder = exported[1]
    config = desk.evaluate("() => registered.init.config")
    assert config["backend"] == {"name": "gitlab", "repo": "reform-office/site", "branch": "main", "api_root": GITLAB + "/api/v4", "base_url": GITLAB,
                                 "auth_type": "pkce", "auth_endpoint": "oauth/authorize", "app_id": "0123abcd"}
    assert [c["format"] for c in config["collections"]] == [FORMAT]
    fields = {f["name"]: f for f in config["collections"][0]["fields"]}
    assert fields[ORIGINAL]["widget"] == "hidden" and "attention" not in fields
    assert [name for name in fields if name.startswith("section_")] == ["section_" + spec.key for spec in specs()]
    ours = [folder / name for name in ("index.html", "desk-config.js", "README.txt")] + sorted((folder / "desk").iterdir())
    hosts = {re.sub(r"^https?://", "", url).split("/")[0] for path in ours for url in re.findall(r"https?://[^\s\"'<>)）;]+", path.read_text(encoding="utf-8"))}
    assert hosts <= {"git.example.gov.cn", "gg.example.gov.cn"}, hosts  # the GitLab, and the example address of where the desk is published
    page = (folder / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "connect-src 'self' blob: data: https://git.example.gov.cn;" in policy.group(1) and "default-src 'self'" in policy.group(1)
    assert "<script>" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script
    assert "reformpress check --strict" in (folder / "desk-config.js").read_text(encoding="utf-8")
    assert "Confidential" in (folder / "desk-config.js").read_text(encoding="utf-8")
    assert (folder / "decap" / "decap-cms.js").read_bytes() == (REPO / "reformpress" / "desk" / "decap" / "decap-cms.js").read_bytes()


def test_a_gitea_export_names_its_server(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "site")
    done = run_cli("edit", "--root", str(root), "--export", str(tmp_path / "admin"), "--backend", "gitea", "--repo", "office/site",
                   "--base-url", "http://gitea.intranet:3000/", "--branch", "content", "--app-id", "a1b2")
    assert done.returncode == 0, done.stderr
    config = (tmp_path / "admin" / "desk-config.js").read_text(encoding="utf-8")
    settings = json.loads(config.split("window.REFORMPRESS_DESK = ", 1)[1].rstrip().rstrip(";"))
    assert settings["config"]["backend"] == {"name": "gitea", "repo": "office/site", "branch": "content", "api_root": "http://gitea.intranet:3000/api/v1",
                                             "base_url": "http://gitea.intranet:3000", "app_id": "a1b2"}
    assert "[cors]" in config and "http://gitea.intranet:3000" in (tmp_path / "admin" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "said"), [
    (["--backend", "github", "--repo", "a/b"], "不认识的 --backend “github”：只能是 gitlab 或 gitea"),
    (["--backend", "gitlab"], "缺少 --repo"),
    (["--backend", "gitea", "--repo", "a/b"], "缺少 --base-url"),
    (["--repo", "../etc"], "不是仓库路径"),
    (["--repo", "a/b", "--base-url", "git.example.gov.cn"], "不是网址"),
])
def test_export_options_that_cannot_work_are_refused_in_plain_chinese(tmp_path: Path, args: list[str], said: str) -> None:
    root = copy_example(tmp_path / "site")
    done = run_cli("edit", "--root", str(root), "--export", str(tmp_path / "admin"), *args)
    assert done.returncode == 1
    assert done.stderr.startswith("无法导出编辑台：") and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "admin").exists()


AWKWARD = [
    "普通文字", "yes", "No", "on", "null", "~", "", " ", "10", "016", "0x1F", "1_000", "3.20", ".5", "1e5", "2022-10-12", "2022-10-12 09:30", "2022-10-12T09:30:00",
    "10:30", "a: b", "a:b", "key:", "- 开头", "-1", "#号", "a #b", "a#b", "[括号]", "{花括号}", "a, b", "?问", ":冒号", "!感叹", "&and", "*星", "|竖线", ">大于",
    "'单引号'", '"双引号"', "it's", "%百分", "@at", "`反引号", "---", "...", "=", "<<", "前后 空格 ", "\t制表", "全角　空格", "\u3000前导全角", "表情😀", "\ufeff零宽",
    "控制\x07字符", "\xa0不换行空格", "反斜杠\\", "中文：冒号", "中文，逗号", "【待填写】", "https://example.gov.cn/a?b=c#d", "Yes!", "True", "NULL", "0", "-0", "+5",
    "１２", "２０２２-１０-１２",
]


def test_single_values_are_quoted_exactly_as_python_quotes_them(desk: Page) -> None:
    from reformpress.desk.casefile import yaml_lines

    cases = [("title", value) for value in AWKWARD] + [("tags", [value]) for value in AWKWARD] + [("review", {"初审": value}) for value in AWKWARD]
    cases += [("highlights", [{"value": value, "unit": "个", "label": value}]) for value in AWKWARD] + [("summary", "两行\n" + value) for value in AWKWARD]
    cases += [("number", 7), ("draft", True), ("draft", False), ("tags", [1, 2.5, True])]
    want = [yaml_lines(key, value) for key, value in cases]
    got = desk.evaluate("cases => cases.map(([key, value]) => ReformpressCasefile.yamlLines(key, value))", cases)
    differ = [(case, w, g) for case, w, g in zip(cases, want, got, strict=True) if w != g]
    assert differ == [], differ


def test_the_export_commands_of_docs_deploy_md_run(tmp_path: Path) -> None:
    import shlex

    text = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8").replace("\\\n", " ")
    commands = [shlex.split(line) for line in text.splitlines() if line.startswith("reformpress edit --export")]
    assert [command[command.index("--backend") + 1] for command in commands] == ["gitlab", "gitea"]
    for number, command in enumerate(commands):
        root = copy_example(tmp_path / f"site{number}")
        args = [arg.replace("<application-id>", "abc123") for arg in command[2:]]
        done = run_cli("edit", "--root", str(root), *args, cwd=root)
        assert done.returncode == 0, done.stderr
        assert (root / "admin" / "index.html").is_file() and "reform-office/site" in (root / "admin" / "desk-config.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(("backend", "login"), [("gitlab", "使用 GitLab 登录"), ("gitea", "使用 Gitea 登录")])
def test_the_exported_page_starts_decap_to_its_login_and_asks_no_other_host(browser: Any, tmp_path: Path, backend: str, login: str) -> None:
    from tests.kit.browser import SiteServer

    folder = tmp_path / "admin"
    export_desk(copy_example(tmp_path / "site"), folder, GitServer.checked(backend, "reform-office/site", GITLAB, None, "main", "0123abcd"))
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        with SiteServer(folder, "/admin/") as server:
            page.goto(server.url)
            page.get_by_role("button", name=login).wait_for(timeout=30_000)  # Decap took the config, the format and all
            assert page.evaluate("() => Object.keys(window.REFORMPRESS_DESK.config.backend)")
            local = server.url.split("/admin/")[0]
    finally:
        context.close()
    assert errors == [], errors
    assert requests and all(url.startswith((local, "data:", "blob:")) for url in requests), [url for url in requests if not url.startswith(local)]


def test_saving_again_in_the_same_session_patches_what_the_last_save_wrote(desk: Page) -> None:
    path = REPO / SERIES / "16-sixia-jiceng.md"
    text = path.read_text(encoding="utf-8")
    first = to_form(text, specs())
    first["editor"] = "王芳"
    second = {**first, "section_results": first["section_results"] + "\n\n四是群众满意度明显提升。", "editor": "林晓"}
    after_first = from_form(text, first, specs())
    want = [after_first, from_form(after_first, second, specs())]  # the local desk patches the file as it is now
    got = desk.evaluate(
        f"""([text, first, second]) => {{
            const format = registered.formats[{FORMAT!r}].formatter, form = format.fromFile(text);
            return [format.toFile({{...form, ...first}}), format.toFile({{...form, ...second}})];
        }}""",
        [text, first, second],
    )
    assert got == want and "editor: 林晓" in got[1]


FRONT_MATTERS = [
    'title: "带\\"转义\\"的\\u6807题\\t"', "title: '单引号''里'", "title: 标题 # 注释", "title:    多空格   ", "title: a:b:c", "title: 时间 09:30",
    "tags: [a, 'b', \"c\"]  # 注释", "tags: [\n  a,\n  b\n]", "tags:\n- a\n- b", "tags:\n  - a\n  # 注释\n\n  - b", "tags: []", "tags:", "tags: [a, [b]]",
    "number: 016", "number: 16.5", "number: +5", "number: 1_000", "number: 0x10", "draft: yes", "draft: Off", "draft: ~", "draft: null",
    "summary: |-\n  a\n\n  b\n", "summary: |\n  a\n\n\n", "summary: |+\n  a\n\n", "summary: >\n  折叠\n", "summary: |\n    深缩进\n  浅", "summary: 第一行\n  第二行",
    "highlights:\n  - {value: \"1\", unit: 个, label: x}\n  - {value: 2}", "highlights: [{value: 1}]", "highlights:\n  - value: 1\n    unit: 个",
    "review:\n  初审: 张三 2022-10-25 09:00 # 注释\n  终审: ''", "review: {初审: 张三}", "review:\n  初审:\n    - 嵌套",
    "cover: images/a.jpg", "slug: a-b", "units: &u [a]", "units: !!set {a}", "editor: *u", "regions: [古田县, 市直部门,]", "custom: {a: [1, {b: c}]}",
]


def test_hand_written_front_matter_is_read_as_python_reads_it_or_not_at_all(desk: Page) -> None:
    texts = [f"---\ntitle: 甲\n{front}\ndate: 2022-10-27 09:00\n---\n\n## 改革背景\n\n背景。\n".replace("title: 甲\ntitle:", "title:") for front in FRONT_MATTERS]
    forms = desk.evaluate(f"texts => texts.map(t => registered.formats[{FORMAT!r}].formatter.fromFile(t))", texts)
    unread, refused = [], []
    for text, form in zip(texts, forms, strict=True):
        try:
            python = json.loads(json.dumps(to_form(text, specs()), ensure_ascii=False))
        except ValueError:
            python = None
        unchanged = to_files(desk, [form])[0]  # saved unchanged: what casefile.py writes (the text itself, but for number: 016, which both write 16)
        assert unchanged == (text if python is None else from_form(text, to_form(text, specs()), specs())), text
        assert unchanged == text or "number: 016" in text
        form.pop(ORIGINAL)
        form.pop("pictures")
        if python is None:  # YAML that the build refuses: the JS reads the other keys, never the broken one, and keeps its lines
            refused.append(text.split("\n")[2])
            continue
        assert {key: value for key, value in form.items()} == {key: python[key] for key in form}, text
        unread += [key for key in python if key not in form]
        edited = {**form, "title": "改过的标题", "section_background": "改过的背景。"}  # the form as the JS read it: what Decap sends back
        assert to_files(desk, [{**edited, ORIGINAL: text}]) == [from_form(text, edited, specs())], text
    # Not read, so never rewritten unless typed anew: 1_000, 0x10, folded and multi-line plain text, block mappings in a list, nesting, an anchor.
    assert sorted(unread) == sorted(["number", "number", "summary", "summary", "highlights", "review", "units"]), unread
    assert refused == ["summary: |", "units: !!set {a}", "editor: *u"], refused


BODIES = [
    "", "\n", "没有标题的正文。\n", "前言文字。\n\n## 改革背景\n\n背景。\n", "## 改革背景\n背景紧贴标题。", "\n## 背景 ##\n\n别名，带结尾井号。\n\n## 改革背景\n\n第二个同名栏目。\n",
    "\n## 创新做法\n\n~~~\n## 不是标题\n~~~\n\n```\n未闭合的代码\n## 也不是\n", "\n## 三、主要成效：\n\n【待填写】成效\n\n\n\n", "\n##改革背景\n\n无空格。\n\n### 小标题\n\n## 附件\n\n附件。",
    "\n## 经验启示\n\n启示。\n\n\n## 改革背景\n\n顺序颠倒。\n", "\n\u3000## 改革背景\n\n全角空格开头（不是标题）。\n", "\n## 引言\r\n\n回车。\n",
]
BODY_EDITS: list[dict[str, Any]] = [
    {}, {"section_background": "新背景。"}, {"section_intro": ""}, {"section_lessons": ""}, {"section_editor_note": "编者按。", "section_results": "新成效。\n\n### 一\n\n细节。"},
    {"section_practices": "\n\n  缩进的做法。  \n\n"}, {"section_background": None}, {"section_lessons": "启示一。\r\n启示二。"},
]


def test_bodies_of_every_shape_are_patched_as_python_patches_them(desk: Page) -> None:
    cases, expected = [], []
    for body in BODIES:
        text = "---\ntitle: 甲\ndate: 2022-10-27 09:00\n---\n" + body
        file = _Text.read(text.encode("utf-8"))  # as the local desk reads a file: one CRLF and it is written with CRLF
        form = to_form(file.text, specs())
        for edit in BODY_EDITS:
            values = {**form, **edit}
            cases.append({**values, ORIGINAL: text})
            expected.append(file.encode(from_form(file.text, values, specs())).decode("utf-8"))
    written = to_files(desk, cases)
    differ = [(case[ORIGINAL], {k: v for k, v in case.items() if k.startswith("section_")}) for case, want, got in zip(cases, expected, written, strict=True) if want != got]
    assert differ == [], differ
