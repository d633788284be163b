from django.urls import path, re_path

from articles.api import docs, errors, views, wire

app_name = "api"

urlpatterns = [
    path("v1/articles/", views.ArticleList.as_view(), name="articles"),
    path("v1/articles/<int:pk>/", views.ArticleDetail.as_view(), name="article"),
    path("v1/tags/", views.TagList.as_view(), name="tags"),
    path("v1/tags/<slug:slug>/", views.TagDetail.as_view(), name="tag"),
    path("v1/sources/", views.SourceList.as_view(), name="sources"),
    path("v1/sources/<slug:slug>/", views.SourceDetail.as_view(), name="source"),
    path("v1/sections/", views.SectionList.as_view(), name="sections"),
    path("v1/sections/<slug:slug>/", views.SectionDetail.as_view(), name="section"),
    path("v1/authors/", views.AuthorList.as_view(), name="authors"),
    path("v1/authors/<slug:slug>/", views.AuthorDetail.as_view(), name="author"),
    path("v1/images/", views.ImageList.as_view(), name="images"),
    path("v1/images/<int:pk>/", views.ImageDetail.as_view(), name="image"),
    path("v1/wire/<slug:slug>/", wire.WirePush.as_view(), name="wire"),
    path("v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("v1/docs/", docs.DocsView.as_view(), name="docs"),
    # Anything else under /api/ answers JSON too.
    re_path(r"^[\s\S]*$", errors.not_found),  # any character, line breaks too
]
