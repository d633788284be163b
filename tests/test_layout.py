"""The layout shows the architecture: dependencies point one way.

The project package wires the app and the app never imports it; the domain (models, the
workflow, text and address helpers) imports none of the audiences' code; production never
imports the benchmark's synthetic archive; the benchmark never imports the tests.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DOMAIN = (
    "articles.models",
    "articles.pictures",
    "articles.workflow",
    "articles.text",
    "articles.paths",
)
AUDIENCES = ("articles.site", "articles.admin", "articles.agency", "articles.api")
PRODUCTION = ("articles", "newsroom")

# (who imports, what it must not import, why)
FORBIDDEN = [
    (("articles",), ("newsroom",), "the app never imports the project package"),
    (DOMAIN, AUDIENCES, "the domain imports no view, admin, agency or API code"),
    (PRODUCTION, ("bench",), "production never imports the benchmark or its synthetic archive"),
    (PRODUCTION, ("tests",), "production never imports the tests"),
    (("bench",), ("tests",), "the benchmark shares no code with the tests"),
]


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source, module):
    """Every module an import statement names, at the top or inside a function; relative
    imports are resolved against `module`."""
    package = module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def is_within(module, packages):
    return any(module == package or module.startswith(package + ".") for package in packages)


def wrong_imports(module, source):
    """(imported module, rule) for each import of `module` that breaks a rule."""
    return [
        (imported, why)
        for imported in imported_modules(source, module)
        for importers, forbidden, why in FORBIDDEN
        if is_within(module, importers) and is_within(imported, forbidden)
    ]


def project_modules():
    for top in ("articles", "newsroom", "bench"):
        for path in sorted((ROOT / top).rglob("*.py")):
            # A peer of the bench keeps its own virtual environment under bench/peers/.
            if "migrations" not in path.parts and ".venv" not in path.parts:
                yield module_name(path), path.read_text()


def test_every_import_in_the_project_points_the_right_way():
    found = [
        f"{module} imports {imported}: {why}"
        for module, source in project_modules()
        for imported, why in wrong_imports(module, source)
    ]
    assert found == []


def test_the_app_importing_the_project_is_found():
    source = "from newsroom.views import baseline\n"
    assert wrong_imports("articles.site.views", source) == [
        ("newsroom.views", "the app never imports the project package"),
        ("newsroom.views.baseline", "the app never imports the project package"),
    ]


def test_the_domain_importing_a_view_is_found_even_inside_a_function():
    source = "def f():\n    from ..site import views\n"
    found = {imported for imported, _ in wrong_imports("articles.models.articles", source)}
    assert "articles.site.views" in found


def test_production_importing_the_synthetic_archive_is_found():
    source = "import bench.archive.synthetic\n"
    assert wrong_imports("articles.agency.importer", source)


def test_the_benchmark_importing_the_tests_is_found():
    assert wrong_imports("bench.run", "from tests.public_urls import public_urls\n")


def test_the_project_may_import_the_app_and_the_site_the_domain():
    assert wrong_imports("newsroom.urls", "from articles.site import views\n") == []
    assert wrong_imports("articles.site.views", "from articles.models import Article\n") == []
