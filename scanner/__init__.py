"""piplscan: find Chinese personal information (PIPL) and rate its risk."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("piplscan")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
