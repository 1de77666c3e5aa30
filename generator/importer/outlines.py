"""The outline of each form, and the model fields a form does not print (never "absent")."""

from __future__ import annotations

from fnmatch import fnmatchcase

from generator.importer.forms import FOCUSED, FULL, Scope
from generator.importer.forms_basic import BASIC
from generator.model.choices import FormType

OUTLINES: dict[FormType, tuple[Scope, ...]] = {
    FormType.FULL: FULL,
    FormType.FOCUSED: FOCUSED,
    FormType.BASIC: BASIC,
}

NOT_PRINTED = ("*/corporate_number", "*/ref")
FORM_LACKS: dict[FormType, tuple[str, ...]] = {
    FormType.FULL: ("basic_info/business/system_names", "files[*]/risks/use/linking/measures"),
    FormType.FOCUSED: (
        "basic_info/business/system_names",
        "basic_info/reasons/*",
        "basic_info/business_details",
        *(
            f"files[*]/overview/acquisition/{key}"
            for key in ("timing", "validity", "notice", "purpose_change_validity")
        ),
        "files[*]/overview/acquisition/statistics",
        "files[*]/overview/acquisition/decisions",
        *(
            f"files[*]/overview/entrustment/items[*]/{key}"
            for key in (
                "scope",
                "subject_count",
                "subject_scope",
                "scope_validity",
                "delivery_methods",
                "contractor_check",
            )
        ),
        "files[*]/overview/storage/*",
        "files[*]/overview/remarks",
        "contacts/disclosure/notes",
        "contacts/disclosure/fee*",
        "contacts/disclosure/file_register*",
        "procedures/public_comment/shortening_reason",
        "procedures/public_comment/reflection",
    ),
    FormType.BASIC: ("related/business/target_population",),
}


def printed_by_form(form: FormType, path: str) -> bool:
    """Whether the form prints the field at this path (item indices are wildcards)."""
    generic = "".join("#" if part.startswith("[") else part for part in _split_indices(path))
    patterns = (*NOT_PRINTED, *FORM_LACKS.get(form, ()))
    return not any(fnmatchcase(generic, p.replace("[*]", "#")) for p in patterns)


def _split_indices(path: str) -> list[str]:
    out, current = [], ""
    for ch in path:
        if ch == "[":
            out.append(current)
            current = "["
        elif ch == "]":
            out.append(current + "]")
            current = ""
        else:
            current += ch
    out.append(current)
    return out
