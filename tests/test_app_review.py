"""Review sessions in the app: every review key, progress, persistence, other reviewers, read-only.

The analysis is the hand-made one of the seed article (tests/helpers.py), so the
tests do not move with the extractor; the store is a real SQLite file in a temp data dir.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import FakeAnalyzer, article_rows, run_async, seed_analysis, settled, until
from tui.app.app import NewsviewApp
from tui.app.render import Subject
from tui.app.screens.review import CommentScreen, PickerScreen
from tui.app.widgets.article_list import ArticleList
from tui.app.widgets.lists import QuoteList
from tui.core.models import Analysis, Article, Entity, Quote, Speaker
from tui.core.review.extent import quote_span
from tui.core.review.store import ReviewStore, SetVerdict


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def make_app(articles, data_dir: Path, reviewer: str = "alice") -> NewsviewApp:
    return NewsviewApp(list(articles), analyzer_factory=FakeAnalyzer, data_dir=data_dir, reviewer=reviewer)


def rows(app: NewsviewApp) -> list[str]:
    return [str(o.prompt) for o in app.query_one(QuoteList).options]


def review(app: NewsviewApp, index: int):
    return app.reviews[app.main_screen.current].quotes[index].review


@run_async
async def test_a_and_x_record_verdicts_that_a_second_app_sees(seed: Article, data_dir: Path) -> None:
    app = make_app([seed], data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        await pilot.press("4", "a")
        await settled(app, pilot)
        assert review(app, 0).verdict == "correct"
        assert rows(app)[0].startswith("✓ ")
        await pilot.press("j", "x")
        await settled(app, pilot)
        assert review(app, 1).verdict == "wrong"
        assert rows(app)[1].startswith("✗ ")
        assert app.query_one(QuoteList).highlighted == 1, "the cursor stays on the reviewed quote"
        assert "2/4 reviewed" in str(app.query_one("#status").render())
        # a again on a correct quote takes the verdict back
        await pilot.press("k", "a", "a")
        await settled(app, pilot)
        assert review(app, 0).verdict == "correct"

    again = make_app([seed], data_dir, reviewer="bob")
    async with again.run_test(size=(120, 40)) as pilot:
        await settled(again, pilot)
        assert [q.review.verdict if q.review else None for q in again.reviews[0].quotes] == [
            "correct",
            "wrong",
            None,
            None,
        ]
        assert again.reviews[0].quotes[0].review.reviewer == "alice"
        assert rows(again)[0].startswith("✓ ") and rows(again)[1].startswith("✗ ")


@run_async
async def test_s_reassigns_the_speaker_by_picking_or_typing(seed: Article, data_dir: Path) -> None:
    app = make_app([seed], data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        extracted = app.main_screen.analysis.quotes[0].speaker.name
        await pilot.press("4", "s")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"khat", "enter")  # type to filter (aliases too), enter picks the match
        await settled(app, pilot)
        first = app.main_screen.analysis.quotes[0]
        assert first.speaker.name == "Moaz al-Khatib" and first.speaker.entity == "e1"
        assert rows(app)[0].startswith("✎ Moaz al-Khatib")
        assert f"extracted: {extracted}" in rows(app)[0]
        # a new name, not an entity of the article
        await pilot.press("s", *"A Kremlin aide", "enter")
        await settled(app, pilot)
        assert app.main_screen.analysis.quotes[0].speaker.name == "A Kremlin aide"
        assert app.main_screen.analysis.quotes[0].speaker.entity is None
        # esc cancels without a change
        await pilot.press("s", "escape")
        await settled(app, pilot)
        assert app.main_screen.analysis.quotes[0].speaker.name == "A Kremlin aide"
        assert len(app.reviews[0].quotes[0].review.events) == 2


@run_async
async def test_a_quote_given_to_someone_else_leaves_the_speakers_list_and_the_cursor_stays_in_place(
    seed: Article, data_dir: Path
) -> None:
    def all_lavrov(article: Article) -> Analysis:
        analysis = seed_analysis(article)
        return replace(
            analysis, quotes=tuple(replace(q, speaker=Speaker("Sergei Lavrov", "e3")) for q in analysis.quotes)
        )

    app = NewsviewApp([seed], analyzer_factory=lambda: FakeAnalyzer(all_lavrov), data_dir=data_dir, reviewer="alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        app.main_screen.choose_subject(Subject("Sergei Lavrov", "e3"))
        await pilot.pause()
        await pilot.press("4", "j")
        quotes = app.query_one(QuoteList)
        second, third = (q.id for q in app.main_screen.analysis.quotes[1:3])
        assert quotes.highlighted_quote.id == second
        await pilot.press("s", *"A Kremlin aide", "enter")
        await settled(app, pilot)
        assert len(rows(app)) == 3, "the reassigned quote left Lavrov's list"
        assert quotes.highlighted == 1 and quotes.highlighted_quote.id == third, "the next quote, not the top"


@run_async
async def test_t_changes_the_kind_and_c_the_comment(seed: Article, data_dir: Path) -> None:
    app = make_app([seed], data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        assert app.main_screen.analysis.quotes[0].kind == "indirect"
        await pilot.press("4", "t")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("up", "enter")  # indirect -> direct
        await settled(app, pilot)
        assert app.main_screen.analysis.quotes[0].kind == "direct"
        assert "was indirect" in rows(app)[0]

        await pilot.press("c")
        assert isinstance(app.screen, CommentScreen)
        await pilot.press(*"check the [b]transcript[/b]", "enter")
        await settled(app, pilot)
        assert review(app, 0).comment == "check the [b]transcript[/b]"
        assert "✉" in rows(app)[0] and "[b]transcript[/b]" in rows(app)[0]
        # editing starts from the saved text; an empty comment removes it
        await pilot.press("c")
        assert app.screen.query_one("#comment").value == "check the [b]transcript[/b]"
        await pilot.press("ctrl+u", "enter")  # ctrl+u clears the line (Textual's Input binding)
        await settled(app, pilot)
        assert review(app, 0).comment == ""


@run_async
async def test_A_adds_the_quote_at_the_search_match(seed: Article, data_dir: Path) -> None:
    app = make_app([seed], data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        before = len(app.main_screen.analysis.quotes)
        # No position yet: A says what to do.
        await pilot.press("2", "A")
        assert not isinstance(app.screen, PickerScreen)
        await pilot.press("slash", *"Munich", "enter")
        match = app.main_screen.selection.current
        start, end = quote_span(seed.text, *match)
        await pilot.press("A")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"Lavrov", "enter")  # the speaker
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # the kind: direct is preselected
        await settled(app, pilot)
        added = [q for q in app.reviews[0].quotes if q.review and q.review.added]
        assert len(added) == 1 and len(app.main_screen.analysis.quotes) == before + 1
        quote = added[0].quote
        assert (quote.start, quote.end) == (start, end) and start <= match[0] < match[1] <= end
        assert quote.speaker.name == "Sergei Lavrov" and quote.kind == "direct"
        assert any("added by a reviewer" in row for row in rows(app))


@run_async
async def test_r_shows_another_reviewers_verdict(seed: Article, data_dir: Path) -> None:
    app = make_app([seed], data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        assert app.reviews[0].progress == (0, 4)
        with ReviewStore.open(data_dir / "reviews.sqlite3", reviewer="carol") as other:
            analysis = seed_analysis(seed)
            other.record(seed, analysis.quotes[2], SetVerdict("wrong"))
        await pilot.press("r")
        await until(pilot, lambda: app.reviews[0].progress == (1, 4))
        assert rows(app)[2].startswith("✗ ") and "carol" in rows(app)[2]


@run_async
async def test_article_list_shows_review_progress(seed: Article, data_dir: Path) -> None:
    other = Article("other.txt", "Another article", "Nothing said here.")
    with ReviewStore.open(data_dir / "reviews.sqlite3", reviewer="carol") as store:
        analysis = seed_analysis(seed)
        for quote in analysis.quotes[:3]:
            store.record(seed, quote, SetVerdict("correct"))

    def make(article: Article):
        return seed_analysis(article) if article is seed else Analysis(article, "fake 1.0")

    app = NewsviewApp([seed, other], analyzer_factory=lambda: FakeAnalyzer(make), data_dir=data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        await until(pilot, lambda: 1 in app.analyses)
        listed = article_rows(app)
        assert "4 quotes · 3/4 reviewed" in listed[0]
        assert "reviewed" not in listed[1]
        await pilot.press("4", "j", "j", "j", "a")
        await settled(app, pilot)
        assert "4/4 reviewed" in app.query_one(ArticleList).row_text(0)


@run_async
async def test_orphaned_reviews_are_listed_at_the_end(seed: Article, data_dir: Path) -> None:
    analysis = seed_analysis(seed)
    gone = analysis.quotes[0]
    with ReviewStore.open(data_dir / "reviews.sqlite3", reviewer="carol") as store:
        store.record(seed, gone, SetVerdict("correct"))

    def without_first(article: Article):
        full = seed_analysis(article)
        return type(full)(full.article, full.model, full.entities, full.quotes[1:])

    app = NewsviewApp([seed], analyzer_factory=lambda: FakeAnalyzer(without_first), data_dir=data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        shown = rows(app)
        assert shown[-2].startswith("Orphaned reviews (1)")
        assert shown[-1].startswith("✓ ") and "orphaned" in shown[-1] and gone.text[:30] in shown[-1]


@run_async
async def test_a_read_only_data_dir_shows_why_and_saves_nothing(seed: Article, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    app = make_app([seed], blocker / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        assert app.reviewing.store is not None and not app.reviewing.store.writable
        assert "read-only reviews" in str(app.query_one("#status").render())
        notices = [n.message for n in app._notifications]
        assert any(n.startswith("Read-only reviews: cannot write reviews in") for n in notices)
        await pilot.press("4", "a")
        await pilot.press("s")
        assert not isinstance(app.screen, PickerScreen)
        await settled(app, pilot)
        notices = [n.message for n in app._notifications]
        assert any(n.startswith("Cannot save reviews: cannot write reviews in") for n in notices)
        assert app.reviews[0].progress == (0, 4)
        assert not rows(app)[0].startswith("✓")


@run_async
async def test_a_failed_write_is_reported_and_not_shown_as_saved(seed: Article, data_dir: Path) -> None:
    from tui.core.review.store import StoreError

    app = make_app([seed], data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)

        def broken(*args, **kwargs):
            raise StoreError("the disk is full")

        app.reviewing.store.record = broken  # type: ignore[method-assign]
        await pilot.press("4", "a")
        await until(pilot, lambda: not app.reviewing.saving)
        assert any(n.message == "Not saved: the disk is full" for n in app._notifications)
        assert app.reviews[0].quotes[0].review is None
        assert not rows(app)[0].startswith("✓")


def test_review_keys_are_in_the_footer_of_the_quote_list_and_in_help() -> None:
    from tui.app import keys

    quote_keys = {b.key: b for b in QuoteList.BINDINGS}
    for key in ("a", "x", "s", "t", "c"):
        assert quote_keys[key].show and quote_keys[key].id and quote_keys[key].description
    help_text = " ".join(text for _, text in keys.help_rows())
    for words in (
        "mark the focused quote correct",
        "reassign",
        "add a quote the extractor missed",
        "Reload this article's reviews",
    ):
        assert words in help_text
    # no clash with the keys users already have
    taken = {
        "j",
        "k",
        "n",
        "N",
        "g",
        "G",
        "y",
        "l",
        "q",
        "question_mark",
        "1",
        "2",
        "3",
        "4",
        "left_square_bracket",
        "right_square_bracket",
        "b",
        "space",
    }
    for k in keys.KEYS:
        if k.scope in ("quotes",) or k.id in ("add-quote", "refresh-reviews", "corpus"):
            assert not set(k.keys.split(",")) & taken, k


@run_async
async def test_the_speaker_picker_finds_a_name_typed_without_its_accents(data_dir: Path) -> None:
    text = "Talks\n\nRecep Tayyip Erdoğan met the envoy. The envoy said the talks were useful."

    def made(article: Article) -> Analysis:
        start = article.text.index("the talks were useful")
        quote = Quote(
            "q1",
            "indirect",
            start,
            start + len("the talks were useful"),
            "the talks were useful",
            speaker=Speaker("The envoy"),
        )
        name = article.text.index("Recep")
        erdogan = Entity("e1", "PERSON", "Recep Tayyip Erdoğan", (), ((name, name + len("Recep Tayyip Erdoğan")),))
        return Analysis(article, "fake 1.0", (erdogan,), (quote,))

    app = NewsviewApp([Article("t.txt", "Talks", text)], analyzer_factory=lambda: FakeAnalyzer(made), data_dir=data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(app, pilot)
        await pilot.press("4", "s", *"erdogan", "enter")
        await settled(app, pilot)
        assert app.main_screen.analysis.quotes[0].speaker.name == "Recep Tayyip Erdoğan"
