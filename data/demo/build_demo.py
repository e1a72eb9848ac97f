"""Build the fictional demo social map of the Peelregio as HSDS 3.0 JSON.

Deterministic: ids are uuid5 of stable keys, dates are relative to a fixed reference date, so a
rebuild gives the same file. Run: ``python data/demo/build_demo.py`` (stdlib only).
All local organisations, addresses and phone numbers are fictional; the national helplines are
real and keep their real numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "sociale-kaart-peel.json"
NS = uuid.UUID("6f1c1f0e-2b7a-4c55-9a57-1f0b8a3c9d21")
REFERENCE = dt.date(2026, 11, 1)
DEMO_NOTE = "Fictieve demo-gegevens."

# name, netnummer, streets, a main place with coordinates (from data/places.yaml)
MUNICIPALITIES = {
    "Helmond": {"area": "0492", "pc": "5701", "places": [
        ("Binnenstad", "5701", 51.4793, 5.6570), ("Brouwhuis", "5703", 51.4660, 5.6900),
        ("Mierlo-Hout", "5706", 51.4680, 5.6330), ("Stiphout", "5708", 51.4930, 5.6150),
        ("Rijpelberg", "5704", 51.4800, 5.6250), ("Brandevoort", "5708", 51.4570, 5.6190)],
        "streets": ["Markt", "Kerkstraat", "Steenweg", "Mierloseweg", "Hortsedijk", "Brandevoortse Dreef"]},
    "Deurne": {"area": "0493", "pc": "5751", "places": [
        ("Deurne", "5751", 51.4617, 5.7947), ("Vlierden", "5756", 51.4480, 5.7590),
        ("Liessel", "5757", 51.4110, 5.8190), ("Neerkant", "5758", 51.3650, 5.8660)],
        "streets": ["Stationsstraat", "Molenstraat", "Kerkplein", "Visser Ginkellaan"]},
    "Asten": {"area": "0493", "pc": "5721", "places": [
        ("Asten", "5721", 51.4045, 5.7480), ("Ommel", "5724", 51.4170, 5.7810),
        ("Heusden", "5725", 51.3870, 5.7330)],
        "streets": ["Prins Bernhardstraat", "Markt", "Emmastraat"]},
    "Someren": {"area": "0493", "pc": "5711", "places": [
        ("Someren", "5711", 51.3850, 5.7110), ("Lierop", "5715", 51.4230, 5.6790),
        ("Someren-Eind", "5712", 51.3620, 5.7330)],
        "streets": ["Wilhelminaplein", "Kanaalstraat", "Slievenstraat"]},
    "Gemert-Bakel": {"area": "0492", "pc": "5421", "places": [
        ("Gemert", "5421", 51.5560, 5.6900), ("Bakel", "5761", 51.5030, 5.7400),
        ("De Mortel", "5425", 51.5390, 5.7400), ("Handel", "5423", 51.5740, 5.7440),
        ("Milheeze", "5763", 51.5020, 5.7790)],
        "streets": ["Ridderplein", "Kerkstraat", "Pastoor Dr. Van Kesselstraat", "Handelseweg"]},
    "Laarbeek": {"area": "0492", "pc": "5741", "places": [
        ("Beek en Donk", "5741", 51.5340, 5.6320), ("Aarle-Rixtel", "5735", 51.5100, 5.6380),
        ("Lieshout", "5737", 51.5170, 5.5960), ("Mariahout", "5738", 51.5460, 5.5740)],
        "streets": ["Piet van Thielplein", "Dorpsstraat", "Heuvelplein", "Bosscheweg"]},
}
ALL = list(MUNICIPALITIES)

SCHEDULES = {
    "kantoor": [("MO,TU,WE,TH,FR", "09:00", "17:00")],
    "ochtend": [("MO,TU,WE,TH,FR", "09:00", "12:30")],
    "dag": [("MO,TU,WE,TH,FR", "09:30", "16:00")],
    "inloop": [("TU,TH", "10:00", "12:00")],
    "avond": [("WE", "19:00", "21:30")],
    "maandelijks": [("TH", "14:00", "16:00")],
    "weekend": [("SA,SU", "10:00", "16:00")],
    "maaltijd": [("MO,TU,WE,TH,FR,SA,SU", "11:00", "13:00")],
    "winkel": [("MO,TU,WE,TH,FR", "09:00", "17:30"), ("SA", "09:00", "16:00")],
    "altijd": [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")],
    "telefoon": [("MO,TU,WE,TH,FR", "08:30", "17:00")],
    "zaterdag": [("SA", "10:00", "13:00")],
}

TOPIC_NAMES = {
    "huishoudelijke-hulp": "Huishoudelijke hulp", "boodschappen": "Boodschappen",
    "maaltijden": "Maaltijden", "klussen": "Klussen in en om het huis",
    "administratie": "Administratie en post", "eenzaamheid": "Eenzaamheid en contact",
    "dagbesteding": "Dagbesteding", "vrijwilligerswerk": "Vrijwilligerswerk (zelf helpen)",
    "mantelzorg": "Mantelzorg", "persoonlijke-verzorging": "Persoonlijke verzorging",
    "begeleiding": "Begeleiding", "psychisch-welzijn": "Psychisch welzijn",
    "dementie": "Dementie en geheugen", "woningaanpassing": "Woningaanpassing",
    "hulpmiddelen": "Hulpmiddelen", "vervoer": "Vervoer", "huisvesting": "Huisvesting",
    "geldzaken": "Geldzaken en schulden", "werk-en-inkomen": "Werk en inkomen",
    "opvoeding": "Opvoeding en gezin", "huiselijk-geweld": "Huiselijk geweld",
    "clientondersteuning": "Cliëntondersteuning",
}
LADDER_NAMES = {"zelf": "Zelf en naasten", "omgeving": "Directe omgeving",
                "algemeen": "Algemene voorzieningen", "maatwerk": "Maatwerk (Wmo)"}

# Local services. Fields: key, name ("{m}" = municipality, "{p}" = place), organisation,
# topics, ladder, description, cost (amount, option) with 0 = free, ages, schedule,
# municipalities, eligibility.
LOCAL = [
    # --- huishouden
    dict(key="wmo-hbh", name="Huishoudelijke ondersteuning Wmo {m}", org="Sociaal Team {m}",
         topics=["huishoudelijke-hulp"], ladder="maatwerk", cost=(0, "eigen bijdrage volgens CAK, max. € 21,80 per maand"),
         desc="Kunt u uw huis niet meer zelf schoonhouden en lukt het ook niet met hulp van anderen? Dan kan de gemeente huishoudelijke hulp inzetten. Een Wmo-consulent komt eerst met u praten.",
         sched="kantoor", munis=ALL, elig="Inwoners van {m} die door ziekte, beperking of ouderdom het huishouden niet meer kunnen doen."),
    dict(key="alfahulp", name="Alfahulp Bemiddeling Peel", org="Thuishulp Bemiddeling De Peel",
         topics=["huishoudelijke-hulp"], ladder="algemeen", cost=(17.5, "per uur"),
         desc="Wij zoeken een particuliere schoonmaakhulp (alfahulp) bij u in de buurt. U betaalt de hulp zelf per uur. Wij regelen de afspraken.",
         sched="kantoor", munis=["Helmond", "Deurne", "Asten", "Someren"], elig="Iedereen die zelf een schoonmaakhulp wil regelen."),
    dict(key="schoonmaakcheque", name="Schoonmaakhulp met korting {m}", org="Welzijn {m}",
         topics=["huishoudelijke-hulp"], ladder="algemeen", cost=(12.5, "per uur, met korting van de gemeente"),
         desc="Een schoonmaakhulp voor 2 uur per week tegen een lager tarief. Zonder indicatie. Voor ouderen en mensen met een beperking.",
         sched="ochtend", munis=["Gemert-Bakel", "Laarbeek", "Helmond"], ages=(65, None), elig="Inwoners van 65 jaar en ouder."),
    dict(key="poetstips", name="Cursus Slim huishouden", org="Zorgcentrum De Zonnebloem {m}",
         topics=["huishoudelijke-hulp"], ladder="zelf", cost=(0, "gratis"),
         desc="Tips en handige hulpmiddelen om het huishouden makkelijker te maken, zoals een lichte stofzuiger en een steelpan. U leert samen met uw huisgenoten het werk te verdelen.",
         sched="maandelijks", munis=["Helmond", "Deurne"], elig="Iedereen die het huishouden lichter wil maken."),
    dict(key="burenhulp", name="Burenhulp {m}", org="Vrijwilligerscentrale {m}",
         topics=["klussen", "boodschappen", "huishoudelijke-hulp"], ladder="omgeving", cost=(0, "gratis"),
         desc="Vrijwilligers uit de buurt helpen met kleine dingen: een boodschap, een klusje of de ramen lappen. U vraagt het, wij zoeken iemand.",
         sched="ochtend", munis=ALL, elig="Alle inwoners die even een helpende hand nodig hebben."),
    dict(key="boodschappenbus", name="Boodschappenbus {m}", org="Stichting Samen Vooruit {m}",
         topics=["boodschappen", "vervoer"], ladder="omgeving", cost=(2.5, "per rit"),
         desc="Elke week rijdt de boodschappenbus langs. Vrijwilligers halen u thuis op, gaan mee naar de supermarkt en brengen u met uw boodschappen terug.",
         sched="inloop", munis=["Helmond", "Asten", "Someren", "Gemert-Bakel"], ages=(60, None), elig="Ouderen en mensen die slecht ter been zijn."),
    dict(key="boodschappendienst", name="Boodschappendienst Supermarkt Thuis", org="Buurtsuper Peelland",
         topics=["boodschappen"], ladder="algemeen", cost=(4.95, "bezorgkosten per keer"),
         desc="Bestel uw boodschappen per telefoon of internet. Wij bezorgen ze de volgende dag aan huis.",
         sched="winkel", munis=["Deurne", "Laarbeek", "Gemert-Bakel", "Helmond"], elig="Iedereen."),
    dict(key="boodschappentips", name="Boodschappen samen regelen", org="Welzijn {m}",
         topics=["boodschappen"], ladder="zelf", cost=(0, "gratis"),
         desc="Een welzijnswerker bedenkt met u en uw familie hoe u de boodschappen kunt verdelen, bijvoorbeeld een vaste dag voor uw kinderen of online bestellen.",
         sched="ochtend", munis=["Someren", "Asten"], elig="Inwoners en hun familie."),
    dict(key="tafeltje", name="Tafeltje-dekje {m}", org="Stichting Maaltijdservice De Peel",
         topics=["maaltijden"], ladder="algemeen", cost=(7.75, "per maaltijd"),
         desc="Een warme maaltijd thuisbezorgd, elke dag of een paar keer per week. Ook dieetmaaltijden. Vrijwilligers brengen het eten rond.",
         sched="maaltijd", munis=ALL, elig="Iedereen die zelf niet meer kan koken."),
    dict(key="kookcafe", name="Kookcafé {p}", org="Buurtkamer {p}",
         topics=["maaltijden", "eenzaamheid"], ladder="omgeving", cost=(5, "per maaltijd"),
         desc="Samen koken en samen eten met buurtbewoners. Elke woensdagavond. Gezellig en goedkoop. U hoeft niet te kunnen koken.",
         sched="avond", munis=["Helmond", "Deurne", "Laarbeek"], elig="Alle buurtbewoners."),
    dict(key="eetpunt", name="Eetpunt Ontmoetingscentrum {p}", org="Ontmoetingscentrum {p}",
         topics=["maaltijden", "eenzaamheid"], ladder="algemeen", cost=(8.5, "per maaltijd"),
         desc="Elke dag tussen de middag een warme maaltijd in het ontmoetingscentrum. Aanmelden een dag van tevoren.",
         sched="maaltijd", munis=["Asten", "Someren", "Gemert-Bakel"], ages=(55, None), elig="Ouderen uit de buurt."),
    dict(key="klussendienst", name="Klussendienst {m}", org="Vrijwilligerscentrale {m}",
         topics=["klussen"], ladder="omgeving", cost=(3, "per klus plus materiaal"),
         desc="Vrijwillige klussers helpen met kleine klussen in huis: een lamp ophangen, een kraan repareren of een rookmelder plaatsen.",
         sched="ochtend", munis=ALL, elig="Ouderen en mensen met een beperking of een laag inkomen."),
    dict(key="repaircafe", name="Repair Café {p}", org="Stichting Repair Café Peel",
         topics=["klussen"], ladder="algemeen", cost=(0, "gratis, een vrijwillige bijdrage mag"),
         desc="Neem uw kapotte spullen mee en repareer ze samen met vrijwilligers: kleding, lampen, fietsen en apparaten. Koffie staat klaar.",
         sched="zaterdag", munis=["Helmond", "Someren", "Laarbeek", "Deurne"], elig="Iedereen."),
    dict(key="tuinhulp", name="Tuinhulp Groen Doen", org="Sociale Werkplaats Peel Groen",
         topics=["klussen"], ladder="algemeen", cost=(22.5, "per uur"),
         desc="Medewerkers van de sociale werkplaats onderhouden uw tuin: gras maaien, heg knippen en onkruid weghalen.",
         sched="kantoor", munis=["Helmond", "Gemert-Bakel", "Laarbeek"], elig="Iedereen."),
    dict(key="thuisadministratie", name="Thuisadministratie {m}", org="Humanitas Afdeling {m}",
         topics=["administratie", "geldzaken"], ladder="omgeving", cost=(0, "gratis"),
         desc="Een vrijwilliger komt bij u thuis en helpt u om uw post en papieren te ordenen. Samen maakt u overzicht in rekeningen en brieven.",
         sched="kantoor", munis=ALL, elig="Inwoners die hun administratie niet meer goed kunnen bijhouden."),
    dict(key="formulierenhulp", name="Formulierenhulp in de bibliotheek {m}", org="Bibliotheek Helmond-Peel",
         topics=["administratie"], ladder="algemeen", cost=(0, "gratis"),
         desc="Hulp bij het invullen van formulieren, toeslagen en de belastingaangifte. Ook hulp met DigiD en de computer (Informatiepunt Digitale Overheid).",
         sched="inloop", munis=ALL, elig="Iedereen, zonder afspraak."),
    dict(key="digicafe", name="Digicafé {p}", org="Seniorenvereniging {m}",
         topics=["administratie", "eenzaamheid"], ladder="omgeving", cost=(0, "gratis"),
         desc="Vragen over uw telefoon, tablet of DigiD? Vrijwilligers leggen het rustig uit. Met koffie.",
         sched="maandelijks", munis=["Someren", "Asten", "Laarbeek"], ages=(55, None), elig="Senioren."),
    # --- meedoen
    dict(key="maatje", name="Maatjesproject {m}", org="Welzijn {m}",
         topics=["eenzaamheid"], ladder="omgeving", cost=(0, "gratis"),
         desc="Een vaste vrijwilliger (een maatje) komt bij u op bezoek om te praten, te wandelen of samen iets te doen.",
         sched="kantoor", munis=ALL, elig="Iedereen die zich alleen voelt."),
    dict(key="buurtkamer", name="Buurtkamer {p}", org="Buurtkamer {p}",
         topics=["eenzaamheid"], ladder="algemeen", cost=(0, "gratis, koffie € 0,50"),
         desc="Een huiskamer in de wijk. Loop binnen voor een kop koffie, een praatje of een spelletje. U bent altijd welkom.",
         sched="inloop", munis=["Helmond", "Deurne", "Gemert-Bakel", "Asten"], elig="Alle buurtbewoners."),
    dict(key="bezoekdienst", name="Vriendschappelijk huisbezoek {m}", org="Zonnebloem Afdeling {m}",
         topics=["eenzaamheid"], ladder="omgeving", cost=(0, "gratis"),
         desc="Vrijwilligers van de Zonnebloem bezoeken mensen met een ziekte of beperking thuis. Ook uitstapjes.",
         sched="kantoor", munis=["Someren", "Laarbeek", "Deurne"], elig="Mensen met een ziekte of lichamelijke beperking."),
    dict(key="dagbesteding", name="Dagbesteding De Wingerd {p}", org="Zorggroep De Wingerd",
         topics=["dagbesteding"], ladder="maatwerk", cost=(0, "via Wmo-indicatie, eigen bijdrage CAK"),
         desc="Dagbesteding in een kleine groep met begeleiding. Activiteiten zoals koken, tuinieren en bewegen. Vervoer kan geregeld worden.",
         sched="dag", munis=ALL, ages=(18, None), elig="Volwassenen met een Wmo-indicatie voor dagbesteding."),
    dict(key="zorgboerderij", name="Zorgboerderij De Peelhoeve", org="Zorgboerderij De Peelhoeve",
         topics=["dagbesteding"], ladder="maatwerk", cost=(0, "via Wmo-indicatie of pgb"),
         desc="Dagbesteding op de boerderij: werken met dieren, in de moestuin en in de werkplaats. Voor mensen met dementie, autisme of een verstandelijke beperking.",
         sched="dag", munis=["Deurne", "Asten", "Someren"], ages=(18, None), elig="Volwassenen met een indicatie."),
    dict(key="inloopdagbesteding", name="Inloopactiviteiten Ontmoetingscentrum {p}", org="Ontmoetingscentrum {p}",
         topics=["dagbesteding", "eenzaamheid"], ladder="algemeen", cost=(3, "per dagdeel"),
         desc="Overdag meedoen aan activiteiten in een groep: geheugentraining, bewegen, creatief bezig zijn. Zonder indicatie.",
         sched="dag", munis=["Helmond", "Gemert-Bakel", "Laarbeek"], ages=(55, None), elig="Ouderen uit de gemeente."),
    dict(key="vrijwilligerscentrale", name="Vrijwilligerscentrale {m}", org="Vrijwilligerscentrale {m}",
         topics=["vrijwilligerswerk"], ladder="algemeen", cost=(0, "gratis"),
         desc="Wilt u iets doen voor een ander? Wij helpen u een passende vrijwilligersplek te vinden. Bekijk de vacaturebank of kom langs.",
         sched="ochtend", munis=ALL, elig="Iedereen die vrijwilligerswerk wil doen."),
    dict(key="maatjeworden", name="Word maatje bij Welzijn {m}", org="Welzijn {m}",
         topics=["vrijwilligerswerk", "eenzaamheid"], ladder="omgeving", cost=(0, "gratis"),
         desc="Wij zoeken vrijwilligers die een paar uur per week willen optrekken met iemand die eenzaam is. U krijgt een training.",
         sched="kantoor", munis=["Helmond", "Deurne", "Gemert-Bakel"], ages=(18, None), elig="Volwassenen met een paar uur tijd per week."),
    # --- mantelzorg
    dict(key="steunpunt-mz", name="Steunpunt Mantelzorg {m}", org="Welzijn {m}",
         topics=["mantelzorg"], ladder="zelf", cost=(0, "gratis"),
         desc="Een mantelzorgconsulent denkt met u mee als u zorgt voor een naaste. Advies, een luisterend oor en hulp om de zorg vol te houden. Ook de jaarlijkse mantelzorgwaardering.",
         sched="kantoor", munis=ALL, elig="Mantelzorgers in de gemeente."),
    dict(key="mantelzorgcafe", name="Mantelzorgcafé {p}", org="Steunpunt Mantelzorg {m}",
         topics=["mantelzorg"], ladder="omgeving", cost=(0, "gratis"),
         desc="Eén keer per maand ontmoeten mantelzorgers elkaar. Ervaringen delen met lotgenoten, soms met een spreker.",
         sched="maandelijks", munis=["Helmond", "Asten", "Laarbeek", "Someren"], elig="Mantelzorgers."),
    dict(key="respijtzorg", name="Logeerhuis De Linde (respijtzorg)", org="Zorggroep De Wingerd",
         topics=["mantelzorg", "dementie"], ladder="maatwerk", cost=(0, "via Wmo-indicatie"),
         desc="Uw naaste kan een paar dagen logeren, zodat u als mantelzorger even vrij bent. Dit heet respijtzorg.",
         sched="altijd", munis=["Helmond", "Deurne", "Gemert-Bakel", "Laarbeek"], elig="Mantelzorgers van mensen die niet alleen kunnen zijn."),
    dict(key="vervangende-mz", name="Vrijwillige thuishulp voor mantelzorgers {m}", org="Humanitas Afdeling {m}",
         topics=["mantelzorg"], ladder="omgeving", cost=(0, "gratis"),
         desc="Een vrijwilliger blijft een dagdeel bij uw naaste, zodat u even weg kunt: naar de kapper, sporten of een middag voor uzelf.",
         sched="kantoor", munis=["Asten", "Someren", "Deurne"], elig="Mantelzorgers."),
    # --- zorg
    dict(key="wijkverpleging", name="Wijkverpleging Thuiszorg Peelland {p}", org="Thuiszorg Peelland",
         topics=["persoonlijke-verzorging"], ladder="algemeen", cost=(0, "vergoed door de zorgverzekering"),
         desc="Verpleging en persoonlijke verzorging thuis: hulp bij wassen, aankleden en steunkousen. De wijkverpleegkundige kijkt wat u nodig heeft.",
         sched="altijd", munis=ALL, elig="Iedereen met een zorgvraag; geen verwijzing nodig."),
    dict(key="douchehulp", name="Zelf douchen met hulpmiddelen (advies ergotherapie)", org="Ergotherapie Peel",
         topics=["persoonlijke-verzorging", "hulpmiddelen"], ladder="zelf", cost=(0, "vergoed uit basisverzekering, 10 uur per jaar"),
         desc="Een ergotherapeut bekijkt met u hoe u zelf kunt blijven douchen en aankleden, bijvoorbeeld met een douchestoel of een kousenaantrekker.",
         sched="kantoor", munis=["Helmond", "Deurne", "Someren"], elig="Iedereen."),
    dict(key="begeleiding", name="Individuele begeleiding Wmo {m}", org="Sociaal Team {m}",
         topics=["begeleiding"], ladder="maatwerk", cost=(0, "eigen bijdrage CAK"),
         desc="Een begeleider helpt u thuis met plannen, afspraken en overzicht houden, zodat u zelfstandig kunt blijven wonen.",
         sched="kantoor", munis=ALL, ages=(18, None), elig="Volwassenen die het zelfstandig wonen niet alleen redden."),
    dict(key="steunpunt-lvb", name="Inloop Zelfstandig Wonen {m}", org="Stichting Samen Vooruit {m}",
         topics=["begeleiding"], ladder="algemeen", cost=(0, "gratis"),
         desc="Loop binnen met vragen over wonen, geld, post of plannen. Begeleiders helpen u verder. Voor mensen met een lichte verstandelijke beperking, autisme of hersenletsel.",
         sched="inloop", munis=["Helmond", "Gemert-Bakel", "Deurne"], ages=(18, None), elig="Volwassenen die wat steun kunnen gebruiken."),
    dict(key="praatgroep", name="Praatgroep Somberheid en Rouw {m}", org="GGZ Oost-Peel",
         topics=["psychisch-welzijn"], ladder="algemeen", cost=(0, "gratis"),
         desc="In een kleine groep praten over somberheid, piekeren, verlies en rouw. Onder leiding van een ervaren begeleider.",
         sched="avond", munis=["Helmond", "Deurne", "Asten"], ages=(18, None), elig="Volwassenen."),
    dict(key="poh-ggz", name="Steunpunt Geestelijke Gezondheid {m}", org="GGZ Oost-Peel",
         topics=["psychisch-welzijn"], ladder="maatwerk", cost=(0, "vergoed, verwijzing van de huisarts"),
         desc="Behandeling en begeleiding bij angst, depressie, stress en burn-out. Eerst een gesprek met uw huisarts of de praktijkondersteuner GGZ.",
         sched="kantoor", munis=["Helmond", "Gemert-Bakel", "Someren", "Laarbeek"], elig="Volwassenen met psychische klachten."),
    dict(key="lotgenoten-rouw", name="Wandelgroep na verlies {p}", org="Welzijn {m}",
         topics=["psychisch-welzijn", "eenzaamheid"], ladder="omgeving", cost=(0, "gratis"),
         desc="Samen wandelen met mensen die ook iemand verloren hebben. Praten mag, hoeft niet.",
         sched="zaterdag", munis=["Someren", "Laarbeek", "Gemert-Bakel"], elig="Iedereen die rouwt."),
    dict(key="casemanager", name="Casemanager Dementie {m}", org="Netwerk Dementie Peelland",
         topics=["dementie"], ladder="algemeen", cost=(0, "vergoed door de zorgverzekering"),
         desc="Een casemanager dementie begeleidt de persoon met dementie en de mantelzorger, vanaf de diagnose. Zij helpt zorg regelen en is uw vaste aanspreekpunt.",
         sched="kantoor", munis=ALL, elig="Mensen met (een vermoeden van) dementie en hun naasten."),
    dict(key="alzheimercafe", name="Alzheimer Café {p}", org="Alzheimer Nederland Afdeling Peelland",
         topics=["dementie", "mantelzorg"], ladder="omgeving", cost=(0, "gratis"),
         desc="Maandelijkse ontmoeting voor mensen met dementie, hun partners, familie en buren. Met informatie, gesprek en een kop koffie.",
         sched="maandelijks", munis=["Helmond", "Deurne", "Gemert-Bakel"], elig="Iedereen die met dementie te maken heeft."),
    dict(key="geheugentips", name="Geheugensteuntjes voor thuis", org="Netwerk Dementie Peelland",
         topics=["dementie"], ladder="zelf", cost=(0, "gratis"),
         desc="Praktische tips en hulpmiddelen voor thuis als het geheugen minder wordt: een kalenderklok, een medicijnwekker en een vast dagritme met familie.",
         sched="telefoon", munis=["Asten", "Someren", "Laarbeek"], elig="Mensen met geheugenklachten en hun familie."),
    # --- wonen
    dict(key="woonaanpassing", name="Woningaanpassing Wmo {m}", org="Sociaal Team {m}",
         topics=["woningaanpassing"], ladder="maatwerk", cost=(0, "eigen bijdrage CAK"),
         desc="Een traplift, drempels weg of een aangepaste badkamer via de Wmo. Eerst een gesprek met een Wmo-consulent en soms een ergotherapeut.",
         sched="kantoor", munis=ALL, elig="Inwoners die door een beperking niet veilig thuis kunnen wonen."),
    dict(key="wooncheck", name="Wooncheck Veilig Thuis Wonen {m}", org="Ouderenadviseurs Peel",
         topics=["woningaanpassing"], ladder="zelf", cost=(0, "gratis"),
         desc="Een vrijwillige wooncoach loopt met u door uw huis en geeft tips om vallen te voorkomen. Veel kleine aanpassingen kunt u zelf doen.",
         sched="ochtend", munis=["Helmond", "Asten", "Gemert-Bakel", "Laarbeek"], ages=(60, None), elig="Ouderen die veilig thuis willen blijven wonen."),
    dict(key="hulpmiddelenuitleen", name="Hulpmiddelenuitleen Thuiszorgwinkel {m}", org="Thuiszorgwinkel Peelland",
         topics=["hulpmiddelen"], ladder="algemeen", cost=(0, "uitleen gratis tot 26 weken"),
         desc="Leen een rolstoel, rollator, krukken of douchestoel. Ook te koop. Handig na een operatie of ziekenhuisopname.",
         sched="winkel", munis=ALL, elig="Iedereen, neem uw zorgpas mee."),
    dict(key="scootmobiel", name="Scootmobiel en rolstoel via de Wmo {m}", org="Sociaal Team {m}",
         topics=["hulpmiddelen", "vervoer"], ladder="maatwerk", cost=(0, "eigen bijdrage CAK"),
         desc="Kunt u niet meer lopen naar de winkel of familie? Dan kan de gemeente een scootmobiel of rolstoel verstrekken. Een Wmo-consulent bespreekt dit met u.",
         sched="kantoor", munis=ALL, elig="Inwoners met een beperking die zich niet meer zelf kunnen verplaatsen."),
    dict(key="alarmering", name="Personenalarmering Peel", org="Thuiszorg Peelland",
         topics=["hulpmiddelen"], ladder="algemeen", cost=(19.95, "per maand"),
         desc="Een alarmknop om uw hals of pols. Valt u of voelt u zich niet goed, dan drukt u op de knop en wordt er hulp gestuurd.",
         sched="altijd", munis=ALL, elig="Iedereen die alleen woont."),
    dict(key="regiotaxi", name="Regiotaxi Peel (Wmo-vervoer)", org="Regiotaxi Zuidoost-Brabant",
         topics=["vervoer"], ladder="maatwerk", cost=(1.3, "per zone met Wmo-pas"),
         desc="Deur-tot-deur vervoer in de regio met een Wmo-vervoerspas. Bel een uur van tevoren. Ook voor rolstoelen.",
         sched="altijd", munis=ALL, elig="Inwoners met een Wmo-indicatie voor vervoer; zonder pas betaalt u het gewone tarief."),
    dict(key="automaatje", name="AutoMaatje {m}", org="ANWB AutoMaatje {m}",
         topics=["vervoer", "eenzaamheid"], ladder="omgeving", cost=(0.35, "per kilometer"),
         desc="Vrijwillige chauffeurs rijden u in hun eigen auto naar de dokter, familie of de kapper. U betaalt een kleine vergoeding per kilometer.",
         sched="kantoor", munis=["Helmond", "Deurne", "Asten", "Someren", "Laarbeek"], elig="Inwoners die minder mobiel zijn."),
    dict(key="buurtbus", name="Buurtbus {p}", org="Buurtbusvereniging {m}",
         topics=["vervoer"], ladder="algemeen", cost=(2, "per rit"),
         desc="Kleine bus met vrijwillige chauffeurs tussen de dorpen en het centrum. Vaste dienstregeling.",
         sched="kantoor", munis=["Gemert-Bakel", "Deurne", "Someren"], elig="Iedereen."),
    dict(key="woningzoeken", name="Woonwinkel Woonpartners Peel", org="Woningcorporatie Woonpartners Peel",
         topics=["huisvesting"], ladder="algemeen", cost=(0, "inschrijven € 25 eenmalig"),
         desc="Inschrijven als woningzoekende, vragen over huurwoningen, seniorenwoningen en verhuizen naar een kleinere woning.",
         sched="ochtend", munis=ALL, elig="Iedereen die een huurwoning zoekt."),
    dict(key="maatschappelijke-opvang", name="Nachtopvang en Maatschappelijke Opvang Peel", org="Stichting Onderdak Peel",
         topics=["huisvesting"], ladder="maatwerk", cost=(0, "gratis"),
         desc="Opvang en begeleiding voor mensen die dakloos zijn of hun huis kwijtraken. Meld u aan bij het centrale loket.",
         sched="altijd", munis=["Helmond"], ages=(18, None), elig="Volwassenen zonder woning in de Peelregio."),
    dict(key="urgentie", name="Urgentie en woonadvies {m}", org="Sociaal Team {m}",
         topics=["huisvesting"], ladder="maatwerk", cost=(0, "gratis"),
         desc="In een noodsituatie kunt u urgentie aanvragen voor een woning. Het sociaal team kijkt met u naar de mogelijkheden.",
         sched="kantoor", munis=["Deurne", "Gemert-Bakel", "Laarbeek"], elig="Inwoners in een acute woonnood."),
    # --- geld en werk
    dict(key="schuldhulp", name="Schuldhulpverlening {m}", org="Sociaal Team {m}",
         topics=["geldzaken"], ladder="maatwerk", cost=(0, "gratis"),
         desc="Heeft u schulden of betalingsachterstanden? De gemeente helpt met een schuldregeling of budgetbeheer.",
         sched="kantoor", munis=ALL, ages=(18, None), elig="Inwoners met geldzorgen of schulden."),
    dict(key="schuldhulpmaatje", name="SchuldHulpMaatje {m}", org="Stichting SchuldHulpMaatje Peel",
         topics=["geldzaken"], ladder="omgeving", cost=(0, "gratis"),
         desc="Een getraind maatje helpt u uw geldzaken op orde te krijgen: rekeningen ordenen, een budgetplan maken en contact met schuldeisers.",
         sched="kantoor", munis=["Helmond", "Deurne", "Laarbeek", "Gemert-Bakel"], ages=(18, None), elig="Iedereen met geldzorgen."),
    dict(key="voedselbank", name="Voedselbank {m}", org="Stichting Voedselbank Peel",
         topics=["geldzaken"], ladder="algemeen", cost=(0, "gratis"),
         desc="Elke week een pakket met eten voor mensen die niet genoeg geld hebben voor boodschappen. Aanmelden via een hulpverlener of het sociaal team.",
         sched="zaterdag", munis=["Helmond", "Deurne", "Gemert-Bakel", "Someren"], elig="Huishoudens onder de bestaansnorm."),
    dict(key="geldcafe", name="Geldcafé {p}", org="Bibliotheek Helmond-Peel",
         topics=["geldzaken", "administratie"], ladder="algemeen", cost=(0, "gratis"),
         desc="Vragen over toeslagen, budgetteren of een brief van de Belastingdienst? Vrijwilligers helpen u. Zonder afspraak.",
         sched="inloop", munis=["Asten", "Laarbeek", "Helmond"], elig="Iedereen."),
    dict(key="werkplein", name="Werkplein De Peel", org="Werkplein De Peel",
         topics=["werk-en-inkomen"], ladder="maatwerk", cost=(0, "gratis"),
         desc="Voor een bijstandsuitkering, hulp bij werk zoeken, re-integratie en beschut werk. Voor alle zes Peelgemeenten.",
         sched="kantoor", munis=ALL, ages=(18, 67), elig="Inwoners zonder voldoende inkomen."),
    dict(key="werkcafe", name="Werkcafé {m}", org="Vrijwilligerscentrale {m}",
         topics=["werk-en-inkomen", "vrijwilligerswerk"], ladder="algemeen", cost=(0, "gratis"),
         desc="Hulp bij uw cv, solliciteren en werkervaring opdoen via vrijwilligerswerk. Elke dinsdag en donderdag inloop.",
         sched="inloop", munis=["Helmond", "Deurne", "Someren"], ages=(16, None), elig="Werkzoekenden."),
    # --- jeugd en gezin
    dict(key="cjg", name="Centrum voor Jeugd en Gezin {m}", org="CJG Peelland",
         topics=["opvoeding"], ladder="algemeen", cost=(0, "gratis"),
         desc="Voor al uw vragen over opvoeden en opgroeien, van baby tot puber. Praat met een jeugdverpleegkundige of pedagoog.",
         sched="kantoor", munis=ALL, ages=(0, 23), elig="Ouders, kinderen en jongeren tot 23 jaar."),
    dict(key="opvoedcursus", name="Cursus Omgaan met pubers {m}", org="CJG Peelland",
         topics=["opvoeding"], ladder="zelf", cost=(0, "gratis"),
         desc="Vier avonden met andere ouders over ruzie, grenzen en praten met uw puber. U oefent zelf wat werkt in uw gezin.",
         sched="avond", munis=["Helmond", "Gemert-Bakel", "Asten"], elig="Ouders van kinderen van 11 tot 18 jaar."),
    dict(key="home-start", name="Home-Start Peel (gezinsmaatje)", org="Humanitas Home-Start Peel",
         topics=["opvoeding"], ladder="omgeving", cost=(0, "gratis"),
         desc="Een ervaren vrijwilliger komt wekelijks bij u thuis en steunt u bij de opvoeding, als het even niet lukt.",
         sched="kantoor", munis=["Helmond", "Deurne", "Laarbeek", "Someren"], elig="Gezinnen met minstens één kind tot 18 jaar."),
    dict(key="jeugdhulp", name="Jeugdhulp via het Sociaal Team {m}", org="Sociaal Team {m}",
         topics=["opvoeding"], ladder="maatwerk", cost=(0, "gratis"),
         desc="Bij zware opvoedproblemen of zorgen over uw kind kan de gemeente jeugdhulp inzetten. Een jeugdconsulent praat eerst met u.",
         sched="kantoor", munis=ALL, ages=(0, 18), elig="Gezinnen met kinderen tot 18 jaar."),
    # --- veiligheid
    dict(key="vrouwenopvang", name="Vrouwenopvang en Veilig Wonen Peel", org="Stichting Veilig Onderdak",
         topics=["huiselijk-geweld", "huisvesting"], ladder="maatwerk", cost=(0, "gratis"),
         desc="Een veilige plek voor vrouwen, mannen en kinderen die thuis niet veilig zijn. Aanmelden via Veilig Thuis of het sociaal team.",
         sched="altijd", munis=["Helmond"], elig="Slachtoffers van huiselijk geweld."),
    dict(key="hg-spreekuur", name="Spreekuur Veilig Thuis in de wijk {m}", org="Sociaal Team {m}",
         topics=["huiselijk-geweld"], ladder="algemeen", cost=(0, "gratis"),
         desc="Maakt u zich zorgen over geweld of dreiging in uw eigen huis of bij iemand anders? Praat in vertrouwen met een medewerker.",
         sched="inloop", munis=["Deurne", "Gemert-Bakel", "Someren", "Asten", "Laarbeek"], elig="Iedereen."),
    # --- advies
    dict(key="wmoloket", name="Wmo-loket Sociaal Team {m}", org="Sociaal Team {m}",
         topics=["clientondersteuning"], ladder="maatwerk", cost=(0, "gratis"),
         desc="Het loket voor alle vragen over hulp en zorg thuis. Een Wmo-consulent bespreekt met u wat u nodig heeft (het keukentafelgesprek) en doet een melding maatwerk.",
         sched="kantoor", munis=ALL, elig="Alle inwoners van {m}."),
    dict(key="ocö", name="Onafhankelijke cliëntondersteuning {m}", org="Stichting MEE Peel",
         topics=["clientondersteuning"], ladder="algemeen", cost=(0, "gratis"),
         desc="Een onafhankelijke cliëntondersteuner staat naast u. Hij of zij helpt uw vraag op papier te zetten en gaat mee naar het gesprek met de gemeente.",
         sched="kantoor", munis=ALL, elig="Iedereen die hulp vraagt bij de gemeente."),
    dict(key="ouderenadviseur", name="Ouderenadviseur {m}", org="Seniorenvereniging {m}",
         topics=["clientondersteuning", "administratie"], ladder="omgeving", cost=(0, "gratis"),
         desc="Een vrijwillige ouderenadviseur komt bij u thuis. Hij geeft informatie over wonen, zorg, geld en welzijn en zoekt met u uit wat er kan.",
         sched="ochtend", munis=["Asten", "Someren", "Laarbeek", "Gemert-Bakel"], ages=(65, None), elig="Inwoners van 65 jaar en ouder."),
]

NATIONAL = [
    dict(key="113", name="113 Zelfmoordpreventie", org="Stichting 113 Zelfmoordpreventie",
         topics=["psychisch-welzijn"], ladder="algemeen", phone="0800-0113", extra_phone="113",
         url="https://www.113.nl", sched="altijd",
         desc="Denkt u aan zelfmoord of maakt u zich zorgen om iemand? Bel gratis 0800-0113 of 113, of chat via 113.nl. Dag en nacht bereikbaar."),
    dict(key="veilig-thuis", name="Veilig Thuis", org="Veilig Thuis",
         topics=["huiselijk-geweld"], ladder="algemeen", phone="0800-2000", url="https://www.veiligthuis.nl", sched="altijd",
         desc="Advies- en meldpunt voor huiselijk geweld en kindermishandeling. Bel gratis 0800-2000, dag en nacht. Ook als u twijfelt."),
    dict(key="luisterlijn", name="De Luisterlijn", org="De Luisterlijn",
         topics=["eenzaamheid", "psychisch-welzijn"], ladder="omgeving", phone="0800-0767", url="https://www.deluisterlijn.nl", sched="altijd",
         desc="Even je verhaal kwijt? Getrainde vrijwilligers luisteren naar u, anoniem en dag en nacht. Bel gratis 0800-0767 of chat."),
    dict(key="112", name="112 Alarmnummer", org="Politie, Brandweer en Ambulance",
         topics=["huiselijk-geweld"], ladder="algemeen", phone="112", url="https://www.112.nl", sched="altijd",
         desc="Bij direct levensgevaar of een spoedgeval: bel 112 voor politie, brandweer of ambulance."),
    dict(key="mantelzorglijn", name="Mantelzorglijn", org="MantelzorgNL",
         topics=["mantelzorg"], ladder="algemeen", phone="030-7606055", url="https://www.mantelzorg.nl", sched="telefoon",
         desc="Vragen over mantelzorg? Bel de Mantelzorglijn voor advies over geld, werk, respijtzorg en regelingen."),
    dict(key="alzheimer-telefoon", name="Alzheimer Telefoon", org="Alzheimer Nederland",
         topics=["dementie"], ladder="algemeen", phone="0800-5088", url="https://www.alzheimer-nederland.nl", sched="altijd",
         desc="Informatie en steun over dementie, voor mensen met dementie en hun naasten. Gratis, dag en nacht."),
    dict(key="zilverlijn", name="Zilverlijn", org="Nationaal Ouderenfonds",
         topics=["eenzaamheid"], ladder="omgeving", phone="0800-4699", url="https://www.ouderenfonds.nl", sched="telefoon",
         desc="Vrijwilligers bellen u elke week voor een praatje. Voor ouderen die graag wat meer contact willen.", ages=(65, None)),
    dict(key="juridisch-loket", name="Het Juridisch Loket", org="Het Juridisch Loket",
         topics=["geldzaken", "huisvesting"], ladder="algemeen", phone="0900-8020", url="https://www.juridischloket.nl", sched="telefoon",
         desc="Gratis juridisch advies over bijvoorbeeld huur, schulden, werk en uitkeringen."),
    dict(key="geldfit", name="Geldfit", org="Geldfit",
         topics=["geldzaken"], ladder="zelf", phone="0800-8115", url="https://www.geldfit.nl", sched="telefoon",
         desc="Doe de online test en ontdek zelf hoe u ervoor staat met uw geld. Daarna krijgt u tips of hulp bij u in de buurt."),
    dict(key="sensoor", name="Sensoor chatdienst", org="Stichting Sensoor",
         topics=["psychisch-welzijn"], ladder="omgeving", phone="0900-0767", url="https://www.sensoor.nl", sched="altijd",
         desc="Anoniem chatten of bellen met een getrainde vrijwilliger als u ergens mee zit. Dag en nacht."),
    dict(key="ouderenlijn", name="Ouderen-Luisterlijn (vervallen)", org="Stichting Ouderenlijn",
         topics=["eenzaamheid"], ladder="omgeving", phone="0800-1234", url="https://www.example.nl/ouderenlijn", sched="telefoon",
         desc="Deze dienst bestaat niet meer.", status="defunct"),
]


def uid(*parts: str) -> str:
    return str(uuid.uuid5(NS, "/".join(parts)))


def attribute(service_id: str, taxonomy: str, code: str, label: str) -> dict:
    return {
        "id": uid("attr", service_id, taxonomy, code),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": uid("term", taxonomy, code),
        "taxonomy_term": {
            "id": uid("term", taxonomy, code),
            "code": code,
            "name": label,
            "taxonomy": taxonomy,
            "description": label,
        },
    }


def schedules(kind: str, owner_key: str, service_id: str) -> list[dict]:
    return [
        {
            "id": uid("schedule", owner_key, str(i)),
            "service_id": service_id,
            "freq": "WEEKLY",
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "timezone": 1.0,
            "description": "Dag en nacht bereikbaar" if kind == "altijd" else None,
        }
        for i, (byday, opens, closes) in enumerate(SCHEDULES[kind])
    ]


def phone(owner_key: str, number: str, description: str | None = None) -> dict:
    return {"id": uid("phone", owner_key, number), "number": number, "type": "voice",
            "description": description, "languages": []}


def assured(key: str) -> str:
    """Mostly verified within the last year; about one in ten is stale."""
    n = uuid.uuid5(NS, "assured/" + key).int
    days = 400 + n % 300 if n % 10 == 0 else n % 330
    return (REFERENCE - dt.timedelta(days=days)).isoformat()


def status_of(key: str) -> str:
    n = uuid.uuid5(NS, "status/" + key).int % 40
    return {0: "inactive", 1: "temporarily closed"}.get(n, "active")


def languages(key: str) -> list[dict]:
    langs = [("Nederlands", "nl")]
    n = uuid.uuid5(NS, "lang/" + key).int % 7
    extra = {0: ("Engels", "en"), 1: ("Arabisch", "ar"), 2: ("Turks", "tr"), 3: ("Pools", "pl")}.get(n)
    if extra:
        langs.append(extra)
    return [{"id": uid("lang", key, code), "name": name, "code": code} for name, code in langs]


def organization(name: str, municipality: str | None, key: str) -> dict:
    slug = "".join(c for c in name.lower().replace(" ", "-") if c.isalnum() or c == "-")
    area = MUNICIPALITIES[municipality]["area"] if municipality else "0492"
    return {
        "id": uid("org", name),
        "name": name,
        "description": f"{name}. {DEMO_NOTE}",
        "email": f"info@{slug[:40]}.example.nl",
        "website": f"https://{slug[:40]}.example.nl",
        "phones": [phone("org/" + name, f"{area}-{500000 + uuid.uuid5(NS, name).int % 400000}")],
    }


def local_services() -> list[dict]:
    services = []
    for template in LOCAL:
        for index, municipality in enumerate(template["munis"]):
            info = MUNICIPALITIES[municipality]
            place_name, pc4, lat, lon = info["places"][
                (index + len(template["key"])) % len(info["places"])
            ]
            if "{p}" not in template["name"]:
                place_name, pc4, lat, lon = info["places"][0]
            key = f"{template['key']}/{municipality}"
            service_id = uid("service", key)
            fmt = {"m": municipality, "p": place_name}
            name = template["name"].format(**fmt)
            org = organization(template["org"].format(**fmt), municipality, key)
            street = info["streets"][(len(key) + index) % len(info["streets"])]
            number = 1 + uuid.uuid5(NS, key).int % 120
            jitter = ((uuid.uuid5(NS, "geo/" + key).int % 200) - 100) / 40000
            amount, option = template["cost"]
            minimum, maximum = template.get("ages", (None, None))
            location_id = uid("location", key)
            services.append({
                "id": service_id,
                "name": name,
                "description": template["desc"].format(**fmt),
                "url": f"https://{template['key'].replace('ö', 'o')}-{municipality.lower()}.example.nl",
                "email": f"{template['key'].replace('ö', 'o')}@{municipality.lower()}.example.nl",
                "status": status_of(key),
                "eligibility_description": template.get("elig", "").format(**fmt) or None,
                "minimum_age": minimum,
                "maximum_age": maximum,
                "assured_date": assured(key),
                "fees_description": option if amount == 0 else f"€ {amount:.2f} {option}".replace(".", ","),
                "organization": org,
                "phones": [phone(key, f"{info['area']}-{300000 + uuid.uuid5(NS, key).int % 600000}")],
                "schedules": [],
                "cost_options": [{"id": uid("cost", key), "service_id": service_id, "amount": amount,
                                  "currency": "EUR", "option": option, "amount_description": option}],
                "service_areas": [{"id": uid("area", key), "service_id": service_id,
                                   "name": municipality, "description": f"Gemeente {municipality}"}],
                "languages": languages(key),
                "attributes": [attribute(service_id, "onderwerp", t, TOPIC_NAMES[t]) for t in template["topics"]]
                + [attribute(service_id, "ladder", template["ladder"], LADDER_NAMES[template["ladder"]])],
                "service_at_locations": [{
                    "id": uid("sal", key),
                    "service_id": service_id,
                    "location_id": location_id,
                    "schedules": schedules(template["sched"], key, service_id),
                    "location": {
                        "id": location_id,
                        "location_type": "physical",
                        "name": f"{org['name']} {place_name}" if place_name not in org["name"] else org["name"],
                        "latitude": round(lat + jitter, 5),
                        "longitude": round(lon - jitter, 5),
                        "addresses": [{
                            "id": uid("address", key),
                            "location_id": location_id,
                            "address_1": f"{street} {number}",
                            "city": place_name if place_name not in ("Binnenstad", "Brouwhuis", "Mierlo-Hout", "Stiphout", "Rijpelberg", "Brandevoort") else municipality,
                            "region": "Noord-Brabant",
                            "state_province": "Noord-Brabant",
                            "postal_code": f"{pc4} {'ABCDEFGHJKLMNPRSTVWXZ'[number % 21]}{'ABCDEFGHJKLMNPRSTVWXZ'[(number * 7) % 21]}",
                            "country": "NL",
                            "address_type": "physical",
                        }],
                    },
                }],
            })
    return services


def national_services() -> list[dict]:
    services = []
    for template in NATIONAL:
        key = "nl/" + template["key"]
        service_id = uid("service", key)
        phones = [phone(key, template["phone"])]
        if template.get("extra_phone"):
            phones.append(phone(key, template["extra_phone"], "Kort nummer"))
        minimum, maximum = template.get("ages", (None, None))
        services.append({
            "id": service_id,
            "name": template["name"],
            "description": template["desc"],
            "url": template["url"],
            "status": template.get("status", "active"),
            "minimum_age": minimum,
            "maximum_age": maximum,
            "assured_date": (REFERENCE - dt.timedelta(days=20 + len(key))).isoformat(),
            "fees_description": "Gratis",
            "organization": {"id": uid("org", template["org"]), "name": template["org"],
                             "description": f"Landelijke organisatie. {DEMO_NOTE}",
                             "website": template["url"], "phones": []},
            "phones": phones,
            "schedules": schedules(template["sched"], key, service_id),
            "cost_options": [{"id": uid("cost", key), "service_id": service_id, "amount": 0,
                              "currency": "EUR", "option": "gratis", "amount_description": "gratis"}],
            "service_areas": [{"id": uid("area", key), "service_id": service_id, "name": "Nederland",
                               "description": "Landelijk"}],
            "languages": languages(key),
            "attributes": [attribute(service_id, "onderwerp", t, TOPIC_NAMES[t]) for t in template["topics"]]
            + [attribute(service_id, "ladder", template["ladder"], LADDER_NAMES[template["ladder"]])],
            "service_at_locations": [],
        })
    return services


def drop_nulls(value):
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def build() -> list[dict]:
    return [drop_nulls(s) for s in local_services() + national_services()]


if __name__ == "__main__":
    services = build()
    OUT.write_text(json.dumps(services, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(services)} services to {OUT}")
