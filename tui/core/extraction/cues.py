"""The cue lexicon: which words report speech, and which look like it but do not.

Everything here is by lemma (lower case) so that "said", "says" and "saying" all match.
The lists are general English reporting vocabulary, not taken from any article.
"""

from __future__ import annotations

import re

# Verbs that report speech or writing. With a finite content clause they make an indirect
# quote ("Lavrov said he wants ..."); next to quote marks they attribute a direct one.
SPEECH_VERBS = frozenset(
    """
    say tell add warn announce state claim confirm deny insist argue write tweet report
    explain reveal remark emphasize emphasise stress note allege assert acknowledge admit
    agree answer reply respond comment concede contend declare disclose maintain mention
    observe predict promise recall recount reiterate repeat share testify threaten vow
    affirm assure boast caution complain counter retort shout whisper yell scream cry
    post blog joke lament muse propose protest inform notify brief urge demand recommend
    advise suggest indicate signal estimate forecast speculate guarantee pledge swear
    concur dispute object opine proclaim pronounce relate specify stipulate underline
    underscore highlight point hint imply clarify elaborate summarize summarise quip
    tout charge accuse read quote
    """.split()
)

# Speech verbs whose content clause may be in the subjunctive: "urged the immunity be waived".
MANDATIVE_VERBS = frozenset("urge demand request insist recommend propose suggest ask".split())

# Verbs that attribute quoted words without a content clause: called it "crushing",
# described as a "squirrel whisperer", referred to them as "...".
NAMING_VERBS = frozenset(
    "call describe refer dub term label brand name nickname characterize characterise "
    "hail laud praise slam blast condemn criticise criticize decry denounce dismiss".split()
)

# Verbs that introduce an interviewer's question: they attribute printed quotes, but a
# reported question ("asked if he had plans") is not a statement.
QUESTION_VERBS = frozenset("ask wonder inquire enquire query question".split())

# Beliefs, wishes and findings look like speech but are not statements (GUIDELINES.md).
NON_SPEECH_VERBS = frozenset(
    """
    think believe hope expect fear want wish feel know consider reckon suspect doubt guess
    imagine assume suppose worry plan intend decide understand realize realise learn hear
    see notice find show demonstrate prove establish conclude determine discover calculate
    """.split()
)

# Verbs that are speech when a person or a named body uses them but findings when a study
# or data does ("the minister suggested that ..." versus "the data suggested that ...").
PERSON_ONLY_VERBS = frozenset("suggest indicate signal imply estimate forecast predict reveal".split())

# A court's finding is a statement (a study's is not): "the court found that ...", "the
# judge ruled that ...".
VERDICT_VERBS = frozenset("find rule hold".split())
COURT_NOUNS = frozenset("court judge judges jury tribunal panel justice justices magistrate".split())

# Nouns that carry what someone said: "his assertion that ...", "in a statement".
SPEECH_NOUNS = frozenset(
    """
    statement announcement assertion claim comment remark declaration warning admission
    allegation insistence testimony tweet post release message letter interview
    explanation confirmation denial promise pledge vow argument contention
    """.split()
)

# Verbs that take up someone else's statement to reject or examine it: whoever "denied
# claims that ..." did not make the claims.
DISMISSING_VERBS = frozenset(
    "deny reject dismiss dispute refute rebut counter question doubt investigate ignore".split()
)

# Nouns naming a document or report: as a speaker they stand for whoever issued them
# ("the report said" is the ministry whose report it is).
DOCUMENT_NOUNS = frozenset(
    "report statement release study paper document letter survey projection projections analysis "
    "estimate communique notice post tweet filing memo bulletin decree ruling judgment judgement verdict "
    "order summary website petition lawsuit complaint indictment transcript book memoir article column "
    "editorial essay guidelines request speech address conference briefing".split()
)

# "By reports he won ...", "by all accounts": read like "according to reports".
BY_SOURCE_NOUNS = frozenset("report reports account accounts".split())

# Heads of noun phrases that denote people: such a phrase can be the speaker of even a
# one-word quote ("a source did not rule out a meeting taking place "spontaneously"").
PERSON_NOUNS = frozenset(
    """
    source official spokesman spokeswoman spokesperson representative minister president
    leader member director executive chief secretary senator governor mayor analyst expert
    author researcher scientist professor doctor lawyer attorney witness resident
    diplomat envoy ambassador aide adviser advisor negotiator commander general officer
    police man woman person people activist critic friend chairman chairwoman chair
    manager founder owner writer host actor actress singer player coach judge prosecutor head
    commissioner eyewitness bystander survivor victim neighbour neighbor passenger protester
    demonstrator fan voter citizen parent mother father son daughter wife husband widow widower
    relative colleague
    worker employee student teacher candidate journalist reporter editor economist
    producer musician artist designer architect photographer novelist poet playwright composer
    """.split()
)

# Common English function words: a quoted passage of several words with none of them is in
# another language (a quote given in the original before its translation).
ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the of and to in is are was were be been it its that this these those for with on at by
    from as not no but or if we i you he she they them our your his her their my me us have has
    had do does did will would can could should may might must there here what which who when
    all any some one more so than then just very about into out up over also only
    """.split()
)

# Heads of subjects that are words, not speakers: "the word "pandemic" refers to ...",
# "the comments called her ...".
NON_SPEAKER_NOUNS = frozenset("word words term phrase name comments comment slogan label".split())

# Heads that denote organisations: "the company said" resolves to the nearest company.
ORG_NOUNS = frozenset(
    """
    company firm group ministry government department agency organisation organization
    council committee association union party coalition foundation institute university
    bank board court office authority authorities army military police team club network
    newspaper station commission administration service family
    carrier airline maker manufacturer automaker retailer insurer lender operator publisher
    broadcaster studio chain brand startup
    """.split()
)

# Organisation nouns that stand for a business the article is about ("the company said",
# "the carrier said"), resolved to the most salient organisation even when its name lacks them.
BUSINESS_NOUNS = frozenset(
    """
    company firm carrier airline maker manufacturer automaker retailer insurer lender bank operator
    publisher broadcaster network studio chain brand startup group
    """.split()
)

# Last words of company names: a name ending in one is an organisation, whatever the model
# tagged ("Halvorsen Pharma" came out a person).
CORPORATE_WORDS = frozenset(
    """
    pharma pharmaceuticals technologies technology energy nutrition holdings group bank airways
    airlines motors systems industries inc ltd corp corporation plc llc foods media capital
    partners securities labs bio biotech therapeutics logistics solutions networks telecom
    mining petroleum insurance
    """.split()
)

# Common nouns for sources, people, bodies, documents and speech: one of them alone, however
# capitalised ("Reports said ...", "Officials said ...", "Media reported ..."), names nobody.
COMMON_SOURCE_NOUNS = (DOCUMENT_NOUNS | BY_SOURCE_NOUNS | SPEECH_NOUNS | PERSON_NOUNS | ORG_NOUNS) | frozenset(
    "people men women staff personnel crowd public media press".split()
)

# Titles and roles that precede a name but are not part of it.
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam madame rev reverend fr father cllr
    councillor councilor
    sister brother saint st president vice minister prime deputy foreign interior defence defense
    finance secretary senator sen rep representative congressman congresswoman governor gov mayor
    judge justice chief executive director general gen colonel col captain capt major lieutenant
    lt sergeant sgt officer commander admiral ambassador envoy chairman chairwoman chair ceo cfo
    king queen prince princess emperor pope bishop archbishop cardinal rabbi imam sheikh
    speaker spokesman spokeswoman spokesperson leader head coach doctor nurse actor actress singer
    pilot loco special former late acting interim senior junior assistant associate u.s. us uk
    un u.n. state national opposition party official founder co-founder author host
    detective constable inspector superintendent commissioner corporal trooper sheriff marshal
    councillor councilor alderman chancellor premier dean provost
    """.split()
)

# Titles that only ever precede a person's name: a mention the model labelled otherwise
# ("Detective Constable Jane Doe" as ORG) is a person when one of these leads it.
PERSON_TITLES = frozenset(
    """
    mr mrs ms miss dr prof professor sir dame detective constable inspector sergeant sgt
    senator sen congressman congresswoman rep minister judge justice lieutenant lt captain capt
    colonel col corporal officer superintendent commissioner mayor governor president ambassador
    """.split()
)

# Gender from titles and roles, for resolving "he" and "she".
MALE_TITLES = frozenset("mr sir lord king prince father brother spokesman chairman congressman".split())
FEMALE_TITLES = frozenset(
    "mrs ms miss dame lady madam madame queen princess sister spokeswoman chairwoman congresswoman actress".split()
)

# What a story calls a person it has named when it mentions them again ("the midfielder
# said"), beside their age ("the 19-year-old") and nationality ("the Dutchman", "the Kenyan").
REMENTION_NOUNS = frozenset(
    """
    veteran teenager youngster midfielder striker goalkeeper keeper defender winger captain
    champion rookie newcomer pensioner
    """.split()
)
DEMONYM_PEOPLE = re.compile(r"(?:Dutch|French|English|Irish|Scots|Welsh|Cornish|Manx)(wo)?man")

# Things a name set beside them names: the name is a title, not someone a pronoun can be.
THING_NOUNS = frozenset(
    "album record song single book novel film movie play show series ship boat vessel horse "
    "dog cat painting exhibition collection report project brand product app game".split()
)

# Letters after a name ("Simon Baptiste KC", "Jane Roe MP"): the parser heads the name with them.
POST_NOMINALS = frozenset("kc qc mp mep msp obe mbe cbe phd esq".split())

# Person nouns that say the person's gender: "whose husband ..." is no "she".
NOUN_GENDERS = dict.fromkeys(
    "man boy father son husband widower brother uncle grandfather king spokesman chairman".split(), "m"
) | dict.fromkeys(
    "woman girl mother daughter wife widow sister aunt grandmother queen spokeswoman chairwoman".split(), "f"
)

MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
PLURAL_PRONOUNS = frozenset("they them their theirs themselves we us our".split())
FIRST_PERSON = frozenset("i me my we us our".split())
PERSONAL_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | FIRST_PERSON | {"it", "its", "you"}


def is_speech_lemma(lemma: str) -> bool:
    """A verb that can report a statement (before checking its subject and complement)."""
    return lemma in SPEECH_VERBS and lemma not in NON_SPEECH_VERBS
