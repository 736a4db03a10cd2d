"""URLs of the publicity step, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.publicity import views

urlpatterns = [
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/<id:publicity_id>/", views.publicity_public, name="publicity_public"),
    path("publicity/objection/", views.objection_lookup, name="objection_lookup"),
    path("office/posts/<id:post_id>/publicity/edit/", views.publicity_edit, name="publicity_edit"),
    path("office/posts/<id:post_id>/publicity/approve/", views.publicity_approve, name="publicity_approve"),
    path("office/posts/<id:post_id>/publicity/end/", views.publicity_end, name="publicity_end"),
    path("office/posts/<id:post_id>/publicity/return/", views.publicity_return, name="publicity_return"),
    path("office/posts/<id:post_id>/publicity/print/", views.publicity_print, name="publicity_print"),
    path("office/objections/<id:objection_id>/identity/", views.objection_identity, name="objection_identity"),
    path("office/objections/<id:objection_id>/investigate/", views.objection_investigate, name="objection_investigate"),
    path("office/workdays/", views.workdays, name="workdays"),
    path("office/workdays/<id:override_id>/delete/", views.workday_delete, name="workday_delete"),
]
