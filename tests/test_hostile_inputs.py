"""Issue #21's remaining hostile inputs: each is a `path:line` report an editor can act on, never a traceback or silence."""

from __future__ import annotations

import unicodedata

import pytest

from reformpress.problems import BuildFailed

from .kit.site import SiteDir, case_text, make_image, report_of, snapshot

CASE = "content/demo/01-gutian.md"


def with_background(extra: str) -> str:
    """The valid case with ``extra`` written under 改革背景 (its first line is line 15)."""
    return case_text().replace("背景内容。\n", f"背景内容。\n\n{extra}\n")


@pytest.mark.parametrize("written", ["**改革背景**", "＃＃ 改革背景", "# 改革背景", "### 改革背景", "【改革背景】"])
def test_a_section_heading_written_another_way_is_named_at_its_line(site: SiteDir, written: str) -> None:
    site.write(CASE, case_text().replace("## 改革背景", written))
    assert report_of(site) == [f"{CASE}:11: 这一行像是栏目标题“改革背景”，但没有写成栏目标题 — 写成 `## 改革背景`（两个半角 # 加一个空格，独占一行）"]


def test_a_utf16_file_without_a_byte_order_mark_is_named_as_utf16(site: SiteDir) -> None:
    site.write(CASE, case_text().encode("utf-16-le"))
    assert report_of(site) == [f"{CASE}: 文件不是 UTF-8 编码（看起来是 UTF-16） — 请用记事本或 VS Code“另存为”UTF-8 编码后再构建"]


def test_yaml_booleans_in_a_list_are_named_with_the_quoted_list(site: SiteDir) -> None:
    site.write(CASE, case_text().replace("tags: [乡村振兴]", "tags: [no, 乡村振兴, yes, off]"))
    assert report_of(site) == [f'{CASE}:5: tags 列表里的 no、yes、off 会被 YAML 读成“是/否”（布尔值），不是文字 — 要写文字请加英文引号：tags: ["no", 乡村振兴, "yes", "off"]']
    site.write(CASE, case_text().replace("tags: [乡村振兴]", 'tags: ["no", "yes"]'))
    site.build()


@pytest.mark.parametrize("name", ["con", "AUX", "nul.jpg", "com1.png", "lpt9"])
def test_a_windows_reserved_name_is_refused(site: SiteDir, name: str) -> None:
    make_image(site.root / "content/demo/images" / name)
    stem, dot, suffix = name.partition(".")
    assert report_of(site) == [f"content/demo/images/{name}: “{name}”是 Windows 保留给设备的名称，这个文件或文件夹在 Windows 上无法打开、复制或删除 — 请改一个名字，如 {stem}-1{dot}{suffix}"]


def test_a_series_folder_named_con_is_refused(site: SiteDir) -> None:
    (site.root / "content/demo").rename(site.root / "content/con")
    assert report_of(site) == ["content/con: “con”是 Windows 保留给设备的名称，这个文件或文件夹在 Windows 上无法打开、复制或删除 — 请改一个名字，如 con-1"]


def test_names_differing_only_in_case_collide(site: SiteDir) -> None:
    make_image(site.root / "content/demo/images/Photo.jpg")
    make_image(site.root / "content/demo/images/photo.jpg", color=(1, 2, 3))
    site.write("content/demo/03-Abc.md", case_text("甲"))
    site.write("content/demo/04-abc.md", case_text("乙"))
    lines = report_of(site)
    assert "content/demo/images/photo.jpg: “photo.jpg”和同一文件夹里的“Photo.jpg”只是大小写（或字符编码）不同，在 Windows 和 macOS 上是同一个文件，复制时会互相覆盖 — 请把其中一个改名" in lines
    assert "content/demo/04-abc.md" not in " ".join(lines)  # 03-Abc.md and 04-abc.md are different names
    site.write("content/demo/03-abc.md", case_text("丙"))
    assert any(line.startswith("content/demo/03-abc.md: “03-abc.md”和同一文件夹里的“03-Abc.md”") for line in report_of(site))


def test_a_picture_named_on_a_mac_is_found_and_published_under_the_name_written(site: SiteDir, settled: None) -> None:
    make_image(site.root / "content/demo/images" / unicodedata.normalize("NFD", "café.jpg"), (900, 600))
    site.write(CASE, with_background("![咖啡馆](images/café.jpg)"))
    site.build()
    img = site.page("demo/01-gutian/").select_one(".article-body img")
    assert img["alt"] == "咖啡馆" and unicodedata.is_normalized("NFC", img["src"])
    assert (site.output / "demo/images/café.jpg").is_file()  # the name the page asks for
    assert (site.output / "demo/images/480w/café.jpg.webp").is_file()
    assert site.cli("check").exit_code == 0
    site.write(CASE, with_background("![咖啡馆外景](images/café.jpg)"))  # the quick rebuild of one edited report finds it too
    site.build()
    assert site.page("demo/01-gutian/").select_one(".article-body img")["alt"] == "咖啡馆外景"
    assert (site.output / "demo/images/café.jpg").is_file()


@pytest.mark.parametrize("written", ['<img src="images/a.jpg" alt="图">', "<p><IMG alt='图' src='images/a.jpg'></p>"])
def test_a_raw_html_picture_is_named_with_the_markdown_to_write(site: SiteDir, written: str) -> None:
    make_image(site.root / "content/demo/images/a.jpg")
    site.write(CASE, with_background(written))
    assert report_of(site) == [f"{CASE}:15: 图片 images/a.jpg 用 HTML 的 <img> 写成，网站不会发布这张图片，页面上也找不到它 — 请改写成 Markdown 图片：![图片说明](images/a.jpg)"]
    (site.root / "content/demo/images/a.jpg").unlink()
    assert report_of(site) == [f"{CASE}:15: 图片 images/a.jpg 用 HTML 的 <img> 写成，网站不会发布这张图片，页面上也找不到它 — 请改写成 Markdown 图片：![图片说明](images/a.jpg)"]


@pytest.mark.parametrize("written", ["![图][ref]\n\n[ref]: images/missing.jpg", "![ref]\n\n[ref]: <images/missing.jpg>"])
def test_reference_pictures_to_a_missing_file_are_named(site: SiteDir, written: str) -> None:
    site.write(CASE, with_background(written))
    assert report_of(site) == [f"{CASE}:15: 找不到图片 images/missing.jpg — 请把图片放到 content/demo/images/missing.jpg，或改正文件名（注意大小写和扩展名）"]


def test_reference_pictures_that_exist_are_published(site: SiteDir) -> None:
    make_image(site.root / "content/demo/images/b.jpg")
    site.write(CASE, with_background("![乙][b]\n\n[b]: images/b.jpg"))
    site.build()
    assert (site.output / "demo/images/b.jpg").is_file()
    assert site.page("demo/01-gutian/").select_one(".article-body img")["alt"] == "乙"


@pytest.mark.parametrize("written", ["![图](images/my photo.jpg)", "![图](<images/my photo.jpg>)"])
def test_a_picture_name_with_a_space_is_named_at_its_line(site: SiteDir, written: str) -> None:
    make_image(site.root / "content/demo/images/my photo.jpg")
    site.write(CASE, with_background(written))
    assert report_of(site) == [f"{CASE}:15: 图片地址 images/my photo.jpg 里有空格 — 网址中的空格会出错：请把图片文件改名为 images/my-photo.jpg（不含空格），并把这里的地址改成 images/my-photo.jpg"]


def test_a_picture_deleted_while_pictures_are_resized_is_a_clean_message_and_the_next_build_is_right(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    from reformpress.publish import picture_copies

    site.build()
    before = snapshot(site.output)
    picture = make_image(site.root / "content/demo/images/launch.jpg", (900, 600))
    site.write(CASE, with_background("![启动仪式](images/launch.jpg)"))
    original = picture_copies.source_digest

    def deleted_meanwhile(source):
        if source.name == "launch.jpg" and source.exists():
            source.unlink()
        return original(source)

    monkeypatch.setattr(picture_copies, "source_digest", deleted_meanwhile)
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        "content/demo/images/launch.jpg: 文件 content/demo/images/launch.jpg 在构建过程中被删除、移走或改动了 — 请等文件保存或复制完毕，确认它是否还需要，再重新构建；原有网站未受影响"
    ]
    assert snapshot(site.output) == before
    monkeypatch.undo()
    make_image(picture, (900, 600))
    site.build()
    assert (site.output / "demo/images/launch.jpg").is_file()
    assert site.page("demo/01-gutian/").select_one("figure img")["alt"] == "启动仪式"


def test_a_picture_saved_again_while_it_is_resized_is_a_clean_message_and_never_a_wrong_copy(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from reformpress.publish import picture_copies

    picture = make_image(site.root / "content/demo/images/launch.jpg", (900, 600), (200, 30, 30))
    site.write(CASE, with_background("![启动仪式](images/launch.jpg)"))
    original = picture_copies.source_digest

    def saved_again_meanwhile(source):
        digest = original(source)
        make_image(source, (900, 600), (30, 30, 200))  # the editor saves a new version
        return digest

    monkeypatch.setattr(picture_copies, "source_digest", saved_again_meanwhile)
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        "content/demo/images/launch.jpg: 文件 content/demo/images/launch.jpg 在构建过程中被删除、移走或改动了 — 请等文件保存或复制完毕，确认它是否还需要，再重新构建；原有网站未受影响"
    ]
    monkeypatch.undo()
    make_image(picture, (900, 600), (200, 30, 30))  # back to the first version: its copies must be of it, not of the second
    site.build()
    with Image.open(site.output / "demo/images/480w/launch.jpg") as copy:
        red, _, blue = copy.convert("RGB").getpixel((10, 10))
    assert red > 150 and blue < 80


def test_the_cli_says_a_vanished_picture_without_a_traceback(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    from reformpress.publish import picture_copies

    make_image(site.root / "content/demo/images/launch.jpg")
    site.write(CASE, with_background("![启动仪式](images/launch.jpg)"))

    def gone(data, cache):
        raise FileNotFoundError(2, "No such file or directory", str(site.root / "content/demo/images/launch.jpg"))

    monkeypatch.setattr(picture_copies, "published_original", gone)
    from click.testing import CliRunner

    from reformpress.commands.cli import main

    result = CliRunner().invoke(main, ["build", "--no-search", "--root", str(site.root)])
    assert result.exit_code == 1
    assert "content/demo/images/launch.jpg: 文件 content/demo/images/launch.jpg 在构建过程中被删除" in result.output
    assert "Traceback" not in result.output and "写入输出目录失败" not in result.output


@pytest.mark.parametrize(("typed", "count"), [("![", 100_000), ("[", 100_000), ("[a](", 50_000)])
def test_check_refuses_a_paragraph_of_open_brackets_within_seconds(site: SiteDir, typed: str, count: int) -> None:
    """``build`` refused these quickly already; ``check``'s picture-caption warning scanned them quadratically (minutes)."""
    import time

    site.write(CASE, with_background(typed * count))
    started = time.monotonic()
    result = site.cli("check")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert f"{CASE}:15: 这一段无法处理：有超过 200 个未闭合的 [ 或 (" in result.output
