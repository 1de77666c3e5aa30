"""Catalogue-wide rules: where each file lives, its id, and which assessment is in force.

They apply only to files under the catalogue root; a file elsewhere is validated without
them. The canonical place of an assessment is::

    catalogue/<agency-slug>/<id>.yaml

where ``<agency-slug>`` is ``resolve_agency(cover.agency).slug`` and ``<id>`` is
``<agency-slug>-<number>`` for the assessment in force (``status: 現行``) and
``<agency-slug>-<number>-<version>`` for a superseded or ended one. ``<number>`` is the
評価書番号 in NFKC, lower case, with every run of other characters turned into ``-``.
At most one file per (評価実施機関, 評価書番号) is 現行, and every id is unique.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.load.files import CATALOGUE_SUFFIX
from generator.load.sourcemap import Loc
from generator.model import Status
from generator.validate.checked import CheckedFile
from generator.validate.fields import field_label
from generator.validate.normalizers import NormalizerUnavailable, normalizer
from generator.validate.problems import Problem, Resolver, relative_text

NOT_ID_CHARS_RE = re.compile(r"[^a-z0-9]+")
IGNORED_NAMES = frozenset({"README.md"})
# The only values the catalogue-wide rules below point at (see _problem calls).
CATALOGUE_RULE_LOCS: tuple[Loc, ...] = (("id",), ("status",), ("cover", "number"))


def number_key(number: str) -> str:
    """評価書番号 → the id part: ``３５`` → ``35``, ``A-12`` → ``a-12``."""
    folded = unicodedata.normalize("NFKC", number).lower()
    return NOT_ID_CHARS_RE.sub("-", folded).strip("-")


def is_under(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def slug_of_agency(name: str) -> str | None:
    try:
        agency = normalizer("agencies").resolve_agency(name)
    except NormalizerUnavailable:
        return None  # reported once per file by references.py
    return agency.slug if agency else None


def _problem(loaded: CheckedFile, loc: Loc, message: str, hint: str = "") -> Problem:
    position = loaded.lines.value_at(loc)
    label = field_label(loaded.assessment.form, loc)
    return Problem(loaded.path, position.line, position.column, label, message, hint)


def _shown(path: Path, root: Path) -> str:
    """Another file named in a message: relative to the catalogue root's parent."""
    return path.resolve().relative_to(root.resolve().parent).as_posix()


def catalogue_problems(
    loaded: Iterable[CheckedFile], catalogue_root: Path, resolver: Resolver | None = None
) -> list[Problem]:
    """The problems of the catalogue-wide rules; the paths resolved by ``resolver`` (one
    the caller shows the same paths with resolves each once)."""
    resolver = resolver or Resolver()
    root = resolver.text(os.fspath(catalogue_root))
    inside: list[CheckedFile] = []
    parts: dict[Path, tuple[str, ...]] = {}  # each file's place under the root
    for item in loaded:  # once: ``loaded`` may be an iterator
        place = relative_text(resolver.text(os.fspath(item.path)), root)
        if place is not None:
            inside.append(item)
            parts[item.path] = () if place == "." else tuple(place.split("/"))
    slug_of = functools.cache(slug_of_agency)  # a national catalogue has 26 files per name
    slugs = {item.path: slug_of(item.assessment.cover.agency) for item in inside}
    problems: list[Problem] = []
    for item in inside:
        problems.extend(place_problems(item, slugs[item.path], catalogue_root, parts[item.path]))
    problems.extend(duplicate_id_problems(inside, catalogue_root))
    problems.extend(current_problems(inside, slugs, catalogue_root))
    return problems


def place_problems(
    loaded: CheckedFile, slug: str | None, root: Path, parts: tuple[str, ...]
) -> list[Problem]:
    """The file's id and place; ``parts`` is its resolved path relative to the resolved
    ``root``."""
    a = loaded.assessment
    problems = []
    number = number_key(a.cover.number)
    if slug is not None:
        problems.extend(_id_problems(loaded, slug, number))
    folder = slug or "<評価実施機関のスラッグ>"
    expected = f"{root.name}/{folder}/{a.id}{CATALOGUE_SUFFIX}"
    if len(parts) != 2 or parts[1] != f"{a.id}{CATALOGUE_SUFFIX}" or (slug and parts[0] != slug):
        problems.append(
            _problem(
                loaded,
                ("id",),
                f"ファイルの置き場所が正しくありません。このファイルは {expected} に置きます",
                "ファイル名はIDと同じにし、評価実施機関のスラッグのディレクトリに置いてください",
            )
        )
    return problems


def _id_problems(loaded: CheckedFile, slug: str, number: str) -> list[Problem]:
    a = loaded.assessment
    if not a.id.startswith(f"{slug}-"):
        return [
            _problem(
                loaded,
                ("id",),
                f"IDが評価実施機関「{a.cover.agency}」のスラッグ「{slug}」で始まっていません。他の評価実施機関のIDです",
                f"id: {slug}-{number}",
            )
        ]
    if a.status == Status.CURRENT and a.id != f"{slug}-{number}":
        return [
            _problem(
                loaded,
                ("id",),
                f"現行の評価書のIDは「{slug}-{number}」(評価実施機関のスラッグ-評価書番号)です",
                f"id: {slug}-{number}",
            )
        ]
    if a.status != Status.CURRENT and not a.id.startswith(f"{slug}-{number}-"):
        return [
            _problem(
                loaded,
                ("id",),
                f"{a.status.value}の評価書のIDは「{slug}-{number}-」に版を表す語を続けた形です",
                f"例: id: {slug}-{number}-r6",
            )
        ]
    return []


def duplicate_id_problems(loaded: list[CheckedFile], root: Path) -> list[Problem]:
    by_id: dict[str, list[CheckedFile]] = defaultdict(list)
    for item in loaded:
        by_id[item.assessment.id].append(item)
    problems = []
    for same in by_id.values():
        for item in same if len(same) > 1 else ():
            others = ", ".join(_shown(o.path, root) for o in same if o is not item)
            problems.append(
                _problem(
                    item,
                    ("id",),
                    f"ID「{item.assessment.id}」が他のファイルでも使われています: {others}",
                    "IDはカタログ全体で一意にしてください",
                )
            )
    return problems


def current_problems(
    loaded: list[CheckedFile], slugs: dict[Path, str | None], root: Path
) -> list[Problem]:
    groups: dict[tuple[str, str], list[CheckedFile]] = defaultdict(list)
    for item in loaded:
        a = item.assessment
        if a.status == Status.CURRENT:
            agency = slugs[item.path] or unicodedata.normalize("NFKC", a.cover.agency)
            groups[(agency, number_key(a.cover.number))].append(item)
    problems = []
    for same in groups.values():
        for item in same if len(same) > 1 else ():
            others = ", ".join(_shown(o.path, root) for o in same if o is not item)
            loc: Loc = ("status",) if ("status",) in item.lines.values else ("cover", "number")
            problems.append(
                _problem(
                    item,
                    loc,
                    f"同じ評価実施機関・評価書番号({item.assessment.cover.agency} {item.assessment.cover.number})の現行の評価書が他にもあります: {others}",
                    "現行は1件だけです。古いほうを status: 旧版 にしてください",
                )
            )
    return problems


def stray_file_problems(root: Path) -> list[Problem]:
    """Files under the catalogue root that are not catalogue files."""
    problems = []
    for path in sorted(_stray_files(root)):
        if path.suffix == ".yml":
            message = "拡張子が .yml のファイルは読み込まれません"
            problems.append(
                Problem(path, 1, 1, "", message, f"{path.stem}.yaml に名前を変えてください")
            )
        else:
            message = (
                "カタログのディレクトリにYAML(.yaml)以外のファイルがあります。読み込まれません"
            )
            problems.append(Problem(path, 1, 1, "", message, "不要なら削除してください", "warning"))
    return problems


def _stray_files(root: Path) -> Iterator[Path]:
    """Every file under ``root`` (symlinks too, not what linked directories hold) but
    catalogue files, the names of IGNORED_NAMES and those whose name or directory's name
    starts with a dot."""
    for directory, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in names:
            if not (name.startswith(".") or name.endswith(CATALOGUE_SUFFIX)) and (
                name not in IGNORED_NAMES
            ):
                yield Path(directory, name)
