"""Red flags and crisis in free words: every flag in its NHS tier with a cited source, recognised
said plainly and inside other words, and not raised by denials or look-alikes."""
import itertools
import math
import re
import tomllib

import pytest

from skill import safety
from skill.content import LOCALES, load_content
from skill.content import HERE as CONTENT_DIR
from skill.safety import Alarm, alarm_for_intent, assess, crisis_in

SAFETY = tomllib.loads((CONTENT_DIR / "en" / "safety.toml").read_text("utf-8"))
NHS_EMERGENCY = {"both_legs", "saddle_numbness", "difficulty_peeing", "incontinence",
                 "chest_pain", "serious_accident"}
NHS_URGENT = {"fever", "weight_loss", "lump_or_shape", "night_or_rest_pain", "sneeze_cough_poo",
              "upper_back", "cancer_history"}


def kind_of(said: str) -> str | None:
    """The kind of alarm these words raise ("crisis", "emergency", "urgent"), or None."""
    alarm = assess(said)
    return alarm.kind if alarm else None


def test_every_red_flag_has_a_tier_a_cited_source_and_sayings():
    flags = {f["id"]: f for f in SAFETY["flags"]}
    assert set(flags) == NHS_EMERGENCY | NHS_URGENT
    for flag_id, flag in flags.items():
        assert flag["tier"] == ("emergency" if flag_id in NHS_EMERGENCY else "urgent"), flag_id
        assert flag["source"] in SAFETY["sources"], flag_id
        assert SAFETY["sources"][flag["source"]].startswith(("NHS", "NICE")), flag_id
        assert flag["name"] and flag["sayings"], flag_id
        assert flag.get("phrases") or flag.get("together"), flag_id


@pytest.mark.parametrize("flag_id", sorted(NHS_EMERGENCY | NHS_URGENT))
def test_every_saying_of_a_flag_is_recognised_as_that_flag_or_a_stronger_one(flag_id):
    flag = next(f for f in SAFETY["flags"] if f["id"] == flag_id)
    for saying in flag["sayings"]:
        alarm = assess(f"{saying} and my back hurts")
        assert alarm is not None, saying
        assert alarm.rank <= safety.KINDS.index(flag["tier"]), (saying, alarm)


@pytest.mark.parametrize("said, kind, flag", [
    ("both my legs are tingling and weak", "emergency", "both_legs"),
    ("is stretching ok, both my legs are tingling and weak", "emergency", "both_legs"),
    ("I can't feel anything down there", "emergency", "saddle_numbness"),
    ("I have no feeling in my groin", "emergency", "saddle_numbness"),
    ("I'm having trouble starting to pee", "emergency", "difficulty_peeing"),
    ("I have no bladder control since Tuesday", "emergency", "incontinence"),
    ("I do not have bladder control", "emergency", "incontinence"),
    ("my back ache spread into my chest and left arm", "emergency", "chest_pain"),
    ("no, I fell down the stairs on Sunday", "emergency", "serious_accident"),
    ("I came off my motorbike yesterday", "emergency", "serious_accident"),
    ("my wife says I have a fever", "urgent", "fever"),
    ("I've dropped about a stone and I haven't been dieting", "urgent", "weight_loss"),
    ("my wife says my spine looks like it's changed shape", "urgent", "lump_or_shape"),
    ("my back pain is worse at night", "urgent", "night_or_rest_pain"),
    ("it hurts more when I sneeze", "urgent", "sneeze_cough_poo"),
    ("my upper back hurts between my shoulder blades", "urgent", "upper_back"),
    ("I finished chemo last year and my back has started aching", "urgent", "cancer_history"),
    ("I have a fever and both my legs are weak", "emergency", "both_legs"),  # the higher tier
])
def test_red_flags_said_plainly_or_inside_other_words(said, kind, flag):
    assert assess(said) == Alarm(kind, flag), said


@pytest.mark.parametrize("said, kind", [
    ("my legs keep buckling under me", "emergency"),
    ("I couldn't feel myself when I went to the toilet", "emergency"),
    ("I didn't realise I'd wet myself", "emergency"),  # a denial of something else
    ("I've not been able to pee properly since yesterday", "emergency"),  # an inability
    ("I strained to wee this morning and only a dribble came out", "emergency"),
    ("I got hit by a car on my bike last week", "emergency"),
    ("I've been running a high temp for two days", "urgent"),
    ("I've been sweating buckets at night", "urgent"),
    ("my jeans are falling off me and I haven't changed what I eat", "urgent"),
    ("lying down makes no difference to the pain", "urgent"),
    ("every time I cough it's like a knife in my back", "urgent"),
    ("I'm still on hormone therapy for prostate cancer", "urgent"),
    ("I've been stockpiling my tramadol", "crisis"),
    ("I just want to go to sleep and not wake up", "crisis"),
    ("sometimes I think everyone would be better off if I wasn't here", "crisis"),
])
def test_how_people_describe_them_in_notes(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "I don't have a fever", "no numbness", "no numbness or tingling, just a dull ache",
    "I've never had cancer", "without chest pain", "my legs are not weak",
    "does a groin stretch help", "my back pain started in the fall", "I fell asleep on the sofa",
    "my daughter has a fever", "I think my daughter has a fever", "my mum had cancer",
    "could it be cancer", "do I have cancer", "I've lost weight on purpose",
    "I've been dieting and dropped five kilos", "my back pain gets better when I rest",
    "it's fine at night", "does the chest press hurt my back", "my back is killing me",
    "my legs are sore after running", "I don't want to die, I just want this to stop hurting",
    "the pain doesn't wake me up at night", "I had a bad fall in my running times",
    "my husband has a temperature", "I'm not suicidal, just fed up with the pain",
    "I haven't lost any weight", "never had any bladder problems", "no chest pain at all",
])
def test_denials_and_look_alikes_raise_no_alarm(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said", [
    "I feel like killing myself", "I can't live like this anymore",
    "I've been thinking about taking all my pills", "no, I want to die",
    "some nights I go to bed hoping I won't wake up", "I've worked out how I'd do it",
    "everyone would be better off without me", "I don't think I can keep living like this",
])
def test_crisis_outranks_everything(said):
    assert assess(said) == Alarm("crisis", "crisis")
    assert assess(f"{said} and both my legs are numb").kind == "crisis"


def test_what_the_skill_receives_decides_the_alarm():
    """Only an intent and its slots reach the skill: the RED_FLAG slot's id names the tier, its
    words are read when Alexa could not resolve them, and nothing at all means emergency."""
    assert alarm_for_intent("RedFlagIntent", {"symptom": ("a fever", "fever")}) == \
        Alarm("urgent", "fever")
    assert alarm_for_intent("RedFlagIntent", {"symptom": ("my legs went numb", None)}) == \
        Alarm("emergency", "both_legs")
    assert alarm_for_intent("RedFlagIntent", {}) == Alarm("emergency", None)
    assert alarm_for_intent("CrisisIntent", {}) == Alarm("crisis", "crisis")
    assert alarm_for_intent("AddNoteIntent", {"note": ("I want to end my life", None)}).kind == \
        "crisis"
    assert alarm_for_intent("StretchingIntent", {}) is None


@pytest.mark.parametrize("symptom, alarm", [
    # Every sign in the words explained away: denied, someone else's, a look-alike.
    ("my son has a fever", None),
    ("no numbness in my legs just stiff", None),
    ("my wife has a fever and my back is sore", None),
    # A look-alike over a sign's words may be the sign itself ("my heart is sore"), and any
    # other word may carry one: the alarm stands. A wider way out (a sign read as a look-alike,
    # someone else's or long gone, whatever stood beside it) was built in the tenth round and
    # withdrawn: a review's 274 real signs lost 58 alarms (README, "the tenth round").
    ("the chest press hurt my back", Alarm("emergency", None)),
    ("my heart is sore", Alarm("emergency", None)),
    ("my weight loss goals are on hold and i cant feel the toilet seat", Alarm("emergency", None)),
    # A denial is how people lead into the sign they do have: the alarm stands.
    ("no fever but i can't go at all", Alarm("emergency", None)),
    ("i don't have a fever but something's off", Alarm("emergency", None)),
    ("my husband has a fever and so have i", Alarm("urgent", "fever")),
    ("no fever no idea why it won't come", Alarm("emergency", "difficulty_peeing")),
    # Words the rules cannot read at all: Alexa chose the intent, so the emergency tier stands.
    ("my legs feel funny", Alarm("emergency", None)),
    ("something's off down there", Alarm("emergency", None)),
    # A sign explained away beside one that stands: the one that stands.
    ("my son has a fever and i wet myself", Alarm("emergency", "incontinence")),
    # ...and beside a denial and words that may be a sign the rules do not know: it stands.
    ("no fever i just can't feel from the waist down", Alarm("emergency", None)),
    ("my son has a fever and my nerves are all wrong", Alarm("emergency", None)),
    # Someone else's back in the story: a carer asking about them, whose signs the rules read
    # as the speaker's would be (two blind lists' writers and a review expected it).
    ("my wife's back is hurting and she's clutching her chest and saying it feels heavy",
     Alarm("emergency", "chest_pain")),
    ("my father's back has been hurting and he has a high fever", Alarm("urgent", "fever")),
    ("my wife's back is sore and she has a fever", Alarm("urgent", "fever")),
    ("my dad has lower back pain and hes got a high fever", Alarm("urgent", "fever")),
    # A time long past reaches its own statement only (a review's finding, eleventh round).
    ("i had surgery years ago and i cant feel my legs", Alarm("emergency", "both_legs")),
    ("i never feel when i need to go any more", Alarm("emergency", "incontinence")),
])
def test_a_red_flag_intent_whose_words_explain_every_sign_away_raises_no_alarm(symptom, alarm):
    """Alexa sends RedFlagIntent for words that only look like a sign ("my son has a fever, is
    yoga ok?"). When the rules find a sign's words and read every one as denied or someone
    else's, and every other word is plain, the skill says so instead of sounding the alarm;
    words they cannot read at all keep the emergency tier, and so does a carer's story."""
    assert alarm_for_intent("RedFlagIntent", {"symptom": (symptom, None)}) == alarm


@pytest.mark.parametrize("said", [
    "i've been too busy for the gym or eating properly and i've lost a stone without trying",
    "since i joined the gym i've dropped weight for no reason i can see",
    "she found like a lump the size of a grape right where it hurts",
])
def test_a_sign_stands_against_what_would_explain_it(said):
    """Weight lost "without trying" stays a sign whatever gym or diet is near; a lump someone
    found on the speaker is the speaker's; a denial ends at "just" or at the sign it denied,
    as a recogniser writes no comma there; a crash with the speaker in the car is theirs."""
    assert assess(said) is not None


@pytest.mark.parametrize("said, flag", [
    ("no fever just chest pain", "chest_pain"),
    ("no fever my chest hurts", "chest_pain"),
    ("no numbness only can't pee", "difficulty_peeing"),
    ("no chest pain got hit by a car", "serious_accident"),
    ("my brother crashed the car with me in it yesterday", "serious_accident"),
    ("my husband fell off the ladder onto me", "serious_accident"),
])
def test_a_denial_or_another_person_does_not_reach_the_next_sign(said, flag):
    assert flag in [f.id for f in safety.recogniser().flags_in(said)]


@pytest.mark.parametrize("said", [
    "no numbness or weakness in both legs",
    "i don't have a fever or chills",
    "my son crashed his car last year",
])
def test_a_list_of_denials_and_someone_else_s_sign_still_raise_nothing(said):
    assert assess(said) is None




@pytest.mark.parametrize("locale", LOCALES)
def test_each_tier_speaks_the_locale_s_number_and_route(locale):
    content = load_content(locale)
    number = content.values["emergency"]["spoken"]
    for kind in ("emergency", "urgent"):
        speech, card = content.red_flags.script(kind)
        assert number in content.spoken(speech)
        assert content.values["emergency"]["written"] in content.written(card)
    urgent = content.spoken(content.red_flags.script("urgent")[0])
    assert content.values["urgent_route"]["spoken"] in urgent
    emergency = content.spoken(content.red_flags.script("emergency")[0])
    assert content.values["emergency_place"]["spoken"] in emergency


@pytest.mark.parametrize("said, kind", [
    ("my back hurt again today and I've started cutting again", "crisis"),
    ("I cut my arms last night", "crisis"),
    ("I flipped my car on the motorway on Friday", "emergency"),
    ("a hard knot is sticking out by my spine", "urgent"),
])
def test_self_harm_vehicles_and_bumps_said_in_everyday_words(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", ["I bought a new cutting board", "I cut my finger chopping onions",
                                  "there's a bump on my car door", "my kid rolled down the hill"])
def test_everyday_cutting_bumps_and_rolling_raise_no_alarm(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said", [
    "I keep picturing myself stepping out under a lorry",
    "there's a noose up in the loft",
    "I've been working out what dose of my tablets would kill me",
    "I sat in the car in the garage with the engine on for an hour",
    "I keep thinking about driving off the cliff road",
    "I've started giving away my things to my sister",
    "I've recorded goodbye videos for the kids",
    "I hope tonight is the last night",
    "I know how I'm going to do it now",
    "I won't be around much longer so it doesn't matter",
    "death would be easier than this",
    "I just want to not exist",
    "I feel like ending it all",
    "I might as well end it",
    "I keep picturing not waking up",  # any way of dwelling on it, not only "thinking about"
    "I fantasize about never waking up",
    "goodbye cruel world",  # too short for the learned reader (four words or more)
])
def test_methods_plans_and_goodbyes_are_a_crisis(said):
    assert assess(said) == Alarm("crisis", "crisis"), said


@pytest.mark.parametrize("said, kind", [
    ("I can't sleep for the pain in my back", "urgent"),
    ("the ache is in the middle of my back", "urgent"),
    ("I've gone off my food and my trousers are loose", "urgent"),
    ("I'm dripping with sweat at night", "urgent"),
    ("my back hurts when I laugh", "urgent"),
    ("I'm on letrozole after breast surgery", "urgent"),
    ("there's a cyst on my spine", "urgent"),
])
def test_urgent_signs_in_everyday_words(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "I've got world cup fever", "I'll have two sugar lumps please", "I'll just have to lump it",
    "I work as a chemo nurse", "I've got a tattoo between my shoulder blades",
    "the neighbour's dog keeps me up at night", "I'd rather end it there and rest",
    "I do skipping rope for cardio", "the train was late so I walked", "I got the chills watching that film",
    "losing weight is my new year's resolution", "I had a benign cyst removed years ago",
])
def test_new_words_leave_their_look_alikes_alone(said):
    assert assess(said) is None, said


# Said alone in a note these are too ambiguous to alarm ("I can't stand it when the gym is
# busy"); as a request Alexa still sends them to CrisisIntent, with the rest of its samples.
CRISIS_SAMPLES_NOT_ALONE_IN_A_NOTE = frozenset({
    "i can't take it", "i can't take this", "i can't do this", "i can't bear it",
    "i can't stand it", "i cannot take it", "i cannot take this", "i cannot do this",
    "i cannot bear it", "i cannot stand it", "the pain makes me want to give up",
    "the pain is making me want to give up", "i have left notes for my family",
    "i've written letters to everyone", "i have written notes for my family",
})


@pytest.mark.parametrize("locale", LOCALES)
def test_what_alexa_hears_as_a_crisis_is_a_crisis_in_a_note_too(locale):
    """A crisis Alexa understands as CrisisIntent, said as a note, must still get the crisis
    line: the samples and the free-text rules say the same."""
    from skill import model_build
    model = model_build.language_model(load_content(locale))
    crisis = next(i for i in model["interactionModel"]["languageModel"]["intents"]
                  if i["name"] == "CrisisIntent")
    methods = itertools.cycle(load_content(locale).understanding["types"]["METHOD"]["values"])
    said = [s.replace("{method}", next(methods)) for s in crisis["samples"]]
    missed = [s for s in said
              if s not in CRISIS_SAMPLES_NOT_ALONE_IN_A_NOTE and not safety.crisis_in(s)]
    assert not missed


@pytest.mark.parametrize("locale", LOCALES)
def test_every_method_alexa_knows_is_a_crisis_in_a_note(locale):
    """CrisisIntent's {method} values (nlu.toml, METHOD), said as a thought in a note."""
    values = load_content(locale).understanding["types"]["METHOD"]["values"]
    missed = [v for v in values if not safety.crisis_in(f"i keep thinking about {v}")]
    assert not missed


@pytest.mark.parametrize("said, kind", [
    ("my wife said there's a swelling there that wasn't there before", "urgent"),
    ("no problems with my bladder but both my legs have gone numb", "emergency"),
    ("a bus clipped me on my bike this morning", "emergency"),
    ("I've put some pills aside for when I've had enough", "crisis"),
    ("a shelf full of stock came down on me at the warehouse", "emergency"),
    ("I wet meself in the night", "emergency"),
    ("I can't seem to control when I poop anymore", "emergency"),
    ("my son has a fever and I caught it off him", "urgent"),  # the speaker has it too
    ("it kills when I go for toilet and strain", "urgent"),
    ("they'd all cope better without me", "crisis"),
    ("sometimes I think about swerving into oncoming traffic", "crisis"),
    ("I'm thinking to jump from the roof", "crisis"),
    ("I can't feel much around my private parts", "emergency"),
    ("I'm trying to wee but it won't come", "emergency"),
    ("my partner noticed a lump on my lower back", "urgent"),
    ("I've been googling how to do it", "crisis"),
    ("they'd be happier if I was not there", "crisis"),
])
def test_reported_signs_lists_and_near_misses(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "no problems with bladder or bowels", "I don't have a fever or the chills",
    "I had a high temperature last month but it's gone", "we had a heavy fall of snow",
    "my cancer tests came back clear", "coughing doesn't hurt my back at all",
    "I'd kill for a gym session after straining my back", "my chest feels stronger since bench pressing",
    "my grandad had a fall years ago and fully recovered", "the doctor said it was a fatty lump",
    "it's only my lower back, nothing up top", "I was shivering after an ice bath",
    "I've been training my chest and shoulders", "I laughed so hard I cried",
    "my toddler wet the bed again and lifting him hurts my back",
    "the bloke next to me at the match had chest pains", "I go to the loo fine, it's just an ache",
])
def test_denied_lists_past_illness_and_gym_talk_raise_no_alarm(said):
    assert assess(said) is None, said


def _rule_patterns(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _rule_patterns(item)


def test_the_rules_stay_cheap_to_build():
    """Every (a|b) in a rule multiplies the phrasings the recogniser builds on a cold start; one
    careless rule once made 97,000 of them (1.5 s to build, before each word was read once).
    At 80,000 the recogniser builds in about 0.35 s; the quiet ways of saying a crisis took the
    budget to 90,000, the fourth round of sealed corpora to 95,000, and the crises of people
    worn down (the twenty-eighth corpus) to 100,000, those asked on the move (the
    thirty-third), plans with a place or a date (the fifth lexicon) and a review's quiet crises
    in every tense to 105,000, and older people's quiet ways (the thirty-fifth) with a review's
    questions hiding a sign in everyday words to 110,000 (0.7 s to build by then). Phrases
    made as named tuples rather than frozen dataclasses built those in 0.45 s, and the words
    of people speaking English as a second language (the thirty-eighth) with crisis masks
    named to their everyday senses (a review), and an audit's 61 masks narrowed the same way,
    took it to 130,000 (about 0.5 s, here; `make bench` measures the cold start), and the words
    of people on the move and of older people (the thirty-ninth), with the look-alikes that
    give way (`yields`, counted here too), and signs hinted at without their usual words (a
    helper's list), and crises said obliquely (plans, goodbyes, a date; another helper's list),
    to 150,000 (0.5 s still), a second review's wishes and stories (ninth round) to 151,000,
    a third blind list's misses (tenth round) to 152,000, and a mourner's wish to follow with
    its everyday senses (a review, eleventh round) to 152,500, and self-harm and quiet plans
    from a fresh helper's list with a review's masks for their everyday senses (twelfth round)
    to 165,000. A budget, not a timing."""
    keys = ("phrases", "together", "except", "across", "unless", "despite", "yields")
    patterns = [p for flag in [*SAFETY["flags"], SAFETY["crisis"]] for key in keys
                for p in _rule_patterns(flag.get(key, []))]
    biggest = max(patterns, key=lambda p: len(safety._expand(p)))
    assert sum(len(safety._expand(p)) for p in patterns) < 165_000
    assert len(safety._expand(biggest)) < 8_000, biggest
    # A group of alternatives that hold groups of their own ("without me (for (a|the)|until
    # (i|my)|...)") is expanded through every combination of the inner ones first: 171
    # phrasings once took 21 s to build. Flat alternatives instead, each its own pattern.
    inner = {p: math.prod(len(g.split("|")) for g in re.findall(r"\(([^()]*)\)", p))
             for p in patterns}
    assert max(inner.values()) < 10_000, max(inner, key=inner.get)


# Crisis said the quiet ways: readiness to go, affairs put in order, things given away, wishing
# an accident would come, a plan with a day. Older and younger speakers say it least directly.
@pytest.mark.parametrize("said", [
    "I think I've had a good innings now",
    "I'm ready to go and be with my late husband",
    "I've been sorting my affairs in order this week",
    "I ask God every night to take me in my sleep",
    "I'd rather just slip away quietly",
    "I can't face another morning like this",
    "there's nothing left for me to live for",
    "they'd honestly be better off if I just disappeared",
    "I've found a new home for the dog because I won't be here",
    "I've left my passwords for my wife just in case",
    "I wouldn't mind if a bus hit me on the way home",
    "I'm scared of what I might do to myself tonight",
    "I keep thinking about the railway line near the house",
    "my tablets are all counted out on the side",
    "I've been putting by the oramorph the nurse brings",
    "I'm so done with everything honestly",
    "kinda want to quit life",
    "I said goodbye to my brother and he doesn't know it yet",
    "the pain can stop and I don't care if I die with it",
    "I can't go on the way things are", "I can't face another day",
    # other Englishes, few words, faith, the farm, the forces
    "I am not wanting to live with this back", "what is the use of living like this",
    "family more happy if I not here", "no more strength left to live",
    "I've asked the Lord to call me home", "I'm ready to meet my maker",
    "there's weedkiller in the shed and I've thought about drinking it",
    "my old service rifle is loaded by my bed", "I've squared everything away for when I'm gone",
    "the top floor of that car park would do it", "if you don't hear from me again thank you for everything",
    "why keep dragging myself through another week", "I've run out of reasons to stay",
    # plain ways a review found missed
    "I just want to be dead", "I want my life to stop", "I don't want to be in this world anymore",
    "I tied the rope to the loft ladder and stood on a chair with it round my neck",
    "honestly I'm just tired of waking up", "I'm gutted every morning that I'm still breathing",
    "I sit on the balcony railing with my legs over the edge", "I've been reading which pills are painless",
])
def test_quiet_ways_of_saying_crisis(said):
    assert assess(said) == Alarm("crisis", "crisis"), said


@pytest.mark.parametrize("said", [
    "I can't go on my usual runs at the moment", "I'm scared of hurting myself again lifting",
    "am I hurting myself by walking so much", "I hope I don't get hit by a car on my bike",
    "I've written notes for my physio in case I forget", "I'm ready to go to the gym again",
    "my wife and I want to be with my mum at christmas",
    "I can't go on the school ski trip this year", "a bit of an overdose of telly this weekend",
    "I'd love to never wake up stiff again", "I can't face another day at that desk",
    "we tied a rope to the trailer for the move", "sorting my affairs in order before the house move",
    "I hurt myself twisting to reach the kettle",
    "the physio says not wanting to move is normal", "we use weedkiller on the drive every spring",
    "my dad's old rifle club has a bowls team now", "the top floor of the car park has the best spaces",
    # a review's sentences of its own, each once read as a crisis by a phrase too broad
    "I'm ready to go now, the physio says I can walk again", "my daughter will call me home for tea",
    "caffeine would stop my heart racing", "why keep going to physio if it doesn't help",
    "I keep the massage gun by my bed", "I take all my tablets in the morning with breakfast",
    "I could sleep forever on the new mattress", "fed up of living on painkillers", "the old car had a good innings",
])
def test_everyday_words_near_the_quiet_crisis_raise_no_crisis(said):
    alarm = assess(said)
    assert alarm is None or alarm.kind != "crisis", said


@pytest.mark.parametrize("said", [
    "I couldn't walk fast enough to catch the bus with my back", "dead on my feet after the night shift",
    "I'm on a cut for my boxing weight class and I've dropped a few kilos",
    "I take the stronger painkillers at bedtime now",
])
def test_everyday_notes_raise_no_red_flag(said):
    assert assess(said) is None, said


# Ways of saying a sign that two writers for outdoor workers and for speakers of English as a
# second language found, in words of our own.
@pytest.mark.parametrize("said, kind", [
    ("I rolled the tractor on the hill and my back's been bad since", "emergency"),
    ("I came off the scaffolding at work yesterday", "emergency"),
    ("I got pinned by a reversing forklift", "emergency"),
    ("my urine is blocked since the back pain started", "emergency"),
    ("I stand at the urinal and nothing'll come", "emergency"),
    ("I messed my work trousers and didn't even know I had to go", "emergency"),
    ("I've been running a really high temp with the shakes", "urgent"),
    ("every time I cough my back just lights up", "urgent"),
    ("it's right in the middle of my shoulder blades", "urgent"),
    ("I've been looking for a place to do it", "crisis"),
    ("I won't be here come christmas", "crisis"),
    ("it would be easier to just step off the harbour wall", "crisis"),
])
def test_signs_said_on_the_farm_the_site_and_in_a_second_language(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "a fall of rock came down the far end of the quarry", "we nearly had a prang on the motorway",
    "my business fell through this year", "there's a fever going round the herd",
    "I'm going to end it with the agency and find a desk job",
    "it feels like someone has tied a rope round my lower back",
])
def test_work_and_farm_words_raise_no_alarm(said):
    assert assess(said) is None, said


# A second review of the red-flag rules, with sentences of its own: the pain of ordinary back
# pain on both sides is not both legs, a word that starts like a sign is not it ("number",
# "paint"), and masks that once hid a real sign.
@pytest.mark.parametrize("said", [
    "my lower back aches on both sides", "the pain is on both sides of my spine",
    "a number of people at work have bad backs", "I painted both sides of the fence",
    "I work as a temp in a warehouse", "I do my exercises flat on my back on the floor",
    "I wear knee pads for gardening", "the pain is in the front of my thigh",
])
def test_ordinary_back_pain_and_look_alike_words_raise_no_alarm(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said, kind", [
    ("my legs are tired and numb all the time now", "emergency"),
    ("the back pain has gone now but both my legs are numb", "emergency"),
    ("numbness on both sides of my legs", "emergency"),
    ("I've got a fever and I'm nervous it's serious", "urgent"),
    ("my chest is tight with worry and it hurts down my arm", "emergency"),
    ("the pain has gone into my leg and it's worse at night", "urgent"),
    ("I went flying over the handlebars onto my back", "emergency"),
])
def test_a_mask_or_unless_no_longer_hides_these_signs(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


# Review of the masks: a look-alike taken out must never take a real sign with it.
@pytest.mark.parametrize("said, kind", [
    ("I'm going to end it with a rope", "crisis"),
    ("I'll end it with the tablets I've put by", "crisis"),
    ("I want to end it here and now", "crisis"),
    ("I'm going to end it early and be done with the pain", "crisis"),
    ("I'll end it there and then", "crisis"),
    ("I've been hurting myself again", "crisis"),
    ("I cut myself on purpose last night", "crisis"),
])
def test_a_mask_never_hides_a_real_sign(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "I hurt myself lifting a sofa at work", "I hurt myself at the gym on Tuesday",
    "I cut myself shaving this morning", "let's end it on a good note with a stretch",
])
def test_everyday_hurting_and_ending_raise_no_crisis(said):
    assert assess(said) is None, said


# Self-harm without a wish to die, and quiet plans, in the words of a fresh helper's list
# (twelfth round); written here, not copied from it. The rules alone, not the learned reader.
@pytest.mark.parametrize("said", [
    "i punched my thighs till they bruised because the pain made me so angry",
    "i keep scratching my arms until they bleed when i can't cope",
    "i held a lit cigarette against my arm last night",
    "i dig my nails into my wrists when the pain gets bad",
    "she can't see the scars because i'm hiding the cuts on my arms",
    "i burned my arm on the iron on purpose",
    "i've been starving myself to punish my body for failing",
    "i don't deserve to eat when i can't even work",
    "part of me just wants to really die",
    "i don't plan to still be alive by the time my operation comes round",
    "honestly i hope this finishes me off",
    "i wish i could just stop existing",
    "it'd be a relief if i didn't wake up tomorrow",
    "the old fella upstairs can take me when he wants and if he won't i'll help him along",
    "i've been stocking up my tramadol instead of taking it",
    "there's a shotgun in the shed and i know where he keeps the key",
    "what's the point of physio when i won't be around by summer",
    "i won't need my walking stick where i'm going",
    # a review's wordings of the same (twelfth round)
    "i punch myself till i bruise",
    "i put a cigarette out on my arm last night",
    "i starve myself as a punishment",
    "i've been carving into my legs with a blade",
    "i wanna just die",
    "then that'll be my last day",
])
def test_self_harm_and_quiet_plans_are_a_crisis(said):
    assert crisis_in(said), said


@pytest.mark.parametrize("said", [
    "i've got my affairs in order for the back surgery next week",
    "i don't want to wake up early tomorrow because my back needs the rest",
    "i was dead asleep when my back went into spasm",
    "i can't go on like this with the old mattress so we're buying a new one",
    "i did a walk for suicide prevention and my back ached after",
    "i hit my head on the cupboard door this morning",
    "i scratched my back on the door frame and it felt great",
    # narrowed after a second read of the round's own rules
    "i want to run a 5k this year and i know exactly how to make it happen",
    "my husband died last year and i loved him right up to the end",
    "i hit the gym as punishment for skipping last week",
    "my heels crack till they bleed when i get cold weather",
    "i need to hang on until friday and go on holiday",
    "if anyone listens back to these notes sorry for the mumbling",
    "my dad died on his own terms and i understand why",
    "when i'm gone to the hospital please feed the cat",
    "you'll find it after the second left",
    # a review's look-alikes (twelfth round)
    "hold on till the count of five then let go of the band",
    "my eczema is awful i scratch my arms until they bleed in my sleep",
    "the cat claws my legs until they bleed when she kneads",
    "i'm making an exit plan to come off the oxycodone how fast can i taper",
    "my time has come to retire from rugby",
    "when i'm gone tomorrow could you feed the fish",
    "i'll stuff a cushion in the gap and be done with it",
    "i dug my nails into my palm to get through the epidural",
])
def test_their_everyday_senses_raise_no_crisis(said):
    assert not crisis_in(said), said


def test_a_sign_said_with_self_harm_words_keeps_its_own_advice():
    """Pinching to test feeling is numbness, not self-harm (a review, twelfth round)."""
    assert assess("i pinch my thighs till it hurts and still barely feel it") \
        == Alarm("emergency", "both_legs")


@pytest.mark.parametrize("said, kind", [
    # an `unless` (past, recovered, watching) reaches only what is said near it
    ("I had a bad fall on the ice this morning and my back has been weak since my op two years ago", "emergency"),
    ("I was fully recovered from my op until I fell down the stairs yesterday", "emergency"),
    ("I was watching the race when a car hit me", "emergency"),
    ("I was on a diet in spring and now I've lost two stone without trying", "urgent"),
    # a look-alike said with a denial before it is not the look-alike
    ("I don't have full control of my bladder anymore", "emergency"),
    ("I haven't got full control of my bowels", "emergency"),
    # a turn that puts a sign in the past speaks of that sign only, and each new mask keeps
    # the real sign said beside its look-alike
    ("I had a bad fall this morning but my back pain started years ago", "emergency"),
    ("I had sciatica years ago but now both my legs are numb", "emergency"),
    ("the chair has wobbly legs and both my legs are numb", "emergency"),
    ("my bum went numb on the long drive and my groin is still numb", "emergency"),
    ("my chest was sore after the gym and now there's a crushing pain in my chest", "emergency"),
    ("I'm leaking money on physio and I'm leaking urine too", "emergency"),
    ("I lost control of my diary and of my bladder", "emergency"),
    ("my english is not so good, my bum is numb", "emergency"),
    ("no problems with my legs or with my bladder, I just wet myself", "emergency"),
])
def test_past_and_look_alike_parts_never_hide_a_sign_said_with_them(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "I had a car accident years ago", "I fell off my bike when I was a kid",
    "I have full control of my bladder", "my bladder and bowels are fine", "my bowels are regular",
    "I've got irritable bowel syndrome",
    # a "but" that puts it in the past, and a short denied item with "with my"
    "I had a fall off my bike as a kid, but that was decades ago",
    "both my legs went numb once but it was years ago", "no trouble with my legs or with my bladder",
    "my trousers were wet from the rain", "I fell into the habit of slouching",
    "my chest was stiff after push ups", "I strain to lift the shopping",
    "I have to run the tap to fill the kettle",
])
def test_past_events_and_normal_waterworks_stay_quiet(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said, kind", [
    ("i cant pee", "emergency"), ("I wet my self in the night", "emergency"),
    ("i want to kill my self", "crisis"), ("no temperature, though I did wee myself last night", "emergency"),
    ("I haven't been able to feel my legs since Sunday", "emergency"),
    ("my legs have turned to jelly and won't hold me", "emergency"),
    ("back felt better but I couldn't feel the paper when I wiped", "emergency"),
    ("been desperate for the loo all day and nothing's coming out", "emergency"),
    ("I can't get the stream going at all", "emergency"),
    ("I went and had no idea if I'd finished weeing", "emergency"),
    ("my vag feels numb", "emergency"), ("I can't catch my breath", "emergency"),
    ("came off my push bike on the way to work", "emergency"),
    ("a lorry went into the back of us", "emergency"), ("went arse over tit down the steps", "emergency"),
    ("our car rolled over on the highway", "emergency"), ("i fell of a ladder", "emergency"),
    ("temperature of 39.5 this morning", "urgent"), ("waking up drenched every night", "urgent"),
    ("my doctor says the cancer has spread to my bones", "urgent"),
    ("I keep thinking about jumping in front of it", "crisis"), ("I can't cope anymore", "crisis"),
    ("the pills are in the drawer ready for when the time comes", "crisis"),
])
def test_everyday_typed_and_misheard_wordings(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "I can't stand the taste of paracetamol", "I can't stand my neighbour's music",
    "I couldn't walk the dog today because it was raining", "I can't stand for long at the till",
    "I can't go on the trampoline with the kids", "I've lost my appetite for running",
    "the lump in the mattress is annoying", "the accident and emergency department was busy",
    "I was nearly hit by a car", "it's 40 degrees here today", "I've been able to walk further",
    "I'm going to poo myself if the physio pushes any harder",
])
def test_idioms_and_near_misses_stay_quiet(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said, kind", [
    # a denial does not reach over "and" into a new statement about the speaker
    ("no fever and my legs feel numb", "emergency"), ("no fever and both legs are numb", "emergency"),
    ("I don't have a temperature and I can't pee", "emergency"),
    ("no fever and my bladder has stopped working", "emergency"),
    ("I've got no strength in my legs", "emergency"), ("no sensation when I wipe", "emergency"),
    ("a bloke on his bike knocked me flying", "emergency"),
])
def test_a_denial_reaches_only_its_own_item(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", ["no numbness and tingling", "no numbness and my legs are fine",
                                  "no weakness in my legs and my bladder is fine"])
def test_a_denied_pair_stays_denied(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said, kind", [
    ("my mum found me on the floor, I'd collapsed and couldn't get up", "emergency"),
    ("motion is coming out without my knowledge", "emergency"),
    ("life is not worth it anymore", "crisis"), ("I'd be better off in the ground", "crisis"),
    ("everyone would be better off if I just disappeared", "crisis"),
])
def test_collapse_knowledge_and_worth_in_other_englishes(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", ["I collapsed on the sofa after work", "the tent collapsed in the wind",
                                  "I'm at the end of my tether with this back"])
def test_sofa_collapses_and_tethers_stay_quiet(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said", [
    "I had the flu last month", "my jumper shrunk in the wash", "I work nights and my back hurts",
    "my back hurts and the house is a dump", "I tucked my legs under me on the sofa",
    "my legs were wobbly after a long run", "I skidded on the kitchen floor in my socks",
    "it's hump day and my back is sore", "I've got an ovarian cyst", "I get the sweats before exams",
    "the pain is high up in my calf", "I was sweating buckets at the gym", "I've got a hunch it's muscular",
])
def test_common_words_in_everyday_sense_stay_quiet(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said, kind", [
    ("my legs keep going to sleep and I keep falling", "emergency"),
    ("my scooter skidded and I came off", "emergency"),
    ("I work nights and the pain wakes me up every night", "urgent"),
    ("I've got the flu and my back is killing me", "urgent"),
])
def test_their_real_signs_still_alarm(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said, kind", [("my temperature is 37", None), ("my temperature is 38.5", "urgent")])
def test_a_temperature_in_figures(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said, kind", [
    ("I feel sucidal", "crisis"), ("I had a bad stack on my mountain bike", "emergency"),
    ("I came a cropper on the stairs", "emergency"), ("I took a header down the stairs", "emergency"),
    ("I've done my back in after a fall", "emergency"),
])
def test_australian_british_falls_and_a_misspelt_crisis(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


def test_a_promise_for_tonight_is_still_a_crisis():
    alarm = assess("I won't kill myself tonight but I've got a plan for next week")
    assert alarm is not None and alarm.kind == "crisis"
    assert assess("I would never hurt myself") is None


# The last sealed pair's misses, said in other words.
@pytest.mark.parametrize("said, kind", [
    ("I can't see any reason to keep going", "crisis"),
    ("I'd like to fall asleep and never come back", "crisis"),
    ("I stand on the railway bridge thinking about jumping", "crisis"),
    ("I've been figuring out how I'd do it", "crisis"),
    ("I pray I'll just die in the night", "crisis"),
    ("they'd be fine if I was gone", "crisis"),
    ("the easiest way out would be to drive into a wall", "crisis"),
    ("my calves are both tingling, is it ok to do my stretches my legs are both tingling", "emergency"),
    ("I can't feel a thing when I wipe", "emergency"),
    ("I go to the loo and it just won't come", "emergency"),
    ("I woke up and the sheets were wet", "emergency"),
    ("a van rear ended us on the motorway", "emergency"),
    ("I've had to make another hole in my belt", "urgent"),
    ("lying still doesn't touch it", "urgent"),
    # everyday effects of the emergency signs: at home, on the toilet, in bed, on the stairs
    ("I fell in the garden and hurt my back", "emergency"),
    ("a van went into the back of our car on the motorway", "emergency"),
    ("I got pinned against the wall by a reversing truck", "emergency"),
    ("I can't feel the ground under my feet", "emergency"),
    ("both my calves are flopping about and I keep tripping", "emergency"),
    ("I've barely peed since yesterday", "emergency"),
    ("I sit on the lav and nothing much happens", "emergency"),
    ("my knickers were soaked and I didn't notice", "emergency"),
    ("the sheets were wet and I had an accident in bed", "emergency"),
    ("I get pain in the front of my ribs when I walk", "emergency"),
    ("it feels like I'm sitting on air when I'm on the loo", "emergency"),
])
def test_the_last_sealed_corpora_s_misses_in_other_words(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "my old man had a stroke and now my back's stiff from lifting him",
    "my fever's gone now, it's just the back", "sneezing's fine now, it just aches",
    "a car nearly crashed into us on the way home",
])
def test_the_last_sealed_corpora_s_look_alikes_in_other_words(said):
    assert assess(said) is None, said


# The thirteenth and fourteenth corpora and a second lexicon, in other words.
@pytest.mark.parametrize("said, kind", [
    ("I'm boiling then freezing and soaked the sheets last night", "urgent"),
    ("my belt's on the tightest notch now and I eat the same", "urgent"),
    ("lying down makes the pain worse, I sleep in the chair", "urgent"),
    ("I have to grab the sink when I sneeze", "urgent"),
    ("I had bowel cancer and now my back aches", "urgent"),
    ("I can't get warm and my back is killing me", "urgent"),
    ("I just want to know before I go through with it", "crisis"),
    ("my sister found me in the shed with the rope", "crisis"),
    ("I've stopped wanting to live", "crisis"),
    ("there's enough painkillers to end things", "crisis"),
    ("the kids would have an easier life if I wasn't around", "crisis"),
    ("I can't really feel my backside on the loo seat", "emergency"),
])
def test_everyday_effects_of_signs_and_quiet_crisis(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", [
    "my nan had cancer years ago, does that mean my back pain is cancer",
    "my back is better with rest and I'm sleeping well at night",
    "my chest is completely fine", "the gravy was lumpy", "I'm feverish with excitement",
    "I've lost a few pounds since I started going to the gym",
])
def test_family_history_and_good_news_raise_no_alarm(said):
    assert assess(said) is None, said


# Wording families (a body part x a feeling, an effect, a euphemism), each in words of our own.
@pytest.mark.parametrize("said, flag", [
    ("the pair of my legs feel like lead since my back went", "both_legs"),
    ("I've got a fizzy feeling in my left foot and the right one too", "both_legs"),
    ("neither of my feet will do what I tell them", "both_legs"),
    ("my legs have gone to noodles and my back is sore", "both_legs"),
    ("my inner thighs feel like cardboard", "saddle_numbness"),
    ("I sat on the cold loo seat and couldn't feel it under me", "saddle_numbness"),
    ("I go to spend a penny and nothing comes", "difficulty_peeing"),
    ("I have to press on my belly to get the wee out", "difficulty_peeing"),
    ("it's like the tap's been turned off down there", "difficulty_peeing"),
    ("my stream is really feeble and my back aches", "difficulty_peeing"),
    ("I keep finding my undies damp and I never felt a thing", "incontinence"),
    ("I've started going through pull ups since my back went", "incontinence"),
    ("the pain goes right through to my back from my breastbone", "chest_pain"),
    ("it feels like my heart's in a vice and my back aches", "chest_pain"),
    ("some bloke drove into the side of my car on the roundabout", "serious_accident"),
    ("I slipped in the garden and landed smack on my tailbone", "serious_accident"),
    ("I'm sweating buckets and my teeth won't stop chattering", "fever"),
    ("I'm roasting one minute and have goosebumps the next", "fever"),
    ("my watch slides off my wrist these days and I eat the same", "weight_loss"),
    ("my cheekbones are sticking out and I'm not on a diet", "weight_loss"),
    ("there's a squishy bump come up on my lower back", "lump_or_shape"),
    ("my spine has got a kink in it that wasn't there", "lump_or_shape"),
    ("even lying dead still it throbs", "night_or_rest_pain"),
    ("a week on the sofa and it's still the same", "night_or_rest_pain"),
    ("my back really kicks off come bedtime", "night_or_rest_pain"),
    ("each cough jars my back", "sneeze_cough_poo"),
    ("my back locks up when I clear my throat", "sneeze_cough_poo"),
    ("the ache sits level with my armpits at the back", "upper_back"),
    ("it's up where my bra strap goes", "upper_back"),
    ("I had the bowel cancer a while back and now my back's aching", "cancer_history"),
    ("I'm still on the hormone jabs for my prostate", "cancer_history"),
    ("I got thrown off the quad bike and went over the bonnet", "serious_accident"),
    ("they found secondary lung cancer last spring", "cancer_history"),
    ("being in bed makes it agony", "night_or_rest_pain"),
    ("I'm half the size I was at Easter", "weight_loss"),
    ("my pee comes out in dribs and drabs", "difficulty_peeing"),
    ("a taxi ploughed into the back of me and we were hit head on", "serious_accident"),
    ("my spine has gone an odd shape", "lump_or_shape"),
    ("my feet feel like they aren't attached to me", "both_legs"),
    ("I've been holding it all day and it won't come", "difficulty_peeing"),
    ("the ache sits just below my shoulders", "upper_back"),
    ("I went base over apex down the cellar steps", "serious_accident"),
    ("my jeans are swimming on me these days", "weight_loss"),
    ("my back's a nightmare at night", "night_or_rest_pain"),
    ("things keep slipping out of me down there", "incontinence"),
])
def test_wording_families_of_each_flag(said, flag):
    alarm = assess(said)
    assert alarm is not None and alarm.flag == flag, (said, alarm)


@pytest.mark.parametrize("said", [
    "both my legs are jelly after leg day", "my legs fell asleep from sitting cross legged and woke up fine",
    "I get a numb bum in the cinema but it goes as soon as I stand up",
    "I can't pee in public toilets with people waiting",
    "my jeans got wet washing the car", "I wet the bed as a kid",
    "I'm in full control of my bladder and bowels",
    "I opened a loot chest in the game", "I had an accident with the kettle",
    "I had a cancer scare but it was nothing", "I had a cancer check and it came back clear",
    "this new series has got me in a fever", "it sent a shiver down my spine",
    "I took my temperature and it was normal",
    "what a weight off my shoulders", "I dropped a dumbbell on my toe",
    "I take two lumps of sugar", "the mattress has got lumps in it",
    "I'm hunched over my desk all day and my back aches",
    "does lying flat on the floor help a sore back", "I slept on my back through the night",
    "I cough up for the gym every month", "my back's fine when I sneeze",
    "sneezing used to hurt but not now", "I stretched my upper back and it feels great",
    "my bra strap digs in", "I tried to go to the gym and nothing happened",
    "I work all day and all night", "that box is half the size I was expecting",
    "the loo is blocked and nothing will flush", "Fever Tree tonic with ice please",
    "it's freezing in here and I'm shivering", "this sofa makes both my legs go to sleep if I sit too long",
    "we've got leaks in the roof",
    "I went flying to Spain on holiday", "a bloke ran into me at the market and we had a chat",
    "my car was written off while parked and I wasn't in it", "my heart is squeezed with worry",
    "the pain goes through to my front when I twist", "the radiator's broken and I'm freezing",
    "my ring slipped off in the sea", "I'm sweating and shaking before my exam",
    "pins and needles in both hands from my phone", "the shower stream is weak",
    "my jaw hurts after the dentist",
    "my feet are so cold I can't feel them", "my chest is bursting with pride",
    "the traffic is a nightmare at night", "the foxes scream at night outside",
])
def test_look_alikes_of_the_new_families_stay_quiet(said):
    assert assess(said) is None, (said, assess(said))


@pytest.mark.parametrize("said, kind", [
    # what is denied is the pain's easing, not the sign that follows
    ("it doesn't let up even when I'm lying still", "urgent"),
    ("I haven't slept properly for days because of my back", "urgent"),
    # a denial, then an "it's" that says where it really is
    ("it's not my lower back, it's up between the wings", "urgent"),
    ("not my lumbar it's up level with my shoulder blades", "urgent"),
    # and a denial of the sign itself still holds
    ("it's not numb it's just sore", None),
    ("no fever it's just a cold", None),
])
def test_a_denial_of_easing_or_a_corrected_place_keeps_the_sign(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


# Words that are a sign only when said of the body: said of a thing, a place, money or the day,
# they raise nothing; said of the back, the legs or the speaker, they are still the red flag.
@pytest.mark.parametrize("said", [
    "the kitchen table has wobbly legs", "we had frog legs at the french restaurant",
    "I can't stand crowds at the shopping centre", "the car won't start so I used the loo at work",
    "I spent an hour scrubbing the toilet", "the traffic flow through town is slow on fridays",
    "the radiator has a leak and the carpet is wet", "my heart skipped a beat when the phone rang",
    "the carrots are misshapen this year", "the cable has a kink in it",
    "the picture on the wall is leaning to one side", "this dress makes me look thin",
    "we all have to tighten our belts with the cost of living", "I weighed the suitcase",
    "the slates came off the roof in the gales", "my pride took a knock when I lost the quiz",
    "I work day and night in lambing season", "the noise keeps me awake at night",
    "I slept in a chair at the airport", "the rain never eases off up here",
    "the weather was roasting one minute and freezing the next",
    "I got the shakes from too much espresso", "I sweat through my shirt on the bus in july",
])
def test_a_sign_said_of_a_thing_not_the_body_raises_nothing(said):
    assert assess(said) is None, (said, assess(said))


@pytest.mark.parametrize("said, flag", [
    ("there's a swollen bit by my spine", "lump_or_shape"),
    ("my back has a kink in it that wasn't there", "lump_or_shape"),
    ("I'm leaning to one side all the time now", "lump_or_shape"),
    ("I'm getting shorter and my back aches", "lump_or_shape"),
    ("it hurts day and night", "night_or_rest_pain"),
    ("no matter what I do the pain is there", "night_or_rest_pain"),
    ("the pain keeps me up at night", "night_or_rest_pain"),
    ("I've been sleeping in a chair because of my back", "night_or_rest_pain"),
    ("my back aches even at rest", "night_or_rest_pain"),
    ("I rested all day and it's no better", "night_or_rest_pain"),
    ("it's bad at night", "night_or_rest_pain"),
    ("I've shrunk and my clothes are loose", "weight_loss"),
    ("my belt is on another notch", "weight_loss"),
    ("the thermometer says thirty nine", "fever"),
    ("I fell down a whole flight of stairs", "serious_accident"),
    ("I've only been twice today", "difficulty_peeing"),
    ("just a drop came out when I went to the toilet", "difficulty_peeing"),
    ("I didn't realise I'd leaked", "incontinence"),
    ("it never used to hurt when I sneeze but now it does", "sneeze_cough_poo"),
    # the ordinary senses' unless words are narrow: money worries, blisters, coffee hide nothing
    ("I've lost weight and I'm worried about money", "weight_loss"),
    ("both my legs are numb and I've got blisters on my feet", "both_legs"),
    ("I've got a fever and can't even drink coffee", "fever"),
    ("I sweat through my pyjamas", "fever"), ("I've been shivering even in the summer", "fever"),
])
def test_the_same_words_said_of_the_body_are_still_the_sign(said, flag):
    alarm = assess(said)
    assert alarm is not None and alarm.flag == flag, (said, alarm)


# Ways found in the fourth round of sealed corpora (read after their blind measure), each said
# here in other words than the corpus's.
@pytest.mark.parametrize("said", [
    "if nothing changes by spring i'm done living",
    "honestly i don't think i want to stick around much longer",
    "my husband would probably be fine without me",
    "i've stopped wanting to wake up",
    "i keep walking past the canal thinking about going in",
    "i just want to make it all stop for good",
    "i've already picked out the bridge",
    "i sorted my will last week and gave my dog to my neighbour",
])
def test_quiet_crises_of_the_fourth_round(said):
    assert assess(said) == Alarm("crisis", "crisis")


@pytest.mark.parametrize("said, flag", [
    ("the gp thinks it might be urinary retention", "difficulty_peeing"),
    ("i only managed a dribble this morning", "difficulty_peeing"),
    ("a van ploughed into my car at the lights", "serious_accident"),
    ("i was knocked down by a taxi on my bike", "serious_accident"),
    ("i'm eating loads but i've lost a stone", "weight_loss"),
    ("every time i cough or go to the toilet it shoots through my back", "sneeze_cough_poo"),
])
def test_red_flags_of_the_fourth_round(said, flag):
    assert flag in [f.id for f in safety.recogniser().flags_in(said)]


@pytest.mark.parametrize("said", [
    "both my legs feel fine it's only my lower back",
    "i woke up feeling like i'd been hit by a bus",
    "my car wouldn't start so i walked",
    "i had no idea where the loo was in the new office",
])
def test_look_alikes_of_the_fourth_round_stay_quiet(said):
    assert assess(said) is None


@pytest.mark.parametrize("said", [
    "honestly i've had enough of being here",
    "i'm planning not to be around by the new year",
    "every night i go to sleep hoping this will be my last",
    "how long will it hurt because i've got the sleeping pills ready",
    "i've sorted my will and letters for everyone",
    "i feel at peace about dying now",
    "my kids would be relieved once i'm gone",
    "i'm nothing but a burden to them",
    "it's a burden to my son having me like this",
    "i've started burning myself when the pain is bad",
    "i stood on the balcony and thought about jumping",
    "i pray god will take me",
    "i just want to go to sleep and stay that way",
    "i might walk into the sea one day and not come back",
    "i sat at the cliff top thinking how easy it would be",
    "i keep the old rifle in the shed and some nights i sit with it",
    "the tablets are in the drawer and i think tonight's the night",
])
def test_people_worn_down_say_crisis_quietly(said):
    assert assess(said) == Alarm("crisis", "crisis")


@pytest.mark.parametrize("said, flag", [
    ("i need the toilet but i can't get it going", "difficulty_peeing"),
    ("i go for a wee and it kind of doesn't happen", "difficulty_peeing"),
    ("my leggings were soaked and i didn't notice", "incontinence"),
    ("a scooter hit me on the way home", "serious_accident"),
    ("the ladder slipped and i came down on the concrete", "serious_accident"),
    ("my spine is looking crooked lately", "lump_or_shape"),
    ("she took a look and said there's a lump near my spine", "lump_or_shape"),
    ("my back pain is more at night", "night_or_rest_pain"),
    ("resting makes it the same if not worse and at night it's agony", "night_or_rest_pain"),
    ("i'm on fire and freezing at the same time", "fever"),
])
def test_signs_said_by_what_is_felt(said, flag):
    assert flag in [f.id for f in safety.recogniser().flags_in(said)]


@pytest.mark.parametrize("said", [
    "no i'm not suicidal just sore",
    "no it's not worse when i cough",
    "the lump on my wrist is a ganglion",
    "i had a chest cold last month but it's long gone",
    "the fever i had is long gone now",
    "the pain eases off when i lie down so my nights are good",
    "i dropped a few kilos which was the whole point",
])
def test_denied_denials_and_healed_past_raise_no_alarm(said):
    assert assess(said) is None


SIGN_NAMES = tomllib.loads((CONTENT_DIR / "en" / "nlu.toml").read_text("utf-8"))[
    "types"]["SIGN_NAME"]["values"]


@pytest.mark.parametrize("name", SIGN_NAMES)
def test_each_sign_alexa_hears_ruled_out_raises_no_alarm(name):
    """NoSignIntent's {denied} is read after "no": each sign name said alone is ruled out."""
    assert alarm_for_intent("NoSignIntent", {"denied": (name, name.replace(" ", "_"))}) is None


@pytest.mark.parametrize("denied, alarm", [
    ("a fever i'm just sore", None),
    ("numbness or tingling or anything just a dull ache after the gym", None),
    # a sign beside the one ruled out, or a crisis, is read as any words are
    ("fever but i can't pee", Alarm("emergency", "difficulty_peeing")),
    ("a fever but my legs went numb", Alarm("emergency", "both_legs")),
    ("a reason to keep going", Alarm("crisis", "crisis")),
    # words the rules cannot read: Alexa chose a safety intent, so the emergency tier stands
    ("fever but the loo is a struggle", Alarm("emergency", None)),
    ("fever but my feet feel odd", Alarm("emergency", None)),
])
def test_a_sign_ruled_out_is_read_like_red_flag_intent_words(denied, alarm):
    assert alarm_for_intent("NoSignIntent", {"denied": (denied, None)}) == alarm
    assert alarm_for_intent("NoSignIntent", {}) is None  # "my temperature is normal"


@pytest.mark.parametrize("said", [
    "i don't have any hope left",
    "i don't have a reason to keep fighting",
    "i don't have anybody who would miss me",
    "i don't have the will to live",
    "i don't have any future left",
    "i don't have much to live for",
    "i don't have plans for christmas because i won't be around",
    "honestly i just want to disappear",
])
def test_a_crisis_said_as_something_ruled_out_is_a_crisis(said):
    """Said after "I don't have", as NoSignIntent's words are read: still a crisis."""
    assert assess(said) == Alarm("crisis", "crisis")


@pytest.mark.parametrize("said, flag", [
    ("it feels like a weight pressing on my chest", "chest_pain"),
    ("i had bowel cancer and beat it and now my back aches", "cancer_history"),
    ("when i stand my legs both just buckle", "both_legs"),
    ("the loo seat feels strange like nothing", "saddle_numbness"),
    ("i strain and it only trickles", "difficulty_peeing"),
    ("a van reversed into me at work", "serious_accident"),
    ("it wakes me at four every night", "night_or_rest_pain"),
    ("i can't tell when i need a poo", "incontinence"),
    ("i've gone from a size fourteen to a ten", "weight_loss"),
    ("i wake up drenched every night", "fever"),
    ("my temperature says thirty nine point two", "fever"),
])
def test_signs_said_beside_something_ruled_out(said, flag):
    assert flag in [f.id for f in safety.recogniser().flags_in(said)]


@pytest.mark.parametrize("said", [
    "i don't have anyone to talk to about my back",
    "i don't have the energy to go to the gym",
    "i'd like to disappear into the sofa for a week",
])
def test_everyday_things_people_do_not_have_raise_no_crisis(said):
    assert assess(said) is None


@pytest.mark.parametrize("said", [
    "some days i just want to disappear for an hour with a book",
    "i don't want to be a burden to my son so i'm doing my exercises",
    "any hope left of a cancellation appointment this week",
    "i'm calm about dying my hair grey at last",
    "because i got the tablets ready the night before i don't forget them",
    "the lord will take me through this rough patch my pastor says",
    "my wife will be relieved once i'm gone on the work trip",
    "i keep burning myself on the kettle because i can't bend properly",
    "the solicitor has my will and letters of authority",
    "i'm planning not to be here next week as i'm at my sister's",
    "praying tonight will be my last night on the sofa bed",
])
def test_everyday_notes_in_the_words_of_the_quiet_crises_are_kept(said):
    """A note read as a crisis is not kept: a review's everyday notes in the same words."""
    assert assess(said) is None


@pytest.mark.parametrize("said, kind", [
    ("how long does it last because honestly i don't reckon i want to be alive much longer", "crisis"),
    ("the pain's got me wanting to drive off the road some days", "crisis"),
    ("some nights i feel like swerving into oncoming traffic", "crisis"),
    ("i've had the rigours all night and my back is killing me", "urgent"),
    ("it's gone all funny down there since my back went", "emergency"),
    ("there's a bump the size of a grape near my spine", "urgent"),
    ("i get chest pain when i run up hills and my back hurts", "emergency"),
    ("i'm short of breath all the time now and my back hurts", "emergency"),
])
def test_signs_and_crises_said_on_the_move(said, kind):
    """Said mid-walk or mid-workout (the thirtythird corpus, a development set)."""
    assert assess(said).kind == kind


@pytest.mark.parametrize("said", [
    "i get out of breath only when running up hills is that normal",
    "my heart's pounding after the intervals is cardio okay with back pain",
    "my doctor checked me for cancer and i've never had it but i still worry",
    "i want to drive off the road and onto the beach for a walk",
    "my tummy has gone funny after that curry",
    "i've got a knot in my shoulder the size of a golf ball",
])
def test_exercise_breathing_and_cleared_worries_stay_quiet(said):
    assert assess(said) is None


@pytest.mark.parametrize("said", [
    "i have written letters for both my sons and kept them in the almirah",
    "i wrote a note and left it in my bedside drawer",
    "ah've been thinkin aboot walkin intae the loch",
    "naebody would even notice if ah wisnae here the morra",
    "i think go top of building and jump",
    "twenty two a day and i'm fixing to be one of them",
    "my retirement plan is a tall building and i'm only half kidding",
    "there's no light at the end of this for me and i've stopped wanting one",
    "who takes the cats if their owner isn't around anymore",
    "some days i want to walk into the sea",
    "nobody would even notice if i wasn't here",
])
def test_plans_with_a_place_a_note_or_someone_to_take_the_pets(said):
    assert assess(said) == Alarm("crisis", "crisis")


@pytest.mark.parametrize("said", [
    "i wrote a note for the cleaner and left it on the table",
    "i'm thinking about walking into town later",
    "we went to the top of the building for the view",
    "who takes the cats when we're away on holiday",
    "my plan is a short walk every morning",
    "my mum wrote letters to all of us and kept them in the almirah",
    "i walked into the sea up to my knees and the cold water helped my back",
    "nobody would notice if i missed the quiz night so i'll rest my back",
])
def test_notes_walks_views_and_holidays_stay_quiet(said):
    assert assess(said) is None


@pytest.mark.parametrize("said", [
    "nobody would care if i wasn't alive",
    "no one would notice if i went missing",
    "nobody would care if i just disappeared",
    "i might just walk into the sea",
    "one day i'll walk into the loch",
    "walking into the sea sounds peaceful right now",
])
def test_the_masks_for_an_everyday_absence_or_a_swim_keep_these_crises(said):
    """'nobody would notice if I skipped quiz night' and 'walked into the sea up to my knees'
    are masked, not the crisis rules narrowed: a narrowing tried first lost each of these."""
    assert assess(said) == Alarm("crisis", "crisis")


@pytest.mark.parametrize("said", [
    "the envelope on the shelf is for my wife once i've taken my life",
    "i just want the dog fed after i've ended my life",
    "they'd have an easier life if i was dead",
    "i don't think anyone would notice i was dead",
    "the world wouldn't notice i was gone if i ended it",
    "i won't be alive much longer so find the budgie a home",
    "i sat by the lake and i don't plan on going home alive",
    "i waded into the river meaning never to come out",
    "i'm going to jump off the bridge tomorrow",
    "naebody wid miss me so i'm gonnae top masel",
    "the letters for the kids are in the drawer for after i'm dead",
])
def test_quiet_crises_in_every_tense_and_place(said):
    """A review's 90 quiet crises (notes left, pets rehomed, water, high places, a plan) had 30
    missed as free words; these are its kinds in other words."""
    assert assess(said) == Alarm("crisis", "crisis")


@pytest.mark.parametrize("said", [
    "the divorce took my life savings",
    "i won't be alive to see the kitchen finished at this rate",
    "i ended it with my girlfriend last week and my back's been stiff since",
    "when i'm dead the kids can sort out the loft",
    "we're going to jump tomorrow at the trampoline park",
    "if i was dead tired after work i'd skip the gym",
    "i let myself fall asleep on the sofa",
    "i'm making sure i don't wake up with a stiff back",
    "they wouldn't miss me at the office party",
    "i'm taking my life in my hands on these icy pavements",
])
def test_life_death_and_jumps_in_their_everyday_senses_stay_quiet(said):
    assert assess(said) is None


@pytest.mark.parametrize("said, kind", [
    ("i honestly wouldn't mind if i didn't wake up in the morning", "crisis"),
    ("some nights i think i'll just go to sleep and not bother waking up", "crisis"),
    ("i stood on the landing thinking about throwing myself down", "crisis"),
    ("i keep thinking of throwing myself down the stairs", "crisis"),
    ("the family would manage perfectly well without me", "crisis"),
    ("i've sorted out my affairs so nobody has to bother with me after i'm gone", "crisis"),
    ("i can't seem to get my water going and my back aches", "emergency"),
    ("i had a little accident in my nightie and my back's been bad", "emergency"),
    ("i came off the top of the stepladder and landed badly", "emergency"),
    ("our car was hit from behind at the roundabout and my back's hurt since", "emergency"),
    ("i'm sweating like i'm in a sauna then shivering and my back aches", "urgent"),
])
def test_signs_and_crises_said_the_quiet_way_older_people_put_them(said, kind):
    """Understated, polite, and old-fashioned (the thirty-fifth corpus, a development set)."""
    assert assess(said).kind == kind


@pytest.mark.parametrize("said", [
    "i wouldn't mind if i didn't wake up till nine on my day off",
    "i threw myself down on the sofa after gardening and my back twinged",
    "i've been throwing myself into my physio exercises",
    "we sorted out my affairs with the solicitor last month",
    "the kids would manage perfectly well without me for the weekend",
    "i'd rather just have the injection and be done with it",
    "i might go to sleep and not bother waking up early for the gym",
    "my granddaughter had a little accident in her pants at nursery",
    "i had the shingles on my chest two years back and that's long gone",
    "i sat in the sauna after my swim and my back felt looser",
])
def test_everyday_words_beside_the_quiet_ways_raise_nothing(said):
    assert assess(said) is None


@pytest.mark.parametrize("said, kind", [
    ("how long does this take because i can't keep living like this", "crisis"),
    ("what helps, i'd honestly prefer to be dead than live like this", "crisis"),
    ("should i stretch, i'm not sure i want to keep waking up", "crisis"),
    ("is it normal to have worked out how i'd do it", "crisis"),
    ("would anyone miss me if i just slipped away", "crisis"),
    ("should i take all my codeine at once and be done with it", "crisis"),
    ("how long till it eases, i don't think i'll last that long", "crisis"),
    ("is it normal that down below has gone a bit numb", "emergency"),
    ("what helps when things leak out of me without me knowing", "emergency"),
    ("should i worry that neither of my legs will hold me", "emergency"),
    ("is it alright to rest after i went into the back of a van quite hard", "emergency"),
    ("how long will it last, nothing eases it even lying flat", "urgent"),
    ("what helps when i can't sneeze without my back screaming", "urgent"),
    ("is it worse because of the growth they took out last year", "urgent"),
])
def test_signs_and_crises_asked_as_a_question_in_everyday_words(said, kind):
    """A review wrote 120 questions hiding a sign or a crisis in everyday words; the rules
    missed 35 (fourth round) and now 3, kept out on purpose (README)."""
    assert assess(said).kind == kind


@pytest.mark.parametrize("said", [
    "i can't keep living in this house with all the stairs",
    "i don't think i'll last that long at the gym today",
    "is there any point carrying on with the physio exercises",
    "i was planning how i'd do it differently next time",
    "we decided to call it a day on everything in the garden",
    "i'm not sure i want to go on the school trip with my back",
    "the dog soiled the sheets again",
    "the horse threw me a look when i walked past",
    "the kids took all the sweets at once and that's that",
])
def test_everyday_words_beside_the_hidden_questions_raise_nothing(said):
    assert assess(said) is None


# A review of the round's rules: each of these was caught before it, and a first draft of its
# masks hid it. A mask must name the everyday sense, not only the word after the phrase.
@pytest.mark.parametrize("said, kind", [
    ("i hope i don't wake up at all", "crisis"),
    ("i want to go to sleep and never wake up for good", "crisis"),
    ("i've worked out how i'd do it with the pills", "crisis"),
    ("is there any point in carrying on with it all", "crisis"),
    ("i can't keep living like this with no end in sight", "crisis"),
    ("i'd rather not exist at all", "crisis"),
    ("i keep thinking of throwing myself down onto the tracks", "crisis"),
    ("would anyone miss me if i slipped away for good", "crisis"),
    ("i don't think i'll last much longer in this world", "crisis"),
    ("i'm not sure i want to keep waking up to this pain", "crisis"),
    ("i want to call it a day on everything in my life", "crisis"),
    ("i can't get my water going in the morning", "emergency"),
    ("it feels like a weight was sitting on my chest when i woke up", "emergency"),
    ("my chest is crushing like someone sat on me", "emergency"),
    ("i've lost control of my bladder since the tummy bug", "emergency"),
])
def test_a_mask_never_hides_a_sign_or_crisis_said_with_more_words_after_it(said, kind):
    assert assess(said).kind == kind


@pytest.mark.parametrize("said", [
    "i'm not sure i want to live in london anymore",
    "i'm not sure i want to wake up early for yoga",
    "i don't want to keep waking up stiff every morning",
    "i don't think i'll last much longer sitting at this desk",
    "i'm not planning on being here long just visiting",
    "is there any point going on the course",
    "i've sorted out my affairs with the solicitor so it's all in order when i'm gone",
    "i get all my pills at once from the chemist for good measure",
    "i don't have the urge to go to the gym anymore",
    "i sit on the toilet with a coffee to get things going in the morning",
    "i went into it really hard at the gym on my first day back",
    "both my pegs feel like lead after the long walk",
    "i wake up every morning with the ache but it eases after a shower",
    "i've been hacking at the hedge and my back hurts",
])
def test_the_round_s_new_wordings_in_their_everyday_senses_raise_nothing(said):
    assert assess(said) is None


@pytest.mark.parametrize("said, kind", [
    ("my two feet are sleeping since last night", "emergency"),
    ("is cycling ok or not, both my legs have pins and needles", "emergency"),
    ("the urine is not coming out since lunch", "emergency"),
    ("i tried to pass water but nothing came", "emergency"),
    ("the pee comes out by itself when i stand", "emergency"),
    ("i cannot hold my urine anymore", "emergency"),
    ("a truck came and hit our car from the side", "emergency"),
    ("um both my legs are uh numb", "emergency"),
    ("there is a marble like lump under the skin of my back", "urgent"),
    ("at night the pain becomes more bad", "urgent"),
    ("lying in the bed gives no relief", "urgent"),
    ("the ache is between the two shoulder bones", "urgent"),
    ("they took out the tumour from my breast three years back and now my back hurts", "urgent"),
    ("my mum had it too but now it's up between my shoulder blades", "urgent"),
    ("better i die than live with this back", "crisis"),
    ("i don't want to see another morning", "crisis"),
    ("oh boy can't pee since this morning", "emergency"),
])
def test_signs_and_crises_in_the_words_of_a_second_language(said, kind):
    """Words put round a missing one, other word orders, a question tag ("or not") that is no
    denial, and hesitations the recogniser wrote down (the thirty-eighth corpus's kinds)."""
    alarm = assess(said)
    assert alarm is not None and alarm.kind == kind, (said, alarm)


@pytest.mark.parametrize("said", [
    "the cat was asleep between my legs",
    "i had a fever last winter, now fully recovered",
    "is it good or not to stretch, no numbness at all",
    "whether or not i rest the pain is the same",
    "my son came and hit me with a pillow",
])
def test_the_second_language_wordings_in_their_everyday_senses_raise_nothing(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said", [
    "i'm going to end my life at the weekend",
    "i wish i was dead right now",
    "i want to take my life on my birthday",
    "i want god to take me when i sleep",
    "they'd be better off without me in their lives",
    "i want to disappear into the sea",
    "i can't live with this pain forever",
    "i'm going to end it with my tablets",
    "i'm done with everything in my life",
    "i keep thinking of ending my life at night",
    "honestly i'd be better off dead um right now",
    "i want to end my life uh on my own terms",
])
def test_a_look_alike_that_starts_inside_a_crisis_never_hides_it(said):
    """Masks once named only the word after a phrase ("dead right", "life at", "take me
    when", "without me in"), and so hid these plain crises (a review, fifth round). Each mask
    now names its everyday sense."""
    assert safety.crisis_in(said), said


@pytest.mark.parametrize("said", [
    "you're dead right about the stretches", "i love my life at work",
    "i live on my own and my back hurts", "my nan says god will take me when he's ready",
    "the lord will take me through this rough patch my pastor says",
    "they'll manage fine without me at the shop for a week",
    "i want to disappear into a hot bath after work",
    "i do not want to see one more day of this weather",
    "i want to stop everything for a bit and just rest my back",
    "i don't want to see the morning physio she's too rough",
])
def test_the_narrowed_look_alikes_still_keep_their_everyday_senses_quiet(said):
    assert assess(said) is None, said


@pytest.mark.parametrize("said", [
    "not really sure um uh um can't pee", "i'm not sure um like um can't feel my legs",
    "i've never felt chest pain like this", "never um uh ever had uh pain in my chest like this",
    "lifted my little boy and now can't pee", "i'm a young lad of twenty two and can't pee",
    "i've got a high temperature tonight i thought i was now fully better",
])
def test_unsure_hesitant_or_subjectless_signs_still_alarm(said):
    """Unsure is not no; a sign never felt before is not denied by "never"; and a child named
    before a sign said without "I" does not take it from the speaker (a review, fifth round)."""
    assert assess(said) is not None, said


@pytest.mark.parametrize("said", [
    "same as before no change", "had a worse night than usual with my back",
    "i drink plenty of water not going to lie it helps", "my water won't come out of the tap",
    "i tried to pass water but it came out fine", "i can't hold the potty for my son",
    "i can't stop the motion sickness on the bus", "i was thrown out of the bus because i had no ticket",
    "a bike came and knocked my bag off the bench", "they removed a growth from my back it was just a cyst",
    "a stone like thing in my back pocket was digging in", "no tingling or not much numbness in both legs",
    "i've had no fever or not a proper fever", "the toilet is leaking out onto the floor",
    "we were thrown out of the car park by security", "resting is no help i'm better when i'm walking",
])
def test_the_second_language_rules_stay_narrow(said):
    """The review's everyday sentences for this round's new rules."""
    assert assess(said) is None, said


@pytest.mark.parametrize("said", [
    "i'd rather not bother waking up at all anymore", "i don't think i'll last much longer at this rate",
    "what's the point in going on this way", "i'm going to end my life over christmas",
    "i won't be alive to see next week", "i've got the pills here and i'll end it with them tonight",
    "i keep thinking how easy it would be to drive into a wall", "i just want to disappear for the rest of my life",
    "i've lost all hope that things will ever get better", "i want to go to sleep and stay that way for good",
    "i wish god would just take me home", "it would be easier if i was not here at all",
    "i've been burning myself on the hob on purpose", "i've decided not to be here tomorrow",
    "i hope tonight will be my last night on earth", "i keep thinking of jumping onto the tracks",
    "i thought about putting the nail gun to my head", "i can't find any reason to stay in this world",
    "i'm so tired of living at the moment", "i keep hurting myself again with a razor",
    "i haven't got the strength to carry on with my life", "i've lost the will to live with the pain like this",
    "i'm tired of waking up in this body", "i just want to end it here and rest forever",
])
def test_an_audit_of_the_crisis_masks_keeps_these_crises(said):
    """Masks that named a short continuation ("for the", "at", "to stay in", "home") hid
    these; each now names its everyday sense (an audit of every mask, fifth round)."""
    assert safety.crisis_in(said), said


@pytest.mark.parametrize("said, flag", [
    ("i can't lift my legs up on the bed", "both_legs"), ("when i stretch my legs they go numb", "both_legs"),
    ("i've lost complete control of my bowels", "incontinence"),
    ("i can't control my bowel movements anymore", "incontinence"),
    ("i was training my chest got really tight", "chest_pain"),
    ("i've got a pain close to my chest and down my arm", "chest_pain"),
    ("my car crashed out of control on the motorway", "serious_accident"),
    ("i've been waking up in sweats every night", "fever"),
    ("my temperature has gone up to thirty nine", "fever"),
    ("i've lost weight this month without trying", "weight_loss"),
    ("i've lost my appetite for about a month", "weight_loss"),
    ("my spine has curved over to one side", "lump_or_shape"),
    ("i go for cancer scans every six months since my treatment", "cancer_history"),
])
def test_an_audit_of_the_sign_masks_keeps_these_signs(said, flag):
    assert flag in [f.id for f in safety.recogniser().flags_in(said)], said


@pytest.mark.parametrize("said", [
    "i don't bother waking up at seven", "i slipped away to the loo", "i want my life back on track",
    "i ended it with my boyfriend", "it's dead easy to do", "we went into the sea for a paddle",
    "i want to disappear for a bit", "hold the stretch and stay that way for thirty seconds",
    "my daughter will take me home after the appointment", "i'm not around at the weekend",
    "tonight will be my last night in hospital", "friday will be my last day at work",
    "i use the massage gun on my back", "i take all my tablets in the morning",
    "i keep hurting myself again lifting", "they'll manage without me for the weekend",
    "i want to carry on with the exercises", "i can't stand when people are late",
    "i put my feet up on the sofa", "i went out to stretch my legs",
    "i'm in full control of my bladder and bowels it's just the pain", "regular bowel movements",
    "i need to get this off my chest", "i left with a heavy heart", "i crashed out on the sofa",
    "i'm in my sweats", "my temperature has gone down", "i weighed the flour", "i had a cancer scare",
    "i keep burning myself on the kettle because i can't bend properly",
    "i'm sick of waking up to the neighbour's dog barking",
])
def test_the_narrowed_masks_keep_their_everyday_senses(said):
    assert assess(said) is None, said


# The thirty-ninth corpus (on the move, older people's wording, signs in passing, sixth round):
# what it said that the rules missed, in general forms.
@pytest.mark.parametrize("said, kind", [
    ("my family would manage better with me gone for good", "crisis"),
    ("i wish i could just go to sleep and be done with this life", "crisis"),
    ("i'd just as soon end it myself and save everyone the bother", "crisis"),
    ("only my waterworks won't get going at all since my back went", "emergency"),
    ("i'm trying to pass urine but it is just not coming since three hours", "emergency"),
    ("i've had a little accident with my waterworks twice today", "emergency"),
    ("my back pain started after the auto rickshaw hit my scooter yesterday", "emergency"),
    ("a delivery truck backed right into me and knocked me clean over", "emergency"),
    ("whole day i am resting in bed but still my back pain is not reducing at all", "urgent"),
    # and the review's neighbours of them
    ("everyone would be fine with me gone", "crisis"), ("my family would manage better once i'm gone", "crisis"),
    ("the world would be a better place with me gone", "crisis"),
    ("it would be easier for everyone with me out of the picture", "crisis"),
    ("i rested in bed but the pain still isn't reducing", "urgent"),
    ("bed rest for a week but the pain isn't getting any better", "urgent"),
    ("my waterworks just won't get going", "emergency"), ("a taxi went into the back of my moped", "emergency"),
    ("what if the tumour is back again", "urgent"),
])
def test_the_thirty_ninth_corpus_signs_and_crises(said, kind):
    assert assess(said).kind == kind, said


@pytest.mark.parametrize("said, kind", [
    ("i think i have cancer again", "urgent"), ("i'm worried i have cancer again", "urgent"),
    ("have i got cancer again", "urgent"), ("i'm worried it might be cancer again", "urgent"),
    ("i'm worried i might have a tumour recurring", "urgent"),
    ("i'm worried it's cancer coming back", "urgent"),
    ("i burnt myself on the iron on purpose", "crisis"),
    ("i cut myself shaving on purpose", "crisis"),
    ("i just want to disappear into my bedroom and die", "crisis"),
    ("i want to vanish for a bit and not come back", "crisis"),
    ("sometimes i think i'll go on a long walk and never come back", "crisis"),
    ("i take all my tablets in the morning and die that's my plan", "crisis"),
])
def test_a_look_alike_yields_to_what_follows_it(said, kind):
    """`yields`: "I think I have cancer" is a worry, and a mask takes it out; "... again" says
    the person has had it, so that mask gives way. Each rule names its own look-alikes."""
    assert assess(said).kind == kind, said


# A review of `yields` and of the thirty-ninth's phrases (sixth round): what must stay quiet.
@pytest.mark.parametrize("said", [
    "i think i have cancer", "do i have cancer", "i had a cancer scare again",
    "i've got my cancer scan again next week", "i want to stop living on painkillers for good",
    "i'd love to live in this house forever", "my doctor checked my heart and it's fine why is my back so tight",
    "i would never hurt myself on purpose", "i would never deliberately hurt myself",
    "i take all my tablets at night on purpose so they help me sleep",
    "i work on the oncology ward again after my break", "the gp checked for cancer again and it was all fine",
    "i had a cancer scare and again it was nothing", "i had another cancer scare and it was nothing",
    "they're screening me for cancer again next month just routine",
    "i could sleep forever on this new mattress and never wake up stiff again",
    "my wife will have to cope with me gone in hospital for a week",
    "the team will manage with me gone for two weeks", "i want to be done with this life of commuting",
    "i'll finish the ironing go to sleep and be done with it",
    "i'd sooner end it early than push through the pain in the session",
    "the meeting dragged on so i had to end it myself",
    "the water works won't start until monday so the road is still open",
    "a car hit my bicycle while it was chained to the railings",
    "a shopping trolley rolled into me in the supermarket", "this bug has knocked me clean off my feet",
    "the puppy keeps having toilet accidents",
])
def test_what_yields_and_the_new_phrases_do_not_reach(said):
    assert assess(said) is None, said


# Signs hinted at without their usual words, from a helper's list written for that (sixth
# round): a nurse hearing them would know the sign.
@pytest.mark.parametrize("said, flag", [
    ("my feet keep slapping the floor and i can't lift either of them properly", "both_legs"),
    ("my missus reckons i'm walking like a toddler both legs all wobbly", "both_legs"),
    ("i couldn't tell if i'd wiped", "saddle_numbness"),
    ("nothing happens when i go", "difficulty_peeing"),
    ("i've been in the bathroom forever and can't go", "difficulty_peeing"),
    ("something feels really wrong behind my sternum and i've gone grey and sweaty", "chest_pain"),
    ("a van came through the junction and we spun", "serious_accident"),
    ("i'm under three duvets and still shaking", "fever"),
    ("my pants keep slipping down and i'm not eating any less", "weight_loss"),
    ("there's a golf ball thing under the skin over my spine", "lump_or_shape"),
    ("i end up pacing the kitchen at three", "night_or_rest_pain"),
    ("my smoker's hack makes my back feel like it's tearing", "sneeze_cough_poo"),
    ("what helps a pain that sits in the gap in my shoulder blades", "upper_back"),
    ("i finished my treatment for the breast thing two years ago", "cancer_history"),
    # a second helper's list, reported through what was noticed
    ("i couldn't get out of the bath because neither leg would push me up", "both_legs"),
    ("i sat on a drawing pin on the bus seat and didn't feel a thing", "saddle_numbness"),
    ("i don't get the urge to go to the loo at all anymore", "difficulty_peeing"),
    ("the airbags went off in my car yesterday and my back's been sore since", "serious_accident"),
    ("my mum felt my forehead and said i'm roasting and my back is agony", "fever"),
    ("it's the bit of my back i can never reach to scratch that hurts", "upper_back"),
    ("i had a kidney taken out because of a growth and now my back hurts", "cancer_history"),
])
def test_signs_hinted_at_without_their_usual_words(said, flag):
    assert flag in [f.id for f in safety.recogniser().flags_in(said)], said


@pytest.mark.parametrize("said", [
    "my son is walking like a toddler and both legs are wobbly",
    "i sweat through my shirt at work in summer",
    "the sneezing fit was from allergies my back didn't hurt at all",
])
def test_hints_that_are_someone_else_or_everyday(said):
    assert assess(said) is None, said


# Crisis said obliquely, from a helper's list written for that (sixth round): before these rules
# 109 of its 131 were read back as notes. A crisis counsellor would follow each up.
@pytest.mark.parametrize("said", [
    "i've been working out which beam in the garage would hold my weight",
    "i bought a hose that fits the exhaust and it's in the boot",
    "how much amitriptyline is too much because i've got three boxes of it",
    "if i took all my tramadol at once would it hurt",
    "i've been practising the knot i saw online",
    "i've started hoping the scan finds something that finishes me off",
    "a heart attack would be a mercy at this point",
    "i'm just a weight round my husband's neck now",
    "i cost this family more than i'm worth",
    "i said goodbye to my physio today and she doesn't know i meant it",
    "i rang my brother to tell him i loved him for the last time",
    "i sorted out who gets my car and my tools last weekend",
    "i checked and the life insurance pays out after two years and it's been two years now",
    "after thanksgiving i'm not planning on being around",
    "after my son's marriage is done there is no reason for me to stay",
    "i've had enough of this pain and i've decided i'm checking out",
    "nobody can fix my spine so i'll fix the problem myself permanently",
    "every morning i wake up and i'm disappointed that i did",
    "what's the best mattress for back pain not that i'll be sleeping on it for long",
])
def test_crises_said_obliquely(said):
    assert crisis_in(said), said


@pytest.mark.parametrize("said", [
    "the pain nearly finished me off on the hike today but i made it to the top",
    "i'm checking out of the hotel early because the bed is wrecking my back",
    "because i got the tablets ready the night before i don't forget them now",
    "my boss is not planning on being around much longer because she retires in june",
    "i gave my old gym things away to my nephew",
    "my grandson and i stood on the bridge to watch the trains go by",
])
def test_everyday_words_near_the_oblique_crises(said):
    assert assess(said) is None, said


# A blind list of red flags told as stories (ninth round) found an accident heard as a crisis
# ("it didn't seem too bad" read with "hit by a car" as a wish), and signs in words no rule had.
@pytest.mark.parametrize("said, kind", [
    ("i was hit by a car crossing the road it didn't seem too bad at first", "emergency"),
    ("it was a shame i got hit by a car last week and my back still hurts", "emergency"),
    ("it wasn't too bad until a van hit me on my bike", "emergency"),
    ("i wish a bus would hit me", "crisis"),
    ("too bad the train missed me", "crisis"),
    ("i wouldn't mind being hit by a lorry", "crisis"),
    ("i keep going to the toilet and i just can't go", "emergency"),
    ("i went to the bathroom but nothing happened", "emergency"),
    ("my bum cheeks feel all fizzy", "emergency"),
    ("ten pounds gone without trying and my back aches", "urgent"),
    # and their everyday senses stay quiet
    ("i always go to the toilet first and i can't go out for long with my back", None),
    ("i drank a fizzy drink and sat on my bum cheeks at the match", None),
    ("the pain has gone without trying anything new", None),
])
def test_stories_of_an_accident_and_signs_in_new_words(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said", ["no way out", "No way out.", "goodbye forever", "bye forever",
                                  "so, no way out", "honestly no way out",
                                  "goodbye forever everyone", "erm, end it tonight"])
def test_a_crisis_said_in_two_or_three_words_and_nothing_else(said):
    """Too short for the learned reader; said alone, each is a crisis (safety.toml, `alone`)."""
    assert assess(said) == Alarm("crisis", "crisis"), said


@pytest.mark.parametrize("said", ["no way out of the car park till the barrier lifts",
                                  "goodbye forever to my old trainers",
                                  # said in the notes, "end it" may be "stop" (a review)
                                  "end it", "end it now", "please end it"])
def test_those_words_inside_everyday_sentences_stay_quiet(said):
    assert assess(said) is None, (said, assess(said))


# A review of the rules above found each of these turned the wrong way; they stay as they are.
@pytest.mark.parametrize("said, kind", [
    ("it's a shame i wasn't hit by a bus", "crisis"),
    ("pity i didn't get hit by a train", "crisis"),
    ("too bad i never got run over by a lorry", "crisis"),
    ("it's a shame the physio didn't get me in this week", None),
    ("it's a shame the tablets didn't hit me sooner", None),
    ("i can't go for a pee even though i'm bursting", "emergency"),
    ("i need a wee but i can't go for ages", "emergency"),
    ("i went to the bathroom and couldn't go any further down the hall because of my back", None),
    ("i went to the toilet but nothing came of the stretches the physio gave me", None),
    ("my weight has gone up without trying since i stopped going to the gym", None),
    ("the tens machine is buzzing on my bum cheeks and it helps", None),
])
def test_a_wished_accident_a_sign_said_with_for_and_their_everyday_senses(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


@pytest.mark.parametrize("said, kind", [
    ("it doesn't get any better no matter how long i lie down", "urgent"),
    ("me versus a deer on the highway last night and my back's not great", "emergency"),
    ("we hit a kangaroo on the way home and my back is sore", "emergency"),
    ("i saw a deer on my run this morning and my back is fine", None),
])
def test_rest_that_never_helps_and_a_crash_with_an_animal(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


# A second review found the first review's mends had gone too far: wishes said with another
# vehicle or thing ("shame the van didn't hit me") fell quiet, and so did "buzzing" bum cheeks.
@pytest.mark.parametrize("said, kind", [
    ("shame the van didn't hit me", "crisis"),
    ("too bad the cancer didn't get me", "crisis"),
    ("shame they didn't finish me off", "crisis"),
    ("shame i wasn't hit by the train", "crisis"),
    ("what a pity the doctor didn't get me a scan", None),
    ("shame the bus didn't get me home before the rain", None),
    ("shame my physio missed me this week", None),
    ("my bum cheeks are buzzing", "emergency"),
    ("a buzzy feeling where i sit", "emergency"),
    ("the massage gun makes my inner thighs go a bit buzzy", None),
])
def test_wishes_with_any_vehicle_and_buzzing_said_of_the_body(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


# The second review's list of what the rules never knew (none of it this round's doing).
@pytest.mark.parametrize("said, kind", [
    ("i want a car to hit me", "crisis"),
    ("i wish the car had killed me", "crisis"),
    ("too bad i survived", "crisis"),
    ("if only the bus hadn't missed me", "crisis"),
    ("i want to get hit by a car", "crisis"),
    ("next time i'll let the bus hit me", "crisis"),
    ("i wish i'd died in the car crash", "crisis"),
    ("goodbye forever alexa", "crisis"),
    ("good bye forever", "crisis"),
    ("farewell for good", "crisis"),
    ("i can't go even though i'm bursting", "emergency"),
    ("half a stone has gone in a month and i'm not dieting", "urgent"),
    ("shame i survived the marathon but my back is wrecked", None),
    ("i want the car to be fixed before the weekend", None),
    ("i've put on weight and i'm not dieting", None),
])
def test_wishes_the_rules_never_knew_and_their_everyday_senses(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


# A third blind list (tenth round), read after its first run: signs in words the rules did not
# know, a fever dismissed by "my back's gone" (read as the fever being gone), and a crisis
# said as a fear of what one might do.
@pytest.mark.parametrize("said, kind", [
    ("my back's gone and i'm hot one minute and freezing the next", "urgent"),
    ("my back is gone and i have a fever", "urgent"),
    ("i've been feeling really crook and hot", "urgent"),
    ("even after lying down full day my back pain is not reducing at all", "urgent"),
    ("my back shape is looking changed like bent to one side", "urgent"),
    ("i hadn't peed since yesterday morning and i don't even feel like i need to", "emergency"),
    ("i haven't been able to feel myself poop since the back thing started", "emergency"),
    ("i couldn't feel it when i did a poo", "emergency"),
    ("i am not feeling when the motion is coming", "emergency"),
    ("the skin round my backside feels like cotton wool", "emergency"),
    ("i've got no feeling in me old fella since me back went", "emergency"),
    ("there is no feeling in the private part area", "emergency"),
    ("my nether regions feel weird since my back went", "emergency"),
    ("since yesterday i literally can't get hard and that's new", "emergency"),
    ("i can't get it up anymore since my back went", "emergency"),
    ("i fell all the way down about twenty steps onto my back", "emergency"),
    ("how do i get my back to stop hurting before i do something to myself", "crisis"),
    ("i'm scared i'll do something to myself", "crisis"),
    ("i wrote my goodbye notes today and i'm ready", "crisis"),
    # their everyday senses
    ("the fever is gone now and my back is just stiff", None),
    ("i can't get it up the stairs on my own with this back", None),
    ("i did something to myself at the gym pulling a muscle", None),
    ("i wrote goodbye notes in the leaving cards for my colleague", None),
    ("the motion sensor light keeps coming on", None),
    ("lying down helps my back a lot", None),
])
def test_a_third_blind_list_s_signs_and_their_everyday_senses(said, kind):
    assert kind_of(said) == kind, (said, assess(said))


# A review's real signs (eleventh round) that the rules read as not the speaker's or long past:
# a carer telling of someone else's back, the speaker's own sign after a companion, a time long
# past that reached over "and I" into a sign of today, and a mourner's wish to follow.
@pytest.mark.parametrize("said, kind", [
    ("my dad has lower back pain and hes got a high fever", "urgent"),
    ("my husband has terrible back pain and now he cant feel his legs", "emergency"),
    ("mums back is bad and she has a fever", "urgent"),
    ("my daughter has back pain and a fever of 39", "urgent"),
    ("my mother in law has back pain and chest pain", "emergency"),
    ("my husband keeps getting back pain at night and he had prostate cancer", "urgent"),
    ("i was walking the dog and got chest pain", "emergency"),
    ("was lifting my son when the chest pain started", "emergency"),
    ("i had a fall years ago and my legs are numb", "emergency"),
    ("i had a car crash years ago and i cant feel my legs", "emergency"),
    ("i had a fall years ago and i have chest pain", "emergency"),
    ("my dad had cancer and died and i want to join him", "crisis"),
    ("my mum has cancer and i am feeling hopeless like ending it", "crisis"),
    # their everyday senses
    ("my son has a fever", None),
    ("my wife's back is fine but my son has a temperature", None),
    ("my husband came back from work and he has a fever", None),
    ("my son has a fever and my back is sore", None),
    ("my daughter is off school with a fever is yoga ok for my back", None),
    ("i'm on a cut for my boxing weight class and i've dropped a few kilos", None),
    ("my legs went numb years ago and it cleared up", None),
    ("my girlfriend is away and i want to be with her", None),
    ("my dad's got a lump on his back i should remind him to get it checked", None),
    ("my husband had cancer long back i am only his caretaker", None),
    ("my husband had back pain with fever last year but mine is only muscle pain", None),
    ("i have had a fever since last year", "urgent"),
    # a second review's (eleventh round): whose back it is, and what a back is
    ("my husband and i both have back pain and he has a fever", "urgent"),
    ("my mums back is bad and she cant feel her legs", "emergency"),
    ("my papa has a bad back and cant pee", "emergency"),
    ("my husband died last year and i want to be with him", "crisis"),
    ("i had a fall years ago and my legs feel numb and tingly", "emergency"),
    ("went to the doctor with my wife and the chest pain is back", "emergency"),
    ("my husband has back pain and his mum had cancer", None),
    ("my husband is back from work and has a temperature", None),
    ("my son has a rash on his back and a fever", None),
    ("he put his coat on because hes shivering", None),
    ("my dog hurt his back and has a fever", None),
    ("my physio said her back is bad and she has a fever", None),
    ("i took my son to the doctor and the fever was 39", None),
    ("years ago i hurt my back and i couldnt feel my legs for a week", None),
    ("since my husband retired i want to be with him more", None),
    ("my dad passed his driving test and im going to join him", None),
    # and the signs it found missed by rules older than the round
    ("i have a tumour on my spine", "urgent"),
    ("my mum has back pain and she cant feel when she needs the toilet", "emergency"),
    ("i had a lump removed years ago and there is a new lump on my back", "urgent"),
    ("i had a car accident years ago now both legs feel weak", "emergency"),
    ("i told my wife about the chest pain", "emergency"),
    ("i showed my wife the lump", "urgent"),
    ("my wife told me about her fever", None),
    ("i asked my husband about his chest pain", None),
    ("the tumour on the spine in that documentary", None),
    ("i had a fall years ago now im fine", None),
])
def test_a_carer_s_story_the_speaker_s_own_sign_and_a_time_long_past(said, kind):
    assert kind_of(said) == kind, (said, assess(said))
