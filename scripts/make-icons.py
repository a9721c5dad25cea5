#!/usr/bin/env python3
"""Draws the app icons (PNG) and favicon (SVG) into public/icons/ with the standard library only.

The outputs are committed; rerun this only when the design changes:
    python3 scripts/make-icons.py
Design: a white speech bubble with a green tick on GOV.UK near-black, i.e. "a friend's feedback".
"""
import math
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")
BLACK = (0x0B, 0x0C, 0x0C)
WHITE = (0xFF, 0xFF, 0xFF)
GREEN = (0x00, 0x70, 0x3C)

# Geometry in unit coordinates (0..1 across the icon).
BUBBLE = (0.20, 0.22, 0.80, 0.66, 0.08)  # x0, y0, x1, y1, corner radius
TAIL = ((0.30, 0.64), (0.30, 0.80), (0.46, 0.64))
TICK = ((0.35, 0.45), (0.46, 0.55), (0.66, 0.34))
TICK_WIDTH = 0.07


def in_round_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def in_triangle(x, y, tri):
    (ax, ay), (bx, by), (cx, cy) = tri

    def side(px, py, qx, qy):
        return (x - qx) * (py - qy) - (px - qx) * (y - qy)

    d1, d2, d3 = side(ax, ay, bx, by), side(bx, by, cx, cy), side(cx, cy, ax, ay)
    neg = d1 < 0 or d2 < 0 or d3 < 0
    pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (neg and pos)


def near_segment(x, y, a, b, half_width):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return math.hypot(x - px, y - py) <= half_width


def shade(u, v, maskable):
    """Colour (or None for transparent) at unit point (u, v)."""
    if maskable:
        # Full-bleed background; artwork shrunk into the 80% safe circle.
        u, v = 0.5 + (u - 0.5) / 0.78, 0.5 + (v - 0.5) / 0.78
    elif not in_round_rect(u, v, 0.0, 0.0, 1.0, 1.0, 0.18):
        return None
    if near_segment(u, v, TICK[0], TICK[1], TICK_WIDTH / 2) or near_segment(
        u, v, TICK[1], TICK[2], TICK_WIDTH / 2
    ):
        return GREEN
    if in_round_rect(u, v, *BUBBLE) or in_triangle(u, v, TAIL):
        return WHITE
    return BLACK


def render(size, maskable, samples=4):
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type: none
        for px in range(size):
            r = g = b = a = 0
            for sy in range(samples):
                for sx in range(samples):
                    c = shade(
                        (px + (sx + 0.5) / samples) / size,
                        (py + (sy + 0.5) / samples) / size,
                        maskable,
                    )
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            if a:
                row += bytes((r // a, g // a, b // a, round(255 * a / samples**2)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def svg():
    x0, y0, x1, y1, r = (round(v * 100, 2) for v in BUBBLE)
    tail = " ".join(f"{x * 100:g},{y * 100:g}" for x, y in TAIL)
    tick = " ".join(f"{x * 100:g},{y * 100:g}" for x, y in TICK)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="18" fill="#0b0c0c"/>
<rect x="{x0}" y="{y0}" width="{x1 - x0:g}" height="{y1 - y0:g}" rx="{r}" fill="#fff"/>
<polygon points="{tail}" fill="#fff"/>
<polyline points="{tick}" fill="none" stroke="#00703c" stroke-linecap="round" stroke-linejoin="round" stroke-width="{TICK_WIDTH * 100:g}"/>
</svg>
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("maskable-192.png", 192, True),
        ("maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),
        ("favicon-32.png", 32, False),
    ]:
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(render(size, maskable))
        print(f"wrote {os.path.relpath(path)}")
    with open(os.path.join(OUT, "favicon.svg"), "w", encoding="utf-8") as f:
        f.write(svg())
    print("wrote favicon.svg")
    # /favicon.ico: browsers ask for it by that name whatever the page says (for example on a
    # JSON file or an error page). An ICO may hold a PNG as is, after a 22-byte directory.
    png = render(32, False)
    ico = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(png), 22)
    with open(os.path.join(OUT, "..", "favicon.ico"), "wb") as f:
        f.write(ico + png)
    print("wrote public/favicon.ico")


if __name__ == "__main__":
    main()
