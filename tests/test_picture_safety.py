"""Pictures that would harm readers or the build: scripted SVGs, pixel bombs, truncated files, 16-bit grey."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from PIL import Image

from reformpress.publish.picture_copies import encode
from reformpress.text.pictures import variants

from .kit.site import SiteDir


def _show(site: SiteDir, *srcs: str) -> list[int]:
    """Put ``![图](images/src)`` for each of ``srcs`` into the first case; the Markdown line each is on."""
    path = site.root / "content/demo/01-gutian.md"
    figures = "\n\n".join(f'![图](images/{src} "图")' for src in srcs)
    text = path.read_text(encoding="utf-8").replace("背景内容。", f"背景内容。\n\n{figures}")
    site.write("content/demo/01-gutian.md", text)
    return [next(number for number, line in enumerate(text.splitlines(), 1) if f"images/{src} " in line) for src in srcs]


def _png_bomb(width: int, height: int) -> bytes:
    """A grey PNG of ``width`` × ``height`` pixels that compresses to almost nothing (no Pillow: it would decode it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    row = b"\0" * (width + 1)
    packed = zlib.compressobj(9)
    body = b"".join(packed.compress(row) for _ in range(height)) + packed.flush()
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


SCRIPTED = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1" height="1"/>\n<script>alert(1)</script>\n</svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)">\n</svg>',
    "href": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n<a xlink:href=" JavaScript:alert(1)"><text>x</text></a>\n</svg>',
    "foreign": '<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>\n</svg>',
    "entity": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
}


def test_svgs_that_run_code_are_refused_with_the_markdown_line(site: SiteDir) -> None:
    for name, text in SCRIPTED.items():
        site.write(f"content/demo/images/{name}.svg", text)
    lines = dict(zip(SCRIPTED, _show(site, *(f"{name}.svg" for name in SCRIPTED))))
    result = site.cli("check")
    assert result.exit_code == 1
    for name, line in lines.items():
        assert f"content/demo/01-gutian.md:{line}: SVG 图片 images/{name}.svg" in result.output, name
    assert result.output.count("请删除脚本或导出为 PNG") == len(SCRIPTED)
    assert "第 3 行含有可执行的内容（<script>）" in result.output
    assert "（onload=）" in result.output and "（<foreignObject>）" in result.output and "（<!DOCTYPE>）" in result.output
    assert "Traceback" not in result.output


def test_a_clean_svg_is_published_as_it_is(site: SiteDir) -> None:
    clean = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n<a xlink:href="https://example.gov.cn/"><circle cx="5" cy="5" r="4" fill="red"/></a>\n</svg>\n'
    site.write("content/demo/images/logo.svg", clean)
    _show(site, "logo.svg")
    site.build(search=False)
    assert (site.output / "demo/images/logo.svg").read_text(encoding="utf-8") == clean


def test_a_pixel_bomb_is_refused_from_its_header_with_the_markdown_line(site: SiteDir) -> None:
    bomb = _png_bomb(30000, 30000)
    assert len(bomb) < 1_200_000
    site.write("content/demo/images/bomb.png", bomb)
    site.write("content/demo/images/big.png", _png_bomb(12000, 12000))
    bomb_line, big_line = _show(site, "bomb.png", "big.png")
    for command in ("check", "build"):
        result = site.cli(command)
        assert result.exit_code == 1, command
        assert f"content/demo/01-gutian.md:{bomb_line}: 图片 images/bomb.png 像素过多" in result.output
        assert f"content/demo/01-gutian.md:{big_line}: 图片 images/big.png 像素过多（12000×12000，上限 50 百万像素）" in result.output
        assert "Traceback" not in result.output and "DecompressionBomb" not in result.output
    assert not (site.output / "demo/images/big.png").exists()


def test_a_truncated_jpeg_fails_check_and_build_cleanly(site: SiteDir) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(buffer, "JPEG", quality=90)
    site.write("content/demo/images/cut.jpg", buffer.getvalue()[: len(buffer.getvalue()) // 2])
    [line] = _show(site, "cut.jpg")
    for command in ("check", "build"):
        result = site.cli(command)
        assert result.exit_code == 1, command
        assert f"content/demo/01-gutian.md:{line}: 图片 images/cut.jpg 无法读取" in result.output
        assert "请重新导出为 JPG 或 PNG 格式" in result.output and "Traceback" not in result.output


def test_a_16_bit_grey_png_gets_grey_copies_not_white(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    Image.new("I;16", (900, 600), 20000).save(path, "PNG")
    with Image.open(path) as opened:
        assert opened.mode == "I;16"
    for variant in variants("images/scan.png", 900, 600):
        with Image.open(io.BytesIO(encode(path.read_bytes(), variant))) as made:
            assert made.size == (variant.width, variant.height)
            level = made.convert("L").getpixel((10, 10))
            assert level == 20000 // 256, (variant.src, level)
