"""Synthetic articles for scale tests: large, regular, and with a known number of quotes."""

from __future__ import annotations

SPEAKERS = ("Maria Keller", "Tom Okafor", "Lena Brandt", "Omar Haddad")


def quoted_paragraphs(count: int) -> str:
    """``count`` paragraphs, each one direct quote with a named speaker (about 100 chars each)."""
    lines = []
    for i in range(count):
        speaker = SPEAKERS[i % len(SPEAKERS)]
        lines.append(
            f"\u201cThe budget for district {i} will be ready next week and the council votes on it,\u201d"
            f" {speaker} said."
        )
    return "\n\n".join(lines) + "\n"
