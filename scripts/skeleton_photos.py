"""Draw the two photos of the example story that `lintas init` puts in a new
portal (lintas/skeleton/story/). Run once; the JPEGs are committed as package
data, so `lintas init` itself never draws anything.

    .venv/bin/python scripts/skeleton_photos.py

The pictures are flat illustrations (no photograph, no person): the story's
alt texts describe exactly what is drawn here. Change one, change the other.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SKELETON_STORY = Path(__file__).resolve().parent.parent / "lintas" / "skeleton" / "story"
SIZE = (1200, 800)
# Small files (a new portal is copied around), still enough pixels for the
# 480/800/1200 renditions and the 1200x630 link preview.
JPEG_QUALITY = 78


def sky(draw: ImageDraw.ImageDraw, width: int, horizon: int) -> None:
    for y in range(horizon):
        t = y / horizon
        colour = (int(110 + 90 * t), int(170 + 60 * t), int(225 + 20 * t))
        draw.line([(0, y), (width, y)], fill=colour)


def grain(image: Image.Image, seed: int) -> Image.Image:
    """A little noise, so the JPEG encoder has something photo-like to do."""
    rng = random.Random(seed)
    noise = Image.effect_noise(image.size, 18).convert("RGB")
    mixed = Image.blend(image, noise, 0.06)
    return mixed.filter(ImageFilter.GaussianBlur(0.6 + rng.random() * 0.2))


def houses_by_the_drain() -> Image.Image:
    """Red-roofed houses along a concrete drain under a blue sky."""
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    horizon = 430
    sky(draw, width, horizon)
    draw.rectangle([0, horizon, width, height], fill=(96, 150, 80))  # grass verge
    wall_colours = [(236, 226, 200), (210, 225, 232), (240, 212, 170), (226, 232, 208)]
    for index, left in enumerate(range(20, width, 240)):
        wall = wall_colours[index % len(wall_colours)]
        draw.rectangle([left, 270, left + 200, horizon + 20], fill=wall)
        draw.polygon([(left - 15, 275), (left + 100, 190), (left + 215, 275)], fill=(170, 60, 45))
        draw.rectangle([left + 80, 340, left + 120, horizon + 20], fill=(120, 80, 50))  # door
        draw.rectangle([left + 20, 310, left + 60, 350], fill=(90, 120, 140))  # window
        draw.rectangle([left + 140, 310, left + 180, 350], fill=(90, 120, 140))
    # The drain: grey concrete walls, water at the bottom, in perspective.
    draw.polygon([(0, 560), (width, 520), (width, 800), (0, 800)], fill=(150, 150, 145))
    draw.polygon([(0, 610), (width, 560), (width, 760), (0, 800)], fill=(105, 105, 100))
    draw.polygon([(0, 690), (width, 640), (width, 740), (0, 800)], fill=(70, 110, 120))
    return grain(image, 1)


def sacks_by_the_road() -> Image.Image:
    """White sacks piled at a roadside, green trees behind."""
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    horizon = 360
    sky(draw, width, horizon)
    draw.rectangle([0, horizon, width, 450], fill=(80, 130, 70))  # undergrowth
    for centre in range(-40, width + 80, 150):  # a row of tree crowns
        draw.ellipse([centre - 110, 180, centre + 110, 420], fill=(52, 110, 58))
        draw.rectangle([centre - 12, 380, centre + 12, 470], fill=(95, 70, 45))
    draw.rectangle([0, 450, width, height], fill=(120, 120, 118))  # asphalt
    draw.rectangle([0, 450, width, 520], fill=(160, 150, 120))  # verge
    draw.line([(0, 690), (width, 690)], fill=(230, 230, 220), width=8)  # road marking
    rng = random.Random(7)
    for row, base in enumerate((590, 540, 495)):
        for column in range(6 - row * 2):
            left = 300 + row * 60 + column * 110 + rng.randint(-8, 8)
            draw.ellipse(
                [left, base - 90, left + 120, base + 10],
                fill=(238, 238, 232),
                outline=(200, 200, 195),
                width=3,
            )
    return grain(image, 2)


def main() -> None:
    SKELETON_STORY.mkdir(parents=True, exist_ok=True)
    for name, draw in (("saluran.jpg", houses_by_the_drain), ("karung.jpg", sacks_by_the_road)):
        path = SKELETON_STORY / name
        draw().save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
