"""The site in a real browser: the language switcher keeps the reader on the same record."""

from __future__ import annotations


def test_switcher_keeps_the_same_project(page, site_url: str) -> None:
    page.goto(site_url + "ko/projects/turkistan-highway/")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.locator("a.kz-switch__link").click()
    page.wait_for_load_state()
    assert page.url == site_url + "en/projects/turkistan-highway/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Turkistan" in page.locator("h1").inner_text()
