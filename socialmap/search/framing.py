"""The need inside a question: drop the words that only frame it.

Residents ask in whole sentences: "waar kan ik terecht als ik mijn rekeningen niet kan betalen?",
"is er iemand die mij kan helpen met de was?", "where can I get help with groceries?". The
question words, modal verbs, pronouns and fillers in such a sentence say nothing about the need,
yet in BM25, in a mean of word vectors and in topic guessing they count as much as the words
that do ("weet", "denk" or "kom" even got typo-corrected into place names). `content_tokens`
keeps the words that carry the need, so they alone drive matching, topics and the vector.
Crisis detection reads the whole text, never this.
"""

from __future__ import annotations

from .analyzer import ARTICLES, remove_stopwords


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that frame a request rather than name a need (folded, as tokenize gives them): question
# words, modal verbs, pronouns, fillers, greetings and politeness. Not here:
# words that name help itself ('hulp', 'ondersteuning'), which many service names carry.
FRAMING = _words("""
    hoe waar wie wat welke wanneer waarom waarheen waarmee waarvoor
    kan kun kunt kunnen kon konden mag mogen moet moeten moest wil wilt willen wilde zou zouden
    zal zullen ga gaat gaan ging krijg krijgt krijgen kreeg kom komt komen kwam vind vindt vinden
    weet weten denk denkt denken zoek zoekt zoeken vraag vraagt vragen hoop hoor horen lukt
    help helpt helpen geholpen nodig terecht heen naartoe ergens iemand iets er erg ik jij je u
    uw hij zij ze wij we mij me mijzelf mezelf jou hem haar ons onze hun mijn m'n mn jullie
    iedereen niemand niet nie meer geen wel toch nog al ook even eens soms vaak steeds altijd
    weer gewoon echt eigenlijk misschien graag beetje heel zo zoiets allemaal alles nou dus
    daar hier dit dat deze die dan als omdat want of
    where who what which when why how can could may might must should would will shall get
    getting got find finding look looking search need needs needed want wants like know tell
    someone somebody anyone anybody something anything there here any some please thanks
    i me my mine myself you your he she it we us our they them their am is are were be
    been being do does did not no more anymore very really just also still feel feeling since
    voel voelt voelen elke iedere hele toe maanden weken jaren mee herself himself themselves
    yourself cannot
    goedemiddag goedemorgen goedenavond goedendag hallo hoi hey beste bedankt dank alvast groet
    groeten groetjes vriendelijke mvg mogelijkheden mogelijkheid opties hi hello thanks regards af
""")
# framing words that are nouns after an article ("de was", "de vraag")
ARTICLE_NOUNS = frozenset(["was", "hoop", "vraag"])


def content_tokens(tokens: list[str]) -> list[str]:
    """The tokens that carry the need, in order; all of them when nothing else would be left
    (a query of only framing words, such as "help", still means something)."""
    words = remove_stopwords(tokens)
    kept = [t for t in words if t not in FRAMING or (t in ARTICLE_NOUNS and _after_article(t, tokens))]
    return kept or words


def _after_article(word: str, tokens: list[str]) -> bool:
    return any(t == word and i and tokens[i - 1] in ARTICLES for i, t in enumerate(tokens))


def is_framed(tokens: list[str]) -> bool:
    """Whether the query is a sentence (framing words around the need) rather than keywords."""
    framing = sum(1 for t in tokens if t in FRAMING)
    return framing >= 2 or (framing >= 1 and len(tokens) >= 5)
