"""A synthetic but realistic project root of any size, deterministic by seed.

``generate(target, n_projects)`` writes ``data/*.yaml`` (valid against
``briefing/schema.py``, every field used), ``content/ko`` and ``content/en``
(event narratives of real length with Korean prose composed from
``words.py``), and copies ``theme/``, ``locale/``, ``schemas/`` and
``mkdocs.yml`` from this checkout, so ``build.py --root target build`` works.

Sizes follow the real content's proportions: N projects, N/3 events (one in
twelve an anchor, the rest in an anchor's chapter, a third of them part of a
parent event), N/2 organizations and sources, N/3 people, N/10 places.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: python benchmarks/synthetic.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import words as w  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("briefing.yml", "theme", "locale", "schemas", "mkdocs.yml")
UPDATED = "2026-11-22"
CURRENCIES = ("USD", "KRW", "KZT", "EUR")
UNITS = ("vehicle-per-year", "person", "job", "km2", "percent", "company")
AMOUNT_KINDS = ("project-size", "investment", "production-capacity", "sales", "jobs", "area")
APPROX = ("about", "up-to", "at-least", "more-than")
STATUSES = (
    "proposed",
    "planned",
    "agreed",
    "negotiating",
    "tender-delayed",
    "under-construction",
    "operating",
    "completed",
    "announced",
)


# -- Korean prose -------------------------------------------------------------
def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable ends in a consonant (받침): picks the particle."""
    last = word.rstrip()[-1]
    return 0xAC00 <= ord(last) <= 0xD7A3 and (ord(last) - 0xAC00) % 28 != 0


def particle(word: str, with_final: str, without_final: str) -> str:
    return word + (with_final if has_final_consonant(word) else without_final)


def ko_instrumental(word: str) -> str:
    """으로/로: 로 after a vowel or ㄹ."""
    last = word[-1]
    ends_in_l = 0xAC00 <= ord(last) <= 0xD7A3 and (ord(last) - 0xAC00) % 28 == 8
    return word + ("으로" if has_final_consonant(word) and not ends_in_l else "로")


class Prose:
    """Sentences in both languages from one random stream (same seed, same text)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, items):
        return self.rng.choice(items)

    def ko_sentence(self) -> str:
        n1, n2, n3 = (self.pick(w.NOUNS)[0] for _ in range(3))
        mod, pred, conn, who = (
            self.pick(w.MODIFIERS)[0],
            self.pick(w.PREDICATES)[0],
            self.pick(w.CONNECTIVES)[0],
            self.pick(w.SPEAKERS)[0],
        )
        form = self.rng.randrange(5)
        if form == 0:
            return (
                f"{conn} {particle(who, '은', '는')} {particle(n1, '과', '와')} {n2} "
                f"{particle(n3, '을', '를')} {pred}."
            )
        if form == 1:
            return (
                f"{n1}의 {particle(n2, '이', '가')} {mod} {ko_instrumental(n3)} 이어졌고, "
                f"{particle(who, '은', '는')} 관련 "
                f"{particle(self.pick(w.NOUNS)[0], '을', '를')} {pred}."
            )
        if form == 2:
            return (
                f"{particle(who, '은', '는')} {mod} {n1} {particle(n2, '을', '를')} 통해 "
                f"{n3} 분야의 {particle(self.pick(w.NOUNS)[0], '을', '를')} {pred}."
            )
        if form == 3:
            return (
                f"{conn} {n1} {particle(n2, '과', '와')} 관련해 {mod} {particle(n3, '이', '가')} "
                "필요하다는 의견이 나왔다."
            )
        return (
            f"{particle(who, '은', '는')} {self.rng.randint(2, 12)}개 {n1} "
            f"{particle(n2, '을', '를')} 대상으로 {mod} {particle(n3, '을', '를')} {pred}."
        )

    def en_sentence(self) -> str:
        n1, n2, n3 = (self.pick(w.NOUNS)[1] for _ in range(3))
        mod, pred, conn, who = (
            self.pick(w.MODIFIERS)[1],
            self.pick(w.PREDICATES)[1],
            self.pick(w.CONNECTIVES)[1],
            self.pick(w.SPEAKERS)[1],
        )
        form = self.rng.randrange(4)
        if form == 0:
            return f"{conn} {who} {pred} the {n1} and {n2} {n3}."
        if form == 1:
            return f"Talks on {n1} {n2} led to a {mod} {n3}, and {who} {pred} the next steps."
        if form == 2:
            return f"Through a {mod} {n1} {n2}, {who} {pred} work on {n3}."
        return (
            f"{conn} {who} {pred} {self.rng.randint(2, 12)} {n1} items "
            f"with a {mod} approach to {n3}."
        )

    def paragraph(self, lang: str, sentences: int) -> str:
        make = self.ko_sentence if lang == "ko" else self.en_sentence
        return " ".join(make() for _ in range(sentences))

    def phrase(self, lang: str) -> str:
        """A short qualifier (notes beside figures and statuses)."""
        n1, n2 = self.pick(w.NOUNS), self.pick(w.NOUNS)
        return f"{n1[0]} {n2[0]} 기준" if lang == "ko" else f"Based on {n1[1]} {n2[1]}"


# -- names --------------------------------------------------------------------
def compose_name(rng: random.Random, syllables, count: int) -> tuple[str, str]:
    parts = [rng.choice(syllables) for _ in range(count)]
    roman = "".join(p[0] for p in parts)
    return roman.capitalize(), "".join(p[1] for p in parts)


def person_name(rng: random.Random, korean: bool) -> tuple[str, str]:
    """(English, Korean) name of a Korean or Kazakh person."""
    if korean:
        family = rng.choice(w.KOREAN_FAMILY)
        given = [rng.choice(w.KOREAN_GIVEN_SYLLABLES) for _ in range(2)]
        return f"{family[0]} {given[0][0].capitalize()}-{given[1][0]}", family[1] + given[0][
            1
        ] + given[1][1]
    given, family = rng.choice(w.KAZAKH_GIVEN), rng.choice(w.KAZAKH_FAMILY)
    return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() and c.isascii() else "-" for c in text.lower())
    return "-".join(p for p in out.split("-") if p)


def day(rng: random.Random, year_from: int = 2019, year_to: int = 2026) -> str:
    """A day of the record, never after the records' last change: a source or a figure cannot
    be dated in the future (the checker refuses it)."""
    date = f"{rng.randint(year_from, year_to)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return min(date, UPDATED)


def both(ko: str, en: str) -> dict[str, str]:
    return {"ko": ko, "en": en}


# -- records ------------------------------------------------------------------
def make_places(rng: random.Random, count: int) -> list[dict]:
    places = []
    for i in range(count):
        en, ko = compose_name(rng, w.PLACE_SYLLABLES, rng.randint(2, 3))
        old_en, old_ko = compose_name(rng, w.PLACE_SYLLABLES, 2)
        korean = i % 4 == 3
        places.append(
            {
                "id": f"{slug(en)}-{i}",
                "name": both(ko, en),
                "former_names": [
                    {
                        "name": both(old_ko, old_en),
                        "from": "1997-12-10",
                        "until": f"{rng.randint(2019, 2022)}-0{rng.randint(1, 9)}-15",
                    }
                ],
                "region": both(
                    "경기도" if korean else f"카자흐스탄 {ko}주",
                    "Gyeonggi Province, Korea" if korean else f"{en} Region, Kazakhstan",
                ),
                "country": "KR" if korean else "KZ",
                "coordinates": [round(rng.uniform(36, 38), 2), round(rng.uniform(126, 128), 2)]
                if korean
                else [round(rng.uniform(41, 54), 2), round(rng.uniform(50, 85), 2)],
                "aliases": {"ko": [old_ko], "en": [old_en]},
                "updated": UPDATED,
            }
        )
    return places


def make_sources(rng: random.Random, prose: Prose, count: int) -> list[dict]:
    sources = []
    for i in range(count):
        outlet = rng.choice(w.OUTLETS)
        published = day(rng)
        korean = i % 3 != 2
        reporter_en, reporter_ko = person_name(rng, korean=True)
        title_ko, title_en = prose.ko_sentence().rstrip("."), prose.en_sentence().rstrip(".")
        sources.append(
            {
                "id": f"{slug(outlet[1])}-{published}-{i}",
                "kind": ("news", "official", "public-record")[i % 3],
                "outlet": both(*outlet),
                "title": title_ko if korean else title_en,
                "title_translated": both(title_ko, title_en),
                "byline": both(f"{reporter_ko} 기자", reporter_en),
                "published": published,
                "language": "ko" if korean else "en",
                "url": f"https://news.example.org/{slug(outlet[1])}/{published}/{i}",
                "note": both(prose.paragraph("ko", 2), prose.paragraph("en", 2)),
                "updated": UPDATED,
            }
        )
    return sources


def cite(rng: random.Random, sources: list[dict], count: int) -> list[str]:
    return sorted({rng.choice(sources)["id"] for _ in range(count)})


def make_organizations(
    rng: random.Random, prose: Prose, count: int, places: list[dict], sources: list[dict]
) -> list[dict]:
    orgs = []
    for i in range(count):
        kind_ko, kind_en, kind, country = rng.choice(w.ORGANIZATION_KINDS)
        place = rng.choice(places)["name"]
        name_en, name_ko = f"{place['en']} {kind_en}", f"{place['ko']} {kind_ko}"
        abbr = "".join(word[0] for word in name_en.split() if word[0].isupper()) + str(i)
        orgs.append(
            {
                "id": f"{slug(name_en)}-{i}",
                "name": both(name_ko, name_en),
                "abbreviation": both(name_ko[:2] + kind_ko[:1], abbr),
                "country": country,
                "kind": kind,
                "description": both(prose.ko_sentence(), prose.en_sentence()),
                "aliases": {"ko": [f"{name_ko} ({abbr})"], "en": [abbr]},
                "sources": cite(rng, sources, 2),
                "updated": UPDATED,
            }
        )
    return orgs


def make_people(
    rng: random.Random, count: int, orgs: list[dict], sources: list[dict]
) -> list[dict]:
    people = []
    for i in range(count):
        korean = i % 2 == 0
        en, ko = person_name(rng, korean)
        people.append(
            {
                "id": f"{slug(en)}-{i}",
                "name": both(ko, en),
                "country": "KR" if korean else "KZ",
                "organization": rng.choice(orgs)["id"],
                "sources": cite(rng, sources, 2),
                "updated": UPDATED,
            }
        )
    return people


def make_events(
    rng: random.Random, prose: Prose, count: int, places, orgs, people, sources
) -> list[dict]:
    """Anchors first in each chapter, then events in date order after them."""
    n_anchors = max(3, count // 12)
    events: list[dict] = []
    anchors: list[dict] = []
    for i in range(count):
        is_anchor = i < n_anchors
        kind_ko, kind_en, kind = rng.choice(w.ANCHOR_KINDS if is_anchor else w.EVENT_KINDS)
        place = rng.choice(places)
        year = (
            2019 + (i % n_anchors) * 7 // n_anchors if not is_anchor else 2019 + i * 7 // n_anchors
        )
        start = f"{year}-{rng.randint(1, 11):02d}-{rng.randint(1, 25):02d}"
        person = rng.choice(people)
        event = {
            "id": f"{slug(place['name']['en'])}-{slug(kind_en)}-{year}-{i}",
            "title": both(
                f"{year}년 {place['name']['ko']} {kind_ko}",
                f"{place['name']['en']} {kind_en} {year}",
            ),
            "kind": kind,
            "start": start,
            "end": start[:-2] + f"{int(start[-2:]) + rng.randint(1, 3):02d}",
            "place": place["id"],
            "venue": both(
                f"{place['name']['ko']} 컨벤션센터", f"{place['name']['en']} Convention Centre"
            ),
            "participants": [
                {
                    "person": person["id"],
                    "role": both(
                        f"{rng.choice(w.ORGANIZATION_KINDS)[0]} 대표",
                        f"Head of the {rng.choice(w.ORGANIZATION_KINDS)[1]}",
                    ),
                },
                {"organization": rng.choice(orgs)["id"]},
            ],
            "summary": both(prose.paragraph("ko", 2), prose.paragraph("en", 2)),
            "sources": cite(rng, sources, 2),
            "updated": UPDATED,
        }
        if is_anchor:
            event["anchor"] = True
            anchors.append(event)
        else:
            chapter = anchors[i % n_anchors]
            event["chapter"] = chapter["id"]
            siblings = [
                e for e in events[-12:] if e.get("chapter") == chapter["id"] and "parent" not in e
            ]
            if i % 3 == 0:
                event["parent"] = siblings[-1]["id"] if siblings else chapter["id"]
        events.append(event)
    return events


def make_projects(
    rng: random.Random, prose: Prose, count: int, places, orgs, events, sources
) -> list[dict]:
    projects = []
    for i in range(count):
        kind_ko, kind_en, sector = rng.choice(w.PROJECT_KINDS)
        place = rng.choice(places)
        source_ids = cite(rng, sources, 3)
        amounts = []
        for j in range(rng.randint(1, 3)):
            money = j % 2 == 0
            value = rng.randint(1, 900) * (1_000_000 if money else 100)
            amount = {"value": value, "value_max": value * 2, "approx": rng.choice(APPROX)}
            amount["currency" if money else "unit"] = (
                rng.choice(CURRENCIES) if money else rng.choice(UNITS)
            )
            amount.update(
                {
                    "kind": rng.choice(AMOUNT_KINDS[:2] if money else AMOUNT_KINDS[2:]),
                    "as_of": day(rng),
                    "source": rng.choice(source_ids),
                    "note": both(prose.phrase("ko"), prose.phrase("en")),
                }
            )
            amounts.append(amount)
        projects.append(
            {
                "id": f"{slug(place['name']['en'])}-{slug(kind_en)}-{i}",
                "name": both(
                    f"{place['name']['ko']} {kind_ko}", f"{place['name']['en']} {kind_en}"
                ),
                "sector": sector,
                "kind": "facility",  # every synthetic project is something built at a place
                "location": place["id"],
                "location_detail": both(
                    f"{place['name']['ko']} 산업단지 {i % 9 + 1}구역",
                    f"Zone {i % 9 + 1}, {place['name']['en']} industrial park",
                ),
                "amounts": amounts,
                "status": {
                    "value": rng.choice(STATUSES),
                    "as_of": day(rng),
                    "source": rng.choice(source_ids),
                    "note": both(prose.phrase("ko"), prose.phrase("en")),
                },
                "partners": sorted({rng.choice(orgs)["id"] for _ in range(3)}),
                "events": sorted({rng.choice(events)["id"] for _ in range(2)}),
                "aliases": {"ko": [f"{kind_ko} {i}호"], "en": [f"{kind_en} no. {i}"]},
                "summary": both(prose.paragraph("ko", 3), prose.paragraph("en", 3)),
                "sources": source_ids,
                "updated": UPDATED,
            }
        )
    return projects


# -- narratives ---------------------------------------------------------------
HEADINGS = {
    "ko": ("배경", "합의·발표 내용", "의미"),
    "en": ("Background", "What was agreed", "Why it matters"),
}


def narrative(
    prose: Prose,
    lang: str,
    event: dict,
    projects: list[dict],
    sources: dict[str, dict],
    others: list[dict],
) -> str:
    """An event story: lead, three sections, links to its projects, sources and other events."""

    def cite_link(source_id: str) -> str:
        s = sources[source_id]
        return f"([{s['outlet'][lang]}, {s['published']}](../sources.md#{source_id}))"

    def linked_paragraph(extra: str) -> str:
        text = prose.paragraph(lang, prose.rng.randint(3, 5))
        return " ".join(
            part for part in (text, extra, cite_link(prose.rng.choice(event["sources"]))) if part
        )

    lines = [linked_paragraph(""), ""]
    for index, heading in enumerate(HEADINGS[lang]):
        lines += [f"## {heading}", ""]
        for _ in range(2):
            extra = ""
            if index == 1 and projects:
                p = prose.rng.choice(projects)
                extra = f"[{p['name'][lang]}](../projects/{p['id']}.md)"
            elif index == 2 and others:
                o = prose.rng.choice(others)
                extra = f"[{o['title'][lang]}]({o['id']}.md)"
            lines += [linked_paragraph(extra), ""]
    return page("", "", "\n".join(lines))  # its title and description are the event's


def page(title: str, description: str, body: str) -> str:
    """A page with its front matter; an event narrative (no title) has only ``updated``."""
    heading = {"title": title, "description": description} if title else {}
    front = yaml.safe_dump(
        {**heading, "updated": UPDATED},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    return f"---\n{front}---\n\n{body.strip()}\n"


def home_and_about(prose: Prose, lang: str, anchors: list[dict]) -> dict[str, str]:
    links = ", ".join(f"[{a['title'][lang]}](events/{a['id']}.md)" for a in anchors[:3])
    more = (
        "[연표](timeline.md), [사업 목록](projects/index.md), "
        "[기관](organizations.md), [출처](sources.md)"
        if lang == "ko"
        else "[timeline](timeline.md), [projects](projects/index.md), "
        "[organizations](organizations.md), [sources](sources.md)"
    )
    home_title = (
        "한-카자흐스탄 경제협력 브리핑 (합성)"
        if lang == "ko"
        else "Korea–Kazakhstan briefing (synthetic)"
    )
    home = "\n\n".join(
        [
            prose.paragraph(lang, 4) + " " + links,
            prose.paragraph(lang, 5),
            prose.paragraph(lang, 3) + " " + more,
        ]
    )
    about_title = "이 브리핑에 대해" if lang == "ko" else "About this briefing"
    about = "\n\n".join(
        f"## {h}\n\n{prose.paragraph(lang, 4)}\n\n{prose.paragraph(lang, 4)}"
        for h in HEADINGS[lang]
    )
    return {
        "index.md": page(home_title, prose.paragraph(lang, 1), home),
        "about.md": page(about_title, prose.paragraph(lang, 1), about),
    }


# -- the project root -----------------------------------------------------------
def write_yaml(path: Path, key: str, records: list[dict]) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump({key: records}, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(
        f"# yaml-language-server: $schema=../schemas/{key}.schema.json\n{text}", encoding="utf-8"
    )


def copy_inputs(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        elif source.exists():
            shutil.copy(source, target / name)


def commit_all(target: Path) -> None:
    """Make ``target`` a git checkout with one commit, as the real project is
    (the translation-staleness check reads git history)."""
    if shutil.which("git") is None or (target / ".git").exists():
        return
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-22T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-22T00:00:00Z",
    }
    identity = [
        "-c",
        "user.name=benchmark",
        "-c",
        "user.email=benchmark@briefing.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        [*identity, "commit", "-q", "-m", "synthetic corpus"],
    ):
        subprocess.run(["git", *args], cwd=target, env=env, check=True, capture_output=True)


def generate(target: Path, n_projects: int, seed: int = 0) -> Path:
    """Write a complete project root with ``n_projects`` projects into ``target``;
    returns ``target``."""
    target = Path(target)
    rng = random.Random(seed)
    prose = Prose(rng)
    places = make_places(rng, max(5, n_projects // 10))
    sources = make_sources(rng, prose, max(6, n_projects // 2))
    orgs = make_organizations(rng, prose, max(6, n_projects // 2), places, sources)
    people = make_people(rng, max(4, n_projects // 3), orgs, sources)
    events = make_events(rng, prose, max(4, n_projects // 3), places, orgs, people, sources)
    projects = make_projects(rng, prose, n_projects, places, orgs, events, sources)

    for name in ("data", "content"):
        shutil.rmtree(target / name, ignore_errors=True)
    (target / "data").mkdir(parents=True)
    for key, records in (
        ("projects", projects),
        ("events", events),
        ("sources", sources),
        ("organizations", orgs),
        ("people", people),
        ("places", places),
    ):
        write_yaml(target / "data" / f"{key}.yaml", key, records)

    sources_by_id = {s["id"]: s for s in sources}
    projects_by_event: dict[str, list[dict]] = {}
    for p in projects:
        for e in p["events"]:
            projects_by_event.setdefault(e, []).append(p)
    anchors = [e for e in events if e.get("anchor")]
    storied = [e for i, e in enumerate(events) if e.get("anchor") or i % 2 == 0]
    for lang in ("ko", "en"):
        base = target / "content" / lang
        (base / "events").mkdir(parents=True)
        for name, text in home_and_about(prose, lang, anchors).items():
            (base / name).write_text(text, encoding="utf-8")
        for event in storied:
            others = [o for o in storied if o["id"] != event["id"]][:5]
            text = narrative(
                prose, lang, event, projects_by_event.get(event["id"], []), sources_by_id, others
            )
            (base / "events" / f"{event['id']}.md").write_text(text, encoding="utf-8")
    copy_inputs(target)
    commit_all(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic briefing project root.")
    parser.add_argument("target", type=Path)
    parser.add_argument("-n", "--projects", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(generate(args.target, args.projects, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
