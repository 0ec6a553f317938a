"""Word pools for synthetic bulletins: our own phrasing, fictional people, places and units.

Everything here is plain data. The phrases follow the register of district-paper meeting news
(会议新闻): 4-character policy phrases, 要 + verb-object directives, quoted policy slogans. No
sentence is taken from a real bulletin; place names are invented combinations of ordinary
scenic words, and people are drawn from surname and given-name character pools in names.py.

Rules the pools must keep (the generator's ground truth depends on them):
- A clause never starts with 要 (a sentence starting with 要 opens a new directive).
- No clause names a person, a meeting role word (主持、参加、出席、列席、陪同、到会指导) or a
  place suffix list (等街道), and none contains quotes (terms are inserted separately).
"""

from __future__ import annotations

# The district of the paper. One per page, as a district paper reports one district.
DISTRICTS = ("云湖区", "青川区", "明溪区", "临江区", "丰泽区")

# Sub-district units: 街道、镇、社区、村. Invented two-character scenic names.
PLACE_STEMS = (
    "白沙 青石 柳溪 望湖 松林 金桥 双塘 梧桐 荷塘 竹园 清水 杏花 枫桥 石门 沙河 长岭 "
    "东湖 西岸 南塘 北岗 桂园 翠屏 兰亭 芦荡 银杏 凤鸣 龙泉 鹤鸣 紫荆 丹霞 湖滨 溪口 "
    "新塘 马鞍 渔港 樟林 槐荫 梨园 苇塘 茶山"
).split()

# Positions a district paper prints before a name (职务 + 姓名). Pairs are written with 、.
CHAIR_POSITIONS = (
    ("区委书记", "区长"),
    ("区委书记",),
    ("区委副书记", "区长"),
    ("区长",),
)
LEADER_POSITIONS = (
    ("区委副书记",),
    ("区委常委", "常务副区长"),
    ("区委常委", "组织部部长"),
    ("区委常委", "宣传部部长"),
    ("区委常委", "政法委书记"),
    ("区委常委", "纪委书记"),
    ("副区长",),
    ("区人大常委会副主任",),
    ("区政协副主席",),
)
# Titles that may stand before a list of names (副区长甲、乙 -> both 副区长).
LIST_TITLES = ("副区长", "区政协副主席", "区人大常委会副主任", "区委常委")
OBSERVER_POSITIONS = ("区人大常委会主任", "区政协主席", "区人大常委会副主任", "区政协副主席")
GUEST_POSITIONS = (
    "市委第二巡回督导组组长",
    "市委第二巡回督导组副组长",
    "市发展改革委副主任",
    "市应急管理局副局长",
    "市生态环境局局长",
    "市委组织部副部长",
    "市住房城乡建设局总工程师",
    "市农业农村局副局长",
    # A position may quote a campaign's name (市“百日攻坚”监督检查组…); {t} is a term.
    "市{t}专项督导组组长",
)
# Group words that introduce names without being anyone's position (ingest-json.md).
GROUP_WORDS = ("区领导", "区四大班子领导")

# Departments that report at meetings (not people, not places).
DEPARTMENTS = (
    "区发展改革委 区财政局 区住房城乡建设局 区农业农村局 区应急管理局 区市场监管局 "
    "区生态环境分局 区城市管理局 区教育局 区卫生健康委 区商务局 区人社局"
).split()

# Work topics (工作主题); each reads as "…工作" in meeting names and inspection visits.
TOPICS = (
    "春季植树造林 城市精细化管理 安全生产 乡村振兴 农村人居环境整治 防汛备汛 森林防火 "
    "文明城市创建 重点项目建设 招商引资 民生实事 老旧小区改造 基层治理 生态环境保护 "
    "河湖长制 消防安全 食品安全 就业创业 科技创新 秋粮收购 冬春供暖 垃圾分类 "
    "营商环境优化 校园安全 养老服务"
).split()
MEETING_KINDS = ("工作推进会", "工作会议", "专题会议", "工作调度会", "动员部署会", "现场观摩会")
EVENT_KINDS = ("邻里文化节", "消夏文艺晚会", "志愿服务集中行动", "健康义诊活动", "书画作品展")

# Purpose clauses of a dateline paragraph, after "……召开X,".
PURPOSES = (
    "总结前一阶段工作成效",
    "分析研判当前形势",
    "安排部署下一阶段重点任务",
    "动员全区上下迅速行动起来",
    "通报近期督查发现的问题",
    "听取相关单位工作汇报",
    "研究解决工作推进中的难点堵点",
    "传达学习上级有关会议精神",
)

# Neutral body clauses. They fill directive bodies and background paragraphs.
CLAUSES = (
    "进一步压实属地责任和部门监管责任",
    "加快补齐基础设施短板",
    "持续优化审批服务流程",
    "统筹做好资金、用地、用工等要素保障",
    "确保各项任务按时保质完成",
    "切实把矛盾问题化解在基层",
    "形成上下联动、齐抓共管的工作格局",
    "建立问题清单、责任清单和整改清单",
    "强化部门协同和信息共享",
    "做到底数清、情况明、措施实",
    "倒排工期、挂图作战",
    "以钉钉子精神推动工作落地见效",
    "坚决杜绝敷衍塞责、推诿扯皮",
    "加大督查检查和通报问责力度",
    "把群众满意作为检验工作的标准",
    "深入排查各类风险隐患",
    "对发现的问题立行立改",
    "完善常态长效管理机制",
    "主动对接上级部门争取政策支持",
    "积极引导社会力量广泛参与",
    "及时回应群众关切",
    "营造比学赶超的浓厚氛围",
    "推动各项工作提质增效",
    "全力保障群众生命财产安全",
    "加快形成一批可复制可推广的经验",
    "持续擦亮城市品质底色",
    "扎实做好宣传引导工作",
    "夯实基层网格力量",
    "用足用好各项惠企政策",
    "压紧压实各级责任",
    "坚持日调度、周通报、月考核",
    "全面提升群众获得感、幸福感、安全感",
    "以高质量党建引领高质量发展",
    "切实增强责任感和紧迫感",
    "确保思想认识到位、工作措施到位",
    "在抓细抓实上下功夫",
)
# Opening clauses of a sentence (no 要 at the start; 要 inside a sentence is fine).
OPENERS = (
    "各部门要",
    "各街道要",
    "全区上下要",
    "相关责任单位要",
    "各级领导干部要",
    "牵头部门要",
    "",
    "",
    "",
)
# Assessments that may open a 会议强调 paragraph before the first directive (not a directive).
# "{c}" is the page comma.
FRAMINGS = (
    "做好当前工作意义重大、任务艰巨",
    "当前正处于攻坚克难的关键阶段",
    "各项工作取得了阶段性成效{c}但仍存在一些短板弱项",
    "这项工作事关群众切身利益和全区发展大局",
)

# Directive headings in the 要 + verb-object form (short lead phrases).
HEADINGS = (
    "压实工作责任 强化要素保障 坚定信心、抢抓进度 突出重点、狠抓落实 守牢底线、确保安全 "
    "聚焦项目建设 提升治理效能 深化改革创新 加强统筹调度 狠抓作风建设 坚持问题导向 "
    "织密防护网络 补齐民生短板 激发市场活力 筑牢安全防线 夯实基层基础 强化宣传引导 "
    "凝聚工作合力 严格督导考核 提高思想认识 完善长效机制 加快进度、提升质量 "
    "聚焦群众需求 抓实隐患整改"
).split()
# Heading-first short headings (抓项目,要…): three-character verb-object slogans.
SHORT_HEADINGS = (
    "抓项目 促消费 稳就业 优环境 保民生 防风险 强基础 育主体 提效能 扩投资 兴产业 "
    "惠民生 严考核 聚人才 美环境"
).split()

# Quoted policy terms (our own coinages in the usual slogan shapes). "{c}" is the page comma.
TERMS = (
    "一网统管",
    "网格+警格",
    "三清一改",
    "马上就办",
    "百日攻坚",
    "首季开门红",
    "最多跑一次",
    "小事不出网格{c}大事不出社区",
    "双随机、一公开",
    "四个一批",
    "田长制",
    "湖长+河长",
    "红黄蓝",
    "五个到位",
    "一企一策",
    "双报到",
    "家门口就业",
    "15分钟生活圈",
    "邻里议事会",
    "清单化、闭环式",
    "三下乡",
    "有事好商量",
    "早发现{c}早处置",
    "1+N",
)
# Clauses that carry a term: "{t}" is replaced by the quoted term.
TERM_CLAUSES = (
    "深入落实{t}工作要求",
    "持续推进{t}行动",
    "用好{t}工作机制",
    "把{t}落到实处",
    "全面推行{t}模式",
    "打响{t}品牌",
)

# Headline pieces (引题 and 副题 are slogans; 主题 names who did what).
KICKER_CHUNKS = (
    "聚焦主责 压实责任 守牢底线 攻坚克难 真抓实干 提速增效 凝心聚力 实干争先 "
    "精准施策 靶向发力 锚定目标 奋勇争先 抢抓机遇 蹄疾步稳 久久为功 补短强弱"
).split()
SUBTITLES = (
    "确保各项工作落地见效",
    "全力以赴推动高质量发展",
    "奋力夺取全年目标任务",
    "为全区发展提供坚强保障",
    "确保首战告捷",
    "全面提升群众满意度",
    "推动工作再上新台阶",
)
# Words that end the background paragraph of an inspection visit.
VISIT_SIGHTS = (
    "党群服务中心 网格管理站 便民服务大厅 老年日间照料中心 农贸市场 建设工地 防汛物资仓库"
).split()
