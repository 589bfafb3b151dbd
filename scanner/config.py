"""Configuration: one typed object, read from ``piplscan.toml`` or ``[tool.piplscan]`` in
``pyproject.toml`` (the nearest one from the current folder up, as ruff does), then
overridden by command-line options. Keys are the long option names, e.g. ``max-file-size``.
"""

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

FAIL_ON = ("any", "low", "medium", "high", "critical", "never")  # risk levels: an asset at or above fails
PERSON_MODELS = ("fast", "lac")  # lac: the optional, slower and more accurate name tagger
OCR_MODES = ("never", "auto", "always")  # images and scanned pages OCR reads (scanner/extract/images.py)
PLUGIN_GROUP = "piplscan.recognizers"  # the entry points of recognizer plugins (recognizers/__init__.py)
_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]?)B?\s*$", re.IGNORECASE)


class ConfigError(Exception):
    """Bad configuration; the message is one line for the user."""


def parse_size(text: str | int) -> int:
    if isinstance(text, int) and not isinstance(text, bool):
        if text <= 0:
            raise ConfigError(f"invalid size {text!r}: must be positive")
        return text
    match = _SIZE.match(text) if isinstance(text, str) else None
    if not match:
        raise ConfigError(f"invalid size {text!r} (use e.g. 500K, 100M, 2G)")
    return int(match.group(1)) * 1024 ** " KMG".index(match.group(2).upper() or " ")


@dataclass(frozen=True)
class ScanConfig:
    exclude: tuple[str, ...] = ()
    max_file_size: int = 1 << 30
    include_hidden: bool = False
    follow_symlinks: bool = False
    entities: frozenset[str] | None = None
    min_score: float = 0.4
    recognizers: tuple[Path, ...] = ()
    field_names: tuple[Path, ...] = ()  # field name files beside recognizers/data/field_names.yaml
    fail_on: str = "any"
    include: tuple[str, ...] = ()  # databases: globs on schema.table; none means every table
    sample_rows: int = 10_000  # databases: rows read per table
    full: bool = False  # databases: read every row
    statement_timeout: float = 30.0  # databases: seconds a query may run
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # processes reading a walk's files or a database's tables
    file_time_limit: float = 900.0  # seconds one file may take; 0: no limit
    cache: Path | None = None  # a folder remembering each unchanged file's findings (fingerprints, no values)
    person_model: str = "fast"  # one of PERSON_MODELS
    ocr: str = "auto"  # one of OCR_MODES
    ocr_page_time_limit: float = 60.0  # seconds of OCR a page or image; past it the rest is reported unread
    risk: dict | None = None  # overrides of scanner/data/risk_model.yaml, key by key
    source: Path | None = field(default=None, compare=False)  # the file these settings came from

    def merged(self, **overrides) -> "ScanConfig":
        """Command-line values win over the file; None means the option was not given."""
        return replace(self, **{key: value for key, value in overrides.items() if value is not None})


def _coerce(name: str, value, base: Path) -> object:
    try:
        if name in ("exclude", "include"):
            return tuple(str(v) for v in _as_list(value))
        if name == "workers":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"workers must be a whole number from 1, not {value!r}")
            return value
        if name == "file_time_limit":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigError(f"file-time-limit must be a number of seconds (0: none), not {value!r}")
            return float(value)
        if name == "person_model":
            if value not in PERSON_MODELS:
                raise ConfigError(f"person-model must be one of {', '.join(PERSON_MODELS)}, not {value!r}")
            return value
        if name == "ocr":
            if value not in OCR_MODES:
                raise ConfigError(f"ocr must be one of {', '.join(OCR_MODES)}, not {value!r}")
            return value
        if name == "ocr_page_time_limit":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"ocr-page-time-limit must be a positive number of seconds, not {value!r}")
            return float(value)
        if name == "cache":
            if not isinstance(value, str):
                raise TypeError
            return base / value
        if name in ("sample_rows", "statement_timeout"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 or (
                    name == "sample_rows" and not isinstance(value, int)):
                raise ConfigError(f"{name.replace('_', '-')} must be a positive number, not {value!r}")
            return value if name == "sample_rows" else float(value)
        if name == "entities":
            return frozenset(str(v) for v in _as_list(value))
        if name in ("recognizers", "field_names"):
            return tuple(base / str(v) for v in _as_list(value))
        if name == "max_file_size":
            return parse_size(value)
        if name == "min_score":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ConfigError(f"min-score must be a number from 0 to 1, not {value!r}")
            return float(value)
        if name in ("include_hidden", "follow_symlinks", "full"):
            if not isinstance(value, bool):
                raise TypeError
            return value
        if name == "risk":
            _check_like(value, _packaged_risk_model(), "risk")
            return value
        if name == "fail_on":
            if value not in FAIL_ON:
                raise ConfigError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {value!r}")
            return value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid value for {name.replace('_', '-')}: {value!r}") from exc
    raise ConfigError(f"unknown setting {name.replace('_', '-')!r}")


def _packaged_risk_model() -> dict:
    from scanner.risk import risk_model  # the scorer's own loader: the file read once, the same defaults

    return risk_model()


def _check_like(value, packaged, path: str) -> None:
    """``value`` has the shape of the packaged risk model's ``packaged``: known keys (new entity
    types may be added, shaped like ``default_entity``), the same types, lists of numbers as long
    as the packaged ones (thresholds and matrix rows index each other)."""
    if isinstance(packaged, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"{path} must be a table, not {value!r}")
        for key, item in value.items():
            if key in packaged:
                _check_like(item, packaged[key], f"{path}.{key}")
            elif path == "risk.entities":
                _check_like(item, packaged["CN_MOBILE_PHONE"], f"{path}.{key}")
            else:
                raise ConfigError(f"unknown setting {f'{path}.{key}'!r}")
    elif isinstance(packaged, list):
        if not isinstance(value, list) or (packaged and not isinstance(packaged[0], dict) and len(value) != len(packaged)):
            raise ConfigError(f"{path} must be a list of {_described(packaged)}, not {value!r}")
        for index, item in enumerate(value):
            # a combination may use any key some packaged combination has
            like = {k: v for entry in packaged for k, v in entry.items()} if isinstance(packaged[0], dict) else packaged[0]
            _check_like(item, like, f"{path}[{index}]")
    elif type(value) is not type(packaged) and not (type(packaged) is float and type(value) is int):
        raise ConfigError(f"{path} must be {_described(packaged)}, not {value!r}")


_KINDS = {bool: ("true or false", "true/false values"), int: ("a whole number", "whole numbers"),
          float: ("a number", "numbers"), str: ("text", "texts"), dict: ("a table", "tables"), list: ("a list", "lists")}


def _described(packaged) -> str:
    if isinstance(packaged, list):
        return f"{len(packaged)} {_KINDS[type(packaged[0])][1]}"
    return _KINDS[type(packaged)][0]


def _as_list(value) -> list:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise TypeError
    return value


def from_table(table: dict, source: Path) -> ScanConfig:
    settings = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name == "source" or name not in {f.name for f in fields(ScanConfig)}:
            raise ConfigError(f"{source}: unknown setting {key!r}")
        try:
            settings[name] = _coerce(name, value, source.parent)
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from exc
    return ScanConfig(source=source, **settings)


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / "piplscan.toml").is_file():
            return folder / "piplscan.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "piplscan" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {path}: {exc}") from exc


def load_config(explicit: Path | None = None, start: Path | None = None) -> ScanConfig:
    path = explicit or find_config(start or Path.cwd())
    if path is None:
        return ScanConfig()
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    document = _read_toml(path)
    if path.name == "pyproject.toml":
        return from_table(document.get("tool", {}).get("piplscan", {}), path)
    nested = document.get("tool")
    if isinstance(nested, dict) and "piplscan" in nested:  # the README's [tool.piplscan] snippet, pasted as it is
        if len(document) > 1 or len(nested) > 1:
            raise ConfigError(f"{path}: settings both at the top and under [tool.piplscan]: keep one")
        return from_table(nested["piplscan"], path)
    if "tool" in document:
        raise ConfigError(f"{path}: unknown setting 'tool' (piplscan.toml takes its settings at the top, or under [tool.piplscan])")
    return from_table(document, path)
