"""The director turns on two-factor login from the user menu: scans (here: reads) the key,
types the app's code, sees the recovery codes; the next login asks for the code after the
password, and a recovery code lets them in once."""

import re
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.test_login_flow import login


def code(secret: str) -> str:
    return str(TOTP(b32decode(secret)).token()).zfill(6)


def test_director_sets_up_two_factor_and_logs_in_with_it(page, demo):
    login(page, "zhuren")
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_test_id("user-menu").click()
    page.get_by_role("link", name="双因素登录").click()
    page.get_by_role("link", name="设置双因素登录").click()
    expect(page.get_by_test_id("otp-qr")).to_be_visible()
    secret = page.get_by_test_id("otp-secret").inner_text().strip()

    page.fill("input[name=token]", "000000")
    page.get_by_role("button", name="启用双因素登录").click()
    expect(page.locator("main, body").first).to_contain_text("验证码不正确")
    page.fill("input[name=token]", code(secret))
    page.get_by_role("button", name="启用双因素登录").click()
    recovery = page.get_by_test_id("recovery-codes").locator("li")
    expect(recovery).to_have_count(10)  # waits for the page the click loads; a read would not
    codes = recovery.all_inner_texts()

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    login(page, "zhuren")
    expect(page).to_have_url(re.compile(r"/accounts/otp/verify/"))
    expect(page.locator("h1")).to_contain_text("双因素登录")
    page.goto("/members/")
    expect(page).to_have_url(re.compile(r"/accounts/otp/verify/"))
    TOTPDevice.objects.update(last_t=-1)  # the same 30-second step's code is accepted again
    page.fill("input[name=token]", code(secret))
    page.get_by_test_id("otp-submit").click()
    expect(page).to_have_url(re.compile(r"/members/$"))

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("logout").click()
    login(page, "zhuren")
    page.fill("input[name=token]", codes[0])
    page.get_by_test_id("otp-submit").click()
    expect(page).to_have_url(re.compile(r"/$"))
