"""The proposal's main path: 曹升洋 drafts, sees the earlier similar proposal, 汤朝阳
co-signs, the office returns it once and then submits it, it is registered and answered
with grade A, 曹升洋 evaluates it, and the office home's proposal count goes up by one."""

import re

from playwright.sync_api import expect

from tests.browser.test_login_flow import login


def _as(page, username):
    page.context.clear_cookies()
    login(page, username)
    expect(page).to_have_url(re.compile(r"/$"))


def _proposal_count(page) -> int:
    page.goto("/")
    text = page.get_by_test_id("target-proposals").inner_text()
    return int(text.split("/")[0])


def test_a_proposal_from_draft_to_evaluation(page, demo):
    _as(page, "zhuren")
    before = _proposal_count(page)

    _as(page, "caoshengyang")
    page.goto("/proposals/new/")
    page.fill("input[name=title]", "关于解决燕山街道老旧小区停车难的建议")
    page.fill("input[name=summary]", "老旧小区停车位不足，建议增设停车位并错时共享")
    page.select_option("select[name=category]", label="市政管理")
    page.fill(
        "textarea[name=situation]",
        "燕山街道老旧小区停车位严重不足，车辆占用消防通道乱停乱放，居民反映强烈。",
    )
    page.fill(
        "textarea[name=suggestions]",
        "一是增设停车位；二是推动机关单位停车场夜间错时共享；三是规范停车秩序。",
    )
    similar = page.get_by_test_id("similar-list")
    expect(similar).to_contain_text("关于缓解燕山街道老旧小区停车难问题的建议")
    expect(similar).to_contain_text("%")
    page.get_by_label("汤朝阳").check()
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/proposals/\d+/$"))
    url = page.url

    _as(page, "tangzhaoyang")
    page.goto(url)
    page.get_by_test_id("cosign-confirm").click()
    expect(page.get_by_test_id("cosigners")).to_contain_text("已确认")

    _as(page, "caoshengyang")
    page.goto(url)
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("proposal-state")).to_contain_text("已报送联络处")

    _as(page, "zhuren")
    page.goto(url)
    page.fill("textarea[name=comment] >> nth=1", "请补充错时停车的具体单位。")
    page.get_by_test_id("action-return").click()
    expect(page.get_by_test_id("proposal-state")).to_contain_text("退回修改")

    _as(page, "caoshengyang")
    page.goto(url)
    page.get_by_test_id("edit").click()
    page.fill("textarea[name=analysis]", "周边芙蓉区政务中心等5家单位夜间停车场闲置。")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("proposal-state")).to_contain_text("已报送联络处")

    _as(page, "zhuren")
    page.goto(url)
    page.get_by_test_id("action-approve").click()
    page.get_by_test_id("action-forward").click()
    expect(page.get_by_test_id("proposal-state")).to_contain_text("已报送区政协")
    page.get_by_test_id("action-register").click()
    expect(page.get_by_test_id("proposal-state")).to_contain_text("已立案")
    page.fill("input[name=host_main]", "芙蓉区住建局")
    page.get_by_test_id("action-assign").click()
    page.fill("textarea[name=text]", "已增设停车位80个，签订错时共享协议3份。")
    page.select_option("select[name=grade]", "A")
    page.get_by_test_id("action-reply").click()
    expect(page.get_by_test_id("grade")).to_contain_text("A")

    _as(page, "caoshengyang")
    page.goto(url)
    page.select_option("select[name=consulted]", "in_person")
    page.select_option("select[name=attitude]", "good")
    page.select_option("select[name=agreement]", "agree")
    page.select_option("select[name=satisfaction]", "satisfied")
    page.get_by_test_id("action-evaluate").click()
    expect(page.get_by_test_id("evaluation")).to_contain_text("满意")
    expect(page.get_by_test_id("proposal-state")).to_contain_text("办结")

    _as(page, "zhuren")
    assert _proposal_count(page) == before + 1
