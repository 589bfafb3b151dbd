"""Zip, tar and single-file gzip/bzip2/xz streams. Members are read as they decompress (text) or
from spools, never written out under their own names, so a name like ``../../etc/passwd`` is
only a label."""

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from scanner.extract import RATIO_FLOOR, Context, Item, LimitReached, Problem, extract_member, member_name

_DECOMPRESSORS = {
    "gzip": lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"),
    "bz2": bz2.BZ2File,
    "xz": lzma.LZMAFile,
}


class _Counting(io.RawIOBase):
    """A stream that counts what a decompressor reads from it, for the compression ratio."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = self.raw.readinto(buffer)
        self.count += size
        return size


def extract_zip(stream: BinaryIO, context: Context) -> Iterator[Item]:
    with zipfile.ZipFile(stream) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            # zipfile reads a name as cp437 unless the UTF-8 flag is set: get the bytes back.
            name = info.filename if info.flag_bits & 0x800 else member_name(info.filename.encode("cp437"))
            if info.flag_bits & 0x1:
                yield Problem("encrypted", "zip: password-protected member", name)
                continue
            # The declared sizes give a bomb away before reading it; the count while reading catches a lie.
            if info.file_size > max(RATIO_FLOOR, context.limits.max_ratio * info.compress_size):
                yield Problem("limit", f"zip: compression ratio above {context.limits.max_ratio}", name)
                continue
            try:
                yield from extract_member(context, name, lambda info=info: archive.open(info), "zip",
                                          size=info.file_size, compressed=lambda info=info: info.compress_size)
            except LimitReached as exc:
                yield Problem("limit", str(exc), name)


def extract_tar(stream: BinaryIO, context: Context) -> Iterator[Item]:
    """Read as a stream, as the format allows: memory stays flat. Skipping a member means
    decompressing it, so the first member over a limit ends the archive."""
    raw = _Counting(stream)
    with tarfile.open(fileobj=raw, mode="r|*") as archive:
        for member in archive:
            if not member.isreg():  # links and devices point at other files: nothing to read
                continue
            name = member_name(member.name.encode("utf-8", "surrogateescape"))  # tarfile's undecodable bytes
            try:
                yield from extract_member(context, name, lambda member=member: archive.extractfile(member), "tar",
                                          size=member.size, compressed=lambda start=raw.count: raw.count - start,
                                          streams=False)
            except LimitReached as exc:
                yield Problem("limit", str(exc), name)
                return


def extract_compressed(stream: BinaryIO, name: str, context: Context, kind: str) -> Iterator[Item]:
    """A single compressed file: its one member is named after it less the suffix (a.csv.gz: a.csv)."""
    raw = _Counting(stream)
    inner = PurePosixPath(name).stem
    try:
        yield from extract_member(context, inner, lambda: _DECOMPRESSORS[kind](raw), kind,
                                  compressed=lambda: raw.count)
    except LimitReached as exc:
        yield Problem("limit", str(exc), inner)
