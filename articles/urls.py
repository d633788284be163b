from django.urls import path, register_converter

from articles import converters, views

register_converter(converters.YearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
