"""A small crisis signal for search: does a query speak of suicide, violence or an emergency?

The bot has its own, larger crisis lexicon (bot/crisis.py); socialmap may not import the bot, and
a search box needs less: when a query signals danger, the right helplines come first (113 for
suicidal thoughts, 112 for acute danger, Veilig Thuis for violence at home), in Dutch and English.
Besides the words for danger, the patterns cover how it is told indirectly: a plan or a
goodbye, self-harm, threats, being kept or controlled, neglect of a child or an elder, signs of a
stroke or a heart attack; a question about information, a course or prevention, or about the
past, is no danger. Helplines are found in the social map by their national phone numbers, so any map that lists them
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
    # veiled: giving up on living, wanting to disappear, saying goodbye
    r"hoeft (?:voor mij )?(?:allemaal )?niet meer", r"(?:wil|zou) (?:ik )?(?:het liefst |liefst |gewoon )?(?:verdwijnen|ophouden te bestaan)",
    r"ophouden te bestaan", r"afscheidsbrie\w*", r"mezelf (?:iets|wat) aan (?:te )?doen", r"nooit meer wakker",
    r"(?:kan|kon) (?:dit|het|zo) (?:leven )?niet meer aan", r"(?:dit|mijn) leven (?:niet meer aan|is zinloos)",
    r"er (?:liever )?niet meer (?:willen )?zijn", r"(?:wil|wou) weg uit (?:dit|het) leven", r"alles is zinloos",
    r"ending it", r"end it all", r"(?:can't|cant|cannot) go on", r"no point (?:in )?(?:living|going on)",
    r"not worth living", r"(?:want|wanted) to disappear", r"(?:don't|dont|do not) want to wake up",
    r"(?:thinking|think) about (?:ending|suicide)",
    # a plan or a goodbye: things given away, letters and a will ready, a place to jump from
    r"spullen\b.{0,30}\bweggegeven", r"brie(?:f|ven) (?:voor|aan) (?:iedereen|(?:mijn|de) (?:kinderen|familie|dochter|zoon))",
    r"testament\b.{0,40}\b(?:klaar|geregeld)\b", r"laatste keer dat (?:jullie|je|u) (?:van|iets van) me", r"\bgeen toekomst meer",
    r"(?:het )?water in (?:lopen|loop)", r"loop\b.{0,15}\bhet water in", r"tegen een boom", r"voor de trein", r"van de (?:brug|flat)",
    r"(?:rand|boven op|bovenop) (?:van )?(?:het|de) (?:dak|flat|brug)", r"zeker dood", r"klaar (?:mee|met)\b.{0,20}\bleven",
    r"stop (?:ermee|er mee) met leven", r"(?:moe|klaar) van (?:het )?leven", r"(?:ga|wil) (?:mijn|m'n) \w+ achterna",
    r"(?:wereld|iedereen|ze|jullie) (?:is|zijn|zou|zouden)\b.{0,20}\b(?:beter|opgelucht)\b.{0,20}\b(?:zonder mij|als ik (?:er niet meer ben|weg (?:ben|was)))",
    r"ben ik er niet meer", r"er (?:toch )?niet lang meer", r"weet hoe ik het ga doen", r"niet meer wakker word",
    r"wil dat het ophoudt", r"never wake up", r"end it\b", r"everything ready",
    # self-harm (113 helps here too)
    r"(?:snijd|snijdt|snijden|kras|krassen|krab|bonk|stomp|stompt) (?:weer |vaak |steeds )?(?:mezelf|zichzelf|in (?:mijn|haar|zijn) (?:armen|arm|benen|been|huid)|(?:mijn|m'n) (?:huid|armen|pols))",
    r"(?:sla|slaat|bonk|bonkt) (?:mijn|zijn|haar|m'n) hoofd (?:\w+ )?tegen", r"drang om (?:te snijden|mezelf)", r"sigaret op (?:mijn|m'n) (?:arm|hand|huid)",
    r"pols (?:\w+ )?opengehaald", r"(?:zelf|mezelf) gedaan\b.{0,20}\b(?:wonden|bloed)|wonden\b.{0,40}\bzelf gedaan",
    r"mezelf pijn (?:te )?doen", r"cut (?:myself|herself|himself)",
    # someone else's suicidal talk, and thoughts of death
    r"gedachten (?:aan|over) (?:de )?dood", r"mezelf iets aan ?doe\b", r"(?:zich|zichzelf) (?:iets )?(?:aan ?doen|aandoet|ophangen|doden)",
    r"praat (?:steeds |vaak )?over (?:dood|doodgaan|zelfmoord|er niet meer)", r"dood willen", r"een eind(?:e)? aan (?:maakt|zijn leven|haar leven)",
    r"^(?:ik )?wil niet meer$", r"wish i could disappear", r"life is (?:pointless|meaningless|not worth)",
    r"(?:going|want) to jump", r"jump (?:off|from|in front)", r"(?:think|thinking|thoughts) about (?:death|dying)",
    r"kill (?:himself|herself|themselves)", r"talks? about (?:dying|suicide|killing)",
)
SUICIDE_ACUTE = _words(
    r"pillen (?:ingenomen|geslikt|genomen)", r"overdosis", r"heeft (?:zich|zichzelf) (?:iets aangedaan|opgehangen)",
    r"blijft bloeden", r"took (?:all )?(?:my |the )?pills", r"overdos\w*", r"took an overdose",
    r"(?:sta|zit|ben) (?:nu )?(?:boven )?op (?:de|het) (?:flat|brug|dak|balkon)", r"bij het spoor",
    r"\w*pillen (?:\w+ )?(?:ingenomen|geslikt)", r"pillen (?:al )?(?:klaarliggen|klaar liggen)",
    r"took (?:too many|a lot of|all (?:my|the|her|his)) (?:\w+ )?pills",
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
    # compounds and veiled forms: harm by someone close, fear of them, being kept or controlled
    r"\w+mishandel\w*", r"\w+geweld",
    r"(?:hij|zij|ze|man|vrouw|partner|vriend|vriendin|vader|moeder|ex|zoon|dochter|stiefvader)\b.{0,30}"
    r"\b(?:duwt|knijpt|trapt|schopt|slaat|bijt|wurgt|sluit) (?:me|mij|ons|haar|hem|de kinderen)",
    r"(?:dreigt|dreigde)\b.{0,30}\b(?:aan te doen|te slaan|te vermoorden|dood)",
    r"bang (?:dat|voor wat) (?:hij|zij|ze|mijn \w+) (?:me|mij|ons|de kinderen) (?:iets )?(?:aan ?doet|aandoet|doet)",
    r"blauwe plekken (?:van|door)", r"(?:sluit|sloot|houdt) (?:me|mij) (?:op|binnen|vast)", r"opgesloten",
    r"mag (?:van (?:hem|haar) )?(?:nergens|niet) (?:meer )?(?:heen|naar buiten|de deur uit)", r"pakt (?:mijn|m'n) (?:telefoon|geld|pas) af",
    r"agressief (?:tegen|naar) (?:me|mij)",
    r"(?:won't|wont|will not|doesn't|doesnt) let me (?:leave|go out|see)", r"locks? me (?:in|up)", r"pushes me",
    r"hurts me", r"(?:scared|afraid) (?:of him|of her|he will|she will)", r"bruises",
    # threats to kill or harm, strangling, stabbing, breaking in, stalking
    r"vermoord\w*", r"(?:dood|af) (?:te )?maken", r"dood maakt", r"maak ik (?:je|jou|u) af", r"(?:steek|steekt) (?:me|mij|je)",
    r"(?:heeft|werd|ben) (?:me |mij )?(?:net )?gestoken(?! door een (?:wesp|bij|mug))",
    r"(?:handen|hand) om (?:mijn|m'n|haar|zijn) (?:keel|nek)", r"(?:gilt|gillen|schreeuwt|schreeuwen)\b.{0,40}\b(?:klappen|gegooid|gooien)",
    r"roept om hulp", r"mag (?:het huis|de deur) niet uit", r"volgt (?:me|mij) overal", r"stalk\w*", r"te pakken (?:krijgt|nemen)",
    r"binnengedrongen", r"slaat alles kapot", r"met een (?:mes|bijl|hamer|wapen|pistool)\b", r"geschopt", r"door elkaar geschud",
    r"vastgebonden", r"komt s nachts (?:in|op) (?:mijn|m'n) kamer", r"(?:kill|hurt|stab) me", r"(?:will|going to) kill",
    # neglect of a child or a dependent elder
    r"(?:peuter|baby|kind|kinderen|kindje|kleuter)\b.{0,40}\balleen\b.{0,30}\b(?:thuis|auto|straat|buiten)",
    r"al (?:dagen|twee dagen|drie dagen) (?:geen|niks|niets) (?:te )?(?:eten|drinken|gegeten|gedronken)",
    r"(?:ligt|zit) al dagen in (?:haar|zijn) eigen", r"krijgt thuis geen eten",
    r"thuis\b.{0,15}\b(?:niet veilig|onveilig)", r"onveilig thuis", r"om hulp (?:roept|schreeuwt|gilt|roepen|schreeuwen)",
    r"(?:afraid|scared) of my (?:husband|wife|partner|father|dad|mother|mom|boyfriend|girlfriend|son|ex)",
    r"(?:unsafe|not safe) at home", r"(?:beats|hits|kicks|chokes|hurts) (?:me|my (?:mom|mother|mum|dad|wife|sister|brother|kids|children|son|daughter))",
    r"screaming for help",
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
    r"rook (?:uit|in) (?:het|ons|mijn|de)", r"pijn op de borst", r"(?:iets )?giftigs? (?:ingeslikt|gedronken|gegeten)",
    r"(?:krijgt|krijg) geen (?:lucht|adem)", r"niet (?:meer )?wakker te krijgen", r"wordt niet (?:meer )?wakker", r"stikt",
    r"collapsed", r"(?:can't|cannot|cant) breathe", r"chest pain", r"swallowed (?:poison|bleach|something)",
    # signs of a stroke, a heart attack, heavy bleeding, choking or a fit
    r"(?:mond|gezicht)\b.{0,25}\bhangt\b.{0,10}\b(?:scheef|aan (?:een|1|de) kant)", r"praat (?:ineens |opeens )?(?:raar|onzin)",
    r"(?:kan|kon) (?:ineens |opeens )?(?:haar|zijn|mijn) (?:arm|been) niet (?:meer )?bewegen", r"pijn (?:op|in) (?:mijn|de|zijn|haar) borst",
    r"hart doet (?:zo |erg |heel )?pijn", r"bloed (?:spuit|stroomt)", r"(?:bloed|bloedt|bloeden) (?:heel |zo )?(?:erg|veel)",
    r"(?:bloeden|bloed) (?:\w+ )?stopt niet", r"spuug bloed", r"bloed uit (?:haar|zijn|mijn) (?:oor|mond)", r"wordt (?:helemaal )?blauw",
    r"turning blue", r"ademt (?:heel |erg )?(?:raar|moeilijk|zwaar)", r"keel zwelt", r"zwelt (?:helemaal )?op", r"stuip",
    r"epileptische aanval", r"(?:schoonmaakmiddel|bleekmiddel|gif|wasmiddel|ontstopper|wasmachinetablet) (?:\w+ )?(?:gedronken|ingeslikt|opgegeten)",
    r"(?:lig|ligt) (?:hier )?(?:op de grond|onder aan de trap)", r"gevallen\b.{0,40}\b(?:kan niet (?:meer )?opstaan|ligt er al|geeft geen antwoord|zegt niks)",
    r"geeft geen antwoord meer", r"reageert (?:bijna )?niet meer", r"(?:verward|in de war)\b.{0,40}\b(?:buiten|kou|nacht|ijskoud)",
    r"weggelopen\b.{0,40}\b(?:vriest|kou|nacht)", r"(?:ben|zijn|is) in (?:levens)?gevaar", r"levensgevaar",
    r"in elkaar gezakt", r"hersenbloeding", r"hartstilstand", r"choking", r"seizure", r"having a stroke",
    r"(?:can't|cannot|cant) wake (?:him|her|them) up",
)
# Violence or an emergency told as something past ('vroeger', 'vorig jaar', '... gehad') is a
# question about its aftermath: no helpline banner, ordinary results (suicidal words always count).
PAST = _words(
    r"vroeger", r"(?:jaren|maanden|weken|jaar|lang) geleden", r"vorig(?:e)? (?:jaar|maand|week)",
    r"in (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)",
    r"gehad", r"sinds", r"years ago", r"last year", r"used to",
    r"(?:na|sinds) (?:een|zijn|haar|mijn|m'n) (?:\w+ )?(?:hartaanval|hartinfarct|beroerte|herseninfarct|hersenbloeding|val|operatie)",
    r"after (?:his|her|my|a) (?:stroke|heart attack|fall|operation)",
)
# Looking for information, a course or prevention (for a school, a job, in general) about violence
# or first aid is no danger told by the person asking: no banner unless they speak of themselves.
ABOUT = _words(
    r"voorlichting\w*", r"cursus\w*", r"training\w*", r"workshop\w*", r"lezing\w*", r"informatie", r"folder\w*",
    r"lesmateriaal", r"lespakket", r"preventie\w*", r"\w+preventie", r"meldcode", r"protocol", r"beleid",
    r"opleiding\w*", r"school", r"scholen", r"ehbo", r"vrijwilligerswerk", r"werken bij",
    r"information", r"course", r"awareness", r"prevention", r"leaflet",
)
FIRST_PERSON = _words(r"ik", r"me", r"mij", r"mijn", r"m'n", r"mezelf", r"i", r"my", r"myself", r"im", r"i'm")


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
    """The crisis a query signals, or None. Suicide outranks violence, violence an emergency.
    Information, courses and the past count as no danger told by the person asking."""
    folded = " ".join(re.findall(r"[a-z0-9']+", fold(text or "")))
    if not folded:
        return None
    if SUICIDE.search(folded) or SUICIDE_ACUTE.search(folded):
        return CrisisSignal("suicide-acute" if SUICIDE_ACUTE.search(folded) else "suicide")
    if ABOUT.search(folded) and not FIRST_PERSON.search(folded):
        return None  # suicidal words always count (above): a wrong 113 costs less than a missed one
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
