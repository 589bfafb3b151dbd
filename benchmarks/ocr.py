"""OCR on this machine: seconds per image and per scanned page, and how well ID numbers and names
are read, for RapidOCR (what piplscan uses, scanner/ocr.py) and Tesseract 5 with chi_sim (Debian's
tesseract-ocr and tesseract-ocr-chi-sim, when installed), beside a baseline: decoding the same
images with Pillow.

    python benchmarks/ocr.py [--cards 6] [--pages 3] [--seed 15]

The documents are synthetic (tests/images.py): photographed ID-card fronts (turned -4 to 4
degrees, noisy), scanned A4 pages (150 dpi) of a form with a name and an ID number, bank cards and
business licences. For each engine: mean seconds an image (cards, licences) and a page; exact
recall of the ID numbers and names (found in the text, spaces ignored); character accuracy
(the best-aligned window of the text against the value, characters right over characters); and
how many documents ``document_kind`` tells right from the engine's text.
"""

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from scanner.extract.images import document_kind  # noqa: E402
from scanner.ocr import OcrLine, PageText, read_text  # noqa: E402
from tests import images, synthetic  # noqa: E402


def documents(rng: random.Random, cards: int, pages: int) -> list[tuple[str, Image.Image, str, str, str]]:
    """(group, image, ID number or card number, name, kind) of each synthetic document."""
    made = []
    for index in range(cards):
        name, number = synthetic.person_name(rng), synthetic.resident_id(rng)
        card = images.id_card_front(name, number, sex=rng.choice("男女"))
        made.append(
            (
                "image",
                images.photographed(card, rng, angle=rng.uniform(-4, 4), noise=rng.uniform(8, 20)),
                number,
                name,
                "id_card_front",
            )
        )
    for index in range(pages):
        name, number = synthetic.person_name(rng), synthetic.resident_id(rng)
        lines = [
            "个人信息登记表",
            f"姓名：{name}",
            f"公民身份号码：{number}",
            f"手机：{synthetic.mobile(rng)}",
            "住址：浙江省杭州市西湖区文三路90号",
            "本人承诺以上信息真实有效。",
        ] + [synthetic.prose_line(rng, 34) for _ in range(14)]
        made.append(("page", images.scanned_page(lines), number, name, "id_card_front"))
    for _ in range(2):
        number = synthetic.unionpay_card(rng)
        made.append(("image", images.bank_card(number), number, "", "bank_card"))
        name = synthetic.person_name(rng)
        made.append(
            (
                "image",
                images.business_licence("杭州示例科技有限公司", synthetic.uscc(rng), name),
                "",
                name,
                "business_licence",
            )
        )
    return made


def rapidocr(image: Image.Image) -> PageText:
    return read_text(image, 0)


def tesseract(image: Image.Image) -> PageText:
    with tempfile.NamedTemporaryFile(suffix=".png") as file:
        image.save(file.name)
        out = subprocess.run(
            ["tesseract", file.name, "-", "-l", "chi_sim"], capture_output=True, text=True, check=True
        ).stdout
    return PageText(tuple(OcrLine(line, (0, 0, 0, 0)) for line in out.splitlines() if line.strip()), True)


def decode(image: Image.Image) -> PageText:
    """The baseline: what reading the pixels costs (a PNG written and read back, decoded, converted)."""
    with tempfile.NamedTemporaryFile(suffix=".png") as file:
        image.save(file.name)
        with Image.open(file.name) as read:
            read.convert("RGB").load()
    return PageText((), True)


def char_accuracy(value: str, text: str) -> float:
    """Characters of ``value`` right in the window of ``text`` that matches it best."""
    if not value:
        return 1.0
    text = text.replace(" ", "")
    if len(text) < len(value):
        text = text.ljust(len(value))
    return max(
        sum(a == b for a, b in zip(value, text[start : start + len(value)]))
        for start in range(len(text) - len(value) + 1)
    ) / len(value)


def measure(engine, made) -> dict:
    seconds = {"image": [], "page": []}
    numbers = names = kinds = 0
    number_chars, name_chars = [], []
    for group, image, number, name, kind in made:
        started = time.perf_counter()
        read = engine(image)
        seconds[group].append(time.perf_counter() - started)
        text = read.text.replace(" ", "")
        numbers += bool(number) and number in text
        names += bool(name) and name in text
        if number:
            number_chars.append(char_accuracy(number, text))
        if name:
            name_chars.append(char_accuracy(name, text))
        kinds += document_kind(read, image.size) == kind
    mean = lambda values: sum(values) / len(values) if values else 0.0  # noqa: E731
    return {
        "image_s": mean(seconds["image"]),
        "page_s": mean(seconds["page"]),
        "numbers": numbers,
        "names": names,
        "number_chars": mean(number_chars),
        "name_chars": mean(name_chars),
        "kinds": kinds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=6, help="photographed ID cards")
    parser.add_argument("--pages", type=int, default=3, help="scanned A4 pages")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    if images.cjk_font_file() is None:
        sys.exit("no CJK font: apt install fonts-noto-cjk")
    made = documents(random.Random(args.seed), args.cards, args.pages)
    with_number = sum(bool(d[2]) for d in made)
    with_name = sum(bool(d[3]) for d in made)
    print(
        f"{len(made)} documents: {sum(d[0] == 'image' for d in made)} images (ID-card photos, bank cards, "
        "licences), "
        f"{sum(d[0] == 'page' for d in made)} A4 pages at 150 dpi; {with_number} numbers, {with_name} names"
    )
    read_text(images.bank_card(synthetic.unionpay_card(random.Random(1))), 0)  # models loaded before timing
    engines = [("baseline: Pillow decode", decode), ("RapidOCR (PP-OCRv6, onnxruntime)", rapidocr)]
    if shutil.which("tesseract"):
        engines.append(("Tesseract 5 chi_sim", tesseract))
    else:
        print("Tesseract: not installed (apt install tesseract-ocr tesseract-ocr-chi-sim)")
    for label, engine in engines:
        result = measure(engine, made)
        line = f"{label:34} {result['image_s']:6.2f} s/image {result['page_s']:6.2f} s/page"
        if engine is not decode:
            line += (
                f" | ID/card numbers {result['numbers']}/{with_number} (chars {result['number_chars']:.3f})"
                f" names {result['names']}/{with_name} (chars {result['name_chars']:.3f})"
                f" | kind right {result['kinds']}/{len(made)}"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
