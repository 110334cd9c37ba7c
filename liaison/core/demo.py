"""The seed's world as data: the office of 燕山街道 and its neighbours under 芙蓉区政协."""

CITY = "长沙市政协"
DISTRICT = "芙蓉区政协"
OFFICE = "燕山街道政协联络处"
PARTY_COMMITTEE = "燕山街道党工委"
SUBDISTRICT = "燕山街道办事处"
DEPARTMENTS = ["街道食安办", "燕山街工商所", "城管执法中队", "民政办", "燕山街社区"]
HIGHER_DEPARTMENTS = ["芙蓉区民政局", "芙蓉区非公经济党工委"]
OTHER_OFFICES = {
    "定王台街道政协联络处": [
        ("周建华", "male", "定王台书店", "经理"),
        ("李晓红", "female", "芙蓉区第一中学", "副校长"),
        ("陈国平", "male", "湖南湘绣城", "董事长"),
        ("王丽娟", "female", "定王台社区卫生服务中心", "主任"),
    ],
    "文艺路街道政协联络处": [
        ("刘志刚", "male", "长沙文艺路律师事务所", "主任律师"),
        ("张美玲", "female", "湖南省歌舞剧院", "演员"),
        ("赵海波", "male", "文艺路商会", "会长"),
    ],
}

# The four members the seed names, with their enterprises.
NAMED_MEMBERS = [
    {
        "name": "康希",
        "username": "kangxi",
        "gender": "male",
        "phone": "13807310011",
        "employer": "南景饭店",
        "post": "董事长",
        "enterprise": ("南景饭店", "餐饮住宿", "南景大厦", "领办人"),
    },
    {
        "name": "汤朝阳",
        "username": "tangzhaoyang",
        "gender": "male",
        "phone": "13807310012",
        "employer": "长沙共盛建材有限公司",
        "post": "总经理",
        "enterprise": ("长沙共盛建材有限公司", "建材", "共盛总部大楼", "创办人"),
    },
    {
        "name": "黄德君",
        "username": "huangdejun",
        "gender": "male",
        "phone": "13807310013",
        "employer": "银华大酒店",
        "post": "总经理",
        "enterprise": ("银华大酒店", "餐饮住宿", "银华大厦", "经营管理者"),
    },
    {
        "name": "曹升洋",
        "username": "caoshengyang",
        "gender": "male",
        "phone": "13807310014",
        "employer": "湖南千惠商贸连锁有限公司",
        "post": "总经理",
        "enterprise": ("湖南千惠商贸连锁有限公司", "商贸零售", "千惠商务楼", "总经理"),
    },
]

# About twenty more members of 燕山街道 (name, gender, employer, post, level).
OTHER_MEMBERS = [
    ("李建国", "male", "芙蓉区人民医院", "副院长", "district"),
    ("王秀英", "female", "燕山街小学", "校长", "district"),
    ("张海涛", "male", "湖南海涛律师事务所", "主任", "district"),
    ("刘芳", "female", "燕山街社区卫生服务中心", "医生", "district"),
    ("陈志强", "male", "长沙志强物流有限公司", "董事长", "city"),
    ("杨丽华", "female", "芙蓉区妇联", "副主席", "district"),
    ("赵文斌", "male", "湖南师范大学", "教授", "province"),
    ("周敏", "female", "燕山幼儿园", "园长", "district"),
    ("吴晓东", "male", "长沙晓东科技有限公司", "总经理", "district"),
    ("徐静", "female", "芙蓉区文化馆", "副馆长", "district"),
    ("孙立新", "male", "中国民主建国会芙蓉区委", "副主委", "district"),
    ("马俊", "male", "长沙清真餐饮协会", "会长", "district"),
    ("朱红梅", "female", "燕山街道残疾人协会", "理事", "district"),
    ("胡卫东", "male", "湖南卫东建设集团", "董事长", "city"),
    ("郭雅琴", "female", "芙蓉区税务局", "科长", "district"),
    ("何振华", "male", "八一路小学", "校长", "district"),
    ("高宏伟", "male", "长沙宏伟房地产开发有限公司", "副总经理", "district"),
    ("林晓燕", "female", "湖南晓燕会计师事务所", "合伙人", "district"),
    ("罗建平", "male", "芙蓉区工商联", "副主席", "district"),
    ("梁倩", "female", "长沙梁氏中医诊所", "主治医师", "district"),
]

# Accounts of DESIGN.md §8 besides the members: (username, display name, phone, role, org).
STAFF_ACCOUNTS = [
    ("admin", "系统管理员", None, "admin", CITY),
    ("anquan", "安全管理员", None, "security_admin", CITY),
    ("shenji", "审计管理员", None, "audit_admin", CITY),
    ("zhuren", "联络处主任", "13807310001", "office_director", OFFICE),
    ("shuji", "党工委书记", "13807310002", "reviewer", PARTY_COMMITTEE),
    ("shianban", "食安办经办人", "13807310003", "handler", "街道食安办"),
    ("quzhengxie", "区政协工作人员", "13807310004", "district_viewer", DISTRICT),
]
DEMO_PASSWORD = "liaison-demo"
