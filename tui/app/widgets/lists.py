"""The entity and quote lists.

Every prompt is built as Content from plain strings: titles, names and quotes come from
articles and must never be read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app import keys, render
from tui.app.messages import ReviewRequested, SubjectChosen
from tui.app.render import Subject
from tui.core.models import Analysis, Quote
from tui.core.untrusted import clean_line

if TYPE_CHECKING:  # the store (and sqlite3) is imported after the first frame
    from tui.core.review.store import ReviewedArticle, ReviewedQuote

# How a reviewed quote is marked in the quote list (symbols, so NO_COLOR keeps them apart).
VERDICT_MARKS = {"correct": ("✓ ", "bold $text-success"), "wrong": ("✗ ", "bold $text-error")}
CORRECTED_MARK = ("✎ ", "bold $text-warning")
COMMENT_MARK = ("✉ ", "$text-accent")


class NavList(OptionList):
    """An OptionList that also answers to j/k, g/G, space/b and ctrl+d/u."""

    BINDINGS = keys.bindings("list")

    def action_half_page(self, direction: int) -> None:
        """Half the pane's height in lines (a quote takes several), as OptionList pages."""
        if not self.option_count or not self._lines:
            return
        rows = max(1, self.scrollable_content_region.height // 2)
        line = self._index_to_line[self.highlighted or 0] + direction * rows
        self.highlighted = self._lines[min(max(line, 0), len(self._lines) - 1)][0]


class EntityList(NavList):
    """Entities grouped by type, each with its mention count, statements and aliases."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._subjects: dict[str, Subject] = {}
        self._first: tuple[Analysis | None] | None = None  # what to show once the first frame is out
        self._shown_once = False

    def show(self, analysis: Analysis | None) -> None:
        if not self._shown_once:
            # A reopened article's first frame goes out with its text, quotes and status; the
            # entities follow it at once: laying out and drawing their options cost about a
            # third of what the cached analysis adds before the first paint.
            if self._first is None:
                self.call_after_refresh(self._show_first)
            self._first = (analysis,)
            return
        self._fill(analysis)

    def _show_first(self) -> None:
        self._shown_once = True
        if self._first is not None:
            self._fill(self._first[0])

    def _fill(self, analysis: Analysis | None) -> None:
        self._subjects = {}
        options: list[Option] = []
        if analysis is not None:
            entities = render.shown_entities(analysis)
            for etype in render.ENTITY_TYPES:
                group = [e for e in entities if e.label in etype.labels]
                if not group:
                    continue
                options.append(
                    Option(Content.assemble((f"{etype.title} ({len(group)})", "bold $text-muted")), disabled=True)
                )
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
                options.append(
                    Option(Content.assemble((f"Other speakers ({len(unnamed)})", "bold $text-muted")), disabled=True)
                )
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
    """The statements of the article (or of the chosen speaker only), with their reviews.

    Reviewed quotes carry a mark (✓ correct, ✗ wrong, ✎ speaker or kind corrected, ✉ a
    comment) and show the corrected speaker, with the extracted one on a detail line.
    Orphaned reviews (their quote is gone after a re-analysis) follow at the end.
    """

    BINDINGS = keys.bindings("list") + keys.bindings("quotes")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._quotes: dict[str, Quote] = {}
        self._reviews: dict[str, ReviewedQuote] = {}

    def show(
        self,
        analysis: Analysis | None,
        subject: Subject | None,
        current: str | None = None,
        reviewed: ReviewedArticle | None = None,
        keep_place: bool = False,
    ) -> None:
        """List the statements; the cursor goes to ``current`` (else the quote it was on).

        ``keep_place``: when that quote left the list (a reviewer gave it to another speaker
        while the list shows one speaker), the cursor stays at the same row, on the next one.
        """
        place = self.highlighted
        keep = current or (self.highlighted_option.id if self.highlighted_option else None)
        quotes = render.statements(analysis, subject) if analysis else ()
        self._quotes = {q.id: q for q in quotes}
        self._reviews = {r.quote.id: r for r in reviewed.quotes} if reviewed else {}
        options = [Option(self._prompt(q, self._reviews.get(q.id)), id=q.id) for q in quotes]
        orphans = reviewed.orphans if reviewed and subject is None else ()
        if orphans:
            options.append(
                Option(Content.assemble((f"Orphaned reviews ({len(orphans)})", "bold $text-muted")), disabled=True)
            )
            for orphan in orphans:
                self._quotes[orphan.quote.id] = orphan.quote
                self._reviews[orphan.quote.id] = orphan
                options.append(Option(self._prompt(orphan.quote, orphan), id=orphan.quote.id))
        self.set_options(options)
        if quotes:
            self.highlighted = min(place, len(quotes) - 1) if keep_place and place is not None else 0
        self.highlight_quote(keep)

    def highlight_quote(self, quote_id: str | None) -> None:
        if quote_id in self._quotes:
            self.highlighted = self.get_option_index(quote_id)

    @staticmethod
    def _prompt(quote: Quote, reviewed: ReviewedQuote | None = None) -> Content:
        review = reviewed.review if reviewed else None
        head: list = []
        if review is not None:
            if review.verdict:
                head.append(VERDICT_MARKS[review.verdict])
            if review.speaker or review.kind or review.added:
                head.append(CORRECTED_MARK)
            if review.comment:
                head.append(COMMENT_MARK)
        head += [(render.speaker_name(quote), "bold"), "  ", (quote.kind, render.STATEMENT_STYLES[quote.kind])]
        if quote.cue:
            head.append((f"  {quote.cue}", "dim"))
        lines: list = [*head, "\n", (render.one_line(quote.text, 72), "italic")]
        if reviewed is not None and review is not None:
            lines += ["\n", (_detail(reviewed), "dim")]
        return Content.assemble(*lines)

    @property
    def highlighted_quote(self) -> Quote | None:
        option = self.highlighted_option
        return self._quotes.get(option.id) if option and option.id else None

    def review_of(self, quote_id: str) -> ReviewedQuote | None:
        return self._reviews.get(quote_id)

    def action_review(self, what: str) -> None:
        quote = self.highlighted_quote
        self.post_message(ReviewRequested(what, quote.id if quote else None))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        quote = self._quotes.get(event.option.id or "")
        reviewed = self._reviews.get(event.option.id or "")
        if reviewed is not None and reviewed.orphaned:
            self.app.notify(f"Orphaned review: {_detail(reviewed)}", markup=False)
        elif quote is not None:
            self.post_message(SubjectChosen(render.quote_subject(quote), quote.id))


def _detail(reviewed: ReviewedQuote) -> str:
    """The review's detail line: who reviewed, what the extractor said, the comment."""
    review = reviewed.review
    if review is None:
        return ""
    parts = []
    if reviewed.orphaned:
        parts.append(
            "orphaned: this quote is no longer found"
            if not reviewed.located
            else "orphaned: not in the current analysis"
        )
    if review.added:
        parts.append("added by a reviewer")
    extracted = reviewed.extracted
    if extracted is not None and review.speaker:
        parts.append(f"extracted: {render.speaker_name(extracted)}")
    if extracted is not None and review.kind and review.kind != extracted.kind:
        parts.append(f"was {extracted.kind}")
    if review.comment:
        parts.append(f"“{review.comment}”")
    parts.append(f"{review.reviewer} {review.at[:16].replace('T', ' ')}")
    # Other reviewers wrote these strings: the store cleans them, and so does the line drawn.
    return clean_line(" · ".join(parts))
