"""What the build promises: determinism, all-or-nothing output, guarded paths, escaping."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import build as build_module
from generator.write import GuardedWriter, OutputPathError, safe_relative
from tests.site.conftest import SMALL_CATALOGUE, build_into

DATA_MARKERS = ("alert(", "evil.example", "tracker.example")


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_catalogue_are_byte_identical(small_site, tmp_path):
    again = build_into(SMALL_CATALOGUE, tmp_path)
    assert again.code == 0
    assert digest(again.site) == digest(small_site.site)
    assert digest(again.content) == digest(small_site.content)


def test_an_invalid_catalogue_fails_the_build_and_leaves_the_published_site(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    first = build_into(catalogue, tmp_path)
    assert first.code == 0
    before = digest(first.site)
    broken = catalogue / "130001-chiji" / "130001-chiji-35.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "subcontracting: 再委託する", "subcontracting: たぶん"
        ),
        encoding="utf-8",
    )
    capfd.readouterr()
    assert build_into(catalogue, tmp_path).code == 1
    output = capfd.readouterr()
    assert re.search(r"130001-chiji-35\.yaml:\d+:\d+: エラー: .*subcontracting", output.out)
    assert "公開中のサイトは変更していません" in output.err
    assert digest(first.site) == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".pia-cache"]
    assert not leftovers  # no temporary tree; the cache is the first build's record


def test_two_things_claiming_one_output_path_is_an_error(tmp_path):
    writer = GuardedWriter(tmp_path)
    writer.write_text("assessments/x/index.md", "a", "x")
    with pytest.raises(OutputPathError, match="二重"):
        writer.write_text("assessments/x/index.md", "b", "y")


def test_a_claimed_path_is_known_by_any_spelling_of_it(tmp_path):
    writer = GuardedWriter(tmp_path)
    writer.write_text("data/a.json", "{}", "x")
    assert writer.is_claimed("data/a.json") and writer.is_claimed("./data//a.json")
    assert not writer.is_claimed("data/b.json")


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "a/../../b", "a\\b", ""])
def test_an_output_path_outside_its_root_is_refused(tmp_path, path):
    with pytest.raises(OutputPathError):
        GuardedWriter(tmp_path).write_text(path, "x", "test")


def _normalized_by_pathlib(relative: str) -> str:
    """safe_relative as first written, every path through PurePosixPath: its specification."""
    if not relative or "\\" in relative or "\x00" in relative:
        raise OutputPathError(relative)
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".", "") for part in path.parts):
        raise OutputPathError(relative)
    return path.as_posix()


@given(st.lists(st.sampled_from(["a", "b.md", ".", "..", "", "x\\y", "\x00", "日本"]), max_size=5))
def test_output_paths_are_normalized_and_refused_as_pathlib_would(parts):
    relative = "/".join(parts)
    try:
        expected: str | type[OutputPathError] = _normalized_by_pathlib(relative)
    except OutputPathError:
        expected = OutputPathError
    try:
        assert safe_relative(relative) == expected
    except OutputPathError:
        assert expected is OutputPathError


def test_no_script_from_the_data_reaches_any_page(hostile_site):
    scripts = [
        (name, str(s)[:120])
        for name, soup in hostile_site.html_pages().items()
        for s in soup.find_all("script")
        if any(m in (s.get("src", "") + (s.string or "")) for m in DATA_MARKERS)
    ]
    assert not scripts


def test_no_element_from_the_data_carries_an_event_handler(hostile_site):
    handlers = [
        (name, tag.name, attr)
        for name, soup in hostile_site.html_pages().items()
        for tag in soup.find_all(True)
        for attr in tag.attrs
        if attr.lower().startswith("on")
    ]
    assert not handlers


def test_no_link_uses_a_javascript_url_and_no_frame_or_image_comes_from_the_data(hostile_site):
    for name, soup in hostile_site.html_pages().items():
        for tag in soup.find_all(href=True):
            assert not tag["href"].strip().lower().startswith("javascript:"), name
        assert not soup.find_all(["iframe", "svg", "b"], string=re.compile("太字|x"))
        assert not [img for img in soup.find_all("img") if "tracker" in img.get("src", "")]


def test_hostile_values_are_shown_literally_as_text(hostile_site):
    soup = hostile_site.page("assessments/130001-chiji-66/")
    text = soup.get_text()
    assert (
        "<script>alert('pia-title')</script>[公式](javascript:alert(1)) {{ config }}"
        in soup.h1.get_text()
    )
    assert "<img src=x onerror=\"alert('pia-img')\">" in text
    assert (
        "![追跡](https://tracker.example/p.png) # 見出し *強調* {% include 'x' %} {: onclick=alert(3)}"
        in text
    )
    assert "事務 <b onmouseover=alert(4)>太字</b>" in text
    assert "委託 {# comment #}" in text
    assert not soup.find_all(["em", "strong"], string="強調")
    assert "<script>" not in soup.title.get_text() or "&lt;" not in str(soup.title)


def test_the_page_title_from_the_data_cannot_break_out_of_the_title_element(hostile_site):
    html = (hostile_site.site / "assessments/130001-chiji-66/index.html").read_text(
        encoding="utf-8"
    )
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and ">" not in title


def test_pia_build_works_from_a_project_directory_with_relative_paths(tmp_path, monkeypatch):
    shutil.copytree(SMALL_CATALOGUE, tmp_path / "catalogue")
    monkeypatch.chdir(tmp_path)
    from generator.build import build

    assert build(Path("catalogue"), Path("content"), Path("site"), quiet=True) == 0
    assert (tmp_path / "site" / "assessments" / "130001-chiji-35" / "index.html").is_file()
    assert (tmp_path / "content" / "index.md").is_file()


def test_an_empty_catalogue_builds_a_site_with_zero_counts(tmp_path):
    (tmp_path / "catalogue").mkdir()
    built = build_into(tmp_path / "catalogue", tmp_path)
    assert built.code == 0
    counts = [td.get_text() for td in built.page("").select("table.pia-counts td")]
    assert counts == ["0件", "0件", "0件"]


def test_a_build_whose_catalogue_process_dies_fails_and_leaves_the_published_site(
    tmp_path, capfd, monkeypatch
):
    first = build_into(SMALL_CATALOGUE, tmp_path)
    assert first.code == 0
    before = digest(first.site)
    monkeypatch.setattr(build_module, "write_from_catalogue", lambda *_: os._exit(9))
    capfd.readouterr()
    assert build_into(SMALL_CATALOGUE, tmp_path).code == 1
    err = capfd.readouterr().err
    assert "子プロセスが応答なく終了しました(終了コード 9)" in err
    assert "公開中のサイトは変更していません" in err and "Traceback" not in err
    assert digest(first.site) == before


@pytest.mark.parametrize("stop_after", ["正規化:", "検索文書:"])
def test_a_build_stopped_by_sigterm_removes_its_staging_trees_and_leaves_the_site(
    tmp_path, stop_after
):
    """A cancelled CI job or ``kill`` sends SIGTERM: the build stops its child processes and
    removes what it staged, as on Ctrl-C (stopped while the catalogue process works, and
    after it, before MkDocs)."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    first = build_into(catalogue, tmp_path)
    assert first.code == 0
    before = digest(first.site)
    command = [sys.executable, "-m", "generator", "build", "--catalogue", str(catalogue),
               "--content", str(first.content), "--site", str(first.site)]  # fmt: skip
    build = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert build.stdout is not None
    for line in build.stdout:
        if line.startswith(stop_after):
            build.send_signal(signal.SIGTERM)
            break
    _, err = build.communicate(timeout=120)
    assert build.returncode == 128 + signal.SIGTERM
    with pytest.raises(ProcessLookupError):  # no process of the build outlives it
        os.killpg(build.pid, 0)
    assert "終了の要求(SIGTERM)を受けて中断しました。" in err and "Traceback" not in err
    assert digest(first.site) == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".pia-cache"]
    assert not leftovers
