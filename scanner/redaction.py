"""Secrets out of every message: whatever looks like a URL loses its password, and query
parameters that look like one lose their value. One helper, used wherever a target is echoed
(errors, the report's targets), so that no code path can forget it. A regular expression rather
than a URL parser: the text to clean is often not a valid URL (a typo is what is being reported)."""

import re

URL_PASSWORD = re.compile(r"(?P<start>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*):[^\s/]*@")  # up to the last @ of the authority
SECRET_PARAMETER = re.compile(r"(?P<start>[?&][^\s=&#]*(?:pass|pwd|secret|token)[^\s=&#]*=)[^\s&#]*", re.IGNORECASE)


def redact_secrets(text: str) -> str:
    """``text`` with no password: ``scheme://user:password@host`` becomes ``scheme://user@host``
    (no mask, which would tell the password's length), ``?password=…`` becomes ``?password=***``."""
    text = URL_PASSWORD.sub(r"\g<start>@", text)
    return SECRET_PARAMETER.sub(r"\g<start>***", text) if "://" in text else text
