"""What every built-in recognizer shares: score levels and digit-run boundaries.

Scores follow presidio's idiom: ``validate_result`` returning True lifts a match to
1.0, False drops it, None keeps the pattern's own score. Context words found on the
match's line or the line before add 0.35 and lift to at least 0.4 (the default
``min_score``), so a pattern scored ``CONTEXT_REQUIRED`` is reported only next to
one of its context words.
"""

import re

FORMAT_ONLY = 0.4  # the format is specific enough to report on its own
WEAK_FORMAT = 0.3  # a plausible format that needs a context word before it is reported
CONTEXT_REQUIRED = 0.05  # any digit run could look like this; only context makes it a finding

# Boundaries written as lookarounds rather than presidio's ``\b``: ``\b`` sees no
# boundary between a Chinese character and a digit (both are \w), so ``卡号6222…``
# would never match. Values may touch Chinese text and punctuation, never a Latin
# letter or digit.
NO_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
NO_ALNUM_AFTER = r"(?![0-9A-Za-z])"


def bounded(first: str, rest: str, after: str = NO_ALNUM_AFTER) -> str:
    """A value starting with a character of class ``first``, touching no letter or digit on
    either side. The left boundary is tested after that first character (``(?<![0-9A-Za-z].)``
    sees the two characters before the position) because the ``regex`` module scans fast for
    a leading character class and slowly for a leading lookbehind: 8x on the card pattern."""
    return first + r"(?<![0-9A-Za-z].)" + rest + after


_NOT_A_DIGIT = re.compile(r"\D")


def digits_only(text: str) -> str:
    return _NOT_A_DIGIT.sub("", text)
