"""Online identifiers: EMAIL_ADDRESS, IP_ADDRESS, MAC_ADDRESS."""

import ipaddress
from functools import lru_cache

from presidio_analyzer import Pattern, PatternRecognizer
from recognizers.base import FORMAT_ONLY

# --- e-mail -------------------------------------------------------------------------
# The local part may touch Chinese text (邮箱a@b.com) but not another local-part
# character, a dot or an '@' (so "multiple..dots@x.com" yields nothing rather than
# "dots@x.com"). A quote before is allowed: CSV and JSON quote their fields. RFC 5322
# allows '=' and '/' too, but in logs, URLs and query strings they separate a key or a
# path from the address (user=a@b.com), so they end it instead.
_LOCAL_CHAR = r"[A-Za-z0-9!#$%&'*+?^_`{|}~\-\u00C0-\u024F]"
# Every repetition is bounded (RFC 5321: a local part of 64 characters, labels of 63), so a
# match's width is too: scanner/candidates.py then reads only the text around a candidate.
_LOCAL = r"(?:" + _LOCAL_CHAR + r"{1,64}(?:\." + _LOCAL_CHAR + r"{1,64}){0,7}|\"(?:[^\"\\\r\n]|\\.){0,64}\")"
_LABEL_CHAR = r"[A-Za-z0-9\u00C0-\u024F\u4E00-\u9FFF]"
_LABEL = _LABEL_CHAR + r"(?:[A-Za-z0-9\u00C0-\u024F\u4E00-\u9FFF-]{0,61}" + _LABEL_CHAR + r")?"
_TOP_LABEL = r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}|[\u4E00-\u9FFF]{2,8})"  # 中国, 公司 are public suffixes
EMAIL_PATTERN = (
    r"(?<![A-Za-z0-9!#$%&'*+?^_`{|}~.@\-\u00C0-\u024F])"
    + _LOCAL + "@(?:" + _LABEL + r"\.){1,10}" + _TOP_LABEL + r"(?![A-Za-z0-9-])"
)


@lru_cache(maxsize=1)
def _suffix_extractor():
    import tldextract

    # The Public Suffix List snapshot shipped inside tldextract: never fetched, never cached to disk.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=1 << 12)  # a column of e-mail addresses holds a few domains, many times over
def has_public_suffix(domain: str) -> bool:
    return bool(_suffix_extractor()(domain.lower()).suffix)


class EmailRecognizer(PatternRecognizer):
    CONTEXT = ["邮箱", "邮件", "电子邮件", "email", "e-mail", "mail", "yx"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="EMAIL_ADDRESS", patterns=[Pattern("e-mail address", EMAIL_PATTERN, 0.5)],
            context=self.CONTEXT, supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        if "**" in local:
            return False  # z***@example.com: already masked, evidence of protection, not a finding
        return len(local) <= 64 and len(pattern_text) <= 254 and has_public_suffix(domain)


# --- IP -----------------------------------------------------------------------------
_IPV4 = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}"
# A dotted run of more than four numbers is a version string (6.1.7601.2), never an IP;
# an IPv4 tail of an IPv6 address (::ffff:1.2.3.4) belongs to the IPv6 match.
# Four numbers right after "version"/"版本" are a version, however IP-like.
_NOT_AFTER_VERSION = r"(?<!(?:version|ver|v|build|版本号?|版本)[ \t:：=]{0,3})"
IPV4_PATTERN = r"(?<![0-9A-Za-z.])(?<!:[0-9A-F]{0,4}:)" + _NOT_AFTER_VERSION + _IPV4 + r"(?![0-9A-Za-z]|\.[0-9])"
# Eight groups, six and an IPv4 tail, or a "::" somewhere: a time of day (10:02:30) or a
# MAC address is never a candidate.
_HEX4 = "[0-9A-F]{1,4}"
IPV6_PATTERN = (
    r"(?<![0-9A-Za-z:.%])(?:(?:" + _HEX4 + ":){7}" + _HEX4 + "|(?:" + _HEX4 + ":){6}" + _IPV4
    + r"|(?:" + _HEX4 + ":){0,7}(?:" + _HEX4 + ")?::(?:" + _HEX4 + ":){0,7}(?:" + _IPV4 + "|" + _HEX4 + ")?)"
    + r"(?:%[0-9A-Z._-]{1,15})?(?![0-9A-Za-z:%]|\.[0-9A-Za-z])"  # zone: an interface name, at most 15 characters
)


class IpRecognizer(PatternRecognizer):
    CONTEXT = ["ip", "地址", "登录", "address", "host", "client"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="IP_ADDRESS",
            patterns=[Pattern("IPv4", IPV4_PATTERN, FORMAT_ONLY + 0.2), Pattern("IPv6", IPV6_PATTERN, FORMAT_ONLY + 0.2)],
            context=self.CONTEXT, supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        try:
            ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        return False if ":" in pattern_text and _is_scope_operator(pattern_text) else None


def _is_scope_operator(text: str) -> bool:
    """``A::B``, ``Abc::Def``: hex-looking names around C++'s or Rust's scope operator parse as
    IPv6. An address in use has a digit (fe80::1, 2001:db8::1, ::1); names have letters and none.
    The bare ``::`` (the unspecified address, ``::/0``) has neither and stays an address."""
    address = text.partition("%")[0]
    return any(ch.isalpha() for ch in address) and not any(ch.isdigit() for ch in address)


# --- MAC ----------------------------------------------------------------------------
_HEX2 = "[0-9A-F]{2}"
MAC_PATTERNS = [
    Pattern("MAC, colons", r"(?<![0-9A-Za-z:.-])" + _HEX2 + "(?::" + _HEX2 + "){5}" + r"(?![0-9A-Za-z:.-])", FORMAT_ONLY + 0.2),
    Pattern("MAC, hyphens", r"(?<![0-9A-Za-z:.-])" + _HEX2 + "(?:-" + _HEX2 + "){5}" + r"(?![0-9A-Za-z:.-])", FORMAT_ONLY + 0.2),
    Pattern("MAC, Cisco dotted", r"(?<![0-9A-Za-z:.-])[0-9A-F]{4}\.[0-9A-F]{4}\.[0-9A-F]{4}(?![0-9A-Za-z:.-])", FORMAT_ONLY + 0.2),
    # Space-separated pairs look like hex dumps: six pairs exactly, no pair on either side.
    Pattern(
        "MAC, spaces",
        r"(?<![0-9A-Za-z:.-])(?<![0-9A-F]{2} )" + _HEX2 + "(?: " + _HEX2 + "){5}" + r"(?![0-9A-Za-z:.-])(?! [0-9A-F]{2}(?![0-9A-Za-z]))",
        FORMAT_ONLY,
    ),
]


class MacRecognizer(PatternRecognizer):
    CONTEXT = ["mac", "物理地址", "网卡", "hardware", "设备"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="MAC_ADDRESS", patterns=MAC_PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        # The pattern fixes the shape; python-stdnum's mac module is not used because it
        # rejects multicast and unregistered vendor prefixes, which are still device MACs.
        # Broadcast and all-zero addresses identify no device.
        hex_digits = "".join(ch for ch in pattern_text.lower() if ch in "0123456789abcdef")
        return False if hex_digits in ("f" * 12, "0" * 12) else None
