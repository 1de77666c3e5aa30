"""theme/assets/js/names.js must compute exactly the Python match keys.

The inputs are every table cell of the seeds (hundreds of real strings: contractor and
system names, labels, prose fragments), every name of the alias and corporate-form
tables, and the spelling variants of pia-form.md §11/§12. Both sides read the same
tables: Python emits them as JSON, as the build does for the browser.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from generator.normalize.contractors import contractor_key, key_tables
from generator.normalize.systems import known_systems, system_alias_map, system_key

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
NAMES_JS = ROOT / "theme" / "assets" / "js" / "names.js"
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
CELL_SPLIT_RE = re.compile(r"[|\t]")

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const { contractorKey, systemKey } = await import(process.argv[1]);
const { tables, inputs } = JSON.parse(readFileSync(0, "utf8"));
const keys = inputs.map((text) => [
  contractorKey(text, tables.contractors),
  systemKey(text, tables.systems),
]);
process.stdout.write(JSON.stringify(keys));
"""

VARIANTS = [
    "NTTデータ", "㈱NTTデータ", "株式会社 NTTデータ", "ＮＴＴデータ", "（株）ＮＴＴデータ",
    "NTTデータ(株)", "ｎｔｔ データ", "NTT・データ", "株式会社", "(株)", "㈲山田商店",
    "一般社団法人 日本経済団体連合会", "地方独立行政法人東京都立病院機構", "NPO法人ABC",
    "東京都住宅供給公社", "中間サーバ", "中間サーバー", "中間サーバーー", "ﾁｭｳｶﾝｻｰﾊﾞｰ",
    "中間サーバー・ソフトウェア", "中間サーバ・ソフトウェア", "住基ネット", "住基ネット(東京都サーバー)",
    "住民基本台帳ネットワークシステム(東京都サーバ)", "Ｅ－ＧＯＶ", "e‐Gov", "e−gov", "J-LIS",
    "ＬｏＧｏフォーム", "びったりサービス", "マイポータル", "住基連携サーバ", "住基連携サーバー",
    "ユーザー認証", "", " ", "\u3000", "ー", "サー", "(", "()", "a(b)", "ｰ",
]  # fmt: skip


def seed_cells() -> list[str]:
    """Every table cell of the three seeds, tags stripped, up to 80 characters."""
    cells = set()
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            for cell in CELL_SPLIT_RE.split(HTML_TAG_RE.sub(" ", line)):
                if 0 < len(cell.strip()) <= 80:
                    cells.add(cell.strip())
    return sorted(cells)


def table_names() -> list[str]:
    names = [n for s in known_systems() for n in (s.name, *s.aliases)]
    return names + list(key_tables()["forms"]) + [a for a, _ in key_tables()["abbreviations"]]


def js_keys(inputs: list[str]) -> list[list[str]]:
    node = shutil.which("node")
    assert node is not None, "node is required: make test installs it"
    tables = {"contractors": key_tables(), "systems": system_alias_map()}
    result = subprocess.run(
        [node, "--input-type=module", "-e", NODE_SCRIPT, NAMES_JS.as_uri()],
        input=json.dumps({"tables": tables, "inputs": inputs}, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_the_inputs_cover_hundreds_of_seed_strings_and_every_table_name():
    cells = seed_cells()
    assert len(cells) > 500
    assert {"株式会社NTTデータ", "中間サーバ", "富士通Japan株式会社", "LoGoフォーム"} <= set(cells)


def test_names_js_computes_the_same_contractor_and_system_keys_as_python():
    inputs = sorted(set(seed_cells() + table_names() + VARIANTS))
    expected = [[contractor_key(text), system_key(text)] for text in inputs]
    actual = js_keys(inputs)
    mismatches = [
        (text, py, js) for text, py, js in zip(inputs, expected, actual, strict=True) if py != js
    ]
    assert mismatches == []


def test_the_browser_keys_fold_the_spelling_variants_together():
    inputs = ["㈱NTTデータ", "ＮＴＴデータ株式会社", "中間サーバ", "中間サーバー", "住基ネット",
              "住民基本台帳ネットワークシステム"]  # fmt: skip
    keys = js_keys(inputs)
    assert keys[0][0] == keys[1][0] == "nttデータ"
    assert keys[2][1] == keys[3][1]
    assert keys[4][1] == keys[5][1] == "住民基本台帳ネットワークシステム"
