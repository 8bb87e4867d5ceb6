"""What a published picture keeps of its metadata: orientation and colour profile, nothing personal.

Phones and cameras write EXIF (GPS coordinates, camera serial numbers, owner names, maker notes)
and XMP into JPEG, PNG (``eXIf``, XMP text chunks) and WebP (``EXIF``, ``XMP `` chunks). The
published original gets all of that removed without re-encoding its pixels: the metadata
segments or chunks are dropped, and an EXIF block holding only the orientation (so that the
picture still shows upright) is written back where the original had one. Colour profiles stay.
Pure functions of bytes: the same picture gives the same published bytes on every build.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825
KEPT_TAGS = (ORIENTATION,)
"""EXIF tags a published picture keeps."""
XMP_JPEG = b"http://ns.adobe.com/xap/1.0/\0"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
"""PNG chunks that carry metadata (text chunks hold XMP, comments, authors)."""


def _exif_of(data: bytes) -> Image.Exif | None:
    """The picture's EXIF as Pillow reads it, or None when it has none or cannot be read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
    except (OSError, ValueError, SyntaxError):
        return None
    return exif if len(exif) else None


def has_location(data: bytes) -> bool:
    """Whether the picture's EXIF holds GPS data."""
    exif = _exif_of(data)
    return exif is not None and bool(exif.get_ifd(GPS_IFD))


def _kept_exif(data: bytes) -> bytes:
    """A TIFF-format EXIF block (no ``Exif\\0\\0`` header) with only :data:`KEPT_TAGS`, or b'' when none applies."""
    exif = _exif_of(data)
    if exif is None:
        return b""
    kept = Image.Exif()
    for tag in KEPT_TAGS:
        if tag in exif and exif[tag] not in (None, 1):
            kept[tag] = exif[tag]
    if not len(kept):
        return b""
    block = kept.tobytes()
    return block[6:] if block.startswith(b"Exif\0\0") else block


def _jpeg(data: bytes) -> bytes:
    """A JPEG without its EXIF, XMP, IPTC and comment segments; orientation written back."""
    out = bytearray(b"\xff\xd8")
    position = 2
    kept = _kept_exif(data)
    if kept:
        payload = b"Exif\0\0" + kept
        out += b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return data  # not the segment layout we know: publish nothing we cannot read as segments
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA or marker == 0xD9:  # start of scan: the rest is image data
            out += data[position:]
            return bytes(out)
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        segment = data[position : position + 2 + length]
        body = segment[4:]
        personal = (marker == 0xE1 and (body.startswith((b"Exif\x00", XMP_JPEG, b"http://ns.adobe.com/xmp/extension/")))) or marker in (0xED, 0xFE)
        if not personal:
            out += segment
        position += 2 + length
    return data


def _png(data: bytes) -> bytes:
    """A PNG without its eXIf and text chunks; orientation written back as a small eXIf."""
    out = bytearray(PNG_SIGNATURE)
    position = len(PNG_SIGNATURE)
    kept = _kept_exif(data)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunk = data[position : position + 12 + length]
        if kind == b"IDAT" and kept:
            out += struct.pack(">I", len(kept)) + b"eXIf" + kept + struct.pack(">I", zlib.crc32(b"eXIf" + kept))
            kept = b""
        if kind not in PNG_DROPPED:
            out += chunk
        position += 12 + length
        if kind == b"IEND":
            return bytes(out)
    return data


def _webp(data: bytes) -> bytes:
    """A WebP without its EXIF and XMP chunks (orientation written back), the VP8X flags to match."""
    if len(data) < 12 or data[8:12] != b"WEBP":
        return data
    chunks: list[tuple[bytes, bytes]] = []
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        size = struct.unpack("<I", data[position + 4 : position + 8])[0]
        chunks.append((kind, data[position + 8 : position + 8 + size]))
        position += 8 + size + (size & 1)
    if not any(kind in (b"EXIF", b"XMP ") for kind, _ in chunks):
        return data
    kept = _kept_exif(data)
    chunks = [(kind, body) for kind, body in chunks if kind not in (b"EXIF", b"XMP ")]
    if kept:
        chunks.append((b"EXIF", kept))
    out = bytearray()
    for kind, body in chunks:
        if kind == b"VP8X":
            flags = (body[0] & ~0x0C) | (0x08 if kept else 0)
            body = bytes([flags]) + body[1:]
        out += kind + struct.pack("<I", len(body)) + body + (b"\0" if len(body) & 1 else b"")
    return b"RIFF" + struct.pack("<I", len(out) + 4) + b"WEBP" + bytes(out)


def without_personal_metadata(data: bytes) -> bytes:
    """The bytes to publish for a picture: the same pixels, no GPS, camera or owner data."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"RIFF"):
        return _webp(data)
    return data
