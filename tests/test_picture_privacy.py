"""Phone photos go out without where they were taken: no GPS, camera or owner data in any published picture.

The pictures are made as phones save them: a JPEG with EXIF orientation 6, GPS, maker and serial
number, and a colour profile; a PNG with an eXIf chunk; a WebP with an EXIF chunk.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from .kit.site import SiteDir, case_text

SERIAL = "SN-4471-PHONE"
LATITUDE = (26.0, 39.0, 59.5)


def phone_photo(fmt: str, size: tuple[int, int] = (900, 600)) -> bytes:
    """A picture with the EXIF a phone writes: orientation, GPS, maker, serial number."""
    image = Image.new("RGB", size, (190, 60, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = "张三"  # Artist: the owner's name
    exif[0xA431] = SERIAL
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: LATITUDE, 3: "E", 4: (119.0, 31.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes())
    return buffer.getvalue()


def photo_site(site: SiteDir) -> None:
    body = "\n\n".join(f"![照片{n}](images/{name} \"现场照片{n}\")" for n, name in enumerate(("phone.jpg", "phone.png", "phone.webp"), 1))
    site.write("content/demo/images/phone.jpg", phone_photo("JPEG"))
    site.write("content/demo/images/phone.png", phone_photo("PNG"))
    site.write("content/demo/images/phone.webp", phone_photo("WEBP"))
    text = case_text()
    site.write("content/demo/01-gutian.md", text.replace("## 创新做法", f"{body}\n\n## 创新做法", 1))


def published_pictures(output: Path) -> list[Path]:
    return sorted(path for path in output.rglob("*") if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp") and "phone" in path.name)


def test_no_published_picture_holds_gps_or_camera_data(site: SiteDir) -> None:
    photo_site(site)
    site.build(search=False)
    published = published_pictures(site.output)
    assert {path.suffix for path in published} == {".jpg", ".png", ".webp"}
    assert sum(path.parent.name == "images" for path in published) == 3  # the originals themselves
    for path in published:
        data = path.read_bytes()
        assert SERIAL.encode() not in data and b"PhoneMaker" not in data and "张三".encode() not in data, path
        with Image.open(path) as image:
            image.load()
            exif = image.getexif()
            assert not exif.get_ifd(0x8825), path
            if path.parent.name == "images":  # the original keeps its orientation; copies are turned upright
                assert exif.get(0x0112) == 6, path
    source = (site.root / "content/demo/images/phone.jpg").read_bytes()
    assert SERIAL.encode() in source  # the editor's own file is left as it was


def test_two_builds_publish_the_same_bytes_and_check_names_the_located_photos(site: SiteDir, tmp_path: Path) -> None:
    photo_site(site)
    site.build(search=False)
    first = {path.relative_to(site.output): path.read_bytes() for path in published_pictures(site.output)}
    site.build(search=False, cache=False)
    assert {path.relative_to(site.output): path.read_bytes() for path in published_pictures(site.output)} == first
    checked = site.cli("check")
    assert checked.exit_code == 0, checked.output
    for name in ("phone.jpg", "phone.png", "phone.webp"):
        assert f"content/demo/images/{name}: 这张照片含有拍摄地点（GPS 坐标），发布到网站的图片已去掉地点和相机信息；原图仍在 content/ 中" in checked.output


def test_a_picture_without_metadata_is_published_as_it_is(site: SiteDir) -> None:
    image = Image.new("RGB", (300, 200), (10, 120, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    site.write("content/demo/images/plain.png", buffer.getvalue())
    site.write("content/demo/01-gutian.md", case_text().replace("## 创新做法", "![图](images/plain.png \"说明\")\n\n## 创新做法", 1))
    site.build(search=False)
    published = [path for path in site.output.rglob("plain.png")]
    assert len(published) == 1 and published[0].read_bytes() == buffer.getvalue()
    assert "拍摄地点" not in site.cli("check").output
