"""System names (システムの名称, その他 connection targets) → canonical systems (pia-form.md §12).

The alias table lives in data/systems.yaml. `system_key` folds a name (NFKC, spaces,
long vowels, ASCII case) and resolves aliases through that table, so 住基ネット and
住民基本台帳ネットワークシステム share one key. theme/assets/js/names.js computes the
same key from `system_alias_map()` emitted as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.normalize.text import fold_name, load_yaml, short_hash, strip_bracket_note

DEFINITION_RE = re.compile(r"[(（]以下[、,，]?\s*(?P<body>「.+?」.*?)という。?[)）]+")
QUOTED_RE = re.compile("「([^」]+)」")
TRAILING_PAREN_RE = re.compile(r"^(?P<base>.*?)\s*[(（](?P<inner>[^()（）]*)[)）]$")
NOTE_RE = re.compile("別紙|別添|参照|※|注[:：)）0-9]|詳細|予定|含む|後述|前述")
# Folded key of a qualified name: 住民基本台帳ネットワークシステム(東京都サーバ).
QUALIFIED_KEY_RE = re.compile(r"^([^()]+)\((.+)\)$")
OTHER_RE = re.compile(r"^その他\s*[(（](?P<inner>.*)[)）]$", re.DOTALL)
NUMBER_MARKER_RE = re.compile(r"(?:[①-⑳]|(?:^|(?<=[\s、,，]))(?:[(（]\d+[)）]|\d+[.．]))\s*")
LIST_SEPARATORS = "、，,\n"


@dataclass(frozen=True)
class KnownSystem:
    """One entry of data/systems.yaml."""

    name: str
    slug: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SystemName:
    """One system name as printed, with its canonical system."""

    raw: str
    name: str
    base_name: str
    aliases: tuple[str, ...]
    note: str | None
    canonical: str
    match_key: str
    slug: str
    known: bool


@cache
def known_systems() -> tuple[KnownSystem, ...]:
    entries = load_yaml("systems.yaml")["systems"]
    return tuple(KnownSystem(e["name"], e["slug"], tuple(e.get("aliases") or ())) for e in entries)


@cache
def _systems_by_key() -> dict[str, KnownSystem]:
    return {fold_name(system.name): system for system in known_systems()}


@cache
def _alias_map() -> dict[str, str]:
    pairs = {}
    for system in known_systems():
        canonical = fold_name(system.name)
        for alias in system.aliases:
            if fold_name(alias) != canonical:
                pairs[fold_name(alias)] = canonical
    return dict(sorted(pairs.items()))


def system_alias_map() -> dict[str, str]:
    """Folded alias → folded canonical name; the table systemKey() in names.js takes."""
    return dict(_alias_map())


def system_key(text: str) -> str:
    """Match key of a system name or query fragment: fold, then resolve aliases.

    住基ネット, 住民基本台帳ネットワークシステム → 住民基本台帳ネットワークシステム;
    中間サーバ, 中間サーバー → 中間サーバ; 住基ネット(東京都サーバ) → the qualified
    canonical key. A qualifier's base name is resolved, the qualifier only folded.
    """
    key = fold_name(text)
    aliases = _alias_map()
    if key in aliases:
        return aliases[key]
    qualified = QUALIFIED_KEY_RE.match(key)
    if qualified and qualified.group(1) in aliases:
        return f"{aliases[qualified.group(1)]}({qualified.group(2)})"
    return key


def parse_system_name(raw: str) -> SystemName:
    """One システムの名称 cell → SystemName.

    `X(以下「Y」という。)` → name X, aliases (Y,); a trailing note such as `(別紙1参照)`
    → note; an identity qualifier such as `(東京都サーバ)` stays in name, and base_name
    is the name without it.
    """
    text = strip_bracket_note(raw).strip()
    aliases = tuple(alias for m in DEFINITION_RE.finditer(text) for alias in _quoted(m))
    text = DEFINITION_RE.sub("", text).strip()
    text, notes = _split_notes(text)
    name = " ".join(text.split())
    qualified = TRAILING_PAREN_RE.match(name)
    base_name = qualified.group("base") if qualified else name
    canonical, slug, known = _canonical(name, base_name)
    return SystemName(
        raw=raw,
        name=name,
        base_name=base_name,
        aliases=aliases,
        note="、".join(notes) or None,
        canonical=canonical,
        match_key=system_key(name),
        slug=slug,
        known=known,
    )


def split_system_list(raw: str) -> list[str]:
    """A cell naming several systems → their names, as printed.

    Unwraps `その他(…)`, splits on 、 , and newlines outside parentheses, on numbered
    markers ((1), ①, 1.) and on 「…」 groups: `その他(「e-gov」、「A、B」)` → [e-gov, A, B].
    """
    text = raw.strip()
    other = OTHER_RE.match(text)
    if other:
        text = other.group("inner")
    names: list[str] = []
    for piece in _split_top_level(NUMBER_MARKER_RE.sub("\n", text)):
        piece = piece.strip().lstrip("・").strip()
        if piece.startswith("「") and piece.endswith("」") and "「" not in piece[1:-1]:
            names.extend(split_system_list(piece[1:-1]))
        elif piece:
            names.append(piece)
    return names


def _split_top_level(text: str) -> list[str]:
    pieces: list[str] = []
    depth, current = 0, []
    for ch in text:
        depth += ch in "(（「"
        depth -= ch in ")）」" and depth > 0
        if depth == 0 and ch in LIST_SEPARATORS:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces


def _quoted(match: re.Match[str]) -> list[str]:
    return [alias.strip() for alias in QUOTED_RE.findall(match.group("body"))]


def _split_notes(text: str) -> tuple[str, list[str]]:
    """Move trailing parenthesised notes (別紙参照, ※…) out of the name."""
    notes: list[str] = []
    while (match := TRAILING_PAREN_RE.match(text)) and NOTE_RE.search(match.group("inner")):
        notes.insert(0, match.group("inner").strip())
        text = match.group("base").strip()
    return text, notes


def _canonical(name: str, base_name: str) -> tuple[str, str, bool]:
    """(canonical name, slug, known) of a system name."""
    systems = _systems_by_key()
    key = system_key(name)
    if key in systems:
        return systems[key].name, systems[key].slug, True
    base = systems.get(system_key(base_name)) if base_name != name else None
    if base is not None:
        qualifier = name[len(base_name) :].strip()
        return f"{base.name}{qualifier}", f"{base.slug}-{short_hash(key, 6)}", True
    return name, f"s-{short_hash(key)}", False
