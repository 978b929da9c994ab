"""Reader-facing names of the enumerations in ``schema.py``.

English source strings, translated through the gettext catalogs.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated when shown."""
    return message


SECTORS = {
    "industry": N_("Industry"),
    "automotive": N_("Automotive"),
    "energy": N_("Energy"),
    "nuclear": N_("Nuclear power"),
    "hydrogen": N_("Hydrogen"),
    "mining": N_("Mining and minerals"),
    "transport": N_("Transport"),
    "urban-development": N_("Urban development"),
    "health": N_("Health"),
    "space": N_("Space"),
    "ict": N_("ICT"),
    "mobility": N_("Future mobility"),
    "sme": N_("Small business"),
    "trade": N_("Trade promotion"),
    "finance": N_("Finance and investment"),
    "cooperation-framework": N_("Cooperation framework"),
}
STATUSES = {
    "proposed": N_("Proposed"),
    "planned": N_("Planned"),
    "agreed": N_("Agreed"),
    "negotiating": N_("Negotiating"),
    "tender-delayed": N_("Tender delayed"),
    "under-construction": N_("Under construction"),
    "operating": N_("Operating"),
    "completed": N_("Completed"),
    "announced": N_("Announced"),
}
PROJECT_KINDS = {
    "facility": N_("Facility"),
    "programme": N_("Programme or agreement"),
    "organization": N_("Organization"),
}
# Where a status reads differently for a kind of project: a programme is not a plant that runs.
STATUSES_BY_KIND = {
    ("programme", "operating"): N_("In effect"),
    ("programme", "completed"): N_("Concluded"),
    ("organization", "operating"): N_("Active"),
}


def status_label(project_kind: str, status: str) -> str:
    """The untranslated name of ``status`` for a project of ``project_kind``."""
    return STATUSES_BY_KIND.get((project_kind, status), STATUSES[status])


AMOUNT_KINDS = {
    "project-size": N_("Project size"),
    "investment": N_("Investment"),
    "cooperation-package": N_("Cooperation package"),
    "production-capacity": N_("Production capacity"),
    "sales": N_("Sales"),
    "market-share": N_("Market share"),
    "area": N_("Area"),
    "population": N_("Planned population"),
    "jobs": N_("Jobs to be created"),
    "participants": N_("Participants"),
}
EVENT_KINDS = {
    "state-visit": N_("State visit"),
    "summit": N_("Summit"),
    "working-group": N_("Working group"),
    "agreement": N_("Agreement"),
    "business-forum": N_("Business forum"),
    "mou-signing": N_("MOU signing"),
    "plant-launch": N_("Plant launch"),
    "founding": N_("Founding"),
    "roadshow": N_("Roadshow"),
    "meeting": N_("Meeting"),
}
ORGANIZATION_KINDS = {
    "government": N_("Government body"),
    "ministry": N_("Ministry"),
    "public-agency": N_("Public agency"),
    "state-company": N_("State-owned company"),
    "sovereign-fund": N_("Sovereign wealth fund"),
    "company": N_("Company"),
    "bank": N_("Bank"),
    "business-association": N_("Business association"),
    "international-organization": N_("International organization"),
    "consultancy": N_("Consultancy"),
}
# Countries are the briefing's (briefing.yml); international bodies have this one label
INTERNATIONAL = N_("International")
SOURCE_KINDS = {
    "news": N_("News article"),
    "official": N_("Official release"),
    "public-record": N_("Public record"),
}
# The tables above by the names of schema.py's enumerations (approximations and units are
# phrases around a figure: formatting.py).
ENUMERATIONS = {
    "sectors": SECTORS,
    "project-kinds": PROJECT_KINDS,
    "statuses": STATUSES,
    "amount-kinds": AMOUNT_KINDS,
    "event-kinds": EVENT_KINDS,
    "organization-kinds": ORGANIZATION_KINDS,
    "source-kinds": SOURCE_KINDS,
}
