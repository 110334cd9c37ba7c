"""Hostile values into every form (tests/fuzz/table.py): a clear error or a correct save, never
a server error, never a half-written record, never markup coming back unescaped."""

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import given

from tests.fuzz.conftest import FUZZ
from tests.fuzz.harness import assert_export_safe, client_of, find_form, submissions, submit
from tests.fuzz.table import FORM_ROWS


@pytest.mark.parametrize("row", FORM_ROWS, ids=lambda row: row.name)
def test_form_survives_hostile_input(row, objects, client_for):
    client = client_of(row, client_for)
    page = row.page(objects)
    shown = client.get(page)
    assert shown.status_code == 200, f"{row.name}: {page} answers {shown.status_code}"
    form = find_form(shown.content.decode(), page, row, objects)

    @FUZZ
    @given(drawn=submissions(form, row))
    def attempt(drawn):
        cache.clear()  # no rate limit carried from one example to the next
        with transaction.atomic():
            submit(client, form, row, drawn)
            # Saves are kept for the pages of `after`, then rolled back with the example.
            for after in row.after:
                answer = client.get(after(objects))
                assert answer.status_code < 500, f"{row.name}: {after(objects)} fails after saves"
                assert_export_safe(answer, f"{row.name}: {after(objects)}")
            transaction.set_rollback(True)

    attempt()
