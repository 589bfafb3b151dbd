"""Line arithmetic shared by the chunker, the engine and the context enhancer."""


def previous_line_start(text: str, position: int) -> int:
    """Offset where the line before the one holding ``position`` starts (0 on the first two lines)."""
    line_start = text.rfind("\n", 0, position) + 1
    return text.rfind("\n", 0, line_start - 1) + 1 if line_start else 0


def position_after(text: str, end: int, line: int, column: int) -> tuple[int, int]:
    """1-based line and column of text[end], given those of text[0]."""
    newlines = text.count("\n", 0, end)
    if not newlines:
        return line, column + end
    return line + newlines, end - text.rfind("\n", 0, end)
