"""What the importer found, what was absent and what looked damaged, by field path."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_TEXT = 60


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    message: str = ""


@dataclass
class Report:
    found_paths: dict[str, Finding] = field(default_factory=dict)
    empty_paths: dict[str, Finding] = field(default_factory=dict)
    absent_paths: list[str] = field(default_factory=list)
    damaged_items: list[Finding] = field(default_factory=list)
    unknown_rows: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def found(self, path: str, line: int | None, empty: bool = False) -> None:
        finding = Finding(path, line)
        if empty:
            self.empty_paths.setdefault(path, finding)
        else:
            self.found_paths.setdefault(path, finding)
            self.empty_paths.pop(path, None)

    def damaged(self, path: str, line: int | None, message: str) -> None:
        self.damaged_items.append(Finding(path, line, message))

    def unknown(self, line: int, text: str) -> None:
        short = text.replace("\n", " ")
        short = short if len(short) <= MAX_TEXT else short[:MAX_TEXT] + "…"
        self.unknown_rows.append(Finding("", line, short))

    def notice(self, message: str) -> None:
        self.notices.append(message)

    def render(self) -> str:
        """The Japanese report printed by `pia import --report`."""
        out = ["取り込み結果", *(f"  注意: {n}" for n in self.notices)]
        out.append(f"■ 読み取った項目 ({len(self.found_paths)})")
        out += [f"  {f.path} (行{f.line})" for f in self.found_paths.values()]
        out.append(f"■ 空欄の項目 ({len(self.empty_paths)})")
        out += [f"  {f.path} (行{f.line})" for f in self.empty_paths.values()]
        out.append(f"■ 原本に見当たらない項目 ({len(self.absent_paths)})")
        out += [f"  {p}" for p in self.absent_paths]
        out.append(f"■ 要確認(破損・矛盾の疑い) ({len(self.damaged_items)})")
        out += [f"  {f.path} (行{f.line}): {f.message}" for f in self.damaged_items]
        out.append(f"■ 項目として認識できなかった行 ({len(self.unknown_rows)})")
        out += [f"  行{f.line}: {f.message}" for f in self.unknown_rows]
        return "\n".join(out) + "\n"
