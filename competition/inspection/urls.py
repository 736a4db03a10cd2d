"""URLs of the inspection step, in the "appointment" namespace shared by steps 5 to 8 (see config/urls.py)."""

from django.urls import path

from competition.inspection import views

urlpatterns = [
    path("office/posts/<id:post_id>/inspection/", views.inspection_record, name="inspection_record"),
    path("office/posts/<id:post_id>/inspection/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("office/inspections/<id:inspection_id>/report/", views.inspection_report, name="inspection_report"),
]
