"""Nothing typed is lost, and everyone sees who else is at an article.

- A save that meets an expired session is kept in the (new, anonymous) session, which
  survives logging in; the form then comes back with everything typed, ready to save.
- The form sends what is typed every few seconds as the person's autosave
  (articles.models.Autosave), never touching the article itself; reopening it offers the
  autosave when it is newer than the article.
- The form says every twenty seconds that it is open (articles.models.Presence) and hears
  who else has the article open. Those requests keep the session alive too.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.actions import article_actions
from articles.models import Article, Autosave, Presence
from articles.text import render_markdown

STASH = "newsroom_unsaved_form"
LOGGED_OUT = (
    _(
        "You were logged out before this was saved. Everything you typed is back in the form: "
        "check it and save again."
    ),
    "restored",
)
NOT_MOVED = (
    _("Nothing was published or withdrawn, and nothing saved: the form is as you left it."),
    "not_moved",
)
# What an autosave keeps: the article's own fields as the form posts them.
AUTOSAVED_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "tags",
    "published_at_0",
    "published_at_1",
    "language",
    "byline",
    "source",
    "original_url",
    "copyright_notice",
]
AUTOSAVE_MAX_CHARS = 2_000_000  # far above any article; refuses what is not one


def keep_post_when_logged_out(view):
    """A post from someone whose session has expired is kept in the session, which logging in
    keeps, and they are sent to log in and then back to the form (see restored_post)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if request.method == "POST" and not (user.is_active and user.is_staff):
            request.session[STASH] = {"path": request.path, "data": list(request.POST.lists())}
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return wrapper


def restored_post(request):
    """The post kept by keep_post_when_logged_out for this very form, once; or None."""
    stash = request.session.get(STASH)
    if request.method != "GET" or not stash or stash.get("path") != request.path:
        return None
    del request.session[STASH]
    data = QueryDict(mutable=True)
    for name, values in stash["data"]:
        data.setlist(name, values)
    # Logging in gave the browser a new CSRF token; the form is the person's own.
    data["csrfmiddlewaretoken"] = get_token(request)
    return data


def short_time(moment):
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def presence_list(article, user):
    return [
        {"name": presence.name, "since": short_time(presence.opened_at)}
        for presence in Presence.objects.others_on(article, user)
    ]


class EditingViewsMixin:
    """The article form's autosave and presence endpoints, and the kept post."""

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = super().get_urls()
        names = {"articles_article_add", "articles_article_change"}
        for pattern in urls:
            if pattern.name in names:
                pattern.callback = keep_post_when_logged_out(pattern.callback)
        return [
            path("autosave/", view(self.autosave_view), name="article_autosave_new"),
            path("<path:object_id>/autosave/", view(self.autosave_view), name="article_autosave"),
            path("<path:object_id>/presence/", view(self.presence_view), name="article_presence"),
            path(
                "markdown-preview/",
                view(self.markdown_preview_view),
                name="article_markdown_preview",
            ),
            *urls,
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        restored = restored_post(request)
        if restored is not None:
            self.show_unsaved(request, restored, LOGGED_OUT)
        elif request.method == "POST" and "_back" in request.POST:
            # Back from the confirmation: the form as it was, without the move.
            data = request.POST.copy()
            data.setlist("status", [self.current_status(request, object_id)])
            for name in ("_back", "_publish_now", "_confirmed"):
                data.pop(name, None)
            self.show_unsaved(request, data, NOT_MOVED)
        elif request.method == "POST" and "_confirmed" not in request.POST:
            move = self.move_to_confirm(request, object_id)
            if move is not None:
                return self.confirmation(request, move)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def show_unsaved(self, request, data, note):
        """Shows the form with `data` and `note` instead of saving: the person checks it."""
        request.method = "POST"
        request.POST = data
        request.restored_post = data
        request.unsaved_note = note

    def current_status(self, request, object_id):
        article = self.get_object(request, unquote(object_id)) if object_id else None
        return article.status if article is not None else Article.Status.DRAFT

    def move_to_confirm(self, request, object_id):
        """The publishing or withdrawing button pressed, if it needs a confirmation."""
        article = self.get_object(request, unquote(object_id)) if object_id else Article()
        if article is None:
            return None
        actions = {
            (action.name, action.value): action
            for action in article_actions(request.user, article)
            if action.confirm
        }
        if "_publish_now" in request.POST:
            return actions.get(("_publish_now", "1"))
        return actions.get(("status", request.POST.get("status")))

    def confirmation(self, request, action):
        """Asks before publishing or withdrawing, for browsers without JavaScript (the form's
        script asks in a dialog): every field posted again, with the answer."""
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action.label,
            "action": action,
            "fields": fields,
        }
        return TemplateResponse(request, "admin/articles/article/confirm_move.html", context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        restored = getattr(request, "restored_post", None)
        if restored is not None:
            # The request's own POST is parsed afresh from its (empty) body by then.
            kwargs["data"] = restored.copy()
        return kwargs

    def editing_context(self, request, article):
        """What the form shows about autosaves and other editors."""
        article_id = article.pk if article is not None else None
        autosave = Autosave.objects.of(request.user, article_id).first()
        if autosave is not None and article is not None and autosave.saved_at <= article.updated_at:
            autosave = None  # saved since: the article is newer
        context = {
            "markdown_preview_url": reverse("admin:article_markdown_preview"),
            "markdown_editor_words": markdown_editor_words(),
            "autosave": autosave,
            "autosave_time": short_time(autosave.saved_at) if autosave else "",
            "autosave_url": reverse(
                "admin:article_autosave" if article_id else "admin:article_autosave_new",
                args=[article_id] if article_id else [],
            ),
        }
        if article is not None:
            Presence.objects.here(request.user, article)
            context["others_editing"] = presence_list(article, request.user)
            context["presence_url"] = reverse("admin:article_presence", args=[article.pk])
        return context

    def article_for(self, request, object_id, permission):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not permission(request, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, object_id=None):
        """POST: keep the form's fields as the person's autosave; answers the time kept.
        GET: the time of the person's autosave, if any; a form with nothing to autosave asks
        this now and then, which keeps its session alive."""
        if request.method not in {"GET", "POST"}:
            return HttpResponseNotAllowed(["GET", "POST"])
        if request.method == "GET":
            article_id = None
            if object_id is not None:
                article_id = self.article_for(request, object_id, self.has_change_permission).pk
            autosave = Autosave.objects.of(request.user, article_id).first()
            return JsonResponse({"saved_at": short_time(autosave.saved_at) if autosave else None})
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article_id = None
        else:
            article_id = self.article_for(request, object_id, self.has_change_permission).pk
        data = {name: request.POST.get(name, "") for name in AUTOSAVED_FIELDS}
        if sum(len(value) for value in data.values()) > AUTOSAVE_MAX_CHARS:
            return JsonResponse({"error": "This text is too long to be an article."}, status=413)
        autosave = Autosave.objects.keep(request.user, article_id, data)
        return JsonResponse({"saved_at": short_time(autosave.saved_at)})

    def presence_view(self, request, object_id):
        """POST: this person's form is open (or, with `leave`, closed); answers who else has
        the article open, and since when."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_for(request, object_id, self.has_view_or_change_permission)
        if request.POST.get("leave"):
            Presence.objects.filter(user=request.user, article=article).delete()
            return JsonResponse({"others": []})
        Presence.objects.here(request.user, article)
        return JsonResponse({"others": presence_list(article, request.user)})

    def markdown_preview_view(self, request):
        """POST: the HTML of a body's Markdown, as readers would see it (for the editor)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        text = request.POST.get("text", "")[:AUTOSAVE_MAX_CHARS]
        return JsonResponse({"html": render_markdown(text)})


def markdown_editor_words():
    """The Markdown editor's words, in the interface's language."""
    return {
        "bold": gettext("B"),
        "boldTitle": gettext("Bold"),
        "italic": gettext("I"),
        "italicTitle": gettext("Italic"),
        "heading": gettext("H"),
        "headingTitle": gettext("Heading"),
        "quote": gettext("Quote"),
        "quoteTitle": gettext("Quote"),
        "list": gettext("List"),
        "listTitle": gettext("Bulleted list"),
        "link": gettext("Link"),
        "linkTitle": gettext("Link"),
        "preview": gettext("Preview"),
        "previewTitle": gettext("Preview as readers see it"),
        "sideBySide": gettext("Side by side"),
        "sideBySideTitle": gettext("Text and preview side by side"),
        "previewLoading": gettext("Preview is being made…"),
        "previewFailed": gettext("The preview could not be made (logged out or offline?)."),
    }
