"""The API's documentation page works in a real browser, from our own files, under our CSP."""


def test_the_api_documentation_shows_every_operation_without_breaking_the_policy(
    page, transactional_db
):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/articles/" in paths
    assert "/api/v1/wire/{slug}/" in paths
    assert refused == []
    assert outside == []
