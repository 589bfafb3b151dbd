"""Synthetic document images for the OCR tests and benchmark: ID cards, bank cards, business
licences and scanned pages, drawn with Pillow in the system's CJK font (fonts-noto-cjk). The
values come from tests/synthetic.py; nothing here is a real person's data."""

import random
import shutil
import subprocess
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

CARD_SIZE = (856, 540)  # 85.6 x 54 mm at 10 pixels a millimetre
PAGE_SIZE = (1240, 1754)  # A4 at 150 dpi


@cache
def cjk_font_file() -> tuple[str, int] | None:
    """The file and face index of a Simplified Chinese font, as fontconfig finds it; None when the
    machine has none (a test needing it is then skipped)."""
    if not shutil.which("fc-match"):
        return None
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}\n%{lang}", ":lang=zh-cn"], capture_output=True, text=True
    )
    lines = found.stdout.split("\n")
    if found.returncode or len(lines) < 3 or "zh-cn" not in lines[2].split("|"):
        return None
    return lines[0], int(lines[1] or 0)


def font(size: int) -> ImageFont.FreeTypeFont:
    path, index = cjk_font_file()
    return ImageFont.truetype(path, size, index=index)


def id_card_front(
    name: str, number: str, sex: str = "男", born: str | None = None, address: str = "北京市东城区景山前街4号"
) -> Image.Image:
    """The front of a second-generation resident ID card: labels, values, a face photo on the right."""
    card = Image.new("RGB", CARD_SIZE, (236, 240, 238))
    draw = ImageDraw.Draw(card)
    label, value = font(26), font(32)
    born = born or f"{number[6:10]}年{int(number[10:12])}月{int(number[12:14])}日"
    rows = (
        (60, "姓名", name),
        (130, "性别", f"{sex}      民族  汉"),
        (200, "出生", born),
        (270, "住址", address),
    )
    for top, caption, text in rows:
        draw.text((50, top), caption, font=label, fill=(60, 110, 160))
        draw.text((150, top - 4), text, font=value, fill=(20, 20, 20))
    draw.text((50, 440), "公民身份号码", font=label, fill=(60, 110, 160))
    draw.text((250, 434), number, font=font(36), fill=(20, 20, 20))
    _face(draw, (600, 70, 800, 330))
    return card


def id_card_back() -> Image.Image:
    card = Image.new("RGB", CARD_SIZE, (236, 240, 238))
    draw = ImageDraw.Draw(card)
    draw.text((230, 70), "中华人民共和国", font=font(44), fill=(180, 30, 30))
    draw.text((250, 150), "居民身份证", font=font(60), fill=(180, 30, 30))
    draw.text((120, 360), "签发机关  北京市公安局东城分局", font=font(28), fill=(20, 20, 20))
    draw.text((120, 430), "有效期限  2016.05.01-2036.05.01", font=font(28), fill=(20, 20, 20))
    return card


def bank_card(number: str, bank: str = "中国工商银行") -> Image.Image:
    card = Image.new("RGB", CARD_SIZE, (30, 70, 130))
    draw = ImageDraw.Draw(card)
    draw.text((50, 40), bank, font=font(40), fill=(255, 255, 255))
    draw.text((620, 50), "储蓄卡", font=font(34), fill=(255, 255, 255))
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    draw.text((50, 290), grouped, font=font(48), fill=(250, 250, 250))
    draw.text((50, 380), "VALID THRU 08/29", font=font(26), fill=(230, 230, 230))
    draw.text((660, 440), "银联 UnionPay", font=font(26), fill=(255, 255, 255))
    return card


def business_licence(company: str, code: str, representative: str) -> Image.Image:
    page = Image.new("RGB", (1400, 990), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    draw.text((560, 60), "营业执照", font=font(80), fill=(150, 20, 20))
    lines = (
        f"统一社会信用代码  {code}",
        f"名        称  {company}",
        "类        型  有限责任公司",
        f"法定代表人  {representative}",
        "住        所  上海市浦东新区世纪大道100号",
        "成立日期  2015年03月18日",
    )
    for index, text in enumerate(lines):
        draw.text((140, 260 + 85 * index), text, font=font(34), fill=(20, 20, 20))
    return page


def scanned_page(lines: list[str], size: tuple[int, int] = PAGE_SIZE) -> Image.Image:
    """A page of text as a flatbed scanner gives it: grey paper, slightly blurred text."""
    page = Image.new("L", size, 245)
    draw = ImageDraw.Draw(page)
    body = font(30)
    for index, text in enumerate(lines):
        draw.text((110, 140 + 56 * index), text, font=body, fill=25)
    return page.filter(ImageFilter.GaussianBlur(0.6)).convert("RGB")


def photographed(
    image: Image.Image, rng: random.Random, angle: float = 3.0, noise: float = 12.0
) -> Image.Image:
    """``image`` as a phone photographs it: on a desk, turned by ``angle`` degrees, with sensor noise."""
    desk = Image.new("RGB", (int(image.width * 1.35), int(image.height * 1.35)), (118, 96, 72))
    turned = image.convert("RGBA").rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    desk.paste(
        turned,
        (
            (desk.width - turned.width) // 2 + rng.randint(-10, 10),
            (desk.height - turned.height) // 2 + rng.randint(-10, 10),
        ),
        turned,
    )
    grain = Image.effect_noise(desk.size, noise).convert("RGB")
    return Image.blend(desk, grain, 0.12).filter(ImageFilter.GaussianBlur(0.5))


def _face(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    """A face-like photo: a pale frame, a head and shoulders."""
    left, top, right, bottom = box
    draw.rectangle(box, fill=(214, 222, 230))
    middle = (left + right) // 2
    draw.ellipse((middle - 55, top + 40, middle + 55, top + 170), fill=(222, 190, 160))
    draw.pieslice((left + 10, bottom - 90, right - 10, bottom + 90), 180, 360, fill=(50, 50, 60))
