"""Messages that carry work results and user choices up to the app.

Workers only ever post these: every widget is changed on the UI thread by their handlers.
"""

from __future__ import annotations

from textual.message import Message

from tui.app.render import Subject
from tui.core.models import Analysis


class AnalysisStarted(Message):
    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class AnalysisReady(Message):
    def __init__(self, index: int, analysis: Analysis) -> None:
        super().__init__()
        self.index = index
        self.analysis = analysis


class AnalysisFailed(Message):
    def __init__(self, index: int, message: str) -> None:
        super().__init__()
        self.index = index
        self.message = message


class ModelMissing(Message):
    """No spaCy model: texts stay readable, nothing gets analysed."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class AnalysisWarning(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class SubjectChosen(Message):
    """A speaker or entity was chosen in a list; ``quote`` is set when a quote was picked."""

    def __init__(self, subject: Subject | None, quote: str | None = None) -> None:
        super().__init__()
        self.subject = subject
        self.quote = quote


class ArticleChosen(Message):
    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
