"""Every form class of liaison/ is fuzzed: shown on a page of tests/fuzz/table.py or listed in
NOT_FUZZED with the reason. A new app's form fails this test until it gets its row."""

import importlib
import pkgutil

from django import forms

import liaison
from tests.fuzz.harness import client_of
from tests.fuzz.table import FORM_ROWS, NOT_FUZZED


def _all_form_classes() -> set[str]:
    for module in pkgutil.walk_packages(liaison.__path__, "liaison."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, queue = set(), [forms.BaseForm]
    while queue:
        cls = queue.pop()
        queue.extend(cls.__subclasses__())
        if cls.__module__.startswith("liaison."):
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def _forms_in(context) -> set[str]:
    shown = set()
    for layer in context or []:
        for value in (layer if isinstance(layer, dict) else {}).values():
            if isinstance(value, forms.BaseForm):
                shown.add(f"{type(value).__module__}.{type(value).__qualname__}")
    return shown


def test_every_form_has_a_row(objects, client_for):
    shown = set()
    for row in FORM_ROWS:
        response = client_of(row, client_for).get(row.page(objects))
        assert response.status_code == 200, row.name
        for context in response.context or []:
            shown |= _forms_in(context.dicts if hasattr(context, "dicts") else [context])
    # Base classes never shown themselves (their subclasses are).
    bases = {"liaison.orgs.forms.TemporaryPasswordForm"}
    missing = _all_form_classes() - shown - set(NOT_FUZZED) - bases
    assert not missing, f"forms without a row in tests/fuzz/table.py: {sorted(missing)}"
