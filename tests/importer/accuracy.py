"""Field-by-field accuracy of the importer against hand-checked expectations.

Shared by tests/importer/test_accuracy.py (target: every field right) and
benchmarks/importer_accuracy.py (precision and recall per field group).

Expectation files (tests/importer/expected/NNN.yaml) are written by hand from the seed text,
never from importer output. They hold the key fields of one seed, keyed like the model:

* Mappings follow the model's field names (``files[0].overview.entrustment.items[1].name``).
  A YAML list of mappings is compared element by element, by position, and its length is
  checked too (``items#count``).
* ``name#count: N`` checks only the length of the list ``name``; ``name[i]: {...}`` checks one
  element of it (for long lists such as ``record_items``). Counts ignore blank blocks: an
  element whose every field except ``no`` is empty (None, "", [], {}, false) is a printed but
  unfilled block (提供先1 of a body that provides nothing, システム5 printed as a header
  only) and is not counted; an absent list counts 0.
* ``!absent`` means the source lacks the part: the imported value must be None (omitted).
  ``""`` means the label is printed and the value is blank (the model's 空欄), which is a
  value, not an absence.
* Choices are written as the option text (``十分である``; ``""`` for an unanswered choice),
  dates as printed (``令和6年1月22日``), check-box groups as ``{selected, texts, inferred}``:
  ``selected`` and ``inferred`` compare as sets, ``texts`` as a whole mapping (entries with an
  empty text are ignored on both sides).
* Free texts compare after normalization: ASCII-named HTML tags (``</?[a-zA-Z][^>]*>``)
  become spaces, runs of whitespace collapse to one space, the ends are stripped. Japanese
  text in angle brackets (``<中間サーバー・ソフトウェアにおける措置>``) is content and kept.
* ``!excerpt {head, tail, length}`` checks a long text (over about 160 characters) without
  copying it: after the same normalization and with all whitespace removed, the text must
  start with ``head``, end with ``tail`` and have ``length`` characters, give or take
  ``max(2, length // 200)``. The tolerance absorbs a stray character at a tag boundary; it
  is smaller than every before/after difference in 000's change table, so swapped or
  truncated texts fail.
* ``citations:`` maps a legal-basis field path to its citations as ``{raw, canonical}``
  pairs (pia-form.md §10.4). The imported text of that field is parsed with
  ``generator.normalize.citations.parse_legal_basis``; each pair needs a parsed citation with
  the same canonical key whose raw text overlaps the expected raw text (one contains the
  other, leading ``・`` and whitespace ignored). Parsed citations that match no pair count
  against precision.

Scores: a check whose expectation is a value (not ``!absent``, not a zero count) counts in
recall; a check whose imported value is present counts in precision; a right value counts
in both numerators. A wrong value therefore costs precision and recall, a missing value
recall, and a value where the source has none precision.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator.model import Choice, DateValue, MultiChoice

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
SEEDS_DIR = Path(
    os.environ.get("PIA_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds")
)
SEEDS = ("000", "002", "003")
GROUPS = (
    "cover",
    "business",
    "systems",
    "files",
    "entrustments",
    "provisions",
    "legal_basis",
    "citations",
    "department",
    "contacts",
    "procedures",
    "changes",
    "risks",
)
_GROUP_RULES = (
    ("citations", r"citations:"),
    ("cover", r"form_type|cover\."),
    ("business", r"basic_info\.(business|reasons)"),
    ("systems", r"basic_info\.systems"),
    ("legal_basis", r"basic_info\.(number_use|linkage)"),
    ("department", r"basic_info\.(department|other_agencies)"),
    ("entrustments", r"files\[\d+\]\.overview\.entrustment"),
    ("provisions", r"files\[\d+\]\.overview\.provision"),
    ("risks", r"files\[\d+\]\.risks|other_measures"),
    ("files", r"files|basic_info\.file_names"),
    ("contacts", r"contacts"),
    ("procedures", r"procedures"),
    ("changes", r"changes"),
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SEGMENT = re.compile(r"\.?([^.\[#]+)|\[(\d+)\]|(#count)")
_LEAF_MAPPINGS = frozenset({"texts"})
_CONTEXT = {"basic_info.number_use": "9", "basic_info.linkage": "19"}


class Absent:
    """The ``!absent`` marker: the source lacks this part, the value must be None."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT = Absent()


def normalize_text(text: str) -> str:
    """ASCII HTML tags → spaces, whitespace runs → one space, ends stripped."""
    return " ".join(_HTML_TAG.sub(" ", text).split())


def _squeeze(text: str) -> str:
    return "".join(normalize_text(text).split())


@dataclass(frozen=True)
class Excerpt:
    """A long text checked by its first and last characters and its length."""

    head: str
    tail: str
    length: int

    @property
    def tolerance(self) -> int:
        return max(2, self.length // 200)

    def matches(self, text: str) -> bool:
        squeezed = _squeeze(text)
        return (
            squeezed.startswith(_squeeze(self.head))
            and squeezed.endswith(_squeeze(self.tail))
            and abs(len(squeezed) - self.length) <= self.tolerance
        )

    def __repr__(self) -> str:
        return f"«{self.head}…{self.tail}» ({self.length} chars)"


class _Loader(yaml.SafeLoader):
    """YAML loader that knows ``!absent`` and ``!excerpt`` and reads ``no:`` as a key, not false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))

_Loader.add_constructor("!absent", lambda loader, node: ABSENT)
_Loader.add_constructor(
    "!excerpt", lambda loader, node: Excerpt(**loader.construct_mapping(node, deep=True))
)


def load_expectation(seed: str) -> dict[str, Any]:
    """The hand-checked expectation of a seed (tests/importer/expected/<seed>.yaml)."""
    return parse_expectation((EXPECTED_DIR / f"{seed}.yaml").read_text(encoding="utf-8"))


def parse_expectation(text: str) -> dict[str, Any]:
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects


def seed_path(seed: str) -> Path:
    matches = sorted(SEEDS_DIR.glob(f"{seed}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"seed {seed} not found in {SEEDS_DIR} (set PIA_SEEDS)")
    return matches[0]


# --- the imported assessment as plain data -------------------------------------------------


def plain(value: Any) -> Any:
    """A model value as plain data: choices as option text, dates as printed, groups as dicts."""
    if isinstance(value, Choice):
        return "" if value.value is None else value.value.value
    if isinstance(value, MultiChoice):
        return {
            "selected": [option.value for option in value.selected],
            "texts": {option.value: text for option, text in value.texts.items()},
            "inferred": [option.value for option in value.inferred],
        }
    if isinstance(value, DateValue):
        return value.raw
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {plain(key): plain(item) for key, item in value.items()}
    return value


def path_segments(path: str) -> list[str | int]:
    """``files[0].name`` → ["files", 0, "name"]; a trailing ``#count`` is kept as "#count"."""
    segments: list[str | int] = []
    for key, index, count in _SEGMENT.findall(path):
        segments.append(key or (int(index) if index else count))
    return segments


def resolve(data: Any, path: str) -> Any:
    """The value at ``path`` in plain data; None when any step is missing."""
    node = data
    for segment in path_segments(path):
        if segment == "#count":
            return count_blocks(node)
        if isinstance(segment, int):
            node = node[segment] if isinstance(node, list) and segment < len(node) else None
        else:
            node = node.get(segment) if isinstance(node, dict) else None
    return node


def count_blocks(items: Any) -> int:
    """Length of a list, not counting blank blocks; None counts 0."""
    if not isinstance(items, list):
        return 0
    return sum(1 for item in items if not is_blank(item))


def is_blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(is_blank(item) for key, item in value.items() if key != "no")
    if isinstance(value, list):
        return all(is_blank(item) for item in value)
    return value in (None, "", False)


# --- expectations as checks ----------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    path: str
    expected: Any


def expected_checks(expectation: Mapping[str, Any]) -> list[Check]:
    """Every leaf of an expectation file (citations excluded) as a (path, expected) check."""
    body = {key: value for key, value in expectation.items() if key != "citations"}
    return list(_walk(body, ""))


def _join(path: str, key: str) -> str:
    return f"{path}{key}" if not path or key.startswith(("[", "#")) else f"{path}.{key}"


def _walk(node: Any, path: str) -> Iterator[Check]:
    if isinstance(node, dict) and node and not path.endswith(tuple(_LEAF_MAPPINGS)):
        for key, value in node.items():
            yield from _walk(value, _join(path, str(key)))
    elif isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        yield Check(f"{path}#count", len(node))
        for index, item in enumerate(node):
            yield from _walk(item, f"{path}[{index}]")
    else:
        yield Check(path, node)


# --- comparison ----------------------------------------------------------------------------


def values_match(expected: Any, actual: Any) -> bool:
    """Whether an imported value satisfies one expectation (see the module docstring)."""
    if isinstance(expected, Absent):
        return actual is None
    if isinstance(expected, Excerpt):
        return isinstance(actual, str) and expected.matches(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, int):
        return actual == expected
    if isinstance(expected, str):
        return isinstance(actual, str) and normalize_text(actual) == normalize_text(expected)
    if isinstance(expected, list):
        return isinstance(actual, list) and _text_set(actual) == _text_set(expected)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and _text_map(actual) == _text_map(expected)
    return actual == expected


def _text_set(items: list[Any]) -> set[str]:
    return {normalize_text(str(item)) for item in items}


def _text_map(mapping: dict[Any, Any]) -> dict[str, str]:
    normalized = {str(key): normalize_text(str(value or "")) for key, value in mapping.items()}
    return {key: value for key, value in normalized.items() if value}


@dataclass(frozen=True)
class Outcome:
    """One checked field: what the expectation says, what the importer gave, and the verdict."""

    path: str
    expected: Any
    actual: Any
    ok: bool
    group: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", field_group(self.path))

    @property
    def expects_value(self) -> bool:
        counted_zero = self.path.endswith("#count") and self.expected == 0
        return not isinstance(self.expected, Absent) and not counted_zero

    @property
    def emitted(self) -> bool:
        if self.path.endswith("#count"):
            return bool(self.actual)
        return self.actual is not None

    def describe(self) -> str:
        return f"{self.path}: expected {_show(self.expected)}, got {_show(self.actual)}"


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = normalize_text(value)
        return repr(shown if len(shown) <= 120 else f"{shown[:60]}…{shown[-40:]}")
    return repr(value)


def field_group(path: str) -> str:
    """The field group a path belongs to (the rows of the benchmark table)."""
    return next((group for group, rule in _GROUP_RULES if re.match(rule, path)), "other")


def compare(expectation: Mapping[str, Any], actual: Any) -> list[Outcome]:
    """Check every expected field against the imported assessment (plain data)."""
    outcomes = []
    for check in expected_checks(expectation):
        value = resolve(actual, check.path)
        outcomes.append(
            Outcome(check.path, check.expected, value, values_match(check.expected, value))
        )
    return outcomes


# --- citations -----------------------------------------------------------------------------

ParsedCitation = tuple[str, str | None]
"""(raw, canonical) of one citation the parser found."""

CitationParser = Callable[[str, str], list[ParsedCitation]]
"""(field path, legal-basis text) → the citations found in it."""


def compare_citations(
    expectation: Mapping[str, Any], actual: Any, parse: CitationParser
) -> list[Outcome]:
    """Check the (raw, canonical) citations of each legal-basis field listed in ``citations:``."""
    outcomes: list[Outcome] = []
    for field_path, pairs in (expectation.get("citations") or {}).items():
        text = resolve(actual, field_path)
        parsed = parse(field_path, text) if isinstance(text, str) and text.strip() else []
        outcomes.extend(_citation_outcomes(field_path, pairs, parsed))
    return outcomes


def _citation_outcomes(
    field_path: str, pairs: list[dict[str, str]], parsed: list[ParsedCitation]
) -> Iterator[Outcome]:
    remaining = list(parsed)
    for index, pair in enumerate(pairs):
        found = next((c for c in remaining if _same_citation(pair, c)), None)
        path = f"citations:{field_path}[{index}]"
        expected = f"{pair['canonical']} ← {pair['raw']}"
        if found is None:
            seen = [canonical for _, canonical in parsed] or None
            yield Outcome(path, expected, seen, False)
            continue
        remaining.remove(found)
        yield Outcome(path, expected, f"{found[1]} ← {found[0]}", True)
    for raw, canonical in remaining:
        yield Outcome(f"citations:{field_path}[+]", ABSENT, f"{canonical} ← {raw}", False)


def _same_citation(pair: dict[str, str], parsed: ParsedCitation) -> bool:
    raw, canonical = parsed
    if canonical != pair["canonical"]:
        return False
    expected_raw, actual_raw = _squeeze(pair["raw"]).lstrip("・"), _squeeze(raw).lstrip("・")
    return bool(actual_raw) and (actual_raw in expected_raw or expected_raw in actual_raw)


def issuing_body(agency: str) -> str | None:
    """東京都知事 → 東京都, ○○市長 → ○○市: the body whose ordinances a document cites."""
    if agency.endswith("知事"):
        return agency.removesuffix("知事")
    if re.search(r"[市区町村]長$", agency):
        return agency.removesuffix("長")
    return None


def legal_basis_parser(source_text: str, agency: str | None) -> CitationParser:
    """A parser for the document's legal-basis fields, with its own abbreviations and body."""
    from generator.normalize.citations import extract_definitions, parse_legal_basis

    definitions = extract_definitions(source_text)
    body = issuing_body(agency) if agency else None

    def parse(field_path: str, text: str) -> list[ParsedCitation]:
        article = next((a for prefix, a in _CONTEXT.items() if field_path.startswith(prefix)), None)
        citations = parse_legal_basis(
            text,
            context_law="mynumber_act" if article else None,
            context_article=article,
            body=body,
            definitions=definitions,
        )
        return [(citation.raw, citation.canonical) for citation in citations]

    return parse


# --- one seed, end to end ------------------------------------------------------------------


def import_assessment(text: str, source_name: str) -> Any:
    """The importer's Python API: text → model object (``import_text(...).assessment``)."""
    from generator.importer import import_text

    result = import_text(text, source_name=source_name)
    return getattr(result, "assessment", result)


def evaluate(seed: str, assessment: Any, source_text: str) -> list[Outcome]:
    """Every check of a seed's expectation, fields and citations, against one import."""
    expectation = load_expectation(seed)
    actual = plain(assessment)
    agency = resolve(actual, "cover.agency")
    parser = legal_basis_parser(source_text, agency if isinstance(agency, str) else None)
    return compare(expectation, actual) + compare_citations(expectation, actual, parser)


# --- scores --------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts behind precision and recall of one field group."""

    checks: int = 0
    correct: int = 0
    true_positives: int = 0
    emitted: int = 0
    expected: int = 0

    def add(self, outcome: Outcome) -> None:
        self.checks += 1
        self.correct += outcome.ok
        self.emitted += outcome.emitted
        self.expected += outcome.expects_value
        self.true_positives += outcome.ok and outcome.emitted and outcome.expects_value

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.emitted if self.emitted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.expected if self.expected else None


def scores(outcomes: list[Outcome]) -> dict[str, Score]:
    """Scores per field group, in GROUPS order, plus "all"."""
    table = {group: Score() for group in (*GROUPS, "all")}
    for outcome in outcomes:
        table.setdefault(outcome.group, Score()).add(outcome)
        table["all"].add(outcome)
    return table


def mismatch_report(seed: str, outcomes: list[Outcome]) -> str:
    """Every failed check, one per line (not just the first)."""
    misses = [outcome for outcome in outcomes if not outcome.ok]
    lines = [f"seed {seed}: {len(misses)} of {len(outcomes)} checks fail"]
    lines += [f"  [{outcome.group}] {outcome.describe()}" for outcome in misses]
    return "\n".join(lines)
