"""URLs of the evaluation step, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.evaluation import views

urlpatterns = [
    path("vote/", views.vote, name="vote"),
    path("office/posts/<id:post_id>/evaluation/", views.evaluation_results, name="evaluation_results"),
    path("office/posts/<id:post_id>/evaluation/open/", views.evaluation_open, name="evaluation_open"),
    path("office/posts/<id:post_id>/evaluation/codes/", views.evaluation_codes, name="evaluation_codes"),
    path("office/posts/<id:post_id>/evaluation/paper/", views.evaluation_paper, name="evaluation_paper"),
    path("office/posts/<id:post_id>/evaluation/form/", views.evaluation_paper_form, name="evaluation_paper_form"),
    path("office/posts/<id:post_id>/evaluation/close/", views.evaluation_close, name="evaluation_close"),
    path("office/posts/<id:post_id>/evaluation/approve/", views.evaluation_approve, name="evaluation_approve"),
]
