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
    r"zelfmoo?r\w*", r"zelf moord\w*", r"suicid\w*", r"suizid\w*", r"zelfdoding", r"zelfbeschadiging", r"113",
    r"(?:wil|wilde|zou|ga|gaan) (?:graag |liever |gewoon )?(?:dood(?! van)|sterven|doodgaan|er niet meer zijn)",
    r"doodgaan", r"dood (?:te )?gaan", r"dood zijn", r"was ik (?:maar|liever) dood",
    r"(?:niet|nie) meer (?:willen )?leve?n?", r"(?:mijn|m'n) leven (?:beeindig\w*|stoppen)",
    r"van het leven beroven", r"uit het leven", r"van kant maken", r"me ophangen", r"(?:ga|wil) springen",
    r"een eind(?:e)? aan (?:mijn|het|m'n) leven", r"er een eind(?:e)? aan (?:maken|te maken)",
    r"mezelf (?:iets )?(?:aan ?doen|ophangen|doden|pijn doen)",
    r"(?:mezelf|me|mijn (?:armen|arm|polsen|pols|benen)) (?:\w+ )?(?:gesneden|snijden|krassen|kras|gebrand|branden)",
    r"in (?:mijn|m'n) (?:armen|arm|polsen|pols) (?:\w+ )?(?:gesneden|snijden)", r"kras mezelf",
    r"sla mezelf", r"niet meer wakker (?:te )?worden", r"klaar met (?:het |mijn )?leven",
    r"(?:wil|ben) (?:niet meer )?(?:hier )?(?:niet meer )?(?:zijn )?op de wereld", r"niet meer hier zijn",
    r"geen zin meer in (?:het|mijn) leven", r"leven heeft geen zin", r"zie het niet meer zitten",
    r"(?:niks|niets) (?:meer )?om voor te leven", r"de moeite niet meer waard",
    r"kan niet meer zo leven", r"beter af (?:is |zijn |zou zijn |zouden zijn |als ik er niet meer ben )?(?:zonder mij)?",
    r"(?:ben|zijn) beter zonder mij", r"een last voor iedereen", r"(?:alleen maar )?tot last",
    r"geen last meer van mij", r"niemand (?:zal|zou) me missen", r"als ik (?:er niet meer ben|weg ben)",
    r"morgen ben ik er niet meer", r"laatste bericht", r"afscheid (?:genomen|nemen) van", r"vaarwel",
    r"(?:nog maar )?(?:een|een enkele|één) uitweg", r"voorgoed rust",
    r"(?:brug|flat|dak|balkon|spoor)\b.{0,40}\b(?:springen|beneden|trein)", r"naar het spoor",
    r"touw gekocht", r"pillen (?:klaarliggen|klaar liggen|gespaard|verzameld|sparen)", r"hoeveel pillen",
    r"snelste manier om", r"motor aan",
    r"kill myself", r"killing myself", r"end (?:my|it) (?:life|all)", r"want(?:ed)? to die",
    r"(?:do not|don't|dont) want to (?:live|be here)", r"take my (?:own )?life", r"hurt myself",
    r"self[- ]?harm\w*", r"no reason to live", r"better off without me", r"wish i (?:was|were) dead",
    r"(?:won't|wont|will not) be here tomorrow", r"suicidal",
)
SUICIDE_ACUTE = _words(
    r"pillen (?:ingenomen|geslikt|genomen)", r"overdosis", r"heeft (?:zich|zichzelf) (?:iets aangedaan|opgehangen)",
    r"blijft bloeden", r"took (?:all )?(?:my |the )?pills", r"overdos\w*", r"took an overdose",
    r"(?:sta|zit|ben) (?:nu )?(?:boven )?op (?:de|het) (?:flat|brug|dak|balkon)", r"bij het spoor",
)
VIOLENCE = _words(
    r"huiselijk geweld", r"geweld", r"mishandel\w*", r"sla(?:at|an)? (?:me|mij|ons)",
    r"(?:man|vrouw|partner|vriend|vriendin|vader|moeder|zoon|dochter|ex|buurman) (?:\w+ )?(?:slaat|sloeg|schopt|schopte) (?:me|mij|haar|hem|ons|de kinderen|mijn)",
    r"sloeg (?:me|mij)", r"word(?:t|en)? (?:steeds |vaak |elke dag )?(?:ge)?slagen", r"geslagen",
    r"schopt (?:me|mij)", r"wurgt", r"gewurgd", r"bedreig\w*", r"misbruik\w*", r"verkracht\w*", r"aangerand",
    r"durf (?:niet )?(?:meer )?(?:niet )?(?:naar )?huis",
    r"bang voor (?:mijn|m'n) (?:man|vrouw|partner|vader|moeder|vriend|vriendin|ex|zoon|dochter)",
    r"niet veilig (?:thuis|bij (?:mijn|m'n))", r"veilig thuis(?! (?:blijven |kunnen |te )?(?:wonen|leven|blijven))",
    r"domestic (?:violence|abuse)", r"abus\w*", r"hits me", r"beats? me", r"beating", r"hitting",
    r"threaten\w*", r"afraid of my (?:husband|wife|partner|father|mother|boyfriend|girlfriend|son)",
    r"not safe at home", r"violen\w*",
    r"(?:dreigt|staat|kwam|komt|zwaait|loopt)\b.{0,40}\bmet een (?:mes|wapen|pistool)",
    r"(?:with|has) a (?:knife|gun)",
)
ACUTE = _words(
    r"nu (?:net|meteen|direct|hier|binnen)", r"(?:staat|is|zit) (?:hier )?nu", r"op dit moment", r"mes", r"wapen", r"staat (?:nu )?voor de deur", r"right now", r"knife",
    r"gun", r"weapon",
)
EMERGENCY = _words(
    r"112", r"ademt niet", r"niet (?:meer )?(?:ademen|aanspreekbaar)", r"bewusteloos", r"hartaanval",
    r"beroerte", r"brand", r"noodgeval", r"spoedgeval", r"ambulance", r"bloedt (?:erg|heel|veel)",
    r"is gevallen en (?:kan|komt) niet (?:meer )?(?:op|overeind)", r"reanim\w*",
    r"(?:gevallen|ligt|flauwgevallen)\b.{0,40}\b(?:reageert niet|beweegt niet|wordt niet wakker)",
    r"(?:man|vrouw|vader|moeder|kind|zoon|dochter|opa|oma|buurman|buurvrouw|partner|baby)\b.{0,30}"
    r"\b(?:reageert|beweegt) niet(?: meer)?\b(?!.{0,20}\b(?:brief|mail|bericht|telefoon|app))",
    r"not breathing", r"unconscious", r"heart attack", r"emergency", r"on fire", r"stroke",
    r"bleeding (?:a lot|badly|heavily)",
)
# Violence or an emergency told as something past ('vroeger', 'vorig jaar', '... gehad') is a
# question about its aftermath: no helpline banner, ordinary results (suicidal words always count).
PAST = _words(
    r"vroeger", r"(?:jaren|maanden|weken|jaar|lang) geleden", r"vorig(?:e)? (?:jaar|maand|week)",
    r"in (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)",
    r"gehad", r"sinds", r"years ago", r"last year", r"used to",
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
    past = PAST.search(folded) and not ACUTE.search(folded)
    if VIOLENCE.search(folded) and not past:
        return CrisisSignal("violence-acute" if ACUTE.search(folded) else "violence")
    if EMERGENCY.search(folded) and not past:
        return CrisisSignal("emergency")
    return None


def helpline_of(phones: list[str]) -> str | None:
    """The HELPLINES key a service answers on, by its phone numbers."""
    numbers = {p.replace(" ", "") for p in phones}
    for key, line in HELPLINES.items():
        if numbers & set(line["phones"]):
            return key
    return None
