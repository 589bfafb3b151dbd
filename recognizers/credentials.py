"""CREDENTIAL: what opens a person's account or pays with their card, written beside it:
passwords and PINs, a card's security code (CVV/CVN) and expiry date, SMS verification codes,
API keys and tokens.

Each is a value right after its label (密码：, CVV2=, 验证码是, "api_key": ) of the shape the kind
takes, and counts only on a record of a person or an account: an ID, a phone, a name, an e-mail
(what the other recognizers found, ``base.Records``) or an account label with a value (用户名：,
login=) on the same line, or around a short form line; a card's code and expiry only beside a
card. A column whose header names the kind (密码, cvv) is a record of its own. A configuration
file's ``DB_PASSWORD=…`` with no person beside it is a secret for a secret scanner, not personal
information; a placeholder (``******``, ``${PASSWORD}``, ``<password>``) or a hash (bcrypt,
``{SSHA}``, 32 to 128 hex digits: stored as it should be) is no value.

The words and shapes are data (``data/credentials.yaml``). Reports never show a credential: its
masked form is ``******`` (scanner/values.py).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from recognizers.base import LineIndex, RecordRecognizer, Records, Terms, cells
from scanner.candidates import Expression

WORDS = Path(__file__).with_name("data") / "credentials.yaml"
CARDS = frozenset({"CN_BANK_CARD", "CREDIT_CARD"})
SCORE = 0.85  # a labelled value of the right shape on a person's record

# Between a label and its value: a colon or equals sign (quotes around either), 为/是/is, or
# spaces after a Chinese label.
_SEPARATOR = re.compile(
    r"[\"']?[ \t\u3000]*(?:[:：=＝]|为|是|(?<=[a-z])[ \t]+is(?=[ \t])|(?<=[\u3400-\u9fff])(?=[ \t]))[ \t\u3000]*[\"'“]?",
    re.IGNORECASE)
# A card's code and expiry beside the card are specific enough to follow a label after spaces
# alone (Card 4111… exp 09/27 CVC 123).
_SPACES = re.compile(r"[ \t]+")
# A value runs to the next space, quote, comma, semicolon, bracket or Chinese character.
_TOKEN_END = r"(?=[\s\"'`,;)\]}<]|[^\x00-\x7f]|$)"
_HASHED = re.compile(r"\$(?:2[abxy]?|argon2(?:id|i|d)?|[156]|pbkdf2[\w-]*|scrypt)\$|\{(?:S?SHA\d*|S?MD5|CRYPT|PBKDF2)\}"
                     r"|(?:pbkdf2|sha1|sha256|sha512|md5|bcrypt)[$:]|[0-9A-Fa-f]{32}(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}){0,3}$",
                     re.IGNORECASE)
_PLACEHOLDER = re.compile(r"[*xX•#?._\-]+|null|none|nil|n/?a|empty|undefined|required|optional|string|\S*password\S*"
                          r"|your[\w-]*|<[^>]*>?|\$\{[^}]*\}?|\{\{[^}]*\}*|%\(?\w*\)?s|\$\w+|\{\w*\}|\*{2,}\S*|\S*\*{3,}\S*",
                          re.IGNORECASE)


_ACCOUNT_VALUE = re.compile(r"[^\s\"',，;；]{2,}")


@dataclass(frozen=True)
class _Kind:
    name: str
    value: re.Pattern
    needs_card: bool
    by_column: bool  # a column named for it holds it (cvv: yes; 有效期: an ID card's too)


class _Words:
    def __init__(self, path: Path):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        labels: dict[str, _Kind | None] = dict.fromkeys(data["account_labels"])  # None: an account's label
        for name, spec in data["kinds"].items():
            kind = _Kind(name, re.compile(spec["value"] + _TOKEN_END), bool(spec.get("beside_card")), spec.get("by_column", True))
            labels.update(dict.fromkeys(spec["labels"], kind))
        self.labels = Terms(labels)


@lru_cache(maxsize=4)
def _load_words(path: Path) -> _Words:
    """One compiled vocabulary per file, shared by the Chinese and English instances."""
    return _Words(path)


class CredentialRecognizer(RecordRecognizer):
    def __init__(self, supported_language: str = "zh", words: Path | None = None):
        super().__init__(supported_entities=["CREDENTIAL"], supported_language=supported_language, name="CredentialRecognizer")
        self._path = words or WORDS

    @property
    def _words(self) -> _Words:
        return _load_words(self._path)

    def load(self) -> None:
        pass  # read on first use

    def cues(self) -> list[Expression]:
        """Without a column's header, a value follows a label."""
        return self._words.labels.cues()

    def find(self, text: str, context: tuple[str, ...] = (), found=()) -> list:
        if not text.strip():
            return []
        labels = self._words.labels
        for header in context:
            header = re.sub(r"[_.\-]", " ", header)  # user_password names a password
            kinds = [kind for _, _, _, kind in labels.find(header) if kind is not None and kind.by_column]
            if kinds:
                return self._read_column(text, kinds[0])
        hits = labels.find(text)
        if not any(kind is not None for _, _, _, kind in hits):
            return []
        values, accounts = [], []  # (kind, value match); positions of an account's value
        lines = LineIndex(text)
        for _, label_end, _, kind in hits:
            line_end = lines.bounds(label_end)[1]
            separator = _SEPARATOR.match(text, label_end, line_end) or (
                _SPACES.match(text, label_end, line_end) if kind is not None and kind.needs_card else None)
            if separator is None:
                continue
            value = (_ACCOUNT_VALUE if kind is None else kind.value).match(text, separator.end(), line_end)
            if value is None:
                continue
            if kind is None:
                accounts.append(value.start())
            elif _is_secret(value.group()):
                values.append((kind, value))
        people = Records(text, found, extra=accounts)
        cards = Records(text, found, entities=CARDS)
        return [self.result("CREDENTIAL", value.start(), value.end(), SCORE) for kind, value in values
                if (cards if kind.needs_card else people).tied(value.start())]

    def _read_column(self, text: str, kind: _Kind) -> list:
        """A column named for a kind (password, cvv): each cell of its shape is one."""
        values = (kind.value.fullmatch(text, start, end) for start, end in cells(text))
        return [self.result("CREDENTIAL", v.start(), v.end(), SCORE) for v in values if v is not None and _is_secret(v.group())]


def _is_secret(value: str) -> bool:
    """Not a placeholder, a hash or a path (``pwd=/home/x`` is a working directory)."""
    return not (_PLACEHOLDER.fullmatch(value) or _HASHED.match(value) or value[0] in "/~." or "://" in value)

