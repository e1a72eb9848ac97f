"""Facts a resident gives in their own words, from any message: pure functions, no state.

The classifier says what a message is about; these functions read what it says about the
resident: the place, for whom the help is, their age, urgency, whether they want a person or to
stay anonymous, and the answers to the bot's own questions (contact, a preferred time, yes or no)
however they are typed. Dutch and English. Nothing here guesses "voor een ander" from a relative
who merely appears in the story: a relative is only the one the help is for when the words say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Resolve = Callable[[str], "tuple[str | None, str | None]"]


def fold(text: str) -> str:
    """Lower case, accents off, curly quotes straight: the form every pattern here reads."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return text.lower().replace("\u2019", "'")


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9']+", " ", fold(text).replace("-", " ")).split()


# -- language -----------------------------------------------------------------------------------

_EN = {"i", "my", "the", "is", "and", "for", "with", "need", "help", "want", "can", "can't", "cannot", "she",
       "he", "her", "his", "we", "our", "you", "please", "would", "like", "am", "have", "has", "to", "of",
       "who", "what", "where", "how", "lives", "looking", "anymore", "yes", "no", "thanks", "hello", "hi",
       "wife", "husband", "mother", "father", "don't", "it", "this", "that", "be", "get", "some", "someone"}
_NL = {"ik", "mijn", "de", "het", "een", "en", "voor", "met", "niet", "wil", "kan", "hulp", "zij", "hij",
       "wij", "ons", "u", "graag", "zou", "ben", "heb", "heeft", "naar", "van", "wie", "wat", "waar", "hoe",
       "woont", "zoek", "meer", "ja", "nee", "dank", "hallo", "vrouw", "man", "moeder", "vader", "dat", "die",
       "is", "er", "op", "te", "ze", "me", "mij", "maar", "ook", "nog", "al", "bij", "om", "zijn", "dit"}


def language_of(text: str) -> str | None:
    """'en' or 'nl' when the words make it clear, else None (too short, a name, a number)."""
    words = [w for w in _words(text) if not w.isdigit()]
    if not words or text.startswith("/"):
        return None
    english = sum(w in _EN for w in words)
    dutch = sum(w in _NL for w in words)
    if english >= 2 and english > dutch * 1.5:
        return "en"
    if dutch >= 2 and dutch > english:
        return "nl"
    return None


# -- place --------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"(?<![\d+])(?<!\d[ -])\b([1-9]\d{3})(?: ?([A-Z]{2}))?\b(?![ -]?\d)")
# place names of the region that are also ordinary words: taken only after "in", "uit", "te"...
_AMBIGUOUS = {"handel", "hout", "het hout", "t hout", "mortel", "rips", "heuse", "omel", "aste", "aarle",
              "warande", "de warande"}
_PLACE_CUES = {"woon", "woont", "wonen", "woonachtig", "uit", "te", "naar", "dorp", "live", "lives", "from"}


@dataclass(frozen=True)
class PlaceFact:
    municipality: str
    area: str | None
    postcode: str | None = None


def place_in(text: str, resolve: Resolve) -> PlaceFact | None:
    """A municipality, village, neighbourhood or postcode of the region named anywhere in a message
    ("zij woont in Gemert", "gemert zei ik toch", "5751 AB"), resolved to its municipality."""
    for match in _POSTCODE.finditer(text or ""):
        municipality, area = resolve(match.group(1))
        if municipality:
            postcode = f"{match.group(1)} {match.group(2)}" if match.group(2) else match.group(1)
            return PlaceFact(municipality, area, postcode)
    words = _words(text)
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start:start + size])
            if len(candidate) < 4 or candidate.isdigit():
                continue
            if candidate in _AMBIGUOUS and not (_PLACE_CUES & set(words[max(0, start - 2):start])
                                                 or re.search(rf"\b{candidate[:1].upper()}{candidate[1:]}\b", text)):
                continue
            municipality, area = resolve(candidate)
            if municipality:
                return PlaceFact(municipality, area)
    return None


# "in Zwolle", not "in een flat" / "in the city centre": a name follows, not an article
_LIVES_IN = re.compile(r"\b(woon|woont|wonen|woonachtig|live|lives)\s+(in|te|at)\s+(?!(een|de|het|a|an|the)\b)\w+")


def states_a_place(text: str) -> bool:
    """ "ik woon in Groningen", "we live in Zwolle": the message says where someone lives, whether
    or not the place is one of the region's (then the bot says it does not know it)."""
    return bool(_LIVES_IN.search(fold(text or "")))


# -- for whom -----------------------------------------------------------------------------------

RELATIONS = {  # the words residents use -> the relation as the record names it (Dutch)
    "moeder": "moeder", "mama": "moeder", "mam": "moeder", "ma": "moeder", "vader": "vader", "papa": "vader",
    "pa": "vader", "man": "man", "echtgenoot": "man", "vrouw": "vrouw", "echtgenote": "vrouw",
    "partner": "partner", "vriend": "vriend", "vriendin": "vriendin", "zoon": "zoon", "dochter": "dochter",
    "kind": "kind", "kinderen": "kinderen", "buurman": "buurman", "buurvrouw": "buurvrouw", "buren": "buren",
    "oma": "oma", "opa": "opa", "broer": "broer", "zus": "zus", "zuster": "zus", "schoonmoeder": "schoonmoeder",
    "schoonvader": "schoonvader", "tante": "tante", "oom": "oom", "client": "cliënt", "clienten": "cliënt",
    "clientes": "cliënt", "clientje": "cliënt", "ouders": "ouders", "kleinzoon": "kleinzoon",
    "kleindochter": "kleindochter", "neef": "neef", "nicht": "nicht", "kennis": "kennis",
    # English
    "mother": "moeder", "mum": "moeder", "mom": "moeder", "father": "vader", "dad": "vader",
    "husband": "man", "wife": "vrouw", "son": "zoon", "daughter": "dochter", "child": "kind",
    "neighbour": "buurman", "neighbor": "buurman", "friend": "vriend", "grandmother": "oma", "grandma": "oma",
    "grandfather": "opa", "grandpa": "opa", "brother": "broer", "sister": "zus", "parents": "ouders",
    "mother-in-law": "schoonmoeder", "father-in-law": "schoonvader", "aunt": "tante", "uncle": "oom",
}
RELATION_EN = {"moeder": "mother", "vader": "father", "man": "husband", "vrouw": "wife", "partner": "partner",
               "vriend": "friend", "vriendin": "friend", "zoon": "son", "dochter": "daughter", "kind": "child",
               "kinderen": "children", "buurman": "neighbour", "buurvrouw": "neighbour", "buren": "neighbours",
               "oma": "grandmother", "opa": "grandfather", "broer": "brother", "zus": "sister",
               "schoonmoeder": "mother-in-law", "schoonvader": "father-in-law", "tante": "aunt", "oom": "uncle",
               "cliënt": "client", "ouders": "parents", "kleinzoon": "grandson", "kleindochter": "granddaughter",
               "neef": "nephew", "nicht": "niece", "kennis": "acquaintance"}
_POSSESSIVE = r"(?:mijn|m'n|mn|onze|ons|my|our|de|het|een|haar|zijn)"
_REL_WORDS = "|".join(sorted((re.escape(w) for w in RELATIONS), key=len, reverse=True))
_RELATION = re.compile(rf"\b({_POSSESSIVE}) ({_REL_WORDS})\b")
_DECEASED = re.compile(r"\b(overleden|overlijden|gestorven|sterven|is dood|weduwe|weduwnaar|verloren|begraven|"
                       r"gecremeerd|passed away|died|late (husband|wife)|widow\w*|sinds de dood|na de dood)\b")
_TOGETHER = re.compile(rf"\b({_POSSESSIVE}) ({_REL_WORDS}) en ik\b|\bik en ({_POSSESSIVE}) ({_REL_WORDS})\b|"
                       rf"\bsamen met ({_POSSESSIVE}) ({_REL_WORDS})\b|\b(my|our) \w+ and i\b|"
                       r"\b(wij|we) (willen|zoeken|hebben hulp|kunnen (het )?niet|want|need|are looking)\b")
_AGAINST_ME = re.compile(r"\b(slaat|sloeg|schopt|schopte|bedreigt|bedreigde|mishandelt|duwt|duwde|knijpt|"
                         r"scheldt|hits|hit|beats|hurts|threatens|kicks)\b.{0,20}\b(me|mij|mijn|ons|us)\b|"
                         r"\bik word\b.{0,15}\b(geslagen|bedreigd|mishandeld)\b")
_CARER = re.compile(r"\b(mantelzorg\w*|ik zorg (al )?(\w+ ){0,4}voor|zorg(en)? voor (mijn|m'n)|respijt\w*|"
                    r"even (vrij|rust|eruit|ertussenuit|lucht)|adempauze|overbelast|uitgeput|ontlast\w*|"
                    r"het (wordt|is) me (te )?(veel|zwaar)|ik (kan|trek) het niet meer|ik ben op\b|"
                    r"i care for|caring for|carer|a break|respite|exhausted)")
_FOR_EXPLICIT = re.compile(rf"\b(voor|for) ({_POSSESSIVE}) ({_REL_WORDS})\b")
_SUBJECT_VERBS = (r"(heeft|had|kan|kon|is|was|wil|woont|komt|kwam|gaat|ging|wordt|werd|zit|ligt|loopt|valt|viel|"
                  r"vergeet|raakt|krijgt|durft|eet|redt|moet|mag|zou|needs|can|can't|cannot|has|is|lives|keeps|"
                  r"gets|won't|doesn't|fell|forgets)")
_REL_SUBJECT = re.compile(rf"\b({_POSSESSIVE}) ({_REL_WORDS})( \w+){{0,3}} {_SUBJECT_VERBS}\b|"
                          rf"\b(hij|zij|he|she)( \w+)? {_SUBJECT_VERBS}\b")
_FIRST_PERSON_NEED = re.compile(r"\b(ik (kan|heb|wil|zoek|zou|ben|red|krijg|durf|moet)|lukt (me|mij)|"
                                r"voor (mezelf|mijzelf|mij)|help (me|mij)|i (need|can't|cannot|want|am|have|would)|"
                                r"for myself|help me)\b")
# the relation named as the one who gets the help, by a pronoun after it is named: "ik zoek maaltijden
# voor hem", "iemand die haar helpt met douchen", "can she get help", "help for him"
_FOR_PRONOUN = re.compile(r"\b(voor|for) (hem|haar|him|her)\b(?! (huis|kamer|deur|man|vrouw|zoon|dochter|eigen))|"
                          r"\b(hem|haar|him|her) (te )?(helpen|helpt|help|begeleiden|begeleidt|ondersteunen|"
                          r"ondersteunt|verzorgen|verzorgt|wassen|douchen|aankleden|brengen|halen|bezoeken)\b|"
                          r"\b(helpen|helpt|help|begeleiden|begeleidt|ondersteunen|ondersteunt|verzorgen|verzorgt|"
                          r"assist) (hem|haar|him|her)\b|"
                          r"\b(kan|kon|mag|krijgt|heeft) (hij|zij|ze) (\w+ ){0,3}(krijgen|aanvragen|gebruiken|recht op)\b|"
                          r"\b(can|could|does|is) (he|she) (get|have|qualify|apply|eligible|entitled)\b")
# "day care for my father" is help for the father, not a carer caring for him
_DAY_CARE = re.compile(r"\b(day|dag|respite) ?care\s*$")


def _for_them(t: str) -> bool:
    """A pronoun names the relative as the one who gets the help ("ik zorg voor haar", "ik help
    hem elke dag" do not)."""
    return any(not re.search(r"\b(zorg\w*|care|caring|cares)\b(\s\w+){0,3}\s*$", t[:m.start()])
               and not re.search(r"\b(ik|i|wij|we)( \w+)?\s*$", t[:m.start()])  # "ik help hem": the writer helps
               for m in _FOR_PRONOUN.finditer(t))


_SELF = re.compile(r"\b(voor (mezelf|mijzelf|mij zelf|mij)|for (myself|me)|(ik|i) zelf)\b")
_OTHER = re.compile(r"\b(voor iemand anders|voor een ander|voor een kennis|for someone else|for somebody)\b")


_OWN = {"mijn", "m'n", "mn", "onze", "ons", "my", "our"}
_OUTSIDE = {"buurman", "buurvrouw", "buren", "cliënt", "kennis"}


@dataclass(frozen=True)
class ForWhom:
    """Who the help is for, as far as the words say. `for_whom` None means: ask."""

    for_whom: str | None = None          # zelf | ander
    relation: str | None = None          # the person the help is for
    mentioned: str | None = None         # a relative in the story (for the question and for kind words)
    cares_for: str | None = None         # a mantelzorger asking for themself: for whom they care
    deceased: str | None = None          # a relative who died (for an acknowledgement, never "voor")


def for_whom_in(text: str) -> ForWhom:
    t = fold(text)
    relations = [(m.start(), RELATIONS[m.group(2)]) for m in _RELATION.finditer(t)
                 if m.group(1) in _OWN or RELATIONS[m.group(2)] in _OUTSIDE]
    explicit = next((m for m in _FOR_EXPLICIT.finditer(t)
                     if not re.search(r"\b(zorg\w*|care|caring|cares)\b(\s\w+){0,3}\s*$", t[:m.start()])
                     or _DAY_CARE.search(t[:m.start()])), None)
    if explicit and (explicit.group(2) in _OWN or RELATIONS[explicit.group(3)] in _OUTSIDE):
        relation = RELATIONS[explicit.group(3)]
        if not (_DECEASED.search(t) and [r for _, r in relations] == [relation]):
            return ForWhom("ander", relation, relation)
    if not relations:
        if _SELF.search(t):
            return ForWhom("zelf")
        if _OTHER.search(t):
            return ForWhom("ander")
        if _REL_SUBJECT.search(t) and not _FIRST_PERSON_NEED.search(t):
            return ForWhom("ander")
        if _FIRST_PERSON_NEED.search(t) or re.search(r"\b(ik|mij|me|mijn|i|my)\b", t):
            return ForWhom("zelf")
        return ForWhom()
    first = relations[0][1]
    if _DECEASED.search(t):
        return ForWhom("zelf", mentioned=first, deceased=first)
    if _AGAINST_ME.search(t):
        return ForWhom("zelf", mentioned=first)
    if is_concern(text):
        return ForWhom("ander", first, first)
    if _TOGETHER.search(t) or _SELF.search(t):
        return ForWhom("zelf", mentioned=first)
    if len({r for _, r in relations}) == 1 and _for_them(t) and not _SELF.search(t):
        return ForWhom("ander", first, first)  # one relation, and the help is said to be for him or her
    if _CARER.search(t):
        return ForWhom("zelf", mentioned=first, cares_for=first)
    if _REL_SUBJECT.search(t) and not _FIRST_PERSON_NEED.search(t):
        return ForWhom("ander", first, first)
    return ForWhom(mentioned=first)


def for_whom_answer(text: str, mentioned: str | None) -> ForWhom | None:
    """The answer to "Is de hulp voor uzelf of voor uw man?": a short reply names one of the two."""
    t = fold(text)
    if _SELF.search(t) or re.search(r"\b(mezelf|mijzelf|zelf|uzelf|myself|me|mij|ik|i)\b", t) \
            and not _RELATION.search(t) and not re.search(r"\b(hij|zij|hem|haar|he|she|him)\b", t):
        return ForWhom("zelf")
    said = for_whom_in(text)
    if said.relation or said.for_whom == "ander":
        return ForWhom("ander", said.relation or mentioned, said.relation or mentioned)
    if mentioned and (re.search(rf"\b({_REL_WORDS}|hem|haar|him|her|hij|zij|beide|allebei)\b", t)):
        return ForWhom("ander", mentioned, mentioned)
    if re.search(r"\b(iemand anders|een ander|someone else|ander)\b", t):
        return ForWhom("ander")
    return None


# -- age, urgency, wishes -----------------------------------------------------------------------

# "ik ben 84", "mijn moeder van 87", "hij is 91 jaar", "I am 80"; not "al 10 jaar", "2 jaar geleden", "is 19,50"
_AGE = re.compile(r"\b(?:ik ben|is|van|wordt|werd|i am|i'm|she is|he is|aged)\s+(\d{1,3})(?:\s*(?:jaar|jr|years?)\b"
                  r"(?!\s*geleden|\s*ago))?"
                  r"(?![\d.,]|\s*(?:euro|per|keer|uur|minuten|kilo|procent|%|jaar geleden|dagen|weken|maanden))")
_NOT_AN_AGE = re.compile(r"(nummer|bijdrage|tarief|prijs|kost|bedrag|rekening|huur)\w*\s*$")


def age_in(text: str) -> int | None:
    """The age a resident states in a message, or None."""
    text = fold(text)
    for found in _AGE.finditer(text):
        if not _NOT_AN_AGE.search(text[:found.start()]) and 0 < int(found.group(1)) < 120:
            return int(found.group(1))
    return None


_URGENT = re.compile(r"\b(spoed|dringend|met spoed|acuut|vandaag nog|zo snel mogelijk|z\.?s\.?m\.?|nu meteen|"
                     r"meteen hulp|direct hulp|urgent|asap|right now|immediately|emergency)\b|\bnu\s*[.!]")
_PERSON = re.compile(r"\b((een )?(echt )?(mens|medewerker|persoon|consulent|iemand) (spreken|praten|aan de lijn)|"
                     r"met (een )?(mens|medewerker|iemand|consulent) (spreken|praten)|echt mens|"
                     r"(talk|speak) (to|with) (a |an )?(person|human|someone|somebody|staff|real)|real person)\b")
_ANONYMOUS = re.compile(r"\b(anoniem|zonder (mijn )?naam|anonymous|anonymously)\b")


def is_urgent(text: str) -> bool:
    return bool(_URGENT.search(fold(text)))


def wants_person(text: str) -> bool:
    return bool(_PERSON.search(fold(text)))


def wants_anonymous(text: str) -> bool:
    return bool(_ANONYMOUS.search(fold(text)))


# -- what the story is about (for the path, and for a short acknowledgement) --------------------

_CONCERN = re.compile(r"\b(zorgen (om|over)|maak (me|mij|ik me) (\w+ )?zorgen|ongerust|bezorgd|"
                      r"worried|concerned|worry about)\b")
_WITHDRAWN = re.compile(r"\b(de deur niet (meer )?uit|doet (de deur )?niet (meer )?open|wil geen (hulp|zorg)|"
                        r"weigert (hulp|zorg|alles)|verwaarloos\w*|vervuil\w*|zie (hem|haar) (bijna )?nooit|"
                        r"gordijnen (zijn )?(altijd |al weken )?dicht|post (stapelt|ligt)|reageert niet|"
                        r"(doesn'?t|does not|won'?t) (leave|go out|answer|open|accept help)|refuses help)\b")
_OFFER = re.compile(r"\b(iets (doen|betekenen) voor (anderen|een ander|mensen|de buurt|ouderen)|"
                    r"vrijwilliger (worden|zijn|werk)|vrijwilligerswerk (doen|zoeken)|als vrijwilliger|"
                    r"ik wil (graag )?(helpen|meehelpen|mensen helpen)|ik (heb|houd) tijd over|"
                    r"(my|mijn) tijd (nuttig|zinvol)|volunteer\w*|help (other|others|people)|give something back)\b")


def is_concern(text: str) -> bool:
    """Worried about someone who does not ask for help themself (signalering)."""
    t = fold(text)
    if _OFFER.search(t):
        return False
    relations = {RELATIONS[m.group(2)] for m in _RELATION.finditer(t)}
    outside = relations & {"buurman", "buurvrouw", "buren", "kennis", "cliënt", "vriend", "vriendin"}
    someone = relations or re.search(r"\b(hij|zij|ze|he|she)\b", t)
    withdrawn = any(not re.search(r"\b(ik|i|me|mij)\b", t[max(0, m.start() - 20):m.start()])
                    for m in _WITHDRAWN.finditer(t))  # "nu kom ik de deur niet meer uit" is about the writer
    return bool((withdrawn and someone) or (_CONCERN.search(t) and outside))


def offers_help(text: str) -> bool:
    """Wants to give help (volunteering), not to get it."""
    return bool(_OFFER.search(fold(text)))


_CUES = [
    ("grief", _DECEASED),
    ("overload", re.compile(r"\b(overbelast|uitgeput|op ben|ik ben op|(te|heel|erg) (veel|zwaar)|kan het niet "
                            r"meer aan|trek het niet|zwaar|moe|burn ?out|exhausted|overwhelmed|too much)\b")),
    ("lonely", re.compile(r"\b(eenzaam\w*|alleen|niemand|lonely|alone|no one)\b")),
    ("illness", re.compile(r"\b(beroerte|herseninfarct|hersenbloeding|diagnose|dementie|alzheimer|parkinson|"
                           r"kanker|ziek|stroke|diagnosed|dementia)\b")),
]


def cue_of(text: str) -> str | None:
    """What the resident shares about how things are, for one short acknowledgement."""
    t = fold(text)
    if offers_help(text):
        return "volunteer"
    if is_concern(text):
        return "concern"
    return next((name for name, pattern in _CUES if pattern.search(t)), None)


# -- answers to the bot's questions --------------------------------------------------------------

_PHONE_RUN = re.compile(r"\+?\(?\d[\d\s().-]{7,17}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def is_phone(value: str) -> bool:
    """A Dutch phone number: 10 digits starting with 0, or +31/0031 and 9 digits."""
    digits = re.sub(r"\D", "", value or "")
    return (len(digits) == 10 and digits.startswith("0")) or \
        (digits.startswith("31") and len(digits) == 11) or (digits.startswith("0031") and len(digits) == 13)


def phone_in(text: str) -> str | None:
    for run in _PHONE_RUN.finditer(text or ""):
        if is_phone(run.group(0)):
            return run.group(0).strip()
    return None


def email_in(text: str) -> str | None:
    found = _EMAIL.search(text or "")
    return found.group(0) if found else None


_BY_PHONE = re.compile(r"\b(bel\w*|telefo\w*|gebeld|call\w*|phone|ring)\b")
_BY_MAIL = re.compile(r"\b(e ?mail\w*|mail\w*|email)\b")
_BY_CHAT = re.compile(r"\b(chat\w*|hier|typen|schrijven|here)\b")

_TIMES = [
    ("morning", re.compile(r"('s|s|des) ?(ochtends|morgens)|\b(ochtend|morgen ?vroeg|voor de middag|voor 12|"
                           r"morning)\b")),
    ("afternoon", re.compile(r"('s|s|des) ?middags|\b(middag|na de lunch|na 12|afternoon)\b")),
    ("evening", re.compile(r"('s|s|des) ?avonds|\b(avond|evening|na het eten)\b")),
    ("any", re.compile(r"\b(maakt (me )?niet uit|maakt niks uit|altijd|wanneer (u|je) wil\w*|any ?time|"
                       r"whenever|doesn'?t matter)\b")),
]
_DAY = re.compile(r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|"
                  r"thursday|friday|saturday|sunday|morgen|tomorrow|doordeweeks|weekdays)\b")
_CLOCK = re.compile(r"\b((na|voor|tussen|rond|vanaf|after|before|between|around|from) (half )?\d{1,2}"
                    r"([.:]\d{2})?( (en|and|tot|-) (half )?\d{1,2}([.:]\d{2})?)?( uur| ?u\b| ?am| ?pm)?)")


def preferred_time_in(text: str, words: dict[str, str]) -> str | None:
    """When the resident likes to be called ("maar liefst 's ochtends", "dinsdag na 10 uur"), in the
    bot's words for the parts of the day (`words`: morning/afternoon/evening/any -> text), or None."""
    t = fold(text)
    parts = []
    day = _DAY.search(t)
    if day:
        parts.append(day.group(1))
    for name, pattern in _TIMES:
        if pattern.search(t):
            parts.append(words[name])
            break
    clock = _CLOCK.search(t)
    if clock:
        parts.append(clock.group(1))
    return " ".join(parts) or None


@dataclass(frozen=True)
class ContactAnswer:
    kind: str | None = None       # chat | telefoon | email
    value: str | None = None      # the number or address, if typed
    time: str | None = None


def contact_answer(text: str, time_words: dict[str, str]) -> ContactAnswer:
    """'bel me maar', 'mail graag', '0493 31 22 45 maar liefst 's ochtends', 'naam@x.nl'."""
    t = fold(text)
    email, phone = email_in(text), phone_in(text)
    time = preferred_time_in(text, time_words)
    if email:
        return ContactAnswer("email", email, time)
    if phone:
        return ContactAnswer("telefoon", phone, time)
    if _BY_MAIL.search(t):
        return ContactAnswer("email", None, time)
    if _BY_PHONE.search(t):
        return ContactAnswer("telefoon", None, time)
    if _BY_CHAT.search(t):
        return ContactAnswer("chat", None, time)
    return ContactAnswer(None, None, time)


_NO = re.compile(r"^\s*(nee|neen|nope|no|nah|niet|liever niet|zeker niet|helemaal niet|klopt niet|"
                 r"dat klopt niet|helpt niet|not really|not)\b|\b(niet veilig|not safe|klopt (er )?niet|(kan|mag|gaat) niet|"
                 r"helpt (me |mij )?niet|doesn'?t help|liever niet)\b")
_YES = re.compile(r"^\s*(ja|jawel|jazeker|jaa+|jep|yes|yeah|yep|yup|sure|zeker|klopt|correct|graag|prima|goed|"
                  r"oke|ok|okay|okee|is goed|doe maar|dat mag|mag|natuurlijk|uiteraard|please|of course|"
                  r"dat is veilig|veilig|it is safe|safe|fine|dat kan|kan wel|geen probleem|no problem|goed idee|ja hoor)\b")


def yes_no(text: str) -> bool | None:
    """A typed yes or no ("jazeker", "klopt", "liever niet", "nee hoor"), or None."""
    t = fold(text)
    if _NO.search(t):
        return False
    if _YES.search(t):
        return True
    return None


_GOODBYE = re.compile(r"^\s*((nee|no)[,.!]?\s*)?(dank (u|je|jullie)( wel)?|bedankt|thanks|thank you|"
                      r"dat was (het|alles)|verder niets|verder niks|niets meer|nothing else|that'?s all|"
                      r"doei|dag|tot ziens|bye|goodbye|fijne dag)\b|^\s*(nee|no)\s*[,.!]?\s*$")


def is_goodbye(text: str) -> bool:
    """'nee, dank u wel', 'dat was het', 'doei': the resident is done."""
    return bool(_GOODBYE.search(fold(text)))


def matches(text: str, label: str) -> bool:
    """A typed or tapped answer that is (nearly) a button's label."""
    return fold(text).strip(" .!?") == fold(label).strip(" .!?")
