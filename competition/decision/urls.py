"""URLs of the decision step, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.decision import views

urlpatterns = [
    path("office/posts/<id:post_id>/decision/", views.decision_record, name="decision_record"),
    path("office/decisions/<id:decision_id>/", views.decision_print, name="decision_print"),
    path("office/posts/<id:post_id>/substitute/", views.substitute_confirm, name="substitute_confirm"),
    path("office/posts/<id:post_id>/close-with-fewer/", views.close_with_fewer, name="close_with_fewer"),
    path("office/posts/<id:post_id>/rerelease/", views.rerelease, name="rerelease"),
    path("office/units/<id:unit_id>/committee/", views.committee_roster, name="committee_roster"),
    path("office/committee-members/<id:member_id>/end/", views.committee_member_end, name="committee_member_end"),
    path("office/committee-members/<id:member_id>/relatives/", views.committee_member_relative, name="committee_member_relative"),
]
