from django.urls import path

from competition.candidates import views

app_name = "candidates"
urlpatterns = [
    # The candidate, on his application's page.
    path("applications/<id:application_id>/appeal/", views.appeal_file, name="appeal_file"),
    path("applications/<id:application_id>/exception/", views.exception_request, name="exception_request"),
    path("exceptions/<id:exception_id>/evidence/", views.exception_evidence, name="exception_evidence"),
    path("applications/<id:application_id>/materials/", views.materials, name="materials"),
    path("materials/<id:material_id>/", views.material_download, name="material_download"),
    # The office: the campaign's materials.
    path("campaigns/<id:campaign_id>/materials/", views.requirements, name="requirements"),
    path("material-requirements/<id:requirement_id>/delete/", views.requirement_delete, name="requirement_delete"),
    # The office, on the review panel.
    path("exceptions/<id:exception_id>/decide/", views.exception_decide, name="exception_decide"),
    path("exceptions/<id:exception_id>/confirm/", views.exception_confirm, name="exception_confirm"),
    path("appeals/<id:appeal_id>/decide/", views.appeal_decide, name="appeal_decide"),
    path("applications/<id:application_id>/nomination/", views.nomination_set, name="nomination_set"),
]
