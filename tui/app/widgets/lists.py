"""The article, entity and quote lists.

Every prompt is built as Content from plain strings: titles, names and quotes come from
articles and must never be read as markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app import keys, render
from tui.app.messages import ArticleChosen, SubjectChosen
from tui.app.render import Subject
from tui.core.models import Analysis, Article, Quote


class NavList(OptionList):
    """An OptionList that also answers to j/k, g/G and space/b."""

    BINDINGS = keys.bindings("list")


class ArticleList(NavList):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._articles: list[Article] = []
        self._states: list[str] = []

    def show(self, articles: list[Article], problems: list[tuple[str, str]]) -> None:
        self._articles = list(articles)
        self._states = ["queued"] * len(articles)
        options = [Option(self._prompt(i), id=f"a{i}") for i in range(len(articles))]
        for source, message in problems:
            options.append(Option(Content.assemble(("⚠ ", "$text-error"), (source, "bold"), "\n", (message, "dim")), disabled=True))
        self.set_options(options)
        self.highlighted = 0 if articles else None

    def set_state(self, index: int, state: str) -> None:
        self._states[index] = state
        self.replace_option_prompt(f"a{index}", self._prompt(index))

    def _prompt(self, index: int) -> Content:
        state = self._states[index]
        state_style = "$text-error" if state.startswith("error") else "dim"
        return Content.assemble((self._articles[index].title or self._articles[index].source, "bold"), "\n", (state, state_style))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleChosen(int(event.option.id[1:])))


class EntityList(NavList):
    """Entities grouped by type, each with its mention count, statements and aliases."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._subjects: dict[str, Subject] = {}

    def show(self, analysis: Analysis | None) -> None:
        self._subjects = {}
        options: list[Option] = []
        if analysis is not None:
            entities = render.shown_entities(analysis)
            for etype in render.ENTITY_TYPES:
                group = [e for e in entities if e.label in etype.labels]
                if not group:
                    continue
                options.append(Option(Content.assemble((f"{etype.title} ({len(group)})", "bold $text-muted")), disabled=True))
                for entity in sorted(group, key=lambda e: (-len(e.mentions), e.name.casefold())):
                    said = len(analysis.quotes_by(entity.id))
                    self._subjects[entity.id] = Subject(entity.name, entity.id)
                    parts: list = [(entity.name, etype.style), (f"  {len(entity.mentions)}×", "dim")]
                    if said:
                        parts.append((f"  {said} said", "$text-primary"))
                    if entity.aliases:
                        parts.append(("\n  aka " + ", ".join(entity.aliases), "dim"))
                    options.append(Option(Content.assemble(*parts), id=entity.id))
            unnamed = sorted({q.speaker.name for q in analysis.quotes if q.speaker and q.speaker.entity is None})
            if unnamed:
                options.append(Option(Content.assemble((f"Other speakers ({len(unnamed)})", "bold $text-muted")), disabled=True))
                for number, name in enumerate(unnamed):
                    subject = Subject(name)
                    said = len(render.statements(analysis, subject))
                    self._subjects[f"s{number}"] = subject
                    options.append(Option(Content.assemble(name, (f"  {said} said", "$text-primary")), id=f"s{number}"))
        self.set_options(options)
        self._skip_to_first_entity()

    def _skip_to_first_entity(self) -> None:
        for index, option in enumerate(self.options):
            if not option.disabled:
                self.highlighted = index
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        subject = self._subjects.get(event.option.id or "")
        if subject is not None:
            self.post_message(SubjectChosen(subject))


class QuoteList(NavList):
    """The statements of the article, or of the chosen speaker only."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._quotes: dict[str, Quote] = {}

    def show(self, analysis: Analysis | None, subject: Subject | None, current: str | None = None) -> None:
        quotes = render.statements(analysis, subject) if analysis else ()
        self._quotes = {q.id: q for q in quotes}
        self.set_options(Option(self._prompt(q), id=q.id) for q in quotes)
        if quotes:
            self.highlighted = 0
        self.highlight_quote(current)

    def highlight_quote(self, quote_id: str | None) -> None:
        if quote_id in self._quotes:
            self.highlighted = self.get_option_index(quote_id)

    @staticmethod
    def _prompt(quote: Quote) -> Content:
        head: list = [(render.speaker_name(quote), "bold"), "  ", (quote.kind, render.STATEMENT_STYLES[quote.kind])]
        if quote.cue:
            head.append((f"  {quote.cue}", "dim"))
        return Content.assemble(*head, "\n", (render.one_line(quote.text, 72), "italic"))

    @property
    def highlighted_quote(self) -> Quote | None:
        option = self.highlighted_option
        return self._quotes.get(option.id) if option and option.id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        quote = self._quotes.get(event.option.id or "")
        if quote is not None:
            self.post_message(SubjectChosen(render.quote_subject(quote), quote.id))
