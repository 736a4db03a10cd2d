from django.urls import path

from competition.candidates import views

app_name = "candidates"
urlpatterns = [
    # The candidate, on his application's page.
    path("applications/<id:application_id>/appeal/", views.appeal_file, name="appeal_file"),
    # The office, on the review panel.
    path("appeals/<id:appeal_id>/decide/", views.appeal_decide, name="appeal_decide"),
    path("applications/<id:application_id>/nomination/", views.nomination_set, name="nomination_set"),
]
