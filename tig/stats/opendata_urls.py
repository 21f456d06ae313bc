from django.urls import path

from tig.stats import opendata, views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="page"),
    path(f"{opendata.DATASET}.csv", views.latest_dataset, name="latest"),
    path(f"{opendata.DATASET}-<int:year>-T<int:quarter>.csv", views.dataset, name="quarter"),
    path("schema.json", views.dataset_schema, name="schema"),
]
