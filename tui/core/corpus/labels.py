"""A corpus-wide vote on what kind of thing each name is.

The model labels every mention on its own, so one name can be a PERSON in some articles and
an ORG in others ("Twitter" tagged PERSON in 14 Wikinews articles). Across a corpus the
label most of a name's mentions have is the better guess, and one name should be listed
under one label: ``label_votes`` gives it, keyed like the corpus rows (``speaker_key``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from tui.core.corpus.summary import speaker_key
from tui.core.models import Analysis


def joined_key(key: str, links: Mapping[str, str]) -> str:
    """The row a name is counted under after a reviewer's links (merges chain; a loop stops)."""
    seen = {key}
    while (target := links.get(key, key)) not in seen:
        seen.add(target)
        key = target
    return key


def label_votes(analyses: Iterable[Analysis], links: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each name's label by a vote of its mentions across ``analyses`` (names a reviewer merged
    vote as one), for every name seen; a tie goes to the label seen first (corpus order), so
    the result does not depend on hash order."""
    links = links or {}
    counts: dict[str, Counter[str]] = {}
    keys: set[str] = set()
    for analysis in analyses:
        for entity in analysis.entities:
            key = speaker_key(entity.name)
            keys.add(key)
            counts.setdefault(joined_key(key, links), Counter())[entity.label] += max(1, len(entity.mentions))
    return {key: counts[joined_key(key, links)].most_common(1)[0][0] for key in keys}
