"""URLs of the decision step, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.decision import views

urlpatterns = [
    path("office/posts/<id:post_id>/decision/", views.decision_record, name="decision_record"),
    path("office/decisions/<id:decision_id>/", views.decision_print, name="decision_print"),
    path("office/posts/<id:post_id>/next-candidate/", views.next_candidate, name="next_candidate"),
    path("office/posts/<id:post_id>/rerelease/", views.rerelease, name="rerelease"),
]
