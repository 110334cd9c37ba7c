"""Find a page's form, fuzz it, and check what the server did with it.

A form is found on its page as a browser would see it (lxml reads the rendered HTML): every
named input, select, textarea and file field, with the values the page filled in. Hypothesis
replaces some of them with hostile values (tests/fuzz/hostile.py) and the submission is judged:

- never a server error;
- the markup sent never comes back unescaped, on the answer or on the page it redirects to;
- refused (the form again, a 4xx, or a redirect carrying an error message): no table changed;
- accepted (a redirect without an error): whatever changed was audited.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.apps import apps
from django.contrib.messages import constants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.fuzz import hostile

# Tables a submission never changes by itself being refused or accepted (sessions, cache).
UNWATCHED = {"sessions.session", "django_tasks_db.dbtaskresult", "orgs.auditentry"}


@dataclass(frozen=True)
class FormRow:
    """One form to fuzz.

    page    callable(objects) -> the URL of the page that shows the form
    user    a name of the `world` fixture (tests/conftest.py); "" for an anonymous visitor
    select  "name" or "name=value": the page's form that has such an input; "action:/path/":
            the form whose action contains that (default: the first form of `method`)
    valid   values that make the form acceptable, for forms that start empty
    may_change  tables a refused submission may still write (a failed login counts)
    after   pages (callables like `page`) that must still render after the saves, e.g. exports
    post_to callable(objects) -> the address to submit to, for a form whose buttons carry their
            own (formaction, e.g. approve and refuse); it must be one the selected form offers
    """

    name: str
    page: object
    user: str
    select: str = ""
    method: str = "post"
    valid: dict = field(default_factory=dict)
    may_change: frozenset = frozenset()
    after: tuple = ()
    post_to: object = None


@dataclass
class Input:
    name: str
    kind: str  # text, number, date, choice, multi, checkbox, file, hidden
    initial: list
    options: list = field(default_factory=list)


@dataclass
class FoundForm:
    action: str
    method: str
    inputs: list


_KINDS = {
    "number": "number",
    "date": "date",
    "datetime-local": "date",
    "time": "date",
    "month": "date",
    "hidden": "hidden",
    "file": "file",
    "checkbox": "checkbox",
    "radio": "choice",
}


def client_of(row: FormRow, client_for):
    return client_for(row.user) if row.user else Client()


def find_form(html: str, page_url: str, row: FormRow, objects=None) -> FoundForm:
    document = lxml.html.fromstring(html)
    wanted_name, _eq, wanted_value = row.select.partition("=")
    for form in document.forms:
        method = (form.method or "GET").lower()
        if method != row.method:
            continue
        named = {el.name: el for el in form.inputs if el.name}
        if wanted_name.startswith("action:"):
            if wanted_name.removeprefix("action:") + wanted_value not in (form.get("action") or ""):
                continue
        elif wanted_name and (
            wanted_name not in named or (wanted_value and named[wanted_name].value != wanted_value)
        ):
            continue
        action = urljoin(page_url, form.get("action") or page_url)
        if row.post_to is not None:
            action = _offered(form, page_url, action, row.post_to(objects), row.name)
        return FoundForm(action=action, method=method, inputs=_inputs(form))
    raise AssertionError(f"{row.name}: no {row.method} form {row.select!r} on {page_url}")


def _offered(form, page_url: str, action: str, wanted: str, name: str) -> str:
    """The row's own address, checked against those the form's buttons would submit to."""
    offered = {action} | {
        urljoin(page_url, el.get("formaction"))
        for el in form.iter("button", "input")
        if el.get("formaction")
    }
    wanted = urljoin(page_url, wanted)
    assert wanted in offered, f"{name}: the form offers {sorted(offered)}, not {wanted}"
    return wanted


def _inputs(form) -> list:
    found: dict[str, Input] = {}
    for el in form.inputs:
        name = el.name
        if not name or name == "csrfmiddlewaretoken":
            continue
        if el.tag == "textarea":
            found[name] = Input(name, "text", [el.text or ""])
        elif el.tag == "select":
            options = list(el.value_options)
            if el.multiple:
                found[name] = Input(name, "multi", list(el.value), options)
            else:
                found[name] = Input(name, "choice", [el.value or ""], options)
        else:
            kind = _KINDS.get((el.type or "text").lower(), "text")
            if (el.type or "").lower() in {"submit", "button", "image", "reset"}:
                continue
            if kind == "checkbox":
                item = found.setdefault(name, Input(name, "multi", [], []))
                item.options.append(el.get("value", "on"))
                if el.checked:
                    item.initial.append(el.get("value", "on"))
            elif kind == "choice":
                item = found.setdefault(name, Input(name, "choice", [""], []))
                item.options.append(el.get("value", "on"))
                if el.checked:
                    item.initial = [el.get("value", "on")]
            else:
                found[name] = Input(name, kind, [el.value or ""])
    return list(found.values())


KEEP = object()


def _hostile(item: Input):
    if item.kind == "number":
        values = hostile.number_values().map(lambda v: [v])
    elif item.kind == "date":
        values = hostile.date_values().map(lambda v: [v])
    elif item.kind == "choice":
        values = hostile.choice_values(item.options).map(lambda v: [v])
    elif item.kind == "multi":
        values = st.one_of(
            st.lists(st.sampled_from(item.options), max_size=4) if item.options else st.just([]),
            st.lists(hostile.choice_values(item.options), max_size=3),
        )
    elif item.kind == "file":
        values = hostile.file_values()
    else:
        values = hostile.text_values().map(lambda v: [v])
    # Hidden inputs steer the view (which form, which version): kept more often than not.
    keep_weight = 3 if item.kind == "hidden" else 1
    return st.one_of(*[st.just(KEEP)] * keep_weight, values)


def submissions(form: FoundForm, row: FormRow):
    """Strategy of {name: [values]} for one submission."""
    return st.fixed_dictionaries({item.name: _hostile(item) for item in form.inputs})


def payload(form: FoundForm, row: FormRow, drawn: dict) -> dict:
    data = {}
    for item in form.inputs:
        value = drawn.get(item.name, KEEP)
        if value is KEEP:
            value = row.valid.get(item.name, item.initial)
            value = value if isinstance(value, list) else [value]
            if item.kind == "file":
                continue
        elif item.kind == "file":
            name, content = value
            data[item.name] = SimpleUploadedFile(name, content)
            continue
        if value:
            data[item.name] = value
    return data


def table_fingerprints(skip=UNWATCHED) -> dict:
    """{table: hash of all its rows}; the test world is small enough to read whole."""
    prints = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in skip or model._meta.proxy:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        prints[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return prints


def error_messages(response) -> list:
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return [m for m in queued if m.level >= constants.ERROR]


def assert_escaped(response, where: str) -> None:
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode("utf-8", "replace")
    for marker in hostile.RAW_MARKERS:
        assert marker not in body, f"{where}: {marker!r} came back unescaped"


def assert_export_safe(response, where: str) -> None:
    """An xlsx answer holds no formula and a csv none that a spreadsheet would run."""
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(response.content))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{where}: formula {cell.value!r} exported"
    elif "csv" in content_type:
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
            for value in row:
                assert not value.startswith(("=", "+", "@")), f"{where}: {value!r} exported"


def submit(client, form: FoundForm, row: FormRow, drawn: dict):
    """Post one submission and check the answer; returns the response."""
    from liaison.orgs.models import AuditEntry

    data = payload(form, row, drawn)
    before = table_fingerprints()
    audit_before = AuditEntry.objects.count()
    if form.method == "post":
        response = client.post(form.action, data)
    else:
        response = client.get(form.action, {k: v for k, v in data.items()})
    where = f"{row.name} {form.method.upper()} {form.action} {data!r}"[:2000]
    assert response.status_code < 500, f"{where}: server error {response.status_code}"
    assert_escaped(response, where)
    changed = {t for t, h in table_fingerprints().items() if before.get(t) != h}
    accepted = response.status_code in (301, 302, 303) and not error_messages(response)
    if accepted:
        if changed:
            assert AuditEntry.objects.count() > audit_before, f"{where}: {changed} not audited"
        target = response["Location"]
        if urlsplit(target).path and not target.startswith("http"):
            followed = client.get(target)
            assert followed.status_code < 500, f"{where}: {target} fails after the save"
            assert_escaped(followed, f"{where} → {target}")
    else:
        refused = f"refused ({response.status_code}) but wrote {changed}"
        assert changed <= row.may_change, f"{where}: {refused}"
    return response
