"""Attribution rules for news no rule was written from, each on a made-up case.

Every rule here was judged on development articles it was not read from; these tests pin
the case each one handles, with names and facts invented for the test.
"""

from __future__ import annotations

import pytest


def _by_text(analysis):
    return {q.text: q for q in analysis.quotes}


def _speaker(quote):
    return quote.speaker.name if quote.speaker else None


def test_no_sentence_crosses_a_line_break(nlp):
    """A headline or dateline has no full stop; the parser must not run it into the body."""
    text = (
        "Regional council approves new budget for harbour repairs\n\n"
        "Monday, March 2, 2020\n\n"
        "United States Senator Jane Whitfield said on Friday she can and may block the bill."
    )
    doc = nlp(text)
    for sent in doc.sents:
        assert "\n" not in sent.text.strip(), sent.text


def test_per_as_a_rate_or_a_reason_is_no_attribution(analyse_text):
    text = "Oysters need 3 mg of oxygen per liter of water, and the family left per advice from the ministry."
    assert analyse_text(text).quotes == ()


def test_an_attribution_before_a_semicolon_is_no_parenthetical(analyse_text):
    text = (
        '"We will find whoever did this," said Tom Baxter, the harbour master; he described the fire '
        'as a "cowardly act" and urged residents to "stay calm".'
    )
    quotes = _by_text(analyse_text(text))
    assert set(quotes) == {"We will find whoever did this", "cowardly act", "stay calm"}
    assert all(_speaker(q) == "Tom Baxter" for q in quotes.values())
    assert all(q.kind == "direct" for q in quotes.values())


def test_quoted_words_a_person_used_stay_theirs_when_a_medium_relays_them(analyse_text):
    text = 'Senator Ruth Calloway called the plan a "betrayal of every farmer," according to the Valley Courier.'
    (quote,) = analyse_text(text).quotes
    assert quote.text == "betrayal of every farmer"
    assert _speaker(quote) == "Ruth Calloway"


def test_a_relative_clause_with_its_own_speech_verb_is_its_own_entry(analyse_text):
    text = (
        "Governor Ruth Calloway said on Friday she can and may close the port, "
        "which she said would stop the smuggling within a month."
    )
    quotes = _by_text(analyse_text(text))
    assert set(quotes) == {"she can and may close the port", "would stop the smuggling within a month"}
    assert all(_speaker(q) == "Ruth Calloway" for q in quotes.values())


def test_a_relative_clause_of_time_is_part_of_the_statement(analyse_text):
    text = "Pablo Ferreira said he founded the club around the time when the council announced its new park."
    (quote,) = analyse_text(text).quotes
    assert quote.text == "he founded the club around the time when the council announced its new park"


def test_a_name_in_apposition_to_a_description_speaks(analyse_text):
    text = "One news site, the Valley Courier, claims the mayor had resigned."
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "the Valley Courier" or _speaker(quote) == "Valley Courier"


def test_a_post_speaks_for_its_author_before_its_medium(analyse_text):
    text = "According to a Twitter post by Mariam Okafor, the tusk came from the wall of the hall."
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "Mariam Okafor"


def test_the_book_speaks_for_whoever_a_recent_sentence_said_released_it(analyse_text):
    text = (
        "Last week, Ruth Calloway released the memoir River of Glass. "
        "The memoir alleges that the company hid the leak for a decade."
    )
    (quote,) = analyse_text(text).quotes
    assert quote.text == "the company hid the leak for a decade"
    assert _speaker(quote) == "Ruth Calloway"


def test_a_named_body_can_reveal_but_the_data_cannot(analyse_text):
    assert _speaker(analyse_text("The broadcaster PBS revealed that the minister had resigned.").quotes[0]) == "PBS"
    assert analyse_text("The data suggested that prices rose in the spring.").quotes == ()


def test_words_quoted_after_praise_or_blame_are_the_speakers(analyse_text):
    text = 'Senator Ruth Calloway hailed the treaty as a "historic step for the valley".'
    (quote,) = analyse_text(text).quotes
    assert quote.text == "historic step for the valley"
    assert _speaker(quote) == "Ruth Calloway"


def test_according_to_covers_an_action_but_not_a_statement(analyse_text):
    text = (
        "According to local news, schools across the district announced closures. "
        "According to the Courier, the mayor said the bridge was safe."
    )
    quotes = _by_text(analyse_text(text))
    assert _speaker(quotes["schools across the district announced closures"]) == "local news"
    assert _speaker(quotes["the bridge was safe"]) != "Courier"


def test_a_trailing_contrast_clause_is_the_writers(analyse_text):
    text = (
        "Police said the man had appeared to carry a weapon, though it was later found to be a toy. "
        "Ruth Calloway said the school was safe while Mayor Tom Baxter wrote he had ordered checks."
    )
    quotes = _by_text(analyse_text(text))
    assert "the man had appeared to carry a weapon" in quotes
    assert "the school was safe" in quotes
    assert _speaker(quotes["he had ordered checks"]) == "Tom Baxter"


def test_if_after_say_opens_a_condition_not_a_question(analyse_text):
    text = "Governor Ruth Calloway said if the goal is peace, then the troops should leave."
    (quote,) = analyse_text(text).quotes
    assert quote.text == "if the goal is peace, then the troops should leave"
    assert analyse_text("Tom Baxter asked if the bridge was safe.").quotes == ()


def test_a_mandative_verb_reports_a_subjunctive_clause_but_not_an_infinitive(analyse_text):
    (quote,) = analyse_text("The harbour union urged the contract be cancelled.").quotes
    assert quote.text == "the contract be cancelled"
    assert analyse_text("Tom Baxter suggested Ruth Calloway to be his replacement.").quotes == ()


def test_a_name_with_a_title_and_a_place_glued_on_is_the_name(analyse_text):
    text = (
        "Chief Inspector Dana Whitlock of the harbour police said the road would stay closed.\n\n"
        "The Calloway campaign said the poll was wrong."
    )
    quotes = _by_text(analyse_text(text))
    assert _speaker(quotes["the road would stay closed"]) == "Dana Whitlock"
    assert _speaker(quotes["the poll was wrong"]) != "Calloway", "a name that modifies another noun is not the speaker"


def test_an_inverted_attribution_the_parser_misreads_still_names_the_speaker(analyse_text):
    text = '"She is only doing this to split the movement," said a student using the pseudonym Maria Lopez.'
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) is not None


def test_a_word_is_no_speaker(analyse_text):
    text = 'The word "lockdown" only refers to how long the rules last.'
    for quote in analyse_text(text).quotes:
        assert quote.speaker is None or "word" not in quote.speaker.name


def test_a_date_after_a_source_is_no_part_of_its_name(analyse_text):
    (quote,) = analyse_text("By reports on Saturday, two ships sank off the coast.").quotes
    assert _speaker(quote) == "reports"


def test_the_original_of_a_translated_quote_is_no_second_quote(analyse_text):
    text = (
        'Ruth Calloway said the law was "a relic of another century". '
        'In the original: "la ley es una reliquia de otro siglo pasado".'
    )
    quotes = [q.text for q in analyse_text(text).quotes]
    assert not any("reliquia" in q for q in quotes)
    assert any("relic" in q for q in quotes)


def test_a_title_in_quote_marks_is_no_quote_whatever_its_length(analyse_text):
    text = 'The broadcaster aired a documentary titled "A Tribute For the Harbour Town" on Sunday.'
    assert analyse_text(text).quotes == ()


def test_a_statement_told_to_a_medium_ends_before_a_contrast_clause(analyse_text):
    text = (
        'Senator Ruth Calloway told the Courier Baxter "was a good man,"'
        ' while Mayor Jane Whitfield noted his "kindness and wit".'
    )
    quotes = _by_text(analyse_text(text))
    assert _speaker(quotes["kindness and wit"]) == "Jane Whitfield"
    assert all("while" not in q for q in quotes)


def test_a_name_set_beside_a_persons_role_is_a_person_whatever_the_model_tagged(nlp):
    from tui.core.extraction.entities import build_entities

    doc = nlp(
        "The magazine published an interview with Gáspár Maróth, the government commissioner for defence. "
        "Maróth said the deal was sound."
    )
    people = [e for e in build_entities(doc) if e.label == "PERSON"]
    assert [e.name for e in people] == ["Gáspár Maróth"]
    assert len(people[0].mentions) == 2, "the bare surname joins the full name"


def test_a_participle_hung_on_a_clause_about_something_else_keeps_its_speaker(analyse_text):
    text = (
        "An eyewitness described for the Courier how the fire spread, stating, "
        '"I was crossing the road when I saw the smoke."'
    )
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "An eyewitness"


def test_a_statement_ends_before_adding_the_next_one(analyse_text):
    text = "The prosecutor, Ruth Calloway, said the 36 must face charges, adding the state will pursue them abroad."
    quotes = _by_text(analyse_text(text))
    assert "the 36 must face charges" in quotes
    assert _speaker(quotes["the state will pursue them abroad"]) == "Ruth Calloway"


def test_whoever_denies_claims_did_not_make_them(analyse_text):
    text = "The Republic of Elling initially denied claims that the reporter was killed in its embassy."
    for quote in analyse_text(text).quotes:
        assert "Elling" not in (_speaker(quote) or "")


def test_a_speech_speaks_for_whoever_delivered_it(analyse_text):
    text = 'The next day, Governor Ruth Calloway delivered a speech declaring herself the "governor of law and order."'
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "Ruth Calloway"


def test_a_statement_ends_before_further_saying_and_before_its_source_note(analyse_text):
    text = (
        'Bank president Tom Baxter said the fees "cost the region $5 billion,"'
        ' further saying, "It also slows trade."\n\n'
        "Director Ruth Calloway said the name had to be short and, to prevent stigma, it must not name a place, "
        "per the agency's guidelines from 2015."
    )
    quotes = _by_text(analyse_text(text))
    assert 'the fees "cost the region $5 billion,"' in quotes or 'the fees "cost the region $5 billion"' in quotes
    assert "the name had to be short and, to prevent stigma, it must not name a place" in quotes
    assert (
        _speaker(quotes["the name had to be short and, to prevent stigma, it must not name a place"]) == "Ruth Calloway"
    )


def test_a_name_in_common_use_is_no_quote(analyse_text):
    assert analyse_text('That year\'s flu was commonly called "swine flu." Farmers lost their herds.').quotes == ()


def test_an_interview_transcript_is_no_quote(analyse_text):
    text = (
        'Ruth Calloway told the Courier the plan "will save the harbour".\n\n'
        "((Courier)) What do you think of the union's claim that the plan costs jobs?\n\n"
        "((Ruth Calloway)) They like to say that it costs jobs, but it saves them.\n\n"
        "Q: Will you run again?\n\n"
        "A: I said last year that I would not."
    )
    quotes = analyse_text(text).quotes
    assert [q.text for q in quotes] == ['the plan "will save the harbour"']


def test_a_full_name_the_model_tagged_as_an_organisation_joins_its_surname(nlp):
    from tui.core.extraction.entities import build_entities

    doc = nlp(
        "In-person guests were: Independent presidential candidate Brock Pierce, Green Party nominee "
        "Howie Hawkins. Pierce said the polls were rigged. Pierce said he would stay."
    )
    assert ("Brock Pierce", "ORG") in [(e.text, e.label_) for e in doc.ents], "the case this rule is for"
    people = {e.name: e for e in build_entities(doc) if e.label == "PERSON"}
    assert "Pierce" not in people
    assert len(people["Brock Pierce"].mentions) == 3


def test_two_titles_of_one_person_are_no_joint_speaker(analyse_text):
    text = "Conservative Party leader and Prime Minister Tom Baxter said the results were humbling."
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "Tom Baxter"


def test_a_date_the_parser_made_a_subject_is_no_speaker(analyse_text):
    for quote in analyse_text("In March, officials reported that 126 skins were seized at the border.").quotes:
        assert _speaker(quote) != "March"


def test_a_that_clause_the_parser_left_without_a_verb_is_still_the_statement(analyse_text):
    text = (
        "Drugmaker says trial results show vaccine cuts infections\n\n"
        "WASHINGTON (AP) \u2014 Vireon Therapeutics said Monday that its experimental vaccine cut infections "
        "by 70% in a late-stage trial, a result outside experts called encouraging but preliminary.\n\n"
        "The company did not release full data."
    )
    quotes = analyse_text(text).quotes
    assert any(q.text.startswith("its experimental vaccine cut infections") for q in quotes)


def test_a_statement_cut_before_a_second_speech_act_keeps_no_dangling_but(analyse_text):
    text = "Dr. Samuel Okafor said the numbers looked promising but cautioned against reading too much into them."
    (quote,) = analyse_text(text).quotes
    assert quote.text == "the numbers looked promising"


def test_a_wire_dateline_is_no_part_of_the_statement(analyse_text):
    text = (
        "TORONTO \u2014 Thousands of transit workers will stay off the job through the weekend, their union said.\n\n"
        "LONDON, May 3 (Reuters) - The harbour will close on Friday, officials said."
    )
    texts = [q.text for q in analyse_text(text).quotes]
    assert texts == [
        "Thousands of transit workers will stay off the job through the weekend",
        "The harbour will close on Friday",
    ]


def test_some_and_others_are_unnamed_sources(analyse_text):
    text = "Commuters scrambled to find other ways to work. Some said they sympathised with the workers."
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "Some"


def test_the_carrier_is_the_business_the_article_is_about(analyse_text):
    text = (
        "LONDON, March 4 (Reuters) - Northwind Airways grounded all 24 of its jets on Wednesday "
        "after an engine fault, the carrier said.\n\n"
        'The company said it had taken the aircraft out of service "as a precaution".'
    )
    quotes = analyse_text(text).quotes
    assert [q.text for q in quotes][0].startswith("Northwind Airways grounded")
    assert {_speaker(q) for q in quotes} == {"Northwind Airways"}


def test_and_that_inside_a_statement_is_no_second_entry(analyse_text):
    text = 'A company spokesperson says the offer is "more than fair" and that the project would bring 600 homes.'
    (quote,) = analyse_text(text).quotes
    assert quote.text.endswith("would bring 600 homes")


def test_a_speech_verb_right_after_a_name_the_parser_hid_in_a_phrase(analyse_text):
    text = "On Friday Northwind Motor Company announced the Justice Department was investigating its engines."
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "Northwind Motor Company"


def test_a_courts_finding_is_its_statement_but_a_studys_is_not(analyse_text):
    (quote,) = analyse_text("The three-judge court found the order was unlawful.").quotes
    assert quote.text == "the order was unlawful"
    assert analyse_text("The study found that sharks avoid the bay.").quotes == ()


def test_the_agent_of_a_passive_speech_verb_the_parser_hung_on_its_complement(analyse_text):
    text = 'The outbreak was previously announced to be a "pandemic" by the World Health Organization.'
    (quote,) = analyse_text(text).quotes
    assert _speaker(quote) == "World Health Organization"


def test_a_nationality_adjective_is_no_one_they_can_refer_to(nlp):
    from tui.core.extraction.doc_index import DocIndex
    from tui.core.extraction.entities import build_entities
    from tui.core.extraction.quote_marks import find_quoted
    from tui.core.extraction.speakers import SpeakerResolver

    doc = nlp("The Italian foreign minister joined the talks as an observer. They concluded that the deal was void.")
    resolver = SpeakerResolver(DocIndex(doc, build_entities(doc), find_quoted(doc.text)))
    they = next(t for t in doc if t.lower_ == "they")
    assert "Italian" not in (resolver.resolve(they).name if resolver.resolve(they) else "")


def test_a_lone_surname_is_the_first_introduced_person_of_that_surname(nlp):
    from tui.core.extraction.doc_index import DocIndex
    from tui.core.extraction.entities import build_entities
    from tui.core.extraction.quote_marks import find_quoted
    from tui.core.extraction.speakers import SpeakerResolver

    doc = nlp("Donald Whitfield spoke first. His wife Melania Whitfield spoke later. Whitfield left early.")
    resolver = SpeakerResolver(DocIndex(doc, build_entities(doc), find_quoted(doc.text)))
    lone = [t for t in doc if t.text == "Whitfield"][-1]
    assert resolver._person_by_surname(lone).name == "Donald Whitfield"


def test_a_role_the_model_took_into_a_name_is_not_part_of_it(analyse_text):
    analysis = analyse_text("Producer Eli Strachan-Mbeki confirms that the drip of water can be heard on three tracks.")
    assert [e.name for e in analysis.entities if e.label == "PERSON"] == ["Eli Strachan-Mbeki"]


def test_a_name_ending_like_a_company_is_an_organisation(analyse_text):
    analysis = analyse_text("Investors cheered after Maddox Pharma said on Tuesday its pill worked.")
    assert {e.name: e.label for e in analysis.entities}.get("Maddox Pharma") == "ORG"  # the model says PERSON


def test_a_headline_that_repeats_the_bodys_quoted_words_is_not_counted_again(analyse_text):
    text = (
        "'The plan is dead,' senator says as harbour bill collapses\n\n"
        '"The plan," said State Senator Mara Delling, "is dead. There is no point pretending."\n\n'
        'Mayor Ada Brenk said the vote was "a disgrace".'
    )
    quotes = analyse_text(text).quotes
    assert [q.text for q in quotes if q.start < text.index("\n")] == []
    assert {q.text for q in quotes} >= {"The plan", "is dead. There is no point pretending."}


def test_a_quote_resumed_after_an_inverted_attribution_is_no_content_clause(analyse_text):
    text = '"The budget," said Councillor Amy Tran, "is a disgrace."'
    quotes = analyse_text(text).quotes
    assert [(q.kind, q.text, _speaker(q)) for q in quotes] == [
        ("direct", "The budget", "Amy Tran"),
        ("direct", "is a disgrace.", "Amy Tran"),
    ]


# A made-up text for each rule, and the speaker each of its quotes must get.
SPEAKER_CASES = {
    "per and citing read like according to": (
        "Per figures released by the Harbour Authority, 300 ships docked at Port Elling last year.\n\n"
        "The Valley Courier, citing two unnamed engineers, reported the dam had cracked.",
        {
            "300 ships docked at Port Elling last year": "Harbour Authority",
            "the dam had cracked": "two unnamed engineers",
        },
    ),
    "a name in apposition inside the subject speaks": (
        "The director of Greenfield's Water Trust, Mariam Okafor, said the reservoir was safe.\n\n"
        "Northgate University's chancellor, Pablo Ferreira, said the campus would reopen.",
        {
            "the reservoir was safe": "Mariam Okafor",
            "the campus would reopen": "Pablo Ferreira",
        },
    ),
    "the spokesperson is the unnamed spokesperson met before": (
        "A Harbour Authority spokesperson stated the port would stay shut. "
        "The spokesperson added that ferries would run from Elling instead.",
        {
            "ferries would run from Elling instead": "A Harbour Authority spokesperson",
        },
    ),
    "the person an article cites is who she refers to": (
        "Mayor Jane Whitfield said the city was ready.\n\n"
        'According to Dr. Ruth Calloway, the outbreak is "unprecedented." '
        'She said, in remarks to the Courier, "No virus has spread this fast."',
        {
            "No virus has spread this fast.": "Ruth Calloway",
        },
    ),
    "a request speaks for whoever made it": (
        "The Queen agreed to the request of Prime Minister Tom Baxter to close the assembly. "
        "Per the request, the assembly would meet again in October.",
        {
            "the assembly would meet again in October": "Tom Baxter",
        },
    ),
    "a quote with no cue after a sentence about a person is theirs": (
        '"We stand with our allies," said Senator Ruth Calloway.\n\n'
        "Tom Baxter, a former envoy to the region, also criticised the decision on Monday. "
        '"Leaving them alone is a big mistake."',
        {
            "Leaving them alone is a big mistake.": "Tom Baxter",
        },
    ),
    "a short quote that is a whole sentence is speech": (
        '"The whole cabin shook," Hannah Price told the Courier. "Everyone was crying."',
        {
            "Everyone was crying.": "Hannah Price",
        },
    ),
    "he continues the main clause's subject, not one in a relative clause": (
        "Refusing to give up power, Tom Baxter agreed to a deal in which Pablo Ferreira became prime minister. "
        '"Only the voters will remove me," he declared.\n\n'
        "Sam Ortiz backed away from the governor, expressing disappointment at reports Mark Ellis hid in the "
        'basement. He leveled greater criticism at the mayor, saying he was not "fit to lead".',
        {
            "Only the voters will remove me": "Tom Baxter",
            'he was not "fit to lead"': "Sam Ortiz",
        },
    ),
    "a first-person quote is speech however short": (
        '"I\'m 71," Sam Ortiz says. "My kids don\'t want to farm."',
        {
            "I'm 71": "Sam Ortiz",
        },
    ),
    "a source that goes on to speak in a relative clause": (
        "The fire began at 10:39 a.m., according to police, who said officers arrived six minutes later.",
        {
            "The fire began at 10:39 a.m.": "police",
            "officers arrived six minutes later": "police",
        },
    ),
    "a wire dateline is no part of the subject; a dash before a lower-case word ends none": (
        "PORT ELLING, June 4 (Reuters) - Northmarch's central bank held its main rate on Wednesday "
        "but said it could cut borrowing costs later this year.\n\n"
        "KESTON (AP) \u2014 The Harbour Authority said on Monday that 300 ships had docked.\n\n"
        "NORA - which met on Monday - said it would act.",
        {
            "it could cut borrowing costs later this year": "Northmarch's central bank",
            "300 ships had docked": "Harbour Authority",
            "it would act": "NORA",
        },
    ),
    "a relative clause's subject and a gendered noun give way to the sentence's subject": (
        "Wenna Corrick, whose husband spent six weeks in hospital, received four parking fines.\n\n"
        '"We were treated like criminals," she said.',
        {"We were treated like criminals": "Wenna Corrick"},
    ),
    "said in a statement that: the sayer's statement": (
        "The chief executive, Nadia Orrell, said in a statement that the contract would be reviewed.\n\n"
        "The harbour ministry said in a statement on Monday that 43 people had been arrested.",
        {"the contract would be reviewed": "Nadia Orrell", "43 people had been arrested": "The harbour ministry"},
    ),
    "a later pronoun is the name apposed to a role": (
        "A spokesman for the Harbour Users Coalition, Dev Ramsay, said the delays were unacceptable.\n\n"
        '"Commuters deserve better than this," he said.',
        {"Commuters deserve better than this": "Dev Ramsay"},
    ),
    "a later pronoun is the name given to a role": (
        "The chef Gideon Marrow has apologised after a video of him shouting went viral.\n\n"
        "The customer, a 28-year-old teacher named Wendy Parrock, posted the clip on Sunday. "
        "She wrote that she had only asked for her steak to be cooked for longer.",
        {"she had only asked for her steak to be cooked for longer": "Wendy Parrock"},
    ),
    "letters after a name and a capitalised title are no speaker": (
        '"This was corruption on a grand scale," prosecutor Simon Pellow KC told the court.\n\n'
        '"The site is ideal," said Helena Marsh-Tully, Chief Executive Officer of Norvale Energy.',
        {"This was corruption on a grand scale": "Simon Pellow", "The site is ideal": "Helena Marsh-Tully"},
    ),
    "a person mentioned again by age, nationality or position": (
        "Tobias Wendt, who came on in the 80th minute, headed the winner for Castlebury.\n\n"
        '"I just closed my eyes and hoped," the 19-year-old said afterwards.\n\n'
        "Redmoor manager Pieter Haverkamp refused to blame the referee.\n\n"
        '"I am not going to cry about decisions," the Dutchman said.\n\n'
        "Castlebury's Ruth Okafor was named player of the match.\n\n"
        '"Nobody gave us a chance," the veteran midfielder said.',
        {
            "I just closed my eyes and hoped": "Tobias Wendt",
            "I am not going to cry about decisions": "Pieter Haverkamp",
            "Nobody gave us a chance": "Ruth Okafor",
        },
    ),
    "a first name gives a gender: she is not the man named last": (
        "Maria Tealby loaded her three children into her truck as the flames came closer.\n\n"
        "Her neighbour David Mensworth stayed behind to hose down his roof.\n\n"
        '"You could see the glow from the road," she said.',
        {"You could see the glow from the road": "Maria Tealby"},
    ),
    "a hyphenated title before a name is no second speaker": (
        '"We did not expect this," said co-founder Maria Delgardo.\n\nKimberly-Clarkson said sales rose.',
        {"We did not expect this": "Maria Delgardo", "sales rose": "Kimberly-Clarkson"},
    ),
    "a participle on a thing that cannot speak is the sentence subject's": (
        "Mehran Tabrizi, the head of the federation, explained the decision to ban the players saying, "
        '"These two will be denied entry to all tournaments."\n\n'
        "A source speaking on condition of anonymity said the talks had failed.",
        {"These two will be denied entry to all tournaments.": "Mehran Tabrizi", "the talks had failed": "A source"},
    ),
    "a speech verb left without a subject: the one person named before it": (
        "In a post on Facebook, the group's chairman, Peter Arkwright, said Crowley had "
        '"our full support as he reflects on his behaviour."',
        {'Crowley had "our full support as he reflects on his behaviour."': "Peter Arkwright"},
    ),
    "a quoted name inside the speaker's phrase is no quote of theirs": (
        'Anna Frankowska of "Have no fear", an abuse victim support charity, told Reuters '
        '"it almost appears as if the statement was prepared before".\n\n'
        'Members of the "Yes to Trams" campaign said the vote was rigged.',
        {
            "it almost appears as if the statement was prepared before": "Anna Frankowska",
            "Have no fear": "(not found)",
            "the vote was rigged": 'Members of the "Yes to Trams" campaign',
        },
    ),
    "someone introduced by a role and named a little later is that person": (
        "A retired schoolteacher who chairs the flood committee said the warnings had come far too late. "
        '"We had twenty minutes," she said.\n\n'
        "The teacher, Gwenda Ashcroft, said the council had been asked for barriers three times.\n\n"
        "A spokesperson for the council said the requests were being reviewed.",
        {
            "the warnings had come far too late": "Gwenda Ashcroft",
            "We had twenty minutes": "Gwenda Ashcroft",
            "the requests were being reviewed": "A spokesperson for the council",
        },
    ),
    "a name set beside a thing is no one a pronoun can be": (
        "Marla Quinton sold her flat and bought a caravan on a sheep farm.\n\n"
        "Her new record, Marrowfield, was written almost entirely there. "
        '"The roof leaked over the bed, so I slept on the floor," she says.',
        {"The roof leaked over the bed, so I slept on the floor": "Marla Quinton"},
    ),
    "names apposed together speak together": (
        "Her parents, Tom and Ann Brewerton, said they were devastated.\n\n"
        "In a statement read outside court by the family's solicitor, Isla's parents, Mark and Rebecca "
        'Penhallow, said: "Isla was funny, fierce and full of plans."',
        {
            "they were devastated": "Tom and Ann Brewerton",
            "Isla was funny, fierce and full of plans.": "Mark and Rebecca Penhallow",
        },
    ),
    "a role named later by someone of another body or left unnamed on purpose stays unnamed": (
        'Wiraman suffered "two deep wounds" in the attack, a hospital spokesperson said.\n\n'
        "Police spokesperson Dedi Prawira said the attacker had been arrested.\n\n"
        "A senior official said the minister would recover. Hal Brenner, a senior official at the ministry, "
        "said the visit would go ahead.",
        {
            'Wiraman suffered "two deep wounds" in the attack': "a hospital spokesperson",
            "the attacker had been arrested": "Dedi Prawira",
            "the minister would recover": "A senior official",
        },
    ),
    "a surname particle ends no name, and Cllr is a title": (
        "However, Cllr Siobhán Ó Riada said residents had not been consulted.",
        {"residents had not been consulted": "Siobhán Ó Riada"},
    ),
    "a short reply is speech: a quoted question with its attribution, an answer after a quote": (
        "Rhona Ekwall was asked whether her club could win the cup. "
        '"Why not?" she replied. "Stranger things have happened."\n\n'
        'Asked when the tram line would open, Gregor Falkner nodded. "I will tell you," he said. "Next week."',
        {"Why not?": "Rhona Ekwall", "Next week.": "Gregor Falkner"},
    ),
    "the company is the company the story is about": (
        "Shares in Quorvane Technologies fell 14% on Thursday after the chipmaker cut its forecast.\n\n"
        "The company said it now expected revenue of $8 billion for the year.\n\n"
        "The full data will be presented in November, according to a company statement.",
        {
            "it now expected revenue of $8 billion for the year": "Quorvane Technologies",
            "The full data will be presented in November": "Quorvane Technologies",
        },
    ),
}


@pytest.mark.parametrize("case", SPEAKER_CASES)
def test_who_speaks(analyse_text, case):
    text, expected = SPEAKER_CASES[case]
    quotes = _by_text(analyse_text(text))
    assert {quote: _speaker(quotes[quote]) if quote in quotes else "(not found)" for quote in expected} == expected
