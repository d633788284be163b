"""The API speaks JSON whatever the client's Accept header asks for: a client that asks for
HTML still gets an answer it can read, never a 406 or an HTML page."""

from rest_framework.negotiation import BaseContentNegotiation


class AlwaysFirstRenderer(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
