"""The focal point of a picture, set by clicking on it in the admin (JavaScript under the CSP)."""

import pytest

from tests.browser.helpers import MEMBER_PASSWORD, describe, grave_accessibility_violations, log_in


@pytest.fixture
def picture(transactional_db, editor):
    from tests.pictures import fresh_picture_bytes, make_image

    return make_image(fresh_picture_bytes(size=(1600, 900)), alt_text="Ein weites Feld")


def test_clicking_the_picture_sets_its_focal_point_and_the_crops_follow(open_context, picture):
    page = log_in(open_context(), "emil", MEMBER_PASSWORD)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"/admin/articles/image/{picture.pk}/change/")
    image = page.locator("img[data-focal-point]")
    box = image.bounding_box()
    image.click(position={"x": box["width"] * 0.1, "y": box["height"] * 0.8})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.1, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.8, abs=0.01)
    marker = page.locator(".focal-point-marker").bounding_box()
    assert marker["x"] < box["x"] + box["width"] * 0.2  # the marker moved to the left
    assert errors == []  # nothing refused by the Content-Security-Policy
    violations = grave_accessibility_violations(page)
    assert violations == [], describe(violations)

    square_before = picture.rendition("square", "jpeg")[1]
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    picture.refresh_from_db()
    assert picture.focal_x == pytest.approx(0.1, abs=0.01)
    assert picture.rendition("square", "jpeg")[1] != square_before
