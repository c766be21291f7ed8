"""Reflection progress and consent as plain data, without Alexa: skill/reflection.py."""
from skill import reflection

NUMBERS = (1, 2, 3)


def test_questions_come_in_order_and_settled_ones_are_passed_over():
    progress = {"set": "s", "done": [], "skipped": []}
    assert reflection.next_question(progress, NUMBERS) == 1
    progress = reflection.settle(progress, 1, "done")
    progress = reflection.settle(progress, 2, "skipped")
    assert reflection.next_question(progress, NUMBERS) == 3
    assert reflection.settle(progress, 1, "done") == progress, "settling twice counts once"
    assert reflection.next_question(reflection.settle(progress, 3, "done"), NUMBERS) is None


def test_an_unfinished_set_is_carried_on_and_a_finished_one_starts_anew():
    profile = {"reflection": {"set": "old", "done": [1], "skipped": [], "paused": True}}
    carried = reflection.carry_on(profile, NUMBERS)
    assert carried == {"set": "old", "done": [1], "skipped": []}, "unpaused, same set"
    finished = {"reflection": {"set": "old", "done": [1, 2, 3], "skipped": []}}
    fresh = reflection.carry_on(finished, NUMBERS)
    assert fresh["set"] != "old" and fresh["done"] == []


def test_the_resume_offer_says_what_was_done_and_is_not_made_again_after_a_no():
    profile = {"reflection": {"set": "s", "done": [1, 2], "skipped": []}}
    assert reflection.resume_offer(profile, NUMBERS) == ("resume_offer", {"done": [1, 2], "next": 3})
    skipped = {"reflection": {"set": "s", "done": [], "skipped": [1]}}
    assert reflection.resume_offer(skipped, NUMBERS) == ("resume_offer_skipped",
                                                         {"done": [1], "next": 2})
    started = {"reflection": {"set": "s", "done": [], "skipped": []}}
    assert reflection.resume_offer(started, NUMBERS) == ("resume_offer_start", {})
    declined = {"reflection": reflection.paused(profile["reflection"])}
    assert reflection.resume_offer(declined, NUMBERS) is None
    assert reflection.resume_offer({}, NUMBERS) is None


def test_the_offer_to_record_comes_once_after_two_answers_and_never_after_urgent_advice():
    assert not reflection.should_offer(1, False, False, True)
    assert reflection.should_offer(2, False, False, True)
    assert not reflection.should_offer(2, True, False, True)
    assert not reflection.should_offer(5, False, True, True)
    assert not reflection.should_offer(5, False, False, False)


def test_consent_is_kept_in_the_profile():
    assert not reflection.has_consent({})
    assert reflection.has_consent(reflection.with_consent({"visits": 2}))
    assert reflection.with_consent({"visits": 2})["visits"] == 2


def test_a_long_note_is_cut_at_a_word():
    assert reflection.shortened("walk every day", 100) == ("walk every day", False)
    assert reflection.shortened("walk every day", 12) == ("walk every", True)
