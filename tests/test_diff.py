import pytest

from articles.agency.diff import share_of_words_changed

HUNDRED_WORDS = " ".join(f"word{n}" for n in range(100))


def test_the_same_text_has_nothing_changed():
    assert share_of_words_changed(HUNDRED_WORDS, HUNDRED_WORDS) == 0.0


def test_one_word_replaced_in_a_hundred_is_one_percent_changed():
    edited = HUNDRED_WORDS.replace("word50", "other")
    assert share_of_words_changed(HUNDRED_WORDS, edited) == pytest.approx(0.01)


def test_texts_with_no_word_in_common_are_entirely_changed():
    assert share_of_words_changed("a b c", "x y z") == 1.0


def test_spacing_and_line_breaks_do_not_count_as_changes():
    assert share_of_words_changed("a b\n\nc", "a  b\n\n\nc ") == 0.0


def test_frequent_words_still_count_in_long_texts():
    # difflib's autojunk would treat a word making up over 1 % of 200+ words as noise.
    original = " ".join(["die"] * 150 + ["Katze"] * 60)
    edited = " ".join(["die"] * 150 + ["Hund"] * 60)
    assert share_of_words_changed(original, edited) == pytest.approx(60 / 210)
