"""The word lists the synthetic corpus is composed from.

Korean sentences are built from these nouns, modifiers and predicates with the
right particle for each noun (은/는, 이/가, 을/를, 과/와, 으로/로 chosen by the
final consonant), so the text has the syllable, word-length and spacing
statistics of real Korean press prose. Names are built from paired
romanised/Hangul syllables so both languages name the same thing.
"""

from __future__ import annotations

# (Korean, English) nouns of the domain: what sentences are about.
NOUNS = (
    ("협력", "cooperation"), ("사업", "project"), ("정부", "government"), ("투자", "investment"),
    ("공장", "plant"), ("건설", "construction"), ("에너지", "energy"), ("산업", "industry"),
    ("기업", "company"), ("협약", "agreement"), ("회의", "meeting"), ("지원", "support"),
    ("개발", "development"), ("계획", "plan"), ("시장", "market"), ("기술", "technology"),
    ("인프라", "infrastructure"), ("물류", "logistics"), ("도로", "road"), ("병원", "hospital"),
    ("발전소", "power station"), ("금융", "finance"), ("무역", "trade"), ("수출", "exports"),
    ("교류", "exchange"), ("대표단", "delegation"), ("장관", "minister"), ("위원회", "committee"),
    ("합의", "accord"), ("양국", "both countries"), ("지역", "region"), ("도시", "city"),
    ("일자리", "jobs"), ("설비", "equipment"), ("원자재", "raw materials"), ("광물", "minerals"),
    ("배터리", "batteries"), ("자동차", "cars"), ("철도", "railway"), ("항만", "port"),
    ("통신", "telecoms"), ("보건", "health"), ("교육", "training"), ("연구소", "institute"),
    ("은행", "bank"), ("보험", "insurance"), ("기금", "fund"), ("규모", "scale"),
    ("일정", "timetable"), ("성과", "results"), ("과제", "task"), ("재원", "funding"),
    ("입찰", "tender"), ("착공", "groundbreaking"), ("준공", "completion"), ("생산", "production"),
    ("공급망", "supply chain"), ("표준", "standard"), ("인력", "workforce"), ("수요", "demand"),
    ("실무진", "working staff"), ("전략", "strategy"), ("제도", "framework"), ("허가", "permit"),
)
MODIFIERS = (
    ("새로운", "new"), ("주요", "major"), ("공동", "joint"), ("장기적인", "long-term"),
    ("구체적인", "concrete"), ("대규모", "large-scale"), ("단계적인", "phased"), ("실무", "working-level"),
    ("현지", "local"), ("추가", "additional"), ("전략적인", "strategic"), ("안정적인", "stable"),
    ("지속 가능한", "sustainable"), ("첨단", "advanced"), ("민관", "public-private"), ("정례", "regular"),
)
PREDICATES = (
    ("추진하기로 했다", "agreed to pursue"), ("논의했다", "discussed"), ("합의했다", "agreed on"),
    ("검토하고 있다", "are reviewing"), ("발표했다", "announced"), ("확대하기로 했다", "decided to expand"),
    ("지원하기로 했다", "pledged to support"), ("마련했다", "put together"), ("점검했다", "reviewed"),
    ("강조했다", "stressed"), ("제안했다", "proposed"), ("공유했다", "shared"), ("요청했다", "asked for"),
    ("약속했다", "promised"), ("평가했다", "assessed"), ("이어 가기로 했다", "chose to continue"),
)
CONNECTIVES = (
    ("이에 따라", "Accordingly,"), ("한편", "Meanwhile,"), ("특히", "In particular,"), ("또한", "Also,"),
    ("아울러", "In addition,"), ("그 결과", "As a result,"), ("이와 함께", "Alongside this,"),
    ("당시", "At the time,"), ("이후", "Later,"), ("같은 날", "The same day,"),
)
SPEAKERS = (
    ("산업부", "the industry ministry"), ("양측", "the two sides"), ("정부 대표단", "the government delegation"),
    ("현지 당국", "local authorities"), ("참가 기업들", "the participating companies"), ("실무 협의단", "the working party"),
)

# Paired syllables for place and person names: (romanised, Hangul).
PLACE_SYLLABLES = (
    ("ka", "카"), ("ra", "라"), ("tal", "탈"), ("bek", "벡"), ("su", "수"), ("ty", "티"), ("ar", "아르"),
    ("ak", "악"), ("ol", "올"), ("zhan", "잔"), ("tau", "타우"), ("kol", "콜"), ("sa", "사"), ("ba", "바"),
    ("shy", "쉬"), ("ken", "켄"), ("mir", "미르"), ("tas", "타스"), ("ul", "울"), ("zy", "지"),
)
KAZAKH_GIVEN = (
    ("Askar", "아스카르"), ("Dauren", "다우렌"), ("Erlan", "예를란"), ("Gulnara", "굴나라"), ("Marat", "마랏"),
    ("Nurlan", "누를란"), ("Saule", "사울레"), ("Timur", "티무르"), ("Aigerim", "아이게림"), ("Bolat", "볼랏"),
)
KAZAKH_FAMILY = (
    ("Abenov", "아베노프"), ("Dzhaksybekov", "작시베코프"), ("Iskakov", "이스카코프"), ("Nurpeisova", "누르페이소바"),
    ("Omarov", "오마로프"), ("Sultanov", "술타노프"), ("Tokenov", "토케노프"), ("Zhumabayev", "주마바예프"),
)
KOREAN_FAMILY = (("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"), ("Kang", "강"), ("Yoon", "윤"))
KOREAN_GIVEN_SYLLABLES = (
    ("min", "민"), ("seo", "서"), ("jun", "준"), ("hye", "혜"), ("young", "영"), ("ho", "호"), ("ji", "지"),
    ("woo", "우"), ("hyun", "현"), ("soo", "수"), ("eun", "은"), ("jae", "재"), ("sung", "성"), ("hee", "희"),
)

# What projects, organizations, outlets and events are called.
PROJECT_KINDS = (
    ("합금철 플랜트", "ferroalloy plant", "industry"), ("고속도로 사업", "highway project", "transport"),
    ("대학병원 사업", "university hospital", "health"), ("신도시 개발", "new city development", "urban-development"),
    ("태양광 발전소", "solar power plant", "energy"), ("수소 생산 단지", "hydrogen production site", "hydrogen"),
    ("배터리 소재 공장", "battery materials plant", "mining"), ("자동차 조립공장", "car assembly plant", "automotive"),
    ("관측 위성 사업", "observation satellite", "space"), ("데이터센터", "data centre", "ict"),
    ("도심항공 시범사업", "urban air mobility pilot", "mobility"), ("중소기업 지원센터", "SME support centre", "sme"),
    ("무역관 개설", "trade office", "trade"), ("공동 투자기금", "joint investment fund", "finance"),
    ("원전 협력", "nuclear cooperation", "nuclear"), ("협력 프로그램", "cooperation programme", "cooperation-framework"),
)
ORGANIZATION_KINDS = (
    ("개발공사", "Development Corporation", "state-company", "KZ"), ("산업부", "Ministry of Industry", "ministry", "KZ"),
    ("투자청", "Investment Agency", "public-agency", "KZ"), ("국부펀드", "Sovereign Fund", "sovereign-fund", "KZ"),
    ("엔지니어링", "Engineering", "company", "KR"), ("건설", "Construction", "company", "KR"),
    ("은행", "Bank", "bank", "KR"), ("상공회의소", "Chamber of Commerce", "business-association", "KR"),
    ("진흥원", "Promotion Agency", "public-agency", "KR"), ("컨설팅", "Consulting", "consultancy", "KR"),
    ("개발은행", "Development Bank", "international-organization", "INT"), ("정부", "Government", "government", "KZ"),
)
OUTLETS = (
    ("뉴스핌", "Newspim"), ("연합뉴스", "Yonhap"), ("K글로벌타임스", "K Global Times"), ("프라임경제", "Prime Economy"),
    ("카즈인폼", "Kazinform"), ("아스타나 타임스", "The Astana Times"), ("청와대", "Cheong Wa Dae"), ("산업통상자원부", "MOTIE"),
)
EVENT_KINDS = (
    ("정상회담", "summit", "summit"), ("워킹그룹 회의", "working group meeting", "working-group"),
    ("협정 체결", "agreement signing", "agreement"), ("비즈니스 포럼", "business forum", "business-forum"),
    ("양해각서 체결", "MOU signing", "mou-signing"), ("공장 준공식", "plant launch", "plant-launch"),
    ("투자 설명회", "investment roadshow", "roadshow"), ("실무 협의", "working meeting", "meeting"),
)
ANCHOR_KINDS = (("국빈 방문", "state visit", "state-visit"),)
