"""The demo's scoring scheme and the office's narrative for this year's annual summary."""

from django.utils import timezone

from liaison.duty import scoring
from liaison.duty.models import DutyRule
from liaison.reports.models import AnnualSummary
from liaison.reports.services import save_summary

# Paragraphs in the seed's own words (abridged), one per section.
NARRATIVE = {
    "initiative": "坚持主动作为，靠前工作，年初及早制定工作计划，提交街道党工委研究，"
    "征求办事处意见，纳入街道整体工作计划；重大事项、重要活动事前请示汇报。",
    "services": "围绕发展这个主题，充分利用政协委员的人脉和经济资源，引进企业，壮大楼宇，"
    "营造品牌；会同街道食安办、燕山街工商所开展食品安全进校园主题活动。",
    "priorities": "每年定期组织两次街道政情通报会；精心选题，认真调研，提交提案和社情民意；"
    "坚持每年走访每位委员两次以上，委员意见原汁原味向上反映。",
    "awareness": "组织委员学《章程》、学职责，精心准备每次会议，开展视察，"
    "不断提高委员参政议政能力和水平。",
    "conclusion": "基层政协工作必须紧扣党政中心工作，贴近居民群众，服务民本民生；"
    "必须紧紧依靠委员、团结委员，发挥全体委员的聪明才智；必须加强自身建设，健全工作机制。",
}


def seed_reports(office) -> int:
    created = 0
    year = timezone.localdate().year
    if not DutyRule.objects.exists():
        created += scoring.load_preset(None, "minhang", year - 1)
        scoring.recompute_year(year)  # the demo does not wait for the worker
    if not AnnualSummary.objects.filter(office=office, year=year).exists():
        save_summary(None, office, year, **NARRATIVE)
        created += 1
    return created
