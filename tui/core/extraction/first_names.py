"""First names that say a person's gender, for "he" and "she" (DESIGN.md: "gender from titles
and first names").

Only names that are almost always one gender in English-language news, across the languages
they come from. Names given to both ("Alex", "Jordan", "Kim", "Robin", "Sasha", "Andrea") are
left out, and so are "Nicola" and "Simone" (one gender in English, the other in Italian): a
person with one of them gets a gender only from a title or from how the text refers to them.
"""

from __future__ import annotations

FEMALE = frozenset(
    """
    abigail ada adriana agnes aisha alexandra alice alicia alison amanda amelia amy ana anastasia
    angela angelina anita ann anna anne annette annika antonia  audrey barbara beatrice
    beatriz bella bettina betty beverly bianca brenda bridget brigitte camila carla carmen carol
    caroline carolyn catherine cecilia celine charlotte chiara chloe christina christine claire
    clara claudia colleen cristina cynthia daniela deborah denise diana diane dolores donna
    doris dorothy edith elaine eleanor elena elisa elisabeth elizabeth ella ellen elsa emily
    emma erica erika esther eva evelyn fatima fiona florence frances francesca gabriela gemma
    georgina gillian giulia gloria grace greta gwen hannah harriet heather heidi helen helena
     ilse ines ingrid irene iris isabel isabella isla jacqueline jane janet janice jennifer
    jessica joan joanna josephine joyce judith judy julia julie karen karin katarina kate
    katherine kathleen kathryn katie katrin  laura lauren leah lena lily linda lisa lorna
    lorraine louise lucia lucy lydia  madeleine magdalena maria marie marina marion martha
    mary maya megan melanie melissa mia michelle miriam monica nadia nancy naomi natalia natalie
     nicole nina nora olga olivia pamela patricia paula pauline penelope priya rachel
    rebecca renata rita rosa rose rosemary ruth sabine sally samantha sandra sara sarah sharon
    sheila silvia  sofia sonia sophie stephanie susan susanne suzanne svetlana sylvia
    tamara teresa tessa theresa tina ursula valentina valerie vanessa vera veronica victoria
    violet virginia wendy yasmin yolanda yvonne zoe
    """.split()
)

MALE = frozenset(
    """
    aaron abdul abdullah adam adrian ahmed alan albert alejandro alexander alexei alfred
    andre andrei andrew angus anthony antonio arnold arthur barry ben benjamin bernard bill
    boris brendan brian bruce carl carlos charles christian christopher colin craig daniel
    darren david dennis derek diego dmitri dominic donald douglas duncan edward eric ernest
    eugene fernando francis francisco frank fred frederick gareth gary geoffrey george gerald
    gerhard giovanni gordon graham gregory guillermo gustav hans harold harry hassan hector
    henry howard hugh hugo ian igor ivan jack jacob james  jason javier jeffrey jeremy jim
    joe johann john jonathan jorge jose joseph juan julian justin karl keith kenneth kevin klaus
    larry lars lawrence leonard liam luis luke malcolm marco marcus mario mark martin matthew
    michael miguel mikhail mohammed muhammad nathan neil nicholas nigel oliver omar oscar owen
    pablo patrick paul pedro peter philip pierre rafael ralph raymond ricardo richard robert
    roberto roger ronald roy russell ryan samuel scott sean sebastian sergei simon stanley
    stefan stephen steven stuart thomas timothy tobias tom tony trevor victor vincent vladimir
    walter wayne william wolfgang yusuf
    """.split()
)


def gender_of(first_name: str) -> str | None:
    """ "m", "f" or None (a name given to both, or one not listed)."""
    key = first_name.lower()
    return "f" if key in FEMALE else "m" if key in MALE else None
