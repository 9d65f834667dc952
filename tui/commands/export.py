"""``newsview export``: quotes with speakers and review verdicts, corrections applied.

Formats (``tui.cli.EXPORT_FORMAT_HELP`` is the text for ``--help``, kept there so help needs no import):

* json: one JSON array with an object per article (source, title, url, date, article_hash,
  model, reviewed, total, quotes); each quote has id, kind, start, end, text, speaker,
  speaker_entity, cue, extracted_speaker, extracted_kind, extracted_start, extracted_end,
  verdict, reviewer, reviewed_at, comment, added, orphaned, touched. ``reviewer`` and
  ``reviewed_at`` are those of the latest change. One document, because a report is read
  whole (``jq '.[]'``).
* jsonl: the same objects, one article per line.
* csv: one row per quote, the corrected speaker and kind beside the extracted ones; every
  text cell is guarded against spreadsheet formula injection (article text is untrusted).
* md: a review report per article: title, "7/12 reviewed", each quote with speaker and verdict.
* displacy: spaCy's manual-render format (``tui.commands.displacy``).

Orphaned verdicts (their quote is no longer found) follow each article's quotes, flagged.
With ``--reviewed-only`` only quotes a reviewer touched (a verdict, a correction, a comment,
an added quote) are reported, and only articles that have one.
The export only reads the store: it never creates or changes the user's data file.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from tui.commands.displacy import article_displacy
from tui.commands.inputs import load_inputs
from tui.commands.progress import progress
from tui.commands.reviews import open_reviews, reviews_of, speaker_links
from tui.core.analysis.analyzer import Analyzer
from tui.core.corpus.summary import summarise
from tui.core.extraction.pipeline import ModelNotFound
from tui.core.ingest.sources import bundled_articles_dir
from tui.core.models import Analysis
from tui.core.review.applied import reviews_applied
from tui.core.review.store import ReviewedArticle, ReviewedQuote
from tui.core.untrusted import clean_line, to_json
from tui.errors import CliError

CSV_COLUMNS = (
    "source", "title", "url", "quote_id", "kind", "extracted_kind", "speaker", "extracted_speaker",
    "start", "end", "extracted_start", "extracted_end", "text",
    "verdict", "comment", "reviewer", "reviewed_at", "added", "orphaned",
)  # fmt: skip

# A spreadsheet evaluates a cell starting with one of these as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def run_export(args: argparse.Namespace) -> int:
    if args.format == "gold" and not args.output:
        raise CliError("--format gold writes a directory of NAME.txt and NAME.gold.json: give it with --output DIR", 2)
    if args.output and args.format != "gold":
        raise CliError("--output is for --format gold (the other formats print to standard output)", 2)
    analyses = analyse_inputs(args.paths, args.model)
    store = open_reviews(args.data_dir)
    try:
        reviewed = [reviews_of(store, analysis) for analysis in analyses]
        links = speaker_links(store) if args.speakers else {}
    finally:
        store.close()
    out = sys.stdout
    if args.speakers:
        write_speakers(reviewed, out, args.reviewed_only, links)
    elif args.format == "csv":
        write_csv(reviewed, out, args.reviewed_only)
    elif args.format == "md":
        write_markdown(reviewed, out, args.reviewed_only)
    elif args.format == "jsonl":
        for article in _articles(reviewed, args.reviewed_only):
            out.write(to_json(article_json(article, args.reviewed_only)) + "\n")
    elif args.format == "gold":
        from tui.commands.gold_files import write_gold

        write_gold(reviewed, args.output)
    elif args.format == "displacy":
        articles = _articles(reviewed, args.reviewed_only)
        docs = [article_displacy(a, list(_selected(a, args.reviewed_only))) for a in articles]
        out.write(to_json(docs, indent=2) + "\n")
    else:
        articles = _articles(reviewed, args.reviewed_only)
        out.write(to_json([article_json(r, args.reviewed_only) for r in articles], indent=2) + "\n")
    return 0


def analyse_inputs(paths: list[str], model: str | None) -> list[Analysis]:
    """The analyses of ``paths`` (default: the bundled articles), the cache first."""
    articles = load_inputs(paths or [str(bundled_articles_dir())], "export")
    try:
        analyzer = Analyzer.create(model)
    except ModelNotFound as exc:
        raise CliError(str(exc), 2) from exc
    with progress(len(articles), "exporting") as advance:
        analyses = []
        for analysis in analyzer.analyse_many(articles):
            analyses.append(analysis)
            advance()
    for warning in analyzer.warnings:
        print(f"newsview: warning: {warning}", file=sys.stderr)
    return analyses


# --- formats ------------------------------------------------------------------------------


def _articles(reviewed: Iterable[ReviewedArticle], reviewed_only: bool) -> Iterator[ReviewedArticle]:
    """The articles to report: with ``reviewed_only``, those a reviewer touched (orphans count).

    An article nobody reviewed has nothing to report, and listing it would make a report
    of reviews as long as the corpus. (CSV needs no filter: such an article has no rows.)
    """
    for article in reviewed:
        if not reviewed_only or any(_selected(article, reviewed_only)):
            yield article


def _selected(reviewed: ReviewedArticle, reviewed_only: bool) -> Iterator[ReviewedQuote]:
    for r in (*reviewed.quotes, *reviewed.orphans):
        if not reviewed_only or r.touched:
            yield r


def _quote_json(r: ReviewedQuote) -> dict[str, Any]:
    q, review, extracted = r.quote, r.review, r.extracted
    return {
        "id": q.id,
        "kind": q.kind,
        "start": q.start if r.located else None,  # an orphan not found has no place in this text
        "end": q.end if r.located else None,
        "text": q.text,
        "speaker": q.speaker.name if q.speaker else None,
        "speaker_entity": q.speaker.entity if q.speaker else None,
        "cue": q.cue,
        "extracted_speaker": extracted.speaker.name if extracted and extracted.speaker else None,
        "extracted_kind": extracted.kind if extracted else None,
        "extracted_start": extracted.start if extracted else None,
        "extracted_end": extracted.end if extracted else None,
        "verdict": review.verdict if review else None,
        "reviewer": review.reviewer if review else None,
        "reviewed_at": review.at if review else None,
        "comment": review.comment if review else "",
        "added": bool(review and review.added),
        "orphaned": r.orphaned,
        "touched": r.touched,
    }


def article_json(reviewed: ReviewedArticle, reviewed_only: bool) -> dict[str, Any]:
    article = reviewed.analysis.article
    done, total = reviewed.progress
    return {
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "date": article.date,
        "article_hash": reviewed.article_hash,
        "model": reviewed.analysis.model,
        "reviewed": done,
        "total": total,
        "quotes": [_quote_json(r) for r in _selected(reviewed, reviewed_only)],
    }


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a leading formula character gets a ' before it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_writer(out: IO[str]) -> Any:
    return csv.writer(out, lineterminator="\n")


def write_csv(reviewed: Iterable[ReviewedArticle], out: IO[str], reviewed_only: bool = False) -> None:
    writer = _csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for article in reviewed:
        a = article.analysis.article
        for r in _selected(article, reviewed_only):
            q = _quote_json(r)
            row = (a.source, a.title, a.url, q["id"], q["kind"], q["extracted_kind"], q["speaker"],
                   q["extracted_speaker"], q["start"], q["end"], q["extracted_start"], q["extracted_end"], q["text"],
                   q["verdict"], q["comment"], q["reviewer"], q["reviewed_at"], "yes" if q["added"] else "",
                   "yes" if r.orphaned else "")  # fmt: skip
            writer.writerow(["" if cell is None else csv_cell(cell) for cell in row])


def write_speakers(
    reviewed: Iterable[ReviewedArticle],
    out: IO[str],
    reviewed_only: bool = False,
    links: Mapping[str, str] | None = None,
) -> None:
    """One row per person across articles, as the corpus view joins them (tui.core.corpus.summary).

    ``links`` are reviewers' merges and splits. ``also_counted`` lists the other names whose
    quotes a row counts, so a reader of the table can see every join.
    """
    summary = summarise((reviews_applied(r, reviewed_only) for r in reviewed), links)
    writer = _csv_writer(out)
    writer.writerow(("speaker", "quotes", "articles", "share", "source", "also_counted"))
    for row in summary.speakers:
        others = "; ".join(name for _, name, _ in row.others)
        cells = (
            row.name,
            len(row.quotes),
            len(row.articles),
            f"{summary.share(row):.4f}",
            "named" if row.named else "unnamed",
            others,
        )
        writer.writerow([csv_cell(cell) for cell in cells])
    if summary.unattributed:  # so the shares add up to 1
        share = summary.unattributed / summary.total_quotes
        writer.writerow(("(unattributed)", summary.unattributed, "", f"{share:.4f}", "", ""))


# Article text is untrusted: it must not add links, HTML or structure to the report.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text))


def write_markdown(reviewed: Iterable[ReviewedArticle], out: IO[str], reviewed_only: bool = False) -> None:
    out.write("# newsview review report\n")
    reported = False
    for article in _articles(reviewed, reviewed_only):
        reported = True
        a = article.analysis.article
        done, total = article.progress
        out.write(f"\n## {_md(a.title) or '(untitled)'}\n\n{_md(a.source)} · {done}/{total} reviewed\n")
        quotes = [r for r in _selected(article, reviewed_only) if not r.orphaned]
        orphans = [r for r in _selected(article, reviewed_only) if r.orphaned]
        if not quotes:
            out.write("\nNo quotes" + (" reviewed.\n" if reviewed_only else ".\n"))
        for r in quotes:
            out.write(_md_quote(r))
        if orphans:
            out.write("\n### Orphaned verdicts (the quote is no longer found as reviewed)\n")
            for r in orphans:
                out.write(_md_quote(r))
    if not reported:  # a report of nothing says so rather than ending at its title
        out.write("\nNo article has a reviewed quote.\n")


def _md_quote(r: ReviewedQuote) -> str:
    q, review = r.quote, r.review
    verdict = review.verdict if review and review.verdict else "not reviewed"
    speaker = _md(q.speaker.name) if q.speaker else "no speaker"
    notes = []
    if r.extracted and r.extracted.speaker != q.speaker:
        extracted = r.extracted.speaker.name if r.extracted.speaker else "no speaker"
        notes.append(f"speaker corrected from {_md(extracted)}")
    if r.extracted and (r.extracted.start, r.extracted.end) != (q.start, q.end):
        notes.append(f"extent corrected from {r.extracted.start}-{r.extracted.end} to {q.start}-{q.end}")
    if r.extracted and r.extracted.kind != q.kind:
        notes.append(f"kind corrected from {r.extracted.kind}")
    if review and review.added:
        notes.append("added by a reviewer")
    lines = [f"\n- **{verdict}** · {speaker} · {q.kind} · {q.id}" + (f" ({'; '.join(notes)})" if notes else "")]
    lines.append(f"  > {_md(q.text)}")
    if review:
        lines.append(f"  {_md(review.reviewer)}, {review.at}" + (f": {_md(review.comment)}" if review.comment else ""))
    return "\n".join(lines) + "\n"
