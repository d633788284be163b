"""Agencies push: POST /api/v1/wire/<source>/ with the source's ingest token and a wire text
(text/plain, the format import_wire reads) or a ninjs document (application/json). Either goes
through the importer import_wire uses, in one transaction: a text that fails writes nothing."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.agency import ninjs
from articles.agency import wire as wire_format
from articles.agency.importer import CREATED, WireImporter
from articles.api import openapi
from articles.api.auth import bearer_secret
from articles.api.errors import PayloadTooLarge, Unprocessable
from articles.models import IngestToken, Source
from articles.models.credentials import digest

PLAIN, JSON = "text/plain", "application/json"


class WirePush(APIView):
    # The ingest token is checked here, against the source; API keys mean nothing here.
    authentication_classes = []
    parser_classes = []

    @extend_schema(
        operation_id="wire_push",
        summary="An agency delivers a text",
        request={
            PLAIN: {"type": "string"},
            JSON: {"type": "object", "description": "a ninjs document"},
        },
        examples=[OpenApiExample("wire text", value="Title\n\n16.09.2022 09:19:33\n\nText.\n")],
        responses={
            201: OpenApiResponse(openapi.PUSH_RESULT, description="created; Location names it"),
            200: OpenApiResponse(openapi.PUSH_RESULT, description="unchanged or updated"),
            422: OpenApiResponse(openapi.PUSH_FAILURE, description="the text cannot be read"),
            **openapi.errors(400, 401, 403, 404, 413, 415, 429),
        },
    )
    def post(self, request, slug):
        source = get_object_or_404(Source, slug=slug)
        self.check_token(request, source)
        raw = self.read_body(request)
        content_type = request.content_type.split(";")[0].strip().lower()
        try:
            if content_type == JSON:
                raw = ninjs.wire_text_from(raw, source).encode()
            elif content_type != PLAIN:
                raise exceptions.UnsupportedMediaType(
                    content_type, f"Send {PLAIN} (a wire text) or {JSON} (a ninjs document)."
                )
            with transaction.atomic():
                result = WireImporter(source).receive(raw, file_name=request.path)
        except wire_format.WireError as error:
            raise Unprocessable(
                f"The text cannot be read: {error}.", line=error.line, reason=error.message
            ) from None
        body = {"result": result.outcome, "id": result.article.pk, "version": result.version}
        if result.outcome != CREATED:
            return Response(body, status=200)
        location = request.build_absolute_uri(reverse("api:article", args=[result.article.pk]))
        return Response(body, status=201, headers={"Location": location})

    def check_token(self, request, source):
        try:
            secret = bearer_secret(request)
        except ValueError as error:
            raise exceptions.NotAuthenticated(str(error).capitalize() + ".") from None
        if secret is None:
            raise exceptions.NotAuthenticated(
                f"Send the ingest token of {source.label} as 'Authorization: Bearer <token>'."
            )
        token = IngestToken.objects.filter(secret_sha256=digest(secret)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("This ingest token is unknown.")
        if token.is_revoked:
            raise exceptions.PermissionDenied("This ingest token was revoked.")
        if token.source_id != source.pk:
            raise exceptions.PermissionDenied(f"This ingest token is not {source.label}'s.")

    def get_authenticate_header(self, request):
        return 'Bearer realm="wire"'

    def read_body(self, request):
        """At most one byte more than a wire text may have: enough to tell it is too large."""
        limit = wire_format.MAX_WIRE_BYTES
        too_large = PayloadTooLarge(f"A text may have at most {limit} bytes.")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise exceptions.ParseError("Content-Length must be a number.") from None
        if declared > limit:
            raise too_large
        raw = request._request.read(limit + 1)
        if len(raw) > limit:
            raise too_large
        return raw
