"""Editions in each language: their labels, and what changed as plain sentences.

``inputs/editions.py`` finds the changes from git; this module words them
(gettext, Babel dates and amounts) for the "What changed" page, the feed and
the book's annex, and names an edition on every footer and cover.
"""

from __future__ import annotations

from typing import Any

from briefing.inputs.editions import Change, Edition, EditionChanges, EditionHistory
from briefing.model import Amount, PartialDate, Status
from briefing.views import labels
from briefing.views.formatting import format_amount, format_date
from briefing.views.i18n import Language
from briefing.views.urls import PAGES, event_url, project_url, relative

View = dict[str, Any]


def edition_name(edition: Edition, lang: Language) -> str:
    """ "Edition 3", or "Edition of 7 December 2026" for a build of an untagged commit."""
    t = lang.gettext
    if edition.name:
        return t("Edition %(name)s") % {"name": edition.name}
    return t("Edition of %(date)s") % {"date": format_date(PartialDate.parse(edition.date), lang)}


def edition_label(edition: Edition, lang: Language) -> str:
    """The edition as footers, covers and metadata name it: "Edition 3 · 1a2b3c4"."""
    name = edition_name(edition, lang)
    return f"{name} · {edition.commit}" if edition.commit else name


def edition_anchor(edition: Edition) -> str:
    """The id of an edition's section on the "What changed" page."""
    return f"edition-{edition.commit or edition.date}"


def _status(status: Status, lang: Language) -> str:
    return lang.gettext(labels.STATUSES.get(status.value, status.value))


def _figure_kind(amount: Amount, lang: Language) -> str:
    return lang.gettext(labels.AMOUNT_KINDS.get(amount.kind, amount.kind))


def change_sentence(change: Change, lang: Language) -> str:
    """One change in a plain sentence of ``lang``."""
    t, code = lang.gettext, lang.code
    name = change.name[code] if change.what != "narrative" else change.name.values()[0]

    def date(value: PartialDate) -> str:
        return format_date(value, lang)

    if change.what == "project-added":
        return t("Project %(name)s added.") % {"name": name}
    if change.what == "project-removed":
        return t("Project %(name)s removed.") % {"name": name}
    if change.what == "event-added":
        return t("Event %(name)s added.") % {"name": name}
    if change.what == "event-removed":
        return t("Event %(name)s removed.") % {"name": name}
    if change.what == "status":
        return t(
            "Status of %(name)s changed from %(old)s (as of %(old_date)s) "
            "to %(new)s (as of %(date)s)."
        ) % {
            "name": name,
            "old": _status(change.old, lang),
            "old_date": date(change.old.as_of),
            "new": _status(change.new, lang),
            "date": date(change.new.as_of),
        }
    if change.what == "figure":
        return t("%(kind)s of %(name)s changed from %(old)s to %(new)s (as of %(date)s).") % {
            "kind": _figure_kind(change.new, lang),
            "name": name,
            "old": format_amount(change.old, lang),
            "new": format_amount(change.new, lang),
            "date": date(change.new.as_of),
        }
    if change.what == "figure-added":
        return t("%(kind)s of %(name)s added: %(new)s (as of %(date)s).") % {
            "kind": _figure_kind(change.new, lang),
            "name": name,
            "new": format_amount(change.new, lang),
            "date": date(change.new.as_of),
        }
    if change.what == "source-added":
        return t("Source added: %(name)s.") % {"name": name}
    if change.what == "narrative":
        return t("Page %(name)s rewritten.") % {"name": name}
    raise ValueError(f"unknown change {change.what!r}")


def _link(change: Change, here: str) -> str:
    """Where the changed record is on the site, relative to ``here``; "" when nowhere."""
    if change.what in ("project-added", "status", "figure", "figure-added"):
        return relative(here, project_url(change.record))
    if change.what == "event-added":
        return relative(here, event_url(change.record))
    if change.what == "source-added":
        return relative(here, f"{PAGES['sources']}#{change.record}")
    return ""


def edition_view(entry: EditionChanges, lang: Language, here: str = "") -> View:
    """One edition's section: its name, what it is compared with, and its changes in ``lang``
    (narratives of other languages left out)."""
    t = lang.gettext
    changes = [c for c in entry.changes if c.what != "narrative" or c.lang == lang.code]
    if entry.previous is None:
        since = t("The first edition: changes are listed from the next one on.")
    elif entry.window_days:
        since = t(
            "No earlier edition is tagged: changes of the last %(days)s days, since %(date)s."
        ) % {
            "days": entry.window_days,
            "date": format_date(PartialDate.parse(entry.previous.date), lang),
        }
    else:
        since = t("Changes since %(previous)s.") % {"previous": edition_label(entry.previous, lang)}
    return {
        "anchor": edition_anchor(entry.edition),
        "name": edition_name(entry.edition, lang),
        "label": edition_label(entry.edition, lang),
        "date": {
            "iso": entry.edition.date,
            "text": format_date(PartialDate.parse(entry.edition.date), lang),
        },
        "since": since,
        "first": entry.previous is None,
        "changes": [
            {"text": change_sentence(c, lang), "href": _link(c, here), "what": c.what}
            for c in changes
        ],
    }


def changes_view(history: EditionHistory, lang: Language, here: str = "") -> View:
    """The "What changed" page (and the book's annex): every listed edition, newest first."""
    t = lang.gettext
    return {
        "current": edition_label(history.current, lang),
        "unavailable": t(
            "The history of the data is not available in this copy of the briefing "
            "(it was built without its git history), so the changes between editions "
            "cannot be listed."
        )
        if history.problem
        else "",
        "editions": [edition_view(entry, lang, here) for entry in history.editions],
    }
