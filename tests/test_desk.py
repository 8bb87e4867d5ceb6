"""The editing desk's backend, spoken to over real HTTP as Decap CMS speaks to it (no browser here).

What an editor relies on: a report opened and saved unchanged stays byte-identical; a change
touches only its own lines and keeps everything else (comments, unknown keys, sections the schema
does not know, CRLF and BOM); a new report is named, numbered and written in schema order and
builds; a picture lands in ``images/`` under a safe name and becomes a figure; a Word file goes
through ``import-docx``.  What a stranger must not get: any path outside ``content/``, and any
request from another origin, without the secret or with a wrong ``Host``.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
from pathlib import Path

import pytest

from reformpress.commands.edit import desk_for
from reformpress.content.config import load_config
from reformpress.desk.casefile import from_form, to_form
from reformpress.desk.server import DeskServer
from tests.kit.cli import make_report_docx
from tests.kit.site import REPO, SiteDir, copy_example, make_image

SERIES = "content/ningde-reform"


class Desk:
    """A running desk over a copy of the example site, and a client that talks like Decap does."""

    def __init__(self, root: Path):
        self.root = root
        self.server: DeskServer = desk_for(root, 0, "")
        self.server.start()

    def raw(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.server.port}", "Content-Type": "application/json", "Origin": f"http://127.0.0.1:{self.server.port}"}
        sent.update(headers or {})
        sent = {name: value for name, value in sent.items() if value is not None}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, {"body": data.decode("utf-8", "replace")}

    def call(self, action: str, expect: int = 200, headers: dict[str, str] | None = None, **params: object) -> object:
        status, answer = self.raw("POST", self.server.api_path, json.dumps({"action": action, "params": {"branch": "main", **params}}).encode(), headers)
        assert status == expect, (status, answer)
        return answer

    def entry(self, rel: str) -> dict:
        answer = self.call("getEntry", path=rel)
        assert isinstance(answer, dict) and answer["data"] is not None, answer
        return json.loads(answer["data"])

    def save(self, rel: str, form: dict, assets: list[dict] | None = None, expect: int = 200) -> object:
        data_file = {"path": rel, "slug": Path(rel).stem, "raw": json.dumps(form, ensure_ascii=False)}
        return self.call("persistEntry", expect=expect, dataFiles=[data_file], assets=assets or [], options={"commitMessage": "desk", "useWorkflow": False, "status": ""})


@pytest.fixture
def desk(tmp_path: Path):
    running = Desk(copy_example(tmp_path / "site"))
    yield running
    running.server.stop()


def cases(root: Path) -> list[str]:
    return sorted(f"{SERIES}/{path.name}" for path in (root / SERIES).glob("*.md"))


def test_every_example_report_opens_and_saves_unchanged_byte_for_byte(desk: Desk) -> None:
    listed = desk.call("entriesByFolder", folder=SERIES, extension="md", depth=1)
    assert [item["file"]["path"] for item in listed] == cases(desk.root)  # _series.yaml and images/ are not reports
    for rel in cases(desk.root):
        before = (desk.root / rel).read_bytes()
        stamp = os.stat(desk.root / rel).st_mtime_ns
        form = desk.entry(rel)
        assert form["title"] and form["section_background"], rel  # the sections are fields of their own
        assert not any(value.startswith("## ") for key, value in form.items() if key.startswith("section_") and value)
        desk.save(rel, form)
        assert (desk.root / rel).read_bytes() == before, rel
        assert os.stat(desk.root / rel).st_mtime_ns == stamp, rel  # not even rewritten: the preview does not rebuild for nothing


def test_a_changed_field_changes_only_its_own_lines_and_the_site_builds(desk: Desk) -> None:
    rel = f"{SERIES}/16-sixia-jiceng.md"
    before = (desk.root / rel).read_text(encoding="utf-8").split("\n")
    form = desk.entry(rel)
    form["editor"] = "王芳"
    form["section_results"] = form["section_results"] + "\n\n四是群众满意度明显提升。"
    desk.save(rel, form)
    after = (desk.root / rel).read_text(encoding="utf-8").split("\n")
    added = [line for line in after if line not in before]
    removed = [line for line in before if line not in after]
    assert added == ["editor: 王芳", "", "四是群众满意度明显提升。"] or added == ["editor: 王芳", "四是群众满意度明显提升。"]
    assert removed == ["editor: 林晓"]
    assert after.index("editor: 王芳") == before.index("editor: 林晓")  # in its place, not moved to the end
    site = SiteDir(desk.root)
    site.build(search=False)
    page = site.page("ningde-reform/" + next(p.name for p in (site.output / "ningde-reform").iterdir() if "sixia" in p.name) + "/")
    assert "四是群众满意度明显提升。" in page.get_text()
    assert "王芳" in page.get_text()


def test_what_the_form_does_not_show_is_kept_and_line_endings_too(desk: Desk) -> None:
    rel = f"{SERIES}/19-hand-written.md"
    text = (
        "---\r\n"
        "title: 手写的稿件   # 标题后的注释\r\n"
        "date: 2022-10-27 09:00\r\n"
        "regions: [古田县]\r\n"
        "custom_key: 保留我\r\n"
        "---\r\n"
        "\r\n## 改革背景\r\n\r\n背景。\r\n"
        "\r\n## 附：相关政策\r\n\r\n不在栏目表里的一节。\r\n"
        "\r\n## 创新做法\r\n\r\n做法。\r\n\r\n## 主要成效\r\n\r\n成效。\r\n\r\n## 经验启示\r\n\r\n启示。\r\n"
    )
    (desk.root / rel).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    form = desk.entry(rel)
    assert form["custom_key"] == "保留我"
    desk.save(rel, form)
    assert (desk.root / rel).read_bytes() == b"\xef\xbb\xbf" + text.encode("utf-8")
    form.pop("custom_key")  # Decap may send back only the fields it knows: the file keeps the rest
    form["section_background"] = "新的背景。"
    form["tags"] = ["一窗通办"]
    desk.save(rel, form)
    data = (desk.root / rel).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")  # BOM and CRLF kept
    saved = data[3:].decode("utf-8").replace("\r\n", "\n")
    assert "title: 手写的稿件   # 标题后的注释\n" in saved and "custom_key: 保留我\n" in saved
    assert "## 附：相关政策\n\n不在栏目表里的一节。\n" in saved
    assert "## 改革背景\n\n新的背景。\n\n## 附" in saved and "\n背景。\n" not in saved
    assert "tags: [一窗通办]\n" in saved.split("---")[1]


def test_patching_is_pure_and_puts_new_sections_in_schema_order() -> None:
    specs = load_config(REPO / "site.yaml").sections
    text = "---\ntitle: 甲\ndate: 2022-10-27 09:00\n---\n\n## 创新做法\n\n做法。\n\n## 经验启示\n\n启示。\n"
    form = to_form(text, specs)
    assert from_form(text, form, specs) == text
    form.update(section_background="背景。", section_results="成效。", section_intro="")
    written = from_form(text, form, specs)
    headings = [line for line in written.split("\n") if line.startswith("## ")]
    assert headings == ["## 改革背景", "## 创新做法", "## 主要成效", "## 经验启示"]
    assert to_form(written, specs)["section_results"] == "成效。"
    assert written.endswith("启示。\n")


def test_a_new_report_is_named_numbered_and_builds(desk: Desk) -> None:
    named = desk.call("nameFor", folder=SERIES, title="古田县推行“一窗通办”改革", number=16)
    assert named == {"file": "19-gu-tian-xian-tui-xing-yi-chuang-tong-ban-gai-ge", "number": 19}  # 16 is taken: the next free one
    rel = f"{SERIES}/{named['file']}.md"
    form = {
        "title": "古田县推行“一窗通办”改革", "number": 19, "date": "2022-11-20 10:00", "source": "古田县委改革办",
        "regions": ["古田县"], "tags": ["营商环境"], "editor": "王芳", "units": ["古田县委改革办"], "file": named["file"], "attention": "",
        "section_background": "群众办事要跑多个窗口。", "section_practices": "### 一、整合窗口\n\n十个窗口合并为一个。",
        "section_results": "办事时间缩短一半。", "section_lessons": "一是要以群众满意为标准。", "pictures": [],
    }
    desk.save(rel, form)
    text = (desk.root / rel).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 古田县推行“一窗通办”改革\nnumber: 19\ndate: 2022-11-20 10:00\nsource: 古田县委改革办\n")
    assert "file:" not in text and "attention" not in text and "pictures" not in text  # the desk's own values stay out
    assert [line for line in text.split("\n") if line.startswith("## ")] == ["## 改革背景", "## 创新做法", "## 主要成效", "## 经验启示"]
    assert desk.call("checkEntry", path=rel) == {"problems": []}
    site = SiteDir(desk.root)
    site.build(search=False)
    assert any("十个窗口合并为一个。" in page.read_text(encoding="utf-8") for page in site.output.glob("ningde-reform/*/index.html"))


def test_an_empty_required_section_is_saved_and_named_with_its_fix(desk: Desk) -> None:
    rel = f"{SERIES}/19-unfinished.md"
    desk.save(rel, {"title": "未写完的稿件", "date": "2022-11-20 10:00", "regions": ["古田县"], "section_background": "背景。", "section_practices": "做法。", "section_results": "成效。"})
    assert (desk.root / rel).is_file()  # work is never lost
    problems = desk.call("checkEntry", path=rel)["problems"]  # type: ignore[index]
    empty = [p for p in problems if p["code"] in ("empty-section", "missing-section")]
    assert empty and empty[0]["field"] == "经验启示" and "经验启示" in empty[0]["message"] and empty[0]["fix"]
    assert empty[0]["path"] == rel and empty[0]["line"]


def test_a_picture_with_a_chinese_name_lands_in_images_and_becomes_a_figure(desk: Desk, tmp_path: Path) -> None:
    rel = f"{SERIES}/16-sixia-jiceng.md"
    photo = make_image(tmp_path / "现场.jpg", (800, 600))
    form = desk.entry(rel)
    form["pictures"] = [{"image": "images/现场.jpg", "caption": "一窗通办服务大厅", "section": "主要成效"}]
    asset = {"path": f"{SERIES}/images/现场.jpg", "content": base64.b64encode(photo.read_bytes()).decode(), "encoding": "base64"}
    desk.save(rel, form, [asset])
    kept = desk.root / SERIES / "images" / "xian-chang.jpg"
    assert kept.read_bytes() == photo.read_bytes()
    text = (desk.root / rel).read_text(encoding="utf-8")
    results = text.split("## 主要成效")[1].split("## 经验启示")[0]
    assert '![一窗通办服务大厅](images/xian-chang.jpg "一窗通办服务大厅")' in results
    hidden = dict(asset, path=f"{SERIES}/images/.jpg")  # what Decap sends for 现场照片.jpg: it drops what is not ASCII
    form["pictures"].append({"image": "images/.jpg", "caption": "第二张", "section": "主要成效"})
    desk.save(rel, form, [hidden])
    assert "images/.jpg" not in (desk.root / rel).read_text(encoding="utf-8")
    assert not (desk.root / SERIES / "images" / ".jpg").exists()
    desk.save(rel, form, [asset])  # the same save again (Decap keeps the list until the page reloads): not added twice
    assert (desk.root / rel).read_text(encoding="utf-8").count("images/xian-chang.jpg") == 1
    assert (desk.root / rel).read_text(encoding="utf-8").count("第二张") == 2  # alt and title, once: the same bytes are one file
    site = SiteDir(desk.root)
    site.build(search=False)
    html = next(page.read_text(encoding="utf-8") for page in site.output.glob("ningde-reform/*/index.html") if "一窗通办服务大厅" in page.read_text(encoding="utf-8"))
    assert "<figure" in html and "<figcaption" in html
    media = desk.call("getMedia", mediaFolder=f"{SERIES}/images")
    assert f"{SERIES}/images/xian-chang.jpg" in [item["path"] for item in media]  # type: ignore[union-attr]


def test_a_word_file_is_imported_and_opens_with_its_notes(desk: Desk, tmp_path: Path) -> None:
    docx = make_report_docx(tmp_path / "报告.docx", tmp_path / "pictures")
    answer = desk.call("importDocx", folder=SERIES, name="报告.docx", content=base64.b64encode(docx.read_bytes()).decode())
    assert isinstance(answer, dict) and answer["collection"] == "ningde-reform"
    assert (desk.root / answer["path"]).is_file() and answer["path"].startswith(SERIES + "/19-")
    assert isinstance(answer["notes"], list)
    form = desk.entry(answer["path"])
    assert "四下基层" in form["title"] and form["section_background"]
    refused = desk.call("importDocx", expect=422, folder=SERIES, name="报告.doc", content="AAAA")
    assert ".docx" in refused["error"]  # type: ignore[index]


@pytest.mark.parametrize("path", [
    "content/../site.yaml", "content/ningde-reform/../../site.yaml", "/etc/passwd", "C:/Windows/win.ini", "content\\ningde-reform\\16-sixia-jiceng.md",
    "content/ningde-reform/%2e%2e/%2e%2e/site.yaml", "site.yaml", "templates/base.html", "content/.git/config", "content/ningde-reform/.16.md",
    "content/ningde-reform/16-sixia-jiceng.md\x00.png", "",
])
def test_no_path_outside_content_is_read(desk: Desk, path: str) -> None:
    answer = desk.call("getEntry", expect=403, path=path)
    assert "error" in answer  # type: ignore[operator]


@pytest.mark.parametrize("action,params", [
    ("persistEntry", {"dataFiles": [{"path": "content/ningde-reform/../../evil.md", "raw": "{}", "slug": "x"}], "assets": []}),
    ("persistEntry", {"dataFiles": [{"path": "content/ningde-reform/16-sixia-jiceng.md", "raw": "{}", "slug": "x"}], "assets": [{"path": "content/../../evil.jpg", "content": "AAAA", "encoding": "base64"}]}),
    ("persistEntry", {"dataFiles": [{"path": "content/ningde-reform/images/16-x.md", "raw": "{}", "slug": "x"}], "assets": []}),
    ("persistMedia", {"asset": {"path": "content/ningde-reform/evil.html", "content": "AAAA", "encoding": "base64"}}),
    ("persistMedia", {"asset": {"path": "templates/base.html", "content": "AAAA", "encoding": "base64"}}),
    ("deleteFile", {"path": "content/ningde-reform/16-sixia-jiceng.md"}),
    ("deleteFile", {"path": "site.yaml"}),
    ("deleteFiles", {"paths": ["content/ningde-reform/images/launch.jpg", "content/../site.yaml"]}),
])
def test_no_write_or_delete_outside_pictures_and_reports(desk: Desk, action: str, params: dict) -> None:
    before = {path: path.read_bytes() for path in desk.root.rglob("*") if path.is_file()}
    desk.call(action, expect=403, **params)
    after = {path: path.read_bytes() for path in desk.root.rglob("*") if path.is_file()}
    assert after == before  # nothing written, nothing deleted (deleteFiles checks every path first)
    assert not (desk.root.parent / "evil.md").exists() and not (desk.root.parent / "evil.jpg").exists()


def test_a_symbolic_link_out_of_content_is_refused(desk: Desk, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "01-leak.md").write_text("---\ntitle: 秘密\n---\n", encoding="utf-8")
    (desk.root / "content" / "leak").symlink_to(secret)
    (desk.root / SERIES / "20-link.md").symlink_to(secret / "01-leak.md")
    desk.call("getEntry", expect=403, path=f"{SERIES}/20-link.md")
    desk.call("entriesByFolder", expect=403, folder="content/leak", extension="md", depth=1)
    desk.save(f"{SERIES}/20-link.md", {"title": "改写"}, expect=403)
    assert (secret / "01-leak.md").read_text(encoding="utf-8") == "---\ntitle: 秘密\n---\n"


def test_the_api_needs_the_secret(desk: Desk) -> None:
    body = json.dumps({"action": "info"}).encode()
    for path in ("/api/v1", "/api/v1/", "/api/v1/wrong-secret", desk.server.api_path + "x"):
        status, _ = desk.raw("POST", path, body)
        assert status == 403, path
    status, answer = desk.raw("POST", desk.server.api_path, body)
    assert status == 200 and answer["publish_modes"] == ["simple"]
    status, _ = desk.raw("GET", "/config.json")  # the config holds the secret: not without it
    assert status == 403
    status, config = desk.raw("GET", "/config.json", headers={"X-Reformpress-Desk": desk.server.secret})
    assert status == 200 and config["backend"]["proxy_url"].endswith(desk.server.api_path)


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "http://127.0.0.1:1"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Host": "evil.example"},  # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1
    {"Host": "127.0.0.1.evil.example:8081"},
    {"Content-Type": "text/plain"},  # a "simple" cross-origin request needs no preflight: never accepted
    {"Content-Type": "application/x-www-form-urlencoded"},
])
def test_requests_from_other_origins_are_refused(desk: Desk, headers: dict[str, str]) -> None:
    before = (desk.root / SERIES / "16-sixia-jiceng.md").read_bytes()
    body = json.dumps({"action": "persistEntry", "params": {"dataFiles": [{"path": f"{SERIES}/16-sixia-jiceng.md", "raw": json.dumps({"title": "被改了"}), "slug": "x"}], "assets": []}}).encode()
    status, _ = desk.raw("POST", desk.server.api_path, body, headers)
    assert status in (403, 415)
    assert (desk.root / SERIES / "16-sixia-jiceng.md").read_bytes() == before


def test_the_desk_page_is_only_served_to_its_own_host_and_never_framed(desk: Desk) -> None:
    status, _ = desk.raw("GET", "/", headers={"Host": "evil.example", "Content-Type": None, "Origin": None})  # type: ignore[dict-item]
    assert status == 403
    connection = http.client.HTTPConnection("127.0.0.1", desk.server.port, timeout=10)
    connection.request("GET", "/", headers={"Host": f"localhost:{desk.server.port}"})
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    assert response.status == 200 and "frame-ancestors 'none'" in response.getheader("Content-Security-Policy", "")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert desk.server.secret in page  # the one place the secret is: a page other origins cannot read
    connection.request("OPTIONS", desk.server.api_path, headers={"Host": f"127.0.0.1:{desk.server.port}", "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    preflight = connection.getresponse()
    preflight.read()
    assert preflight.status == 403 and preflight.getheader("Access-Control-Allow-Origin") is None
    connection.close()


def test_the_server_binds_the_loopback_only(desk: Desk) -> None:
    assert desk.server.httpd.server_address[0] == "127.0.0.1"


def test_the_config_is_made_from_the_site(desk: Desk) -> None:
    config = desk.server.config()
    assert [c["folder"] for c in config["collections"]] == [SERIES]
    fields = [f["name"] for f in config["collections"][0]["fields"]]
    sections = [name for name in fields if name.startswith("section_")]
    assert sections == ["section_" + spec.key for spec in load_config(desk.root / "site.yaml").sections]
    by_name = {f["name"]: f for f in config["collections"][0]["fields"]}
    assert by_name["regions"]["options"][:2] == ["蕉城区", "福安市"]
    assert by_name["number"]["default"] == 19
    assert by_name["source"]["default"] == "宁德市委改革办"
    assert by_name["section_background"]["label"] == "改革背景（必填）" and by_name["section_intro"]["label"] == "引言"
    assert all(f["widget"] == "text" for name, f in by_name.items() if name.startswith("section_"))  # plain text, never the rich editor
    assert "review" not in by_name  # the example site asks for no sign-offs
    assert config["locale"] == "zh_Hans"
    (desk.root / "site.yaml").write_text((desk.root / "site.yaml").read_text(encoding="utf-8") + "review: {stages: [初审, 终审], required: true}\n", encoding="utf-8")
    by_name = {f["name"]: f for f in desk.server.config()["collections"][0]["fields"]}
    assert [f["name"] for f in by_name["review"]["fields"]] == ["初审", "终审"]


def test_the_vendored_bundle_is_what_its_version_file_says() -> None:
    import hashlib

    folder = REPO / "reformpress" / "desk" / "decap"
    lines = (folder / "VERSION").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("decap-cms 3.16.")
    listed = {line.split()[2]: line.split()[1] for line in lines if line.startswith("sha256 ")}
    present = {path.name for path in folder.iterdir() if path.name != "VERSION"}
    assert set(listed) == present and "decap-cms.js" in present and "LICENSE" in present
    assert not any(name.endswith(".map") for name in present)
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")


def test_the_desk_says_what_check_says_about_the_saved_file(desk: Desk) -> None:
    from reformpress.commands.check import check_site

    rel = f"{SERIES}/19-mistakes.md"
    (desk.root / rel).write_text(
        "---\ntitle: 有错的稿件\ntitel: 错别字\ndate: 2022-11-20 10:00\nregions: [示例县]\ntags: yes\nnumber: 16\n---\n\n"
        "## 改革背景\n\n背景，联系电话 13812345678。\n\n## 创新做法\n\n![](images/missing.jpg)\n\n## 主要成效\n\n## 经验启示\n\n启示。\n",
        encoding="utf-8",
    )
    said = desk.call("checkEntry", path=rel)["problems"]  # type: ignore[index]
    checked = [p.as_dict() for p in check_site(desk.root).problems if p.location.path == rel]
    assert len(checked) >= 5  # unknown key, unknown region, yes for tags, a number taken, a missing picture, an empty section, a phone number
    assert [{k: v for k, v in p.items() if k != "field"} for p in said] == checked
    assert {p["field"] for p in said} >= {"titel", "地区", "创新做法", "主要成效"}


def test_sign_offs_key_figures_and_long_summaries_are_written_as_the_build_reads_them(tmp_path: Path) -> None:
    from reformpress.content.checks import case_values
    from reformpress.content.sources import read_case

    specs = load_config(REPO / "site.yaml").sections
    text = "---\ntitle: 甲\ndate: 2022-10-27 09:00\n---\n\n## 改革背景\n\n背景。\n"
    form = to_form(text, specs)
    form.update(
        review={"初审": "张三 2022-10-25 09:00", "复审": "", "签发": "李四 2022-10-26 18:00"},
        highlights=[{"value": "1500", "unit": "多名", "label": "年轻干部参加“四下基层”实践"}, {"value": "103", "unit": "", "label": "挂职"}],
        summary="第一行摘要，\n第二行: 带冒号。",
        tags=["乡村振兴", "", "yes"],
        draft=True,
        number="19",
    )
    written = from_form(text, form, specs)
    path = tmp_path / "content" / "demo" / "19-jia.md"
    path.parent.mkdir(parents=True)
    path.write_text(written, encoding="utf-8")
    case = read_case(tmp_path, path, problems := [])
    assert case is not None and problems == []
    values, found = case_values(case)
    assert found == []
    assert values["review"] == {"初审": "张三 2022-10-25 09:00", "复审": None, "签发": "李四 2022-10-26 18:00"}
    assert values["highlights"][0] == {"value": "1500", "unit": "多名", "label": "年轻干部参加“四下基层”实践"}
    assert values["summary"] == "第一行摘要，第二行: 带冒号。"  # the line break joined as the build joins Chinese lines
    assert values["tags"] == ["乡村振兴", "yes"] and values["draft"] is True and values["number"] == 19
    assert to_form(written, specs)["review"]["签发"] == "李四 2022-10-26 18:00"
    assert from_form(written, to_form(written, specs), specs) == written


def test_the_list_marks_the_reports_that_need_work(desk: Desk) -> None:
    rel = f"{SERIES}/19-unfinished.md"
    desk.save(rel, {"title": "未写完的稿件", "date": "2022-11-20 10:00", "regions": ["古田县"], "section_background": "背景。"})
    listed = {item["file"]["path"]: json.loads(item["data"]) for item in desk.call("entriesByFolder", folder=SERIES, extension="md", depth=1)}  # type: ignore[union-attr]
    assert listed[rel]["attention"] == "【需修改】"
    assert all(not form.get("attention") for path, form in listed.items() if path != rel)
    assert desk.server.config()["collections"][0]["summary"].startswith("{{attention}}")
    form = listed[rel]
    form.update(section_practices="做法。", section_results="成效。", section_lessons="启示。", editor="王芳")
    desk.save(rel, form)
    assert "attention" not in (desk.root / rel).read_text(encoding="utf-8")  # the desk's own value never reaches the file
    listed = {item["file"]["path"]: json.loads(item["data"]) for item in desk.call("entriesByFolder", folder=SERIES, extension="md", depth=1)}  # type: ignore[union-attr]
    assert not listed[rel].get("attention")
