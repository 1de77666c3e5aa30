"""Contractor (委託先) names → canonical entities (pia-form.md §11).

`parse_contractors` turns one ⑥委託先名 cell into a list of `Contractor`s: placeholders
become a status, several contractors in one cell become several entries, and each
named entity gets a match key and a stable ASCII slug. `contractor_key` is the match
key the search index and the browser (theme/assets/js/names.js) share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from generator.normalize.text import (
    fold_name,
    load_yaml,
    matching_copy,
    remove_spaces,
    short_hash,
    strip_bracket_note,
    tidy_spaces,
)

Status = Literal["named", "pending_procurement", "unknown"]
Position = Literal["prefix", "suffix"]

PLACEHOLDER_RE = re.compile(
    "調達結果が判明次第|判明次第|決定次第|未定|調達後に決定|契約後に決定|選定中|調達中|入札により決定"
)
# Cell values that say "some contractor" without naming one.
UNNAMED = frozenset(
    {
        "",
        "-",
        "—",
        "―",
        "ー",
        "なし",
        "無し",
        "委託業者",
        "委託先",
        "保管委託業者",
        "受託者",
        "事業者",
    }
)
DIVISION_SUFFIXES = ("事業本部", "支社", "支店", "本部", "営業所", "事業所")
DIVISION_WORD_RE = re.compile(f"^\\S*(?:{'|'.join(DIVISION_SUFFIXES)})$")
TRAILING_KANJI_DIVISION_RE = re.compile(f"[一-龥々]+(?:{'|'.join(DIVISION_SUFFIXES)})$")
ROLE_ENTITY_RE = re.compile(r"^(?P<outer>[^()]+)\((?P<inner>[^()]+)\)$")
CORPORATE_NUMBER_RE = re.compile(r"\(?法人番号[::]?\s*(?P<number>\d{13})\)?")
LEADING_MARKS_RE = re.compile(r"^[*※・●○\-\s]+")
LIST_SEPARATOR_CHARS = "、，,/／;；\n"
DESCRIPTION_ENDS = ("である", "の", "は", "、")


@dataclass(frozen=True)
class CorporateForms:
    """The corporate-form table of data/corporate_forms.yaml."""

    forms: tuple[str, ...]  # longest first
    name_bound: frozenset[str]
    abbreviations: tuple[tuple[str, str], ...]  # longest first


@dataclass(frozen=True)
class Contractor:
    """One contractor as printed in a ⑥委託先名 cell, with its canonical entity."""

    raw: str
    name: str | None
    corporate_form: str | None
    corporate_form_position: Position | None
    division: str | None
    role: str | None
    status: Status
    match_key: str
    slug: str | None
    corporate_number: str | None = None

    @property
    def corporate_number_valid(self) -> bool | None:
        """Whether the 法人番号's check digit holds (None when there is no number)."""
        if self.corporate_number is None:
            return None
        return is_valid_corporate_number(self.corporate_number)


@cache
def corporate_forms() -> CorporateForms:
    data = load_yaml("corporate_forms.yaml")
    forms = sorted((entry["form"] for entry in data["forms"]), key=len, reverse=True)
    bound = frozenset(e["form"] for e in data["forms"] if e.get("name_bound"))
    abbreviations = sorted(data["abbreviations"].items(), key=lambda kv: len(kv[0]), reverse=True)
    return CorporateForms(tuple(forms), bound, tuple(abbreviations))


def key_tables() -> dict[str, object]:
    """The tables contractorKey() in theme/assets/js/names.js takes, JSON-ready."""
    table = corporate_forms()
    return {
        "forms": list(table.forms),
        "nameBound": sorted(table.name_bound),
        "abbreviations": [list(pair) for pair in table.abbreviations],
    }


def expand_abbreviations(text: str) -> str:
    """(株)NTTデータ → 株式会社NTTデータ, on an NFKC copy."""
    for short, form in corporate_forms().abbreviations:
        text = text.replace(short, form)
    return text


def contractor_key(name: str) -> str:
    """Match key of a contractor name or a query fragment.

    fold_name (NFKC, spaces, long vowels, ASCII case) of the name with its abbreviations
    expanded, minus one corporate form at the start and one at the end (not a
    name-bound form such as 公社): ㈱NTTデータ, 株式会社 NTTデータ, ＮＴＴデータ → nttデータ.
    """
    key = fold_name(expand_abbreviations(matching_copy(name)))
    table = corporate_forms()
    removable = [fold_name(f) for f in table.forms if f not in table.name_bound]
    for form in removable:
        if key.startswith(form):
            key = key[len(form) :]
            break
    for form in removable:
        if key.endswith(form) and len(key) > len(form):
            key = key[: -len(form)]
            break
    return key


def contractor_slug(match_key: str) -> str:
    """Stable, ASCII, filesystem-safe slug, unique per match key: c-<sha1[:10]>."""
    return f"c-{short_hash(match_key)}"


def is_valid_corporate_number(number: str) -> bool:
    """Check a 13-digit 法人番号: the first digit is 9 - (Σ digit×weight mod 9).

    Weights run 1, 2, 1, 2 … from the rightmost digit of the 12-digit base.
    """
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return False
    base = number[1:]
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(base)))
    return int(number[0]) == 9 - total % 9


def split_contractor_cell(text: str) -> list[str]:
    """Split a cell naming several contractors on 、 , / ; newlines and ・ bullets.

    Separators inside parentheses never split; ・ splits only as a bullet (at the start
    or after a space), because it also occurs inside names.
    """
    parts: list[str] = []
    depth, current = 0, []
    for i, ch in enumerate(text):
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
        bullet = ch in "・･" and (i == 0 or text[i - 1].isspace())
        if depth == 0 and (ch in LIST_SEPARATOR_CHARS or bullet):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_contractors(raw: str) -> list[Contractor]:
    """One ⑥委託先名 cell → its contractors (at least one entry, raw kept on each).

    `【…】` prefixes are stripped; a placeholder such as `* 調達結果が判明次第お示しする。`
    yields one entry with status pending_procurement and no name.
    """
    body = strip_bracket_note(raw).strip()
    if PLACEHOLDER_RE.search(matching_copy(body)):
        return [_unnamed(raw, "pending_procurement")]
    parts = split_contractor_cell(body)
    if len(parts) <= 1:
        return [parse_contractor(raw, body)]
    return [parse_contractor(part, part) for part in parts]


def parse_contractor(raw: str, text: str) -> Contractor:
    """One contractor: text is raw without its 【…】 prefix."""
    text = LEADING_MARKS_RE.sub("", matching_copy(strip_bracket_note(text))).strip()
    number_match = CORPORATE_NUMBER_RE.search(text)
    number = number_match.group("number") if number_match else None
    if number_match:
        text = (text[: number_match.start()] + text[number_match.end() :]).strip()
    if PLACEHOLDER_RE.search(text):
        return _unnamed(raw, "pending_procurement")
    if remove_spaces(text) in UNNAMED:
        return _unnamed(raw, "unknown")
    text = expand_abbreviations(text)
    entity, role, division = _split_role(text)
    entity, division = _split_division(entity, division)
    name = tidy_spaces(entity)
    form, position = find_corporate_form(name)
    key = contractor_key(name)
    if not key:  # a bare form such as ○○株式会社 names nobody
        return _unnamed(raw, "unknown")
    return Contractor(
        raw=raw,
        name=name,
        corporate_form=form,
        corporate_form_position=position,
        division=division,
        role=role,
        status="named",
        match_key=key,
        slug=contractor_slug(key),
        corporate_number=number,
    )


def find_corporate_form(name: str) -> tuple[str | None, Position | None]:
    """The corporate form at the start or the end of a name, and where it stands."""
    compact = remove_spaces(name)
    for form in corporate_forms().forms:
        if compact.startswith(form) and len(compact) > len(form):
            return form, "prefix"
    for form in corporate_forms().forms:
        if compact.endswith(form) and len(compact) > len(form):
            return form, "suffix"
    return None, None


def _contains_form(text: str) -> bool:
    return any(form in remove_spaces(text) for form in corporate_forms().forms)


def _split_role(text: str) -> tuple[str, str | None, str | None]:
    """role(entity) → (entity, role, None); entity(division) → (entity, None, division)."""
    match = ROLE_ENTITY_RE.match(text.strip())
    if not match:
        return text, None, None
    outer, inner = match.group("outer").strip(), match.group("inner").strip()
    if _contains_form(inner) and not _contains_form(outer):
        return _from_first_form(inner), outer, None
    if _contains_form(outer) and DIVISION_WORD_RE.match(remove_spaces(inner)):
        return outer, None, inner
    if _contains_form(outer) and not _contains_form(inner):
        return outer, inner, None
    return text, None, None


def _from_first_form(text: str) -> str:
    """東京都の事務委託先である社会福祉法人日本保育協会 → 社会福祉法人日本保育協会.

    Cuts a description in front of a prefix corporate form; anything else is kept.
    """
    for form in corporate_forms().forms:
        index = text.find(form)
        if index > 0 and text[index + len(form) :] and text[:index].endswith(DESCRIPTION_ENDS):
            return text[index:]
    return text


def _split_division(entity: str, division: str | None) -> tuple[str, str | None]:
    """Split a trailing branch or division (…支社, …事業本部) off the entity.

    Found after a space, after a corporate form (X株式会社東京支社), or as the trailing
    kanji run after a prefix form (株式会社NTTデータ東京支社). 株式会社日立製作所東京支社
    keeps its division: without a space the boundary cannot be known.
    """
    if division is not None:
        return entity, division
    words = entity.split()
    if len(words) > 1 and DIVISION_WORD_RE.match(words[-1]):
        return " ".join(words[:-1]), words[-1]
    compact = remove_spaces(entity)
    for form in corporate_forms().forms:
        index = compact.find(form)
        rest = compact[index + len(form) :]
        if index > 0 and rest and DIVISION_WORD_RE.match(rest):
            return compact[: index + len(form)], rest
    form, position = find_corporate_form(compact)
    match = TRAILING_KANJI_DIVISION_RE.search(compact)
    if match and position != "suffix" and match.start() > len(form or ""):
        return compact[: match.start()], match.group()
    return entity, None


def _unnamed(raw: str, status: Status) -> Contractor:
    return Contractor(
        raw=raw,
        name=None,
        corporate_form=None,
        corporate_form_position=None,
        division=None,
        role=None,
        status=status,
        match_key="",
        slug=None,
    )
