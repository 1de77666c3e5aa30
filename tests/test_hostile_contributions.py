"""Hostile pull requests: warned about by `pia validate`, shown as plain text on the site.

The fixtures in tests/fixtures/hostile_contributions/ are model-valid files carrying markup,
scripts, URLs, template syntax and invisible characters. Each test writes them into a
temporary project (catalogue/<agency-slug>/<id>.yaml) and runs the real commands there.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import io
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import ValidationError

from generator.cli import COMMANDS
from generator.model import ASSESSMENT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile_contributions"
SEED = next((ROOT.parent / "shared" / "seeds").glob("002_*.txt"))
HOSTILE = sorted(FIXTURES.glob("*.yaml"))
# Every fixture except the one whose id is an error: together they must still build.
BUILDABLE = [path for path in HOSTILE if path.name != "another_agencys_id.yaml"]
LONG_ID = "290009-chiji-906"
LONG_VALUE = "長" * 199_990 + "LONGVALUEEND"  # 200,002 characters
DATA_MARKERS = ("alert(", "evil.example", "tracker.example", "phishing.example", "document.cookie")

SCRIPT = "HTMLの<script>タグが含まれています"
HANDLER = "HTMLのイベント属性(onclick= など)が含まれています"
URL = "javascript: や data: で始まるURLが含まれています"
MARKDOWN = "Markdownのリンク・画像の記法 [..](..)が含まれています"
TEMPLATE = "テンプレートの記法 {{ }} / {% %}が含まれています"


# --- helpers -----------------------------------------------------------------------------


def pia(command: str, *argv: str) -> tuple[int, str]:
    """Run one `pia` sub-command as the CLI wires it; its exit code and all its output."""
    module = importlib.import_module(COMMANDS[command][0])
    parser = argparse.ArgumentParser(prog=f"pia {command}")
    module.add_arguments(parser)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        code = int(module.run(parser.parse_args(list(argv))))
    return code, buffer.getvalue()


def place(catalogue: Path, text: str) -> Path:
    """Write a file at the canonical path of the id it declares."""
    identifier = yaml.safe_load(text)["id"]
    path = catalogue / identifier.rsplit("-", 1)[0] / f"{identifier}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def long_value_file() -> str:
    return (
        f"form_type: 重点項目評価書\nid: {LONG_ID}\ncover:\n  number: '906'\n"
        "  title: 非常に長い記載のある評価書\n  agency: 奈良県知事\nbasic_info:\n  business:\n"
        f"    description: {LONG_VALUE}\n"
    )


def build_args(project: Path) -> list[str]:
    """`pia build` of a project directory (absolute paths: the build runs from anywhere)."""
    return [f"--{part}={project / part}" for part in ("catalogue", "content", "site")]


def line_of(path: Path, snippet: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if snippet in line)


def warning_at(output: str, path: Path, line: int, message: str, severity: str = "警告") -> bool:
    pattern = re.compile(
        rf"^{re.escape(path.as_posix())}:{line}:\d+: {severity}: .*{re.escape(message)}"
    )
    return any(pattern.match(row) for row in output.splitlines())


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project directory as the working directory, with catalogue/."""
    (tmp_path / "catalogue").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def import_seed(catalogue: Path) -> Path:
    """The seed 002 (奈良県知事 No.30) imported with `pia import`, placed in `catalogue`."""
    code, output = pia("import", str(SEED), "-o", str(catalogue))
    assert code == 0, output
    (imported,) = catalogue.rglob("*.yaml")
    return imported


# --- the fixtures are what they claim ----------------------------------------------------


@pytest.mark.parametrize("fixture", HOSTILE, ids=lambda p: p.stem)
def test_every_hostile_fixture_is_a_model_valid_assessment(fixture: Path):
    ASSESSMENT.validate_python(yaml.safe_load(fixture.read_text(encoding="utf-8")))


# --- pia validate warns ------------------------------------------------------------------

WARNINGS = [
    ("script_and_event_handlers", "title:", SCRIPT),
    ("script_and_event_handlers", "declaration:", HANDLER),
    ("script_and_event_handlers", "special_notes:", HANDLER),
    ("script_and_event_handlers", "description:", SCRIPT),
    ("script_and_event_handlers", "onpageshow", HANDLER),
    ("script_and_event_handlers", "iframe", SCRIPT),
    ("script_and_event_handlers", "document.cookie", SCRIPT),
    ("urls_in_free_text", "note:", URL),
    ("urls_in_free_text", "name:", URL),
    ("urls_in_free_text", "data:text/html", URL),
    ("urls_in_free_text", "JaVaScRiPt:", URL),
    ("urls_in_free_text", "vbscript:", URL),
    ("markdown_injection", "title:", MARKDOWN),
    ("markdown_injection", "title:", URL),
    ("markdown_injection", "declaration:", MARKDOWN),
    ("markdown_injection", "special_notes:", MARKDOWN),
    ("markdown_injection", "special_notes:", HANDLER),
    ("markdown_injection", "ontoggle", HANDLER),
    ("markdown_injection", "item:", MARKDOWN),
    ("template_syntax", "title:", TEMPLATE),
    ("template_syntax", "declaration:", TEMPLATE),
    ("template_syntax", "special_notes:", TEMPLATE),
    ("template_syntax", "include", TEMPLATE),
    ("template_syntax", "{# comment #}", TEMPLATE),
    ("invisible_characters", "agency:", "見えない文字(U+200B ZERO WIDTH SPACE)が含まれています"),
    (
        "invisible_characters",
        "contractor:",
        "見えない文字(U+202E RIGHT-TO-LEFT OVERRIDE)が含まれています",
    ),
    ("invisible_characters", "保育士登録簿ファイル", "U+2066 LEFT-TO-RIGHT ISOLATE"),
]


@pytest.mark.parametrize(("stem", "snippet", "message"), WARNINGS)
def test_validate_warns_about_hostile_content_on_its_line(
    stem: str, snippet: str, message: str, project: Path
):
    path = place(Path("catalogue"), (FIXTURES / f"{stem}.yaml").read_text(encoding="utf-8"))
    code, output = pia("validate", str(path))
    assert code == 0, output  # warnings only: the file is valid
    assert warning_at(output, path, line_of(path, snippet), message), output


def test_validate_warns_about_an_extremely_long_value(project: Path):
    path = place(Path("catalogue"), long_value_file())
    _, output = pia("validate", str(path))
    message = "非常に長い文字列(200,002文字)が含まれています"
    assert warning_at(output, path, line_of(path, "description:"), message), output[:2000]


def test_a_file_claiming_another_agencys_id_is_an_error_naming_the_right_id(project: Path):
    text = (FIXTURES / "another_agencys_id.yaml").read_text(encoding="utf-8")
    path = place(Path("catalogue"), text)
    code, output = pia("validate", str(path))
    assert code == 1
    message = "IDが評価実施機関「奈良県知事」のスラッグ「290009-chiji」で始まっていません。他の評価実施機関のIDです"
    assert warning_at(output, path, line_of(path, "id:"), message, "エラー"), output
    assert "id: 290009-chiji-30" in output


@pytest.mark.parametrize("fixture", [*HOSTILE, None], ids=lambda p: p.stem if p else "long")
def test_strict_validation_as_run_by_ci_fails_on_every_hostile_file(
    fixture: Path | None, project: Path
):
    text = fixture.read_text(encoding="utf-8") if fixture else long_value_file()
    path = place(Path("catalogue"), text)
    code, _ = pia("validate", "--strict", str(path))
    assert code == 1


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT://comment%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://www.pref.nara.jp/a.pdf" onmouseover="alert(1)',
    "https://www.pref.nara.jp/<script>alert(1)</script>.pdf",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_model_refuses_a_provenance_url_that_is_not_plain_http(url: str, project: Path):
    data = yaml.safe_load((FIXTURES / "urls_in_free_text.yaml").read_text(encoding="utf-8"))
    data["provenance"]["url"] = url
    with pytest.raises(ValidationError):
        ASSESSMENT.validate_python(data)
    path = place(Path("catalogue"), yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    code, output = pia("validate", str(path))
    assert code == 1
    message = "provenance.url (公表されたPDFのURL): http:// または https:// で始まるURLが必要です"
    assert warning_at(output, path, line_of(path, "url:"), message, "エラー"), output


# --- the build escapes everything --------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, BeautifulSoup]]:
    """A site built from the seed 002 plus every buildable hostile file."""
    project = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        catalogue = project / "catalogue"
        catalogue.mkdir()
        import_seed(catalogue)
        for fixture in BUILDABLE:
            place(catalogue, fixture.read_text(encoding="utf-8"))
        place(catalogue, long_value_file())
        code, output = pia("build", *build_args(project))
        assert code == 0, output
    site = project / "site"
    pages = {
        p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in site.rglob("*.html")
    }
    return site, pages


def page_text(pages: dict[str, BeautifulSoup]) -> str:
    return "\n".join(soup.get_text() for soup in pages.values())


def test_no_script_from_the_data_reaches_the_site(hostile_site):
    _, pages = hostile_site
    injected = [
        (name, str(script)[:200])
        for name, soup in pages.items()
        for script in soup.find_all("script")
        if any(
            marker in f"{script.get('src', '')} {script.string or ''}" for marker in DATA_MARKERS
        )
    ]
    assert not injected


def test_no_element_carries_an_event_handler_attribute(hostile_site):
    _, pages = hostile_site
    handlers = [
        (name, tag.name, attribute)
        for name, soup in pages.items()
        for tag in soup.find_all(True)
        for attribute in tag.attrs
        if attribute.lower().startswith("on")
    ]
    assert not handlers


def test_no_link_or_source_uses_a_javascript_or_data_url(hostile_site):
    _, pages = hostile_site
    bad = [
        (name, tag.name, tag.get(attribute))
        for name, soup in pages.items()
        for attribute in ("href", "src", "action", "formaction", "srcdoc")
        for tag in soup.find_all(attrs={attribute: True})
        if re.match(r"\s*(javascript|vbscript|data):", str(tag.get(attribute)), re.IGNORECASE)
        or attribute == "srcdoc"
    ]
    assert not bad


def test_markup_from_the_data_is_shown_as_text_not_as_elements(hostile_site):
    _, pages = hostile_site
    injected_tags = [
        (name, tag.name)
        for name, soup in pages.items()
        for tag in soup.find_all(["iframe", "object", "embed", "svg", "details", "textarea"])
        if tag.name in ("iframe", "object", "embed")
        or any(marker in str(value) for value in tag.attrs.values() for marker in DATA_MARKERS)
        or (tag.name == "details" and tag.get_text(strip=True) == "介護支援専門員")
    ]
    assert not injected_tags
    text = page_text(pages)
    assert "<script>alert('title')</script>" in text
    assert "<img src=x onerror=\"alert('declaration')\">" in text


def test_markdown_from_the_data_is_shown_literally(hostile_site):
    _, pages = hostile_site
    text = page_text(pages)
    assert "[公式サイトはこちら](javascript:alert('title'))" in text
    assert "![追跡画像](https://tracker.example/pixel.png)" in text
    images = [img["src"] for soup in pages.values() for img in soup.find_all("img", src=True)]
    assert not [src for src in images if "tracker.example" in src or src.startswith("data:")]
    hijacked = [
        (name, tag.name)
        for name, soup in pages.items()
        for tag in soup.find_all(["a", "h1", "h2", "h3", "strong", "em", "table"])
        if tag.get_text(strip=True)
        in ("ログインしてください", "見出しの乗っ取り", "強調", "太字", "の乗っ取り")
    ]
    assert not hijacked


def test_template_syntax_from_the_data_is_rendered_literally(hostile_site):
    _, pages = hostile_site
    text = page_text(pages)
    for literal in ("{{ config }}", "{% include '/etc/passwd' %}", "{{ 7*7 }}", "{# comment #}"):
        assert literal in text, literal
    assert "${{ secrets.GITHUB_TOKEN }}" in text


def test_an_extremely_long_value_is_published_whole(hostile_site):
    site, _ = hostile_site
    pages = [p for p in site.rglob("*.html") if "LONGVALUEEND" in p.read_text(encoding="utf-8")]
    assert pages


def test_the_seed_page_is_built_next_to_the_hostile_ones(hostile_site):
    _, pages = hostile_site
    assert "介護支援専門員の登録(免許)に関する事務" in page_text(pages)


# --- one bad file: the build fails clearly and the published site stays ------------------


def test_a_catalogue_with_one_invalid_file_fails_the_build_and_keeps_the_existing_site(
    project: Path,
):
    catalogue = project / "catalogue"
    import_seed(catalogue)
    code, output = pia("build", *build_args(project))
    assert code == 0, output
    before = tree_digest(project / "site")
    assert "index.html" in before

    data = yaml.safe_load((FIXTURES / "urls_in_free_text.yaml").read_text(encoding="utf-8"))
    data["provenance"]["url"] = "javascript:alert(1)"
    bad = place(Path("catalogue"), yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    code, output = pia("build", *build_args(project))

    assert code == 1
    message = "provenance.url (公表されたPDFのURL): http:// または https:// で始まるURLが必要です"
    assert warning_at(output, bad, line_of(bad, "url:"), message, "エラー"), output
    assert "Traceback" not in output
    assert tree_digest(project / "site") == before


def test_ci_never_publishes_after_a_failed_step():
    """Pages get the artifact only when every earlier step succeeded."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            assert not step.get("continue-on-error"), step
            assert "always()" not in str(step.get("if", "")), step
    assert workflow["jobs"]["deploy"]["needs"] == "build"
