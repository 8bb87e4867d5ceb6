#!/usr/bin/env python3
"""Draw the example illustrations of content/ningde-reform/images/ (Pillow only).

Every picture is a painted, photo-like scene (sky, hills, sea, tea terraces,
buildings ...) with a Chinese caption band and a small “示例插图” mark, so
nobody mistakes it for a real news photo.  All randomness comes from fixed
seeds: running the script again gives byte-identical files.

    python tools/make_example_images.py            # writes into content/ningde-reform/images/
    python tools/make_example_images.py OUT_DIR
"""

from __future__ import annotations

import math
import random
import sys
from itertools import pairwise
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "ningde-reform" / "images"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
QUALITY = 82
MAX_BYTES = 150 * 1024

Color = tuple[int, int, int]


# ---------------------------------------------------------------- helpers


def font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size, index=2)  # index 2 = SC in the Noto CJK collection
    raise SystemExit("没有找到中文字体（Noto Sans CJK），请先安装 fonts-noto-cjk")


def mix(a: Color, b: Color, t: float) -> Color:
    t = max(0.0, min(1.0, t))
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def gradient(img: Image.Image, box: tuple[int, int, int, int], stops: list[tuple[float, Color]]) -> None:
    """Vertical gradient through colour stops (positions 0..1) inside box."""
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(img)
    height = max(1, y1 - y0)
    for y in range(y0, y1):
        t = (y - y0) / height
        for (p0, c0), (p1, c1) in pairwise(stops):
            if p0 <= t <= p1:
                draw.line([(x0, y), (x1, y)], fill=mix(c0, c1, (t - p0) / max(1e-6, p1 - p0)))
                break


def ridge(width: int, base: float, amp: float, seed: int, waves: int = 4, step: int = 6) -> list[tuple[float, float]]:
    """A smooth mountain ridge line made of a few random sine waves."""
    rnd = random.Random(seed)
    parts = [(rnd.uniform(0.6, 3.2) * (i + 1), rnd.uniform(0, math.tau), amp / (i + 1.3)) for i in range(waves)]
    points = []
    for x in range(-step, width + 2 * step, step):
        y = base
        for freq, phase, a in parts:
            y -= a * math.sin(freq * math.tau * x / width + phase)
        points.append((x, y))
    return points


def hill(img: Image.Image, points: list[tuple[float, float]], color: Color, blur: float = 0, shade: Color | None = None) -> None:
    """Fill below a ridge line; optional darker colour towards the bottom, optional haze blur."""
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).polygon(points + [(w + 20, h + 20), (-20, h + 20)], fill=255)
    if blur:
        mask = mask.filter(ImageFilter.GaussianBlur(blur))
    layer = Image.new("RGB", (w, h), color)
    if shade:
        top = int(min(y for _, y in points))
        gradient(layer, (0, max(0, top), w, h), [(0, color), (1, shade)])
    img.paste(layer, (0, 0), mask)


def glow(img: Image.Image, center: tuple[int, int], radius: int, color: Color, strength: int = 200) -> None:
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    x, y = center
    ImageDraw.Draw(mask).ellipse([x - radius, y - radius, x + radius, y + radius], fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(radius * 0.9))
    img.paste(Image.new("RGB", (w, h), color), (0, 0), mask)
    ImageDraw.Draw(img).ellipse([x - radius // 3, y - radius // 3, x + radius // 3, y + radius // 3], fill=mix(color, (255, 255, 255), 0.6))


def mist(img: Image.Image, y: int, thickness: int, seed: int, alpha: int = 120, color: Color = (236, 240, 238)) -> None:
    w, h = img.size
    rnd = random.Random(seed)
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    for _ in range(14):
        cx = rnd.uniform(-100, w + 100)
        rx = rnd.uniform(140, 360)
        ry = thickness * rnd.uniform(0.3, 0.6)
        d.ellipse([cx - rx, y - ry, cx + rx, y + ry], fill=alpha)
    mask = mask.filter(ImageFilter.GaussianBlur(thickness * 0.5))
    img.paste(Image.new("RGB", (w, h), color), (0, 0), mask)


def grain(img: Image.Image, seed: int, amount: float = 0.05) -> Image.Image:
    """Soft, low-frequency film grain so flat areas look less synthetic."""
    w, h = img.size
    rnd = random.Random(seed)
    small = Image.frombytes("L", (w // 4, h // 4), rnd.randbytes((w // 4) * (h // 4)))
    noise = small.resize((w, h), Image.BILINEAR).filter(ImageFilter.GaussianBlur(1.2)).convert("RGB")
    return Image.blend(img, noise, amount)


def vignette(img: Image.Image, strength: int = 90) -> Image.Image:
    w, h = img.size
    mask = Image.new("L", (w, h), strength)
    ImageDraw.Draw(mask).ellipse([-w * 0.1, -h * 0.15, w * 1.1, h * 1.15], fill=0)
    mask = mask.filter(ImageFilter.GaussianBlur(min(w, h) * 0.15))
    out = img.copy()
    out.paste(Image.new("RGB", (w, h), (10, 14, 20)), (0, 0), mask)
    return out


def person(draw: ImageDraw.ImageDraw, x: float, ground: float, height: float, color: Color, hat: Color | None = None) -> None:
    """A simple standing figure: head, shoulders, body."""
    head = height * 0.13
    draw.ellipse([x - head / 2, ground - height, x + head / 2, ground - height + head], fill=color)
    body_top = ground - height + head * 1.05
    draw.rounded_rectangle([x - height * 0.13, body_top, x + height * 0.13, ground - height * 0.42], radius=int(height * 0.06), fill=color)
    draw.rectangle([x - height * 0.1, ground - height * 0.45, x - height * 0.015, ground], fill=color)
    draw.rectangle([x + height * 0.015, ground - height * 0.45, x + height * 0.1, ground], fill=color)
    if hat:
        draw.polygon([(x - head * 1.1, ground - height + head * 0.35), (x + head * 1.1, ground - height + head * 0.35), (x, ground - height - head * 0.45)], fill=hat)


def caption(img: Image.Image, text: str) -> Image.Image:
    """Dark band with the caption at the bottom, “示例插图” mark at the top right."""
    w, h = img.size
    out = img.convert("RGBA")
    band = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(band)
    band_h = 76
    for i in range(band_h + 40):
        a = int(170 * min(1.0, i / 40))
        d.line([(0, h - band_h - 40 + i), (w, h - band_h - 40 + i)], fill=(12, 18, 26, a))
    f = font(32)
    d.text((36, h - band_h / 2 - 4), text, font=f, fill=(255, 255, 255, 240), anchor="lm")
    tag = "示例插图"
    ft = font(20)
    tw = d.textlength(tag, font=ft)
    d.rounded_rectangle([w - tw - 44, 22, w - 20, 58], radius=6, fill=(178, 34, 34, 200))
    d.text((w - tw / 2 - 32, 40), tag, font=ft, fill=(255, 255, 255, 255), anchor="mm")
    return Image.alpha_composite(out, band).convert("RGB")


# ---------------------------------------------------------------- scenes


def scene_jiaocheng_hall(w: int, h: int) -> Image.Image:
    """Government service hall: perspective floor, ceiling lights, counters, LED screen."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, int(h * 0.45)), [(0, (222, 228, 234)), (1, (240, 242, 244))])
    gradient(img, (0, int(h * 0.45), w, h), [(0, (196, 192, 184)), (1, (150, 146, 140))])
    d = ImageDraw.Draw(img)
    vx, vy = w / 2, h * 0.42
    for i in range(-12, 13):  # floor tiles
        d.line([(vx, vy), (vx + i * 160, h)], fill=(176, 172, 166), width=2)
    y = vy + 8
    gap = 6
    while y < h:
        d.line([(0, y), (w, y)], fill=(178, 174, 168), width=2)
        gap *= 1.35
        y += gap
    for row in range(4):  # ceiling lights
        yy = 30 + row * 38
        for i in range(-3, 4):
            cx = vx + i * (120 - row * 22) * 1.9
            d.rounded_rectangle([cx - 46 + row * 8, yy, cx + 46 - row * 8, yy + 8], radius=4, fill=(255, 253, 240))
    # back wall and screen
    d.rectangle([w * 0.12, h * 0.18, w * 0.88, h * 0.44], fill=(120, 30, 34))
    d.rectangle([w * 0.3, h * 0.21, w * 0.7, h * 0.3], fill=(20, 24, 30))
    d.text((w / 2, h * 0.255), "“一件事一次办” 综合受理区", font=font(30), fill=(255, 196, 64), anchor="mm")
    # counters with numbered windows
    n = 6
    left, right = w * 0.12, w * 0.88
    cw = (right - left) / n
    for i in range(n):
        x0 = left + i * cw
        d.rectangle([x0 + 6, h * 0.33, x0 + cw - 6, h * 0.4], fill=(236, 238, 240))
        d.text((x0 + cw / 2, h * 0.365), f"{i + 1:02d} 综合窗口", font=font(18), fill=(40, 70, 120), anchor="mm")
        d.rectangle([x0 + 6, h * 0.44, x0 + cw - 6, h * 0.56], fill=(222, 214, 200))
        d.rectangle([x0 + 6, h * 0.44, x0 + cw - 6, h * 0.455], fill=(196, 160, 110))
        person(d, x0 + cw / 2, h * 0.46, 70, (40, 52, 72))
    # people waiting and a self-service kiosk
    rnd = random.Random(10)
    for i in range(7):
        x = rnd.uniform(w * 0.08, w * 0.92)
        size = rnd.uniform(150, 230)
        person(d, x, h * 0.62 + size * 0.6, size, mix((58, 66, 80), (110, 90, 80), rnd.random()))
    d.rounded_rectangle([w * 0.04, h * 0.48, w * 0.1, h * 0.78], radius=10, fill=(44, 92, 160))
    d.rectangle([w * 0.048, h * 0.5, w * 0.092, h * 0.6], fill=(190, 224, 250))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return vignette(grain(img, 11, 0.04), 60)


def scene_fuan_industry(w: int, h: int) -> Image.Image:
    """Industrial park under a clear sky: hills, factory halls, a crane and trucks."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (112, 160, 214)), (0.55, (206, 224, 238)), (1, (206, 224, 238))])
    hill(img, ridge(w, h * 0.46, 50, 21), (146, 170, 168), blur=3)
    hill(img, ridge(w, h * 0.55, 40, 22), (92, 128, 104))
    d = ImageDraw.Draw(img)
    gradient(img, (0, int(h * 0.7), w, h), [(0, (120, 122, 120)), (1, (88, 90, 92))])
    rnd = random.Random(23)
    x = 30
    while x < w - 60:  # factory halls
        bw = rnd.uniform(170, 260)
        bh = rnd.uniform(90, 150)
        top = h * 0.7 - bh
        body = mix((214, 218, 222), (170, 186, 200), rnd.random())
        d.rectangle([x, top, x + bw, h * 0.7], fill=body)
        d.polygon([(x - 6, top), (x + bw / 2, top - 26), (x + bw + 6, top)], fill=(54, 96, 150))
        for k in range(int(bw // 34)):
            d.rectangle([x + 12 + k * 34, top + 18, x + 34 + k * 34, top + 34], fill=(140, 176, 204))
        d.rectangle([x + bw * 0.4, h * 0.7 - 48, x + bw * 0.6, h * 0.7], fill=(90, 98, 110))
        x += bw + rnd.uniform(22, 50)
    # sign and crane
    d.rectangle([w * 0.05, h * 0.76, w * 0.42, h * 0.83], fill=(30, 80, 150))
    d.text((w * 0.235, h * 0.795), "电机电器产业园", font=font(30), fill=(255, 255, 255), anchor="mm")
    d.line([(w * 0.82, h * 0.7), (w * 0.82, h * 0.18)], fill=(230, 170, 40), width=8)
    d.line([(w * 0.7, h * 0.2), (w * 0.97, h * 0.2)], fill=(230, 170, 40), width=6)
    d.line([(w * 0.92, h * 0.2), (w * 0.92, h * 0.36)], fill=(60, 60, 60), width=2)
    for tx in (w * 0.55, w * 0.7):  # trucks
        d.rectangle([tx, h * 0.82, tx + 120, h * 0.88], fill=(236, 236, 236))
        d.rectangle([tx + 120, h * 0.84, tx + 150, h * 0.88], fill=(180, 40, 40))
        for wx in (tx + 20, tx + 100, tx + 135):
            d.ellipse([wx - 9, h * 0.875, wx + 9, h * 0.905], fill=(30, 30, 30))
    return vignette(grain(img, 24, 0.035), 50)


def scene_fuding_tea(w: int, h: int) -> Image.Image:
    """Morning tea terraces: misty far hills, then curved rows of tea bushes."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (168, 196, 222)), (0.45, (236, 236, 222)), (1, (236, 236, 222))])
    glow(img, (int(w * 0.78), int(h * 0.2)), 70, (255, 236, 190), 170)
    hill(img, ridge(w, h * 0.34, 40, 31), (170, 188, 190), blur=4)
    mist(img, int(h * 0.38), 60, 32, 150)
    hill(img, ridge(w, h * 0.42, 46, 33), (120, 152, 128), blur=2)
    mist(img, int(h * 0.47), 50, 34, 120)
    # terraces: stacked curved bands, each with a bush row and a dark gap line
    d = ImageDraw.Draw(img)
    for i in range(22):
        base = h * 0.48 + i * (h * 0.55 / 22) * (1 + i * 0.04)
        if base > h + 40:
            break
        amp = 22 + i * 2.2
        pts = [(x, base - amp * math.sin(x / w * math.pi * 1.3 + 0.4) + i * 2) for x in range(-10, w + 20, 10)]
        tone = mix((92, 150, 70), (36, 86, 40), i / 22)
        d.polygon(pts + [(w + 20, h + 50), (-10, h + 50)], fill=tone)
        d.line(pts, fill=mix(tone, (150, 200, 100), 0.45), width=max(2, int(3 + i * 0.5)))
        shadow = [(x, y + 6 + i * 0.9) for x, y in pts]
        d.line(shadow, fill=mix(tone, (20, 40, 20), 0.5), width=max(1, int(1 + i * 0.25)))
    # tea pickers with hats
    for x, g, s in ((w * 0.3, h * 0.78, 110), (w * 0.38, h * 0.8, 118), (w * 0.62, h * 0.74, 96)):
        person(d, x, g, s, (70, 74, 90), hat=(230, 210, 160))
    return vignette(grain(img, 35, 0.035), 70)


def scene_xiapu_sea(w: int, h: int) -> Image.Image:
    """Bay with orderly rows of new fish rafts, work boats and islands."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, int(h * 0.42)), [(0, (90, 150, 210)), (1, (214, 230, 240))])
    gradient(img, (0, int(h * 0.42), w, h), [(0, (120, 170, 190)), (1, (36, 92, 120))])
    hill(img, [(x, y) for x, y in ridge(w, h * 0.41, 22, 41)], (118, 150, 150), blur=2)
    d = ImageDraw.Draw(img)
    d.rectangle([0, h * 0.42, w, h * 0.425], fill=(200, 220, 226))
    # rafts in perspective: rows of square frames with blue floats and small huts
    vx = w * 0.5
    for r in range(9):
        t = r / 8
        y = h * 0.47 + (h * 0.45) * t ** 1.4
        cell = 26 + 70 * t ** 1.4
        count = int(w / cell) + 2
        for c in range(count):
            x = (c - count / 2) * cell * 1.05 + vx + (r % 2) * cell * 0.3
            lane = (x + cell / 2 - vx) / (w * (0.35 + 0.65 * t ** 1.4))
            if -0.62 < lane < -0.38 or 0.3 < lane < 0.46:  # navigation channels stay open
                continue
            frame = [x, y, x + cell, y + cell * 0.28]
            d.rectangle(frame, outline=(232, 226, 200), width=max(1, int(1 + t * 3)))
            for k in range(3):
                fx = x + cell * (0.15 + 0.35 * k)
                d.ellipse([fx - cell * 0.05, y - cell * 0.03, fx + cell * 0.05, y + cell * 0.04], fill=(40, 110, 190))
            if c % 5 == 2:
                d.rectangle([x + cell * 0.3, y - cell * 0.18, x + cell * 0.7, y], fill=(230, 236, 240))
                d.polygon([(x + cell * 0.25, y - cell * 0.18), (x + cell * 0.5, y - cell * 0.3), (x + cell * 0.75, y - cell * 0.18)], fill=(200, 70, 50))
    rnd = random.Random(43)
    for _ in range(160):  # glints on the open water
        y = rnd.uniform(h * 0.45, h * 0.9)
        x = rnd.uniform(0, w)
        d.line([(x, y), (x + rnd.uniform(8, 30) * (y / h), y)], fill=(190, 216, 220), width=1)
    for bx, by, s in ((w * 0.25, h * 0.66, 1.0), (w * 0.7, h * 0.52, 0.6)):
        d.polygon([(bx, by), (bx + 120 * s, by), (bx + 100 * s, by + 22 * s), (bx + 14 * s, by + 22 * s)], fill=(240, 240, 236))
        d.rectangle([bx + 30 * s, by - 26 * s, bx + 70 * s, by], fill=(60, 120, 180))
    img = img.filter(ImageFilter.GaussianBlur(0.5))
    return vignette(grain(img, 42, 0.035), 60)


def scene_xiapu_shore(w: int, h: int) -> Image.Image:
    """Sunrise over tidal flats: bamboo poles, kelp lines, a small boat."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, int(h * 0.5)), [(0, (64, 72, 120)), (0.6, (236, 150, 100)), (1, (252, 210, 150))])
    glow(img, (int(w * 0.32), int(h * 0.47)), 60, (255, 220, 150), 230)
    hill(img, ridge(w, h * 0.47, 14, 51), (96, 80, 100), blur=1.5)
    gradient(img, (0, int(h * 0.5), w, h), [(0, (238, 180, 130)), (0.5, (150, 120, 120)), (1, (70, 64, 80))])
    d = ImageDraw.Draw(img)
    for k in range(30):  # sun reflection
        y = h * 0.5 + k * 9
        half = 70 - k * 1.6
        d.line([(w * 0.32 - half, y), (w * 0.32 + half, y)], fill=(255, 214, 160), width=3)
    rnd = random.Random(52)
    for r in range(10):  # pole rows receding to the horizon
        t = r / 9
        y = h * 0.52 + (h * 0.42) * t ** 1.6
        spacing = 18 + 70 * t
        pole = 8 + 60 * t
        x = -rnd.uniform(0, spacing)
        while x < w:
            d.line([(x, y - pole), (x, y)], fill=(40, 34, 44), width=max(1, int(1 + 3 * t)))
            x += spacing
        d.line([(0, y - pole * 0.7), (w, y - pole * 0.7)], fill=(50, 40, 50), width=max(1, int(1 + 2 * t)))
    d.polygon([(w * 0.62, h * 0.7), (w * 0.76, h * 0.7), (w * 0.74, h * 0.73), (w * 0.64, h * 0.73)], fill=(30, 26, 34))
    person(d, w * 0.69, h * 0.7, 60, (30, 26, 34), hat=(30, 26, 34))
    return vignette(grain(img, 53, 0.035), 80)


def scene_pingnan_village(w: int, h: int) -> Image.Image:
    """Old village: grey-tiled houses with curved gable walls, a covered bridge over a stream."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (150, 186, 214)), (0.5, (226, 232, 230)), (1, (226, 232, 230))])
    hill(img, ridge(w, h * 0.3, 50, 61), (128, 156, 146), blur=3)
    mist(img, int(h * 0.34), 50, 62, 110)
    hill(img, ridge(w, h * 0.4, 40, 63), (70, 108, 78))
    d = ImageDraw.Draw(img)
    rnd = random.Random(64)
    for row in range(3):  # houses, back to front
        y = h * (0.5 + row * 0.1)
        x = -40 + row * 30
        while x < w:
            bw = rnd.uniform(120, 190) * (1 + row * 0.15)
            bh = bw * 0.5
            wall = mix((232, 224, 206), (196, 176, 150), rnd.random())
            if rnd.random() < 0.5:
                # saddle-shaped fire wall (马鞍墙): high at both ends, dipping in the middle
                top = [(x + bw * k / 20, y - bh - bw * (0.16 + 0.12 * math.cos(math.pi * k / 10) ** 2)) for k in range(21)]
                d.polygon([(x, y)] + top + [(x + bw, y)], fill=mix(wall, (250, 248, 240), 0.5))
                d.line(top, fill=(52, 52, 58), width=5)
                d.rectangle([x, y - bh, x + bw, y], fill=wall)
                d.polygon([(x + 4, y - bh), (x + bw / 2, y - bh - bw * 0.12), (x + bw - 4, y - bh)], fill=(62, 64, 70))
            else:
                d.rectangle([x, y - bh, x + bw, y], fill=wall)
                d.polygon([(x - 12, y - bh), (x + bw / 2, y - bh - bw * 0.22), (x + bw + 12, y - bh)], fill=(62, 64, 70))
                d.line([(x - 12, y - bh), (x + bw + 12, y - bh)], fill=(40, 40, 46), width=3)
            d.rectangle([x + bw * 0.4, y - bh * 0.55, x + bw * 0.58, y], fill=(92, 60, 40))
            for k in (0.15, 0.72):
                d.rectangle([x + bw * k, y - bh * 0.7, x + bw * k + bw * 0.12, y - bh * 0.45], fill=(80, 58, 46))
            x += bw + rnd.uniform(10, 40)
    # stream
    gradient(img, (0, int(h * 0.8), w, h), [(0, (120, 156, 150)), (1, (70, 106, 110))])
    d = ImageDraw.Draw(img)
    for k in range(18):
        y = h * 0.82 + k * 8
        d.line([(rnd.uniform(0, w * 0.6), y), (rnd.uniform(w * 0.4, w), y)], fill=(170, 200, 196), width=1)
    # covered bridge (廊桥)
    bx0, bx1, by = w * 0.18, w * 0.82, h * 0.79
    d.rectangle([bx0, by - 70, bx1, by], fill=(130, 70, 46))
    for k in range(16):
        px = bx0 + 10 + k * (bx1 - bx0 - 20) / 15
        d.rectangle([px - 3, by - 64, px + 3, by - 10], fill=(84, 44, 30))
    d.polygon([(bx0 - 30, by - 70), (bx1 + 30, by - 70), (bx1 - 20, by - 116), (bx0 + 20, by - 116)], fill=(56, 56, 62))
    d.polygon([(w * 0.44, by - 116), (w * 0.56, by - 116), (w * 0.53, by - 146), (w * 0.47, by - 146)], fill=(56, 56, 62))
    d.rectangle([bx0 - 10, by, bx0 + 40, h * 0.9], fill=(120, 116, 108))
    d.rectangle([bx1 - 40, by, bx1 + 10, h * 0.9], fill=(120, 116, 108))
    return vignette(grain(img, 65, 0.035), 70)


def scene_shouning_xiadang(w: int, h: int) -> Image.Image:
    """Mountain village on a steep slope: tea terraces, winding road, houses."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (120, 170, 220)), (0.4, (214, 228, 236)), (1, (214, 228, 236))])
    hill(img, ridge(w, h * 0.28, 60, 71), (150, 172, 176), blur=4)
    hill(img, ridge(w, h * 0.36, 70, 72), (104, 140, 116), blur=1.5)
    mist(img, int(h * 0.42), 40, 73, 100)
    d = ImageDraw.Draw(img)
    # slope with terraces
    slope = [(x, h * 0.45 + (x / w) * h * 0.25 + 20 * math.sin(x / 90)) for x in range(-10, w + 20, 10)]
    d.polygon(slope + [(w + 20, h + 20), (-10, h + 20)], fill=(70, 120, 60))
    for i in range(16):
        off = i * 26
        line = [(x, y + off) for x, y in slope]
        d.line(line, fill=(120, 170, 80) if i % 2 else (52, 100, 48), width=6)
    # winding road
    road = [(w * 0.05 + k * 24, h * 0.95 - 220 * math.sin(k / 10) * (k / 40) - k * 6) for k in range(45)]
    d.line(road, fill=(214, 206, 190), width=10)
    rnd = random.Random(74)
    for _ in range(16):  # houses clustered on the slope
        x = rnd.uniform(w * 0.35, w * 0.95)
        y = h * 0.45 + (x / w) * h * 0.25 + rnd.uniform(10, 150)
        bw = rnd.uniform(50, 90)
        d.rectangle([x, y - bw * 0.6, x + bw, y], fill=mix((236, 228, 214), (206, 190, 170), rnd.random()))
        d.polygon([(x - 6, y - bw * 0.6), (x + bw / 2, y - bw * 0.9), (x + bw + 6, y - bw * 0.6)], fill=(80, 76, 80))
        d.rectangle([x + bw * 0.2, y - bw * 0.4, x + bw * 0.35, y - bw * 0.25], fill=(90, 70, 60))
    d.rectangle([w * 0.56, h * 0.38, w * 0.62, h * 0.43], fill=(200, 40, 40))  # a red banner
    d.line([(w * 0.56, h * 0.38), (w * 0.56, h * 0.5)], fill=(90, 80, 70), width=3)
    return vignette(grain(img, 75, 0.035), 70)


def scene_launch(w: int, h: int) -> Image.Image:
    """Launch ceremony: red stage backdrop with title, flags, seated audience from behind."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (60, 52, 56)), (1, (34, 30, 34))])
    d = ImageDraw.Draw(img)
    d.rectangle([w * 0.06, h * 0.08, w * 0.94, h * 0.56], fill=(176, 26, 30))
    gradient(img, (int(w * 0.06), int(h * 0.08), int(w * 0.94), int(h * 0.56)), [(0, (196, 32, 36)), (1, (150, 20, 24))])
    d = ImageDraw.Draw(img)
    for i in range(9):  # golden rays
        d.line([(w * 0.5, h * 0.5), (w * 0.1 + i * w * 0.1, h * 0.08)], fill=(204, 60, 50), width=18)
    d.text((w * 0.5, h * 0.22), "宁德市年轻干部“四下基层”", font=font(62), fill=(255, 222, 120), anchor="mm")
    d.text((w * 0.5, h * 0.33), "实践活动启动仪式", font=font(62), fill=(255, 222, 120), anchor="mm")
    d.text((w * 0.5, h * 0.44), "宁德 · 2022年", font=font(30), fill=(255, 236, 200), anchor="mm")
    d.rectangle([w * 0.1, h * 0.56, w * 0.9, h * 0.62], fill=(110, 30, 30))  # stage edge
    d.rectangle([w * 0.2, h * 0.5, w * 0.8, h * 0.58], fill=(200, 200, 196))  # rostrum table
    for k in range(8):
        cx = w * 0.24 + k * w * 0.074
        person(d, cx, h * 0.56, 62, (36, 40, 52))
    for fx in (w * 0.08, w * 0.92):  # flags
        d.line([(fx, h * 0.62), (fx, h * 0.12)], fill=(200, 170, 90), width=4)
        d.polygon([(fx, h * 0.12), (fx + (60 if fx < w / 2 else -60), h * 0.16), (fx, h * 0.2)], fill=(220, 30, 30))
    glow(img, (int(w * 0.2), int(h * 0.02)), 60, (255, 240, 200), 120)
    glow(img, (int(w * 0.8), int(h * 0.02)), 60, (255, 240, 200), 120)
    d = ImageDraw.Draw(img)
    rnd = random.Random(81)
    for row in range(4):  # audience from behind
        y = h * (0.78 + row * 0.08)
        size = 120 + row * 40
        x = -rnd.uniform(0, 60)
        while x < w + 60:
            person(d, x, y + size * 0.5, size, mix((22, 24, 30), (60, 56, 64), rnd.random() * 0.5))
            x += size * 0.36 + rnd.uniform(0, 20)
    return vignette(grain(img, 82, 0.03), 60)


def scene_sixia_field(w: int, h: int) -> Image.Image:
    """Young cadres in an orchard on a hillside, learning from a farmer."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (110, 164, 214)), (0.42, (220, 232, 236)), (1, (220, 232, 236))])
    hill(img, ridge(w, h * 0.33, 44, 91), (146, 172, 170), blur=3)
    hill(img, ridge(w, h * 0.42, 36, 92), (96, 136, 94), blur=1)
    gradient(img, (0, int(h * 0.52), w, h), [(0, (110, 150, 70)), (1, (74, 104, 46))])
    hill(img, ridge(w, h * 0.52, 10, 93), (110, 150, 70), shade=(74, 104, 46))
    d = ImageDraw.Draw(img)
    rnd = random.Random(94)
    trees = []
    for r in range(5):
        y = h * (0.5 + r * 0.09)
        size = 30 + r * 26
        x = rnd.uniform(-20, 40)
        while x < w + 40:
            trees.append((y, x, size))
            x += size * 2.1 + rnd.uniform(0, 20)
    for y, x, size in sorted(trees):
        d.rectangle([x - size * 0.08, y - size * 0.3, x + size * 0.08, y + size * 0.2], fill=(90, 64, 40))
        d.ellipse([x - size, y - size * 1.5, x + size, y], fill=mix((46, 100, 40), (70, 130, 50), rnd.random()))
        for _ in range(int(size / 8)):
            ox, oy = rnd.uniform(-size * 0.8, size * 0.8), rnd.uniform(-size * 1.3, -size * 0.2)
            d.ellipse([x + ox - size * 0.07, y + oy - size * 0.07, x + ox + size * 0.07, y + oy + size * 0.07], fill=(240, 150, 30))
    # a group of young cadres (white shirts) around a farmer (hat)
    for x, s, c in ((w * 0.42, 230, (236, 236, 236)), (w * 0.49, 240, (220, 226, 236)), (w * 0.56, 225, (236, 236, 236)), (w * 0.63, 235, (40, 60, 100))):
        person(d, x, h * 0.97, s, c)
    person(d, w * 0.33, h * 0.96, 220, (90, 80, 64), hat=(214, 190, 130))
    return vignette(grain(img, 95, 0.035), 60)


def scene_dongqiao_park(w: int, h: int) -> Image.Image:
    """New-energy industrial park at dusk: glass-fronted plants, solar panels, battery logo."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (40, 60, 110)), (0.5, (236, 160, 120)), (0.62, (250, 206, 160)), (1, (250, 206, 160))])
    hill(img, ridge(w, h * 0.5, 30, 101), (90, 86, 110), blur=2)
    d = ImageDraw.Draw(img)
    rnd = random.Random(102)
    x = -20
    while x < w:
        bw = rnd.uniform(160, 300)
        bh = rnd.uniform(120, 240)
        d.rectangle([x, h * 0.72 - bh, x + bw, h * 0.72], fill=mix((44, 70, 110), (70, 100, 140), rnd.random()))
        for gx in range(int(x + 10), int(x + bw - 10), 22):
            for gy in range(int(h * 0.72 - bh + 12), int(h * 0.72 - 10), 20):
                lit = rnd.random() < 0.45
                d.rectangle([gx, gy, gx + 14, gy + 10], fill=(255, 224, 150) if lit else (86, 120, 160))
        x += bw + rnd.uniform(20, 60)
    gradient(img, (0, int(h * 0.72), w, h), [(0, (70, 74, 86)), (1, (40, 44, 54))])
    d = ImageDraw.Draw(img)
    for k in range(9):  # solar panels
        px = w * 0.04 + k * w * 0.11
        d.polygon([(px, h * 0.86), (px + w * 0.09, h * 0.86), (px + w * 0.1, h * 0.8), (px + w * 0.02, h * 0.8)], fill=(30, 50, 100))
        d.line([(px + w * 0.05, h * 0.86), (px + w * 0.06, h * 0.8)], fill=(120, 150, 200), width=1)
    # battery icon on a pylon sign
    d.rectangle([w * 0.72, h * 0.22, w * 0.93, h * 0.34], fill=(245, 245, 245))
    d.rectangle([w * 0.74, h * 0.245, w * 0.8, h * 0.315], outline=(40, 160, 90), width=4)
    d.rectangle([w * 0.8, h * 0.265, w * 0.806, h * 0.295], fill=(40, 160, 90))
    d.rectangle([w * 0.748, h * 0.255, w * 0.785, h * 0.305], fill=(40, 160, 90))
    d.text((w * 0.865, h * 0.28), "新能源", font=font(30), fill=(30, 60, 110), anchor="mm")
    d.line([(w * 0.825, h * 0.34), (w * 0.825, h * 0.72)], fill=(200, 200, 200), width=6)
    return vignette(grain(img, 103, 0.03), 70)


def scene_zherong_herb(w: int, h: int) -> Image.Image:
    """Herb fields: long ridged rows of low plants on gentle hills, a shed and growers."""
    img = Image.new("RGB", (w, h))
    gradient(img, (0, 0, w, h), [(0, (136, 184, 226)), (0.38, (228, 236, 232)), (1, (228, 236, 232))])
    hill(img, ridge(w, h * 0.3, 36, 111), (150, 176, 170), blur=3)
    hill(img, ridge(w, h * 0.38, 30, 112), (104, 146, 104), blur=1)
    gradient(img, (0, int(h * 0.45), w, h), [(0, (132, 110, 80)), (1, (96, 72, 50))])
    hill(img, ridge(w, h * 0.45, 8, 113), (132, 110, 80), shade=(96, 72, 50))
    d = ImageDraw.Draw(img)
    vx, vy = w * 0.55, h * 0.3
    for i in range(-30, 31):  # converging crop rows
        x_near = vx + i * 120
        y_far = h * 0.47
        t0 = (y_far - vy) / (h - vy)
        x0 = vx + (x_near - vx) * t0
        d.line([(x0, y_far), (x_near, h)], fill=(64, 130, 56), width=18)
        d.line([(x0 + 2, y_far), (x_near + 12, h)], fill=(110, 170, 80), width=5)
    rnd = random.Random(114)
    for _ in range(260):  # small flowers
        x, y = rnd.uniform(0, w), rnd.uniform(h * 0.5, h)
        r = 1 + (y - h * 0.5) / h * 8
        d.ellipse([x - r, y - r, x + r, y + r], fill=(250, 250, 240))
    d.rectangle([w * 0.08, h * 0.4, w * 0.22, h * 0.48], fill=(236, 230, 214))
    d.polygon([(w * 0.07, h * 0.4), (w * 0.15, h * 0.36), (w * 0.23, h * 0.4)], fill=(160, 60, 50))
    person(d, w * 0.7, h * 0.8, 160, (70, 80, 100), hat=(230, 210, 150))
    person(d, w * 0.78, h * 0.76, 140, (150, 60, 60), hat=(230, 210, 150))
    return vignette(grain(img, 115, 0.035), 70)


IMAGES = [
    # file, size, scene, caption drawn on the picture
    ("jiaocheng-hall.jpg", (1200, 800), scene_jiaocheng_hall, "蕉城区行政服务中心“一件事”综合受理区"),
    ("fuan-industry.jpg", (1200, 675), scene_fuan_industry, "福安市电机电器产业园区"),
    ("fuding-tea.jpg", (1200, 800), scene_fuding_tea, "福鼎市标准化生态茶园"),
    ("xiapu-sea.jpg", (1200, 675), scene_xiapu_sea, "霞浦县整治后的新型环保渔排"),
    ("xiapu-shore.jpg", (1200, 800), scene_xiapu_shore, "霞浦滩涂藻类养殖区晨景"),
    ("pingnan-village.jpg", (1200, 800), scene_pingnan_village, "屏南县传统村落与廊桥"),
    ("shouning-xiadang.jpg", (1200, 800), scene_shouning_xiadang, "寿宁县下党乡山村新貌"),
    ("launch.jpg", (1200, 675), scene_launch, "宁德市年轻干部“四下基层”实践活动启动仪式"),
    ("sixia-field.jpg", (1200, 800), scene_sixia_field, "年轻干部在古田县果园向果农学习"),
    ("dongqiao-park.jpg", (1200, 675), scene_dongqiao_park, "东侨经济技术开发区锂电新能源产业园"),
    ("zherong-herb.jpg", (1200, 800), scene_zherong_herb, "柘荣县太子参规范化种植基地"),
]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, (w, h), scene, text in IMAGES:
        img = caption(scene(w, h), text)
        quality = QUALITY
        path = out / name
        while True:
            img.save(path, "JPEG", quality=quality, optimize=True, progressive=True)
            if path.stat().st_size <= MAX_BYTES or quality <= 60:
                break
            quality -= 4
        print(f"{path}  {w}×{h}  q{quality}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
