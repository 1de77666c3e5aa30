"""評価実施機関名 → organization records (pia-form.md §4, §14.1).

`resolve_agency` reads the printed name (東京都知事, 奈良県 ○○町長, ○○市, 厚生労働大臣,
○○市教育委員会, ○○広域連合 …) into body, role, kind, prefecture, 全国地方公共団体コード
and a stable ASCII slug. Local governments come from data/local_governments.csv (all
prefectures, 市町村 and 特別区); national bodies from data/national_agencies.yaml.
The 区 of a 政令指定都市 are not 評価実施機関 (the 市長 is): `横浜市中区長` does not
resolve, and `suggest_agencies` proposes 横浜市長.
"""

from __future__ import annotations

import csv
import difflib
import enum
from dataclasses import dataclass
from functools import cache

from generator.normalize.text import (
    DATA_DIR,
    fold_name,
    load_yaml,
    matching_copy,
    remove_spaces,
    short_hash,
    strip_bracket_note,
)


class AgencyKind(enum.StrEnum):
    """Kind of body that carries out an assessment."""

    NATIONAL = "国の行政機関"
    PREFECTURE = "都道府県"
    MUNICIPALITY = "市区町村"
    SPECIAL_WARD = "特別区"
    UNION = "広域連合・一部事務組合"
    INDEPENDENT = "独立行政法人等"
    EDUCATION_BOARD = "教育委員会"
    COMMITTEE = "その他の行政委員会"
    OTHER_ORGAN = "その他の執行機関"


@dataclass(frozen=True)
class Agency:
    """A resolved 評価実施機関. `known` is False when no table lists the body."""

    raw: str
    name: str
    body: str
    role: str
    kind: AgencyKind
    prefecture: str | None
    code: str | None
    slug: str
    known: bool


@dataclass(frozen=True)
class LocalGovernment:
    """One row of data/local_governments.csv."""

    code: str
    prefecture: str
    municipality: str | None
    kana: str

    @property
    def name(self) -> str:
        return self.municipality or self.prefecture

    @property
    def head(self) -> str:
        """Title of the head: 知事, 市長, 区長, 町長 or 村長."""
        return "知事" if self.municipality is None else f"{self.name[-1]}長"

    @property
    def head_name(self) -> str:
        """How the head is printed: 東京都知事, 八王子市長."""
        return self.name + ("知事" if self.municipality is None else "長")

    @property
    def kind(self) -> AgencyKind:
        if self.municipality is None:
            return AgencyKind.PREFECTURE
        if self.prefecture == "東京都" and self.municipality.endswith("区"):
            return AgencyKind.SPECIAL_WARD
        return AgencyKind.MUNICIPALITY


@dataclass(frozen=True)
class LocalRole:
    """An organ of a local government, printed after the body's name."""

    role: str
    slug: str
    kind: AgencyKind


HEAD_SLUGS = {
    "知事": "chiji",
    "市長": "shicho",
    "区長": "kucho",
    "町長": "chocho",
    "村長": "soncho",
}
C, OTHER = AgencyKind.COMMITTEE, AgencyKind.OTHER_ORGAN
LOCAL_ORGANS = tuple(
    sorted(
        (
            LocalRole("教育委員会", "kyoiku-iinkai", AgencyKind.EDUCATION_BOARD),
            LocalRole("選挙管理委員会", "senkyo-kanri-iinkai", C),
            LocalRole("人事委員会", "jinji-iinkai", C),
            LocalRole("公平委員会", "kohei-iinkai", C),
            LocalRole("監査委員", "kansa-iin", C),
            LocalRole("農業委員会", "nogyo-iinkai", C),
            LocalRole("固定資産評価審査委員会", "kotei-shisan-hyoka-shinsa-iinkai", C),
            LocalRole("公安委員会", "koan-iinkai", C),
            LocalRole("労働委員会", "rodo-iinkai", C),
            LocalRole("収用委員会", "shuyo-iinkai", C),
            LocalRole("公営企業管理者", "koei-kigyo-kanrisha", OTHER),
            LocalRole("企業管理者", "kigyo-kanrisha", OTHER),
            LocalRole("水道事業管理者", "suido-jigyo-kanrisha", OTHER),
            LocalRole("病院事業管理者", "byoin-jigyo-kanrisha", OTHER),
            LocalRole("警察本部長", "keisatsu-honbucho", OTHER),
            LocalRole("警視総監", "keishi-sokan", OTHER),
            LocalRole("消防長", "shobocho", OTHER),
            LocalRole("議会議長", "gikai-gicho", OTHER),
        ),
        key=lambda organ: len(organ.role),
        reverse=True,
    )
)
# Unions: (suffix of the printed name, suffix of the body, role of the head).
UNION_FORMS = (
    ("広域連合長", "広域連合", "広域連合長"),
    ("広域連合", "広域連合", "広域連合長"),
    ("組合管理者", "組合", "管理者"),
    ("組合長", "組合", "管理者"),
    ("組合", "組合", "管理者"),
)
INDEPENDENT_PREFIXES = ("地方独立行政法人", "独立行政法人", "国立大学法人")
MUNICIPAL_SUFFIXES = ("市", "区", "町", "村")


def is_valid_local_government_code(code: str) -> bool:
    """Check a 6-digit 全国地方公共団体コード: the 6th digit is (11 - Σ dᵢ×wᵢ mod 11) mod 10."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    return int(code[5]) == (11 - total % 11) % 10


@cache
def all_local_governments() -> tuple[LocalGovernment, ...]:
    """Every prefecture, 市町村 and 特別区, ordered by code."""
    with (DATA_DIR / "local_governments.csv").open(encoding="utf-8", newline="") as f:
        rows = [
            LocalGovernment(r["code"], r["prefecture"], r["municipality"] or None, r["kana"])
            for r in csv.DictReader(f)
        ]
    return tuple(sorted(rows, key=lambda row: row.code))


def all_prefectures() -> tuple[LocalGovernment, ...]:
    """The 47 prefectures, ordered by code (北海道 … 沖縄県)."""
    return tuple(row for row in all_local_governments() if row.municipality is None)


@cache
def _prefectures_by_name() -> dict[str, LocalGovernment]:
    return {row.prefecture: row for row in all_prefectures()}


@cache
def _municipalities_by_name() -> dict[str, tuple[LocalGovernment, ...]]:
    index: dict[str, list[LocalGovernment]] = {}
    for row in all_local_governments():
        if row.municipality is not None:
            index.setdefault(row.municipality, []).append(row)
    return {name: tuple(rows) for name, rows in index.items()}


@cache
def _national_index() -> dict[str, dict[str, str]]:
    index = {}
    for entry in load_yaml("national_agencies.yaml")["agencies"]:
        for printed in (entry["name"], *entry.get("aliases", ())):
            index[remove_spaces(matching_copy(printed))] = entry
    return index


def resolve_agency(name: str, prefecture: str | None = None) -> Agency | None:
    """Read a 評価実施機関名; None when it names no body we can identify.

    `prefecture` (from context) disambiguates municipality names used in several
    prefectures (府中市); a prefecture printed in front (`奈良県 ○○町長`) does too.
    """
    text = remove_spaces(matching_copy(strip_bracket_note(name)))
    if not text:
        return None
    entry = _national_index().get(text)
    if entry is not None:
        return _national(name, entry)
    if text.startswith(INDEPENDENT_PREFIXES) or text.removesuffix("理事長").endswith("機構"):
        return _independent(name, text)
    printed_prefecture, rest = _split_prefecture(text)
    return _local(name, rest, printed_prefecture or prefecture, printed_prefecture is not None)


def _split_prefecture(text: str) -> tuple[str | None, str]:
    for prefecture in _prefectures_by_name():
        if text.startswith(prefecture):
            return prefecture, text[len(prefecture) :]
    return None, text


def _local(raw: str, rest: str, prefecture: str | None, printed: bool) -> Agency | None:
    """rest is the name after a printed prefecture (or the whole name)."""
    if printed and rest in ("", "知事"):
        return _with_government(raw, _prefectures_by_name()[prefecture], None)
    for organ in LOCAL_ORGANS:
        if rest.endswith(organ.role):
            body = rest[: -len(organ.role)]
            if not body and printed:
                return _with_government(raw, _prefectures_by_name()[prefecture], organ)
            return _municipal(raw, body, prefecture, organ)
    for printed_suffix, body_suffix, role in UNION_FORMS:
        if rest.endswith(printed_suffix) and len(rest) > len(printed_suffix):
            body = rest[: -len(printed_suffix)] + body_suffix
            return _union(raw, (prefecture or "") + body if printed else body, role, prefecture)
    if rest.endswith("長") and rest[:-1].endswith(MUNICIPAL_SUFFIXES):
        rest = rest[:-1]
    return _municipal(raw, rest, prefecture, None)


def _municipal(
    raw: str, body: str, prefecture: str | None, organ: LocalRole | None
) -> Agency | None:
    if not body.endswith(MUNICIPAL_SUFFIXES):
        return None
    rows = _municipalities_by_name().get(body, ())
    if prefecture is not None:
        rows = tuple(row for row in rows if row.prefecture == prefecture)
    if len(rows) == 1:
        return _with_government(raw, rows[0], organ)
    if not rows:
        return None
    role = organ.role if organ else f"{body[-1]}長"
    kind = organ.kind if organ else AgencyKind.MUNICIPALITY
    name = body + (organ.role if organ else "長")
    return Agency(raw, name, body, role, kind, None, None, _hashed_slug(name), False)


def _with_government(raw: str, government: LocalGovernment, organ: LocalRole | None) -> Agency:
    """An organ of a listed local government; no organ means its head."""
    role = organ.role if organ else government.head
    role_slug = organ.slug if organ else HEAD_SLUGS[role]
    return Agency(
        raw=raw,
        name=government.name + organ.role if organ else government.head_name,
        body=government.name,
        role=role,
        kind=organ.kind if organ else government.kind,
        prefecture=government.prefecture,
        code=government.code,
        slug=f"{government.code}-{role_slug}",
        known=True,
    )


def _union(raw: str, body: str, role: str, prefecture: str | None) -> Agency:
    name = body + ("長" if role == "広域連合長" else role)
    return Agency(
        raw, name, body, role, AgencyKind.UNION, prefecture, None, _hashed_slug(name), False
    )


def _independent(raw: str, text: str) -> Agency:
    body = text.removesuffix("理事長")
    return Agency(
        raw, body, body, "理事長", AgencyKind.INDEPENDENT, None, None, _hashed_slug(body), False
    )


def _national(raw: str, entry: dict[str, str]) -> Agency:
    return Agency(
        raw=raw,
        name=entry["name"],
        body=entry["body"],
        role=entry["role"],
        kind=AgencyKind(entry["kind"]),
        prefecture=None,
        code=None,
        slug=entry["slug"],
        known=True,
    )


def _hashed_slug(name: str) -> str:
    """Slug of a body no table lists: a-<sha1 of the folded name>."""
    return f"a-{short_hash(fold_name(name))}"


@cache
def _suggestion_names() -> tuple[str, ...]:
    """Every name resolve_agency accepts for a head, as a person would type it."""
    names = [entry["name"] for entry in load_yaml("national_agencies.yaml")["agencies"]]
    by_name = _municipalities_by_name()
    for row in all_local_governments():
        shared = row.municipality is not None and len(by_name[row.name]) > 1
        names.append(f"{row.prefecture} {row.head_name}" if shared else row.head_name)
    return tuple(names)


def suggest_agencies(name: str, limit: int = 5) -> list[str]:
    """もしかして: names close to an unresolvable 評価実施機関名, best first.

    Heads of the local governments whose names occur in the text come first
    (横浜市中区長 → 横浜市長), then close spellings (東京都知知事 → 東京都知事).
    """
    text = remove_spaces(matching_copy(name))
    candidates = _suggestion_names()
    contained = [c for c in candidates if _body_of(c) in text and len(_body_of(c)) > 1]
    contained.sort(key=lambda c: len(_body_of(c)), reverse=True)
    close = difflib.get_close_matches(text, candidates, n=limit, cutoff=0.6)
    return list(dict.fromkeys(contained + close))[:limit]


def _body_of(suggestion: str) -> str:
    """The body's own name in a suggestion: 東京都 府中市長 → 府中市, 東京都知事 → 東京都."""
    last = suggestion.split(" ")[-1]
    for suffix in ("知事", "長", "大臣", "長官", "総裁"):
        if last.endswith(suffix):
            return last[: -len(suffix)]
    return last
