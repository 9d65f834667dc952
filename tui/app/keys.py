"""Every key of the app, defined once.

One row gives the binding (with its id), the footer text, the help screen line and, for
app-wide actions, the command palette entry, so the four can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

Scope = Literal["app", "main", "article", "text", "list", "quotes", "help", "dialog", "corpus"]


@dataclass(frozen=True)
class Key:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str  # footer text, and the palette title when in_palette
    help: str  # one line on the help screen and in the palette
    scope: Scope = "app"
    footer: bool = False
    in_palette: bool = False
    shown_as: str = ""  # how the help screen spells the keys, when not the key names


# Moving inside a pane: the same keys scroll the text and move the cursor in a list, so
# the help shows one row for both. (id, keys, as the help spells them, help line)
_MOVE_KEYS = (
    ("down", "j,down", "j, ↓", "Down a line or row"),
    ("up", "k,up", "k, ↑", "Up a line or row"),
    ("top", "g,home", "g, home", "Top"),
    ("bottom", "G,end", "G, end", "Bottom"),
    ("page-down", "space,pagedown,ctrl+f", "space, pgdn, ctrl+f", "Page down"),
    ("page-up", "b,pageup,ctrl+b", "b, pgup, ctrl+b", "Page up"),
    ("half-down", "ctrl+d", "ctrl+d", "Half a page down"),
    ("half-up", "ctrl+u", "ctrl+u", "Half a page up"),
)


def _moves(scope: Scope, *actions: tuple[str, str]) -> tuple[Key, ...]:
    """The movement keys of a pane, given its (action, footer text) for each of _MOVE_KEYS."""
    return tuple(
        Key(f"{scope}-{name}", keys, action, description, help_line, scope=scope, shown_as=shown_as)
        for (name, keys, shown_as, help_line), (action, description) in zip(_MOVE_KEYS, actions, strict=True)
    )


KEYS: tuple[Key, ...] = (
    Key("quit", "q,ctrl+q", "quit", "Quit", "Quit newsview", footer=True, shown_as="q, ctrl+q"),
    Key("interrupt", "ctrl+c", "help_quit", "Quit?", "Say how to quit", shown_as="ctrl+c"),
    Key(
        "help",
        "question_mark,f1",
        "help",
        "Help",
        "Keys and the entity colour legend",
        footer=True,
        in_palette=True,
        shown_as="?, f1",
    ),
    Key(
        "palette",
        "ctrl+p",
        "command_palette",
        "Palette",
        "Go to a speaker, entity or article; toggles; theme",
        shown_as="ctrl+p",
    ),
    # The main view's keys (the article, its lists and the corpus view's door).
    Key(
        "pane-articles",
        "1",
        "focus_pane('articles')",
        "Articles",
        "Show and focus the article list",
        in_palette=True,
        scope="main",
    ),
    Key("pane-text", "2", "focus_pane('text')", "Text", "Focus the article text", in_palette=True, scope="main"),
    Key(
        "pane-entities",
        "3",
        "focus_pane('entities')",
        "Entities",
        "Show and focus the entity list",
        in_palette=True,
        scope="main",
    ),
    Key(
        "pane-quotes",
        "4",
        "focus_pane('quotes')",
        "Quotes",
        "Show and focus the quote list",
        in_palette=True,
        scope="main",
    ),
    Key(
        "clear",
        "escape",
        "clear",
        "Clear",
        "Clear the chosen speaker, entity and search",
        in_palette=True,
        shown_as="esc",
        scope="main",
    ),
    Key(
        "search",
        "slash",
        "search",
        "Search",
        "Search the text",
        footer=True,
        in_palette=True,
        shown_as="/",
        scope="main",
    ),
    Key("search-next", "n", "search_next", "Next match", "Next search match", shown_as="n", scope="main"),
    Key(
        "search-previous", "N", "search_previous", "Previous match", "Previous search match", shown_as="N", scope="main"
    ),
    Key(
        "next",
        "right_square_bracket",
        "walk(1)",
        "Next",
        "Next statement of the chosen speaker (mention of the chosen entity),"
        " then on into their next article when chosen in C",
        footer=True,
        in_palette=True,
        shown_as="]",
        scope="main",
    ),
    Key(
        "previous",
        "left_square_bracket",
        "walk(-1)",
        "Prev",
        "Previous statement (mention)",
        in_palette=True,
        shown_as="[",
        scope="main",
    ),
    Key(
        "copy",
        "y",
        "copy_quote",
        "Copy",
        "Copy the focused quote with its speaker",
        footer=True,
        in_palette=True,
        scope="main",
    ),
    Key(
        "labels",
        "l",
        "toggle_labels",
        "Labels",
        "Toggle inline entity type labels",
        in_palette=True,
        scope="main",
    ),
    Key(
        "corpus",
        "C",
        "app.corpus",
        "Corpus",
        "Corpus view: speakers and entities across every analysed article",
        footer=True,
        in_palette=True,
        scope="main",
    ),
    Key(
        "open-url",
        "o",
        "open_url",
        "Open web page",
        "Open the article's web page (its canonical URL) in the browser",
        in_palette=True,
        scope="main",
    ),
    Key(
        "refresh-reviews",
        "r",
        "refresh_reviews",
        "Refresh",
        "Reload this article's reviews (see other reviewers' verdicts)",
        in_palette=True,
        scope="main",
    ),
    # Reviewing: on the focused quote of the quote list (4), and adding a missed quote from the text.
    Key(
        "review-correct",
        "a",
        "review('correct')",
        "Correct",
        "Review: mark the focused quote correct",
        scope="quotes",
        footer=True,
    ),
    Key(
        "review-wrong",
        "x",
        "review('wrong')",
        "Wrong",
        "Review: mark the focused quote wrong",
        scope="quotes",
        footer=True,
    ),
    Key(
        "review-speaker",
        "s",
        "review('speaker')",
        "Speaker",
        "Review: reassign the focused quote's speaker",
        scope="quotes",
        footer=True,
    ),
    Key(
        "review-kind",
        "t",
        "review('kind')",
        "Kind",
        "Review: change the focused quote's kind (direct, indirect, mixed)",
        scope="quotes",
        footer=True,
    ),
    Key(
        "review-comment",
        "c",
        "review('comment')",
        "Comment",
        "Review: add or edit a comment on the focused quote",
        scope="quotes",
        footer=True,
    ),
    Key(
        "review-extent",
        "e",
        "review('extent')",
        "Extent",
        "Review: adjust where the focused quote starts and ends (then in the text: w W ( ) O, enter saves)",
        scope="quotes",
    ),
    Key(
        "add-quote",
        "A",
        "screen.add_quote",
        "Add quote",
        "Review: add a quote the extractor missed: the selection (v), else at the match or statement",
        scope="article",
        footer=True,
    ),
    # Selecting text from the keyboard (or with the mouse): a quote to add, or a quote's extent.
    Key(
        "select",
        "v",
        "screen.select",
        "Select",
        "Start a selection at the match or statement (else the top line); again to drop it",
        scope="article",
    ),
    Key(
        "select-word",
        "w",
        "screen.move_selection('word', 1)",
        "Word",
        "Selection: its moving end a word on (w) or back (W)",
        scope="article",
        shown_as="w, W",
    ),
    Key(
        "select-word-back",
        "W",
        "screen.move_selection('word', -1)",
        "Word back",
        "Selection: its moving end a word on (w) or back (W)",
        scope="article",
        shown_as="w, W",
    ),
    Key(
        "select-sentence",
        "right_parenthesis",
        "screen.move_selection('sentence', 1)",
        "Sentence",
        "Selection: its moving end a sentence on ()) or back (()",
        scope="article",
        shown_as="), (",
    ),
    Key(
        "select-sentence-back",
        "left_parenthesis",
        "screen.move_selection('sentence', -1)",
        "Sentence back",
        "Selection: its moving end a sentence on ()) or back (()",
        scope="article",
        shown_as="), (",
    ),
    Key(
        "select-other-end",
        "O",
        "screen.other_end",
        "Other end",
        "Selection: switch which end the keys move",
        scope="article",
    ),
    Key(
        "extent-save",
        "enter",
        "screen.save_extent",
        "Save extent",
        "Save the selection as the quote's extent (after e in the quote list)",
        scope="article",
        shown_as="enter",
    ),
    *_moves(
        "text",
        ("scroll_down", "Down"),
        ("scroll_up", "Up"),
        ("scroll_home", "Top"),
        ("scroll_end", "Bottom"),
        ("page_down", "Page down"),
        ("page_up", "Page up"),
        ("half_page(1)", "Half down"),
        ("half_page(-1)", "Half up"),
    ),
    *_moves(
        "list",
        ("cursor_down", "Down"),
        ("cursor_up", "Up"),
        ("first", "First"),
        ("last", "Last"),
        ("page_down", "Page down"),
        ("page_up", "Page up"),
        ("half_page(1)", "Half down"),
        ("half_page(-1)", "Half up"),
    ),
    Key(
        "list-choose",
        "enter",
        "select",
        "Choose",
        "Open the article / choose the entity, speaker or quote",
        scope="list",
        shown_as="enter",
    ),
    Key(
        "dialog-cancel",
        "escape",
        "cancel",
        "Cancel",
        "Close the dialog without saving",
        scope="dialog",
        footer=True,
        shown_as="esc",
    ),
    Key("dialog-down", "down", "cursor_down", "Down", "Down the list", scope="dialog"),
    Key("dialog-up", "up", "cursor_up", "Up", "Up the list", scope="dialog"),
    # The corpus view (C): its own screen, with its own help.
    Key(
        "corpus-back",
        "escape",
        "back",
        "Back",
        "Clear the filter, or go back to the article",
        scope="corpus",
        shown_as="esc",
    ),
    Key("corpus-close", "q", "close", "Close", "Go back to the article", scope="corpus", footer=True),
    Key(
        "corpus-filter",
        "slash",
        "filter",
        "Filter",
        "Filter: words match speaker names, quotes and entities; speaker:NAME, entity:NAME narrow further",
        scope="corpus",
        footer=True,
        shown_as="/",
    ),
    Key(
        "corpus-kind",
        "f",
        "cycle_kind",
        "Kind",
        "Show all quotes, or only direct, indirect or mixed ones",
        scope="corpus",
    ),
    Key(
        "corpus-sort",
        "s",
        "cycle_sort",
        "Sort",
        "Sort speakers by quotes, articles, name or named first",
        scope="corpus",
        footer=True,
    ),
    Key(
        "corpus-entities",
        "e",
        "toggle_tab",
        "Entities",
        "Switch between the speakers and the entities",
        scope="corpus",
        footer=True,
    ),
    Key(
        "corpus-charts",
        "v",
        "toggle_charts",
        "Charts",
        "Share-of-voice charts: instead of the tables under 100 columns, hidden from beside them when wider",
        scope="corpus",
        footer=True,
    ),
    Key(
        "corpus-merge",
        "m",
        "merge",
        "Merge",
        "Count this speaker's quotes under another row, or this entity as another (saved with the reviews)",
        scope="corpus",
        footer=True,
    ),
    Key(
        "corpus-split",
        "u",
        "split",
        "Split",
        "Split a name off this row again (saved with the reviews)",
        scope="corpus",
        footer=True,
    ),
    Key(
        "help-close",
        "escape,q,question_mark,f1",
        "close",
        "Close",
        "Close this screen",
        scope="help",
        footer=True,
        shown_as="esc, q",
    ),
)

# Focus moves with tab / shift+tab through Textual's own screen bindings; listed for help.
FOCUS_KEYS = (("tab / shift+tab", "Next / previous pane"),)
# The corpus view's tables move and choose with their own keys; listed for its help.
CORPUS_TABLE_KEYS = (
    ("j, k, g, G, arrows", "Move in a table"),
    ("enter", "Open the article with the speaker's statements (the entity's mentions) lit up"),
    ("tab / shift+tab", "Between the speakers and the articles quoting them"),
)


def bindings(scope: Scope, namespace: str = "") -> list[Binding]:
    """The bindings of one scope; with ``namespace`` ("app"), bound on a screen for that node."""
    prefix = f"{namespace}." if namespace else ""
    return [
        Binding(k.keys, prefix + k.action, k.description, id=k.id, show=k.footer, tooltip=k.help)
        for k in KEYS
        if k.scope == scope
    ]


def palette_keys() -> Iterator[Key]:
    return (k for k in KEYS if k.in_palette)


def corpus_help_rows() -> Iterator[tuple[str, str]]:
    yield from ((k.shown_as or k.keys, k.help) for k in KEYS if k.scope == "corpus")
    yield from CORPUS_TABLE_KEYS


def help_rows() -> Iterator[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    for k in KEYS:
        if k.scope in ("help", "dialog", "corpus") or k.id == "interrupt":
            continue
        row = (k.shown_as or k.keys, k.help)
        if row not in seen:  # the text and list pane rows mostly coincide
            seen.add(row)
            yield row
    yield from FOCUS_KEYS
