"""The demo office's dashboard: this year's targets, the proposals figure opening exactly the
proposals behind it, the charts drawn without breaking the CSP, and the annual summary
downloaded as docx."""

import re

from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from liaison.orgs.models import Organization
from liaison.proposals.models import Proposal
from tests.browser.test_login_flow import login

FIGURE = "proposals.submitted"


def test_dashboard_figure_lists_its_records_and_summary_names_the_members(page, demo):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    office = Organization.objects.get(name="燕山街道政协联络处")
    year = timezone.localdate().year
    held = set(
        Proposal.objects.filter(office=office, forwarded_at__year=year).values_list(
            "title", flat=True
        )
    )
    assert held  # the demo office has submitted proposals this year

    login(page, "zhuren")
    page.goto("/reports/")
    expect(page.locator("h1")).to_contain_text(str(year))
    row = page.locator(f"tr[data-figure='{FIGURE}']")
    expect(row.locator(".figure-target")).to_contain_text("目标 10")
    expect(row.locator(".figure-value")).to_have_text(str(len(held)))
    expect(page.locator("#chart-monthly canvas")).to_have_count(1)

    row.locator("a.figure-value").click()
    expect(page).to_have_url(re.compile(r"/proposals/\?"))
    links = page.locator("table tbody tr td:nth-child(2) a")
    expect(links).to_have_count(len(held))  # waits for the list to load; a read would not
    titles = links.all_inner_texts()
    assert set(titles) == held and len(titles) == len(held)

    page.goto("/reports/")
    page.get_by_role("link", name="年度工作总结").click()
    expect(page.locator("#summary")).to_contain_text("三个重点")
    with page.expect_download() as download_info:
        page.get_by_test_id("summary-docx").click()
    text = "\n".join(p.text for p in Document(download_info.value.path()).paragraphs)
    for heading in ("一、三个主动", "二、三项服务", "三、三个重点", "四、三种意识", "总之"):
        assert heading in text
    for name in ("康希", "汤朝阳", "黄德君", "曹升洋"):
        assert name in text, name
    assert not [e for e in errors if "Content Security Policy" in e], errors
