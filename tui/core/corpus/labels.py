"""A corpus-wide vote on what kind of thing each name is.

The model labels every mention on its own, so one name can be a PERSON in some articles and
an ORG in others ("Twitter" tagged PERSON in 14 Wikinews articles). Across a corpus the
label most of a name's mentions have is the better guess, and one name should be listed
under one label: ``label_votes`` gives it, keyed like the corpus rows (``speaker_key``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from tui.core.corpus.summary import speaker_key
from tui.core.models import Analysis


def label_votes(analyses: Iterable[Analysis]) -> dict[str, str]:
    """Each name's label by a vote of its mentions across ``analyses``; a tie goes to the label
    seen first (corpus order), so the result does not depend on hash order."""
    counts: dict[str, Counter[str]] = {}
    for analysis in analyses:
        for entity in analysis.entities:
            counts.setdefault(speaker_key(entity.name), Counter())[entity.label] += max(1, len(entity.mentions))
    return {key: votes.most_common(1)[0][0] for key, votes in counts.items()}
