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
    fail_on: str = "any"
    include: tuple[str, ...] = ()  # databases: globs on schema.table; none means every table
    sample_rows: int = 10_000  # databases: rows read per table
    full: bool = False  # databases: read every row
    statement_timeout: float = 30.0  # databases: seconds a query may run
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # processes reading the files of a walk
    file_time_limit: float = 900.0  # seconds one file may take; 0: no limit
    cache: Path | None = None  # a folder remembering each unchanged file's findings (fingerprints, no values)
    person_model: str = "fast"  # one of PERSON_MODELS
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
        if name == "recognizers":
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
            if not isinstance(value, dict):
                raise TypeError
            return value
        if name == "fail_on":
            if value not in FAIL_ON:
                raise ConfigError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {value!r}")
            return value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid value for {name.replace('_', '-')}: {value!r}") from exc
    raise ConfigError(f"unknown setting {name.replace('_', '-')!r}")


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
    table = document.get("tool", {}).get("piplscan", {}) if path.name == "pyproject.toml" else document
    return from_table(table, path)
