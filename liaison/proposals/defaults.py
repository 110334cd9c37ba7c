"""The preloaded categories and the customary reasons for 不立案 (also used by tests and the
demo, since a flushed test database loses migration data)."""

CATEGORIES = [
    ("economy", "经济发展"),
    ("stability", "社会稳定"),
    ("community", "社区建设"),
    ("municipal", "市政管理"),
    ("energy", "节能减排"),
    ("education", "教育"),
    ("health", "卫生"),
    ("culture", "文化"),
    ("ecology", "生态环境"),
    ("other", "其他"),
]

REJECTION_REASONS = [
    "属于个人或少数人具体利益诉求",
    "属于党派团体内部事务",
    "属于学术研究或讨论范畴",
    "属于司法机关正在审理或已经审结的案件",
    "内容不属于本级政协职能和本区职责范围",
    "内容空泛，缺乏具体建议",
    "一案多事，不符合一事一案要求",
    "所提问题已经解决或正在解决",
    "与已立案提案内容相同或相近",
    "宣传介绍本单位、本人或产品",
    "涉及国家秘密或不宜公开的内容",
    "事实不清、依据不足",
]


def ensure_defaults(category_model=None, reason_model=None) -> None:
    if category_model is None:
        from liaison.proposals.models import Category as category_model
        from liaison.proposals.models import RejectionReason as reason_model
    for order, (code, name) in enumerate(CATEGORIES):
        category_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    for order, text in enumerate(REJECTION_REASONS):
        reason_model.objects.get_or_create(text=text, defaults={"sort_order": order})
