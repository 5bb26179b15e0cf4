"""Draw the sample portal's two banners (content/iklan/) with Pillow.

Two fictional Kotamobagu businesses (their web addresses use the reserved
.example domain). Run from the repository root; the files are committed, so
this only documents how they were made: ``.venv/bin/python scripts/make_sample_banners.py``.
Fonts: Debian's fonts-dejavu-core (DejaVu, free licence), drawn into the image.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
CREAM, BROWN, DEEP, GOLD = "#fbf3e4", "#7a4b1e", "#3d2410", "#d9a441"


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def loaf(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float) -> None:
    """A simple loaf of bread: a rounded crust and three scores."""
    w, h = int(220 * scale), int(120 * scale)
    draw.rounded_rectangle(
        (x, y, x + w, y + h),
        radius=int(55 * scale),
        fill=GOLD,
        outline=BROWN,
        width=max(2, int(6 * scale)),
    )
    for i in range(3):
        sx = x + int((55 + i * 55) * scale)
        draw.line(
            (sx, y + int(25 * scale), sx + int(30 * scale), y + int(95 * scale)),
            fill=BROWN,
            width=max(2, int(7 * scale)),
        )


def rectangle_banner(path: Path) -> None:
    """'artikel' slot, 300x250 at 2x: 600x500."""
    image = Image.new("RGB", (600, 500), CREAM)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 599, 499), outline=BROWN, width=6)
    loaf(draw, 190, 48, 1.0)
    draw.text(
        (300, 232), "Roti Mokodompit", font=font("DejaVuSerif-Bold.ttf", 50), fill=DEEP, anchor="mm"
    )
    draw.text(
        (300, 292),
        "Roti hangat setiap pagi",
        font=font("DejaVuSans.ttf", 30),
        fill=BROWN,
        anchor="mm",
    )
    draw.rounded_rectangle((150, 340, 450, 400), radius=30, fill=BROWN)
    draw.text(
        (300, 370), "Pesan lewat WA", font=font("DejaVuSans-Bold.ttf", 28), fill=CREAM, anchor="mm"
    )
    draw.text(
        (300, 452),
        "Jl. Adampe, Kotamobagu · 06.00–21.00",
        font=font("DejaVuSans.ttf", 22),
        fill=DEEP,
        anchor="mm",
    )
    image.save(path, "JPEG", quality=85, optimize=True, progressive=True)


def billboard_banner(path: Path) -> None:
    """'beranda' and 'rubrik' slots, 970x250 at 2x: 1940x500."""
    image = Image.new("RGB", (1940, 500), "#12343b")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 620, 500), fill="#e8d5b0")
    # A coffee cup: saucer, cup, handle, steam.
    draw.ellipse((150, 360, 470, 420), fill="#c9b28a")
    draw.rounded_rectangle(
        (200, 200, 420, 390), radius=40, fill="#fbf3e4", outline="#5a3a1e", width=8
    )
    draw.ellipse((400, 240, 480, 330), outline="#5a3a1e", width=12)
    for sx in (250, 310, 370):
        draw.arc((sx - 25, 90, sx + 25, 190), start=100, end=260, fill="#5a3a1e", width=8)
    draw.text(
        (720, 150),
        "Kopi Kotamobagu",
        font=font("DejaVuSerif-Bold.ttf", 92),
        fill="#fbf3e4",
        anchor="lm",
    )
    draw.text(
        (724, 260),
        "Biji kopi Modayag, disangrai tiap hari",
        font=font("DejaVuSans.ttf", 50),
        fill="#e8d5b0",
        anchor="lm",
    )
    draw.rounded_rectangle((724, 330, 1224, 420), radius=45, fill="#d9a441")
    draw.text(
        (974, 375),
        "Kunjungi kedai kami",
        font=font("DejaVuSans-Bold.ttf", 38),
        fill="#12343b",
        anchor="mm",
    )
    draw.text(
        (1272, 375),
        "Jl. Ahmad Yani 12",
        font=font("DejaVuSans.ttf", 40),
        fill="#fbf3e4",
        anchor="lm",
    )
    image.save(path, "JPEG", quality=82, optimize=True, progressive=True)


if __name__ == "__main__":
    rectangle_banner(ROOT / "content/iklan/roti-mokodompit/banner.jpg")
    billboard_banner(ROOT / "content/iklan/kopi-kotamobagu/banner.jpg")
