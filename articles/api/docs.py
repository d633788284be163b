"""The OpenAPI description and the documentation page that shows it (Swagger UI from our own
static files, its start-up script a file too, so the page runs under our CSP)."""

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularJSONAPIView):
    pass


class DocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/docs.html"
