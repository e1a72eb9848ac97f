"""A small crisis signal for search: does a query speak of suicide, violence or an emergency?

The bot has its own, larger crisis lexicon (bot/crisis.py); socialmap may not import the bot, and
a search box needs less: when a query signals danger, the right helplines come first (113 for
suicidal thoughts, 112 for acute danger, Veilig Thuis for violence at home), in Dutch and English.
Helplines are found in the social map by their national phone numbers, so any map that lists them
gets them pinned; the kaart also shows them in a box, whether or not the map lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold

# National lines (phone numbers as written in HSDS records) and what they are for.
HELPLINES = {
    "113": {"name": "113 Zelfmoordpreventie", "phones": ("113", "0800-0113"), "phone": "113 of 0800-0113"},
    "112": {"name": "112 Alarmnummer", "phones": ("112",), "phone": "112"},
    "veilig-thuis": {"name": "Veilig Thuis", "phones": ("0800-2000",), "phone": "0800-2000"},
    "luisterlijn": {"name": "De Luisterlijn", "phones": ("0800-0767",), "phone": "0800-0767"},
}
CRISIS_TOPICS = {"suicide": "psychisch-welzijn", "violence": "huiselijk-geweld"}
ORDER = {
    "suicide": ("113", "112", "luisterlijn"),
    "suicide-acute": ("112", "113"),
    "violence": ("veilig-thuis", "112"),
    "violence-acute": ("112", "veilig-thuis"),
    "emergency": ("112",),
}


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


SUICIDE = _words(
    r"zelfmoord\w*", r"suicid\w*", r"zelfdoding", r"zelfbeschadiging", r"113",
    r"(?:wil|wilde|zou) (?:graag |liever )?(?:dood|sterven|er niet meer zijn)",
    r"niet meer (?:willen )?leven", r"wil niet meer leven", r"dood (?:willen|wil) ",
    r"dood zijn", r"was ik (?:maar|liever) dood", r"een eind(?:e)? aan (?:mijn|het|m'n) leven",
    r"er een eind(?:e)? aan (?:maken|te maken)", r"uit het leven", r"van kant maken",
    r"mezelf (?:iets )?(?:aan ?doen|ophangen|snijden|pijn doen|doden)", r"in mezelf snijden",
    r"geen zin meer in (?:het|mijn) leven", r"leven heeft geen zin", r"zie het niet meer zitten",
    r"beter af (?:is |zijn |zou zijn |zouden zijn )?zonder mij", r"een last voor iedereen",
    r"kill myself", r"killing myself", r"end (?:my|it) (?:life|all)", r"want(?:ed)? to die",
    r"(?:do not|don't|dont) want to (?:live|be here)", r"take my (?:own )?life", r"hurt myself",
    r"self[- ]?harm\w*", r"no reason to live", r"better off without me", r"wish i (?:was|were) dead",
)
SUICIDE_ACUTE = _words(
    r"pillen (?:ingenomen|geslikt|genomen)", r"overdosis", r"heeft (?:zich|zichzelf) (?:iets aangedaan|opgehangen)",
    r"took (?:all )?(?:my |the )?pills", r"overdos\w*", r"took an overdose",
)
VIOLENCE = _words(
    r"huiselijk geweld", r"geweld", r"mishandel\w*", r"sla(?:at|an)? (?:me|mij|haar|hem|ons|de kinderen)",
    r"sloeg (?:me|mij|haar|hem)", r"word(?:t|en)? (?:ge)?slagen", r"geslagen", r"slaat",
    r"schopt", r"wurgt", r"bedreig\w*", r"misbruik\w*", r"verkracht\w*", r"aangerand",
    r"durf (?:niet )?(?:meer )?(?:niet )?(?:naar )?huis", r"bang voor (?:mijn|m'n) (?:man|vrouw|partner|vader|moeder|vriend|vriendin|ex|zoon|dochter)",
    r"niet veilig (?:thuis|bij (?:mijn|m'n))", r"veilig thuis(?! wonen)",
    r"domestic (?:violence|abuse)", r"abus\w*", r"hits me", r"beats? me", r"beating", r"hitting",
    r"threaten\w*", r"afraid of my (?:husband|wife|partner|father|mother|boyfriend|girlfriend|son)",
    r"not safe at home", r"violen\w*",
    r"(?:dreigt|staat|kwam|komt|zwaait|loopt)\b.{0,40}\bmet een (?:mes|wapen|pistool)",
    r"(?:with|has) a (?:knife|gun)",
)
ACUTE = _words(
    r"nu", r"op dit moment", r"mes", r"wapen", r"staat (?:nu )?voor de deur", r"right now", r"knife",
    r"gun", r"weapon",
)
EMERGENCY = _words(
    r"112", r"ademt niet", r"niet (?:meer )?(?:ademen|aanspreekbaar)", r"bewusteloos", r"hartaanval",
    r"beroerte", r"brand", r"noodgeval", r"spoedgeval", r"ambulance", r"bloedt (?:erg|heel|veel)",
    r"is gevallen en (?:kan|komt) niet (?:meer )?(?:op|overeind)", r"reanim\w*",
    r"not breathing", r"unconscious", r"heart attack", r"emergency", r"on fire", r"stroke",
    r"bleeding (?:a lot|badly|heavily)",
)


@dataclass(frozen=True)
class CrisisSignal:
    kind: str  # suicide, suicide-acute, violence, violence-acute, emergency

    @property
    def helplines(self) -> tuple[str, ...]:
        """Helpline keys (HELPLINES), most urgent first."""
        return ORDER[self.kind]

    def to_dict(self) -> dict:
        return {"kind": self.kind.split("-")[0], "acute": self.kind.endswith("acute") or self.kind == "emergency",
                "helplines": [{"key": k, "name": HELPLINES[k]["name"], "phone": HELPLINES[k]["phone"],
                               "tel": HELPLINES[k]["phones"][0].replace("-", "")}
                              for k in self.helplines]}


def crisis_signal(text: str) -> CrisisSignal | None:
    """The crisis a query signals, or None. Suicide outranks violence, violence an emergency."""
    folded = " ".join(re.findall(r"[a-z0-9']+", fold(text or "")))
    if not folded:
        return None
    if SUICIDE.search(folded) or SUICIDE_ACUTE.search(folded):
        return CrisisSignal("suicide-acute" if SUICIDE_ACUTE.search(folded) else "suicide")
    if VIOLENCE.search(folded):
        return CrisisSignal("violence-acute" if ACUTE.search(folded) else "violence")
    if EMERGENCY.search(folded):
        return CrisisSignal("emergency")
    return None


def helpline_of(phones: list[str]) -> str | None:
    """The HELPLINES key a service answers on, by its phone numbers."""
    numbers = {p.replace(" ", "") for p in phones}
    for key, line in HELPLINES.items():
        if numbers & set(line["phones"]):
            return key
    return None
