import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from liaison.core.figures import get_figure, year_bounds
from liaison.notify.reminders import run_reminders
from liaison.proposals import services, similarity
from liaison.proposals.models import CoSigner, Proposal, State
from tests.factories import MemberFactory
from tests.proposals.conftest import TEXT, forwarded, replied


def _form(**extra):
    return {**TEXT, "category": "", "proposer_type": "individual", "timing": "after", **extra}


def test_a_member_drafts_a_proposal_with_co_signers(world, client_for, tang):
    from liaison.proposals.models import Category

    category = Category.objects.get(code="municipal")
    response = client_for("member").post(
        reverse("proposal_create"), _form(category=category.pk, cosigners=[tang.pk])
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.lead == world.kang and proposal.office == world.office
    assert proposal.proposer_type == "joint"
    assert CoSigner.objects.get().member == tang
    # 汤朝阳 now sees it (co-signer) and confirms online.
    client = client_for(tang.user)
    assert client.get(proposal.get_absolute_url()).status_code == 200
    client.post(reverse("proposal_cosign", args=[proposal.pk]), {"accept": "1"})
    assert CoSigner.objects.get().status == CoSigner.Status.CONFIRMED


def test_a_20000_character_section_gets_a_clear_message_in_the_form(world, client_for, draft):
    response = client_for("member").post(
        reverse("proposal_edit", args=[draft.pk]),
        _form(category=draft.category_id, situation="停" * 20000),
    )
    assert response.status_code == 200
    assert "8000" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).situation == TEXT["situation"]


def test_similar_proposals_while_drafting_and_on_submission(world, client_for, make_proposal):
    earlier = forwarded(world, make_proposal(year=2025))
    other = forwarded(
        world,
        make_proposal(
            title="关于扶持楼宇经济的建议",
            summary="楼宇经济",
            situation="楼宇空置率高。",
            analysis="",
            suggestions="出台扶持政策。",
        ),
    )
    response = client_for("member").post(
        reverse("proposal_similar"),
        {
            "title": "关于老旧小区停车难的建议",
            "situation": "老旧小区停车位严重不足，车辆乱停乱放。",
        },
    )
    html = response.content.decode()
    assert earlier.title in html and "%" in html
    assert html.index(earlier.title) < html.index(other.title) if other.title in html else True
    draft = make_proposal(title="关于老旧小区停车位改造的建议")
    submitted = services.submit(world.member, draft)
    assert submitted.similar_at_submission[0]["id"] == earlier.pk
    assert submitted.similarity_max >= similarity.warning_threshold()
    page = client_for("director").get(submitted.get_absolute_url()).content.decode()
    assert 'data-testid="similarity-warning"' in page


def test_the_index_follows_edits(world, make_proposal):
    earlier = services.submit(world.member, make_proposal())
    earlier = services.return_for_revision(world.director, earlier, "换个题目")
    services.save_proposal(
        world.member,
        earlier,
        title="关于发展夜间经济的建议",
        summary="夜经济",
        situation="夜间消费场景少。",
        analysis="",
        suggestions="打造夜间街区。",
    )
    found = similarity.similar("关于发展夜间经济的建议", "夜间消费场景少。打造夜间街区。")
    assert found and found[0]["proposal"].pk == earlier.pk and found[0]["score"] > 0.5
    assert all(s["score"] < 0.2 for s in similarity.similar(TEXT["title"], TEXT["situation"]))


def test_members_see_their_own_and_co_signed_only(world, client_for, make_proposal, tang):
    mine = make_proposal()
    someone = MemberFactory(office=world.office, name="黄德君")
    theirs = make_proposal(lead=someone, title="别人的提案")
    page = client_for("member").get(reverse("proposal_list")).content.decode()
    assert mine.title in page and "别人的提案" not in page
    assert client_for("member").get(theirs.get_absolute_url()).status_code == 404
    assert client_for("other").get(mine.get_absolute_url()).status_code == 404
    assert client_for("viewer").get(mine.get_absolute_url()).status_code == 200


def test_the_district_decides_in_the_app(world, client_for, draft):
    proposal = forwarded(world, draft)
    client = client_for("viewer")
    client.post(reverse("proposal_action", args=[proposal.pk, "register"]), {"number": "2026012"})
    proposal.refresh_from_db()
    assert proposal.state == State.REGISTERED and proposal.number == "2026012"
    # A reviewer (Party committee) may not.
    response = client_for("reviewer").post(
        reverse("proposal_action", args=[proposal.pk, "assign"]), {"host_main": "x"}
    )
    assert response.status_code in (403, 404)
    assert Proposal.objects.get(pk=proposal.pk).state == State.REGISTERED


def test_an_evaluation_through_the_page_by_someone_not_the_lead(world, client_for, draft):
    proposal = replied(world, draft)
    data = {
        "consulted": "phone",
        "attitude": "good",
        "agreement": "agree",
        "satisfaction": "satisfied",
    }
    response = client_for("director").post(
        reverse("proposal_action", args=[proposal.pk, "evaluate"]), data, follow=True
    )
    assert "领衔委员" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == State.REPLIED


def test_a_transition_the_state_does_not_allow_through_the_page(world, client_for, draft):
    response = client_for("director").post(
        reverse("proposal_action", args=[draft.pk, "forward"]), follow=True
    )
    assert "草稿" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).state == State.DRAFT


def test_merging_into_itself_through_the_page(world, client_for, draft):
    proposal = forwarded(world, draft)
    response = client_for("director").post(
        reverse("proposal_action", args=[proposal.pk, "merge"]), {"into": proposal.pk}, follow=True
    )
    assert "自身" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).state == State.FORWARDED


def test_list_filters_and_xlsx_export(
    world, client_for, make_proposal, django_assert_max_num_queries
):
    replied(world, make_proposal(), grade="A")
    replied(world, make_proposal(title="第二件提案"), grade="C")
    client = client_for("director")
    year = timezone.localdate().year
    with django_assert_max_num_queries(20):
        page = client.get(reverse("proposal_list"), {"grade": "C", "year": year}).content.decode()
    assert "第二件提案" in page and TEXT["title"] not in page
    response = client.get(reverse("proposal_list"), {"format": "xlsx", "grade": "A"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == TEXT["title"] and rows[1][10] == "A"


def test_the_compilation_is_an_a4_docx_in_official_type(world, client_for, draft):
    forwarded(world, draft)
    response = client_for("director").get(
        reverse("proposal_compilation"), {"year": timezone.localdate().year}
    )
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    title = next(p for p in doc.paragraphs if p.text == TEXT["title"])
    assert title.runs[0].font.size.pt == 16 and title.runs[0].font.name == "Noto Serif CJK SC"
    body = next(p for p in doc.paragraphs if p.text == TEXT["situation"])
    assert body.runs[0].font.size.pt == 12
    assert body.paragraph_format.line_spacing.pt == 28


def test_figures_and_the_office_home(world, client_for, make_proposal):
    forwarded(world, make_proposal())
    services.register(world.director, forwarded(world, make_proposal(title="二")))
    start, end = year_bounds(timezone.localdate().year)
    ids = [world.office.pk, world.other_office.pk]
    assert get_figure("proposals.submitted").count(ids, start, end) == {world.office.pk: 2}
    assert get_figure("proposals.registered").count(ids, start, end) == {world.office.pk: 1}
    assert get_figure("proposals.submitted").target(world.office, start.year) == 10
    assert get_figure("proposals.reports_submitted").target(world.office, start.year) == 6
    breakdown = get_figure("proposals.submitted").breakdown(ids, start, end)
    assert breakdown == {world.office.pk: {"市政管理": 2}}
    home = client_for("director").get(reverse("home")).content.decode()
    assert "2 / 10" in home and "市政管理 2" in home


def test_the_co_signing_reminder_goes_once(world, draft, tang):
    services.invite_cosigners(
        world.member, draft, [tang], deadline=timezone.now() + datetime.timedelta(hours=20)
    )
    assert run_reminders() >= 1
    assert run_reminders() == 0


def test_a_report_with_edited_version_sign_off_adoption_and_a_long_text_warning(world, client_for):
    client = client_for("member")
    response = client.post(
        reverse("sentiment_create"),
        {
            "title": "关于校园周边摊贩的社情民意",
            "problem": "问" * 1200,
            "suggestions": "建" * 400,
            "submitters": [world.kang.pk],
        },
        follow=True,
    )
    assert "1500" in response.content.decode()
    from liaison.proposals.models import SocialSentimentReport

    report = SocialSentimentReport.objects.get()
    director = client_for("director")
    director.post(
        reverse("sentiment_action", args=[report.pk, "edit"]),
        {
            "edited_title": "校园周边摊贩治理",
            "edited_problem": "问题",
            "edited_suggestions": "建议",
        },
    )
    assert (
        client_for("staff").post(reverse("sentiment_action", args=[report.pk, "sign"])).status_code
        == 403
    )
    director.post(reverse("sentiment_action", args=[report.pk, "sign"]))
    director.post(reverse("sentiment_action", args=[report.pk, "submit"]))
    client_for("viewer").post(
        reverse("sentiment_action", args=[report.pk, "adopt"]),
        {"level": "city", "mode": "combined", "date": "2026-11-01", "body": "长沙市政协"},
    )
    report.refresh_from_db()
    assert report.final_title == "校园周边摊贩治理" and report.title == "关于校园周边摊贩的社情民意"
    assert report.state == "submitted" and report.adoptions.get().level == "city"
    assert world.kang.duty_records.filter(kind=services.ADOPTED["city"]).exists()


def test_the_director_sets_the_yearly_targets(world, client_for):
    from liaison.proposals.models import YearlyTarget

    url = reverse("proposal_targets") + "?year=2026"
    assert client_for("staff").post(url, {"proposals": 12, "reports": 8}).status_code == 403
    client_for("director").post(url, {"proposals": 12, "reports": 8})
    target = YearlyTarget.for_office(world.office, 2026)
    assert (target.proposals, target.reports) == (12, 8)
    assert get_figure("proposals.submitted").target(world.office, 2026) == 12


def test_a_sixth_attachment_is_refused(world, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liaison.core.errors import Refusal

    for n in range(5):
        services.add_attachment(world.member, draft, SimpleUploadedFile(f"a{n}.pdf", b"%PDF-1.4\n"))
    with pytest.raises(Refusal) as refused:
        services.add_attachment(world.member, draft, SimpleUploadedFile("f.pdf", b"%PDF-1.4\n"))
    assert refused.value.code == "too_many_attachments"
    assert draft.attachments.count() == 5


def test_the_lead_cannot_make_the_districts_decision(world, client_for, draft):
    proposal = forwarded(world, draft)
    url = reverse("proposal_action", args=[proposal.pk, "register"])
    assert client_for("member").post(url).status_code == 403
    assert client_for("reviewer").post(url).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).state == State.FORWARDED
