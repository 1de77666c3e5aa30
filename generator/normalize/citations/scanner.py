"""Left-to-right scanner: instruments, provisions, tables, captions and qualifiers.

One scan covers one bullet of a legal-basis field (mode "basis": the instrument named last
stays in force for the whole bullet) or a whole paragraph of prose (mode "prose": a citation
chain ends at the first character that is not part of it, and bare articles are ignored).

When there is nothing to attach to (and, in prose, no open chain), skipping a character
changes nothing but the position; the scan then jumps with one regular expression
(Names.idle_starts) to the next position where a reader could match, instead of trying every
reader at every character. The result is the same as stepping character by character
(benchmarks/citations_identity.py compares the two on a whole catalogue).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from generator.normalize.citations import grammar as g
from generator.normalize.citations.model import Citation, TableRef
from generator.normalize.citations.registry import Registry
from generator.normalize.citations.text import branched_value, kanji_label_number, number_value

Mode = Literal["basis", "prose"]


@dataclass(frozen=True)
class Instrument:
    key: str | None  # None: named, but not resolvable (needs review)
    raw: str


@dataclass(frozen=True)
class Names:
    """Printed names → instruments, indexed by first character for a longest-match scan.

    idle_starts[drafts, ordinances] finds the next position where a reader might match while
    the scan is idle (see idle_starts); every position it passes over is one where every
    reader fails.
    """

    by_first_char: Mapping[str, tuple[tuple[str, Instrument], ...]]
    idle_starts: Mapping[tuple[bool, bool], re.Pattern[str]]

    def match(self, copy: str, position: int) -> tuple[str, Instrument] | None:
        for name, instrument in self.by_first_char.get(copy[position], ()):
            if copy.startswith(name, position):
                return name, instrument
        return None


def names_from(entries: Mapping[str, Instrument]) -> Names:
    """Names for these printed names (matching copy) → instruments."""
    by_first: dict[str, list[tuple[str, Instrument]]] = {}
    for name in sorted(entries, key=lambda n: (-len(n), n)):
        by_first.setdefault(name[0], []).append((name, entries[name]))
    table = {char: tuple(items) for char, items in by_first.items()}
    starts = {
        (drafts, ordinances): idle_starts(entries, drafts, ordinances)
        for drafts in (False, True)
        for ordinances in (False, True)
    }
    return Names(table, starts)


def idle_starts(names: Iterable[str], drafts: bool, ordinances: bool) -> re.Pattern[str]:
    """Where a reader might match while idle (Scan._idle): a superset, found in one search.

    While idle only these readers can succeed, each needing at the position what is
    listed here: an instrument (one of the names, or an ordinance title after a boundary,
    only possible if the text has 条例), 同法 / 同条 (同), a provision (第?N条), a table
    (の? 別表 / 表) or parentheses. The others (delegation, 等, captions) need a draft to
    attach to, and there is none.

    With drafts, _skip also jumps over a connector (、 及び …), so a position inside one is
    never visited: the connectors are stops too, unless no name can begin inside one
    (no reader start above can: they are not connector characters, and an ordinance needs
    a boundary before it, while only spaces follow 、 or , within a connector).

    Without ordinances, a lookahead for the possible first characters lets the search skip
    the other characters quickly.
    """
    names = sorted(names, key=lambda n: (-len(n), n))
    inside = {char for word in g.CONNECTOR_WORDS for char in word[1:]}
    connectors = drafts and any(n[0].isspace() or n[0] in inside for n in names)
    outside = "".join(re.escape(char) for char in sorted(g.ORDINANCE_BOUNDARY))
    alternatives = [
        *(re.escape(name) for name in names),
        "同",
        rf"第?{g.NUMBER}\s*条",
        r"(?:の\s*)?別?表",
        r"\(",
        *([g.CONNECTOR.pattern] if connectors else []),
    ]
    if ordinances:
        alternatives.append(rf"(?<![^{outside}])(?=[^\s{outside}]+条例)")
        return re.compile("|".join(alternatives))
    firsts = {name[0] for name in names} | set("同第の別表(〇一二三四五六七八九十百千")
    firsts |= {word[0] for word in g.CONNECTOR_WORDS} if connectors else set()
    initials = "".join(re.escape(char) for char in sorted(firsts))
    spaces = r"\s" if connectors else ""
    return re.compile(rf"(?=[{initials}0-9{spaces}])(?:{'|'.join(alternatives)})")


@dataclass
class _Draft:
    """A citation being assembled; becomes a frozen Citation when the scan ends."""

    start: int
    end: int
    citation: Citation
    attachable: bool = True  # nothing but spaces and captions since its last token


@dataclass
class Scan:
    copy: str
    raw: str
    mode: Mode
    names: Names
    registry: Registry
    body: str | None
    fallback: Instrument | None = None  # heading or context law for bare provisions
    fallback_article: str | None = None
    earlier: tuple[Instrument, ...] = ()  # named in the bullets before, for 同法 / 同規則
    previous_citation: Citation | None = None  # last of the bullets before, for 同条
    instrument: Instrument | None = None
    named: list[Instrument] = field(default_factory=list)  # named in this scan, in order
    chain_start: int | None = None
    drafts: list[_Draft] = field(default_factory=list)
    chain_qualifiers: list[str] = field(default_factory=list)
    chain_refs: list[str] = field(default_factory=list)
    chain_first: int = 0  # index of the first draft of the current chain
    ordinances: bool = field(init=False)  # the text may name a local ordinance (…条例)

    def __post_init__(self) -> None:
        self.ordinances = "条例" in self.copy

    def run(self) -> list[Citation]:
        position, length = 0, len(self.copy)
        while position < length:
            if self._idle():
                position = self._jump(position)
                if position >= length:
                    break
            position = self._step(position)
        self._close_chain()
        return [self._finish(draft) for draft in self.drafts]

    def _idle(self) -> bool:
        """Nothing to attach to, and in prose no chain: _skip would only move on."""
        if self.drafts and self.drafts[-1].attachable:  # only the last draft can be
            return False
        return self.mode == "basis" or (self.instrument is None and self.chain_start is None)

    def _jump(self, position: int) -> int:
        """The next position where a reader might match; what _skip does on the way there."""
        pattern = self.names.idle_starts[bool(self.drafts), self.ordinances]
        found = pattern.search(self.copy, position)
        target = found.start() if found else len(self.copy)
        skipped = target > position and not self.copy[position:target].isspace()
        if skipped and self.mode == "prose":
            self._close_chain()  # as _skip does at a character that is not a space
        return target

    def _step(self, position: int) -> int:
        for reader in (
            self._read_instrument,
            self._read_same_instrument,
            self._read_provision,
            self._read_delegation,
            self._read_table,
            self._read_parentheses,
            self._read_etc,
        ):
            end = reader(position)
            if end is not None:
                return end
        return self._skip(position)

    def _skip(self, position: int) -> int:
        if self.copy[position].isspace():
            return position + 1
        if g.CONNECTOR.match(self.copy, position) and self.drafts:
            end = g.CONNECTOR.match(self.copy, position).end()
            for draft in self.drafts[self.chain_first :]:
                draft.attachable = False
            return max(end, position + 1)
        if self.mode == "prose":
            self._close_chain()
            self.instrument = None
        for draft in self.drafts:
            draft.attachable = False
        return position + 1

    def _close_chain(self) -> None:
        for draft in self.drafts[self.chain_first :]:
            draft.citation = replace(
                draft.citation,
                qualifiers=_unique(draft.citation.qualifiers, self.chain_qualifiers),
                refs=_unique(draft.citation.refs, self.chain_refs),
            )
        self.chain_first = len(self.drafts)
        self.chain_qualifiers, self.chain_refs = [], []
        self.chain_start = None

    def _read_instrument(self, position: int) -> int | None:
        found = self._ordinance_at(position) or self.names.match(self.copy, position)
        if found is None:
            return None
        name, instrument = found
        self._begin(position, instrument)
        return position + len(name)

    def _ordinance_at(self, position: int) -> tuple[str, Instrument] | None:
        if position and self.copy[position - 1] not in g.ORDINANCE_BOUNDARY:
            return None
        match = g.ORDINANCE.match(self.copy, position)
        if match is None:
            return None
        title = match.group()
        short = self.registry.ordinance_shorts.get(title) or _strip_body(title, self.body)
        key = f"local:{self.body}:{short}" if self.body else None
        return title, Instrument(key, self.raw[match.start() : match.end()])

    def _read_same_instrument(self, position: int) -> int | None:
        match = g.SAME_INSTRUMENT.match(self.copy, position)
        if match is None:
            return None
        kind = match.group().removeprefix("同")
        candidates = [i for named in (*self.earlier, *self.named) for i in self._with_parent(named)]
        found = next((i for i in reversed(candidates) if self._is_kind(i, kind)), None)
        if found is None:
            found = Instrument(None, match.group()) if candidates else None
        if found is None:
            return None
        self._begin(position, found)
        return match.end()

    def _with_parent(self, instrument: Instrument) -> tuple[Instrument, ...]:
        """A delegated instrument (番号法第19条第8号に基づく主務省令) also names its law."""
        law = self.registry.laws.get(instrument.key or "")
        parent = law.delegated_by.law if law and law.delegated_by else None
        return (Instrument(parent, ""), instrument) if parent else (instrument,)

    def _is_kind(self, instrument: Instrument, kind: str) -> bool:
        """同法 refers back to a 法律, 同規則 to a 規則, 同令 to a 政令 or 省令, and so on."""
        law = self.registry.laws.get(instrument.key or "")
        titles = (law.title, law.short) if law else (instrument.key or "", instrument.raw)
        endings = ("法", "法律") if kind == "法" else (kind, "命令") if kind == "省令" else (kind,)
        return any(title.endswith(endings) for title in titles)

    def _begin(self, position: int, instrument: Instrument) -> None:
        if self.mode == "prose":
            self._close_chain()
        self.instrument = instrument
        self.named.append(instrument)
        if self.chain_start is None:
            self.chain_start = position
        for draft in self.drafts:
            draft.attachable = False

    def _read_provision(self, position: int) -> int | None:
        match = g.PROVISION.match(self.copy, position)
        same = None if match else g.SAME_ARTICLE.match(self.copy, position)
        if match is None and same is None:
            return None
        earlier = self.previous_citation
        if same and not self.drafts and self.instrument is None and earlier is not None:
            self._begin(position, Instrument(earlier.law, earlier.law_raw or ""))
        instrument = self._instrument_for_provision(match)
        if instrument is None:
            return (match or same).end() if self.mode == "prose" else None
        article = self._article(match, same)
        if article is None:
            return None
        citation = Citation(
            raw="",
            law=instrument.key,
            article=article,
            paragraph=_number(match or same, "p"),
            item=_branched(match or same, "i", "ib"),
            needs_review=instrument.key is None,
            law_raw=instrument.raw or None,
        )
        end = self._add(position, (match or same).end(), citation)
        return self._read_continuations(end)

    def _instrument_for_provision(self, match: re.Match | None) -> Instrument | None:
        if self.instrument is not None:
            return self.instrument
        if self.mode == "prose" or (match is not None and not match.group("dai")):
            return None
        return self.fallback or Instrument(None, "")

    def _article(self, match: re.Match | None, same: re.Match | None) -> str | None:
        if match is not None:
            return number_value(match.group("a")) + "".join(
                "_" + number_value(n) for n in re.findall(g.NUMBER, match.group("ab") or "")
            )
        previous = self.drafts[-1].citation if self.drafts else self.previous_citation
        return previous.article if previous else None

    def _read_continuations(self, position: int) -> int:
        while match := g.CONTINUATION.match(self.copy, position):
            previous = self.drafts[-1].citation
            value = branched_value(match.group("n") + match.group("b"))
            if match.group("unit") == "項":
                citation = replace(previous, paragraph=value, item=None, table=None)
            else:
                citation = replace(previous, item=value, table=None)
            self._close_attachments()
            position = self._add(self.drafts[-1].start, match.end(), citation)
        return position

    def _close_attachments(self) -> None:
        for draft in self.drafts:
            draft.attachable = False

    def _add(self, start: int, end: int, citation: Citation) -> int:
        self._close_attachments()
        chain_start = self.chain_start if self.chain_start is not None else start
        self.chain_start = chain_start
        self.drafts.append(_Draft(chain_start, end, citation))
        return end

    def _read_delegation(self, position: int) -> int | None:
        match = g.DELEGATION.match(self.copy, position)
        draft = self._attachable_draft()
        if match is None or draft is None or draft.citation.law is None:
            return None
        c = draft.citation
        delegate = self.registry.delegate(c.law, c.article, c.item)
        if delegate is None or match.group("name") not in delegate.delegated_by.names:
            return None
        self.drafts.remove(draft)
        self.instrument = Instrument(delegate.key, self.raw[draft.start : match.end()].strip())
        self.named.append(self.instrument)
        return match.end()

    def _attachable_draft(self) -> _Draft | None:
        draft = self.drafts[-1] if self.drafts else None
        return draft if draft is not None and draft.attachable else None

    def _read_table(self, position: int) -> int | None:
        match = g.TABLE.match(self.copy, position)
        if match is None:
            return None
        draft = self._attachable_draft()
        is_article_table = match.group("label") == "表"
        if is_article_table and not (match.group("lead") and draft and draft.end == position):
            return None
        if draft is not None and draft.citation.article and draft.citation.table is None:
            table = self._table(match, draft.citation.law)
            needs_review = draft.citation.needs_review or bool(match.group("no_row"))
            draft.citation = replace(draft.citation, table=table, needs_review=needs_review)
            draft.end = match.end()
            return match.end()
        return self._table_only(position, match)

    def _table_only(self, position: int, match: re.Match) -> int | None:
        instrument = self.instrument or (self.fallback if self.mode == "basis" else None)
        if instrument is None:
            if self.mode == "prose":
                return match.end()
            instrument = Instrument(None, "")
        article = self.fallback_article if instrument is self.fallback else None
        citation = Citation(
            raw="",
            law=instrument.key,
            article=article,
            table=self._table(match, instrument.key),
            needs_review=instrument.key is None or bool(match.group("no_row")),
            law_raw=instrument.raw or None,
        )
        return self._add(position, match.end(), citation)

    def _table(self, match: re.Match, owner: str | None) -> TableRef:
        label_raw = re.sub(r"\s+", "", self.raw[match.start("label") : match.end("label")])
        number = match.group("tn")
        label = match.group("label") if number is None else "別表第"
        label = label if number is None else label + kanji_label_number(number_value(number))
        printed_rows = g.ROW_SEPARATOR.split(match.group("rows")) if match.group("rows") else []
        rows = tuple(branched_value(r) for r in printed_rows)
        ranges: tuple[tuple[str, str], ...] = ()
        if match.group("to") and rows:
            ranges, rows = ((rows[-1], branched_value(match.group("to"))),), rows[:-1]
        columns = (number_value(match.group("col")),) if match.group("col") else ()
        alias = self.registry.table_alias(owner, label) if owner else None
        return TableRef(
            of=owner,
            label_raw=label_raw,
            label=label,
            rows=rows,
            ranges=ranges,
            columns=columns,
            alias_of=alias.alias_of if alias else None,
        )

    def _read_parentheses(self, position: int) -> int | None:
        match = g.PARENTHESES.match(self.copy, position)
        if match is None:
            return None
        body = match.group("body").strip()
        draft = self._attachable_draft()
        if body in g.QUALIFIER_WORDS:
            self.chain_qualifiers.append(body)
        elif ref := g.REF.fullmatch(body):
            self.chain_refs.append(re.sub(r"\s+", "", ref.group("ref")))
        elif g.LAW_NUMBER.search(body) or g.DEFINITION.match(body) or not body:
            pass
        elif draft and draft.citation.caption is None and draft.citation.table is None:
            raw_body = self.raw[match.start("body") : match.end("body")].strip()
            draft.citation = replace(draft.citation, caption=raw_body)
            draft.end = match.end()
        return match.end()

    def _read_etc(self, position: int) -> int | None:
        draft = self._attachable_draft()
        if self.copy[position] != "等" or draft is None:
            return None
        draft.citation = replace(draft.citation, qualifiers=(*draft.citation.qualifiers, "等"))
        draft.end = position + 1
        return position + 1

    def _finish(self, draft: _Draft) -> Citation:
        c = draft.citation
        raw = (
            self.raw.strip() if self.mode == "basis" else self.raw[draft.start : draft.end].strip()
        )
        era = self.registry.table_eras.get((c.table.of, c.table.label)) if c.table else None
        return replace(c, raw=raw, era=era)


def _number(match: re.Match, group: str) -> str | None:
    return number_value(match.group(group)) if match.group(group) else None


def _branched(match: re.Match, group: str, branches: str) -> str | None:
    if not match.group(group):
        return None
    return branched_value(match.group(group) + (match.group(branches) or ""))


def _strip_body(title: str, body: str | None) -> str:
    return title[len(body) :] if body and title.startswith(body) and title != body else title


def _unique(existing: tuple[str, ...], extra: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*existing, *extra)))
