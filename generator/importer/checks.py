"""Contradictions kept as printed and flagged: answers inside switched-off blocks."""

from __future__ import annotations

from typing import Any

from generator.importer.fields import FieldSpec, block_fields, fields_of, model_fields, risks_of
from generator.importer.forms import Scope
from generator.importer.outlines import printed_by_form
from generator.importer.report import Report
from generator.model.choices import FormType

EMPTY = (None, "", "-", "—", "－", [], {})
NETWORK_ACQUISITION = ("out_of_purpose", "unsafe_acquisition", "inaccurate", "leak")
NETWORK_PROVISION = ("improper_provision", "improper_method", "wrong")
TOGGLE_KEYS = ("not_entrusted", "not_provided", "no_acquisition", "no_provision")


def answered(value: Any) -> bool:
    """Whether a value holds an answer (a text, a selected option, a ticked box)."""
    if isinstance(value, dict):
        if "value" in value or "selected" in value:
            return answered(value.get("value")) or answered(value.get("selected"))
        return any(answered(v) for k, v in value.items() if k not in TOGGLE_KEYS)
    if isinstance(value, list):
        return any(answered(v) for v in value)
    return value not in EMPTY and value is not False


def check_file(file: dict[str, Any], prefix: str, report: Report) -> None:
    risks = file.get("risks") or {}
    entrust = risks.get("entrustment") or {}
    if entrust.get("not_entrusted") and answered(entrust):
        report.damaged(f"{prefix}III-4", None, "「委託しない」なのに回答があります")
    provision = risks.get("provision") or {}
    if provision.get("not_provided") and answered(provision):
        report.damaged(f"{prefix}III-5", None, "「提供・移転しない」なのに回答があります")
    network = risks.get("network") or {}
    for toggle, keys, label in (
        ("no_acquisition", NETWORK_ACQUISITION, "接続しない(入手)"),
        ("no_provision", NETWORK_PROVISION, "接続しない(提供)"),
    ):
        if network.get(toggle) and any(answered(network.get(k)) for k in keys):
            report.damaged(f"{prefix}III-6", None, f"「{label}」なのに回答があります")
    overview = file.get("overview") or {}
    status = (overview.get("entrustment") or {}).get("status")
    if status == "委託しない" and entrust.get("not_entrusted") is False:
        report.damaged(f"{prefix}II-4", None, "II-4は「委託しない」、III-4は委託ありの扱いです")


def check(doc: dict[str, Any], report: Report) -> None:
    for index, file in enumerate(doc.get("files") or []):
        check_file(file, f"ファイル{index + 1}/", report)


def absent_fields(outline: tuple[Scope, ...], doc: dict[str, Any], form: FormType) -> list[str]:
    """Paths of the form's fields that the text never printed."""
    out: list[str] = []
    files = list(enumerate(doc.get("files") or []))
    for part in outline:
        for scope in (part, *part.children):
            roots = [(f"files[{i}]", f) for i, f in files] if scope.root == "file" else [("", doc)]
            for prefix, root in roots:
                _scope_absent(scope, prefix, root, out)
    return [p for p in out if printed_by_form(form, p)]


def _scope_absent(scope: Scope, prefix: str, root: dict[str, Any], out: list[str]) -> None:
    base = "/".join(p for p in (prefix, *scope.path) if p)
    target: Any = root
    for key in scope.path:
        target = target.get(key) if isinstance(target, dict) else None
    if isinstance(target, list) or (
        target is None and any(not b[0] for b in scope.blocks.values())
    ):
        return  # a list of blocks (I-2 システム): absent items are not enumerable
    target = target or {}
    _missing(base, target, fields_of(scope), out)
    for risk in risks_of(scope.model):
        _missing(f"{base}/{risk.key}", target.get(risk.key) or {}, model_fields(risk.model), out)
    for list_key, model, _ in scope.blocks.values():
        specs = block_fields(model, tuple(scope.aliases.items()))
        for index, item in enumerate(target.get(list_key) or []):
            _missing(f"{base}/{list_key}[{index}]", item, specs, out)


def _missing(
    base: str, target: dict[str, Any], specs: tuple[FieldSpec, ...], out: list[str]
) -> None:
    for spec in specs:
        if spec.key not in target and spec.kind != "int":
            out.append(f"{base}/{spec.key}" if base else spec.key)
