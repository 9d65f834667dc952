"""The main view's review actions: the quote list's review keys, adding a missed quote, and
selecting text exactly (from the keyboard or with the mouse) for a quote to add or for the
corrected extent of a listed one.

A mixin of MainScreen: it reads the screen's analysis and selection and saves through the
screen's review queue (``_save``). The selection is ``Selection.picked``; the keys move one
end of it (``Selection.moving``) a word or a sentence at a time, as ``tui.core.review.extent``
computes, and ``Selection.extent_of`` names the quote whose extent it adjusts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tui.app.messages import ReviewRequested
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.lists import QuoteList

if TYPE_CHECKING:
    from tui.app.screens.main import MainScreen
    from tui.app.screens.review import Choice

NEW_SPEAKER_PLACEHOLDER = "type to filter, or a new speaker's name; enter: choose"
SELECT_FIRST = "Select the words first: v, then w W ( ) (or drag the mouse); or find them with / and press A"


class ReviewActions:
    def on_review_requested(self: MainScreen, message: ReviewRequested) -> None:
        from tui.app.screens.review import CommentScreen, PickerScreen, kind_choices, speaker_choices
        from tui.core.review.store import SetComment, SetKind, SetSpeaker, SetVerdict

        quotes = self.query_one(QuoteList)
        analysis = self.analysis
        if message.quote_id is None:
            self.notify("No quote to review here" if analysis else "Still analysing this article", markup=False)
            return
        reviewed = quotes.review_of(message.quote_id)
        listed = next((q for q in analysis.quotes if q.id == message.quote_id), None) if analysis else None
        quote = reviewed.quote if reviewed else listed
        if quote is None:
            return
        if reviewed is not None and reviewed.orphaned and not reviewed.located:
            self.notify("This review's quote is no longer in the article: it can be read, not changed", markup=False)
            return
        if not self._can_write():
            return
        index = self.current
        stored = reviewed.stored_as if reviewed else quote  # where its review is kept (not moved by an extent)
        match message.what:
            case "correct" | "wrong":
                verdict = message.what
                review = reviewed.review if reviewed else None
                # Pressing the key of the verdict a quote already has takes the verdict back.
                self._save(index, stored, SetVerdict(None if review and review.verdict == verdict else verdict))  # type: ignore[arg-type]
            case "speaker":
                current = quote.speaker.name if quote.speaker else None

                def chosen(choice: Choice | None) -> None:
                    if choice is not None and choice.value != current:
                        self._save(index, stored, SetSpeaker(choice.value, choice.entity))

                choices = speaker_choices(analysis) if analysis else []
                picker = PickerScreen(
                    "Who said this?",
                    quote.text,
                    choices,
                    current,
                    allow_new=True,
                    filter_placeholder=NEW_SPEAKER_PLACEHOLDER,
                )
                self.app.push_screen(picker, chosen)
            case "kind":

                def kind_chosen(choice: Choice | None) -> None:
                    if choice is not None and choice.value != quote.kind:
                        self._save(index, stored, SetKind(choice.value))  # type: ignore[arg-type]

                self.app.push_screen(
                    PickerScreen("Kind of statement", quote.text, kind_choices(), quote.kind), kind_chosen
                )
            case "comment":
                old = reviewed.review.comment if reviewed and reviewed.review else ""

                def commented(text: str | None) -> None:
                    if text is not None and text != old:
                        self._save(index, stored, SetComment(text))

                self.app.push_screen(CommentScreen(quote.text, old), commented)
            case "extent":
                self._pick((quote.start, quote.end), extent_of=quote.id)
                self.action_focus_pane("text")
                self.notify("Move the ends with w W ( ) (O: the other end), enter saves, esc cancels", markup=False)

    def action_add_quote(self: MainScreen) -> None:
        """Add a quote the extractor missed: the selection, else the quote or sentence at the
        current match or statement."""
        from tui.app.screens.review import PickerScreen, kind_choices, speaker_choices
        from tui.core.review.extent import quote_span
        from tui.core.review.store import AddQuote

        analysis = self.analysis
        if analysis is None:
            self.notify("Still analysing this article", markup=False)
            return
        picked = self.selection.picked if not self.selection.extent_of else None
        if picked is None and self.selection.current is None:
            self.notify(SELECT_FIRST, markup=False)
            return
        if not self._can_write():
            return
        start, end = picked or quote_span(analysis.article.text, *self.selection.current)  # type: ignore[misc]
        if any((q.start, q.end) == (start, end) for q in analysis.quotes):
            self.notify("That quote is already listed: review it in the quote list (4)", markup=False)
            return
        text = analysis.article.text[start:end]
        index = self.current

        def speaker_chosen(choice: Choice | None) -> None:
            if choice is None:
                return

            def kind_chosen(kind: Choice | None) -> None:
                if kind is not None:
                    self._save(index, None, AddQuote(start, end, kind.value, choice.value, choice.entity))  # type: ignore[arg-type]
                    self._pick(None)

            self.app.push_screen(PickerScreen("Kind of statement", text, kind_choices(), "direct"), kind_chosen)

        picker = PickerScreen(
            "Add a quote: who said it?", text, speaker_choices(analysis), allow_new=True,
            filter_placeholder=NEW_SPEAKER_PLACEHOLDER,
        )  # fmt: skip
        self.app.push_screen(picker, speaker_chosen)

    # Selecting ---------------------------------------------------------------------------

    def _pick(self: MainScreen, span: tuple[int, int] | None, extent_of: str | None = None) -> None:
        """Show ``span`` as the reviewer's selection (None: no selection), its end moving."""
        self.selection = replace(self.selection, picked=span, moving="end", extent_of=extent_of if span else None)
        self._show_pick()

    def _show_pick(self: MainScreen) -> None:
        analysis = self.analysis
        if analysis is not None:
            self.view.set_selection(analysis, self.selection)
        self._update_status()

    def action_select(self: MainScreen) -> None:
        """Start a selection on the word at the match or statement (else the top line); drop one."""
        from tui.core.review.extent import word_at

        analysis = self.analysis
        if analysis is None:
            self.notify("Still analysing this article", markup=False)
            return
        if self.selection.picked is not None:
            self._pick(None)
            return
        view = self.view
        cursor = self.selection.current[0] if self.selection.current else view.offset_at(round(view.scroll_y), 0)
        self._pick(word_at(analysis.article.text, cursor or 0))

    def action_move_selection(self: MainScreen, unit: str, step: int) -> None:
        from tui.core.review.extent import moved

        analysis = self.analysis
        if analysis is None:
            return
        if self.selection.picked is None:
            self.action_select()
            return
        side = self.selection.moving
        span = moved(analysis.article.text, self.selection.picked, side, unit, step)
        self.selection = replace(self.selection, picked=span)
        self._show_pick()
        self.view.scroll_to_offset(span[0] if side == "start" else span[1])

    def action_other_end(self: MainScreen) -> None:
        if self.selection.picked is None:
            self.notify(SELECT_FIRST, markup=False)
            return
        moving = "start" if self.selection.moving == "end" else "end"
        self.selection = replace(self.selection, moving=moving)
        self._update_status()

    def on_article_view_picked(self: MainScreen, message: ArticleView.Picked) -> None:
        """A mouse selection is the reviewer's selection too (and adjusts an extent being edited)."""
        if self.analysis is not None:
            self.selection = replace(self.selection, picked=(message.start, message.end))
            self._show_pick()

    def action_save_extent(self: MainScreen) -> None:
        from tui.core.review.store import SetExtent

        extent_of, picked = self.selection.extent_of, self.selection.picked
        reviewed = self.query_one(QuoteList).review_of(extent_of) if extent_of else None
        analysis = self.analysis
        listed = next((q for q in analysis.quotes if q.id == extent_of), None) if analysis and extent_of else None
        if picked is None or listed is None:
            self.notify("To correct a quote's extent: e on the quote in the list (4), then w W ( ) here", markup=False)
            return
        if (listed.start, listed.end) != picked and self._can_write():
            self._save(self.current, reviewed.stored_as if reviewed else listed, SetExtent(*picked))
        self._pick(None)
        self.action_focus_pane("quotes")
