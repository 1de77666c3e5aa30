"""「もしかして…」: the closest allowed key or option to what was written.

Keys are compared with the English keys and with the printed Japanese labels (people type
the label they see in the PDF: ``評価書番号`` → ``number``). Options are compared after NFKC,
so full-width and half-width variants of the same text match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

# Numbering printed before labels: "1. ", "①", "(別添2) ", "II ", "リスク1: ".
LABEL_NUMBERING_RE = re.compile(r"^(?:\((?:別添|別紙)?\d*\)|[IVX]+|\d+\.|\d+)\s*")


def fold(text: str) -> str:
    """NFKC, lower case, without spaces: the form compared for suggestions."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def fold_label(title: str) -> str:
    """A printed label without its numbering: ``①部署`` → ``部署``."""
    folded = fold(title)
    return LABEL_NUMBERING_RE.sub("", folded) or folded


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word`` (after folding), or None when none is close."""
    by_fold: dict[str, str] = {}
    for candidate in candidates:
        by_fold.setdefault(fold(candidate), candidate)
    target = fold(word)
    if target in by_fold:
        return by_fold[target]
    containing = [c for f, c in by_fold.items() if target and (target in f or f in target) and f]
    if len(containing) == 1:
        return containing[0]
    found = difflib.get_close_matches(target, list(by_fold), n=1, cutoff=cutoff)
    return by_fold[found[0]] if found else None


def suggest_key(word: str, fields: Mapping[str, str | None]) -> str | None:
    """The allowed key meant by ``word``: same key, same label, or the closest of either.

    ``fields`` maps each allowed key to its printed label (or None).
    """
    target = fold(word)
    for key, title in fields.items():
        if title and target in (fold(title), fold_label(title)):
            return key
    by_key = difflib.get_close_matches(target, [fold(k) for k in fields], n=1, cutoff=0.6)
    if by_key:
        return next(k for k in fields if fold(k) == by_key[0])
    labels = {fold_label(t): k for k, t in fields.items() if t}
    by_label = difflib.get_close_matches(fold_label(word), list(labels), n=1, cutoff=0.6)
    return labels[by_label[0]] if by_label else None
