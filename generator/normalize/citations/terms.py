"""Citations → lunr-safe search terms, for documents and for a user's query.

A term is `cite:<law>[:a<article>[.p<paragraph>][.i<item>]][:<table>[#<row>]]`, with table
labels written in ASCII (別表 → beppyo, 別表第二 → beppyo2, 主務省令第2条の表 → hyo) so the
term contains no whitespace, no hyphen and starts and ends with a word character: lunr
2.3.9's tokenizer and trimmer keep it whole (tests/normalize/test_citations_js_parity.py).

A document indexes the canonical key and every broader prefix, so a query for 第19条
finds a document citing 第19条第8号. A query yields only its most specific terms.
theme/assets/js/citations.js is the browser twin of query_citation_terms.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

from generator.normalize.citations.model import Citation, TableRef
from generator.normalize.citations.registry import Registry, load_registry
from generator.normalize.citations.text import (
    BRANCHED,
    NUMBER,
    branched_value,
    kanji_label_number,
    matching_copy,
    number_value,
)
from generator.normalize.numerals import to_int

TERM_PREFIX = "cite:"
MAX_EXPANDED_RANGE = 200

_QUERY_PROVISION = re.compile(
    rf"第?({NUMBER})条((?:の{NUMBER})*)(?:第?({NUMBER})項(?!番))?(?:第?({NUMBER})号((?:の{NUMBER})*))?"
)
_QUERY_DELEGATION = re.compile(r"に基づく(主務省令|命令)")
_QUERY_TABLE = re.compile(rf"(の)?(別表(?:第({NUMBER}))?|表)の?(?:項番)?({BRANCHED})?(?:の項|項)?")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")  # the same class as citations.js


def citation_terms(citation: Citation, registry: Registry | None = None) -> list[str]:
    """The document-side terms: the canonical key and its broader prefixes, lunr-safe.

    An instrument made under a provision (番号法第19条第8号に基づく主務省令) also cites that
    provision, so its terms include the provision's: a query for 番号法第19条第8号 finds it.
    """
    if citation.law is None:
        return []
    terms = [*_delegating_terms(citation.law, registry or _shipped_registry()), term(citation.law)]
    path = ""
    for level, value in (("a", citation.article), (".p", citation.paragraph)):
        if value is not None:
            path += f"{level}{value}"
            terms.append(term(citation.law, path))
    if citation.item is not None and citation.article is not None:
        terms.append(term(citation.law, citation.provision))
    if citation.table is not None:
        terms.extend(_table_terms(citation.table, citation.law, citation.provision))
    return list(dict.fromkeys(terms))


def _delegating_terms(law: str, registry: Registry) -> list[str]:
    entry = registry.laws.get(law)
    via = entry.delegated_by if entry else None
    if via is None:
        return []
    provision = f"a{via.article}" + (f".i{via.item}" if via.item else "")
    return [term(via.law), term(via.law, f"a{via.article}"), term(via.law, provision)]


@cache
def _shipped_registry() -> Registry:
    return load_registry()


def term(law: str, provision: str | None = None, label: str | None = None, row: str = "") -> str:
    """One lunr-safe term; non-ASCII in local keys is percent-encoded (lowercase hex)."""
    # lunr lowercases tokens, so percent-escapes are written in lowercase hex
    text = TERM_PREFIX + re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(law, safe=":_"))
    if provision:
        text += ":" + provision
    if label:
        text += ":" + table_code(label) + (f"#{row}" if row else "")
    return text


def table_code(label: str) -> str:
    """別表 → beppyo, 別表第二 → beppyo2, 表 → hyo."""
    if label == "表":
        return "hyo"
    number = label.removeprefix("別表").removeprefix("第")
    return "beppyo" + (str(to_int(number)) if number else "")


def _table_terms(table: TableRef, law: str, provision: str | None) -> list[str]:
    owner = table.of or law
    rows = [*table.rows, *(r for low, high in table.ranges for r in _expand(low, high))]
    terms = []
    for label in filter(None, (table.label, table.alias_of)):
        for path in filter(None, (provision, "")) if provision else [""]:
            terms.append(term(owner, path or None, label))
            terms.extend(term(owner, path or None, label, row) for row in rows)
        if provision:
            terms.append(term(owner, None, label))
            terms.extend(term(owner, None, label, row) for row in rows)
    return terms


def _expand(low: str, high: str) -> list[str]:
    if low.isdigit() and high.isdigit() and 0 <= int(high) - int(low) <= MAX_EXPANDED_RANGE:
        return [str(n) for n in range(int(low), int(high) + 1)]
    return [low, high]


def query_citation_terms(query: str, registry: Registry | None = None) -> list[str]:
    """Citation terms for a search query: 番号法19条8号, 第十九条第八号, マイナンバー法 19条 8号
    all give ["cite:mynumber_act:a19.i8"]. Whitespace is ignored. A provision without a law
    name belongs to the registry's default law (番号法); a law name alone gives the law term.
    """
    registry = registry or load_registry()
    names = sorted(registry.names().items(), key=lambda item: (-len(item[0]), item[0]))
    text = _WHITESPACE.sub("", matching_copy(query))
    state = _QueryState(registry.default_law)
    position = 0
    while position < len(text):
        position = _query_step(text, position, names, registry, state)
    state.flush_law()
    return list(dict.fromkeys(state.terms))


class _QueryState:
    def __init__(self, default_law: str) -> None:
        self.default_law = default_law
        self.law: str | None = None
        self.law_used = False
        self.terms: list[str] = []
        self.last: tuple[str, str, int] | None = None  # law, provision, end

    def flush_law(self) -> None:
        if self.law is not None and not self.law_used:
            self.terms.append(term(self.law))

    def set_law(self, law: str) -> None:
        self.flush_law()
        self.law, self.law_used, self.last = law, False, None


def _query_step(
    text: str, position: int, names: list[tuple[str, str]], registry: Registry, state: _QueryState
) -> int:
    for name, key in names:
        if text.startswith(name, position):
            state.set_law(key)
            return position + len(name)
    if match := _QUERY_PROVISION.match(text, position):
        return _query_provision(text, match, registry, state)
    if match := _QUERY_TABLE.match(text, position):
        return _query_table(match, registry, state) or position + 1
    return position + 1


def _query_provision(text: str, match: re.Match, registry: Registry, state: _QueryState) -> int:
    law = state.law or state.default_law
    article = number_value(match.group(1)) + "".join(
        "_" + number_value(n) for n in re.findall(NUMBER, match.group(2))
    )
    paragraph = number_value(match.group(3)) if match.group(3) else None
    item = branched_value(match.group(4) + match.group(5)) if match.group(4) else None
    delegation = _QUERY_DELEGATION.match(text, match.end())
    delegate = registry.delegate(law, article, item) if delegation else None
    if delegate is not None and delegation.group(1) in delegate.delegated_by.names:
        state.set_law(delegate.key)
        return delegation.end()
    provision = Citation(raw="", law=law, article=article, paragraph=paragraph, item=item)
    state.terms.append(term(law, provision.provision))
    state.law_used, state.last = True, (law, provision.provision, match.end())
    return match.end()


def _query_table(match: re.Match, registry: Registry, state: _QueryState) -> int | None:
    attached = state.last is not None and state.last[2] == match.start()
    if match.group(2) == "表" and not (match.group(1) and attached):
        return None
    owner = state.last[0] if attached else (state.law or state.default_law)
    label = "別表第" + str(to_int(match.group(3))) if match.group(3) else match.group(2)
    label = _canonical_label(label)
    alias = registry.table_alias(owner, label)
    row = branched_value(match.group(4)) if match.group(4) else ""
    if attached:
        state.terms.pop()
    provision = state.last[1] if attached else None
    state.terms.append(term(owner, provision, alias.alias_of if alias else label, row))
    state.law_used, state.last = True, None
    return match.end()


def _canonical_label(label: str) -> str:
    if label.startswith("別表第"):
        return "別表第" + kanji_label_number(label.removeprefix("別表第"))
    return label
