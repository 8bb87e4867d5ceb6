"""Responsive figures: the copies each picture gets, the markup that lists them, and the cache that keeps them."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from reformpress.content.image_files import image_size
from reformpress.publish.picture_copies import CACHE_FOLDER, encode
from reformpress.text.pictures import picture, variants

from .kit.site import SiteDir, make_image


def test_a_1200_px_jpeg_gets_webp_at_three_widths_and_smaller_jpegs() -> None:
    found = [(v.src, v.width, v.height, v.format) for v in variants("images/a.jpg", 1200, 675)]
    assert found == [
        ("images/480w/a.jpg.webp", 480, 270, "webp"),
        ("images/480w/a.jpg", 480, 270, "jpeg"),
        ("images/800w/a.jpg.webp", 800, 450, "webp"),
        ("images/800w/a.jpg", 800, 450, "jpeg"),
        ("images/1200w/a.jpg.webp", 1200, 675, "webp"),
    ]
    p = picture("images/a.jpg", 1200, 675)
    assert p is not None
    assert p.src == "images/a.jpg" and (p.width, p.height) == (1200, 675)
    assert p.webp_srcset == "images/480w/a.jpg.webp 480w, images/800w/a.jpg.webp 800w, images/1200w/a.jpg.webp 1200w"
    assert p.srcset == "images/480w/a.jpg 480w, images/800w/a.jpg 800w, images/a.jpg 1200w"


def test_huge_small_webp_gif_and_svg_pictures() -> None:
    huge = picture("images/big.png", 4000, 3000)
    assert huge is not None and huge.src == "images/1600w/big.png" and (huge.width, huge.height) == (1600, 1200)
    assert huge.srcset.endswith("images/1600w/big.png 1600w") and "images/big.png " not in huge.srcset
    small = picture("images/s.jpg", 300, 200)
    assert small is not None and small.srcset == "images/s.jpg 300w" and small.webp_srcset == "images/300w/s.jpg.webp 300w"
    webp = picture("images/w.webp", 1000, 500)
    assert webp is not None and webp.webp_srcset == "" and webp.srcset == "images/480w/w.webp 480w, images/800w/w.webp 800w, images/w.webp 1000w"
    assert picture("images/anim.gif", 800, 600) is None and picture("images/logo.svg", 0, 0) is None
    assert variants("images/anim.gif", 800, 600) == ()


def test_encoding_is_deterministic_sized_and_smaller(tmp_path: Path) -> None:
    source = make_image(tmp_path / "a.jpg", (1200, 675))
    data = source.read_bytes()
    webp_480, jpeg_480 = [v for v in variants("images/a.jpg", 1200, 675) if v.width == 480]
    first, second = encode(data, webp_480), encode(data, webp_480)
    assert first == second
    with Image.open(io.BytesIO(first)) as image:
        assert image.format == "WEBP" and image.size == (480, 270)
    with Image.open(io.BytesIO(encode(data, jpeg_480))) as image:
        assert image.format == "JPEG" and image.size == (480, 270) and "exif" not in image.info
    assert len(first) < len(data)


def test_exif_orientation_is_followed_for_sizes_and_copies(tmp_path: Path) -> None:
    path = tmp_path / "turned.jpg"
    image = Image.new("RGB", (640, 480), (20, 120, 200))
    exif = image.getexif()
    exif[0x0112] = 6  # shown turned a quarter clockwise
    image.save(path, "JPEG", exif=exif)
    assert image_size(path) == (480, 640)
    copy = variants("images/turned.jpg", 480, 640)[0]
    with Image.open(io.BytesIO(encode(path.read_bytes(), copy))) as made:
        assert made.size == (copy.width, copy.height) == (480, 640)


def _with_two_figures(site: SiteDir) -> None:
    make_image(site.root / "content/demo/images/a.jpg", (1200, 800), (200, 40, 40))
    make_image(site.root / "content/demo/images/b.jpg", (1000, 500), (40, 120, 40))
    text = (site.root / "content/demo/01-gutian.md").read_text(encoding="utf-8")
    text = text.replace("背景内容。", '背景内容。\n\n![甲](images/a.jpg "第一幅")\n\n正文。\n\n![乙](images/b.jpg "第二幅")')
    site.write("content/demo/01-gutian.md", text)


def test_figures_become_pictures_whose_every_copy_exists(site: SiteDir) -> None:
    _with_two_figures(site)
    site.build()
    page = site.page("demo/01-gutian/")
    figures = page.select(".article-body figure")
    assert len(figures) == 2
    for figure in figures:
        source, img = figure.select_one("picture > source"), figure.select_one("picture > img")
        assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
        for candidate in [*source["srcset"].split(","), *img["srcset"].split(",")]:
            path, width = candidate.split()
            file = site.output / "demo/01-gutian" / path
            with Image.open(file) as image:
                assert f"{image.width}w" == width, path
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert figure.figcaption is not None
    assert [f.img.get("loading") for f in figures] == ["eager", "lazy"]


def test_unchanged_pictures_come_from_the_cache_and_changed_ones_are_redone(site: SiteDir) -> None:
    _with_two_figures(site)
    site.build()
    cache = site.root / CACHE_FOLDER
    before = {file.name: file.stat().st_mtime_ns for file in cache.iterdir()}
    assert len(before) == 10  # each: WebP at 480, 800 and its own width, JPEG at 480 and 800
    output_copy = site.output / "demo/images/480w/a.jpg.webp"
    old_bytes = output_copy.read_bytes()
    site.build()
    assert {file.name: file.stat().st_mtime_ns for file in cache.iterdir()} == before
    assert output_copy.read_bytes() == old_bytes
    make_image(site.root / "content/demo/images/a.jpg", (1200, 800), (30, 30, 160))
    site.build()
    after = {file.name for file in cache.iterdir()}
    assert len(after - set(before)) == 5, "the changed picture's five copies are made again"
    assert output_copy.read_bytes() != old_bytes
    assert not [file for file in cache.iterdir() if file.name.endswith(".tmp")]


def test_a_picture_shown_many_times_or_saved_under_other_names_is_resized_once(site: SiteDir, monkeypatch, settled: None) -> None:
    """Counties often send the same photo under several names: its copies are made once, by one thread, whole."""
    import shutil

    import reformpress.publish.picture_copies as made_here

    original = make_image(site.root / "content/demo/images/a.jpg", (1200, 800), (200, 40, 40))
    for name in ("b.jpg", "c.jpg", "d.jpg"):
        shutil.copyfile(original, site.root / "content/demo/images" / name)
    figures = "\n\n".join(f'![图{n}](images/{n}.jpg "图{n}")' for n in "abcd")
    for case in ("01-gutian.md", "02-shouning.md"):
        path = site.root / "content/demo" / case
        site.write(f"content/demo/{case}", path.read_text(encoding="utf-8").replace("背景内容。", f"背景内容。\n\n{figures}"))
    calls = []
    real = made_here.encode
    monkeypatch.setattr(made_here, "encode", lambda data, variant: calls.append(variant) or real(data, variant))
    site.build(search=False)
    assert len(calls) == 5, "one picture's five copies (WebP 480/800/1200, JPEG 480/800), each encoded once"
    assert len(list((site.root / CACHE_FOLDER).iterdir())) == 5
    copies = [site.output / f"demo/images/480w/{n}.jpg.webp" for n in "abcd"]
    for copy in copies:
        with Image.open(copy) as image:
            assert image.size == (480, 320)
    assert len({copy.stat().st_ino for copy in copies}) == 1, "one file, linked under each name"
    for case in ("01-gutian", "02-shouning"):
        page = site.page(f"demo/{case}/")
        assert [source["srcset"].split(",")[0] for source in page.select("figure picture source")] == [f"../images/480w/{n}.jpg.webp 480w" for n in "abcd"]
