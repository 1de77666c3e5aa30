"""The section-and-field state machine over the body rows of an assessment.

State: the current part, section, risk and repeated block. A row is, in this order: a part
heading, a section heading, a block header (システムN …), a risk heading, a labelled field
(searched from the innermost scope outwards), or the continuation of the open text field.
Generic labels (その妥当性, 具体的な方法 …) are resolved by scope and by the field that
precedes them in the form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from generator.importer.annexes import read_change, read_record_item
from generator.importer.choices import read_toggle
from generator.importer.fields import (
    FieldSpec,
    block_fields,
    fields_of,
    loose,
    model_fields,
    parse_risk_heading,
    risks_of,
)
from generator.importer.forms import Scope
from generator.importer.labels import best_match, parse_label, split_heads
from generator.importer.matching import (
    Context,
    after_first_line,
    looks_like_label,
    raw_after,
    resolve,
)
from generator.importer.report import Report
from generator.importer.text import Row
from generator.importer.values import convert

BLOCK_RE = re.compile(r"^(システム|委託事項|提供先|移転先)\s*(\d{1,2})$")
GROUP_ROW_RE = re.compile(r"^(システム|委託事項|提供先|移転先)\s*\d{1,2}\s*[~～〜]\s*\d{1,2}$")


@dataclass
class Walker:
    outline: tuple[Scope, ...]
    report: Report
    doc: dict[str, Any] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    part: Scope | None = None
    section: Scope | None = None
    contexts: list[Context] = field(default_factory=list)
    sub: Context | None = None
    record_group: str | None = None
    record_group_line: int | None = None
    pending: tuple[Context, FieldSpec] | None = None
    file_index: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    open_field: tuple[dict[str, Any], str, str] | None = None

    # -- entry ---------------------------------------------------------------------------
    def walk(self, rows: list[Row]) -> None:
        for row in rows:
            self.row(row)
        self._close_group()

    def row(self, row: Row) -> None:
        if self.part is not None and self.part.special == "changes":
            if self._part_heading(row):
                return
            self._change(row)
            return
        for step in (self._part_heading, self._section_heading, self._block, self._risk):
            if step(row):
                return
        if self.part is not None and self.part.special == "record_items" and self.section is None:
            self._record_item(row)
            return
        if self._field(row):
            return
        self._continuation(row)

    # -- targets -------------------------------------------------------------------------
    def _root(self, scope: Scope) -> dict[str, Any]:
        if scope.root == "doc":
            return self.doc
        while len(self.files) <= self.file_index:
            self.files.append({"no": len(self.files) + 1})
        return self.files[self.file_index]

    def _target(self, scope: Scope) -> dict[str, Any]:
        node = self._root(scope)
        for key in scope.path:
            node = node.setdefault(key, {})
        return node

    def _scope_path(self, scope: Scope) -> str:
        """The semantic path of a scope's target: files[0]/overview/basics."""
        parts = [f"files[{self.file_index}]"] if scope.root == "file" else []
        return "/".join([*parts, *scope.path])

    @staticmethod
    def _path(base: str, key: str) -> str:
        return f"{base}/{key}" if base else key

    # -- headings ------------------------------------------------------------------------
    def _part_heading(self, row: Row) -> bool:
        text = row.cells[row.first] if row.first < len(row.cells) else ""
        label = parse_label(text.split("\n", 1)[0])
        if label.kind not in ("roman", "annex"):
            return False
        key = loose(text.split("\n", 1)[0])
        for scope in self.outline:
            if best_match(key, [loose(h) for h in scope.headings], 0.9):
                self._enter_part(scope, row)
                return True
        return False

    def _enter_part(self, scope: Scope, row: Row) -> None:
        self._close_group()
        self.part, self.section, self.contexts, self.open_field = scope, None, [], None
        self.sub, self.pending = None, None
        if scope.root == "file":
            count = self.counters.get(scope.name, 0)
            self.counters[scope.name] = count + 1
            self.file_index = count
            self._root(scope)
        if scope.model is not None:
            self.contexts = [
                Context(self._scope_path(scope), self._target(scope), fields_of(scope))
            ]
        if scope.value:
            self._set_heading_value(scope, row)

    def _section_heading(self, row: Row) -> bool:
        text = row.cells[row.first] if row.first < len(row.cells) else ""
        first_line = text.split("\n", 1)[0]
        if parse_label(first_line).kind != "arabic":
            return False
        later = [p for p in self.outline[self._part_index() + 1 :] if p.special != "free_text"]
        if self.part is not None and self.part.special == "free_text":
            later = []
        for part in [self.part, *later]:
            scope = self._match_section(first_line, list(self._sections_in(part)))
            if scope is not None:
                if part is not self.part and part is not None:
                    self.report.damaged(
                        part.name, row.line, "部の見出しが見つからないまま本文が続いています"
                    )
                    self._enter_part(part, row)
                self._enter_section(scope, row)
                return True
        return False

    def _part_index(self) -> int:
        return self.outline.index(self.part) if self.part in self.outline else -1

    @staticmethod
    def _sections_in(part: Scope | None) -> tuple[Scope, ...]:
        return part.children if part is not None else ()

    @staticmethod
    def _match_section(text: str, sections: list[Scope]) -> Scope | None:
        heads = [text, *(head for head, _ in split_heads(text))]
        for head in heads:
            key = loose(head)
            for scope in sections:
                if best_match(key, [loose(h) for h in scope.headings], 0.9):
                    return scope
        return None

    def _enter_section(self, scope: Scope, row: Row) -> None:
        if scope.value == "name" and self.part is not None and self._root(scope).get("name"):
            # II-1 printed again without a new II heading: the next 特定個人情報ファイル
            self.file_index = self.counters[self.part.name] = len(self.files)
            self.counters[self.part.name] += 1
        self.section, self.open_field, self.sub, self.pending = scope, None, None, None
        base = self.contexts[:1] if self.part and self.part.model else []
        is_list = any(not b[0] for b in scope.blocks.values())
        target = {} if is_list else self._target(scope)
        self.contexts = [*base, Context(self._scope_path(scope), target, fields_of(scope))]
        raw = " ".join(row.raw)
        for key, label in scope.toggles.items():
            checked = read_toggle(raw, label)
            if checked is not None:
                target[key] = checked
                self.report.found(self._path(self._scope_path(scope), key), row.line)
        if scope.value:
            self._set_heading_value(scope, row)

    def _set_heading_value(self, scope: Scope, row: Row) -> None:
        target = self._target(scope)
        value = after_first_line(row)
        if scope.value == "_file_name":
            self.open_field = None
            if value:
                self._pick_file(value, row)
            else:
                self.open_field = ({}, "_file_name", "")
            return
        spec = next((s for s in fields_of(scope) if s.key == scope.value), None)
        if spec is not None and spec.kind != "text" and self.contexts:
            raw = row.raw_rest(row.first) if row.first + 1 < len(row.raw) else ""
            if convert(spec, raw, value).data in (None, "", []):
                self.pending = (self.contexts[-1], spec)  # the answer is on a later row
            else:
                self._set(self.contexts[-1], spec, value, raw, row)
            return
        target[scope.value] = value
        path = self._path(self._scope_path(scope), scope.value)
        self.report.found(path, row.line, empty=not value)
        self.open_field = (target, scope.value, path)

    def _pick_file(self, name: str, row: Row) -> None:
        wanted = loose(name)
        for index, item in enumerate(self.files):
            if wanted and loose(str(item.get("name", ""))) == wanted:
                self.file_index = index
                return
        if wanted:
            self.report.damaged("III-1", row.line, f"IIにないファイル名です: {name[:40]}")

    # -- repeated blocks and risks -------------------------------------------------------
    def _block(self, row: Row) -> bool:
        if self.section is None or not self.section.blocks:
            return False
        text = unicodedata.normalize("NFKC", row.cells[row.first]).strip()
        if GROUP_ROW_RE.match(text):
            if row.rest(row.first):
                self.report.damaged(self.section.name, row.line, "グループ行に記載があります")
            return True
        match = BLOCK_RE.match(text)
        if not match or match.group(1) not in self.section.blocks:
            return False
        list_key, model, name_key = self.section.blocks[match.group(1)]
        if list_key:
            items = self._target(self.section).setdefault(list_key, [])
        else:  # the section's own path is the list (I-2 システム)
            items = self._list_target(self.section)
        item: dict[str, Any] = {"no": int(match.group(2))}
        items.append(item)
        base = self._scope_path(self.section)
        name = f"{base}/{list_key}[{len(items) - 1}]" if list_key else f"{base}[{len(items) - 1}]"
        self.sub = Context(name, item, block_fields(model, tuple(self.section.aliases.items())))
        self.open_field = None
        if name_key:
            item[name_key] = row.rest(row.first)
            self.report.found(self._path(name, name_key), row.line, empty=not item[name_key])
            self.open_field = (item, name_key, self._path(name, name_key))
        return True

    def _list_target(self, scope: Scope) -> list[dict[str, Any]]:
        node = self._root(scope)
        for key in scope.path[:-1]:
            node = node.setdefault(key, {})
        return node.setdefault(scope.path[-1], [])  # type: ignore[no-any-return]

    def _risk(self, row: Row) -> bool:
        parsed = parse_risk_heading(row.cells[row.first])
        if parsed is None or self.section is None:
            return False
        number, text = parsed
        risks = risks_of(self.section.model)
        if not risks:
            return True  # 重点: a single caption `リスク: …`; the fields sit on the section
        best = best_match(text, [r.text for r in risks], 0.8)
        chosen = next((r for r in risks if r.text == best), None)
        if chosen is None:
            chosen = next((r for r in risks if r.number == number), None)
            if chosen is not None:
                self.report.damaged(
                    self.section.name, row.line, f"リスク名が様式と異なります: {text[:40]}"
                )
        if chosen is None:
            self.report.damaged(self.section.name, row.line, f"不明なリスク: {text[:40]}")
            return True
        target = self._target(self.section).setdefault(chosen.key, {})
        name = f"{self._scope_path(self.section)}/{chosen.key}"
        self.sub = Context(name, target, model_fields(chosen.model))
        self.open_field = None
        return True

    # -- fields --------------------------------------------------------------------------
    def _contexts(self) -> list[Context]:
        return [c for c in (self.sub, *reversed(self.contexts)) if c is not None]

    def _field(self, row: Row) -> bool:
        contexts = self._contexts()
        if not contexts:
            return False
        groups = [loose(g) for g in self.section.groups] if self.section else []
        captions = [loose(c) for c in self.section.captions] if self.section else []
        for index in range(row.first, len(row.cells)):
            cell = row.cells[index]
            if not cell:
                continue
            key = loose(cell.split("\n", 1)[0])
            if key in groups:
                continue
            if any(key.startswith(c) for c in captions):
                return True
            found = self._match(row, index, contexts)
            if found is None:
                return False
            context, spec, text, raw = found
            self._set(context, spec, text, raw, row)
            return True
        return False

    def _match(
        self, row: Row, index: int, contexts: list[Context]
    ) -> tuple[Context, FieldSpec, str, str] | None:
        cell, raw_cell = row.cells[index], row.raw[index]
        first, _, others = cell.partition("\n")
        rest_text = "\n".join(x for x in (others, row.rest(index)) if x)
        rest_raw = row.raw_rest(index)
        splits = [(first, rest_text, raw_after(raw_cell, first, rest_raw))]
        for head, tail in split_heads(first):
            text = "\n".join(x for x in (tail, others, row.rest(index)) if x)
            splits.append((head, text, raw_after(raw_cell, head, rest_raw)))
        for fuzzy in (False, True):
            for label, text, raw in splits:
                for context in contexts:
                    spec = resolve(context, loose(label), fuzzy)
                    if spec is not None:
                        return context, spec, text, raw
            splits = splits[:1]  # fuzzy matching only on the whole first line
        return None

    def _set(self, context: Context, spec: FieldSpec, text: str, raw: str, row: Row) -> None:
        value = convert(spec, raw, text)
        path = self._path(context.name, spec.key)
        old = context.target.get(spec.key)
        context.last = spec.index
        self.open_field = self.pending = None
        if old not in (None, "", []) and value.data != old:
            if value.data not in (None, "", []):
                self.report.damaged(path, row.line, "同じ項目が重複しています(最初の記載を採用)")
            return
        if value.data is not None:
            context.target[spec.key] = value.data
        for key, extra in value.extra.items():
            context.target[key] = extra
            self.report.found(self._path(context.name, key), row.line)
        for problem in value.problems:
            self.report.damaged(path, row.line, problem)
        self.report.found(path, row.line, empty=value.data in ("", None, []))
        if spec.kind == "text":
            self.open_field = (context.target, spec.key, path)
        elif spec.kind in ("choice", "multi", "date") and not text.strip():
            self.pending = (context, spec)  # a row split across lines: the answer follows

    # -- continuation, annexes -----------------------------------------------------------
    def _continuation(self, row: Row) -> None:
        text = "\n".join(c for c in row.cells if c)
        if self.pending is not None:
            context, spec = self.pending
            self._set(context, spec, text, " ".join(c for c in row.raw if c.strip()), row)
            return
        if self.open_field is None or self._unknown_part_heading(text):
            self.report.unknown(row.line, text)
            self.open_field = None
            return
        target, key, path = self.open_field
        if key == "_file_name":
            self._pick_file(text, row)
            self.open_field = None
            return
        if looks_like_label(row):
            self.report.unknown(row.line, text)
            return
        previous = target.get(key) or ""
        target[key] = f"{previous}\n{text}" if previous else text
        self.report.found(path, row.line)

    def _unknown_part_heading(self, text: str) -> bool:
        """`V 何か` outside free text: a part heading the outline does not know ends the text."""
        free = self.part is not None and self.part.special == "free_text"
        first = text.split("\n", 1)[0]
        return not free and len(first) <= 60 and parse_label(first).kind in ("roman", "annex")

    def _record_item(self, row: Row) -> None:
        file = self._root(self.part) if self.part else {}
        for kind, value in read_record_item(row):
            if kind == "ref":
                file["record_items_ref"] = value
                self.report.found(f"files[{self.file_index}]/record_items_ref", row.line)
            elif kind == "group":
                self._close_group()
                self.record_group = value
                self.record_group_line = row.line
            else:
                item = dict(value, group=self.record_group) if self.record_group else value
                file.setdefault("record_items", []).append(item)
                self.record_group_line = None

    def _close_group(self) -> None:
        """A group heading of 記録項目 with no item under it is kept as a row of its own."""
        if self.part and self.record_group and self.record_group_line is not None:
            file = self._root(self.part)
            file.setdefault("record_items", []).append({"group": self.record_group})
            self.report.found(f"files[{self.file_index}]/record_items", self.record_group_line)
        self.record_group = self.record_group_line = None

    def _change(self, row: Row) -> None:
        change = read_change(row)
        if change is None:
            return
        if isinstance(change, str):
            self.report.unknown(row.line, change)
            return
        self.doc.setdefault("changes", []).append(change)
