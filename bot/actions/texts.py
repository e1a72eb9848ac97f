"""Everything the bot says, in plain Dutch (B1): short sentences, one question at a time, 'u'."""

from __future__ import annotations

HELPLINES = (
    "Bent u in gevaar of denkt u aan zelfdoding? U hoeft dit niet alleen te dragen.\n"
    "• Bel 113 of gratis 0800-0113 (dag en nacht), of chat via 113.nl.\n"
    "• Bij direct gevaar: bel 112.\n"
    "• Geweld of dreiging thuis: bel Veilig Thuis, gratis 0800-2000 (dag en nacht)."
)
CRISIS_CHECK = "Ik weet niet zeker of ik u goed begrijp. Uw veiligheid gaat voor, daarom vraag ik het u."
CRISIS_CHECK_DECLINED = "Fijn dat u niet in gevaar bent. Dan help ik u graag verder."
CRISIS_STILL_OPEN = "Dat is goed. U mag altijd met iemand praten, ook later. Wilt u dat nu?"
LISTEN_GO_ON = "Ik luister. Vertel gerust verder."
CRISIS_OFFER = "Wilt u nu met een mens praten? Ik zet uw vraag dan meteen met spoed klaar."
CRISIS_DECLINED = ("Dat is goed. De nummers blijven altijd geldig: 113 of 0800-0113, 112 en "
                   "Veilig Thuis 0800-2000. U mag hier ook gewoon verder praten.")

WELCOME = ("Welkom bij Wegwijs. Ik help u zoeken naar hulp bij u in de buurt. "
           "Waar zoekt u hulp bij? Vertel het in uw eigen woorden.")
ASK_TOPIC = "Waar zoekt u hulp bij? U mag het in een paar woorden zeggen, of kies hieronder."
NOT_UNDERSTOOD = "Dat begrijp ik niet goed. Kunt u in een paar woorden zeggen waar u hulp bij zoekt?"
ASK_FOR_WHOM = "Zoekt u hulp voor uzelf of voor iemand anders?"
ASK_PLACE = ("In welke gemeente woont u, of de persoon voor wie u zoekt? "
             "U mag ook een postcode geven.")
PLACE_UNKNOWN = ("Die plaats ken ik niet in onze regio (Helmond, Deurne, Asten, Someren, Gemert-Bakel "
                 "en Laarbeek). Kiest u uw gemeente hieronder?")
PLACE_SKIPPED = "Dat is goed. Ik zoek dan in de hele regio."
LADDER_INTRO = ("We kijken eerst wat u zelf of met mensen om u heen kunt doen. Zo vindt u vaak "
                "sneller hulp die bij u past. U kunt altijd vragen om een medewerker.")
STEP_INTRO = {
    "zelf": "Dit kunt u zelf of samen met uw naasten doen:",
    "omgeving": "Dit kunnen mensen in uw buurt of vrijwilligers voor u doen:",
    "algemeen": "Dit zijn voorzieningen waar u zonder indicatie terecht kunt:",
}
ASK_HELPS = "Helpt dit u verder?"
HELPS = "Fijn dat dit helpt. U vindt de gegevens hierboven. Kan ik u nog ergens anders mee helpen?"
NOTHING_FOUND = ("Ik heb in de sociale kaart niets gevonden dat past bij uw vraag. "
                 "Een medewerker van de gemeente kan verder met u kijken.")
SEARCH_FAILED = ("Ik kan dat nu niet opzoeken. Dat ligt aan ons, niet aan u. "
                 "Een medewerker kan u wel verder helpen.")
OFFER_PERSON = "Zal ik uw vraag klaarzetten voor een medewerker?"
MAATWERK_OFFER = ("Dan past misschien een maatwerkvoorziening van de gemeente. Daarvoor praat u met "
                  "een Wmo-consulent. Zal ik uw vraag voor een consulent klaarzetten?")
NO_HANDOVER = ("Goed, ik stuur niets door. U kunt de gemeente ook zelf bellen: {phone}, {hours}. "
               "Kan ik u nog ergens anders mee helpen?")
SUMMARY_HEAD = "Dit geef ik door aan een medewerker, zodat u uw verhaal niet opnieuw hoeft te vertellen:"
SUMMARY_ANONYMOUS = "U blijft anoniem. Er gaat geen naam of telefoonnummer mee."
ASK_CONSENT = "Klopt dit, en mag ik dit doorgeven?"
ASK_CONTACT = "Hoe wilt u contact? Een medewerker kan hier in de chat verder, of u bellen of mailen."
ASK_PHONE = "Op welk telefoonnummer kan de medewerker u bellen?"
ASK_EMAIL = "Op welk e-mailadres kan de medewerker u mailen?"
BAD_PHONE = "Dat lijkt geen telefoonnummer. Wilt u het nog eens typen? Bijvoorbeeld 06 12345678."
BAD_EMAIL = "Dat lijkt geen e-mailadres. Wilt u het nog eens typen? Bijvoorbeeld naam@voorbeeld.nl."
HANDED_OVER = {
    "chat": "Dank u. Uw vraag staat klaar. Een medewerker komt zo snel mogelijk hier in de chat.",
    "telefoon": "Dank u. Uw vraag staat klaar. Een medewerker belt u zo snel mogelijk.",
    "email": "Dank u. Uw vraag staat klaar. Een medewerker mailt u zo snel mogelijk.",
    "anoniem": "Dank u. Uw vraag staat klaar voor een luisteraar. Die komt zo snel mogelijk hier in de chat.",
}
HANDOVER_FAILED = ("Het doorgeven lukt nu helaas niet. Belt u de gemeente: {phone}, {hours}. "
                   "Dag en nacht kunt u ook De Luisterlijn bellen: 0800-0767.")
WAITING = "Uw vraag staat klaar voor een medewerker. Die komt zo snel mogelijk bij u."
BACK = "Ik ben er weer. Kan ik u nog ergens mee helpen?"

ANONYMOUS_ON = ("U chat nu anoniem. Ik vraag niet naar uw naam en bewaar niets waaraan u te "
                "herkennen bent. Waar wilt u over praten?")
LISTEN_START = ("Ik luister. Vertel maar wat u bezighoudt, in uw eigen tempo. "
                "U blijft anoniem.")
LISTEN_REPLIES = [
    "Dank u dat u dit vertelt. Dat klinkt zwaar.",
    "Ik hoor dat dit veel van u vraagt. Wat maakt het op dit moment het moeilijkst?",
    "Dat begrijp ik. Het is goed dat u het ergens kwijt kunt.",
    "Neem gerust de tijd. Ik lees met u mee.",
    "Dat is veel om mee te dragen. Hoe gaat het nu met u?",
]
LISTEN_OFFER = ("Wilt u met een mens praten? De Luisterlijn is er dag en nacht: 0800-0767. "
                "Ik kan ook een luisteraar van de gemeente vragen. Of zoeken we samen naar hulp?")
OUT_OF_SCOPE = ("Daarvoor kan ik u niet helpen, maar de gemeente wel. Kijk op de website van uw "
                "gemeente of bel {phone}, {hours}. Kan ik u helpen met hulp of zorg thuis?")
THANKS = "Graag gedaan. Kan ik u nog ergens anders mee helpen?"
GOODBYE = "Fijn dat u er was. Als u later nog een vraag heeft, bent u altijd welkom. Tot ziens!"
GREETING = "Goedendag. Waar zoekt u hulp bij? Vertel het in uw eigen woorden."

BUTTON_SELF = ("Voor mijzelf", "/voor_mijzelf")
BUTTON_OTHER = ("Voor iemand anders", "/voor_ander")
BUTTON_YES = ("Ja", "/bevestigen")
BUTTON_NO = ("Nee", "/ontkennen")
BUTTON_PERSON = ("Spreek een medewerker", "/mens_spreken")
BUTTON_SKIP_PLACE = ("Zeg ik liever niet", "/weet_niet")
TOPIC_BUTTONS = [
    ("Huishouden", "/vraag_huishoudelijke_hulp"), ("Boodschappen", "/vraag_boodschappen"),
    ("Eenzaamheid", "/vraag_eenzaamheid"), ("Mantelzorg", "/vraag_mantelzorg"),
    ("Geldzaken", "/vraag_geldzaken"), ("Vervoer", "/vraag_vervoer"),
]
