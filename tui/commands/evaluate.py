"""``newsview eval GOLD_DIR``: score quote extraction and speaker attribution against gold.

The figures are the project scorer's (``eval/score.py``, not shipped with the package, so
its rules are restated here): a predicted quote matches a gold quote when their words
overlap by at least half of each side (``--lenient``: more than 30% of the gold quote's
words), pairs are matched one to one, best overlap first; a matched quote's speaker is right
when the predicted name or one of its aliases names the gold speaker (same full name, a
gold alias, or the same surname), or when both are empty.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from tui.core.untrusted import clean_line, parse_json, path_label, safe_text
from tui.errors import CliError

WORD = re.compile(r"[\w']+", re.UNICODE)
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": " ", "\u2013": " "})
PARTICLE = re.compile(r"^(al|el|ul|bin|ibn) ")


def words(text: str | None) -> list[str]:
    return WORD.findall((text or "").translate(FOLD).lower())


def overlap(gold: str, pred: str) -> tuple[float, float]:
    """Share of gold words and of predicted words that the two have in common."""
    g, p = words(gold), words(pred)
    if not g or not p:
        return 0.0, 0.0
    pool: dict[str, int] = {}
    for w in p:
        pool[w] = pool.get(w, 0) + 1
    common = 0
    for w in g:
        if pool.get(w, 0):
            pool[w] -= 1
            common += 1
    return common / len(g), common / len(p)


def names_of(speaker: Any) -> list[str]:
    if speaker is None:
        return []
    if isinstance(speaker, str):
        return [speaker]
    if isinstance(speaker, dict):
        found = [speaker.get("name") or speaker.get("text") or ""]
        found += list(speaker.get("aliases") or [])
        return [n for n in found if n]
    return []


def norm_name(name: str) -> str:
    name = name.translate(FOLD).lower()
    name = re.sub(r"'s$", "", name.strip())
    return " ".join(words(name))


def surname(name: str) -> str:
    parts = norm_name(name).split()
    return parts[-1] if parts else ""


def same_speaker(gold_name: str | None, pred: Any, people: list[dict[str, Any]]) -> bool:
    predicted = [n for n in (norm_name(n) for n in names_of(pred)) if n]
    if gold_name is None:
        return not predicted
    if not predicted:
        return False
    gold_forms = {norm_name(gold_name)}
    for person in people:
        if norm_name(person.get("name", "")) == norm_name(gold_name):
            gold_forms |= {norm_name(a) for a in person.get("aliases", [])}
    gold_forms.discard("")
    gold_surnames = {surname(gold_name)} - {""}
    bare_forms = {PARTICLE.sub("", f) for f in gold_forms}
    for n in predicted:
        if n in gold_forms or surname(n) in gold_surnames or PARTICLE.sub("", n) in bare_forms:
            return True
    return False


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]], lenient: bool = False) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), best overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            rg, rp = overlap(g.get("text", ""), p.get("text", ""))
            if (rg > 0.3) if lenient else (rg >= 0.5 and rp >= 0.5):
                pairs.append((min(rg, rp), rg + rp, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gi, pi))
    return matched


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _gold_texts(gold_dir: str) -> list[Path]:
    directory = Path(gold_dir)
    if not directory.is_dir():
        raise CliError(f"{gold_dir}: not a directory", 2)
    texts = [t for t in sorted(directory.glob("*.txt")) if t.with_suffix(".gold.json").exists()]
    if not texts:
        raise CliError(f"{gold_dir}: no NAME.txt with a NAME.gold.json beside it", 2)
    return texts


def _load_articles(texts: list[Path]):
    """Each article exactly as ``newsview extract`` loads it (headline kept in the text)."""
    from tui.core.ingest.sources import InputError, load_path

    articles = []
    for path in texts:
        try:
            found, problems = load_path(path)
        except InputError as exc:
            raise CliError(str(exc), 2) from exc
        if not found:
            reason = problems[0].message if problems else "no article"
            raise CliError(f"{path}: {reason}", 2)
        articles.append(found[0])
    return articles


class BadGold(ValueError):
    """A gold file that is not what GUIDELINES.md describes; the message says where."""


def _read_gold(path: Path) -> dict[str, Any]:
    """A gold file, checked: quotes with text and speaker, people with names and aliases.

    Gold files are input like articles (anyone may hand one over), so a list, a string, a
    number for a text or a quote that is not an object is a BadGold, never a crash later.
    """
    from tui.core.files import read_regular

    try:
        data = parse_json(read_regular(path).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise BadGold(f"unreadable gold file: {getattr(exc, 'strerror', None) or exc}") from None
    if not isinstance(data, dict):
        raise BadGold(f"a gold file is a JSON object, not {type(data).__name__}")
    quotes, people = data.get("quotes", []), data.get("people", [])
    if not isinstance(quotes, list) or not isinstance(people, list):
        raise BadGold("quotes and people must be lists")
    for i, q in enumerate(quotes, 1):
        if not (isinstance(q, dict) and isinstance(q.get("text"), str) and isinstance(q.get("kind", ""), str)):
            raise BadGold(f"quote {i} is not an object with a text string and a kind")
        if not _is_speaker(q.get("speaker")):
            raise BadGold(f"quote {i} has a speaker that is neither null, a name nor an object with a name")
    for i, p in enumerate(people, 1):
        if not (isinstance(p, dict) and isinstance(p.get("name", ""), str) and _strings(p.get("aliases", []))):
            raise BadGold(f"person {i} is not an object with a name and a list of aliases")
    return data


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_speaker(value: Any) -> bool:
    if value is None or isinstance(value, str):
        return True
    return isinstance(value, dict) and isinstance(value.get("name") or "", str) and _strings(value.get("aliases") or [])


def _read_golds(texts: list[Path]) -> list[dict[str, Any]]:
    """Every gold file, or one line on stderr per bad one and exit 2 (nothing scored)."""
    golds, bad = [], []
    for text in texts:
        path = text.with_suffix(".gold.json")
        try:
            golds.append(_read_gold(path))
        except BadGold as exc:
            bad.append(f"{path_label(path)}: {exc}")
    for line in bad[:-1]:
        print(f"newsview: {clean_line(line)}", file=sys.stderr)
    if bad:
        raise CliError(bad[-1], 2)
    return golds


def run_eval(args: argparse.Namespace) -> int:
    if args.reviews:
        from tui.commands.evaluate_reviews import run_eval_reviews

        return run_eval_reviews(args)
    if len(args.paths) != 1:
        raise CliError("newsview eval: give one GOLD_DIR, or --reviews [PATH...] (see newsview eval --help)", 2)
    from tui.commands.progress import progress
    from tui.core.analysis.analyzer import resolve_model
    from tui.core.extraction.pipeline import ModelNotFound, analyse_many

    texts = _gold_texts(args.paths[0])
    golds = _read_golds(texts)
    articles = _load_articles(texts)
    try:
        model = resolve_model(getattr(args, "model", None))
    except ModelNotFound as exc:
        raise CliError(str(exc), 2) from exc
    with progress(len(articles), "scoring") as advance:
        analyses = []
        for analysis in analyse_many(articles, model):
            analyses.append(analysis)
            advance()
    scored = [
        (path_label(txt.stem), gold, analysis.to_json()["quotes"])
        for txt, gold, analysis in zip(texts, golds, analyses)
    ]
    score_articles(scored, args)
    return 0


def score_articles(
    scored: list[tuple[str, dict[str, Any], list[dict[str, Any]]]], args: argparse.Namespace
) -> dict[str, Any]:
    """Score (name, gold, predicted quotes) per article; print a line per article and the
    figures (written to ``--json`` too), and return the figures."""
    totals = {"gold": 0, "pred": 0, "matched": 0, "speaker_ok": 0}
    by_kind: dict[str, list[int]] = {}
    rows = []
    for name, gold, pq in scored:
        gq, people = gold.get("quotes", []), gold.get("people", [])
        pairs = match(gq, pq, args.lenient)
        ok = [(gi, pi) for gi, pi in pairs if same_speaker(gq[gi].get("speaker"), pq[pi].get("speaker"), people)]
        totals["gold"] += len(gq)
        totals["pred"] += len(pq)
        totals["matched"] += len(pairs)
        totals["speaker_ok"] += len(ok)
        matched_g = {gi for gi, _ in pairs}
        ok_g = {gi for gi, _ in ok}
        for gi, g in enumerate(gq):
            k = by_kind.setdefault(g.get("kind", "direct"), [0, 0, 0])
            k[0] += 1
            k[1] += gi in matched_g
            k[2] += gi in ok_g
        rows.append((name, len(gq), len(pq), len(pairs), len(ok)))
        if args.show_errors:
            _print_errors(name, gq, pq, pairs, matched_g, ok_g)

    for name, g, p, m, s in rows:
        _print_line(f"{name:40s} gold {g:3d} pred {p:3d} matched {m:3d} speaker-ok {s:3d}")
    qp, qr, qf = prf(totals["matched"], totals["pred"], totals["gold"])
    ep, er, ef = prf(totals["speaker_ok"], totals["pred"], totals["gold"])
    acc = totals["speaker_ok"] / totals["matched"] if totals["matched"] else 0.0
    for kind, (n, m, s) in sorted(by_kind.items()):
        print(f"recall by kind: {kind:9s} {m}/{n} found, {s}/{n} with the right speaker")
    figures = {
        "articles": len(rows),
        "failed": 0,
        "gold": totals["gold"],
        "pred": totals["pred"],
        "quote_precision": round(qp, 4),
        "quote_recall": round(qr, 4),
        "quote_f1": round(qf, 4),
        "speaker_accuracy": round(acc, 4),
        "end_to_end_precision": round(ep, 4),
        "end_to_end_recall": round(er, 4),
        "end_to_end_f1": round(ef, 4),
    }
    if args.json_out:
        try:
            Path(args.json_out).write_text(json.dumps(figures, indent=2), encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.json_out}: {exc}", 2) from exc
    print(
        f"quotes P {qp:.3f} R {qr:.3f} F1 {qf:.3f} | speaker accuracy {acc:.3f} | "
        f"end-to-end P {ep:.3f} R {er:.3f} F1 {ef:.3f} | articles {len(rows)} failed 0"
    )
    return figures


def _print_errors(name, gq, pq, pairs, matched_g, ok_g) -> None:
    # Gold files are input: every line is cleaned before it reaches the terminal.
    matched_p = {pi for _, pi in pairs}
    for gi, g in enumerate(gq):
        if gi not in matched_g:
            _print_line(f"  MISSED  {name}: [{g.get('speaker')}] {g.get('text', '')[:90]}")
    for pi, p in enumerate(pq):
        if pi not in matched_p:
            _print_line(f"  EXTRA   {name}: [{names_of(p.get('speaker'))[:1]}] {p.get('text', '')[:90]}")
    for gi, pi in pairs:
        if gi not in ok_g:
            _print_line(
                f"  SPEAKER {name}: gold {gq[gi].get('speaker')!r} got {names_of(pq[pi].get('speaker'))[:1]} :: "
                f"{gq[gi].get('text', '')[:60]}"
            )


def _print_line(line: str) -> None:
    print(safe_text(line).replace("\n", " "))
