"""URLs of the appointment formalities, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.formalities import views

urlpatterns = [
    path("office/decisions/<id:decision_id>/formalities/", views.formalities_page, name="formalities"),
    path("office/decisions/<id:decision_id>/formalities/talk/", views.formalities_talk, name="formalities_talk"),
    path("office/decisions/<id:decision_id>/formalities/document/", views.formalities_document, name="formalities_document"),
    path("office/decisions/<id:decision_id>/appointment-notice/", views.appointment_notice, name="appointment_notice"),
]
