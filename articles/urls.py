from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from articles.site import (
    archives,
    caching,
    converters,
    directories,
    feeds,
    people,
    search,
    sitemaps,
    views,
)

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    path("archive/", archives.ArchiveIndex.as_view(), name="archive"),
    path("<yyyy:year>/", archives.YearArchive.as_view(), name="year"),
    path("<yyyy:year>/<dd:month>/", archives.MonthArchive.as_view(), name="month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", archives.DayArchive.as_view(), name="day"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("tags/", directories.TagDirectory.as_view(), name="tags"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("sources/", directories.SourceDirectory.as_view(), name="sources"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source"),
    path("sources/<slug:slug>/feed/", feeds.SourceFeed(), name="source_feed"),
    path("sources/<slug:slug>/feed/atom/", feeds.SourceAtomFeed(), name="source_feed_atom"),
    path("sections/", people.SectionDirectory.as_view(), name="sections"),
    path("sections/<slug:slug>/", people.SectionDetailView.as_view(), name="section"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("sections/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("authors/", people.AuthorDirectory.as_view(), name="authors"),
    path("authors/<slug:slug>/", people.AuthorDetailView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("feed/atom/", feeds.LatestAtomFeed(), name="feed_atom"),
    path(
        "sitemap.xml",
        caching.reads_query_parameters()(sitemap_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    # The article section's pages, written by a leaner view than Django's; the others', below.
    path("sitemap-articles.xml", sitemaps.ArticleSitemapView.as_view()),
    path(
        "sitemap-<section>.xml",
        caching.reads_query_parameters("p")(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", sitemaps.NewsSitemapView.as_view(), name="news_sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
