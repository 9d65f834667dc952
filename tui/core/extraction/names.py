"""Comparing person names: the key two spellings share, and the surname a bare name stands for.

Used inside an article (entities: "Lavrov" is the "Sergei Lavrov" mentioned earlier) and
across articles (corpus rows), so both join a surname the same way. No spaCy here.
"""

from __future__ import annotations

import re

GENERATIONAL = frozenset("jr sr ii iii iv".split())
# "al-Khatib" and "Khatib" are the same surname.
SURNAME_PREFIX = re.compile(r"^(?:al|el|ul|bin|ibn)[-\u2010\u2011 ]", re.IGNORECASE)


def normalise(name: str) -> str:
    """Lower-cased, single-spaced, straight apostrophes: the key two forms are compared on."""
    return " ".join(name.replace("\u2019", "'").split()).lower()


def surname_key(name: str) -> str:
    words = normalise(name).split()
    while len(words) > 1 and words[-1].strip(".,") in GENERATIONAL:
        words.pop()  # "Robert Downey Jr." is "Downey"
    return SURNAME_PREFIX.sub("", words[-1]) if words else ""
