"""Exact extents in the app: a span selected from the keyboard (or the mouse) added as a quote, and an
extracted quote's extent adjusted; both kept in the review store across a restart and in every export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.helpers import FakeAnalyzer, run_async, seed_analysis, settled
from tui.app.app import NewsviewApp
from tui.app.screens.review import PickerScreen
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.lists import QuoteList
from tui.commands.displacy import article_displacy
from tui.commands.export import article_json, write_csv, write_markdown
from tui.core.models import Article
from tui.core.paths import review_db
from tui.core.review.store import ReviewStore

ADDED = (
    "he would meet Iranian Foreign Minister Ali Akbar Salehi in Germany this weekend to discuss finding a "
    "solution to the Syrian crisis."
)
EXTRACTED = "Russia has a certain vision but we welcome negotiations"
ADJUSTED = EXTRACTED + " to alleviate the crisis"


def make_app(seed: Article, data_dir: Path) -> NewsviewApp:
    return NewsviewApp([seed], analyzer_factory=FakeAnalyzer, data_dir=data_dir, reviewer="alice")


@run_async
async def test_select_add_and_adjust_survive_a_restart_and_show_in_every_export(seed: Article, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = make_app(seed, data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        screen = app.main_screen
        text = seed.text
        # Find the words, start a selection there, extend it to the sentence's end, add it.
        await pilot.press("slash", *"he would meet", "enter", "v")
        assert text[slice(*screen.selection.picked)] == "he"
        await pilot.press("w")
        assert text[slice(*screen.selection.picked)] == "he would"
        await pilot.press("right_parenthesis")
        assert text[slice(*screen.selection.picked)] == ADDED
        assert "selection: 22 words" in str(app.query_one("#status").render())
        await pilot.press("A")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"khat", "enter")  # the speaker, picked from the article's people
        await pilot.press("down", "enter")  # indirect
        await settled(app, pilot)
        added = next(r for r in app.reviews[0].quotes if r.review and r.review.added)
        assert added.quote.text == ADDED and added.quote.speaker.name == "Moaz al-Khatib"
        assert added.quote.kind == "indirect" and screen.selection.picked is None

        # Adjust an extracted quote: e in the quote list, four words on in the text, enter.
        quotes = app.query_one(QuoteList)
        target = next(q for q in screen.analysis.quotes if q.text == EXTRACTED)
        await pilot.press("4")
        quotes.highlight_quote(target.id)
        await pilot.press("e")
        assert app.focused is app.query_one(ArticleView)
        assert screen.selection.extent_of == target.id
        await pilot.press("w", "w", "w", "w", "enter")
        await settled(app, pilot)
        assert next(q for q in screen.analysis.quotes if q.id == target.id).text == ADJUSTED
        assert app.focused is quotes

    again = make_app(seed, data_dir)
    async with again.run_test(size=(120, 40)) as pilot:
        await settled(again, pilot)
        texts = [q.text for q in again.main_screen.analysis.quotes]
        assert ADDED in texts and ADJUSTED in texts and EXTRACTED not in texts

    with ReviewStore.open(review_db(data_dir), read_only=True) as store:
        reviewed = store.reviews_for(seed_analysis(seed))
    start, end = seed.text.index(ADJUSTED), seed.text.index(ADJUSTED) + len(ADJUSTED)
    as_json = article_json(reviewed, reviewed_only=True)
    by_text = {q["text"]: q for q in as_json["quotes"]}
    assert set(by_text) == {ADDED, ADJUSTED}
    moved = by_text[ADJUSTED]
    assert (moved["start"], moved["end"]) == (start, end)
    assert moved["extracted_end"] - moved["extracted_start"] == len(EXTRACTED)
    assert by_text[ADDED]["added"] and by_text[ADDED]["speaker"] == "Moaz al-Khatib"
    out = io.StringIO()
    write_csv([reviewed], out, reviewed_only=True)
    rows = {r["text"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows[ADJUSTED]["start"] == str(start) and rows[ADJUSTED]["extracted_end"] != str(end)
    assert rows[ADDED]["added"] == "yes"
    out = io.StringIO()
    write_markdown([reviewed], out, reviewed_only=True)
    extent = f"extent corrected from {moved['extracted_start']}-{moved['extracted_end']} to {start}-{end}"
    assert extent in out.getvalue()
    assert "added by a reviewer" in out.getvalue()
    doc = json.loads(json.dumps(article_displacy(reviewed, list(reviewed.quotes))))
    added_at = seed.text.index(ADDED)
    assert {(s["start"], s["end"]) for s in doc["spans"]} >= {(start, end), (added_at, added_at + len(ADDED))}


@run_async
async def test_a_mouse_selection_becomes_the_selection_to_add(seed: Article, tmp_path: Path) -> None:
    app = make_app(seed, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        view = app.query_one(ArticleView)
        text = seed.text
        offset = text.index("Meanwhile, Lavrov")
        line = view.line_of_offset(offset)
        top = round(view.scroll_y)
        dx, dy = view.content_region.x - view.region.x, view.content_region.y - view.region.y + line - top
        # Drag from the middle of "Meanwhile" to the middle of "Lavrov": whole words are taken.
        await pilot.mouse_down(view, offset=(dx + 3, dy))
        await pilot.hover(view, offset=(dx + 13, dy))
        await pilot.mouse_up(view, offset=(dx + 13, dy))
        await pilot.pause()
        assert text[slice(*app.main_screen.selection.picked)] == "Meanwhile, Lavrov"
