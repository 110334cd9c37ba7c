"""Fixed lists of the member profile: 政治面貌, 民族, and the sectors preloaded per district."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Affiliation(models.TextChoices):
    """政治面貌: the CPC, the eight democratic parties, non-party, the masses."""

    CPC = "cpc", _("CPC member")
    RCCK = "rcck", _("Revolutionary Committee of the Kuomintang")
    CDL = "cdl", _("China Democratic League")
    CNDCA = "cndca", _("China National Democratic Construction Association")
    CAPD = "capd", _("China Association for Promoting Democracy")
    CPWDP = "cpwdp", _("Chinese Peasants' and Workers' Democratic Party")
    ZGD = "zgd", _("China Zhi Gong Party")
    JIUSAN = "jiusan", _("Jiusan Society")
    TDSGL = "tdsgl", _("Taiwan Democratic Self-Government League")
    NON_PARTY = "non_party", _("Non-party")
    MASSES = "masses", _("The masses")


# 民族 as written on the resident identity card; stored as the Chinese name itself.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

# The usual sectors (界别) of a district CPPCC, preloaded for every district; editable after.
DEFAULT_SECTORS = [
    "中国共产党",
    "中国国民党革命委员会",
    "中国民主同盟",
    "中国民主建国会",
    "中国民主促进会",
    "中国农工民主党",
    "中国致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "总工会",
    "妇联",
    "青联",
    "工商联",
    "科协",
    "台联",
    "侨联",
    "文化艺术界",
    "科学技术界",
    "社会科学界",
    "经济界",
    "农业界",
    "教育界",
    "体育界",
    "新闻出版界",
    "医药卫生界",
    "社会福利和社会保障界",
    "少数民族界",
    "宗教界",
    "环境资源界",
    "特邀人士",
]

# Special committees (专委会) usually found in a district CPPCC.
DEFAULT_COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "社会和法制委员会",
    "教科卫体委员会",
    "文史和学习委员会",
    "城乡建设和资源环境委员会",
    "民族宗教和港澳台侨委员会",
]
